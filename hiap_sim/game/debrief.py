"""The debrief of a game: a report in Markdown and HTML with PNG figures.

Contents (In2Action and World Climate end with a structured debrief): the score against the autopilot; the
players' decisions on the outcome curves; the timeline of decisions and what each did; the turning points
(the turns in which the score moved most, and the events in them); the players vs the autopilot; why
partners said no; and for each major event of the game the lesson the sources draw from it, with their keys.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiap_sim.game import figures
from hiap_sim.game.feedback import describe_action, scored_work, work_label
from hiap_sim.game.scoring import COMPONENTS

if TYPE_CHECKING:
    from hiap_sim.game.session import GameSession

SOURCES = ("ABD2024", "HHS2016", "RIVM2010", "REG2021", "AIG2016")  # full titles: text keys source.<KEY>

# event (or decline reason) -> (lesson, source keys) [the lessons in hiap_sim.game.text cite these sources]
LESSONS: dict[str, tuple[str, str]] = {
    "coordinator_left": ("lesson.coordinator_left", "AIG2016; HHS2016"),
    "funding_ended": ("lesson.funding_ended", "REG2021; AIG2016"),
    "election": ("lesson.election", "HHS2016"),
    "formality": ("lesson.formality", "HHS2016 #13-14"),
    "faded": ("lesson.faded", "HHS2016"),
    "legal_barrier": ("lesson.legal_barrier", "AIG2016; ABD2024 5.4"),
    "opposing_interests": ("lesson.opposing_interests", "HHS2016"),
    "economic_crisis": ("lesson.economic_crisis", "HHS2016"),
    "crisis": ("lesson.crisis", "ABD2024"),
    "budget_cut": ("lesson.budget_cut", "HHS2016 #21"),
    "cabinet": ("lesson.cabinet", "HHS2016"),
    "completed": ("lesson.completed", "HHS2016 SF10"),
    "turnover": ("lesson.turnover", "HHS2016"),
    "small_wins": ("lesson.small_wins", "AIG2016; ABD2024 6.3"),
    "political_lever": ("lesson.political_lever", "ABD2024 5.6"),
    "evidence": ("lesson.evidence", "ABD2024 5.3"),
    "narrative": ("lesson.narrative", "ABD2024"),
    "structural": ("lesson.structural", "HHS2016"),
    "regional": ("lesson.regional", "REG2021"),
    "relation": ("lesson.relation", "HHS2016; RIVM2010"),
    "political_cover": ("lesson.political_cover", "HHS2016; RIVM2010"),
    "no_fit": ("lesson.no_fit", "ABD2024 5.2; HHS2016 #17; RIVM2010"),
    "low_trust": ("lesson.low_trust", "RIVM2010; AIG2016"),
    "no_urgency": ("lesson.no_urgency", "AIG2016"),
    "no_political_cover": ("lesson.no_political_cover", "HHS2016; RIVM2010"),
    "no_capacity": ("lesson.no_capacity", "RIVM2010"),
    "no_budget": ("lesson.no_budget", "RIVM2010"),
    "autonomy": ("lesson.autonomy", "ABD2024 6.1"),
    "silo": ("lesson.silo", "HHS2016 #9"),
    # municipal events [RIVM2010; REG2021]
    "maturity_up": ("lesson.maturity_up", "RIVM2010"),
    "maturity_down": ("lesson.maturity_down", "RIVM2010"),
    "municipal_election": ("lesson.municipal_election", "RIVM2010"),
    "policy_note": ("lesson.policy_note", "RIVM2010"),
    "local_budget": ("lesson.local_budget", "REG2021; RIVM2010"),
    "local_evidence": ("lesson.local_evidence", "RIVM2010; ABD2024 5.3"),
    "local_cover": ("lesson.local_cover", "RIVM2010"),
}
ENDINGS = ("coordinator_left", "funding_ended", "election", "formality", "faded", "legal_barrier", "opposing_interests")
LEVER_EVENTS = {"coordinating_minister": "political_lever", "government_envoy": "political_lever", "quantification": "evidence",
                "shared_narrative": "narrative", "programme_directorate": "structural", "regional_budget": "regional"}


@dataclass
class Block:
    """A piece of the report: heading, paragraph, list, table or image."""

    kind: str  # h1, h2, p, ul, table, img
    content: Any
    extra: Any = None


def player_codes(session: GameSession) -> set[str]:
    """Codes under which the players' organisations appear in decisions (municipal roles: public health)."""
    return {session.seat(p).own_code for p in session.players}


