"""Player actions: what each one asks for, how it is checked, and which model method carries it out.

Every action maps onto a public method or lever of :class:`hiap_sim.model.HiapModel`; the game adds no
mechanics of its own. Each action takes staff time and/or money from the player's organisation for the
coming turn (``scenario.game.costs``), booked in the model with ``reserve_resources`` so that a busy
organisation is as busy for the model as for the player.

Actions are plain mappings (``{"do": "propose", "topic": "work_health", "partners": ["SZW"], ...}``) so that
scripts, the decision log, the terminal and a web front end share one format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.control import LEVERS
from hiap_sim.game.results import ActionError, Outcome, check_work_action
from hiap_sim.scenario.schema import AMBITION_LEVEL, RANKS

if TYPE_CHECKING:
    from hiap_sim.control import Initiative
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


NATIONAL = ("programme_director", "dg")
OFFICER = (*NATIONAL, "health_officer")


@dataclass(frozen=True)
class ActionSpec:
    """An action: its fields and the role kinds that may take it (municipal roles: the health officer steers
    public health's joint work, the alderman the political side [RIVM2010])."""

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
        ActionSpec("seize_window", PROPOSAL_FIELDS, roles=NATIONAL),
        ActionSpec("invite", (FieldSpec("initiative", "initiative"), FieldSpec("partner", "org"))),
        ActionSpec("reinforce", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("escalate", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("scale_down", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("end", (FieldSpec("initiative", "initiative"),)),
        ActionSpec("publicise", (FieldSpec("initiative", "initiative"),), roles=(*OFFICER, "alderman")),
        ActionSpec("commission_evidence"),
        ActionSpec("shared_narrative", roles=("programme_director",)),
        ActionSpec("political_cover", roles=(*OFFICER, "alderman")),
        ActionSpec("propose_lever", (FieldSpec("lever", "lever", PROPOSABLE_LEVERS),), roles=NATIONAL),
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
def normalise(session: GameSession, player: Player, raw: Any) -> dict[str, Any]:
    """Check an action against the rules of the game and return it in canonical form (or raise ActionError)."""
    if not isinstance(raw, dict):
        raise ActionError("error.action_not_mapping", found=type(raw).__name__)
    name = raw.get("do")
    if name not in ACTIONS:
        raise ActionError("error.unknown_action", found=name, known=", ".join(ACTIONS))
    spec = ACTIONS[name]
    if player.role.kind not in spec.roles:
        raise ActionError("error.action_not_for_role", action=name, role=player.role.id)
    allowed = {f.name for f in spec.fields} | {"do", "role"}
    extra = sorted(set(raw) - allowed)
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
    from hiap_sim.game import local

    model = session.model
    check_partner = local.check_sector if local.is_local(player) else check_org
    if spec.kind == "org":
        return check_partner(session, player, value)
    if spec.kind == "orgs":
        values = value if isinstance(value, list) else [value]
        codes = [check_partner(session, player, v) for v in values]
        if not codes or len(codes) > MAX_PARTNERS:
            raise ActionError("error.partner_count", most=MAX_PARTNERS)
        if len(set(codes)) != len(codes):
            raise ActionError("error.partner_twice")
        return codes
    if spec.kind == "topic":
        return check_topic(model, value)
    if spec.kind == "topics":
        values = value if isinstance(value, list) else [value]
        topics = [check_topic(model, v) for v in values]
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
        if local.is_local(player):
            return local.check_work(session, player, value).unique_id
        return check_initiative(session, player, value).unique_id
    raise AssertionError(spec.kind)


def check_org(session: GameSession, player: Player, value: Any) -> str:
    model = session.model
    text = str(value).strip()
    match = next((o for o in model.organisations if o.code.lower() == text.lower()), None)
    partners = [o.code for o in session.partner_orgs(player)]
    if match is None or match.code not in partners:
        if match is not None and match.index == player.role.org_index:
            raise ActionError("error.own_org", found=text)
        raise ActionError("error.unknown_org", found=text, known=", ".join(partners))
    return match.code


def check_topic(model: Any, value: Any) -> str:
    text = str(value).strip()
    for name in model.topic_names:
        if text.lower() == name.lower():
            return name
    raise ActionError("error.unknown_topic", found=text, known=", ".join(model.topic_names))


def check_initiative(session: GameSession, player: Player, value: Any) -> Initiative:
    text = str(value).strip().lstrip("#")
    mine = session.initiatives_of(player)
    try:
        number = int(text)
    except ValueError:
        number = None
    for initiative in mine:
        if initiative.unique_id == number:
            return initiative
    known = ", ".join(f"#{i.unique_id}" for i in mine) or "-"
    raise ActionError("error.unknown_initiative", found=value, known=known)


def check_rules(session: GameSession, player: Player, action: dict[str, Any]) -> None:
    """Rules beyond single fields: who may do what to which initiative, what is already under way, and whether
    the organisation has the staff time and money for it."""
    from hiap_sim.game import local

    if local.is_local(player):
        local.check_rules(session, player, action)
    else:
        check_national_rules(session, player, action)
    name = action["do"]
    cost = session.cost_of(name, player)
    free_fte, free_budget = session.free_resources(player)
    if cost.fte > free_fte + 1e-9:
        raise ActionError("error.no_staff_time", action=name, need=cost.fte, free=max(free_fte, 0.0))
    if cost.budget > free_budget + 1e-9:
        raise ActionError("error.no_money", action=name, need=cost.budget, free=max(free_budget, 0.0), unit=session.money_unit(player))


def check_national_rules(session: GameSession, player: Player, action: dict[str, Any]) -> None:
    """The rules of the national actions."""
    model = session.model
    name = action["do"]
    org = player.role.org_index
    initiative = session.initiative(action["initiative"]) if "initiative" in action else None
    if name in ("propose", "seize_window"):
        topic = model.topic_index[action["topic"]]
        if name == "seize_window" and topic not in model.window_topics:
            open_topics = ", ".join(model.topic_names[t] for t in sorted(model.window_topics)) or "-"
            raise ActionError("error.no_window", topic=action["topic"], open=open_topics)
        for existing in model.initiatives:
            if existing.alive and existing.lead == org and existing.topic == topic:
                raise ActionError("error.already_leading", topic=action["topic"], initiative=existing.unique_id)
        level = action.get("level", 2)
        ambition = action.get("ambition", player_strategy(session, player).ambition)
        if AMBITION_LEVEL[ambition] < level:
            raise ActionError("error.ambition_below_level", level=level, ambition=ambition)
    if name == "invest_relation" and action["partner"] in session.turn_memory(player, "invest_relation"):
        raise ActionError("error.already_investing", partner=action["partner"])
    if initiative is not None:
        check_work_action(
            name, action, work_id=initiative.unique_id, is_lead=initiative.lead == org, active=initiative.active, phase=initiative.phase,
            partner_is_member=name == "invite" and model.org_codes[action["partner"]] in initiative.members, level=initiative.level,
            new_wins=initiative.small_wins > model.was_publicised(initiative),
            reinforced=model.reinforced_until(initiative) > model.month,
        )
    if name == "commission_evidence" and (model.lever_active["quantification"] or "quantification" in model.pending_levers):
        raise ActionError("error.evidence_exists")
    if name == "shared_narrative" and model.lever_active["shared_narrative"]:
        raise ActionError("error.narrative_exists")
    if name == "propose_lever":
        lever = action["lever"]
        if model.lever_active[lever] or lever in model.pending_levers:
            raise ActionError("error.lever_exists", lever=lever)
        if lever in session.turn_memory(player, "propose_lever"):
            raise ActionError("error.lever_asked", lever=lever)
    if name == "political_cover" and session.turn_memory(player, "political_cover"):
        raise ActionError("error.cover_asked")


def player_strategy(session: GameSession, player: Player) -> Any:
    return session.model.organisations[player.role.org_index].strategy


# ------------------------------------------------------------------------------------------ applying
def proposer_for(model: Any, org: int, partner: int) -> int:
    """The official who puts the proposal: the one with the strongest tie to the partner (lower rank first
    on a tie: ideas start low in the hierarchy [HHS2016 #8])."""
    own = np.flatnonzero((model.staff_org == org) & model.staff_active)
    theirs = np.flatnonzero((model.staff_org == partner) & model.staff_active)
    if len(theirs) == 0:
        return int(own[np.argmin(model.staff_rank[own])])
    best = model.trust[np.ix_(own, theirs)].max(axis=1) - 0.001 * model.staff_rank[own]
    return int(own[int(np.argmax(best))])


def apply(session: GameSession, player: Player, action: dict[str, Any]) -> Outcome:
    """Carry out a checked action on the model and say what happened."""
    from hiap_sim.game import local

    if local.is_local(player):
        return local.apply(session, player, action)
    model = session.model
    org = player.role.org_index
    name = action["do"]
    months = session.months_per_turn
    cost = session.cost_of(name)
    if cost.fte > 0 or cost.budget > 0:
        model.reserve_resources(org, cost.fte, cost.budget, months)
    outcome = Outcome()
    initiative = session.initiative(action["initiative"]) if "initiative" in action else None
    if name == "invest_relation":
        partner = model.org_codes[action["partner"]]
        pairs = model.invest_relation(org, partner, months)
        outcome.messages.append(("result.invest_relation", {"partner": action["partner"], "pairs": len(pairs), "months": months}))
    elif name in ("propose", "seize_window"):
        outcome = propose(session, player, action)
    elif name == "invite":
        partner = model.org_codes[action["partner"]]
        before = len(model.event_log)
        model.invite(initiative, partner, None)
        outcome.decisions = decisions_since(model, before)
        joined = partner in initiative.partners
        outcome.messages.append(("result.invite_yes" if joined else "result.invite_no", {"partner": action["partner"], "initiative": initiative.unique_id}))
    elif name == "reinforce":
        model.reinforce(initiative, months)
        outcome.messages.append(("result.reinforce", {"initiative": initiative.unique_id, "months": months}))
    elif name == "escalate":
        level = initiative.level + 1
        done = model.try_escalate(initiative, level)
        for partner, decision in model.last_escalation:
            outcome.decisions.append(decision_record(model, initiative, partner, decision, level))
        outcome.messages.append(("result.escalate_yes" if done else "result.escalate_no", {"initiative": initiative.unique_id, "level": level}))
    elif name == "scale_down":
        model.scale_down(initiative)
        outcome.messages.append(("result.scale_down", {"initiative": initiative.unique_id, "level": initiative.level}))
    elif name == "end":
        lead = initiative.lead == org
        model.withdraw(initiative, org)
        outcome.messages.append(("result.end_lead" if lead else "result.end_partner", {"initiative": initiative.unique_id}))
    elif name == "publicise":
        shown = model.publicise(initiative)
        outcome.messages.append(("result.publicise", {"initiative": initiative.unique_id, "wins": shown}))
    elif name == "commission_evidence":
        start = model.commission_evidence(org)
        outcome.messages.append(("result.evidence", {"date": session.date_of(start)}))
    elif name == "shared_narrative":
        model.set_lever("shared_narrative", True)
        outcome.messages.append(("result.narrative", {}))
    elif name == "political_cover":
        granted = model.seek_political_cover(org)
        commitment = model.organisations[org].political_commitment
        outcome.messages.append(("result.cover_yes" if granted else "result.cover_no", {"commitment": commitment}))
    elif name == "propose_lever":
        adopted = model.lobby_for_lever(action["lever"], org)
        key = "result.lever_yes" if adopted else "result.lever_no"
        start = model.pending_levers.get(action["lever"])
        outcome.messages.append((key, {"lever": action["lever"], "date": session.date_of(start) if start else ""}))
    elif name == "set_strategy":
        current = model.organisations[org].strategy
        update = {k: v for k, v in action.items() if k != "do"}
        model.organisations[org].strategy = current.model_copy(update=update)
        outcome.messages.append(("result.strategy", {}))
    elif name == "set_answer_policy":
        player.answer_policy = action["policy"]
        outcome.messages.append(("result.policy", {"policy": action["policy"]}))
    if initiative is not None:
        outcome.initiative = initiative.unique_id
    return outcome


def propose(session: GameSession, player: Player, action: dict[str, Any]) -> Outcome:
    """Put a proposal for joint work to partner organisations (model.propose)."""
    model = session.model
    org = player.role.org_index
    strategy = model.organisations[org].strategy
    partners = [model.org_codes[c] for c in action["partners"]]
    level = action.get("level", 2)
    target = max(level, AMBITION_LEVEL[action.get("ambition", strategy.ambition)])
    proposer = proposer_for(model, org, partners[0])
    before = len(model.event_log)
    origin = "crisis_window" if action["do"] == "seize_window" else "player"
    initiative = model.propose(
        proposer, model.topic_index[action["topic"]], partners, level, target,
        action.get("frame", strategy.frame), action.get("approach", strategy.approach), action.get("funding", strategy.funding), origin,
    )
    outcome = Outcome(decisions=decisions_since(model, before))
    values = {"topic": action["topic"], "rank": RANKS[int(model.staff_rank[proposer])]}
    if initiative is None:
        outcome.messages.append(("result.propose_no", values))
    else:
        outcome.initiative = initiative.unique_id
        joined = ", ".join(model.organisations[p].code for p in initiative.partners)
        outcome.messages.append(("result.propose_yes", {**values, "initiative": initiative.unique_id, "partners": joined, "level": level}))
    return outcome


def decisions_since(model: Any, start: int) -> list[dict[str, Any]]:
    """Partner decisions logged by the model since event ``start``."""
    return [dict(e) for e in model.event_log[start:] if e["kind"] == "decision"]


def decision_record(model: Any, initiative: Initiative, partner: int, decision: Any, level: int) -> dict[str, Any]:
    """A decision in the same shape as the model's log entries (for decisions the model does not log)."""
    return {
        "month": max(model.month, 1), "date": model.date, "kind": "decision", "partner": model.organisations[partner].code,
        "lead": model.organisations[initiative.lead].code, "topic": model.topic_names[initiative.topic], "accept": bool(decision.accept),
        "reason": decision.reason, "probability": round(decision.probability, 3), "level": level, "frame": initiative.frame,
        "escalation": True,
    }


def available(session: GameSession, player: Player) -> list[str]:
    """Actions this player's role has (whether each can be taken right now is for ``normalise`` to say)."""
    return [name for name, spec in ACTIONS.items() if player.role.kind in spec.roles]


__all__ = ["ACTIONS", "ActionError", "ActionSpec", "FieldSpec", "LEVERS", "Outcome", "apply", "available", "normalise"]
