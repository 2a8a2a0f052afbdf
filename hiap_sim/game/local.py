"""Municipal roles in the training game: the public health officer and the alderman of one municipality.

The same actions, checks and feedback as the national roles, on the municipal level of the model
(:class:`hiap_sim.municipal.MunicipalLevel`): the health officer (public health, 'VGZ') proposes and
coordinates joint work with the other sectors of the town hall, invests in relations with them, commissions
local evidence from the GGD and decides how public health answers proposals; the alderman is the political
side: backing in the college, a local health policy note for the council, structural money, publicity of
small wins [RIVM2010; REG2021]. Every action calls a public method of the municipal level, which the model's
rules and policy experiments use as well; the game adds no mechanics.

Municipal joint work is a row of the model's initiative table; :class:`LocalWork` shows one row with the
attributes the game's checks and the script shorthands read from a national initiative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.control import ACTIVE_MAX, APPROACHES, FUNDINGS, PHASES, STALLED
from hiap_sim.game.results import ActionError, DecisionNote, NewsItem, Outcome, check_work_action
from hiap_sim.scenario.municipal import MATURITY_STAGES, SECTORS
from hiap_sim.scenario.schema import AMBITION_LEVEL, THEMES

if TYPE_CHECKING:
    from hiap_sim.control import MunicipalLevel
    from hiap_sim.game.session import GameSession, Player

MUNICIPAL_KINDS = ("health_officer", "alderman")
PUBLIC_HEALTH = "public_health"


def is_local(player: Player) -> bool:
    """Whether the player holds a municipal role."""
    return player.role.kind in MUNICIPAL_KINDS


@dataclass(frozen=True)
class Sector:
    """A sector of the player's town hall as a partner: its index, code (the sector's name) and label."""

    index: int
    code: str
    name: str


class LocalWork:
    """One municipal initiative (a row of the model's table), read-only, with the national initiative's names."""

    def __init__(self, level: MunicipalLevel, row: int) -> None:
        self.level = level
        self.row = row
        self.unique_id = row

    @property
    def _table(self) -> Any:
        return self.level.initiatives

    @property
    def topic(self) -> int:
        return int(self._table.topic[self.row])

    @property
    def lead(self) -> int:
        return int(self._table.lead[self.row])

    @property
    def partners(self) -> dict[int, int]:
        table = self._table
        return {int(s): int(table.contact[self.row, s]) for s in np.flatnonzero(table.partners[self.row])}

    @property
    def members(self) -> list[int]:
        return self._table.members(self.row)

    @property
    def phase(self) -> str:
        return PHASES[int(self._table.phase[self.row])]

    @property
    def active(self) -> bool:
        return int(self._table.phase[self.row]) <= ACTIVE_MAX

    @property
    def alive(self) -> bool:
        return self.active or int(self._table.phase[self.row]) == STALLED

    @property
    def level_now(self) -> int:
        return int(self._table.level[self.row])

    @property
    def small_wins(self) -> int:
        return int(self._table.small_wins[self.row])


# ------------------------------------------------------------------------------------------ the municipality
def municipal_level(session: GameSession) -> MunicipalLevel:
    return session.model.municipal


def muni(player: Player) -> int:
    return player.role.org_index


def sectors(session: GameSession) -> list[Sector]:
    """The other sectors of the town hall (public health's partners)."""
    level = municipal_level(session)
    return [Sector(s, name, level.sector_specs[s].label or name.replace("_", " ")) for s, name in enumerate(SECTORS) if s != level.ph]


def sector_index(code: str) -> int:
    return SECTORS.index(code)


def work_of(session: GameSession, player: Player) -> list[LocalWork]:
    """Joint work (active or stalled) in the player's municipality that public health takes part in."""
    level = municipal_level(session)
    table = level.initiatives
    n = table.n
    rows = np.flatnonzero((table.group[:n] == muni(player)) & ((table.phase[:n] <= ACTIVE_MAX) | (table.phase[:n] == STALLED))
                          & ((table.lead[:n] == level.ph) | table.partners[:n, level.ph]))
    return [LocalWork(level, int(r)) for r in rows]


def all_work_of(session: GameSession, player: Player) -> list[LocalWork]:
    """Every initiative with public health in the player's municipality, ended ones too."""
    level = municipal_level(session)
    table = level.initiatives
    n = table.n
    rows = np.flatnonzero((table.group[:n] == muni(player)) & ((table.lead[:n] == level.ph) | table.partners[:n, level.ph]))
    return [LocalWork(level, int(r)) for r in rows]


def strategy_of(session: GameSession, player: Player) -> Any:
    """The health officer's strategy (the player's, or the municipal default for the alderman)."""
    level = municipal_level(session)
    return level.player_strategy.get(muni(player), level.config.strategy)


def topic_fit(session: GameSession, player: Player) -> np.ndarray:
    """How well each topic fits the local agenda (priority), for the topic menus."""
    return np.clip(municipal_level(session).priority[muni(player)], 0.0, 1.0)


def free_resources(session: GameSession, player: Player) -> tuple[float, float]:
    """Public health's free staff time (FTE) and the municipality's free joint-work budget (k EUR / year)."""
    level, m = municipal_level(session), muni(player)
    return float(level.capacity[m, level.ph] - level.fte_committed[m, level.ph]), float(level.total_budget()[m] - level.budget_committed[m])


def records(model: Any, m: int) -> list[dict[str, Any]]:
    """The monthly indicator rows of municipality ``m`` (kept by the model for watched municipalities)."""
    return model.municipal.watch_records[m]


# ------------------------------------------------------------------------------------------ checking
def check_sector(session: GameSession, player: Player, value: Any) -> str:
    text = str(value).strip().lower().replace(" ", "_")
    known = [s.code for s in sectors(session)]
    if text == PUBLIC_HEALTH:
        raise ActionError("error.own_org", found=str(value))
    if text not in known:
        raise ActionError("error.unknown_org", found=str(value), known=", ".join(known))
    return text


def check_work(session: GameSession, player: Player, value: Any) -> LocalWork:
    text = str(value).strip().lstrip("#")
    mine = work_of(session, player)
    for work in mine:
        if text.isdigit() and work.unique_id == int(text):
            return work
    raise ActionError("error.unknown_initiative", found=value, known=", ".join(f"#{w.unique_id}" for w in mine) or "-")


def check_rules(session: GameSession, player: Player, action: dict[str, Any]) -> None:
    """Rules of the municipal actions beyond single fields."""
    level, m = municipal_level(session), muni(player)
    name = action["do"]
    work = LocalWork(level, int(action["initiative"])) if "initiative" in action else None
    if name == "propose":
        topic = session.model.topic_index[action["topic"]]
        existing = level.alive_work(m, level.ph, topic)
        if existing is not None:
            raise ActionError("error.already_leading", topic=action["topic"], initiative=existing)
        start = action.get("level", 2)
        ambition = action.get("ambition", strategy_of(session, player).ambition)
        if AMBITION_LEVEL[ambition] < start:
            raise ActionError("error.ambition_below_level", level=start, ambition=ambition)
    if name == "invest_relation" and action["partner"] in session.turn_memory(player, "invest_relation"):
        raise ActionError("error.already_investing", partner=action["partner"])
    if work is not None:
        check_work_action(
            name, action, work_id=work.unique_id, is_lead=work.lead == level.ph, active=work.active, phase=session.text.phase(work.phase),
            partner_is_member=name == "invite" and sector_index(action["partner"]) in work.members, level=work.level_now,
            new_wins=work.small_wins > level.work.publicised.get(work.row, 0), reinforced=level.work.reinforced.get(work.row, -1) > level.month,
        )
    if name == "commission_evidence" and level.evidence_pending(m):
        raise ActionError("error.local_evidence_exists")
    if name == "political_cover" and session.turn_memory(player, "political_cover"):
        raise ActionError("error.local_cover_asked")
    if name == "policy_note" and level.note_in_force()[m]:
        raise ActionError("error.note_in_force", until=session.date_of(int(level.note_until[m]) + 1))
    if name == "policy_note" and session.turn_memory(player, "policy_note"):
        raise ActionError("error.note_asked")
    if name == "local_budget" and level.earmarked is not None and level.earmarked[m]:
        raise ActionError("error.budget_earmarked")
    if name == "local_budget" and session.turn_memory(player, "local_budget"):
        raise ActionError("error.budget_asked")
    if name == "set_strategy" and "relation_share" in action:
        raise ActionError("error.local_relation_share")


# ------------------------------------------------------------------------------------------ applying
def apply(session: GameSession, player: Player, action: dict[str, Any]) -> Outcome:
    """Carry out a checked municipal action on the model and say what happened."""
    level, m, model = municipal_level(session), muni(player), session.model
    name = action["do"]
    months = session.months_per_turn
    cost = session.cost_of(name, player)
    if cost.fte > 0 or cost.budget > 0:
        level.reserve(m, cost.fte, cost.budget, months)
    start = len(level.journal)
    outcome = Outcome()
    work = LocalWork(level, int(action["initiative"])) if "initiative" in action else None
    if name == "invest_relation":
        pairs = level.invest_relation(m, sector_index(action["partner"]), months)
        outcome.messages.append(("result.invest_relation", {"partner": sector_label(session, action["partner"]), "pairs": len(pairs), "months": months}))
    elif name == "propose":
        strategy = strategy_of(session, player)
        partners = [sector_index(code) for code in action["partners"]]
        start_level = action.get("level", 2)
        target = max(start_level, AMBITION_LEVEL[action.get("ambition", strategy.ambition)])
        topic = model.topic_index[action["topic"]]
        proposer = level.health_officer_proposer(m, partners[0])
        row = level.propose(m, proposer, topic, partners, start_level, target, frame=action.get("frame", strategy.frame),
                            approach=action.get("approach", strategy.approach), funding=action.get("funding", strategy.funding))
        rank = "officer" if level.slot_rank[proposer] == 0 else "head"
        values = {"topic": action["topic"], "rank": f"local_{rank}"}
        if row is None:
            outcome.messages.append(("result.propose_no", values))
        else:
            outcome.initiative = row
            joined = ", ".join(sector_label(session, SECTORS[s]) for s in LocalWork(level, row).partners)
            outcome.messages.append(("result.propose_yes", {**values, "initiative": row, "partners": joined, "level": start_level}))
    elif name == "invite":
        partner = sector_index(action["partner"])
        level.work.invite(work.row, partner, None)
        joined = partner in work.partners
        outcome.messages.append(("result.invite_yes" if joined else "result.invite_no", {"partner": sector_label(session, action["partner"]), "initiative": work.unique_id}))
    elif name == "reinforce":
        level.work.reinforce(work.row, months)
        outcome.messages.append(("result.reinforce", {"initiative": work.unique_id, "months": months}))
    elif name == "escalate":
        done = level.work.try_escalate(work.row, work.level_now + 1)
        outcome.messages.append(("result.escalate_yes" if done else "result.escalate_no", {"initiative": work.unique_id, "level": work.level_now + (0 if done else 1)}))
    elif name == "scale_down":
        level.work.scale_down(work.row)
        outcome.messages.append(("result.scale_down", {"initiative": work.unique_id, "level": work.level_now}))
    elif name == "end":
        lead = work.lead == level.ph
        level.work.withdraw(work.row, level.ph)
        outcome.messages.append(("result.end_lead" if lead else "result.end_partner", {"initiative": work.unique_id}))
    elif name == "publicise":
        shown = level.publicise(work.row)
        outcome.messages.append(("result.local_publicise", {"initiative": work.unique_id, "wins": shown, "support": float(level.support[m])}))
    elif name == "commission_evidence":
        begins = level.commission_evidence(m)
        outcome.messages.append(("result.local_evidence", {"date": session.date_of(begins + 1)}))
    elif name == "political_cover":
        granted = level.seek_political_cover(m)
        outcome.messages.append(("result.local_cover_yes" if granted else "result.local_cover_no", {"support": float(level.support[m])}))
    elif name == "policy_note":
        topics = [model.topic_index[t] for t in action["topics"]]
        adopted = level.adopt_policy_note(m, topics)
        outcome.messages.append(("result.note_yes" if adopted else "result.note_no", {"topics": ", ".join(session.text.topic(model, t) for t in action["topics"])}))
    elif name == "local_budget":
        adopted = level.earmark_budget(m)
        amount = level.params.actions.budget_per_inhabitant * float(level.population[m]) / 1000.0
        outcome.messages.append(("result.budget_yes" if adopted else "result.budget_no", {"amount": amount}))
    elif name == "set_strategy":
        update = {k: v for k, v in action.items() if k != "do"}
        level.player_strategy[m] = strategy_of(session, player).model_copy(update=update)
        outcome.messages.append(("result.strategy", {}))
    elif name == "set_answer_policy":
        player.answer_policy = action["policy"]
        level.answer_policy[m] = action["policy"]
        outcome.messages.append(("result.policy", {"policy": action["policy"]}))
    outcome.decisions = [dict(e) for e in level.journal[start:] if e["kind"] == "decision"]
    if work is not None:
        outcome.initiative = work.unique_id
    return outcome


# ------------------------------------------------------------------------------------------ feedback
def sector_label(session: GameSession, code: str) -> str:
    level = municipal_level(session)
    return session.text.name(f"sector.{code}", level.sector_specs[SECTORS.index(code)].label or code.replace("_", " "))


def work_label(session: GameSession, work: LocalWork) -> str:
    text, model = session.text, session.model
    partners = "+".join(sector_label(session, SECTORS[s]) for s in work.partners) or "-"
    return text("label.initiative", id=work.unique_id, topic=text.topic(model, model.topic_names[work.topic]), lead=sector_label(session, SECTORS[work.lead]),
                partners=partners)


def hint_for(session: GameSession, player: Player, event: dict[str, Any]) -> str:
    """What to try next after a 'no' from a sector (spec 4.4, with the municipal levers)."""
    level, text, model = municipal_level(session), session.text, session.model
    reason = event["reason"]
    partner = SECTORS.index(event["partner"])
    name = sector_label(session, event["partner"])
    topic = model.topic_index[event["topic"]]
    if reason == "no_fit":
        scores = level.fit[partner] * (0.5 + level.priority[muni(player)])
        scores[topic] = -1.0
        best = text.topic(model, model.topic_names[int(np.argmax(scores))])
        if level.fit[partner, topic] < 0.05:
            return text("hint.no_fit_none", partner=name, topic=best)
        if event.get("frame") == "HiaP":
            priorities = level.sector_specs[partner].priorities
            goal = max(priorities, key=priorities.get) if priorities else THEMES[0]
            return text("hint.no_fit_hiap", goal=text.theme(goal), partner=name)
        return text("hint.no_fit_hfap", topic=best, partner=name)
    if reason == "autonomy":
        return text("hint.autonomy", level=event.get("level", 2))
    if reason in ("low_trust", "no_capacity"):
        return text(f"hint.{reason}", partner=name)
    if reason in ("no_political_cover", "no_urgency", "no_budget", "silo"):
        return text(f"hint.local.{reason}", partner=name)
    return ""


def explain_decision(session: GameSession, event: dict[str, Any]) -> dict[str, Any]:
    """A sector's answer in plain words with a hint (the shape of :class:`hiap_sim.game.feedback.DecisionNote`)."""

    text, model = session.text, session.model
    level = int(event.get("level", 2))
    escalation = bool(event.get("escalation", False))
    values = {"partner": sector_label(session, event["partner"]), "topic": text.topic(model, event["topic"]), "lead": sector_label(session, event["lead"]), "level": level}
    players = [p for p in session.players if is_local(p)]
    hint = ""
    if event["accept"]:
        line = text("decision.escalation_yes" if escalation else "decision.joins", **values)
    else:
        line = text("decision.escalation_no" if escalation else "decision.declines", **values, reason=text.reason(event["reason"]))
        if players and event["partner"] != PUBLIC_HEALTH:
            hint = hint_for(session, players[0], event)
    officer = next((p for p in players if p.role.kind == "health_officer"), None)
    if event["partner"] == PUBLIC_HEALTH and officer is not None:
        hint = text("decision.by_you", policy=text.name(f"choice.{officer.answer_policy}", officer.answer_policy))
    return DecisionNote(
        date=event["date"], partner=event["partner"], lead=event["lead"], topic=event["topic"], accept=bool(event["accept"]), reason=event.get("reason", ""),
        probability=float(event.get("probability", 0.0)), level=level, frame=event.get("frame", ""), text=line, hint=hint, escalation=escalation,
        roles=[p.role.id for p in players],
    ).to_dict()


def concerns_public_health(event: dict[str, Any]) -> bool:
    return PUBLIC_HEALTH in (event.get("partner"), event.get("lead"))


def news(session: GameSession, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """News of the player's municipality from the model's journal: joint work of public health, elections,
    maturity, and the fate of the alderman's proposals to the council."""

    level, text = municipal_level(session), session.text
    items = []
    for entry in entries:
        kind, date = entry["kind"], entry.get("date") or session.date_of(entry["month"])
        row = entry.get("row")
        work = LocalWork(level, row) if row is not None and row >= 0 else None
        if work is not None and PUBLIC_HEALTH not in (SECTORS[work.lead], *[SECTORS[s] for s in work.partners]) and kind != "partner_left":
            continue
        reason = entry.get("reason", "")
        label = work_label(session, work) if work is not None else ""
        line = None
        if kind == "initiative_started":
            line = text("news.started", label=label, level=entry.get("level", 2))
        elif kind == "initiative_stalled":
            line = text("news.stalled", label=label, why=text.why(reason))
        elif kind == "initiative_revived":
            line = text("news.revived", label=label)
        elif kind == "initiative_completed":
            line = text("news.completed", label=label, why=text.why(reason))
        elif kind == "initiative_abandoned":
            line = text("news.abandoned", label=label, why=text.why(reason))
        elif kind == "escalation":
            line = text("news.escalation", label=label, level=entry.get("level", ""))
        elif kind == "partner_joined":
            line = text("news.joined", partner=sector_label(session, entry["partner"]), label=label)
        elif kind == "partner_left":
            line = text("news.left", partner=sector_label(session, entry["partner"]), label=label, why=text.why(reason))
        elif kind == "funding":
            line = text("news.funding", label=label)
        elif kind == "small_win":
            line = text("news.local.small_win", label=label)
        elif kind == "maturity":
            stage = int(entry["stage"])
            line = text("news.local.maturity_up" if entry["up"] else "news.local.maturity_down", stage=stage, name=MATURITY_STAGES[stage - 1])
            kind = "maturity_up" if entry["up"] else "maturity_down"
        elif kind == "municipal_election":
            line = text("news.local.election", before=entry["before"], after=entry["after"])
        if line is not None:
            items.append(NewsItem(date, kind, line, mine=True, reason=reason).to_dict())
    return items


def relations(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """Per sector: trust with public health, the topic that suits it best on the local agenda, shared work."""
    level, text, model = municipal_level(session), session.text, session.model
    m = muni(player)
    rows = []
    for sector in sectors(session):
        trust = 0.5 * (level.sector_trust[m, level.ph, sector.index] + level.sector_trust[m, sector.index, level.ph])
        best = int(np.argmax(level.fit[sector.index] * (0.5 + level.priority[m])))
        shared = [f"#{w.unique_id}:{w.level_now}" for w in work_of(session, player) if sector.index in w.members]
        rows.append({"org": sector.code, "name": sector_label(session, sector.code), "trust": float(trust),
                     "best_topic": text.topic(model, model.topic_names[best]), "joint": " ".join(shared) or "-"})
    return rows


def initiative_rows(session: GameSession, player: Player) -> list[dict[str, Any]]:
    level, text, model = municipal_level(session), session.text, session.model
    rows = []
    for work in all_work_of(session, player):
        table = level.initiatives
        members = sector_label(session, SECTORS[work.lead]) + " + " + ("+".join(sector_label(session, SECTORS[s]) for s in work.partners) or "-")
        new_wins = work.small_wins - level.work.publicised.get(work.row, 0)
        how = f"{'HfaP' if table.hfap[work.row] else 'HiaP'} / {APPROACHES[table.approach[work.row]]} / {FUNDINGS[table.funding[work.row]]}"
        rows.append({
            "id": work.unique_id, "topic": text.topic(model, model.topic_names[work.topic]), "members": members,
            "level": f"{work.level_now} ({int(table.target[work.row])})", "how": how, "phase": text.phase(work.phase),
            "progress": f"{float(table.progress[work.row]):.0%}", "wins": f"{work.small_wins} ({max(new_wins, 0)})", "alive": work.alive,
        })
    return rows


def dashboard(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """The municipality's indicators: maturity, alderman support, local trust, sectors in joint work, ..."""
    level, text = municipal_level(session), session.text
    m = muni(player)
    you, auto = records(session.model, m), records(session.autopilot, m)
    now, auto_now = you[-1], auto[-1]
    before = you[max(0, len(you) - 1 - session.months_per_turn)]
    rows = []

    def add(key: str, label: str, value: float, previous: float | None, autopilot: float | None, fmt: str = ".2f") -> None:
        rows.append({"key": key, "label": label, "value": format(value, fmt), "change": "" if previous is None else format(value - previous, "+" + fmt),
                     "autopilot": "" if autopilot is None else format(autopilot, fmt)})

    def stage(row: dict[str, Any]) -> str:
        return f"{row['maturity']} {MATURITY_STAGES[row['maturity'] - 1]}"

    rows.append({"key": "maturity", "label": text("dash.local.maturity"), "value": stage(now), "change": format(now["maturity"] - before["maturity"], "+d"),
                 "autopilot": stage(auto_now)})
    add("support", text("dash.local.support"), now["alderman_support"], before["alderman_support"], auto_now["alderman_support"])
    add("trust_cross", text("dash.local.trust"), now["trust_cross"], before["trust_cross"], auto_now["trust_cross"])
    add("sectors", text("dash.local.sectors", total=len(SECTORS) - 1), now["sectors_collaborating"], before["sectors_collaborating"], auto_now["sectors_collaborating"], "d")
    rows.append({"key": "initiatives", "label": text("dash.initiatives_active"), "value": f"{now['initiatives_active']} / {now['initiatives_stalled']}",
                 "change": "", "autopilot": f"{auto_now['initiatives_active']} / {auto_now['initiatives_stalled']}"})
    rows.append({"key": "ended", "label": text("dash.initiatives_ended"), "value": f"{now['initiatives_completed']} / {now['initiatives_abandoned']}",
                 "change": "", "autopilot": f"{auto_now['initiatives_completed']} / {auto_now['initiatives_abandoned']}"})
    add("small_wins", text("dash.small_wins"), now["small_wins"], before["small_wins"], auto_now["small_wins"], ".0f")
    add("health", text("dash.local.health"), 100 * now["health_gap_secured"], 100 * before["health_gap_secured"], 100 * auto_now["health_gap_secured"])
    add("urgency", text("dash.local.urgency"), now["urgency"], before["urgency"], auto_now["urgency"])
    yes, no = text("dash.local.yes"), text("dash.local.no")
    structures = [text("dash.local.lead")] if now["has_lead"] else []
    structures += [text("dash.local.igb")] if now["igb_assigned"] else []
    structures += [text("dash.local.note")] if level.note_in_force()[m] else []
    structures += [text("dash.local.budget")] if level.earmarked is not None and level.earmarked[m] else []
    rows.append({"key": "structures", "label": text("dash.local.structures"), "value": ", ".join(structures) or text("dash.none"), "change": "", "autopilot": ""})
    evidence = level.local_evidence is not None and level.local_evidence[m] > 0
    rows.append({"key": "evidence", "label": text("dash.local.evidence"), "value": yes if evidence else no, "change": "", "autopilot": ""})
    fte, money = free_resources(session, player)
    add("free_staff", text("dash.local.free_staff") + " (FTE)", fte, None, None)
    add("free_money", text("dash.local.free_money") + " (k EUR/yr)", money, None, None, ".0f")
    mine, theirs = session.scores()
    add("score", text("dash.score"), mine.total, None, theirs.total, ".1f")
    return rows


def comparison(session: GameSession, model: Any, m: int) -> dict[str, float]:
    """Counts that explain the score: public health's proposals, their acceptance, joint work and how it ended."""
    level = model.municipal
    asked = [e for e in level.journal if e["kind"] == "decision" and e["lead"] == PUBLIC_HEALTH and not e["escalation"] and e["municipality"] == level.names[m]]
    table = level.initiatives
    n = table.n
    rows = np.flatnonzero((table.group[:n] == m) & ((table.lead[:n] == level.ph) | table.partners[:n, level.ph]))
    return {
        "proposals": len({(e["month"], e["topic"]) for e in asked}),
        "acceptance": sum(e["accept"] for e in asked) / len(asked) if asked else 0.0,
        "started": len(rows),
        "completed": int((table.phase[rows] == PHASES.index("completed")).sum()),
        "abandoned": int((table.phase[rows] == PHASES.index("abandoned")).sum()),
        "wins": int(table.small_wins[rows].sum()),
    }


def history(session: GameSession, work: LocalWork) -> list[tuple[int, int, str]]:
    """(from month, to month, state) segments of one municipal initiative, from the model's journal."""
    level = municipal_level(session)
    table = level.initiatives
    end = int(table.ended[work.row]) if table.ended[work.row] >= 0 else level.month
    changes: list[tuple[int, str]] = [(int(table.started[work.row]), str(work.level_now))]
    levels = {}
    for entry in level.journal:
        if entry.get("row") != work.row or entry["kind"] == "decision":
            continue
        month = entry["month"]
        if entry["kind"] == "initiative_started":
            changes = [(month, str(entry.get("level", 2)))]
            levels["now"] = str(entry.get("level", 2))
        elif entry["kind"] in ("escalation", "scale_down"):
            levels["now"] = str(entry["level"])
            changes.append((month, levels["now"]))
        elif entry["kind"] == "initiative_stalled":
            changes.append((month, "stalled"))
        elif entry["kind"] == "initiative_revived":
            changes.append((month, levels.get("now", str(work.level_now))))
    segments = []
    for (start, state), (stop, _next) in zip(changes, [*changes[1:], (end + 1, "")], strict=True):
        if stop > start:
            segments.append((start, stop, state))
    return segments or [(changes[0][0], changes[0][0] + 1, changes[0][1])]


__all__ = ["MUNICIPAL_KINDS", "LocalWork", "apply", "check_rules", "is_local"]
