"""Feedback after a turn: news of the period, every partner decision in plain words with a hint, the dashboard.

Everything is read from the model (its event log, metrics and state); nothing here changes it. Hints follow
the decision rule of spec 4.4: the reason that held the value back most names the lever to pull
(framing for fit [ABD2024 5.2, HHS2016 #17], relations for trust [RIVM2010], urgency, political cover,
a lower level for autonomy and cost [ABD2024 6.1]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.game.results import DecisionNote, NewsItem
from hiap_sim.scenario.schema import THEMES

if TYPE_CHECKING:
    from hiap_sim.control import HiapModel
    from hiap_sim.game.session import GameSession, Player
    from hiap_sim.game.text import Text

WORLD_KINDS = ("cabinet", "crisis", "budget_cut", "reorganisation", "lever")
INITIATIVE_KINDS = (
    "initiative_started", "initiative_stalled", "initiative_revived", "initiative_completed", "initiative_abandoned",
    "escalation", "partner_joined", "partner_left", "funding", "turnover",
)


# ------------------------------------------------------------------------------------------ labels
def initiative_label(model: HiapModel, text: Text, initiative: Any) -> str:
    lead = model.organisations[initiative.lead].code
    partners = "+".join(model.organisations[p].code for p in initiative.partners) or "-"
    return text("label.initiative", id=initiative.unique_id, topic=text.topic(model, model.topic_names[initiative.topic]), lead=lead, partners=partners)


def _priorities(model: HiapModel, org_index: int) -> np.ndarray:
    code = model.organisations[org_index].code
    spec = model.config.departments.get(code)
    if spec is None:
        return np.zeros(len(THEMES))
    return np.array([spec.priorities.get(theme, 0.0) for theme in THEMES])


def hint_for(model: HiapModel, text: Text, partner: int, topic: int, frame: str, level: int, reason: str) -> str:
    """What to try next after a 'no' for ``reason`` (spec 4.4)."""
    code = model.organisations[partner].code
    if reason == "no_fit":
        fit = float(model.org_fit[partner, topic])
        scores = model.org_fit[partner] * (0.5 + model.topic_potential)
        scores[topic] = -1.0
        best = text.topic(model, model.topic_names[int(np.argmax(scores))])
        if fit < 0.05:
            return text("hint.no_fit_none", partner=code, topic=best)
        if frame == "HiaP":
            priorities = _priorities(model, partner)
            overlap = model.topic_themes[topic] * priorities
            theme = THEMES[int(np.argmax(overlap if overlap.max() > 0 else priorities))]
            return text("hint.no_fit_hiap", goal=text.theme(theme), partner=code)
        return text("hint.no_fit_hfap", topic=best, partner=code)
    if reason == "autonomy":
        return text("hint.autonomy", level=level)
    if reason in ("low_trust", "no_political_cover", "no_capacity", "silo"):
        return text(f"hint.{reason}", partner=code)
    if reason in ("no_urgency", "no_budget"):
        return text(f"hint.{reason}")
    return ""


def explain_decision(session: GameSession, event: dict[str, Any]) -> DecisionNote:
    """A logged partner decision as a note: who, what, yes or no, the reason in plain words and a hint."""
    model, text = session.model, session.text
    partner = model.org_codes[event["partner"]]
    topic = model.topic_index[event["topic"]]
    topic_name = text.topic(model, event["topic"])
    level = int(event.get("level", 2))
    escalation = bool(event.get("escalation", False))
    values = {"partner": event["partner"], "topic": topic_name, "lead": event["lead"], "level": level}
    hint = ""
    if event["accept"]:
        line = text("decision.escalation_yes" if escalation else "decision.joins", **values)
    else:
        reason = text.reason(event["reason"])
        line = text("decision.escalation_no" if escalation else "decision.declines", **values, reason=reason)
        hint = hint_for(model, text, partner, topic, event.get("frame", "HiaP"), level, event["reason"])
    answering = next((p for p in session.players if p.role.org_code == event["partner"]), None)
    if answering is not None:
        # the player's own organisation answered: no advice to the asker, but say which policy answered
        hint = text("decision.by_you", policy=text.name(f"choice.{answering.answer_policy}", answering.answer_policy))
    roles = [p.role.id for p in session.players if p.role.org_code in (event["partner"], event["lead"])]
    return DecisionNote(
        date=event["date"], partner=event["partner"], lead=event["lead"], topic=event["topic"], accept=bool(event["accept"]),
        reason=event.get("reason", ""), probability=float(event.get("probability", 0.0)), level=level, frame=event.get("frame", ""),
        text=line, hint=hint, escalation=escalation, roles=roles,
    )


# ------------------------------------------------------------------------------------------ news
def news(session: GameSession, events: list[dict[str, Any]], months: int, turnover: int) -> list[NewsItem]:
    """News items for the events of a period, the player's own first among the initiative news."""
    from hiap_sim.game.local import is_local

    model, text = session.model, session.text
    initiatives = {i.unique_id: i for i in model.initiatives}
    national = [p for p in session.players if not is_local(p)]
    player_codes = {p.role.org_code for p in national}
    player_orgs = {p.role.org_index for p in national}
    items: list[NewsItem] = []
    new_elsewhere = ended_elsewhere = 0
    for event in events:
        kind = event["kind"]
        date = event["date"]
        if kind == "cabinet":
            items.append(NewsItem(date, kind, text("news.cabinet", cause=text.name(f"cause.{event.get('cause', 'regular')}", event.get("cause", "")))))
        elif kind == "crisis":
            crisis = event.get("crisis", "other")
            size = float(event.get("size", 0.0))
            if crisis == "economic":
                items.append(NewsItem(date, "economic_crisis", text("news.crisis_economic", size=size)))
            else:
                departments = ", ".join(event.get("departments", [])) or text("dash.none")
                items.append(NewsItem(date, kind, text("news.crisis", kind=text.name(f"crisis.{crisis}", crisis), size=size, departments=departments)))
        elif kind == "budget_cut":
            departments = ", ".join(event.get("departments", []))
            mine = bool(set(event.get("departments", [])) & player_codes)
            items.append(NewsItem(date, kind, text("news.budget_cut", fraction=float(event.get("fraction", 0.0)), departments=departments), mine=mine))
        elif kind == "reorganisation":
            items.append(NewsItem(date, kind, text("news.reorganisation", what=event["what"])))
        elif kind == "lever":
            on = event["what"].endswith("starts")
            items.append(NewsItem(date, f"lever_{'on' if on else 'off'}", text("news.lever_on" if on else "news.lever_off", lever=text.lever(event.get("lever", "")))))
        elif kind == "lever_proposal":
            result = text("news.adopted" if event.get("adopted") else "news.rejected")
            items.append(NewsItem(date, kind, text("news.lever_proposal", org=event.get("org", ""), lever=text.lever(event.get("lever", "")), result=result), mine=True))
        elif kind in INITIATIVE_KINDS:
            initiative = initiatives.get(event.get("initiative"))
            if initiative is None:
                continue
            mine = bool(set(initiative.members) & player_orgs) or event.get("partner") in player_codes
            if not mine:
                new_elsewhere += kind == "initiative_started"
                ended_elsewhere += kind in ("initiative_completed", "initiative_abandoned")
                continue
            label = initiative_label(model, text, initiative)
            reason = event.get("reason", "")
            item = _initiative_news(text, kind, label, event, reason)
            if item is not None:
                items.append(NewsItem(date, kind, item, mine=True, reason=reason))
    end_date = model.date
    for player in national:
        org = player.role.org_index
        left = int(np.count_nonzero((model.staff_org == org) & model.staff_active & (model.staff_tenure < months)))
        if left:
            items.append(NewsItem(end_date, "own_turnover", text("news.own_turnover", count=left), mine=True))
        for initiative in session.initiatives_of(player):
            if initiative.lead != org or not initiative.active:
                continue
            for partner, contact in initiative.partners.items():
                if model.staff_tenure[contact] < months:
                    items.append(NewsItem(end_date, "contact_left", text("news.contact_left", partner=model.organisations[partner].code,
                                                                           label=initiative_label(model, text, initiative)), mine=True, reason="contact_left"))
    if turnover:
        items.append(NewsItem(end_date, "turnover", text("news.turnover_all", count=turnover)))
    if new_elsewhere or ended_elsewhere:
        items.append(NewsItem(end_date, "elsewhere", text("news.elsewhere", new=new_elsewhere, ended=ended_elsewhere)))
    if model.window_topics:
        topics = ", ".join(text.topic(model, model.topic_names[t]) for t in sorted(model.window_topics))
        items.append(NewsItem(end_date, "window", text("news.window_open", topics=topics)))
    if not items:
        items.append(NewsItem(end_date, "quiet", text("news.nothing")))
    return items


