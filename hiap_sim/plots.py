"""Figures shared by run reports, sweep reports and debriefs (matplotlib, PNG).

Figures are drawn on matplotlib's object interface (``Figure`` with the Agg canvas), not through pyplot:
no global figure registry to close, and a quicker start for ``hiap-sim run``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

LEVEL_COLOURS = ["#d9d9d9", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
LEVEL_LABELS = ["0 none", "1 ad hoc", "2 cooperation", "3 coordination", "4 integration"]


def _subplots(figsize: tuple[float, float]) -> tuple[Figure, object]:
    """A figure with one axes, drawn by the Agg canvas (PNG)."""
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _dates(frame: pd.DataFrame) -> pd.DatetimeIndex:
    return pd.to_datetime(frame["date"], format="%Y-%m")


def band(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean and 5-95 % band of a metric over replicates, per month."""
    grouped = frame.groupby("month")[column]
    out = pd.DataFrame({"mean": grouped.mean(), "low": grouped.quantile(0.05), "high": grouped.quantile(0.95)})
    out["date"] = frame.groupby("month")["date"].first()
    return out.reset_index()


def _line(ax, frame: pd.DataFrame, column: str, label: str, colour: str | None = None, style: str = "-") -> None:
    if frame["replicate"].nunique() == 1 and frame["month"].is_monotonic_increasing and frame["month"].is_unique:
        # one run: the mean of each month is the month's own value (no grouping, no band)
        ax.plot(_dates(frame).to_numpy(), frame[column].to_numpy(dtype=float), style, label=label, color=colour, lw=1.8)
        return
    b = band(frame, column)
    x = _dates(b)
    (line,) = ax.plot(x, b["mean"], style, label=label, color=colour, lw=1.8)
    if frame["replicate"].nunique() > 1:
        ax.fill_between(x, b["low"], b["high"], color=line.get_color(), alpha=0.18, lw=0)


def _finish(fig, ax, title: str, ylabel: str, path: Path, n: int, bottom: float = 0.09, right: float = 0.97) -> Path:
    ax.set_title(title + (f"  (mean and 5-95 % band, {n} runs)" if n > 1 else ""), fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    # fixed margins that fit these 9 x 5 inch figures: an automatic layout would draw every figure twice
    fig.subplots_adjust(left=0.08, right=right, top=0.93, bottom=bottom)
    fig.savefig(path, dpi=110)
    return path


def plot_trust(frame: pd.DataFrame, path: Path, coordinator: str = "VWS") -> Path:
    """Trust of the coordinator with each department, and overall across/within departments."""
    fig, ax = _subplots(figsize=(9, 5))
    columns = [c for c in frame.columns if c.startswith("trust_with_")]
    cmap = matplotlib.colormaps["tab10"]
    for k, column in enumerate(columns):
        _line(ax, frame, column, f"{coordinator}-{column.removeprefix('trust_with_')}", cmap(k % 10), "-")
    _line(ax, frame, "trust_cross", "all across departments", "black", "--")
    _line(ax, frame, "trust_within", "within departments", "grey", ":")
    ax.axhline(0.7, color="darkred", lw=0.8, ls="-.")
    ax.text(_dates(frame).iloc[0], 0.705, "solid trust (0.7)", color="darkred", fontsize=8, va="bottom")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, ncol=3, loc="upper left")
    return _finish(fig, ax, "Trust between departments", "mean trust (0-1)", path, frame["replicate"].nunique())


def plot_levels(frame: pd.DataFrame, path: Path) -> Path:
    """Collaboration-level mix of department pairs over time (stacked shares)."""
    means = frame.groupby("month")[[f"level_share_{k}" for k in range(5)]].mean()
    dates = pd.to_datetime(frame.groupby("month")["date"].first(), format="%Y-%m")
    fig, ax = _subplots(figsize=(9, 5))
    ax.stackplot(dates, means.T.values, labels=LEVEL_LABELS, colors=LEVEL_COLOURS)
    ax.set_ylim(0, 1)
    ax.margins(x=0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), fontsize=8, ncol=5, frameon=False)
    n = frame["replicate"].nunique()
    return _finish(fig, ax, "Deepest joint work between department pairs" + (" (mean)" if n > 1 else ""), "share of pairs", path, 1, bottom=0.15)


def plot_initiatives(frame: pd.DataFrame, path: Path) -> Path:
    """Initiatives active, stalled, completed and abandoned (cumulative) and new per year."""
    fig, ax = _subplots(figsize=(9, 5))
    _line(ax, frame, "initiatives_active", "active", "#2171b5")
    _line(ax, frame, "initiatives_stalled", "stalled", "#fd8d3c")
    _line(ax, frame, "initiatives_completed", "completed (cumulative)", "#238b45", "--")
    _line(ax, frame, "initiatives_abandoned", "abandoned (cumulative)", "#cb181d", "--")
    yearly = frame.assign(new_12m=frame.groupby("replicate")["initiatives_new"].transform(lambda s: s.rolling(12, min_periods=1).sum()))
    _line(ax, yearly, "new_12m", "new in the last 12 months", "#6a51a3", ":")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_ylim(bottom=0)
    return _finish(fig, ax, "Joint initiatives", "initiatives", path, frame["replicate"].nunique())


