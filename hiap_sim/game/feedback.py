"""Feedback after a turn: news of the period, every partner decision in plain words with a hint, the dashboard.

Everything is read through the players' seats (their level's log, records and state) and the model's event log;
nothing here changes the model. The same functions serve every level: a seat names its organisations, and
words some messages in its own way (``Seat.keys``). Hints follow
the decision rule of spec 4.4: the reason that held the value back most names the lever to pull
(framing for fit [ABD2024 5.2, HHS2016 #17], relations for trust [RIVM2010], urgency, political cover,
a lower level for autonomy and cost [ABD2024 6.1]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hiap_sim.game.results import DecisionNote, NewsItem
from hiap_sim.scenario.municipal import MATURITY_STAGES

if TYPE_CHECKING:
    from hiap_sim.control import Event, Seat, WorkView
    from hiap_sim.game.session import GameSession, Player
    from hiap_sim.game.text import Text

WORLD_KINDS = ("cabinet", "crisis", "budget_cut", "reorganisation", "lever")
INITIATIVE_KINDS = (
    "initiative_started", "initiative_stalled", "initiative_revived", "initiative_completed", "initiative_abandoned",
    "escalation", "partner_joined", "partner_left", "funding", "turnover",
)


# ------------------------------------------------------------------------------------------ labels
def key(seat: Seat, name: str) -> str:
    """The message key ``name`` as the seat's level words it."""
    return seat.keys.get(name, name)


def work_label(session: GameSession, seat: Seat, work: WorkView, name: str = "label.initiative") -> str:
    """'#12 Topic (lead with partners)' for joint work on the seat's level."""
    text, view = session.text, session.view
    partners = "+".join(session.org_label(seat, seat.code_of(p)) for p in work.partners) or "-"
    return text(name, id=work.unique_id, topic=text.topic(view, view.topic_names[work.topic]), lead=session.org_label(seat, seat.code_of(work.lead)),
                partners=partners)


def scored_work(session: GameSession, which: str) -> list[tuple[Any, Any]]:
    """(seat, joint work) of the players sitting at the level the game is scored on, each piece once, in order of
    start; ``which`` is ``all_work`` (taking part, or led until it ended) or ``touched_work`` (also left)."""
    level = session.scoring_seat.level
    found: dict[int, tuple[Any, Any]] = {}
    for player in session.players:
        seat = session.seat(player)
        if seat.level == level:
            for work in getattr(seat, which)():
                found.setdefault(work.unique_id, (seat, work))
    return sorted(found.values(), key=lambda pair: pair[1].row)


def hint_for(session: GameSession, seat: Seat, event: dict[str, Any], level: int) -> str:
    """What to try next after a 'no' (spec 4.4), with the levers of the seat's level."""
    text, view = session.text, session.view
    reason = event["reason"]
    partner = seat.partner_index(event["partner"])
    name = session.org_label(seat, event["partner"])
    topic = view.topic_index[event["topic"]]
    if reason == "no_fit":
        best = text.topic(view, view.topic_names[seat.best_topic(partner, topic)])
        if seat.partner_fit(partner, topic) < 0.05:
            return text("hint.no_fit_none", partner=name, topic=best)
        if event.get("frame", "HiaP") == "HiaP":
            return text("hint.no_fit_hiap", goal=text.theme(seat.goal_theme(partner, topic)), partner=name)
        return text("hint.no_fit_hfap", topic=best, partner=name)
    if reason == "autonomy":
        return text("hint.autonomy", level=level)
    if reason in ("low_trust", "no_political_cover", "no_capacity", "silo", "no_urgency", "no_budget"):
        return text(key(seat, f"hint.{reason}"), partner=name)
    return ""