def declined_by_partners(session: GameSession, decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The 'no' answers to the players' own proposals (not the players' answers to others)."""
    codes = player_codes(session)
    return [d for d in decisions if not d["accept"] and d["lead"] in codes and d["partner"] not in codes]


def major_events(session: GameSession) -> dict[str, list[str]]:
    """Major events of the game by lesson key, each with example texts (news or decisions)."""
    found: dict[str, list[str]] = {}

    def add(key: str, example: str) -> None:
        found.setdefault(key, []).append(example)

    for report in session.reports:
        for item in report.news:
            kind, reason = item["kind"], item.get("reason", "")
            if kind in ("initiative_stalled", "initiative_abandoned", "partner_left") and reason in ENDINGS and item["mine"]:
                add(reason, f"{item['date']}: {item['text']}")
            elif kind in ("contact_left",) or (kind == "initiative_stalled" and reason == "coordinator_left"):
                add("turnover", f"{item['date']}: {item['text']}")
            elif kind in ("crisis", "economic_crisis", "budget_cut", "cabinet"):
                add(kind, f"{item['date']}: {item['text']}")
            elif kind == "initiative_completed" and item["mine"]:
                add("completed", f"{item['date']}: {item['text']}")
            elif kind in ("maturity_up", "maturity_down", "municipal_election"):
                add(kind, f"{item['date']}: {item['text']}")
        for decision in declined_by_partners(session, report.decisions):
            add(decision["reason"], f"{decision['date']}: {decision['text']}")
    for result in session.results:
        name = result.action["do"]
        if name == "invest_relation":
            add("relation", f"{result.date}: {' '.join(result.messages)}")
        elif name in ("policy_note", "local_budget"):
            add(name, f"{result.date}: {' '.join(result.messages)}")
        elif name in ("political_cover", "commission_evidence"):
            # the lesson of the seat's level (a ministry's evidence counts when its lever starts, below)
            keys = session.seat(session.player(result.role)).keys
            event = keys.get("event.political_cover", "event.political_cover") if name == "political_cover" else keys.get("event.evidence")
            if event is not None:
                add(event.removeprefix("event."), f"{result.date}: {' '.join(result.messages)}")
    for event in session.view.events.of_kind("lever"):
        if event.key == "log.lever_starts" and event.get("lever") in LEVER_EVENTS:
            date = session.date_of(event.month)
            add(LEVER_EVENTS[event.get("lever")], f"{date}: {session.text('news.lever_on', lever=session.text.lever(event.get('lever')))}")
    for seat, work in scored_work(session, "all_work"):
        for _ in range(work.small_wins):
            add("small_wins", f"{work_label(session, seat, work)}: {work.small_wins}")  # one per win
    return found


def turning_points(session: GameSession, count: int = 3) -> list[dict[str, Any]]:
    """The turns with the largest change in the players' score, the component that moved most, and their news."""
    previous = None
    changes = []
    for report in session.reports:
        before = previous or {c: 0.0 for c in (*COMPONENTS, "total")}
        delta = {c: report.score[c] - before[c] for c in COMPONENTS}
        component = max(delta, key=lambda c: abs(delta[c]))
        changes.append({"report": report, "change": report.score["total"] - before["total"], "component": component, "component_change": delta[component]})
        previous = report.score
    changes.sort(key=lambda c: -abs(c["change"]))
    return sorted(changes[:count], key=lambda c: c["report"].turn)


def health_secured_lines(session: GameSession) -> list[str]:
    """The health effect secured by the end, per scored level: arrived and still on its way (it arrives years after
    the work is done), next to the autopilot's."""
    lines = []
    for you, auto in session.scored_records():
        if not you or "health_gap_secured" not in you[-1]:
            continue
        last, auto_last = you[-1], auto[-1]
        secured, arrived = 100 * float(last["health_gap_secured"]), 100 * float(last["health_gap_reduction"])
        lines.append(session.text("debrief.health_secured", you=secured, arrived=arrived, coming=max(0.0, secured - arrived),
                                  autopilot=100 * float(auto_last["health_gap_secured"])))
    return lines


