"""Figures of a game debrief (matplotlib, PNG): the players' decisions on the outcome curves against the
autopilot, the score per turn, and the joint work of the players' organisations over time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from hiap_sim.game.scoring import COMPONENTS, score  # noqa: E402
from hiap_sim.plots import LEVEL_COLOURS  # noqa: E402

if TYPE_CHECKING:
    from hiap_sim.game.session import GameSession

YOU, AUTOPILOT = "#c2410c", "#4b5563"


def month_time(session: GameSession, month: int) -> pd.Timestamp:
    """Point in time after ``month`` simulated months (month 0 = the start of the first month)."""
    return pd.Timestamp(session.scenario.start + "-01") + pd.DateOffset(months=int(month))


def _dates(session: GameSession, records: list[dict[str, Any]]) -> list[pd.Timestamp]:
    return [month_time(session, r["month"]) for r in records]


def _turn_lines(ax: Any, session: GameSession) -> None:
    for report in session.reports:
        ax.axvline(month_time(session, report.last_month), color="#d1d5db", lw=0.8, zorder=0)


def decision_groups(session: GameSession) -> list[tuple[int, str, list[int]]]:
    """Decisions grouped by when they were taken: (months simulated before, label 'first-last', numbers)."""
    groups: dict[int, list[int]] = {}
    for number, result in enumerate(session.results, start=1):
        groups.setdefault(result.month, []).append(number)
    out = []
    for month, numbers in groups.items():
        label = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
        out.append((month, label, numbers))
    return out


def plot_outcomes(session: GameSession, path: Path) -> Path:
    """Four outcome curves, players vs autopilot, with the decisions marked where they were taken."""
    text = session.text
    you, auto = session.outcome_records()
    x_you, x_auto = _dates(session, you), _dates(session, auto)
    municipal = session.local_scoring
    panels = [
        ("trust_cross", text("figure.local.trust" if municipal else "figure.trust"), 1.0),
        ("depth", text("figure.local.depth" if municipal else "figure.depth"), 100.0),
        ("small_wins", text("figure.small_wins"), 1.0),
        ("health_gap_secured", text("figure.health"), 100.0),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    groups = decision_groups(session)
    for ax, (column, title, scale) in zip(axes.flat, panels, strict=True):
        def series(records: list[dict[str, Any]], column: str = column, scale: float = scale) -> list[float]:
            if column == "depth":
                return [scale * (r["level_share_2"] + r["level_share_3"] + r["level_share_4"]) for r in records]
            return [scale * r[column] for r in records]

        ys = series(you)
        ax.plot(x_you, ys, color=YOU, lw=2, label=text("figure.you"))
        ax.plot(x_auto, series(auto), color=AUTOPILOT, lw=1.6, ls="--", label=text("figure.autopilot"))
        _turn_lines(ax, session)
        by_month = dict(zip([r["month"] for r in you], ys, strict=True))
        for month, label, _numbers in groups:
            at, y = month_time(session, month), by_month.get(month, ys[0])
            ax.plot([at], [y], marker="v", color=YOU, ms=7, zorder=5)
            ax.annotate(label, (at, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7, color=YOU)
        ax.set_title(title, fontsize=10, loc="left")
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8, loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_score(session: GameSession, path: Path) -> Path:
    """Total score month by month (players vs autopilot) and the final score per component."""
    text = session.text
    weights = session.scenario.game.score
    records, auto_records = session.outcome_records()
    months = [r["month"] for r in records[1:]]
    you = [score(records, weights, m).total for m in months]
    auto = [score(auto_records, weights, m).total for m in months]
    x = _dates(session, records[1:])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.4, 1]})
    left.plot(x, you, color=YOU, lw=2, label=text("figure.you"))
    left.plot(x, auto, color=AUTOPILOT, lw=1.6, ls="--", label=text("figure.autopilot"))
    _turn_lines(left, session)
    left.set_ylabel(text("figure.points"))
    left.set_title(text("debrief.score_figure"), fontsize=10, loc="left")
    left.legend(fontsize=8, loc="upper left")
    left.grid(alpha=0.3)
    final_you, final_auto = session.scores()
    labels = [text(f"score.{c}") for c in COMPONENTS]
    positions = range(len(COMPONENTS))
    right.barh([p + 0.2 for p in positions], [getattr(final_you, c) for c in COMPONENTS], height=0.4, color=YOU, label=text("figure.you"))
    right.barh([p - 0.2 for p in positions], [getattr(final_auto, c) for c in COMPONENTS], height=0.4, color=AUTOPILOT, label=text("figure.autopilot"))
    right.set_yticks(list(positions), labels, fontsize=8)
    right.axvline(0, color="black", lw=0.8)
    right.invert_yaxis()
    right.set_xlabel(text("figure.points"))
    right.grid(alpha=0.3, axis="x")
    right.legend(fontsize=8, loc="lower right")
    left.tick_params(axis="x", labelrotation=30)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def initiative_history(session: GameSession, unique_id: int) -> list[tuple[int, int, str]]:
    """(from month, to month, state) segments of one initiative; state is a level '2'..'4' or 'stalled'."""
    model = session.model
    initiative = session.initiative(unique_id)
    end = initiative.ended if initiative.ended is not None else model.month
    changes: list[tuple[int, str]] = []
    level = None
    for event in model.event_log:
        if event.get("initiative") != unique_id:
            continue
        kind = event["kind"]
        if kind == "initiative_started":
            level = str(event.get("level", 2))
            changes.append((event["month"], level))
        elif kind in ("escalation", "scale_down"):
            level = str(event.get("level"))
            changes.append((event["month"], level))
        elif kind == "initiative_stalled":
            changes.append((event["month"], "stalled"))
        elif kind == "initiative_revived":
            changes.append((event["month"], level or str(initiative.level)))
    if not changes:
        changes = [(initiative.started, str(initiative.level))]
    segments = []
    for (start, state), (stop, _next) in zip(changes, [*changes[1:], (end, "")], strict=True):
        if stop > start or (stop == start and state == changes[-1][1]):
            segments.append((start, max(stop, start + 1), state))
    return segments


def plot_initiatives(session: GameSession, path: Path) -> Path:
    """A bar per initiative the players' organisations took part in: colour = level, hatched = stalled."""
    from hiap_sim.game import local

    text = session.text
    model = session.model
    if session.local_scoring:
        mine = local.all_work_of(session, session.players[0])
        histories = [local.history(session, work) for work in mine]
        labels = [local.work_label(session, work) for work in mine]
        ended = [(work.phase, int(model.municipal.initiatives.ended[work.row])) for work in mine]
    else:
        player_orgs = {p.role.org_index for p in session.players if not local.is_local(p)}
        player_codes = {p.role.org_code for p in session.players}
        left = {e.get("initiative") for e in model.event_log if e["kind"] == "partner_left" and e.get("partner") in player_codes}
        mine = [i for i in model.initiatives if player_orgs & set(i.members) or i.unique_id in left]
        histories = [initiative_history(session, i.unique_id) for i in mine]
        labels = [f"#{i.unique_id} {text.topic(model, model.topic_names[i.topic])} ({model.organisations[i.lead].code})" for i in mine]
        ended = [(i.phase, i.ended) for i in mine]
    fig, ax = plt.subplots(figsize=(11, max(2.5, 0.42 * len(mine) + 1.2)))

    def to_date(month: int) -> pd.Timestamp:
        return month_time(session, month - 1)  # an event logged in month m happens during that month
    for row, segments in enumerate(histories):
        for a, b, state in segments:
            colour = "#fde68a" if state == "stalled" else LEVEL_COLOURS[int(state)]
            ax.barh(row, (to_date(b) - to_date(a)).days, left=to_date(a), height=0.6, color=colour,
                    hatch="//" if state == "stalled" else None, edgecolor="#92400e" if state == "stalled" else "white")
        phase, end = ended[row]
        if phase in ("completed", "abandoned"):
            ax.text(to_date(end), row, " \u2713" if phase == "completed" else " \u2717", va="center", fontsize=11,
                    color="#15803d" if phase == "completed" else "#b91c1c")
    ax.set_yticks(range(len(mine)), labels, fontsize=8)
    ax.invert_yaxis()
    _turn_lines(ax, session)
    handles = [plt.Rectangle((0, 0), 1, 1, color=LEVEL_COLOURS[k]) for k in (2, 3, 4)] + [plt.Rectangle((0, 0), 1, 1, facecolor="#fde68a", hatch="//", edgecolor="#92400e")]
    ax.legend(handles, [text.level(k) for k in (2, 3, 4)] + [text.phase("stalled")], fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 1.0),
              ncol=4, frameon=False)
    ax.set_title(text("debrief.work_figure"), fontsize=10, loc="left", pad=18)  # above the legend row
    ax.grid(alpha=0.3, axis="x")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
