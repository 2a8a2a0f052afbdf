"""Scripted play: a YAML file of decisions per turn (tests, bots, trainers preparing a demo).

Format::

    seed: 7                      # optional: used when the command line gives none
    turns:                       # per turn number, the decisions of that turn (turns not listed: no decisions)
      1:
        - {do: set_strategy, focus_topics: [work_health, debt_livelihood], approach: small_wins, frame: HfaP}
        - {do: invest_relation, partner: SZW}
      2:
        - {do: propose, topic: work_health, partners: [SZW, EZK], level: 2, funding: structural}
        - {do: publicise, initiative: "*"}   # every joint work of yours with new small wins
    every_turn:                  # optional: decisions tried at the end of every turn's list
      - {do: publicise, initiative: "*"}

``turns`` may also be a list (item k = the decisions of turn k+1). With several players, each decision says
whose it is with ``role: dg:SZW``. ``initiative`` may be a number (#75), the topic of your joint work
(``work_health``), or ``"*"`` for all of yours. The structure is checked before the game starts, so a typo
stops the script with a message naming the turn and decision; whether a decision is possible is known only
when its turn comes (a refused decision is reported and skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hiap_sim.game.actions import ACTIONS


class ScriptError(ValueError):
    """A problem in a decisions file: says where and what was expected."""


@dataclass
class Script:
    """Decisions per turn, read from a file."""

    path: Path
    turns: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    every_turn: list[dict[str, Any]] = field(default_factory=list)
    seed: int | None = None
    lang: str | None = None

    def decisions(self, turn: int) -> list[dict[str, Any]]:
        return [*self.turns.get(turn, []), *self.every_turn]

    @property
    def last_turn(self) -> int:
        return max(self.turns, default=0)


def _check_action(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: expected a decision like {{do: propose, topic: work_health, partners: [SZW]}}, found {raw!r}")
    name = raw.get("do")
    if name not in ACTIONS:
        raise ScriptError(f"{where}: unknown action {name!r}; known actions: {', '.join(ACTIONS)}")
    known = {f.name for f in ACTIONS[name].fields} | {"do", "role"}
    extra = sorted(set(raw) - known)
    if extra:
        fields = ", ".join(f.name for f in ACTIONS[name].fields) or "no fields"
        raise ScriptError(f"{where}: the action '{name}' does not take {', '.join(extra)}; it takes {fields}")
    missing = [f.name for f in ACTIONS[name].fields if not f.optional and f.name not in raw]
    if missing:
        raise ScriptError(f"{where}: the action '{name}' needs {', '.join(missing)}")
    return dict(raw)


def _check_list(raw: Any, where: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ScriptError(f"{where}: expected a list of decisions, found {type(raw).__name__}")
    return [_check_action(item, f"{where}, decision {k + 1}") for k, item in enumerate(raw)]


def load_script(path: str | Path) -> Script:
    """Read and check a decisions file (ScriptError with file, place and fix on any problem)."""
    path = Path(path)
    if not path.is_file():
        raise ScriptError(f"no decisions file '{path}' was found; give the path to a YAML file (see 'hiap-sim play --help' for the format)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ScriptError(f"{path} is not a text (UTF-8) file; expected a YAML decisions file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScriptError(f"{path} is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or "turns" not in data:
        raise ScriptError(f"{path}: expected a mapping with 'turns:' (decisions per turn), e.g.\nturns:\n  1:\n    - {{do: invest_relation, partner: SZW}}")
    unknown = sorted(set(data) - {"turns", "every_turn", "seed", "lang", "scenario", "roles", "description"})
    if unknown:
        raise ScriptError(f"{path}: unknown key(s) {', '.join(unknown)}; a decisions file has turns, every_turn, seed, lang")
    script = Script(path)
    raw_turns = data["turns"]
    if isinstance(raw_turns, list):
        raw_turns = {k + 1: v for k, v in enumerate(raw_turns)}
    if not isinstance(raw_turns, dict):
        raise ScriptError(f"{path}: 'turns' must map turn numbers to lists of decisions")
    for key, decisions in raw_turns.items():
        try:
            turn = int(key)
        except (TypeError, ValueError):
            raise ScriptError(f"{path}: turn '{key}' is not a number") from None
        if turn < 1:
            raise ScriptError(f"{path}: turn numbers start at 1, found {turn}")
        script.turns[turn] = _check_list(decisions, f"{path}, turn {turn}")
    script.every_turn = _check_list(data.get("every_turn"), f"{path}, every_turn")
    if data.get("seed") is not None:
        try:
            script.seed = int(data["seed"])
        except (TypeError, ValueError, OverflowError):
            raise ScriptError(f"{path}: seed must be a whole number, found {data['seed']!r}") from None
        if not 0 <= script.seed <= 2**32 - 1 or isinstance(data["seed"], bool):
            raise ScriptError(f"{path}: seed must be a whole number from 0 to 4294967295, found {data['seed']!r}")
    if data.get("lang") is not None:
        if data["lang"] not in ("en", "nl"):
            raise ScriptError(f"{path}: lang must be en or nl, found {data['lang']!r}")
        script.lang = data["lang"]
    return script


def expand(session: Any, role: str, action: dict[str, Any]) -> list[dict[str, Any]]:
    """Turn script shorthands into concrete decisions: ``initiative: "*"`` (all yours where it applies) and
    ``initiative: <topic>`` (your joint work on that topic, the one you lead first)."""
    value = action.get("initiative")
    if value is None:
        return [action]
    player = session.player(role)
    mine = session.initiatives_of(player)
    if value == "*":
        out = []
        for initiative in mine:
            candidate = {**action, "initiative": initiative.unique_id}
            try:
                session.check(role, {k: v for k, v in candidate.items() if k != "role"})
            except ValueError:
                continue
            out.append(candidate)
        return out
    if isinstance(value, str) and not value.strip().lstrip("#").isdigit():
        topic = session.view.topic_index.get(value.strip())
        own = session.seat(player).own  # the seat's organisation (municipal roles lead as public health)
        matches = sorted((i for i in mine if i.topic == topic), key=lambda i: (i.lead != own, i.unique_id))
        if matches:
            return [{**action, "initiative": matches[0].unique_id}]
    return [action]