def explain_decision(session: GameSession, seat: Seat, event: dict[str, Any]) -> DecisionNote:
    """A partner decision on the seat's level as a note: who, what, yes or no, the reason in plain words and a hint."""
    from hiap_sim.game.actions import allowed

    view, text = session.view, session.text
    level = int(event.get("level", 2))
    escalation = bool(event.get("escalation", False))
    values = {"partner": session.org_label(seat, event["partner"]), "topic": text.topic(view, event["topic"]), "lead": session.org_label(seat, event["lead"]),
              "level": level}
    concerned = [p for p in session.players if session.seat(p).concerns(event)]
    by_players = any(session.seat(p).answers(event) for p in session.players)
    hint = ""
    if event["accept"]:
        line = text("decision.escalation_yes" if escalation else "decision.joins", **values)
    else:
        line = text("decision.escalation_no" if escalation else "decision.declines", **values, reason=text.reason(event["reason"]))
        if not by_players:
            hint = hint_for(session, seat, event, level)
    answered = session.answered(event)
    answered_by = how = own_text = own_hint = ""
    if answered is not None and allowed(session.seat(session.player(answered[0])), session.player(answered[0]), "set_answer_policy"):
        # a participant plays the answering organisation: the asker is told who answered, the answerer reads it as theirs
        answered_by, how = answered
        answering = session.player(answered_by)
        policy = text.name(f"policy.{answering.answer_policy}", answering.answer_policy)
        hint = text(f"decision.answered_{how}", partner=values["partner"], policy=policy)
        if event["accept"]:
            own_text = text("decision.own_escalation_yes" if escalation else "decision.own_joins", **values)
        else:
            own_reason = text.name(f"reason_own.{event['reason']}", text.reason(event["reason"]))
            own_text = text("decision.own_escalation_no" if escalation else "decision.own_declines", **values, reason=own_reason)
        own_hint = text(f"decision.own_{how}", policy=policy)
    return DecisionNote(
        date=event["date"], partner=event["partner"], lead=event["lead"], topic=event["topic"], accept=bool(event["accept"]),
        reason=event.get("reason", ""), probability=float(event.get("probability", 0.0)), level=level, frame=event.get("frame", ""),
        text=line, hint=hint, escalation=escalation, roles=[p.role.id for p in concerned], answered_by=answered_by, answered_how=how,
        own_text=own_text, own_hint=own_hint,
    )


# ------------------------------------------------------------------------------------------ news
def news(session: GameSession, events: list[tuple[str, Event]], months: int, turnover: int) -> list[NewsItem]:
    """News items for the (date, event) pairs of a period in the model's event log, the players' own first among
    the joint-work news."""
    view, text = session.view, session.text
    world = session.world
    initiatives = world.work_index()
    in_log = [session.seat(p) for p in session.players if session.seat(p).event_log_org is not None]
    player_codes = {seat.own_code for seat in in_log}
    player_orgs = {seat.event_log_org for seat in in_log}
    items: list[NewsItem] = []
    new_elsewhere = ended_elsewhere = 0
    for date, event in events:
        kind = event.kind
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
            items.append(NewsItem(date, kind, text("news.reorganisation", what=text.event(event, view))))
        elif kind == "lever":
            on = event.key == "log.lever_starts"
            items.append(NewsItem(date, f"lever_{'on' if on else 'off'}", text("news.lever_on" if on else "news.lever_off", lever=text.lever(event.get("lever", "")))))
        elif kind == "lever_proposal":
            result = text("news.adopted" if event.get("adopted") else "news.rejected")
            items.append(NewsItem(date, kind, text("news.lever_proposal", org=event.get("org", ""), lever=text.lever(event.get("lever", "")), result=result), mine=True))
        elif kind in INITIATIVE_KINDS:
            work = initiatives.get(event.get("initiative"))
            if work is None:
                continue
            mine = bool(set(work.members) & player_orgs) or event.get("partner") in player_codes
            if not mine:
                new_elsewhere += kind == "initiative_started"
                ended_elsewhere += kind in ("initiative_completed", "initiative_abandoned")
                continue
            label = work_label(session, world, work)
            reason = event.get("reason", "")
            partner = event.values.get("partner") if kind in ("partner_joined", "partner_left") else None
            item = _initiative_news(text, kind, label, event, reason, partner)
            if item is not None:
                items.append(NewsItem(date, kind, item, mine=True, reason=reason))
    end_date = view.date
    for seat in in_log:
        left, contacts = seat.turnover_news(months)
        readers = [p.role.id for p in session.players_at(seat)]  # 'your officials' is news for the players of that organisation only
        if left:
            items.append(NewsItem(end_date, "own_turnover", text("news.own_turnover", count=left), mine=True, roles=readers))
        for partner, work in contacts:
            items.append(NewsItem(end_date, "contact_left", text("news.contact_left", partner=session.org_label(seat, seat.code_of(partner)), label=work_label(session, seat, work)),
                                  mine=True, reason="contact_left", roles=readers))
    if turnover:
        items.append(NewsItem(end_date, "turnover", text("news.turnover_all", count=turnover)))
    if new_elsewhere or ended_elsewhere:
        items.append(NewsItem(end_date, "elsewhere", text("news.elsewhere", new=new_elsewhere, ended=ended_elsewhere)))
    if world.window_topics():
        topics = ", ".join(text.topic(view, view.topic_names[t]) for t in world.window_topics())
        items.append(NewsItem(end_date, "window", text("news.window_open", topics=topics)))
    if not items:
        items.append(NewsItem(end_date, "quiet", text("news.nothing")))
    return items


