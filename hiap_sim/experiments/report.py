"""``report.md`` of a sweep analysis: what was done, what drives each output, and how to reproduce it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from hiap_sim.experiments.methods import get_method
from hiap_sim.experiments.spec import AGGREGATES
from hiap_sim.experiments.tables import markdown_table


def findings(analysis: Any, confidence: float) -> list[str]:
    """One data-driven sentence per output (and scenario)."""
    results = analysis.results
    lines = get_method(results.manifest["method"]).findings(analysis, confidence)
    differences = analysis.tables.get("scenario_differences")
    if differences is not None and not differences.empty:
        for output, t in differences.groupby("output", sort=False):
            clear = t[t["clear"]]
            reference = t["reference"].iloc[0]
            if clear.empty:
                lines.append(f"- **{output}**: no scenario differs clearly from `{reference}` ({confidence:.0%} intervals all include 0).")
            else:
                parts = [f"`{r.scenario}` {r.difference:+.3g} [{r.low:+.3g}, {r.high:+.3g}]"
                         + (f" ({r.verdict}; better on {r.share_better:.0%} of seeds)" if hasattr(r, "share_better") else "")
                         for r in clear.sort_values("difference", ascending=False).itertuples(index=False)]
                lines.append(f"- **{output}**: clear differences from `{reference}`: " + "; ".join(parts) + ".")
    return lines


def write_report(analysis: Any) -> Path:
    """Write ``report.md`` into the result folder and return its path."""
    results = analysis.results
    manifest = results.manifest
    spec = manifest["experiment"]["spec"]
    confidence = float(spec["analysis"]["confidence"])
    method = get_method(manifest["method"])
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
        ("method", method.title + (" (with second-order indices)" if spec.get("second_order") else "")),
        ("model", manifest["model"]),
        ("base scenario" + ("s" if len(results.scenarios) > 1 else ""), scenarios),
        ("parameters", str(len(results.parameters))),
        ("parameter sets", f"{manifest['n_local_samples']} per scenario" + (f" (N = {spec['samples']})" if spec.get("samples") else "")),
        ("command-line overrides", ", ".join(f"--{k} {v}" for k, v in (manifest.get("overrides") or {}).items()) or "none"),
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
    if analysis.precision:
        out += ["## Precision", "", "Reasons not to read the indices at face value; the main findings above are limited to what the intervals support.", ""]
        several = len(results.scenarios) > 1
        out += [f"- **{w.output}**" + (f" in `{w.scenario}`" if several else "") + f" ({w.kind.replace('_', ' ')}): {w.text}" for w in analysis.precision]
        out += [""]
    else:
        out += ["## Precision", "", "No precision warning: sample size, interval widths, index sums and seed noise are within the report's limits.", ""]
    inactive = manifest.get("inactive") or {}
    if inactive:
        out += ["## Inactive parameters", "", "Checked before any run: these parameters cannot affect the base scenario, so their indices are "
                "reported as 'inactive in this scenario', not ranked (any correlation they show is chance).", ""]
        out += [f"- `{name}`: {reason}." for name, reason in inactive.items()] + [""]
    if analysis.notes:
        out += ["## Notes", "", *[f"- {n}" for n in analysis.notes], ""]

    figures_by_name = {p.name: p.relative_to(analysis.folder).as_posix() for p in analysis.figures}
    if method.has_results(analysis):
        out += ["## Results by output", "", *method.report_intro(confidence)]
        several = len(results.scenarios) > 1
        for scenario in results.scenarios:
            if several:
                out += [f"### Scenario `{scenario}`", ""]
            for output in results.outputs:
                out += [f"{'####' if several else '###'} {output}", ""]
                out += method.report_output(analysis, scenario, output, figures_by_name)
                scatter = "".join(c if c.isalnum() or c in "-_." else "_" for c in f"scatter{'_' + scenario if several else ''}_{output}.png")
                if scatter in figures_by_name:
                    out += [f"Output against each parameter: [{figures_by_name[scatter]}]({figures_by_name[scatter]})", ""]
        out += method.report_after_outputs(analysis)

    out += ["## Output distributions", ""]
    if "distributions.png" in figures_by_name:
        out += [f"![distributions]({figures_by_name['distributions.png']})", ""]
    summary = analysis.tables["output_summary"]
    columns = [c for c in ["scenario", "output", "runs", "mean", "sd", "p5", "median", "p95", "never_reached_share"] if c in summary.columns]
    out += [markdown_table(summary, columns), ""]
    if "never_reached_share" in summary.columns:
        out += ["'months until' outputs count runs that never reach the threshold as horizon + 1 (censored); `never_reached_share` "
                "is the share of such runs. A large share makes that output's indices describe mostly whether the threshold is reached.", ""]
    bundles = [k for k in ("scenario", "cluster") if f"bundles_by_{k}" in analysis.tables]
    if bundles:
        every = (spec.get("timeseries") or {}).get("every", 1)
        out += ["## Outcome bundles", "", f"Kept month by month (every {every} month{'s' if every > 1 else ''}) for every run: "
                + ", ".join(f"`{m}`" for m in results.series_metrics) + " (in `timeseries/part-*.parquet`; load them with "
                "`hiap_sim.experiments.load_results(folder).timeseries()`). Mean, the middle 50 % and 90 % of runs, and a sample of single runs.", ""]
        for kind in bundles:
            if f"bundles_by_{kind}.png" in figures_by_name:
                out += [f"![outcome bundles by {kind}]({figures_by_name[f'bundles_by_{kind}.png']})", ""]
            stats = analysis.tables[f"bundles_by_{kind}"]
            last = stats[stats["month"] == stats.groupby(["group", "metric"])["month"].transform("max")]
            out += [f"Last kept month, by {kind}:", "", markdown_table(last, ["group", "metric", "month", "runs", "mean", "p5", "p50", "p95"]), ""]
        if "run_clusters" in analysis.tables:
            counts = analysis.tables["run_clusters"].groupby(["cluster", "scenario"]).size().rename("runs").reset_index()
            out += ["Runs per cluster (k-means on the standardised trajectories; `tables/run_clusters.csv` lists each run's cluster):", "",
                    markdown_table(counts), ""]
    differences = analysis.tables.get("scenario_differences")
    if differences is not None and not differences.empty:
        paired = bool(differences["paired"].iloc[0])
        out += ["## Scenario comparison", "",
                f"Difference of the mean from `{differences['reference'].iloc[0]}`, with {confidence:.0%} bootstrap intervals"
                + (" (paired: the same seeds in each scenario, so each seed gives one difference). `share_better` is the share of seeds on "
                   "which the scenario does better (higher, or lower for outcomes where less is better), with a Wilson interval; "
                   "`verdict` says whether the interval of the difference lies clearly on the better or the worse side of 0." if paired else "."), ""]
        columns = ["scenario", "output", "difference", "low", "high", "share_better", "share_better_low", "share_better_high", "verdict"] if paired else [
            "scenario", "output", "difference", "low", "high", "clear"]
        out += [markdown_table(differences, columns), ""]
        for stem in ("comparison_differences", "comparison_share_better"):
            if f"{stem}.png" in figures_by_name:
                out += [f"![{stem}]({figures_by_name[f'{stem}.png']})", ""]
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
