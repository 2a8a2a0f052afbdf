"""Sensitivity analysis: experiment files, SALib sampling, executors, resumable result folders, analysis.

The Python API mirrors the command line::

    from hiap_sim.experiments import load_experiment, prepare, run_sweep, analyze

    experiment, path = load_experiment("experiments/sobol_national.yaml")   # or Experiment(...) in code
    outcome = run_sweep(prepare(experiment, path), executor="processes", workers=2)
    analysis = analyze(outcome.folder)                                      # tables, figures, report.md
    analysis.indices()                                                      # the Sobol' table as a DataFrame

``hiap-sim sweep`` = :func:`run_sweep`; ``hiap-sim analyze`` = :func:`analyze`; ``hiap-sim compare`` =
:func:`comparison_experiment` swept and analysed; ``hiap-sim discover`` = :func:`discover`. :func:`load_results`
reads a result folder for your own post-processing (``.timeseries()`` for the kept time series).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names are imported on first use, so that 'hiap-sim' commands that do not sweep stay quick to start.
_EXPORTS = {
    "Analysis": "analysis", "analyze": "analysis", "comparison_experiment": "compare", "Discovery": "discover", "discover": "discover",
    "Design": "design", "prepare": "design", "run_seed": "design",
    "RunTask": "evaluate", "ScenarioEvaluator": "evaluate", "aggregate": "evaluate", "rerun": "evaluate",
    "SerialExecutor": "executors", "open_executor": "executors",
    "Experiment": "spec", "ExperimentError": "spec", "OutputSpec": "spec", "ParameterSpec": "spec",
    "experiment_from_dict": "spec", "load_experiment": "spec",
    "ResultFolderError": "store", "ResultSet": "store", "load_results": "store", "read_timeseries": "store",
    "SweepInterrupted": "sweep", "SweepOutcome": "sweep", "SweepProgress": "sweep", "run_sweep": "sweep",
}

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis, analyze
    from hiap_sim.experiments.compare import comparison_experiment
    from hiap_sim.experiments.design import Design, prepare, run_seed
    from hiap_sim.experiments.discover import Discovery, discover
    from hiap_sim.experiments.evaluate import RunTask, ScenarioEvaluator, aggregate, rerun
    from hiap_sim.experiments.executors import SerialExecutor, open_executor
    from hiap_sim.experiments.spec import Experiment, ExperimentError, OutputSpec, ParameterSpec, experiment_from_dict, load_experiment
    from hiap_sim.experiments.store import ResultFolderError, ResultSet, load_results, read_timeseries
    from hiap_sim.experiments.sweep import SweepInterrupted, SweepOutcome, SweepProgress, run_sweep


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'hiap_sim.experiments' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"hiap_sim.experiments.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Analysis",
    "Design",
    "Discovery",
    "Experiment",
    "ExperimentError",
    "OutputSpec",
    "ParameterSpec",
    "ResultFolderError",
    "ResultSet",
    "RunTask",
    "ScenarioEvaluator",
    "SerialExecutor",
    "SweepInterrupted",
    "SweepOutcome",
    "SweepProgress",
    "aggregate",
    "analyze",
    "comparison_experiment",
    "discover",
    "experiment_from_dict",
    "load_experiment",
    "load_results",
    "open_executor",
    "prepare",
    "read_timeseries",
    "rerun",
    "run_seed",
    "run_sweep",
]
