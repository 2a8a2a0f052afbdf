"""Worked example: define, run and post-process a sweep from Python (the API behind 'hiap-sim sweep').

Question: how do urgency and political commitment together shape the share of the health gap that is
closed by 2040, and how much of the spread is luck (the seed)?

Run from the repository root (about a minute on 2 cores):

    .venv/bin/python experiments/example_api.py --workers 2

It writes results/example_urgency_commitment/ (runs, tables, figures, report.md) plus one figure of its
own, and can be interrupted and started again: finished runs are kept.
"""

from __future__ import annotations

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from hiap_sim.experiments import Experiment, OutputSpec, ParameterSpec, analyze, load_results, prepare, run_sweep  # noqa: E402


def build_experiment() -> Experiment:
    """A Latin hypercube over two headline knobs, two replicates per point, two outputs."""
    return Experiment(
        name="example_urgency_commitment",
        description="Urgency x political commitment on the national baseline (worked example of the Python API).",
        scenario="national_2025",
        method="latin",
        samples=48,
        replicates=2,
        seed=42,
        parameters=[
            ParameterSpec(path="urgency", bounds=[0.5, 1.5]),
            ParameterSpec(path="political_commitment", bounds=[0.5, 1.5]),
        ],
        outputs=[
            OutputSpec(metric="health_gap_reduction"),
            OutputSpec(metric="hiap_index", aggregate="mean_last", months=24),
        ],
    )


def main() -> None:
    """Define the experiment, run it on local processes, analyse it, then post-process the run table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args()

    design = prepare(build_experiment())  # checks paths, bounds and outputs; draws the sample matrix
    print(f"{design.n_runs} runs: {design.n_local} parameter sets x {design.experiment.replicates} replicates")
    outcome = run_sweep(design, executor="processes", workers=args.workers)
    print(f"{outcome.ran} runs in {outcome.elapsed_s:.0f} s -> {outcome.folder}")

    analysis = analyze(outcome.folder)  # tables/*.csv, figures/*.png, report.md
    print(analysis.tables["rank_correlations"][["output", "parameter", "rho", "rho_low", "rho_high"]].round(2).to_string(index=False))

    # Own post-processing on the run table: gap closed by urgency and commitment (low / middle / high thirds).
    runs = load_results(outcome.folder).ok
    thirds = ["low", "middle", "high"]
    runs = runs.assign(urgency_level=pd.qcut(runs["urgency"], 3, labels=thirds),
                       commitment_level=pd.qcut(runs["political_commitment"], 3, labels=thirds))
    table = runs.pivot_table(index="urgency_level", columns="commitment_level", values="health_gap_reduction_final", aggfunc="mean", observed=False)
    print("\nMean share of the health gap closed by 2040 (rows: urgency, columns: political commitment):")
    print(table.round(3).to_string())

    figure, axis = plt.subplots(figsize=(6, 4.5))
    points = axis.scatter(runs["urgency"], runs["political_commitment"], c=runs["health_gap_reduction_final"], cmap="viridis", s=18)
    figure.colorbar(points, label="share of the health gap closed by 2040")
    axis.set_xlabel("urgency (headline knob)")
    axis.set_ylabel("political commitment (headline knob)")
    axis.set_title("Each run of the sweep", loc="left")
    path = outcome.folder / "figures" / "example_urgency_commitment.png"
    figure.savefig(path, dpi=120, bbox_inches="tight")
    print(f"\nReport: {analysis.report}\nOwn figure: {path}")


if __name__ == "__main__":  # needed: worker processes import this file
    main()
