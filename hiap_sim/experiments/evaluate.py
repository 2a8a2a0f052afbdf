"""One run of a sweep, as executed on a worker: build the scenario, run the model, reduce the outputs.

Tasks and evaluators are plain picklable objects so that any executor (this process, local processes,
a Dask cluster) runs exactly the same code. A run that raises is returned as a row with status 'error'
and the error text, so one failing run never stops a sweep.
"""

from __future__ import annotations

import math
import os
import socket
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from hiap_sim.experiments.design import Design, apply_values, run_seed
from hiap_sim.experiments.spec import OutputSpec

ERROR_TEXT_LIMIT = 4000  # characters of error text kept per failed run


@dataclass(frozen=True)
class RunTask:
    """One (sample, replicate): where it sits in the design, its seed and its parameter values by path."""

    run_id: int
    sample: int
    replicate: int
    scenario: str
    seed: int
    values: Mapping[str, float]


def aggregate(series: np.ndarray, output: OutputSpec, horizon: int) -> float:
    """Reduce one metric's monthly series (month 0 = start state) to one number by the output's rule.

    Months in which the metric is undefined (NaN, e.g. an acceptance rate before any decision) are left out;
    an output with no defined month is NaN, and the run is marked 'undefined'."""
    values = np.asarray(series, dtype=float)
    rule = output.aggregate
    if rule == "final":
        return float(values[-1])
    if rule in ("mean_last", "mean", "max", "min"):
        window = values[-output.months :] if rule == "mean_last" else values
        defined = window[~np.isnan(window)]
        if not defined.size:
            return float("nan")
        return float({"mean_last": np.mean, "mean": np.mean, "max": np.max, "min": np.min}[rule](defined))
    if rule == "months_until":
        reached = values >= output.threshold if output.direction == "above" else values <= output.threshold
        hits = np.flatnonzero(reached)
        return float(hits[0]) if hits.size else float(horizon + 1)  # censored: never reached within the horizon
    raise ValueError(f"unknown aggregate {rule}")


def reduce_outputs(metrics: pd.DataFrame, outputs: tuple[OutputSpec, ...], horizon: int) -> dict[str, float]:
    """All outputs of one run from its monthly metrics table."""
    result = {}
    for output in outputs:
        if output.metric not in metrics.columns:
            raise KeyError(f"metric '{output.metric}' was not collected in this run (columns: {', '.join(metrics.columns)})")
        result[output.label] = aggregate(metrics[output.metric].to_numpy(), output, horizon)
    return result


def kept_months(horizon: int, every: int) -> np.ndarray:
    """Months whose values a time series keeps: 0, every, 2*every, ... and always the last."""
    months = np.arange(0, horizon + 1, every)
    return months if months[-1] == horizon else np.append(months, horizon)


@dataclass(frozen=True)
class ScenarioEvaluator:
    """Runs the hiap-sim model: base scenario + parameter values at their paths, seeded, reduced to outputs.

    With ``series_metrics`` it also returns those metrics month by month (every ``series_every`` months) as
    float32 arrays, for the sweep's time-series store.
    """

    scenario: dict[str, Any]  # the resolved base scenario, dumped
    horizon: int
    outputs: tuple[OutputSpec, ...]
    series_metrics: tuple[str, ...] = ()
    series_every: int = 1

    def metrics(self, task: RunTask, outputs_only: bool = False) -> pd.DataFrame:
        """The monthly metrics of the task's run (what the outputs are reduced from): all of them, or only what
        the outputs and the kept time series need (the model then skips computing the others)."""
        from hiap_sim.model import HiapModel

        scenario = apply_values(self.scenario, dict(task.values))
        needed = list(dict.fromkeys([*(o.metric for o in self.outputs), *self.series_metrics])) if outputs_only else None
        return HiapModel(scenario, seed=task.seed, months=self.horizon, metrics=needed).run()

    def __call__(self, task: RunTask) -> dict[str, float] | tuple[dict[str, float], dict[str, np.ndarray]]:
        metrics = self.metrics(task, outputs_only=True)
        outputs = reduce_outputs(metrics, self.outputs, self.horizon)
        if not self.series_metrics:
            return outputs
        rows = kept_months(len(metrics) - 1, self.series_every)
        series = {"month": metrics["month"].to_numpy()[rows].astype(np.int32)}
        series.update({m: metrics[m].to_numpy(dtype=np.float32)[rows] for m in self.series_metrics})
        return outputs, series


