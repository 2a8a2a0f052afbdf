"""Player actions: what each one asks for, how it is checked, and which verb of the player's seat carries it out.

One path for every role: an action is checked against the rules of the game and carried out through the
player's seat (:class:`hiap_sim.control.Seat`: a ministry, or public health in a municipality), whose verbs call
public methods of the model's levels; the game adds no mechanics of its own. Each action takes staff time and/or
money from the seat's organisation for the coming turn (``scenario.game.costs``; municipal seats
``scenario.game.municipal_costs``), booked by the seat so that a busy organisation is as busy for the model as
for the player. A verb a level does not have (a national lever, a local health policy note) is one its seat
does not offer (``Seat.offers``).

Actions are plain mappings (``{"do": "propose", "topic": "work_health", "partners": ["SZW"], ...}``) so that
scripts, the decision log, the terminal and a web front end share one format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hiap_sim.control import LEVERS
from hiap_sim.game.results import ActionError, Outcome, check_work_action
from hiap_sim.scenario.schema import AMBITION_LEVEL

if TYPE_CHECKING:
    from hiap_sim.control import Seat, View, WorkView
    from hiap_sim.game.session import GameSession, Player

FRAMES = ("HfaP", "HiaP")
APPROACHES = ("small_wins", "area", "system")
FUNDINGS = ("structural", "project", "population")
AMBITIONS = ("inform", "coordinate", "integrate")
POLICIES = ("rule", "focus", "open")
PROPOSABLE_LEVERS = ("coordinating_minister", "government_envoy", "programme_directorate", "regional_budget", "rotation_programme", "legal_duty")
MAX_PARTNERS = 4


@dataclass(frozen=True)
class FieldSpec:
    """One thing an action asks for."""

    name: str
    kind: str  # org, orgs, topic, topics, level, choice, initiative, lever, share
    choices: tuple[str, ...] = ()
    optional: bool = False


OFFICER = ("programme_director", "dg", "health_officer")


@dataclass(frozen=True)
class ActionSpec:
    """An action: its fields and the role kinds that may take it (the officials steer their organisation's joint
    work; the alderman is the political side of a municipality [RIVM2010]). Whether the role's level has the
    action at all is for its seat to say (``Seat.offers``)."""

    name: str
    fields: tuple[FieldSpec, ...] = ()
    roles: tuple[str, ...] = OFFICER


PROPOSAL_FIELDS = (
    FieldSpec("topic", "topic"),
    FieldSpec("partners", "orgs"),
    FieldSpec("level", "level", optional=True),
    FieldSpec("ambition", "choice", AMBITIONS, optional=True),
    FieldSpec("frame", "choice", FRAMES, optional=True),
    FieldSpec("approach", "choice", APPROACHES, optional=True),
    FieldSpec("funding", "choice", FUNDINGS, optional=True),
)

ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("invest_relation", (FieldSpec("partner", "org"),)),
        ActionSpec("propose", PROPOSAL_FIELDS),
        ActionSpec("seize_window", PROPOSAL_FIELDS),
        ActionSpec("invite", (FieldSpec("initiative", "initiative"), FieldSpec("partner", "org"))),
        ActionSpec("reinforce", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("escalate", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("scale_down", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("end", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("publicise", (FieldSpec("initiative", "initiative"),), roles=(*OFFICER, "alderman")),
        ActionSpec("commission_evidence"),
        ActionSpec("shared_narrative", roles=("programme_director",)),
        ActionSpec("political_cover", roles=(*OFFICER, "alderman")),
        ActionSpec("propose_lever", (FieldSpec("lever", "lever", PROPOSABLE_LEVERS),)),
        ActionSpec("policy_note", (FieldSpec("topics", "topics"),), roles=("alderman",)),
        ActionSpec("local_budget", roles=("alderman",)),
        ActionSpec(
            "set_strategy",
            (
                FieldSpec("focus_topics", "topics", optional=True),
                FieldSpec("relation_share", "share", optional=True),
                FieldSpec("ambition", "choice", AMBITIONS, optional=True),
                FieldSpec("frame", "choice", FRAMES, optional=True),
                FieldSpec("approach", "choice", APPROACHES, optional=True),
                FieldSpec("funding", "choice", FUNDINGS, optional=True),
            ),
        ),
        ActionSpec("set_answer_policy", (FieldSpec("policy", "choice", POLICIES),)),
    )
}


# ------------------------------------------------------------------------------------------ checking
def allowed(seat: Seat, player: Player, name: str) -> bool:
    """Whether the player's role has action ``name`` and its seat's level offers it."""
    return player.role.kind in ACTIONS[name].roles and seat.offers(name)


def normalise(session: GameSession, player: Player, raw: Any) -> dict[str, Any]:
    """Check an action against the rules of the game and return it in canonical form (or raise ActionError)."""
    if not isinstance(raw, dict):
        raise ActionError("error.action_not_mapping", found=type(raw).__name__)
    name = raw.get("do")
    if name not in ACTIONS:
        raise ActionError("error.unknown_action", found=name, known=", ".join(ACTIONS))
    spec = ACTIONS[name]
    seat = session.seat(player)
    if not allowed(seat, player, name):
        raise ActionError("error.action_not_for_role", action=name, role=player.role.id)
    allowed_fields = {f.name for f in spec.fields} | {"do", "role"}
    extra = sorted(set(raw) - allowed_fields)
    if extra:
        raise ActionError("error.unknown_fields", action=name, found=", ".join(extra), known=", ".join(f.name for f in spec.fields) or "-")
    action: dict[str, Any] = {"do": name}
    for spec_field in spec.fields:
        value = raw.get(spec_field.name)
        if value is None:
            if spec_field.optional:
                continue
            raise ActionError("error.missing_field", action=name, field=spec_field.name)
        action[spec_field.name] = check_field(session, player, spec_field, value)
    check_rules(session, player, action)
    return action


def check_field(session: GameSession, player: Player, spec: FieldSpec, value: Any) -> Any:
    """One field's value in canonical form."""
    view = session.view
    seat = session.seat(player)
    if spec.kind == "org":
        return check_partner(seat, value)
    if spec.kind == "orgs":
        values = value if isinstance(value, list) else [value]
        codes = [check_partner(seat, v) for v in values]
        if not codes or len(codes) > MAX_PARTNERS:
            raise ActionError("error.partner_count", most=MAX_PARTNERS)
        if len(set(codes)) != len(codes):
            raise ActionError("error.partner_twice")
        return codes
    if spec.kind == "topic":
        return check_topic(view, value)
    if spec.kind == "topics":
        values = value if isinstance(value, list) else [value]
        topics = [check_topic(view, v) for v in values]
        if not topics:
            raise ActionError("error.no_topics")
        return list(dict.fromkeys(topics))
    if spec.kind == "level":
        try:
            level = int(value)
        except (TypeError, ValueError):
            raise ActionError("error.bad_level", found=value) from None
        if level not in (2, 3, 4):
            raise ActionError("error.bad_level", found=value)
        return level
    if spec.kind in ("choice", "lever"):
        text = str(value)
        for choice in spec.choices:
            if text.lower() == choice.lower():
                return choice
        raise ActionError("error.bad_choice", field=spec.name, found=value, known=", ".join(spec.choices))
    if spec.kind == "share":
        try:
            share = float(value)
        except (TypeError, ValueError):
            raise ActionError("error.bad_share", found=value) from None
        if not 0.1 <= share <= 0.9:
            raise ActionError("error.bad_share", found=value)
        return round(share, 3)
    if spec.kind == "initiative":
        return check_initiative(seat, value).unique_id
    raise AssertionError(spec.kind)


