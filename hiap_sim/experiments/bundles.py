"""Outcome bundles: the kept time series of many runs summarised per group (scenario, cluster, or a discovered box).

A bundle is the mean and the middle 50 % and 90 % of a metric month by month over the runs of a
group, drawn with a sample of single trajectories (as the EMA Workbench's envelopes and lines).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def bundle_table(series: pd.DataFrame, groups: pd.Series, metrics: list[str]) -> pd.DataFrame:
    """Per group, metric and month: runs, mean and the 5/25/50/75/95 % quantiles over runs.

    ``series``: rows (run_id, month, metrics...); ``groups``: the group of each run, indexed by run_id.
    """
    frame = series.assign(group=series["run_id"].map(groups)).dropna(subset=["group"])
    rows = []
    for metric in metrics:
        grouped = frame.groupby(["group", "month"], sort=True)[metric]
        stats = grouped.agg(["count", "mean"]).rename(columns={"count": "runs"})
        for q in QUANTILES:
            stats[f"p{round(q * 100)}"] = grouped.quantile(q)
        rows.append(stats.reset_index().assign(metric=metric))
    columns = ["group", "metric", "month", "runs", "mean", *(f"p{round(q * 100)}" for q in QUANTILES)]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


def sample_runs(groups: pd.Series, per_group: int, seed: int) -> list[int]:
    """A reproducible sample of at most ``per_group`` run ids of each group, for single trajectories."""
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    for _, ids in groups.groupby(groups, sort=True):
        run_ids = np.sort(ids.index.to_numpy())
        chosen += [int(r) for r in rng.choice(run_ids, size=min(per_group, len(run_ids)), replace=False)]
    return chosen


def cluster_runs(series: pd.DataFrame, metrics: list[str], clusters: int, seed: int) -> pd.Series:
    """Runs grouped into ``clusters`` clusters of similar trajectories (k-means on standardised series), by run id.

    Clusters are numbered by the mean final value of the first metric, lowest first, so that labels are stable.
    """
    from sklearn.cluster import KMeans

    wide = series.pivot_table(index="run_id", columns="month", values=metrics).dropna()
    values = wide.to_numpy(dtype=float)
    scale = values.std(axis=0)
    values = (values - values.mean(axis=0)) / np.where(scale > 0, scale, 1.0)
    k = min(clusters, len(wide))
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(values)
    first = wide[metrics[0]]
    final = pd.Series(first[first.columns.max()].to_numpy(), index=wide.index).groupby(labels).mean().sort_values()
    names = {old: f"cluster {rank + 1}" for rank, old in enumerate(final.index)}
    return pd.Series([names[label] for label in labels], index=wide.index, name="cluster")


def bundle_figures(stats: pd.DataFrame, series: pd.DataFrame, groups: pd.Series, metrics: list[str], title: str, path: Path,
                   sample: list[int], group_label: str) -> Path:
    """One panel per metric: each group's mean, 50 % and 90 % bands and a sample of single runs."""
    from hiap_sim.experiments import figures

    return figures.bundle_figure(stats, series[series["run_id"].isin(sample)], groups, metrics, title, path, group_label)
