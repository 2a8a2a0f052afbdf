"""Analysis of a result folder: sensitivity indices with intervals, figures and a readable report.

Works from the folder alone. Runs are averaged over replicates per sample and put back in sample order
before SALib sees them (its estimators read rows by position). Sobol', Morris and FAST need every
sample; with failed or missing samples their indices are skipped for that output and the report says
why. Bootstrap intervals use a seed stored in the manifest, so the same folder always gives the same
numbers.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from hiap_sim.experiments import figures
from hiap_sim.experiments.methods import get_method
from hiap_sim.experiments.methods.base import AnalysisInput, slug
from hiap_sim.experiments.precision import PrecisionWarning, noise_warnings
from hiap_sim.experiments.store import ResultSet, load_results

MAX_REPORTED_FAILURES = 20


@dataclass
class Analysis:
    """What ``analyze`` produced: tables (also written as CSV), figure files, the report, and notes."""

    folder: Path
    results: ResultSet
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    report: Path | None = None
    notes: list[str] = field(default_factory=list)
    precision: list[PrecisionWarning] = field(default_factory=list)
    main_figure: Path | None = None

    def indices(self, kind: str | None = None) -> pd.DataFrame:
        """The index table of the method ('sobol', 'morris', 'fast', 'rbd_fast'), or the method's own."""
        return self.tables.get(f"{kind or self.results.manifest['method']}_indices", pd.DataFrame())


def _salib_problem(results: ResultSet) -> dict[str, Any]:
    problem = dict(results.manifest["problem"])
    problem["bounds"] = [list(b) for b in problem["bounds"]]
    return problem


