"""Several teams played the same scenario and seed: how their scores compare, and why they diverged.

Each team's game faced the same world (the same seed: the same elections, crises and staff turnover, and the
same events a facilitator injected), so a difference between their scores comes from their decisions. The
comparison names the round in which the gap between the best and the worst team grew most and what each of
the two decided in it, how often partners said yes to each and why they said no, and where each team's joint
work stood at the end. Everything is read from the teams' decision logs and turn reports.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiap_sim.game.session import GameSession


def team_totals(session: GameSession) -> list[tuple[float, float]]:
    """(team, autopilot) score after each ended round."""
    return [(float(r.score["total"]), float(r.autopilot["total"])) for r in session.reports]


def described(session: GameSession, entry: dict[str, Any]) -> str:
    """A logged decision in a few words: the action, its topic and partners or joint work."""
    text, view = session.text, session.view
    action = entry["action"]
    details = []
    if "topic" in action:
        details.append(text.topic(view, action["topic"]))
    if "partners" in action:
        details.append(", ".join(action["partners"]))
    if "partner" in action:
        details.append(str(action["partner"]))
    if "initiative" in action:
        details.append(f"#{action['initiative']}")
    if "lever" in action:
        details.append(text.lever(action["lever"]))
    name = text(f"action.{action['do']}")
    return f"{name} ({'; '.join(details)})" if details else name


def compare(teams: list[tuple[int, GameSession]]) -> list[dict[str, Any]]:
    """Debrief blocks (``kind``, ``content``) comparing the teams, in the language of the sessions given."""
    played = [(number, session) for number, session in teams if session.reports]
    if len(played) < 2:
        return []
    text = played[0][1].text
    blocks: list[dict[str, Any]] = [{"kind": "h2", "content": text("teams.title"), "extra": None}]
    finals = {number: team_totals(session)[-1] for number, session in played}
    lines = [text("teams.score", team=number, you=you, autopilot=auto, diff=you - auto) for number, (you, auto) in finals.items()]
    blocks.append({"kind": "ul", "content": lines, "extra": None})
    best = max(played, key=lambda pair: finals[pair[0]][0])
    worst = min(played, key=lambda pair: finals[pair[0]][0])
    gap = finals[best[0]][0] - finals[worst[0]][0]
    story = []
    if gap < 0.05:
        story.append(text("teams.same", you=finals[best[0]][0]))
    else:
        story.append(text("teams.ahead", best=best[0], worst=worst[0], gap=gap))
        a, b = team_totals(best[1]), team_totals(worst[1])
        rounds = min(len(a), len(b))
        gaps = [a[k][0] - b[k][0] for k in range(rounds)]
        steps = [gaps[0]] + [gaps[k] - gaps[k - 1] for k in range(1, rounds)]
        turn = max(range(rounds), key=lambda k: steps[k]) + 1
        story.append(text("teams.opened", turn=turn, gap=steps[turn - 1]))
        for number, session in (best, worst):
            taken = [described(session, e) for e in session.log if int(e["turn"]) == turn]
            story.append(text("teams.did", team=number, actions="; ".join(taken)) if taken else text("teams.did_nothing", team=number))
    blocks.append({"kind": "p", "content": " ".join(story), "extra": None})
    why = []
    for number, session in played:
        answers = [d for r in session.reports for d in r.decisions]
        yes = sum(1 for d in answers if d["accept"])
        reasons = Counter(d["reason"] for d in answers if not d["accept"] and d.get("reason"))
        if reasons:
            why.append(text("teams.answers", team=number, yes=yes, asked=len(answers), reason=text.reason(reasons.most_common(1)[0][0])))
        else:
            why.append(text("teams.answers_all_yes", team=number, yes=yes, asked=len(answers)))
        row = session.view.records[-1]
        why.append(text("teams.work", team=number, active=int(row["initiatives_active"]), completed=int(row["initiatives_completed"]),
                        secured=float(row["health_gap_secured"])))
    blocks.append({"kind": "ul", "content": why, "extra": None})
    return blocks


__all__ = ["compare", "described", "team_totals"]
