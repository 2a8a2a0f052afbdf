"""Filling a message in, with real singular and plural forms.

A message is a ``str.format`` template. A placeholder whose format spec holds a ``|`` chooses a word by a number
instead of printing it: ``{wins:small win|small wins}`` gives 'small win' when ``wins`` is 1 and 'small wins'
otherwise, so a message says '1 small win' and '3 small wins' rather than '3 small win(s)'. The number itself is
printed by a plain ``{wins}`` next to it. English and Dutch both use the singular for exactly one and the plural
for every other number (0 included), which is all the catalogues need.

Numbers are written as the reader's language writes them (:func:`hiap_sim.text.numbers.number`): ``fill(template,
values, "nl")`` gives '0,35' for ``{size:.2f}`` and ``{size}`` alike, where English keeps '0.35'. Text values are
filled in as they are.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from hiap_sim.text.numbers import number


def is_one(value: Any) -> bool:
    """Whether ``value`` counts as exactly one (1, 1.0, '1')."""
    try:
        return float(value) == 1.0
    except (TypeError, ValueError):
        return False


class _PluralFormatter(string.Formatter):
    def __init__(self, lang: str = "en") -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if is_one(value) else other
        return number(value, format_spec, self.lang)


_FORMATTERS = {"en": _PluralFormatter("en"), "nl": _PluralFormatter("nl")}


def fill(template: str, values: Mapping[str, Any], lang: str = "en") -> str:
    """``template`` with ``values`` filled in, its numbers written as a reader of ``lang`` writes them;
    ``{n:one|other}`` picks the singular or plural form by ``n``."""
    if "|" not in template and lang == "en":
        return template.format_map(values)
    return _FORMATTERS.get(lang, _FORMATTERS["en"]).vformat(template, (), values)


def placeholders(template: str) -> set[str]:
    """The names of the values a template takes (for the check that both languages take the same ones)."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(template):
        if name:
            names.add(name.split(".")[0].split("[")[0])
    return names
