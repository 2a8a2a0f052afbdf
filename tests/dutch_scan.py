"""Finding English in Dutch screens: the English catalogue's wording, and internal codes, in rendered text.

Every English template of the catalogues (the game's, the web app's, the engine's event messages) is cut at its
placeholders into literal fragments; the plural choices (``{n:win|wins}``) count as fragments too. A fragment is
looked for in a Dutch screen when it is English only: not the same in both languages, not found in any Dutch
template (so shared words, names and abbreviations such as 'HfaP', 'PFAS', 'Sport' or 'Score' are not flagged) and
long enough to be words rather than punctuation. Internal codes (``small_wins``, ``programme_director``) are found
by their underscore. :data:`ALLOWED` lists the few exceptions, each with its reason.

Numbers: Dutch writes a decimal comma ('0,35'), so a Dutch screen showing a number with a decimal point ('0.35')
shows an English number (:func:`decimal_points_in`; the allowed forms are listed at :data:`DECIMAL_POINT`).
"""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser
from typing import Any

from hiap_sim.game.text import CATALOGUE, NAMES
from hiap_sim.scenario.loader import shipped_scenarios
from hiap_sim.text.events import EVENT_LABEL, EVENT_TEXT
from hiap_sim.web.text import WEB_CATALOGUE

CATALOGUES: dict[str, dict[str, dict[str, str]]] = {"game": CATALOGUE, "names": NAMES, "web": WEB_CATALOGUE, "events": EVENT_TEXT}

# Exceptions, each with its reason. Codes: what a scenario or the user names things by, shown on purpose.
ALLOWED_CODES = {
    *shipped_scenarios(),  # scenario names: the facilitator picks the scenario by its file name
    "G32_krachtwijk",  # part of a generated municipality name ('G32_krachtwijk-001'): a proper name from the scenario
}
ALLOWED_FRAGMENTS = {
    "hiap-sim",  # the program's name
    "Health in All Policies",  # the name of the approach, used in Dutch policy documents as is
    "Never waste a good crisis",  # a quotation, kept in English in the Dutch lesson as well
    "Nederlands",  # the language switch names each language in that language
}
MIN_LETTERS = 4  # a fragment must hold a word of at least this many letters (shorter ones are articles and marks)


def _literal_parts(template: str) -> list[str]:
    parts = []
    for literal, _name, spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        if spec and "|" in spec:
            parts.extend(spec.split("|"))
    return parts


def _clean(fragment: str) -> str:
    return fragment.strip(" \t\n.,;:!?()[]'\"—–-=/+#%*")


def _significant(fragment: str) -> bool:
    return any(len(word) >= MIN_LETTERS for word in re.findall(r"[A-Za-z]+", fragment))


def english_fragments() -> dict[str, str]:
    """English-only fragments of the catalogues, each with the key it comes from."""
    dutch_values = [entry["nl"] for catalogue in CATALOGUES.values() for entry in catalogue.values()] + list(EVENT_LABEL.values())
    dutch = "\n".join(dutch_values).lower()
    found: dict[str, str] = {}
    for name, catalogue in CATALOGUES.items():
        for key, entry in catalogue.items():
            if entry["en"] == entry["nl"]:
                continue
            for part in _literal_parts(entry["en"]):
                fragment = _clean(part)
                if not _significant(fragment) or fragment in ALLOWED_FRAGMENTS:
                    continue
                if re.search(r"(?<![A-Za-z])" + re.escape(fragment.lower()) + r"(?![A-Za-z])", dutch):
                    continue  # the same words stand in a Dutch message too
                found.setdefault(fragment, f"{name}:{key}")
    return found