def build(session: GameSession, folder: Path) -> list[Block]:
    """The report as blocks; figures are written into ``folder``."""
    text = session.text
    you, auto = session.scores()
    first, last = session.reports[0] if session.reports else None, session.reports[-1] if session.reports else None
    players = "; ".join(session.role_name(p) for p in session.players)
    orgs = len({p.role.org_code for p in session.players})
    blocks = [Block("h1", text("debrief.title", scenario=session.scenario_name, seed=session.seed))]
    blocks.append(Block("p", text("debrief.intro", session=session.session_id if session.session_id is not None else "-", players=players,
                                  turns=len(session.reports), months=session.months_per_turn, start=first.start if first else "-",
                                  end=last.end if last else "-", orgs=orgs)))
    if not session.finished:
        blocks.append(Block("p", text("debrief.unfinished", turn=len(session.reports))))
    # score
    blocks.append(Block("h2", text("debrief.score")))
    rows = [[text(f"score.{c}"), text.number(getattr(you, c), ".1f"), text.number(getattr(auto, c), ".1f"), text.number(getattr(you, c) - getattr(auto, c), "+.1f")]
            for c in COMPONENTS]
    rows.append([f"**{text('score.total')}**", f"**{text.number(you.total, '.1f')}**", f"**{text.number(auto.total, '.1f')}**",
                 f"**{text.number(you.total - auto.total, '+.1f')}**"])
    blocks.append(Block("table", [text("debrief.component"), text("score.you"), text("score.autopilot"), text("debrief.difference")], rows))
    diff = you.total - auto.total
    if round(diff, 1) == 0:  # level at the precision shown: a tie, not a loss by 0.0 points
        blocks.append(Block("p", text("debrief.verdict_tie", score=you.total)))
    else:
        blocks.append(Block("p", text("debrief.verdict_better" if diff > 0 else "debrief.verdict_worse", diff=abs(diff))))
    blocks.extend(Block("p", line) for line in health_secured_lines(session))
    figures.plot_score(session, folder / "score.png")
    blocks.append(Block("img", "score.png", text("debrief.score_figure")))
    # decisions on the outcome curves
    blocks.append(Block("h2", text("debrief.outcomes")))
    figures.plot_outcomes(session, folder / "outcomes.png")
    blocks.append(Block("img", "outcomes.png", text("debrief.outcomes")))
    blocks.append(Block("p", text("debrief.outcomes_caption")))
    figures.plot_initiatives(session, folder / "initiatives.png")
    blocks.append(Block("img", "initiatives.png", text("debrief.work_figure")))
    blocks.append(Block("p", text("debrief.work_caption")))
    # timeline
    blocks.append(Block("h2", text("debrief.timeline")))
    if session.results:
        header = [text("debrief.col.n"), text("debrief.col.turn"), text("debrief.col.date")]
        multi = len(session.players) > 1
        if multi:
            header.append(text("debrief.col.role"))
        header += [text("debrief.col.decision"), text("debrief.col.result")]
        rows = []
        for number, result in enumerate(session.results, start=1):
            answers = [d["text"] + (f" — {d['hint']}" if d["hint"] else "") for d in result.decisions]
            row = [str(number), str(result.turn), result.date] + ([session.role_name(session.player(result.role))] if multi else [])
            row += [describe_action(session, result.action, result.role), " ".join(result.messages) + ("<br>" + "<br>".join(answers) if answers else "")]
            rows.append(row)
        blocks.append(Block("table", header, rows))
    else:
        blocks.append(Block("p", text("debrief.no_decisions")))
    # turning points
    blocks.append(Block("h2", text("debrief.turning_points")))
    blocks.append(Block("p", text("debrief.turning_intro")))
    for point in turning_points(session):
        report = point["report"]
        blocks.append(Block("p", "**" + text("debrief.turning_point", turn=report.turn, start=report.start, end=report.end, change=point["change"],
                                             component=text(f"score.{point['component']}"), component_change=point["component_change"]) + "**"))
        items = [n["text"] for n in report.news if n["mine"] or n["kind"] in ("cabinet", "crisis", "economic_crisis", "budget_cut", "lever_on")]
        items += [d["text"] for d in declined_by_partners(session, report.decisions)][:3]
        turn_actions = [describe_action(session, r.action, r.role) for r in session.results if r.turn == report.turn]
        if turn_actions:
            items.insert(0, text("debrief.timeline") + ": " + "; ".join(turn_actions))
        blocks.append(Block("ul", items[:8] or [text("news.nothing")]))
    # players vs autopilot
    blocks.append(Block("h2", text("debrief.comparison")))
    blocks.append(Block("table", [text("debrief.measure"), text("score.you"), text("score.autopilot")], comparison_rows(session)))
    # declines
    reasons = Counter(d["reason"] for r in session.reports for d in declined_by_partners(session, r.decisions))
    if reasons:
        blocks.append(Block("h2", text("debrief.declines")))
        blocks.append(Block("table", [text("debrief.reason"), text("debrief.count")], [[text.reason(r), str(n)] for r, n in reasons.most_common()]))
    # lessons
    blocks.append(Block("h2", text("debrief.lessons")))
    blocks.append(Block("p", text("debrief.lessons_intro")))
    items = []
    for key, examples in major_events(session).items():
        lesson, sources = LESSONS[key]
        title = text("event.decline", reason=text.reason(key)) if key in ("no_fit", "low_trust", "no_urgency", "no_political_cover", "no_capacity",
                                                                            "no_budget", "autonomy", "silo") else text(f"event.{key}")
        example = max(examples, key=lambda e: int(e.rsplit(": ", 1)[-1])) if key == "small_wins" else examples[0]
        items.append(f"**{title}** — {text('debrief.event_count', count=len(examples), example=example.rstrip('.'))}. {text(lesson)} [{sources}]")
    blocks.append(Block("ul", items))
    blocks.append(Block("h2", text("debrief.sources")))
    blocks.append(Block("ul", [f"**[{key}]** {text(f'source.{key}')}" for key in SOURCES]))
    return blocks