def check_partner(seat: Seat, value: Any) -> str:
    """The code of a partner organisation of the seat (a ministry, or a sector of the town hall)."""
    code, own, found = seat.match_partner(value)
    partners = [p.code for p in seat.partners()]
    if code is not None and code in partners:
        return code
    if own:
        raise ActionError("error.own_org", found=found)
    raise ActionError("error.unknown_org", found=found, known=", ".join(partners))


def check_topic(view: View, value: Any) -> str:
    text = str(value).strip()
    for name in view.topic_names:
        if text.lower() == name.lower():
            return name
    raise ActionError("error.unknown_topic", found=text, known=", ".join(view.topic_names))


def check_initiative(seat: Seat, value: Any) -> WorkView:
    """The seat's joint work (active or stalled) numbered ``value`` ('#75' or 75)."""
    text = str(value).strip().lstrip("#")
    mine = seat.work()
    try:
        number = int(text)
    except ValueError:
        number = None
    for work in mine:
        if work.unique_id == number:
            return work
    known = ", ".join(f"#{w.unique_id}" for w in mine) or "-"
    raise ActionError("error.unknown_initiative", found=value, known=known)


def check_rules(session: GameSession, player: Player, action: dict[str, Any]) -> None:
    """Rules beyond single fields: who may do what to which joint work, what is already under way, and whether
    the organisation has the staff time and money for it."""
    view = session.view
    seat = session.seat(player)
    name = action["do"]
    say = seat.keys.get
    work = seat.find_work(action["initiative"]) if "initiative" in action else None
    if name in ("propose", "seize_window"):
        topic = view.topic_index[action["topic"]]
        if name == "seize_window" and not seat.window_open(topic):
            open_topics = ", ".join(view.topic_names[t] for t in seat.window_topics()) or "-"
            raise ActionError("error.no_window", topic=action["topic"], open=open_topics)
        existing = seat.leading(topic)
        if existing is not None:
            raise ActionError("error.already_leading", topic=action["topic"], initiative=existing)
        level = action.get("level", 2)
        ambition = action.get("ambition", seat.strategy().ambition)
        if AMBITION_LEVEL[ambition] < level:
            raise ActionError("error.ambition_below_level", level=level, ambition=ambition)
    if name == "invest_relation" and action["partner"] in session.turn_memory(player, "invest_relation"):
        raise ActionError("error.already_investing", partner=action["partner"])
    if work is not None:
        check_work_action(
            name, action, work_id=work.unique_id, is_lead=work.lead == seat.own, active=work.active, phase=session.text.phase(work.phase),
            partner_is_member=name == "invite" and seat.partner_index(action["partner"]) in work.members, level=work.level_now,
            new_wins=work.small_wins > seat.publicised(work), reinforced=seat.reinforced(work),
        )
    if name == "commission_evidence" and seat.evidence_exists():
        raise ActionError(say("error.evidence_exists", "error.evidence_exists"))
    if name == "shared_narrative" and seat.narrative_exists():
        raise ActionError("error.narrative_exists")
    if name == "propose_lever":
        lever = action["lever"]
        if seat.lever_exists(lever):
            raise ActionError("error.lever_exists", lever=lever)
        if lever in session.turn_memory(player, "propose_lever"):
            raise ActionError("error.lever_asked", lever=lever)
    if name == "political_cover" and session.turn_memory(player, "political_cover"):
        raise ActionError(say("error.cover_asked", "error.cover_asked"))
    if name == "policy_note" and seat.note_until() is not None:
        raise ActionError("error.note_in_force", until=session.date_of(seat.note_until() + 1))
    if name == "policy_note" and session.turn_memory(player, "policy_note"):
        raise ActionError("error.note_asked")
    if name == "local_budget" and seat.budget_earmarked():
        raise ActionError("error.budget_earmarked")
    if name == "local_budget" and session.turn_memory(player, "local_budget"):
        raise ActionError("error.budget_asked")
    if name == "set_strategy" and "relation_share" in action and not seat.offers("relation_share"):
        raise ActionError("error.local_relation_share")
    cost = session.cost_of(name, player)
    free_fte, free_budget = session.free_resources(player)
    if cost.fte > free_fte + 1e-9:
        raise ActionError("error.no_staff_time", action=name, need=cost.fte, free=max(free_fte, 0.0))
    if cost.budget > free_budget + 1e-9:
        raise ActionError("error.no_money", action=name, need=cost.budget, free=max(free_budget, 0.0), unit=session.money_unit(player))