def _spearman(x: np.ndarray, y: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Spearman's rho with a Fisher-z interval (standard error 1.03/sqrt(n-3), Fieller et al. 1957)."""
    if len(x) < 4 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan"), float("nan"), float("nan")
    rho = float(stats.spearmanr(x, y).statistic)
    z = math.atanh(max(min(rho, 0.999999), -0.999999))
    half = stats.norm.ppf(0.5 + confidence / 2) * 1.03 / math.sqrt(len(x) - 3)
    return rho, math.tanh(z - half), math.tanh(z + half)


def analyze(folder: str | os.PathLike, *, make_figures: bool = True, clusters: int | None = None) -> Analysis:
    """Analyse a result folder: write ``tables/*.csv``, ``figures/*.png`` and ``report.md`` into it.

    Files of an earlier analysis are overwritten (they derive from the runs, which are never touched).
    ``clusters``: group runs into this many clusters of similar trajectories for outcome bundles (default: the
    experiment's ``analysis.clusters``); needs kept time series.
    """
    results = load_results(folder)
    folder = results.folder
    manifest = results.manifest
    spec = manifest["experiment"]["spec"]
    confidence = float(spec["analysis"]["confidence"])
    resamples = int(spec["analysis"]["resamples"])
    seed = int(manifest["seeds"]["analysis_seed"])
    method = get_method(manifest["method"])
    problem = _salib_problem(results)
    analysis = Analysis(folder, results)
    for sub in ("tables", "figures"):
        (folder / sub).mkdir(exist_ok=True)

    if not results.complete:
        analysis.notes.append(f"The sweep is incomplete: {len(results.runs)} of {manifest['n_runs']} runs have finished. "
                              "Run the same 'hiap-sim sweep' command again to finish it; indices below use only what is there.")

    method_tables: dict[str, list[dict[str, Any]]] = {}
    rank_rows: list[dict[str, Any]] = []
    params = results.parameters
    for scenario in results.scenarios:
        x = results.values(scenario)
        for output in results.outputs:
            y = results.sample_means(scenario, output).to_numpy(dtype=float)
            where = f"'{output}'" + (f" in scenario '{scenario}'" if len(results.scenarios) > 1 else "")
            if params:
                data = AnalysisInput(problem, x, y, spec, confidence, resamples, seed, where, analysis.notes.append)
                for table, rows in method.analyse(data).items():
                    method_tables.setdefault(table, []).extend({"scenario": scenario, "output": output, **row} for row in rows)
            finite = np.isfinite(y)
            for k, name in enumerate(params):
                rho, low, high = _spearman(x[finite, k], y[finite], confidence)
                rank_rows.append({"scenario": scenario, "output": output, "parameter": name, "rho": rho, "rho_low": low, "rho_high": high, "n": int(finite.sum())})

    for table, rows in method_tables.items():
        analysis.tables[table] = pd.DataFrame(rows)
    if rank_rows:
        analysis.tables["rank_correlations"] = pd.DataFrame(rank_rows)
    analysis.tables["output_summary"] = _summary(results)
    noise = _noise(results)
    if not noise.empty:
        analysis.tables["noise"] = noise
    if len(results.scenarios) > 1:
        analysis.tables["scenario_differences"] = _differences(results, confidence, resamples, seed)
    if results.series_metrics and not results.ok.empty:
        _bundles(analysis, int(spec["analysis"].get("clusters", 0) if clusters is None else clusters), seed, make_figures)
    elif clusters:
        analysis.notes.append("Clusters of runs need time series: add a 'timeseries' block to the experiment (the runs of this sweep kept none).")
    analysis.precision = method.precision_warnings(analysis) + noise_warnings(analysis)
    if analysis.precision:
        analysis.tables["precision_warnings"] = pd.DataFrame([w.as_row() for w in analysis.precision])
    if not results.failures.empty:
        failures = results.failures[["run_id", "sample", "replicate", "scenario", "seed", *params, "error"]]
        analysis.tables["failures"] = failures.reset_index(drop=True)
    for name, table in analysis.tables.items():
        table.to_csv(folder / "tables" / f"{name}.csv", index=False)

    if make_figures:
        _figures(analysis, confidence)
    from hiap_sim.experiments.report import write_report

    analysis.report = write_report(analysis)
    return analysis


def _bundles(analysis: Analysis, clusters: int, seed: int, make_figures: bool) -> None:
    """Outcome bundles of the kept time series: per scenario, and per cluster of similar trajectories when asked."""
    from hiap_sim.experiments import bundles

    results = analysis.results
    metrics = results.series_metrics
    ok = results.ok.set_index("run_id")
    series = results.timeseries(metrics, run_ids=ok.index)
    if series.empty:
        analysis.notes.append("The sweep keeps time series, but none of the finished runs has any stored yet.")
        return
    per_run = int(results.manifest["experiment"]["spec"]["analysis"].get("bundle_runs", 20))
    name = results.manifest["experiment"]["name"]
    groupings = [("scenario", ok["scenario"])]
    if clusters > 1:
        labels = bundles.cluster_runs(series, metrics, clusters, seed)
        analysis.tables["run_clusters"] = labels.rename_axis("run_id").reset_index().merge(
            ok[["scenario", "seed"]].reset_index(), on="run_id")
        groupings.append(("cluster", labels))
    for kind, groups in groupings:
        stats = bundles.bundle_table(series, groups, metrics)
        analysis.tables[f"bundles_by_{kind}"] = stats
        if make_figures:
            sample = bundles.sample_runs(groups, per_run, seed)
            path = bundles.bundle_figures(stats, series, groups, metrics, f"{name}: outcome bundles by {kind}",
                                          analysis.folder / "figures" / f"bundles_by_{kind}.png", sample, kind)
            analysis.figures.append(path)


def _censoring(results: ResultSet) -> dict[str, int]:
    """Censoring value (horizon + 1) of each 'months_until' output, keyed by output label."""
    spec = results.manifest["experiment"]["spec"]
    horizons = results.manifest.get("horizons") or {}
    out = {}
    labels = results.outputs
    for label, o in zip(labels, spec["outputs"], strict=True):
        if o["aggregate"] == "months_until" and horizons:
            out[label] = max(horizons.values()) + 1
    return out


def _summary(results: ResultSet) -> pd.DataFrame:
    """Distribution of each output over successful runs, per scenario."""
    censor = _censoring(results)
    rows = []
    for scenario in results.scenarios:
        ok = results.ok[results.ok["scenario"] == scenario]
        for output in results.outputs:
            v = ok[output].dropna().to_numpy(dtype=float)
            row = {"scenario": scenario, "output": output, "runs": len(v)}
            if len(v):
                q = np.quantile(v, [0.05, 0.25, 0.5, 0.75, 0.95])
                row.update(mean=float(v.mean()), sd=float(v.std(ddof=1)) if len(v) > 1 else float("nan"), min=float(v.min()),
                           p5=q[0], p25=q[1], median=q[2], p75=q[3], p95=q[4], max=float(v.max()))
            if output in censor:
                row["never_reached_share"] = float(np.mean(v >= censor[output])) if len(v) else float("nan")
            rows.append(row)
    return pd.DataFrame(rows)


def _noise(results: ResultSet) -> pd.DataFrame:
    """How much of the run-to-run variance is stochastic (seed) noise rather than parameter effects."""
    if results.manifest["replicates"] < 2:
        return pd.DataFrame()
    rows = []
    replicates = results.manifest["replicates"]
    for scenario in results.scenarios:
        ok = results.ok[results.ok["scenario"] == scenario]
        for output in results.outputs:
            grouped = ok.groupby("sample")[output]
            within = grouped.var(ddof=1).dropna()
            total = float(ok[output].var(ddof=1)) if len(ok) > 1 else float("nan")
            means_var = float(grouped.mean().var(ddof=1)) if grouped.ngroups > 1 else float("nan")
            noise = float(within.mean()) if len(within) else float("nan")
            rows.append({
                "scenario": scenario, "output": output, "within_sample_sd": math.sqrt(noise) if noise == noise else float("nan"),
                "noise_share_of_runs": noise / total if total and total > 0 else float("nan"),
                "noise_share_of_sample_means": (noise / replicates) / means_var if means_var and means_var > 0 else float("nan"),
            })
    return pd.DataFrame(rows)


def _differences(results: ResultSet, confidence: float, resamples: int, seed: int) -> pd.DataFrame:
    """Each scenario's output minus the first scenario's: paired by seed under common random numbers (with the share of
    seeds on which it does better), else a difference of means; bootstrap intervals either way."""
    from hiap_sim.experiments.compare import metric_of, paired_row, verdict

    rng = np.random.default_rng(seed)
    reference = results.scenarios[0]
    paired = bool(results.manifest["seeds"]["common_random_numbers"])
    spec = results.manifest["experiment"]["spec"]
    ok = results.ok
    rows = []
    alpha = (1 - confidence) / 2
    for scenario in results.scenarios[1:]:
        for output in results.outputs:
            a = ok[ok["scenario"] == reference].set_index(["replicate", "sample"])[output]
            b = ok[ok["scenario"] == scenario].set_index(["replicate", "sample"])[output]
            if paired:
                offset = (results.scenarios.index(scenario) - results.scenarios.index(reference)) * results.manifest["n_local_samples"]
                b = b.rename(index=lambda s, offset=offset: s - offset, level="sample")
                joined = pd.concat([a, b], axis=1, keys=["a", "b"]).dropna()
                if joined.empty:
                    continue
                row = paired_row(joined["a"].to_numpy(dtype=float), joined["b"].to_numpy(dtype=float), metric_of(output, spec), confidence, resamples, rng)
            else:
                av, bv = a.dropna().to_numpy(dtype=float), b.dropna().to_numpy(dtype=float)
                if len(av) == 0 or len(bv) == 0:
                    continue
                boots = rng.choice(bv, size=(resamples, len(bv))).mean(axis=1) - rng.choice(av, size=(resamples, len(av))).mean(axis=1)
                low, high = np.quantile(boots, [alpha, 1 - alpha])
                row = {"difference": float(bv.mean() - av.mean()), "low": float(low), "high": float(high)}
            row = {"scenario": scenario, "reference": reference, "output": output, **row, "paired": paired, "clear": bool(row["low"] > 0 or row["high"] < 0)}
            if paired:
                row["verdict"] = verdict(pd.Series(row))
            rows.append(row)
    return pd.DataFrame(rows)


def _figures(analysis: Analysis, confidence: float) -> None:
    results = analysis.results
    folder = analysis.folder / "figures"
    name = results.manifest["experiment"]["name"]
    several = len(results.scenarios) > 1
    get_method(results.manifest["method"]).figures(analysis, confidence)
    if results.parameters and not results.ok.empty:
        for scenario in results.scenarios:
            values = results.samples[results.samples["scenario"] == scenario].sort_values("local_sample")[results.parameters].reset_index(drop=True)
            for output in results.outputs:
                y = results.sample_means(scenario, output)
                suffix = f"_{slug(scenario)}" if several else ""
                title = f"{output} (mean over replicates) against each parameter" + (f" ({scenario})" if several else "")
                analysis.figures.append(figures.scatter_figure(values, y, title, folder / f"scatter{suffix}_{slug(output)}.png"))
    differences = analysis.tables.get("scenario_differences")
    if differences is not None and not differences.empty:
        analysis.figures.append(figures.difference_figure(differences, f"Difference from {results.scenarios[0]}", folder / "comparison_differences.png", confidence))
        if "share_better" in differences.columns:
            analysis.figures.append(figures.share_better_figure(differences, f"Share of seeds on which each variant does better than {results.scenarios[0]}",
                                                                folder / "comparison_share_better.png", confidence))
    if not results.ok.empty:
        path = figures.distribution_figure(results.ok, results.outputs, results.scenarios, f"{name}: distribution of each output over runs",
                                           folder / "distributions.png")
        analysis.figures.append(path)
        analysis.main_figure = analysis.main_figure or path