def _initiative_news(text: Text, kind: str, label: str, event: Event | dict[str, Any], reason: str, partner: str | None = None) -> str | None:
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
        return text("news.joined", partner=partner, label=label)
    if kind == "partner_left":
        return text("news.left", partner=partner if partner is not None else event.get("partner", ""), label=label, why=text.why(reason))
    if kind == "funding":
        return text("news.funding", label=label)
    if kind == "turnover":
        return text("news.coordinator_left", label=label)
    return None


def journal_news(session: GameSession, seat: Seat, entries: list[tuple[str, Event]]) -> list[dict[str, Any]]:
    """News from the (date, event) pairs of the journal of a seat's level (a municipality): the seat's joint work,
    elections, maturity."""
    text = session.text
    items = []
    for date, entry in entries:
        kind = entry.kind
        row = entry.get("row")
        work = seat.find_work(row) if row is not None and row >= 0 else None
        if work is not None and seat.own not in (work.lead, *work.partners) and kind != "partner_left":
            continue
        reason = entry.get("reason", "")
        label = work_label(session, seat, work) if work is not None else ""
        line = None
        if kind in ("initiative_started", "initiative_stalled", "initiative_revived", "initiative_completed", "initiative_abandoned", "escalation",
                    "partner_joined", "partner_left", "funding"):
            partner = session.org_label(seat, entry.get("partner")) if kind in ("partner_joined", "partner_left") else None
            line = _initiative_news(text, kind, label, entry, reason, partner)
        elif kind == "small_win":
            line = text("news.local.small_win", label=label)
        elif kind == "maturity":
            stage, up = int(entry.get("stage")), bool(entry.get("up"))
            line = text("news.local.maturity_up" if up else "news.local.maturity_down", stage=stage, name=MATURITY_STAGES[stage - 1])
            kind = "maturity_up" if up else "maturity_down"
        elif kind == "municipal_election":
            line = text("news.local.election", before=entry.get("before"), after=entry.get("after"))
        if line is not None:
            items.append(NewsItem(date, kind, line, mine=True, reason=reason).to_dict())
    return items


