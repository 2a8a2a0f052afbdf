"""Requests between participants: a proposal, an invitation or an escalation addressed to an organisation that
another participant plays waits for that participant's answer.

In a facilitated session (``GameSession.wait_for_players``) such an action is not carried out at once: it is
held as a :class:`PendingRequest` until every participant it is addressed to has answered (yes or no, with a
reason) or the round closes. The answering participant sees the request with the model's advice: the chance
that the organisation would agree by the model's own rule (spec 4.4) and what weighs against it most. When
the last answer is in, the action is carried out with those answers (organisations nobody plays answer by the
rule at that moment); at round close, the answers still missing are given by the model, by the participant's
answer policy, and both sides are told so. Until then nothing changes in the model: no staff time or money is
reserved, and the action is checked again when it is carried out.

The decision log records each carried-out request with its given answers (``answers``) and those the model
gave at round close (``late``), so a replay gives the same run. The terminal's hot-seat game answers at once
by the played organisation's answer policy (every participant sits at the same screen).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from hiap_sim.control import REASONS
from hiap_sim.game.results import ActionError

if TYPE_CHECKING:
    from hiap_sim.game.session import GameSession, Player

WAITING_ACTIONS = ("propose", "seize_window", "invite", "escalate")
ANSWER_REASONS = tuple(r for r in REASONS if r)  # the reasons a participant can give for a 'no'


@dataclass
class PendingRequest:
    """An action of ``role`` that waits for the answers of participants (partner code -> answering role)."""

    id: int
    turn: int
    role: str
    action: dict[str, Any]
    waiting: dict[str, str]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # partner code -> {"accept": bool, "reason": str}
    outcome: str = "waiting"  # waiting, done (carried out), failed (could no longer be taken: ``error`` says why)
    error: dict[str, Any] = field(default_factory=dict)
    result_seq: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PendingRequest:
        return cls(**data)

    def missing(self) -> list[str]:
        """Partners whose participant has not answered yet."""
        return [code for code in self.waiting if code not in self.answers]


def addressees(session: GameSession, player: Player, action: dict[str, Any]) -> dict[str, str]:
    """Partner code -> the role of the participant who plays it, for the played partners a checked action asks."""
    name = action["do"]
    if name not in WAITING_ACTIONS:
        return {}
    seat = session.seat(player)
    if name in ("propose", "seize_window"):
        codes = list(action["partners"])
    elif name == "invite":
        codes = [action["partner"]]
    else:
        work = seat.find_work(action["initiative"])
        codes = [seat.code_of(p) for p in (work.partners if work is not None else [])]
    out: dict[str, str] = {}
    for code in codes:
        index = seat.partner_index(code)
        answering = next((p for p in session.players if p is not player and session.seat(p).level == seat.level
                          and session.seat(p).answers_for(index)), None)
        if answering is not None:
            out[code] = answering.role.id
    return out


def advice(session: GameSession, request: PendingRequest, code: str) -> tuple[float, str]:
    """The model's advice to the participant who answers for ``code``: (chance of a yes by the rule, main reason against)."""
    player = session.player(request.role)
    seat = session.seat(player)
    action = request.action
    view = session.view
    strategy = seat.strategy()
    if action["do"] in ("propose", "seize_window"):
        return seat.advice(code, view.topic_index[action["topic"]], int(action.get("level", 2)), action.get("frame", strategy.frame),
                           first=action["partners"][0])
    work = seat.find_work(action["initiative"])
    if work is None:
        return 0.0, ""
    level = work.level_now + 1 if action["do"] == "escalate" else work.level_now
    return seat.advice(code, work.topic, level, work.frame, work=work)


def check_answer(request: PendingRequest, role: str, code: str | None, accept: Any, reason: Any) -> tuple[str, bool, str]:
    """The partner answered for, yes or no, and the reason of a 'no' (ActionError when the answer is not valid)."""
    codes = [c for c, r in request.waiting.items() if r == role]
    if not codes:
        raise ActionError("error.request_not_yours", request=request.id)
    if code is None:
        code = codes[0]
    if code not in codes:
        raise ActionError("error.request_not_yours", request=request.id)
    if request.outcome != "waiting" or code in request.answers:
        raise ActionError("error.request_answered", request=request.id)
    if not isinstance(accept, bool):
        raise ActionError("error.request_accept", found=str(accept)[:20])
    why = "" if accept else str(reason or "")
    if not accept and why not in ANSWER_REASONS:
        raise ActionError("error.request_reason", found=why[:30], known=", ".join(ANSWER_REASONS))
    return code, accept, why


__all__ = ["ANSWER_REASONS", "WAITING_ACTIONS", "PendingRequest", "addressees", "advice", "check_answer"]
