"""``report.md`` of a sweep analysis: what was done, what drives each output, and how to reproduce it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hiap_sim.experiments.spec import AGGREGATES

METHOD_TITLES = {
    "sobol": "Sobol' variance-based sensitivity analysis",
    "morris": "Morris elementary-effects screening",
    "fast": "extended FAST sensitivity analysis",
    "latin": "Latin hypercube exploration",
    "grid": "full factorial grid",
}


def _fmt(value: Any, digits: int = 3) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            return "-"
        if value != 0 and (abs(value) >= 10_000 or abs(value) < 10 ** (-digits)):
            return f"{value:.{digits}g}"
        return f"{value:.{digits}f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame, columns: list[str] | None = None, digits: int = 3) -> str:
    """A DataFrame as a Markdown table (no extra dependency)."""
    columns = columns or list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in frame[columns].itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v, digits) for v in row) + " |")
    return "\n".join(lines)


def _interval(row: Any, index: str) -> str:
    return f"{getattr(row, index):.2f} [{getattr(row, index + '_low'):.2f}, {getattr(row, index + '_high'):.2f}]"


NOISE_WARNING_SHARE = 0.2  # share of the variance of replicate means above which the report warns


def _noise_warning(analysis: Any, scenario: str, output: str) -> str:
    """A sentence when seed noise is a large part of the variance the indices decompose."""
    noise = analysis.tables.get("noise")
    if noise is None or noise.empty:
        return ""
    row = noise[(noise["scenario"] == scenario) & (noise["output"] == output)]
    if row.empty or not row["noise_share_of_sample_means"].iloc[0] > NOISE_WARNING_SHARE:
        return ""
    share = float(row["noise_share_of_sample_means"].iloc[0])
    return (f" Caution: seed noise is {share:.0%} of the variance of the replicate means of this output; it inflates the total effects of "
            "every parameter that changes the random course of a run (and the interaction sum). More replicates reduce it.")


def findings(analysis: Any, confidence: float) -> list[str]:
    """One data-driven sentence per output (and scenario)."""
    results = analysis.results
    method = results.manifest["method"]
    lines = []
    several = len(results.scenarios) > 1
    for kind in ("sobol", "fast"):
        table = analysis.tables.get(f"{kind}_indices")
        if table is None or table.empty:
            continue
        for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
            ranked = list(t.sort_values("ST", ascending=False).itertuples(index=False))
            top = ranked[0]
            second = f"; then `{ranked[1].parameter}` (ST {_interval(ranked[1], 'ST')})" if len(ranked) > 1 else ""
            interactions = float(t["ST"].sum() - t["S1"].sum())
            negligible = [r.parameter for r in ranked if r.ST_high < 0.05]
            where = f" in `{scenario}`" if several else ""
            text = (f"- **{output}**{where}: the largest total effect is `{top.parameter}` (ST {_interval(top, 'ST')}, first order "
                    f"S1 {_interval(top, 'S1')}){second}. Sum of S1 = {t['S1'].sum():.2f}; interactions (sum ST - sum S1) = {interactions:.2f}.")
            if negligible:
                text += f" Negligible (upper bound of ST below 0.05): {', '.join(f'`{n}`' for n in negligible)}."
            text += _noise_warning(analysis, scenario, output)
            lines.append(text)
    table = analysis.tables.get("morris_indices")
    if table is not None and not table.empty:
        for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
            ranked = list(t.sort_values("mu_star", ascending=False).itertuples(index=False))
            biggest = ranked[0].mu_star if ranked[0].mu_star > 0 else 1.0
            important = [r for r in ranked if r.mu_star >= 0.1 * biggest]
            negligible = [r.parameter for r in ranked if r.mu_star_high < 0.05 * biggest]
            nonlinear = [r.parameter for r in important if r.sigma > r.mu_star]
            where = f" in `{scenario}`" if several else ""
            text = (f"- **{output}**{where}: {len(important)} of {len(ranked)} parameters have mu* of at least a tenth of the largest; in order: "
                    + ", ".join(f"`{r.parameter}` ({r.mu_star:.3g})" for r in important[:8]) + ("..." if len(important) > 8 else "") + ".")
            if nonlinear:
                shown = ", ".join(f"`{n}`" for n in nonlinear[:8]) + (f" and {len(nonlinear) - 8} more" if len(nonlinear) > 8 else "")
                text += f" Non-linear or interacting (sigma > mu*): {shown}."
            if negligible:
                text += f" Screened out (mu* interval below 5 % of the largest): {len(negligible)} parameters."
            text += _noise_warning(analysis, scenario, output)
            lines.append(text)
    if method in ("latin", "grid"):
        ranks = analysis.tables.get("rank_correlations")
        if ranks is not None and not ranks.empty:
            for (scenario, output), t in ranks.dropna(subset=["rho"]).groupby(["scenario", "output"], sort=False):
                strongest = t.reindex(t["rho"].abs().sort_values(ascending=False).index).head(3)
                where = f" in `{scenario}`" if several else ""
                lines.append(f"- **{output}**{where}: strongest rank correlations " + ", ".join(
                    f"`{r.parameter}` ({r.rho:+.2f} [{r.rho_low:+.2f}, {r.rho_high:+.2f}])" for r in strongest.itertuples(index=False)) + ".")
    differences = analysis.tables.get("scenario_differences")
    if differences is not None and not differences.empty:
        for output, t in differences.groupby("output", sort=False):
            clear = t[t["clear"]]
            reference = t["reference"].iloc[0]
            if clear.empty:
                lines.append(f"- **{output}**: no scenario differs clearly from `{reference}` ({confidence:.0%} intervals all include 0).")
            else:
                parts = [f"`{r.scenario}` {r.difference:+.3g} [{r.low:+.3g}, {r.high:+.3g}]" for r in clear.sort_values("difference", ascending=False).itertuples(index=False)]
                lines.append(f"- **{output}**: clear differences from `{reference}`: " + "; ".join(parts) + ".")
    return lines


def write_report(analysis: Any) -> Path:
    """Write ``report.md`` into the result folder and return its path."""
    results = analysis.results
    manifest = results.manifest
    spec = manifest["experiment"]["spec"]
    confidence = float(spec["analysis"]["confidence"])
    method = manifest["method"]
    ok = len(results.ok)
    undefined = int((results.runs["status"] == "undefined").sum()) if "status" in results.runs else 0
    failed = len(results.failures) - undefined
    sessions = manifest.get("sessions", [])
    out: list[str] = [f"# Sensitivity analysis: {manifest['experiment']['name']}", ""]
    if spec.get("description"):
        out += [" ".join(spec["description"].split()), ""]
    scenarios = ", ".join(f"`{s}`" for s in results.scenarios)
    runs_line = f"{len(results.runs)} of {manifest['n_runs']} finished: {ok} succeeded, {failed} failed" + (
        f", {undefined} with undefined outputs" if undefined else "")
    facts = [
        ("method", METHOD_TITLES[method] + (" (with second-order indices)" if spec.get("second_order") else "")),
        ("model", manifest["model"]),
        ("base scenario" + ("s" if len(results.scenarios) > 1 else ""), scenarios),
        ("parameters", str(len(results.parameters))),
        ("parameter sets", f"{manifest['n_local_samples']} per scenario" + (f" (N = {spec['samples']})" if spec.get("samples") else "")),
        ("replicates", f"{manifest['replicates']} per parameter set, each with its own seed" + ("; common random numbers across sets" if manifest["seeds"]["common_random_numbers"] else "")
         + ("; indices use the mean over replicates" if manifest["replicates"] > 1 else "")),
        ("runs", runs_line),
        ("months per run", ", ".join(f"{k}: {v}" for k, v in manifest.get("horizons", {}).items()) or "-"),
        ("sweep sessions", "; ".join(f"{s['executor']}, {s['runs_done']} runs, {s['started']} to {s['ended']}" + (" (interrupted)" if s["interrupted"] else "") for s in sessions) or "-"),
        ("confidence intervals", f"{confidence:.0%}, {spec['analysis']['resamples']} bootstrap resamples, seed {manifest['seeds']['analysis_seed']}"),
    ]
    out += ["| | |", "|---|---|", *[f"| {k} | {v} |" for k, v in facts], ""]
    if analysis.main_figure is not None:
        out += [f"![main figure]({analysis.main_figure.relative_to(analysis.folder).as_posix()})", ""]

    found = findings(analysis, confidence)
    if found:
        out += ["## Main findings", "", *found, ""]
    if analysis.notes:
        out += ["## Notes", "", *[f"- {n}" for n in analysis.notes], ""]

    figures_by_name = {p.name: p.relative_to(analysis.folder).as_posix() for p in analysis.figures}
    index_tables = [(k, analysis.tables.get(f"{k}_indices")) for k in ("sobol", "fast", "morris", "rbd_fast")]
    index_tables = [(k, t) for k, t in index_tables if t is not None and not t.empty]
    if index_tables or method in ("latin", "grid"):
        out += ["## Results by output", ""]
        if method in ("sobol", "fast"):
            out += ["S1 is the share of the output's variance due to a parameter alone; ST includes all its interactions. "
                    f"Intervals are {confidence:.0%} bootstrap intervals; a wide interval means more samples are needed.", ""]
        if method == "morris":
            out += ["mu* is the mean absolute change of the output when a parameter moves over its range (ranks importance); sigma is "
                    "the spread of those changes (non-linearity or interaction). Morris ranks parameters; it does not apportion variance.", ""]
        several = len(results.scenarios) > 1
        for scenario in results.scenarios:
            if several:
                out += [f"### Scenario `{scenario}`", ""]
            for output in results.outputs:
                out += [f"{'####' if several else '###'} {output}", ""]
                for kind, table in index_tables:
                    t = table[(table["scenario"] == scenario) & (table["output"] == output)]
                    if t.empty:
                        continue
                    slug = f"_{scenario}" if several else ""
                    if kind in ("sobol", "fast"):
                        t = t.sort_values("ST", ascending=False)
                        out += [markdown_table(t, ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]), ""]
                    elif kind == "morris":
                        t = t.sort_values("mu_star", ascending=False)
                        out += [markdown_table(t, ["parameter", "mu_star", "mu_star_low", "mu_star_high", "sigma", "mu"]), ""]
                    else:
                        t = t.sort_values("S1", ascending=False)
                        out += ["RBD-FAST first-order indices:", "", markdown_table(t, ["parameter", "S1", "S1_low", "S1_high"]), ""]
                    for candidate in (f"{kind}{slug}_{output}.png",):
                        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in candidate)
                        if name in figures_by_name:
                            out += [f"![{kind} {output}]({figures_by_name[name]})", ""]
                ranks = analysis.tables.get("rank_correlations")
                if method in ("latin", "grid") and ranks is not None:
                    t = ranks[(ranks["scenario"] == scenario) & (ranks["output"] == output)].dropna(subset=["rho"])
                    if not t.empty:
                        out += ["Spearman rank correlations:", "", markdown_table(t.reindex(t["rho"].abs().sort_values(ascending=False).index),
                                                                                 ["parameter", "rho", "rho_low", "rho_high", "n"]), ""]
                scatter = "".join(c if c.isalnum() or c in "-_." else "_" for c in f"scatter{'_' + scenario if several else ''}_{output}.png")
                if scatter in figures_by_name:
                    out += [f"Output against each parameter: [{figures_by_name[scatter]}]({figures_by_name[scatter]})", ""]
        effects = analysis.tables.get("main_effects")
        if effects is not None and not effects.empty:
            out += ["### Main effects (mean output at each level)", "", markdown_table(effects, ["scenario", "output", "parameter", "level", "mean", "low", "high", "samples"]), ""]

    out += ["## Output distributions", ""]
    if "distributions.png" in figures_by_name:
        out += [f"![distributions]({figures_by_name['distributions.png']})", ""]
    summary = analysis.tables["output_summary"]
    columns = [c for c in ["scenario", "output", "runs", "mean", "sd", "p5", "median", "p95", "never_reached_share"] if c in summary.columns]
    out += [markdown_table(summary, columns), ""]
    if "never_reached_share" in summary.columns:
        out += ["'months until' outputs count runs that never reach the threshold as horizon + 1 (censored); `never_reached_share` "
                "is the share of such runs. A large share makes that output's indices describe mostly whether the threshold is reached.", ""]
    differences = analysis.tables.get("scenario_differences")
    if differences is not None and not differences.empty:
        paired = bool(differences["paired"].iloc[0])
        out += ["## Scenario comparison", "",
                f"Difference of the mean from `{differences['reference'].iloc[0]}`, with {confidence:.0%} bootstrap intervals"
                + (" (paired: the same seeds in each scenario)." if paired else "."), "",
                markdown_table(differences, ["scenario", "output", "difference", "low", "high", "clear"]), ""]
    noise = analysis.tables.get("noise")
    if noise is not None and not noise.empty:
        out += ["## Stochastic noise", "",
                "Share of the variance that comes from the seed rather than from the parameters: `noise_share_of_runs` for single runs, "
                "`noise_share_of_sample_means` for the replicate means that the indices are computed from. Noise in the means inflates "
                "total indices and widens intervals; more replicates reduce it.", "",
                markdown_table(noise), ""]
    out += ["## Failures", ""]
    if undefined:
        out += [f"{undefined} run(s) have status 'undefined': an output had no value in the months it reduces (for example an "
                "acceptance rate in a run without any partner decision). They are left out of the indices, like failed runs.", ""]
    if failed or undefined:
        failures = analysis.tables["failures"]
        out += [f"{failed} run(s) raised an error; they are kept in the run table with status 'error' and are not run again on resume "
                "(use `hiap-sim sweep ... --retry-failed` to run them again). Reproduce one with "
                "`hiap_sim.experiments.rerun(folder, run_id)`. First ones:", "",
                markdown_table(failures.head(MAX_FAILURES), ["run_id", "scenario", "sample", "replicate", "seed", "error"]), ""]
    if not failed and not undefined:
        out += ["No run failed.", ""]

    out += ["## Parameters", ""]
    rows = []
    for p, meta in zip(spec["parameters"], manifest["parameters"], strict=True):
        if p.get("levels") is not None:
            rng = "levels " + ", ".join(f"{v:g}" for v in p["levels"])
        elif p["distribution"] in ("normal", "lognormal"):
            rng = f"mean {p['mean']:g}, sd {p['sd']:g}"
        else:
            rng = f"{p['bounds'][0]:g} .. {p['bounds'][1]:g}" + (f", mode {p['mode']:g}" if p.get("mode") is not None else "") + (
                f", mean {p['mean']:g}, sd {p['sd']:g}" if p["distribution"] == "truncated_normal" else "") + (f", {p['points']} points" if p.get("points") else "")
        rows.append({"name": meta["name"], "path": p["path"], "distribution": p["distribution"], "range": rng,
                     "integer": meta["integer"], "group": p.get("group") or ""})
    if rows:
        out += [markdown_table(pd.DataFrame(rows)), ""]
    else:
        out += ["None: the runs differ only by scenario and seed.", ""]
    out += ["## Outputs", ""]
    rows = []
    for label, o in zip(manifest["outputs"], spec["outputs"], strict=True):
        rule = AGGREGATES[o["aggregate"]]
        if o["aggregate"] == "mean_last":
            rule = f"mean over the last {o['months']} months"
        elif o["aggregate"] == "months_until":
            rule = f"months until it first goes {o['direction']} {o['threshold']:g} (never: horizon + 1)"
        rows.append({"output": label, "metric": o["metric"], "aggregation": rule})
    out += [markdown_table(pd.DataFrame(rows)), ""]

    versions = manifest["versions"]
    out += ["## Reproducibility", "",
            f"- Experiment file: `{manifest['experiment']['file'] or '(built in code)'}` (copy in `experiment.yaml`, sha256 `{manifest['experiment']['file_sha256'][:16]}...`).",
            *[f"- Scenario `{name}`: `{prov['file']}`, sha256 `{prov['sha256'][:16]}...` (resolved copy in `scenarios/{name}.yaml`)." for name, prov in manifest["scenarios"].items()],
            f"- Model code sha256 `{manifest['model_code_sha256'][:16]}...`; versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
            f"- Seeds: experiment seed {manifest['seeds']['experiment_seed']}; each run's seed is derived by {manifest['seeds']['run_seed_rule']} "
            "(listed per run in `plan.parquet` and the run table).",
            f"- Re-run: `hiap-sim sweep {manifest['experiment']['file'] or 'experiment.yaml'}` (continues this folder if it is incomplete), then "
            f"`hiap-sim analyze {analysis.folder}`.", ""]
    out += ["## Files", "",
            "- `manifest.json`, `experiment.yaml`, `scenarios/`: what was run; `samples.parquet`/`.csv`: the sample matrix; `plan.parquet`: seeds of all runs.",
            "- `runs/part-*.parquet`: one row per finished run (parameters as applied, seed, outputs, status, error, duration).",
            "- `tables/`: " + ", ".join(f"`{k}.csv`" for k in analysis.tables) + ".",
            "- `figures/`: " + ", ".join(f"`{p.name}`" for p in analysis.figures) + ".", ""]
    path = analysis.folder / "report.md"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


MAX_FAILURES = 20
