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


def y_limits(values: list[float], natural: tuple[float, float | None], span: float) -> tuple[float, float]:
    """Y-limits that hold ``values`` within the indicator's ``natural`` range (an upper bound None: open) and span at
    least ``span``, so that a change that is small on the indicator's own scale is drawn small."""
    low, high = natural
    finite = [v for v in values if v == v]
    lo, hi = (min(finite), max(finite)) if finite else (low, low + span)
    margin = 0.05 * max(hi - lo, span)
    lo, hi = lo - margin, hi + margin
    if hi - lo < span:
        middle = 0.5 * (lo + hi)
        lo, hi = middle - span / 2, middle + span / 2
    if lo < low:
        lo, hi = low, max(hi, low + span)
    if high is not None and hi > high:
        lo, hi = max(low, min(lo, high - span)), high
    return lo, hi


def plot_outcomes(session: GameSession, path: Path) -> Path:
    """Four outcome curves, players vs autopilot, with the decisions marked where they were taken."""
    text = session.text
    you, auto = session.outcome_records()
    x_you, x_auto = _dates(session, you), _dates(session, auto)
    seat = session.scoring_seat
    # (column, title, scale, unit, natural range, smallest span drawn): a change smaller than the span is drawn small
    panels = [
        ("trust_cross", text(seat.keys.get("figure.trust", "figure.trust")), 1.0, text("unit.scale"), (0.0, 1.0), 0.2),
        ("depth", text(seat.keys.get("figure.depth", "figure.depth")), 100.0, "%", (0.0, 100.0), 20.0),
        ("small_wins", text("figure.small_wins"), 1.0, text("unit.count"), (0.0, None), 5.0),
        ("health_gap_secured", text("figure.health"), 100.0, text("unit.percent_of_gap"), (0.0, 100.0), 5.0),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    groups = decision_groups(session)
    for ax, (column, title, scale, unit, natural, span) in zip(axes.flat, panels, strict=True):
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
        ax.set_ylabel(unit, fontsize=8)
        ax.set_ylim(*y_limits(ys + series(auto), natural, span))
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


def plot_initiatives(session: GameSession, path: Path) -> Path:
    """A bar per initiative the players' organisations took part in: colour = level, hatched = stalled."""
    from hiap_sim.game.feedback import scored_work, work_label

    text = session.text
    pairs = scored_work(session, "touched_work")
    mine = [work for _seat, work in pairs]
    histories = [seat.history(work) for seat, work in pairs]
    labels = [work_label(session, seat, work, seat.keys.get("figure.work_label", "figure.work_label")) for seat, work in pairs]
    ended = [(work.phase, work.ended) for work in mine]
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