# ------------------------------------------------------------------------------------------ applying
def apply(session: GameSession, player: Player, action: dict[str, Any]) -> Outcome:
    """Carry out a checked action through the player's seat and say what happened."""
    view = session.view
    seat = session.seat(player)
    say = seat.keys.get
    name = action["do"]
    months = session.months_per_turn
    cost = session.cost_of(name, player)
    if cost.fte > 0 or cost.budget > 0:
        seat.reserve(cost.fte, cost.budget, months)
    mark = seat.mark()
    outcome = Outcome()
    work = seat.find_work(action["initiative"]) if "initiative" in action else None

    def label(code: str) -> str:
        return session.org_label(seat, code)

    if name == "invest_relation":
        pairs = seat.invest_relation(action["partner"], months)
        outcome.messages.append(("result.invest_relation", {"partner": label(action["partner"]), "pairs": len(pairs), "months": months}))
    elif name in ("propose", "seize_window"):
        strategy = seat.strategy()
        level = action.get("level", 2)
        target = max(level, AMBITION_LEVEL[action.get("ambition", strategy.ambition)])
        made, rank = seat.propose(view.topic_index[action["topic"]], action["partners"], level, target, action.get("frame", strategy.frame),
                                  action.get("approach", strategy.approach), action.get("funding", strategy.funding),
                                  "crisis_window" if name == "seize_window" else "player")
        values = {"topic": action["topic"], "rank": rank}
        if made is None:
            outcome.messages.append(("result.propose_no", values))
        else:
            outcome.initiative = made.unique_id
            joined = ", ".join(label(seat.code_of(p)) for p in made.partners)
            outcome.messages.append(("result.propose_yes", {**values, "initiative": made.unique_id, "partners": joined, "level": level}))
    elif name == "invite":
        joined = seat.invite(work, action["partner"])
        outcome.messages.append(("result.invite_yes" if joined else "result.invite_no", {"partner": label(action["partner"]), "initiative": work.unique_id}))
    elif name == "reinforce":
        seat.reinforce(work, months)
        outcome.messages.append(("result.reinforce", {"initiative": work.unique_id, "months": months}))
    elif name == "escalate":
        done, level, unlogged = seat.escalate(work)
        outcome.unlogged = unlogged
        outcome.messages.append(("result.escalate_yes" if done else "result.escalate_no", {"initiative": work.unique_id, "level": level}))
    elif name == "scale_down":
        seat.scale_down(work)
        outcome.messages.append(("result.scale_down", {"initiative": work.unique_id, "level": work.level_now}))
    elif name == "end":
        lead = work.lead == seat.own
        seat.end(work)
        outcome.messages.append(("result.end_lead" if lead else "result.end_partner", {"initiative": work.unique_id}))
    elif name == "publicise":
        shown = seat.publicise(work)
        outcome.messages.append((say("result.publicise", "result.publicise"), {"initiative": work.unique_id, "wins": shown, **seat.standing()}))
    elif name == "commission_evidence":
        counts_from = seat.commission_evidence()
        outcome.messages.append((say("result.evidence", "result.evidence"), {"date": session.date_of(counts_from)}))
    elif name == "shared_narrative":
        seat.shared_narrative()
        outcome.messages.append(("result.narrative", {}))
    elif name == "political_cover":
        granted = seat.political_cover()
        key = "result.cover_yes" if granted else "result.cover_no"
        outcome.messages.append((say(key, key), seat.standing()))
    elif name == "propose_lever":
        adopted, start = seat.propose_lever(action["lever"])
        outcome.messages.append(("result.lever_yes" if adopted else "result.lever_no", {"lever": action["lever"], "date": session.date_of(start) if start else ""}))
    elif name == "policy_note":
        mark = seat.journal_mark()
        adopted = seat.policy_note([view.topic_index[t] for t in action["topics"]])
        outcome.messages.append(("result.note_yes" if adopted else "result.note_no", {"topics": list(action["topics"])}))
        outcome.messages.extend(council_reasons(seat, mark, "policy_note", adopted))
    elif name == "local_budget":
        mark = seat.journal_mark()
        adopted, amount = seat.local_budget()
        outcome.messages.append(("result.budget_yes" if adopted else "result.budget_no", {"amount": amount}))
        outcome.messages.extend(council_reasons(seat, mark, "local_budget", adopted))
    elif name == "set_strategy":
        seat.set_strategy({k: v for k, v in action.items() if k != "do"})
        outcome.messages.append(("result.strategy", {}))
    elif name == "set_answer_policy":
        player.answer_policy = action["policy"]
        seat.set_answer_policy(action["policy"])
        outcome.messages.append(("result.policy", {"policy": action["policy"]}))
    outcome.decisions = seat.decisions_since(mark) + outcome.unlogged
    if work is not None:
        outcome.initiative = work.unique_id
    return outcome


def available(session: GameSession, player: Player) -> list[str]:
    """Actions this player's role has (whether each can be taken right now is for ``normalise`` to say)."""
    seat = session.seat(player)
    return [name for name in ACTIONS if allowed(seat, player, name)]


__all__ = ["ACTIONS", "ActionError", "ActionSpec", "FieldSpec", "LEVERS", "Outcome", "apply", "available", "normalise"]


def council_reasons(seat: Seat, mark: int, kind: str, adopted: bool) -> list[tuple[str, dict[str, Any]]]:
    """Why the council decided as it did, as the partners' answers say why: its chance of a yes followed the
    alderman's support in the college [RIVM2010]; after a no, what raises that chance."""
    entry = seat.journal_latest(kind, mark)
    if entry is None:
        return []
    why = [("result.council_why", {"chance": float(entry.get("probability")), "support": seat.standing()["support"]})]
    return why if adopted else [*why, ("result.council_tip", {})]