def _initiative_news(text: Text, kind: str, label: str, event: dict[str, Any], reason: str) -> str | None:
    if kind == "initiative_started":
        return text("news.started", label=label, level=event.get("level", 2))
    if kind == "initiative_stalled":
        return text("news.stalled", label=label, why=text.why(reason))
    if kind == "initiative_revived":
        return text("news.revived", label=label)
    if kind == "initiative_completed":
        return text("news.completed", label=label, why=text.why(reason))
    if kind == "initiative_abandoned":
        return text("news.abandoned", label=label, why=text.why(reason))
    if kind == "escalation":
        return text("news.escalation", label=label, level=event.get("level", ""))
    if kind == "partner_joined":
        return text("news.joined", partner=event["what"].split(" ")[0], label=label)
    if kind == "partner_left":
        return text("news.left", partner=event.get("partner", ""), label=label, why=text.why(reason))
    if kind == "funding":
        return text("news.funding", label=label)
    if kind == "turnover":
        return text("news.coordinator_left", label=label)
    return None


# ------------------------------------------------------------------------------------------ dashboard
def dashboard(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """Indicator rows: key, label, value now, change since the start of the last turn, autopilot value."""
    from hiap_sim.game import local

    if local.is_local(player):
        return local.dashboard(session, player)
    model, auto, text = session.model, session.autopilot, session.text
    now, auto_now = model.records[-1], auto.records[-1]
    before = model.records[max(0, len(model.records) - 1 - session.months_per_turn)]
    org = model.organisations[player.role.org_index]
    rows = []

    def add(key: str, label: str, value: float, previous: float | None, autopilot: float | None, fmt: str = ".2f") -> None:
        rows.append({"key": key, "label": label, "value": format(value, fmt),
                     "change": "" if previous is None else format(value - previous, "+" + fmt),
                     "autopilot": "" if autopilot is None else format(autopilot, fmt)})

    def depth(row: dict[str, Any]) -> float:
        return row["level_share_2"] + row["level_share_3"] + row["level_share_4"]

    add("trust_cross", text("dash.trust_cross"), now["trust_cross"], before["trust_cross"], auto_now["trust_cross"])
    trust = model.org_trust_matrix()[:, org.index]
    others = [o.index for o in session.partner_orgs(player)]
    auto_trust = auto.org_trust_matrix()[:, org.index]
    add("trust_own", text("dash.trust_own", org=org.code), float(np.nanmean(trust[others])), None, float(np.nanmean(auto_trust[others])))
    add("depth", text("dash.depth"), 100 * depth(now), 100 * depth(before), 100 * depth(auto_now), ".0f")
    rows.append({"key": "initiatives", "label": text("dash.initiatives_active"), "value": f"{now['initiatives_active']} / {now['initiatives_stalled']}",
                 "change": "", "autopilot": f"{auto_now['initiatives_active']} / {auto_now['initiatives_stalled']}"})
    rows.append({"key": "ended", "label": text("dash.initiatives_ended"), "value": f"{now['initiatives_completed']} / {now['initiatives_abandoned']}",
                 "change": "", "autopilot": f"{auto_now['initiatives_completed']} / {auto_now['initiatives_abandoned']}"})
    add("small_wins", text("dash.small_wins"), now["small_wins"], before["small_wins"], auto_now["small_wins"], ".0f")
    add("health", text("dash.health"), 100 * now["health_gap_secured"], 100 * before["health_gap_secured"], 100 * auto_now["health_gap_secured"], ".2f")
    add("urgency", text("dash.urgency"), now["urgency_mean"], before["urgency_mean"], auto_now["urgency_mean"])
    add("commitment", text("dash.commitment"), now["commitment_mean"], before["commitment_mean"], auto_now["commitment_mean"])
    add("own_commitment", text("dash.own_commitment"), org.political_commitment, None, auto.organisations[org.index].political_commitment)
    fte, money = session.free_resources(player)
    add("free_staff", text("dash.free_staff") + " (FTE)", fte, None, None)
    add("free_money", text("dash.free_money") + " (M EUR/yr)", money, None, None)
    levers = [text.lever(name) for name, on in model.lever_active.items() if on]
    rows.append({"key": "levers", "label": text("dash.levers"), "value": ", ".join(levers) or text("dash.none"), "change": "", "autopilot": ""})
    you, autopilot = session.scores()
    add("score", text("dash.score"), you.total, None, autopilot.total, ".1f")
    return rows


def relations(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """Per other ministry: trust with the player's organisation, the topic that suits it best, shared work."""
    from hiap_sim.game import local

    if local.is_local(player):
        return local.relations(session, player)
    model, text = session.model, session.text
    own = player.role.org_index
    trust = model.org_trust_matrix()
    rows = []
    for org in session.partner_orgs(player):
        scores = model.org_fit[org.index] * (0.5 + model.topic_potential)
        best = int(np.argmax(scores))
        window = " *" if best in model.window_topics else ""
        shared = [f"#{i.unique_id}:{i.level}" for i in model.initiatives if i.alive and own in i.members and org.index in i.members]
        rows.append({"org": org.code, "name": org.name, "trust": float(trust[own, org.index]), "best_topic": text.topic(model, model.topic_names[best]) + window,
                     "joint": " ".join(shared) or "-"})
    return rows


def initiative_rows(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """The joint work the player's organisation takes part in (alive, or ended during the game)."""
    from hiap_sim.game import local

    if local.is_local(player):
        return local.initiative_rows(session, player)
    model, text = session.model, session.text
    rows = []
    for initiative in model.initiatives:
        if player.role.org_index not in initiative.members and not (initiative.ended and player.role.org_index == initiative.lead):
            continue
        members = model.organisations[initiative.lead].code + " + " + ("+".join(model.organisations[p].code for p in initiative.partners) or "-")
        new_wins = initiative.small_wins - model.was_publicised(initiative)
        rows.append({
            "id": initiative.unique_id, "topic": text.topic(model, model.topic_names[initiative.topic]), "members": members,
            "level": f"{initiative.level} ({initiative.target_level})", "how": f"{initiative.frame} / {initiative.approach} / {initiative.funding}",
            "phase": text.phase(initiative.phase), "progress": f"{initiative.progress:.0%}", "wins": f"{initiative.small_wins} ({max(new_wins, 0)})",
            "alive": initiative.alive,
        })
    return rows


def describe_action(session: GameSession, action: dict[str, Any], role: str | None = None) -> str:
    """A decision in a few words: the action's name and what it was about (``role``: whose decision it was)."""
    from hiap_sim.game import local

    model, text = session.model, session.text
    player = next((p for p in session.players if p.role.id == role), None)
    municipal = player is not None and local.is_local(player)
    name = action["do"]
    parts = []
    if "topic" in action:
        parts.append(text.topic(model, action["topic"]))
    if "partners" in action:
        parts.append("+".join(local.sector_label(session, p) if municipal else p for p in action["partners"]))
    if "partner" in action:
        parts.append(local.sector_label(session, action["partner"]) if municipal else action["partner"])
    if "initiative" in action:
        if municipal:
            initiative = local.LocalWork(model.municipal, int(action["initiative"]))
        else:
            initiative = next((i for i in model.initiatives if i.unique_id == action["initiative"]), None)
        topic = text.topic(model, model.topic_names[initiative.topic]) if initiative is not None else ""
        parts.append(f"#{action['initiative']} {topic}".strip())
    if "lever" in action:
        parts.append(text.lever(action["lever"]))
    if "focus_topics" in action:
        parts.append(", ".join(text.topic(model, t) for t in action["focus_topics"]))
    settings = [str(action[k]) for k in ("level", "ambition", "frame", "approach", "funding", "relation_share", "policy") if k in action]
    detail = ": " + "; ".join(parts) if parts else ""
    return text(f"action.{name}") + detail + (f" ({', '.join(settings)})" if settings else "")
