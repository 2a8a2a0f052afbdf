"""What game actions and turns return, shared by the national and the municipal roles: errors as message keys
with values (text is rendered at the edge), an action's outcome, news items and notes on partner decisions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class ActionError(ValueError):
    """An action that cannot be taken: ``key`` names the message in the catalogue, ``values`` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Outcome:
    """What an action did: message keys with values, partner decisions it triggered, initiative touched."""

    messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    initiative: int | None = None
    unlogged: list[dict[str, Any]] = field(default_factory=list)  # decisions the level's own log does not hold (national escalations)


@dataclass
class NewsItem:
    """One news item of a period."""

    date: str
    kind: str
    text: str
    mine: bool = False  # concerns a player's organisation
    reason: str = ""  # why (stall, end, leave), for lessons
    roles: list[str] = field(default_factory=list)  # the players it is addressed to (none: everyone)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DecisionNote:
    """A partner's answer to a proposal, in plain words, with a hint when it was no."""

    date: str
    partner: str
    lead: str
    topic: str
    accept: bool
    reason: str
    probability: float
    level: int
    frame: str
    text: str
    hint: str = ""
    escalation: bool = False
    roles: list[str] = field(default_factory=list)  # player roles it concerns
    answered_by: str = ""  # the role of the participant who plays the answering organisation, if any
    answered_how: str = ""  # player (they answered), model (at round close for them) or policy (at once, by their answer policy)
    own_text: str = ""  # the answer as the answering participant reads it
    own_hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_work_action(
    name: str, action: dict[str, Any], *, work_id: int, is_lead: bool, active: bool, phase: str, partner_is_member: bool, level: int,
    new_wins: bool, reinforced: bool,
) -> None:
    """Rules for an action on one piece of joint work, the same for national and municipal roles."""
    if name in ("invite", "escalate", "scale_down") and not is_lead:
        raise ActionError("error.lead_only", action=name, initiative=work_id)
    if name in ("invite", "escalate", "scale_down", "reinforce", "publicise") and not active:
        raise ActionError("error.not_active", initiative=work_id, phase=phase)
    if partner_is_member:
        raise ActionError("error.already_member", partner=action["partner"], initiative=work_id)
    if name == "escalate" and level >= 4:
        raise ActionError("error.top_level", initiative=work_id)
    if name == "scale_down" and level <= 2:
        raise ActionError("error.bottom_level", initiative=work_id)
    if name == "publicise" and not new_wins:
        raise ActionError("error.no_new_wins", initiative=work_id)
    if name == "reinforce" and reinforced:
        raise ActionError("error.already_reinforced", initiative=work_id)