FRAGMENTS = english_fragments()
# a fragment as words of running text: not part of a longer word, a code (small_wins) or a file name (debrief.md)
_PATTERNS = [(re.compile(r"(?<![\w/.-])" + re.escape(fragment) + r"(?![\w-])", re.IGNORECASE), fragment, key) for fragment, key in FRAGMENTS.items()]
MACHINE_PLURAL = re.compile(r"[A-Za-z]+\((?:s|e|en|sen)\)")  # '4 ronde(s)' instead of a real plural
COMMAND = re.compile(r"hiap-sim (?:play|resume|debrief|serve|run)\b[^\n)]*")  # commands to type are shown as typed
# A number written with a decimal point: digits, a point, digits. Not flagged, each for its reason:
# - dotted sequences of three or more parts (a version '3.5.1', an address '127.0.0.1' in a join link): the
#   lookarounds refuse a match next to another '<digit>.' or '.<digit>';
# - digits inside a word, a path or a file name ('v1.2', 'run_0.5.csv', 'fig2.svg', 'wave-1.5'): no letter, digit,
#   '_' or '/' may touch it, nor a '-' joined to a word; a minus sign ('-0.4') is flagged. Dates ('2025-01') hold no point;
# - a Dutch number with a point between thousands ('1.380' or '1.380,5'): 1-3 leading digits, not starting with 0,
#   then groups of exactly three ('0.350', '12.5' and '1.38' are flagged). The text helpers group thousands only when
#   a format asks for it, so an English '1.380' (three decimals) is the one case this cannot tell apart;
# - a section of a cited source ('[ABD2024 5.3]', '[ABD2024 5.2; HHS2016 #17]'): the report numbers its sections so,
#   in Dutch as well; citations (a source key of capitals and a year in brackets) are left out of the number scan.
DECIMAL_POINT = re.compile(r"(?<![\w/])(?<![\w/]-)(?<!\d\.)\d+\.\d+(?!\.?\d)(?![\w/])")
CITATION = re.compile(r"\[[A-Z]{2,}\d{4}\b[^\]]*\]")
DUTCH_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
CODE = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")


def english_in(text: str) -> list[tuple[str, str]]:
    """(fragment, catalogue key) of every English-only catalogue fragment found in ``text``."""
    return [(fragment, key) for pattern, fragment, key in _PATTERNS if pattern.search(text)]


def codes_in(text: str) -> list[str]:
    """Internal codes (words joined by underscores) shown in ``text``, beyond the allowed ones."""
    return sorted({c for c in CODE.findall(text) if c not in ALLOWED_CODES})


def decimal_points_in(text: str) -> list[str]:
    """Numbers written with a decimal point (English) in ``text``, beyond the allowed forms of :data:`DECIMAL_POINT`."""
    return sorted({m for m in DECIMAL_POINT.findall(CITATION.sub(" ", text)) if not DUTCH_THOUSANDS.fullmatch(m)})


def problems(text: str) -> list[str]:
    """Everything English or internal in a Dutch screen, one line each."""
    text = COMMAND.sub(" ", text)
    return ([f"English '{fragment}' (from {key})" for fragment, key in english_in(text)] + [f"code '{code}'" for code in codes_in(text)]
            + [f"machine-made plural '{m}'" for m in MACHINE_PLURAL.findall(text)]
            + [f"decimal point '{n}' (Dutch writes a decimal comma)" for n in decimal_points_in(text)])


class _Visible(HTMLParser):
    """The text a reader sees on a page: text outside scripts and styles, plus titles, alt texts and placeholders."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The visible text of an HTML page, plus the words its scripts show (the JSON blocks of page text)."""
    parser = _Visible()
    parser.feed(page)
    words = [" ".join(parser.parts)]
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL):
        data = _json(html.unescape(block))
        words.append(" ".join(_strings(data, shown_only=not all(isinstance(v, str) for v in getattr(data, "values", list)()))))
    return "\n".join(words)


def _json(raw: str) -> Any:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return {}


SHOWN_KEYS = {"label", "labels", "level_names", "help", "messages", "text", "hint", "error", "what", "title"}  # ("name" is a code in most answers)


def _strings(value: Any, shown_only: bool = True, shown: bool = False) -> list[str]:
    """Strings of a JSON value: with ``shown_only``, only those under keys a page shows to the reader."""
    if isinstance(value, str):
        return [value] if shown or not shown_only else []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, shown_only, shown or k in SHOWN_KEYS)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, shown_only, shown)]
    return []


def shown_strings(data: Any) -> str:
    """The strings of an API answer that the pages put on screen (labels, messages, decisions, errors, events)."""
    return "\n".join(_strings(data))