@dataclass(frozen=True)
class FunctionEvaluator:
    """Runs a Python function ``f(values by parameter name, seed) -> {output: value}`` (or one number)."""

    function: Callable[[dict[str, float], int], Any]
    names: Mapping[str, str]  # path -> parameter name
    outputs: tuple[tuple[str, str], ...]  # (output label, key in the function's result = the output's metric)

    def __call__(self, task: RunTask) -> dict[str, float]:
        result = self.function({self.names[path]: value for path, value in task.values.items()}, task.seed)
        if not isinstance(result, Mapping):
            if len(self.outputs) != 1:
                raise TypeError(f"the function returned one number but the experiment has {len(self.outputs)} outputs")
            result = {self.outputs[0][1]: result}
        return {label: float(result[key]) for label, key in self.outputs}


def evaluators_for(design: Design) -> dict[str, ScenarioEvaluator | FunctionEvaluator]:
    """The evaluator of each base scenario (one small object per scenario, shipped with each of its tasks)."""
    e = design.experiment
    if design.model is not None:
        outputs = tuple((o.label, o.metric) for o in e.outputs)
        return {"function": FunctionEvaluator(design.model, {p.path: p.label for p in e.parameters}, outputs)}
    series = tuple(e.timeseries.metrics) if e.timeseries else ()
    every = e.timeseries.every if e.timeseries else 1
    return {name: ScenarioEvaluator(raw, design.horizons[name], tuple(e.outputs), series, every) for name, raw in design.scenarios.items()}


def worker_name() -> str:
    """Host and process id of the worker that ran a task."""
    return f"{socket.gethostname()}:{os.getpid()}"


def execute(evaluator: Callable[[RunTask], dict[str, float]], task: RunTask) -> dict[str, Any]:
    """Run one task and return its result row; an exception becomes status 'error' with its text."""
    started = time.perf_counter()
    row: dict[str, Any] = {"run_id": task.run_id, "sample": task.sample, "replicate": task.replicate, "scenario": task.scenario, "seed": task.seed}
    try:
        result = evaluator(task)
        outputs, series = result if isinstance(result, tuple) else (result, None)
        undefined = [name for name, value in outputs.items() if not math.isfinite(value)]
        if undefined:  # e.g. an acceptance rate in a run without any partner decision: no number to analyse
            row.update(status="undefined", error=f"undefined output(s): {', '.join(undefined)} (the metric has no value in the months used)",
                       outputs=outputs)
        else:
            row.update(status="ok", error=None, outputs=outputs)
        if series is not None:
            row["series"] = series
    except Exception as exc:  # noqa: BLE001 - any model error is recorded, the sweep goes on
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        frames = traceback.extract_tb(exc.__traceback__)[-3:]
        where = " <- ".join(f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames))
        row.update(status="error", error=f"{text} (at {where})"[:ERROR_TEXT_LIMIT], outputs={})
    row["duration_s"] = time.perf_counter() - started
    row["worker"] = worker_name()
    row["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return row


def task_for(design: Design, run_id: int, applied: list[dict[str, float]] | None = None) -> RunTask:
    """The task of one run, from its id: run_id = sample * replicates + replicate (no table kept in memory)."""
    replicates = design.experiment.replicates
    sample, replicate = divmod(int(run_id), replicates)
    scenario_index, local = divmod(sample, design.n_local)
    values = applied[local] if applied is not None else design.applied(local)
    seed = run_seed(design.experiment.seed, sample, replicate, design.experiment.common_random_numbers)
    return RunTask(int(run_id), sample, replicate, design.scenario_names[scenario_index], seed, values)


def rerun(folder: str | os.PathLike, run_id: int) -> pd.DataFrame:
    """The full monthly metrics of one run of a result folder, recomputed from the folder alone.

    Uses the resolved scenario stored in the folder, the run's parameter values and its seed, so a
    surprising or failed run can be inspected month by month.
    """
    import yaml

    from hiap_sim.experiments.store import ResultFolderError, load_results, read_runs

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