def comparison_rows(session: GameSession) -> list[list[str]]:
    """Counts that explain the score: proposals, acceptance, joint work started and how it ended, small wins."""
    text = session.text

    orgs = {p.role.org_index for p in session.players}
    codes = {p.role.org_code for p in session.players}
    you = session.scoring_seat.comparison(orgs, codes)
    auto = session.autopilot_seat(session.scoring_player).comparison(orgs, codes)
    rows = []
    for key, fmt in (("proposals", ".0f"), ("acceptance", ".0%"), ("started", ".0f"), ("completed", ".0f"), ("abandoned", ".0f"), ("wins", ".0f")):
        label = text("debrief.wins_own") if key == "wins" else text(f"debrief.{key}", orgs=len(codes))
        rows.append([label, text.number(you[key], fmt), text.number(auto[key], fmt)])
    return rows


# ------------------------------------------------------------------------------------------ rendering
def _md_cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "h1":
            lines += [f"# {block.content}", ""]
        elif block.kind == "h2":
            lines += [f"## {block.content}", ""]
        elif block.kind == "p":
            lines += [block.content, ""]
        elif block.kind == "ul":
            lines += [f"- {item}" for item in block.content] + [""]
        elif block.kind == "table":
            header, rows = block.content, block.extra
            lines.append("| " + " | ".join(_md_cell(h) for h in header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            lines.append("")
        elif block.kind == "img":
            lines += [f"![{block.extra}]({block.content})", ""]
    return "\n".join(lines)


def _inline(value: str) -> str:
    """Escape text for HTML, keeping **bold** and line breaks (<br>)."""
    parts = html.escape(str(value)).replace("&lt;br&gt;", "<br>").split("**")
    return "".join(f"<strong>{p}</strong>" if k % 2 else p for k, p in enumerate(parts))


STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1f2937; line-height: 1.45; }
h1 { color: #9a3412; } h2 { border-bottom: 1px solid #e5e7eb; padding-bottom: .2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .92em; } th, td { border: 1px solid #e5e7eb; padding: .3em .6em; vertical-align: top; text-align: left; }
th { background: #f9fafb; } img { max-width: 100%; border: 1px solid #e5e7eb; margin: .5em 0; }
"""


def to_html(blocks: list[Block], lang: str) -> str:
    title = next((b.content for b in blocks if b.kind == "h1"), "Debrief")
    out = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>']
    for block in blocks:
        if block.kind in ("h1", "h2"):
            out.append(f"<{block.kind}>{_inline(block.content)}</{block.kind}>")
        elif block.kind == "p":
            out.append(f"<p>{_inline(block.content)}</p>")
        elif block.kind == "ul":
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in block.content) + "</ul>")
        elif block.kind == "table":
            head = "".join(f"<th>{_inline(h)}</th>" for h in block.content)
            body = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in block.extra)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif block.kind == "img":
            out.append(f'<img src="{html.escape(block.content)}" alt="{html.escape(block.extra)}">')
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def decision_log_yaml(session: GameSession) -> str:
    """The session's decisions as a decisions file that replays it exactly (same scenario, seed and settings)."""
    import yaml

    roles = " ".join(f"--role {p.role.id}" for p in session.players)
    header = (f"# Decision log of session {session.session_id if session.session_id is not None else '-'}. Replays the session exactly:\n"
              f"# hiap-sim play {session.scenario_name} {roles} --seed {session.seed} --turns {session.turns} "
              f"--months-per-turn {session.months_per_turn} --script decision_log.yaml\n")
    turns: dict[int, list[dict[str, Any]]] = {}
    for entry in session.decision_log():
        turns.setdefault(int(entry["turn"]), []).append({"role": entry["role"], **entry["action"]})
    body = {"seed": session.seed, "roles": [p.role.id for p in session.players], "turns": turns}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, default_flow_style=None, width=140)


def write_debrief(session: GameSession, folder: str | Path) -> dict[str, Path]:
    """Write debrief.md, debrief.html, the PNG figures and decision_log.yaml into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    blocks = build(session, folder)
    paths = {"markdown": folder / "debrief.md", "html": folder / "debrief.html", "log": folder / "decision_log.yaml"}
    paths["markdown"].write_text(to_markdown(blocks), encoding="utf-8")
    paths["html"].write_text(to_html(blocks, session.lang), encoding="utf-8")
    paths["log"].write_text(decision_log_yaml(session), encoding="utf-8")
    for name in ("score", "outcomes", "initiatives"):
        paths[name] = folder / f"{name}.png"
    return paths
