"""All game text exists in English and Dutch, with the same placeholders, for every key the game uses."""

from __future__ import annotations

import re
import string
from pathlib import Path

from hiap_sim.game import actions, debrief, roles, scoring
from hiap_sim.game.text import CATALOGUE, NAMES, Text
from hiap_sim.mechanisms.decisions import REASONS
from hiap_sim.model import LEVERS
from hiap_sim.scenario.defaults import TOPICS
from hiap_sim.scenario.schema import RANKS, THEMES

GAME = Path(actions.__file__).parent
FAMILIES = ("error", "result", "ui", "news", "dash", "debrief", "score", "decision", "hint", "lesson", "role", "action", "help", "field",
            "choice", "level", "lever", "reason", "why", "phase", "cause", "crisis", "figure", "event", "rank", "source", "label", "topic", "theme")


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_every_message_has_english_and_dutch_with_the_same_placeholders():
    for key, entry in {**CATALOGUE, **NAMES}.items():
        assert set(entry) == {"en", "nl"}, key
        assert entry["en"].strip() and entry["nl"].strip(), key
        assert placeholders(entry["en"]) == placeholders(entry["nl"]), key


def test_every_literal_key_in_the_game_code_exists():
    families = "|".join(FAMILIES)
    pattern = re.compile(rf"[\"']((?:{families})\.[A-Za-z0-9_.]+)[\"']")
    used = set()
    for path in GAME.glob("*.py"):
        if path.name == "text.py":
            continue
        used |= set(pattern.findall(path.read_text()))
    assert len(used) > 100
    files = {k for k in used if k.endswith((".md", ".html", ".png"))}  # file names, not messages
    missing = sorted(k for k in used - files if k not in CATALOGUE and k not in NAMES)
    assert not missing, missing


def test_every_key_built_from_names_exists():
    text = Text("nl")
    keys = []
    for name, spec in actions.ACTIONS.items():
        keys += [f"action.{name}", f"help.{name}"] + [f"field.{f.name}" for f in spec.fields]
        keys += [f"choice.{c}" for f in spec.fields if f.kind == "choice" for c in f.choices]
    keys += [f"reason.{r}" for r in REASONS] + [f"score.{c}" for c in (*scoring.COMPONENTS, "total")]
    keys += [f"lever.{name}" for name in LEVERS] + [f"rank.{r}" for r in RANKS] + [f"source.{k}" for k in debrief.SOURCES]
    keys += [f"role.{kind}" for kind in roles.ROLE_KINDS] + [f"role.brief.{kind}" for kind in roles.ROLE_KINDS]
    keys += [lesson for lesson, _ in debrief.LESSONS.values()]
    keys += [f"event.{k}" for k in debrief.LESSONS if k not in REASONS] + [f"why.{k}" for k in debrief.ENDINGS]
    keys += [f"topic.{t}" for t in TOPICS] + [f"theme.{t}" for t in THEMES] + [f"level.{k}" for k in (1, 2, 3, 4)]
    keys += [f"crisis.{k}" for k in ("industrial_pollution", "pfas", "gas_extraction", "pandemic", "economic", "other")]
    keys += [f"cause.{c}" for c in ("scheduled", "regular", "early fall")]
    keys += [f"phase.{p}" for p in ("preparing", "building", "formalised", "implementing", "completed", "stalled", "abandoned")]
    missing = [k for k in keys if not text.has(k)]
    assert not missing, missing
    assert all("[" not in text(lesson) for lesson, _ in debrief.LESSONS.values())  # source keys are added by the debrief


def test_unknown_language_is_refused():
    try:
        Text("fr")
    except ValueError as exc:
        assert "en, nl" in str(exc)
    else:
        raise AssertionError("fr accepted")


def test_every_message_key_a_seat_names_exists():
    """Seats (hiap_sim/seats.py) name message keys for the game to translate: dashboard labels and the keys their
    level words in its own way."""
    from hiap_sim.control import MunicipalSeat, NationalSeat

    families = "|".join(FAMILIES)
    pattern = re.compile(rf"[\"']((?:{families})\.[A-Za-z0-9_.]+)[\"']")
    used = set(pattern.findall((GAME.parent / "seats.py").read_text()))
    assert len(used) > 20
    for seat in (NationalSeat, MunicipalSeat):
        used |= set(seat.keys) | set(seat.keys.values())
    missing = sorted(k for k in used if k not in CATALOGUE and k not in NAMES)
    assert not missing, missing
