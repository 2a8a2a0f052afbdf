"""Sensitivity analysis: experiment files, SALib sampling, executors, resumable result folders, analysis.

The Python API mirrors the command line::

    from hiap_sim.experiments import load_experiment, prepare, run_sweep, analyze

    experiment, path = load_experiment("experiments/sobol_national.yaml")   # or Experiment(...) in code
    outcome = run_sweep(prepare(experiment, path), executor="processes", workers=2)
    analysis = analyze(outcome.folder)                                      # tables, figures, report.md
    analysis.indices()                                                      # the Sobol' table as a DataFrame

``hiap-sim sweep`` = :func:`run_sweep`; ``hiap-sim analyze`` = :func:`analyze`; :func:`load_results`
reads a result folder for your own post-processing.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from hiap_sim.experiments.analysis import Analysis, analyze
from hiap_sim.experiments.design import Design, prepare, run_seed
from hiap_sim.experiments.evaluate import RunTask, ScenarioEvaluator, aggregate
from hiap_sim.experiments.executors import SerialExecutor, open_executor
from hiap_sim.experiments.spec import (
    Experiment,
    ExperimentError,
    OutputSpec,
    ParameterSpec,
    experiment_from_dict,
    load_experiment,
)
from hiap_sim.experiments.store import ResultFolderError, ResultSet, load_results
from hiap_sim.experiments.sweep import SweepInterrupted, SweepOutcome, SweepProgress, run_sweep


def rerun(folder: str | os.PathLike, run_id: int) -> pd.DataFrame:
    """The full monthly metrics of one run of a result folder, recomputed from the folder alone.

    Uses the resolved scenario stored in the folder, the run's parameter values and its seed, so a
    surprising or failed run can be inspected month by month.
    """
    import yaml

    from hiap_sim.experiments.store import read_runs

    results = load_results(folder)
    plan = pd.read_parquet(results.folder / "plan.parquet").set_index("run_id")
    if run_id not in plan.index:
        raise ResultFolderError(f"run {run_id} is not part of this sweep (run ids 0 .. {len(plan) - 1}).", file=results.folder)
    entry = plan.loc[run_id]
    scenario_file = results.folder / "scenarios" / f"{entry['scenario']}.yaml"
    base: dict[str, Any] = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
    sample = results.samples.set_index("sample").loc[int(entry["sample"])]
    values = {}
    for meta in results.manifest["parameters"]:
        value = float(sample[meta["name"]])
        values[meta["path"]] = float(np.floor(value + 0.5)) if meta["integer"] else value
    done = read_runs(results.folder)
    stored = done[done["run_id"] == run_id]
    if not stored.empty:  # the values as applied in the sweep, when the run finished
        values = {meta["path"]: float(stored.iloc[0][meta["name"]]) for meta in results.manifest["parameters"]}
    horizon = results.manifest["horizons"][entry["scenario"]]
    evaluator = ScenarioEvaluator(base, horizon, ())
    task = RunTask(int(run_id), int(entry["sample"]), int(entry["replicate"]), str(entry["scenario"]), int(entry["seed"]), values)
    return evaluator.metrics(task)


__all__ = [
    "Analysis",
    "Design",
    "Experiment",
    "ExperimentError",
    "OutputSpec",
    "ParameterSpec",
    "ResultFolderError",
    "ResultSet",
    "RunTask",
    "SerialExecutor",
    "SweepInterrupted",
    "SweepOutcome",
    "SweepProgress",
    "aggregate",
    "analyze",
    "experiment_from_dict",
    "load_experiment",
    "load_results",
    "open_executor",
    "prepare",
    "rerun",
    "run_seed",
    "run_sweep",
]