# ------------------------------------------------------------------------------------------ dashboard
def dashboard(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """Indicator rows: key, label, value now, change since the start of the last turn, autopilot value."""
    text = session.text
    rows = []
    for row in session.seat(player).indicators(session.autopilot_seat(player), session.months_per_turn):
        label = text(row.label, **row.label_values) + text.unit(row.suffix)
        if row.unit and row.unit != "percent":
            label += f" ({text('unit.' + row.unit)})"
        if row.kind == "number" and row.unit == "percent":  # a share: 8 %, its change in percentage points
            value = text("unit.percent_value", value=text.number(row.value, row.fmt))
            if row.counts is not None:
                value += " " + text("dash.counts_of", part=row.counts[0], whole=row.counts[1])
            rows.append({"key": row.key, "label": label, "value": value,
                         "change": "" if row.previous is None else text("unit.points_change", value=text.number(row.value - row.previous, "+" + row.fmt)),
                         "autopilot": "" if row.autopilot is None else text("unit.percent_value", value=text.number(row.autopilot, row.fmt))})
        elif row.kind == "number":
            rows.append({"key": row.key, "label": label, "value": text.number(row.value, row.fmt),
                         "change": "" if row.previous is None else text.number(row.value - row.previous, "+" + row.fmt),
                         "autopilot": "" if row.autopilot is None else text.number(row.autopilot, row.fmt)})
        elif row.kind == "text":
            rows.append({"key": row.key, "label": label, "value": row.value, "change": row.previous, "autopilot": row.autopilot})
        else:
            names = [text.lever(name) for name in row.value] if row.kind == "levers" else [text(name) for name in row.value]
            rows.append({"key": row.key, "label": label, "value": ", ".join(names) or text("dash.none"), "change": "", "autopilot": ""})
    you, autopilot = session.scores()
    rows.append({"key": "score", "label": text("dash.score"), "value": text.number(you.total, ".1f"), "change": "", "autopilot": text.number(autopilot.total, ".1f")})
    return rows


def relations(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """Per partner organisation: trust with the player's, the topic that suits it best, shared work."""
    view, text = session.view, session.text
    seat = session.seat(player)
    mine = seat.work()
    rows = []
    for partner in seat.partners():
        relation = seat.relation(partner)
        shared = [f"#{w.unique_id}:{w.level_now}" for w in mine if partner.index in w.members]
        rows.append({"org": partner.code, "name": text.org_name(partner.code, partner.name), "trust": relation.trust,
                     "best_topic": text.topic(view, view.topic_names[relation.best_topic]) + (" *" if relation.in_window else ""),
                     "joint": " ".join(shared) or "-"})
    return rows


def initiative_rows(session: GameSession, player: Player) -> list[dict[str, Any]]:
    """The joint work the player's organisation takes part in (alive, or ended during the game)."""
    view, text = session.view, session.text
    seat = session.seat(player)
    rows = []
    for work in seat.all_work():
        members = session.org_label(seat, seat.code_of(work.lead)) + " + " + ("+".join(session.org_label(seat, seat.code_of(p)) for p in work.partners) or "-")
        new_wins = work.small_wins - seat.publicised(work)
        rows.append({
            "id": work.unique_id, "topic": text.topic(view, view.topic_names[work.topic]), "members": members,
            "level": f"{work.level_now} ({work.target})", "how": " / ".join(text.choice(c) for c in (work.frame, work.approach, work.funding)),
            "phase": text.phase(work.phase), "progress": text.number(work.progress, ".0%"), "wins": f"{work.small_wins} ({max(new_wins, 0)})",
            "alive": work.alive,
        })
    return rows


def describe_action(session: GameSession, action: dict[str, Any], role: str | None = None) -> str:
    """A decision in a few words: the action's name and what it was about (``role``: whose decision it was)."""
    view, text = session.view, session.text
    player = next((p for p in session.players if p.role.id == role), session.players[0])
    seat = session.seat(player)
    name = action["do"]
    parts = []
    if "topic" in action:
        parts.append(text.topic(view, action["topic"]))
    if "partners" in action:
        parts.append("+".join(session.org_label(seat, p) for p in action["partners"]))
    if "partner" in action:
        parts.append(session.org_label(seat, action["partner"]))
    if "initiative" in action:
        work = seat.find_work(int(action["initiative"]))
        topic = text.topic(view, view.topic_names[work.topic]) if work is not None else ""
        parts.append(f"#{action['initiative']} {topic}".strip())
    if "lever" in action:
        parts.append(text.lever(action["lever"]))
    if "focus_topics" in action:
        parts.append(", ".join(text.topic(view, t) for t in action["focus_topics"]))
    settings = [text.level(action[k]) if k == "level" else text.choice(action[k]) for k in ("level", "ambition", "frame", "approach", "funding", "policy") if k in action]
    if "relation_share" in action:
        settings.append(text.number(action["relation_share"], ".1f"))
    detail = ": " + "; ".join(parts) if parts else ""
    return text(f"action.{name}") + detail + (f" ({', '.join(settings)})" if settings else "")
