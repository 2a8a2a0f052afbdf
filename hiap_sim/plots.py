"""Figures shared by run reports, sweep reports and debriefs (matplotlib, PNG).

Figures are drawn on matplotlib's object interface (``Figure`` with the Agg canvas), not through pyplot:
no global figure registry to close, and a quicker start for ``hiap-sim run``.

The figures take a time series as a pandas DataFrame or as its columns (a mapping of column name to numpy
array, in the frame's column order) and compute with numpy only: the helper processes that draw a run's
figures (hiap_sim.plot_workers) receive the columns and never import pandas.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    import pandas as pd

LEVEL_COLOURS = ["#d9d9d9", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
LEVEL_LABELS = ["0 none", "1 ad hoc", "2 cooperation", "3 coordination", "4 integration"]

Columns = Mapping[str, np.ndarray]


def columns_of(frame: pd.DataFrame | Columns) -> dict[str, np.ndarray]:
    """A time series as its columns: name -> numpy array, in the frame's column order."""
    if isinstance(frame, Mapping):
        return {name: np.asarray(values) for name, values in frame.items()}
    return {name: frame[name].to_numpy() for name in frame.columns}


def _subplots(figsize: tuple[float, float]) -> tuple[Figure, object]:
    """A figure with one axes, drawn by the Agg canvas (PNG)."""
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _to_dates(labels: np.ndarray) -> np.ndarray:
    """'YYYY-MM' labels as datetimes (the first of the month)."""
    return np.asarray(labels, dtype=str).astype("datetime64[M]").astype("datetime64[ns]")


class _Months:
    """The rows of a time series grouped by month (one row per replicate and month)."""

    def __init__(self, cols: Columns) -> None:
        self.months, first, self.index, counts = np.unique(cols["month"], return_index=True, return_inverse=True, return_counts=True)
        self.dates = _to_dates(cols["date"][first])
        self.order = np.argsort(self.index, kind="stable")  # rows month by month
        self.balanced = bool((counts == counts[0]).all())  # as many rows (replicates) in every month
        self.per_month = int(counts[0])
        self.replicates = int(np.unique(cols["replicate"]).size) if "replicate" in cols else 1

    def _matrix(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(values, dtype=float)[self.order].reshape(len(self.months), self.per_month)

    def mean(self, values: np.ndarray) -> np.ndarray:
        """Mean per month, leaving out undefined (NaN) values; NaN where a month has none."""
        if self.balanced:
            m = self._matrix(values)
            if self.per_month == 1:
                return m[:, 0]
            defined = ~np.isnan(m)
            n = defined.sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(n > 0, np.where(defined, m, 0.0).sum(axis=1) / n, np.nan)
        return np.array([_nan_stat(np.asarray(values, dtype=float)[self.index == k], np.mean) for k in range(len(self.months))])

    def quantile(self, values: np.ndarray, q: float) -> np.ndarray:
        """The ``q`` quantile per month (linear interpolation), leaving out undefined values."""
        v = np.asarray(values, dtype=float)
        if self.balanced:
            m = self._matrix(v)
            full = ~np.isnan(m).any(axis=1)
            out = np.full(len(self.months), np.nan)
            out[full] = np.quantile(m[full], q, axis=1)
            for k in np.flatnonzero(~full):
                out[k] = _nan_stat(m[k], lambda x: np.quantile(x, q))
            return out
        return np.array([_nan_stat(v[self.index == k], lambda x: np.quantile(x, q)) for k in range(len(self.months))])


def _nan_stat(values: np.ndarray, stat) -> float:
    defined = values[~np.isnan(values)]
    return float(stat(defined)) if defined.size else np.nan


def band(frame: pd.DataFrame | Columns, column: str) -> pd.DataFrame:
    """Mean and 5-95 % band of a metric over replicates, per month."""
    import pandas as pd

    cols = columns_of(frame)
    months = _Months(cols)
    return pd.DataFrame({"month": months.months, "mean": months.mean(cols[column]), "low": months.quantile(cols[column], 0.05),
                         "high": months.quantile(cols[column], 0.95), "date": np.asarray(cols["date"])[np.unique(cols["month"], return_index=True)[1]]})


def _line(ax, cols: Columns, months: _Months, values: np.ndarray, label: str, colour: str | None = None, style: str = "-") -> None:
    (line,) = ax.plot(months.dates, months.mean(values), style, label=label, color=colour, lw=1.8)
    if months.replicates > 1:
        ax.fill_between(months.dates, months.quantile(values, 0.05), months.quantile(values, 0.95), color=line.get_color(), alpha=0.18, lw=0)


def _finish(fig, ax, title: str, ylabel: str, path: Path, n: int, bottom: float = 0.09, right: float = 0.97) -> Path:
    ax.set_title(title + (f"  (mean and 5-95 % band, {n} runs)" if n > 1 else ""), fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    # fixed margins that fit these 9 x 5 inch figures: an automatic layout would draw every figure twice
    fig.subplots_adjust(left=0.08, right=right, top=0.93, bottom=bottom)
    fig.savefig(path, dpi=110)
    return path


def plot_trust(frame: pd.DataFrame | Columns, path: Path, coordinator: str = "VWS") -> Path:
    """Trust of the coordinator with each department, and overall across/within departments."""
    cols = columns_of(frame)
    months = _Months(cols)
    fig, ax = _subplots(figsize=(9, 5))
    columns = [c for c in cols if c.startswith("trust_with_")]
    cmap = matplotlib.colormaps["tab10"]
    for k, column in enumerate(columns):
        _line(ax, cols, months, cols[column], f"{coordinator}-{column.removeprefix('trust_with_')}", cmap(k % 10), "-")
    _line(ax, cols, months, cols["trust_cross"], "all across departments", "black", "--")
    _line(ax, cols, months, cols["trust_within"], "within departments", "grey", ":")
    ax.axhline(0.7, color="darkred", lw=0.8, ls="-.")
    ax.text(months.dates[0], 0.705, "solid trust (0.7)", color="darkred", fontsize=8, va="bottom")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, ncol=3, loc="upper left")
    return _finish(fig, ax, "Trust between departments", "mean trust (0-1)", path, months.replicates)


def plot_levels(frame: pd.DataFrame | Columns, path: Path) -> Path:
    """Collaboration-level mix of department pairs over time (stacked shares)."""
    cols = columns_of(frame)
    months = _Months(cols)
    means = np.vstack([months.mean(cols[f"level_share_{k}"]) for k in range(5)])
    fig, ax = _subplots(figsize=(9, 5))
    ax.stackplot(months.dates, means, labels=LEVEL_LABELS, colors=LEVEL_COLOURS)
    ax.set_ylim(0, 1)
    ax.margins(x=0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), fontsize=8, ncol=5, frameon=False)
    n = months.replicates
    return _finish(fig, ax, "Deepest joint work between department pairs" + (" (mean)" if n > 1 else ""), "share of pairs", path, 1, bottom=0.15)


