"""Paired comparison of scenarios on common random numbers: does variant B beat baseline A?

``hiap-sim compare A B [C ...] --replicates N`` is a sweep with no parameters over the listed scenarios in
which replicate r has the same seed in every scenario, so each seed gives a pair (A, B) whose difference
is free of the run-to-run noise the two share. For every outcome and variant the analysis reports the mean
paired difference with a bootstrap interval, a t interval, and the share of seeds on which B does better
than A (with a Wilson interval).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from hiap_sim.experiments.spec import Experiment, experiment_from_dict
from hiap_sim.mechanisms.decisions import REASONS

# outcomes where less is better (for 'share of seeds where B beats A'); every other metric: more is better
LOWER_IS_BETTER = frozenset({"health_gap_years", "initiatives_abandoned", "initiatives_stalled", "ambition_gap", "fte_used", "budget_used",
                             *(f"declines_{r}" for r in REASONS)})
DEFAULT_METRICS = ("health_gap_reduction", "health_gap_secured", "hiap_index", "trust_cross", "trust_coordinator", "initiatives_completed",
                   "small_wins", "acceptance_rate")
SERIES_METRICS = ("health_gap_secured", "hiap_index", "trust_coordinator")  # kept month by month for the outcome bundles
MEAN_LAST_MONTHS = 24  # 'hiap_index' is compared as its mean over the last two years (it moves from month to month)


def better_direction(metric: str) -> str:
    """'lower' when less of the metric is better, else 'higher'."""
    return "lower" if metric in LOWER_IS_BETTER else "higher"


def comparison_experiment(scenarios: list[str], replicates: int, seed: int = 2025, months: int | None = None,
                          metrics: list[str] | None = None, series: list[str] | None = None, name: str | None = None) -> Experiment:
    """The sweep behind ``hiap-sim compare``: the scenarios side by side, the same seeds in each."""
    outputs: list[dict[str, Any]] = []
    for metric in metrics or DEFAULT_METRICS:
        if metric == "hiap_index":
            outputs.append({"metric": metric, "aggregate": "mean_last", "months": min(MEAN_LAST_MONTHS, months or MEAN_LAST_MONTHS)})
        else:
            outputs.append({"metric": metric})
    stems = [Path(s).stem for s in scenarios]
    data: dict[str, Any] = {
        "name": name or "compare_" + "_vs_".join(stems),
        "description": f"Paired comparison of {', '.join(stems)} on common random numbers ({replicates} seeds).",
        "scenarios": list(scenarios), "method": "grid", "replicates": replicates, "common_random_numbers": True, "seed": seed,
        "outputs": outputs,
    }
    if months is not None:
        data["months"] = months
    kept = list(series if series is not None else SERIES_METRICS)
    if kept:
        data["timeseries"] = {"metrics": kept}
    return experiment_from_dict(data)


def wilson(successes: float, n: int, confidence: float) -> tuple[float, float]:
    """Wilson score interval of a proportion."""
    if n == 0:
        return float("nan"), float("nan")
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def paired_row(a: np.ndarray, b: np.ndarray, metric: str, confidence: float, resamples: int, rng: np.random.Generator) -> dict[str, Any]:
    """Statistics of B - A over paired seeds: mean, bootstrap and t intervals, share of seeds where B is better."""
    d = b - a
    n = len(d)
    alpha = (1 - confidence) / 2
    boots = rng.choice(d, size=(resamples, n)).mean(axis=1)
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    sem = d.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
    half = stats.t.ppf(1 - alpha, max(n - 1, 1)) * sem
    direction = better_direction(metric)
    better = (d > 0) if direction == "higher" else (d < 0)
    share = float(better.mean())
    share_low, share_high = wilson(float(better.sum()), n, confidence)
    mean_a = float(a.mean())
    return {"difference": float(d.mean()), "low": float(low), "high": float(high), "t_low": float(d.mean() - half), "t_high": float(d.mean() + half),
            "relative": float(d.mean() / abs(mean_a)) if mean_a else float("nan"), "reference_mean": mean_a, "mean": float(b.mean()),
            "better": direction, "share_better": share, "share_better_low": share_low, "share_better_high": share_high,
            "ties": float((d == 0).mean()), "pairs": n}


def verdict(row: Any) -> str:
    """'better', 'worse' or 'no clear difference', from the interval of the paired difference and the better direction."""
    up = row.low > 0
    down = row.high < 0
    if not (up or down):
        return "no clear difference"
    return "better" if (up and row.better == "higher") or (down and row.better == "lower") else "worse"


def metric_of(label: str, spec: dict[str, Any]) -> str:
    """The metric behind an output label."""
    from hiap_sim.experiments.spec import OutputSpec

    for o in spec["outputs"]:
        if OutputSpec.model_validate(o).label == label:
            return o["metric"]
    return label