def plot_health_gap(frame: pd.DataFrame, path: Path, initial_gap: float, target_reduction: float, target_year: int) -> Path:
    """Gap in healthy life expectancy between low and high SES, with the [REG2021] target."""
    fig, ax = _subplots(figsize=(9, 5))
    _line(ax, frame, "health_gap_years", "simulated gap", "#08519c")
    target = initial_gap * (1 - target_reduction)
    ax.axhline(target, color="darkgreen", ls="--", lw=1)
    ax.text(_dates(frame).iloc[0], target + 0.05, f"target: {target_reduction:.0%} smaller by {target_year} [REG2021]", color="darkgreen", fontsize=8, va="bottom")
    ax.set_ylim(min(target, frame["health_gap_years"].min()) - 1, initial_gap + 0.5)
    ax.legend(fontsize=8, loc="lower left")
    return _finish(fig, ax, "Socio-economic gap in healthy life expectancy", "years", path, frame["replicate"].nunique())


def run_plots(frame: pd.DataFrame, folder: Path, coordinator: str, health) -> list[Path]:
    """The standard figures of a run folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        plot_trust(frame, folder / "trust.png", coordinator),
        plot_levels(frame, folder / "levels.png"),
        plot_initiatives(frame, folder / "initiatives.png"),
        plot_health_gap(frame, folder / "health_gap.png", health.initial_gap_years, health.target_reduction, health.target_year),
    ]


__all__ = ["band", "run_plots", "plot_trust", "plot_levels", "plot_initiatives", "plot_health_gap", "np"]


# municipal level -----------------------------------------------------------------------------------------
MATURITY_COLOURS = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]


def plot_sector_collaboration(frame: pd.DataFrame, path: Path, title: str = "Sector officers collaborating with public health") -> Path:
    """Share of each sector's officers collaborating with public health at the last month (mean and 5-95 %
    over replicates), side by side with the RIVM survey of 16 municipalities in 2009 [RIVM2010 Table VIII.1]."""
    from hiap_sim.scenario.municipal import RIVM2010_COLLABORATION, SECTORS

    last = frame[frame["month"] == frame["month"].max()]
    simulated = np.array([last[f"collab_share_{s}"].astype(float).mean() for s in SECTORS])
    low = np.array([np.nanquantile(last[f"collab_share_{s}"].astype(float), 0.05) for s in SECTORS])
    high = np.array([np.nanquantile(last[f"collab_share_{s}"].astype(float), 0.95) for s in SECTORS])
    observed = np.array([RIVM2010_COLLABORATION[s][0] for s in SECTORS])
    n = [RIVM2010_COLLABORATION[s][1] for s in SECTORS]
    x = np.arange(len(SECTORS))
    fig, ax = _subplots(figsize=(10, 5))
    ax.bar(x - 0.2, observed, 0.4, label="RIVM 2009 survey [RIVM2010]", color="#969696", edgecolor="#525252", zorder=2)
    replicates = frame["replicate"].nunique() if "replicate" in frame else 1
    ax.bar(x + 0.2, simulated, 0.4, label=f"simulated (mean of {replicates} runs)" if replicates > 1 else "simulated", color="#3182bd", zorder=2)
    if replicates > 1:
        ax.errorbar(x + 0.2, simulated, yerr=[simulated - low, high - simulated], fmt="none", ecolor="black", lw=1, capsize=2, label="5-95 % of runs", zorder=3)
    ax.bar(x, np.minimum(observed + 0.12, 1.08) - (observed - 0.12), 0.92, bottom=observed - 0.12, color="#fdd0a2", alpha=0.6, lw=0,
           zorder=0, label="RIVM figure +/- 12 points")
    ax.set_xticks(x)
    ax.set_xticklabels([f"{s.replace('_', ' ')}\n(n={k})" for s, k in zip(SECTORS, n, strict=True)], rotation=45, ha="right", fontsize=8)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("share of officers")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=4, frameon=False)
    ax.set_title(textwrap.fill(title, 110), fontsize=10, loc="left")
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def plot_maturity(frame: pd.DataFrame, path: Path) -> Path:
    """Share of municipalities at each maturity stage over time (mean over replicates), with the mean stage."""
    from hiap_sim.scenario.municipal import MATURITY_STAGES

    columns = [f"municipal_maturity_share_{k}" for k in range(1, 6)]
    means = frame.groupby("month")[columns].mean()
    dates = pd.to_datetime(frame.groupby("month")["date"].first(), format="%Y-%m")
    fig, ax = _subplots(figsize=(9, 5))
    ax.stackplot(dates, means.T.values, labels=[f"{k} {name}" for k, name in enumerate(MATURITY_STAGES, start=1)], colors=MATURITY_COLOURS)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of municipalities")
    twin = ax.twinx()
    b = band(frame, "municipal_maturity_mean")
    twin.plot(_dates(b), b["mean"], color="black", lw=1.8, label="mean stage (right axis)")
    twin.set_ylim(1, 5)
    twin.set_ylabel("mean stage")
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, fontsize=8, loc="upper left", ncol=3)
    n = frame["replicate"].nunique() if "replicate" in frame else 1
    return _finish(fig, ax, "Maturity of integral health policy in municipalities" + (" (mean)" if n > 1 else ""), "share of municipalities", path, 1, right=0.92)


def municipal_plots(frame: pd.DataFrame, folder: Path) -> list[Path]:
    """The municipal figures of a run folder (scenarios with municipalities)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        plot_sector_collaboration(frame, folder / "sector_collaboration.png"),
        plot_maturity(frame, folder / "maturity.png"),
    ]


__all__ += ["municipal_plots", "plot_maturity", "plot_sector_collaboration"]