def _last_12_months(cols: Columns, column: str) -> np.ndarray:
    """Sum of ``column`` over each replicate's last 12 months (fewer at the start), row by row."""
    values = np.asarray(cols[column], dtype=float)
    replicate = cols["replicate"] if "replicate" in cols else np.zeros(len(values))
    out = np.empty(len(values))
    for r in np.unique(replicate):
        rows = np.flatnonzero(replicate == r)  # in the frame's order, as a rolling window over the frame would take them
        total = np.cumsum(values[rows])
        out[rows] = total - np.concatenate([np.zeros(min(12, len(rows))), total[:-12]])
    return out


def plot_initiatives(frame: pd.DataFrame | Columns, path: Path) -> Path:
    """Initiatives active, stalled, completed and abandoned (cumulative) and new per year."""
    cols = columns_of(frame)
    months = _Months(cols)
    fig, ax = _subplots(figsize=(9, 5))
    _line(ax, cols, months, cols["initiatives_active"], "active", "#2171b5")
    _line(ax, cols, months, cols["initiatives_stalled"], "stalled", "#fd8d3c")
    _line(ax, cols, months, cols["initiatives_completed"], "completed (cumulative)", "#238b45", "--")
    _line(ax, cols, months, cols["initiatives_abandoned"], "abandoned (cumulative)", "#cb181d", "--")
    _line(ax, cols, months, _last_12_months(cols, "initiatives_new"), "new in the last 12 months", "#6a51a3", ":")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_ylim(bottom=0)
    return _finish(fig, ax, "Joint initiatives", "initiatives", path, months.replicates)


def plot_health_gap(frame: pd.DataFrame | Columns, path: Path, initial_gap: float, target_reduction: float, target_year: int) -> Path:
    """Gap in healthy life expectancy between low and high SES, with the [REG2021] target."""
    cols = columns_of(frame)
    months = _Months(cols)
    fig, ax = _subplots(figsize=(9, 5))
    _line(ax, cols, months, cols["health_gap_years"], "simulated gap", "#08519c")
    target = initial_gap * (1 - target_reduction)
    ax.axhline(target, color="darkgreen", ls="--", lw=1)
    ax.text(months.dates[0], target + 0.05, f"target: {target_reduction:.0%} smaller by {target_year} [REG2021]", color="darkgreen", fontsize=8, va="bottom")
    ax.set_ylim(min(target, _nan_stat(np.asarray(cols["health_gap_years"], dtype=float), np.min)) - 1, initial_gap + 0.5)
    ax.legend(fontsize=8, loc="lower left")
    return _finish(fig, ax, "Socio-economic gap in healthy life expectancy", "years", path, months.replicates)


def run_plots(frame: pd.DataFrame | Columns, folder: Path, coordinator: str, health) -> list[Path]:
    """The standard figures of a run folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        plot_trust(frame, folder / "trust.png", coordinator),
        plot_levels(frame, folder / "levels.png"),
        plot_initiatives(frame, folder / "initiatives.png"),
        plot_health_gap(frame, folder / "health_gap.png", health.initial_gap_years, health.target_reduction, health.target_year),
    ]


__all__ = ["band", "columns_of", "run_plots", "plot_trust", "plot_levels", "plot_initiatives", "plot_health_gap", "np"]


# municipal level -----------------------------------------------------------------------------------------
MATURITY_COLOURS = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]


def plot_sector_collaboration(frame: pd.DataFrame | Columns, path: Path, title: str = "Sector officers collaborating with public health") -> Path:
    """Share of each sector's officers collaborating with public health at the last month (mean and 5-95 %
    over replicates), side by side with the RIVM survey of 16 municipalities in 2009 [RIVM2010 Table VIII.1]."""
    from hiap_sim.scenario.municipal import RIVM2010_COLLABORATION, SECTORS

    cols = columns_of(frame)
    last = cols["month"] == np.max(cols["month"])
    shares = {s: np.asarray(cols[f"collab_share_{s}"][last], dtype=float) for s in SECTORS}
    simulated = np.array([_nan_stat(shares[s], np.mean) for s in SECTORS])
    low = np.array([np.nanquantile(shares[s], 0.05) for s in SECTORS])
    high = np.array([np.nanquantile(shares[s], 0.95) for s in SECTORS])
    observed = np.array([RIVM2010_COLLABORATION[s][0] for s in SECTORS])
    n = [RIVM2010_COLLABORATION[s][1] for s in SECTORS]
    x = np.arange(len(SECTORS))
    fig, ax = _subplots(figsize=(10, 5))
    ax.bar(x - 0.2, observed, 0.4, label="RIVM 2009 survey [RIVM2010]", color="#969696", edgecolor="#525252", zorder=2)
    replicates = int(np.unique(cols["replicate"]).size) if "replicate" in cols else 1
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


def plot_maturity(frame: pd.DataFrame | Columns, path: Path) -> Path:
    """Share of municipalities at each maturity stage over time (mean over replicates), with the mean stage."""
    from hiap_sim.scenario.municipal import MATURITY_STAGES

    cols = columns_of(frame)
    months = _Months(cols)
    means = np.vstack([months.mean(cols[f"municipal_maturity_share_{k}"]) for k in range(1, 6)])
    fig, ax = _subplots(figsize=(9, 5))
    ax.stackplot(months.dates, means, labels=[f"{k} {name}" for k, name in enumerate(MATURITY_STAGES, start=1)], colors=MATURITY_COLOURS)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of municipalities")
    twin = ax.twinx()
    twin.plot(months.dates, months.mean(cols["municipal_maturity_mean"]), color="black", lw=1.8, label="mean stage (right axis)")
    twin.set_ylim(1, 5)
    twin.set_ylabel("mean stage")
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, fontsize=8, loc="upper left", ncol=3)
    n = months.replicates
    return _finish(fig, ax, "Maturity of integral health policy in municipalities" + (" (mean)" if n > 1 else ""), "share of municipalities", path, 1, right=0.92)


def municipal_plots(frame: pd.DataFrame | Columns, folder: Path) -> list[Path]:
    """The municipal figures of a run folder (scenarios with municipalities)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        plot_sector_collaboration(frame, folder / "sector_collaboration.png"),
        plot_maturity(frame, folder / "maturity.png"),
    ]


__all__ += ["municipal_plots", "plot_maturity", "plot_sector_collaboration"]
