"""From an experiment to a design: checked against the scenarios, sampled, with one seed per run.

Everything a sweep needs is decided here, before any run starts: the base scenarios are resolved, every
parameter path is checked to name a numeric setting of each scenario and every value the sampler can
draw is checked to be valid there, outputs are checked to be known metrics; then the sample matrix is
drawn with SALib and each (sample, replicate) gets a seed derived with ``numpy.random.SeedSequence``.
"""

from __future__ import annotations

import difflib
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from hiap_sim.experiments.methods import get_method
from hiap_sim.experiments.spec import Experiment, ExperimentError, ParameterSpec, check_experiment, with_overrides
from hiap_sim.metrics import metric_names
from hiap_sim.scenario.loader import ScenarioError, find_scenario_file, resolve_scenario, validation_to_error
from hiap_sim.scenario.schema import Scenario

# SeedSequence spawn keys: one namespace each for sampling, runs and analysis bootstraps
SAMPLING_KEY, RUNS_KEY, ANALYSIS_KEY = 0, 1, 2
# paths that a sweep must not set: the run seed comes from the experiment, names are labels
FORBIDDEN_PATHS = {"seed": "the run seed is derived from the experiment seed; set 'seed' at the top of the experiment instead"}
# unit-interval clip for distributions with infinite support (FAST and Sobol' can touch 0 or 1)
UNIT_EPSILON = 1e-9


def derived_int(seed: int, *key: int) -> int:
    """A 63-bit integer derived from ``seed`` and a spawn key (independent streams for each key)."""
    words = np.random.SeedSequence(seed, spawn_key=key).generate_state(2, dtype=np.uint32)
    return int((int(words[0]) << 32 | int(words[1])) >> 1)


def run_seed(experiment_seed: int, sample: int, replicate: int, common_random_numbers: bool = False) -> int:
    """Seed of one run: from the experiment seed and (sample, replicate), or the replicate alone under CRN."""
    if common_random_numbers:
        return derived_int(experiment_seed, RUNS_KEY, replicate)
    return derived_int(experiment_seed, RUNS_KEY, sample, replicate)


# ----------------------------------------------------------------------------------------- scenario paths
def numeric_leaves(node: Any, prefix: str = "") -> Iterator[str]:
    """Dotted paths of every numeric (int or float, not yes/no) setting in a dumped scenario."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from numeric_leaves(value, f"{prefix}{key}.")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numeric_leaves(value, f"{prefix}{i}.")
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield prefix[:-1]


def lookup(node: Any, path: str) -> tuple[bool, Any]:
    """The value at a dotted path of a dumped scenario: (found, value)."""
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def set_path(node: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at an existing dotted path of a dumped scenario (in place)."""
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def apply_values(base: dict[str, Any], values: dict[str, float]) -> Scenario:
    """A scenario: the dumped base with parameter values set at their paths, validated."""
    raw = pickle.loads(pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL))  # a deep copy of plain data, 4x faster than copy.deepcopy
    for path, value in values.items():
        set_path(raw, path, value)
    return Scenario.model_validate(raw)


# ----------------------------------------------------------------------------------------- distributions
def to_values(spec: ParameterSpec, unit: np.ndarray) -> np.ndarray:
    """Map points of the unit interval to parameter values by the parameter's distribution (inverse CDF)."""
    dist = spec.distribution
    if dist == "uniform":
        low, high = spec.bounds
        return low + unit * (high - low)
    if dist == "loguniform":
        low, high = spec.bounds
        return np.exp(np.log(low) + unit * (np.log(high) - np.log(low)))
    from scipy import stats  # imported only here (about a second): uniform designs and worker processes never need it

    if dist == "triangular":
        low, high = spec.bounds
        return stats.triang.ppf(unit, c=(spec.mode - low) / (high - low), loc=low, scale=high - low)
    clipped = np.clip(unit, UNIT_EPSILON, 1 - UNIT_EPSILON)
    if dist == "normal":
        return stats.norm.ppf(clipped, loc=spec.mean, scale=spec.sd)
    if dist == "truncated_normal":
        low, high = spec.bounds
        return stats.truncnorm.ppf(unit, (low - spec.mean) / spec.sd, (high - spec.mean) / spec.sd, loc=spec.mean, scale=spec.sd)
    if dist == "lognormal":
        return np.exp(stats.norm.ppf(clipped, loc=spec.mean, scale=spec.sd))
    raise ValueError(f"unknown distribution {dist}")


def support(spec: ParameterSpec) -> list[float]:
    """Values that bound what the sampler can draw (checked against the scenario's ranges before any run)."""
    if spec.levels is not None:
        return list(spec.levels)
    if spec.distribution in ("normal", "lognormal"):
        return [float(v) for v in to_values(spec, np.array([0.0, 1.0]))]  # clipped: the most extreme values drawn
    return list(spec.bounds)


# ----------------------------------------------------------------------------------------- the design
@dataclass
class Design:
    """A checked, sampled experiment: what every run of the sweep will do."""

    experiment: Experiment
    file: Path | None
    scenarios: dict[str, dict[str, Any]]  # scenario name -> resolved scenario (dumped)
    provenance: dict[str, dict[str, Any]]  # scenario name -> file, extends chain, sha256
    integer_paths: frozenset[str]
    problem: dict[str, Any]  # SALib problem (names, bounds of the unit cube, groups)
    values: np.ndarray  # sample matrix (n_local x D), sampled parameter values
    horizons: dict[str, int]  # scenario name -> months per run
    model: Callable[..., Any] | None = None  # a Python function instead of the scenario model
    model_name: str = "hiap_sim.model.HiapModel"
    overrides: dict[str, int] = field(default_factory=dict)  # command-line overrides of the experiment file (--samples, --replicates)
    inactive: dict[str, str] = field(default_factory=dict)  # parameter name -> why it cannot act in the base scenario(s)
    _runs: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def n_local(self) -> int:
        """Samples per scenario."""
        return len(self.values)

    @property
    def scenario_names(self) -> list[str]:
        return list(self.scenarios) if self.scenarios else ["function"]

    @property
    def n_samples(self) -> int:
        return self.n_local * len(self.scenario_names)

    @property
    def n_runs(self) -> int:
        return self.n_samples * self.experiment.replicates

    @property
    def parameter_labels(self) -> list[str]:
        return [p.label for p in self.experiment.parameters]

    @property
    def output_labels(self) -> list[str]:
        return [o.label for o in self.experiment.outputs]

    def applied(self, local_sample: int) -> dict[str, float]:
        """Parameter values of one sample as applied to the scenario (integers rounded half up), by path."""
        out = {}
        for p, value in zip(self.experiment.parameters, self.values[local_sample], strict=True):
            out[p.path] = float(np.floor(value + 0.5)) if p.path in self.integer_paths else float(value)
        return out

    def samples_frame(self) -> pd.DataFrame:
        """The sample matrix: one row per (scenario, sample) with the sampled values, by parameter name."""
        rows = []
        for s_index, scenario in enumerate(self.scenario_names):
            for j in range(self.n_local):
                row = {"sample": s_index * self.n_local + j, "scenario": scenario, "local_sample": j}
                row.update({label: float(v) for label, v in zip(self.parameter_labels, self.values[j], strict=True)})
                rows.append(row)
        columns = ["sample", "scenario", "local_sample", *self.parameter_labels]
        return pd.DataFrame(rows, columns=columns)

    def runs(self) -> pd.DataFrame:
        """Every run of the sweep: run_id, sample, replicate, scenario, local sample and seed."""
        if self._runs is None:
            e = self.experiment
            rows = []
            for s_index, scenario in enumerate(self.scenario_names):
                for j in range(self.n_local):
                    sample = s_index * self.n_local + j
                    for r in range(e.replicates):
                        rows.append((sample * e.replicates + r, sample, r, scenario, j, run_seed(e.seed, sample, r, e.common_random_numbers)))
            self._runs = pd.DataFrame(rows, columns=["run_id", "sample", "replicate", "scenario", "local_sample", "seed"])
        return self._runs

    def analysis_seed(self) -> int:
        """Seed of the bootstrap resampling in the analysis (so that indices are reproducible)."""
        return derived_int(self.experiment.seed, ANALYSIS_KEY) % (2**32)


def _error(file: Path | None, field: str, message: str) -> ExperimentError:
    return ExperimentError(message, file=file, field=field)


def resolve_scenarios(experiment: Experiment, file: Path | None) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, int]]:
    """Load every base scenario (paths relative to the experiment file), dumped, with provenance and horizon."""
    scenarios: dict[str, dict[str, Any]] = {}
    provenance: dict[str, dict[str, Any]] = {}
    horizons: dict[str, int] = {}
    field = "scenarios" if experiment.scenarios else "scenario"
    if not experiment.scenario_names:
        raise _error(file, "scenario", "expected the base scenario: a shipped name (e.g. national_2025) or a path to a scenario file.")
    for i, name in enumerate(experiment.scenario_names):
        where = f"{field}.{i}" if experiment.scenarios else field
        try:
            path = find_scenario_file(name, relative_to=file.parent if file else None)
            spec, prov = resolve_scenario(path)
        except ScenarioError as exc:
            raise _error(file, where, f"the base scenario '{name}' cannot be used: {exc}") from None
        if spec.name in scenarios:
            raise _error(file, where, f"two base scenarios are both named '{spec.name}'; give them distinct 'name:' values.")
        scenarios[spec.name] = spec.model_dump()
        provenance[spec.name] = prov
        horizons[spec.name] = experiment.months or spec.months
    return scenarios, provenance, horizons


def check_against_scenarios(experiment: Experiment, file: Path | None, scenarios: dict[str, dict[str, Any]]) -> frozenset[str]:
    """Check parameter paths, the values they can take and outputs against each scenario; returns integer paths."""
    integer_paths = set()
    for i, p in enumerate(experiment.parameters):
        where = f"parameters.{i}.path"
        if p.path in FORBIDDEN_PATHS:
            raise _error(file, where, f"'{p.path}' cannot be swept: {FORBIDDEN_PATHS[p.path]}.")
        kinds = set()
        for name, base in scenarios.items():
            found, value = lookup(base, p.path)
            if not found:
                close = difflib.get_close_matches(p.path, list(numeric_leaves(base)), n=3, cutoff=0.6)
                hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                raise _error(file, where, f"'{p.path}' is not a setting of scenario '{name}'.{hint} "
                             "Run 'hiap-sim schema' to list every setting (departments and topics are keyed by code or name, e.g. departments.VWS.budget).")
            if isinstance(value, bool) or not isinstance(value, int | float):
                what = ("a yes/no setting" if isinstance(value, bool) else "a block of settings" if isinstance(value, dict | list)
                        else "empty (not set)" if value is None else f"a {type(value).__name__} ('{value}')")
                example = ""
                if isinstance(value, dict | list):
                    leaves = list(numeric_leaves(value, p.path + "."))[:3]
                    example = f" Numeric settings inside it: {', '.join(leaves)}." if leaves else ""
                raise _error(file, where, f"'{p.path}' in scenario '{name}' is {what}, not a number; sweeps vary numeric settings only.{example}")
            kinds.add(isinstance(value, int))
            if isinstance(value, int):
                integer_paths.add(p.path)
        for name, base in scenarios.items():
            for value in support(p):
                applied = float(np.floor(value + 0.5)) if p.path in integer_paths else value
                try:
                    apply_values(base, {p.path: applied})
                except ValidationError as exc:
                    detail = " ".join(f"{q.path}: {q.message}" for q in validation_to_error(exc, None, Scenario).problems)
                    span = ", ".join(f"{v:g}" for v in support(p))
                    key = "levels" if p.levels is not None else "bounds" if p.bounds is not None else "mean"
                    raise _error(file, f"parameters.{i}.{key}", f"parameter '{p.label}' would take values ({span}) that scenario '{name}' does not allow: "
                                 f"{detail} Narrow the range to what 'hiap-sim schema' lists for '{p.path}'.") from None
    for i, o in enumerate(experiment.outputs):
        for name, base in scenarios.items():
            coordinator = next((c for c, d in base["departments"].items() if d["is_coordinator"]), None)
            known = metric_names() + [f"trust_with_{code}" for code in base["departments"] if code != coordinator]
            if o.metric not in known:
                close = difflib.get_close_matches(o.metric, known, n=2, cutoff=0.6)
                hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                raise _error(file, f"outputs.{i}.metric", f"'{o.metric}' is not a metric of scenario '{name}'.{hint} "
                             "Run 'hiap-sim metrics' to list them.")
        if o.aggregate == "mean_last":
            horizon = experiment.months or min(_months(base) for base in scenarios.values())
            if o.months > horizon:
                raise _error(file, f"outputs.{i}.months", f"cannot average the last {o.months} months of a run of {horizon} months.")
    if experiment.timeseries is not None:
        for i, metric in enumerate(experiment.timeseries.metrics):
            for name, base in scenarios.items():
                coordinator = next((c for c, d in base["departments"].items() if d["is_coordinator"]), None)
                known = metric_names() + [f"trust_with_{code}" for code in base["departments"] if code != coordinator]
                if metric == "month" or metric not in known:
                    close = difflib.get_close_matches(metric, known, n=2, cutoff=0.6)
                    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                    raise _error(file, f"timeseries.metrics.{i}", f"'{metric}' is not a metric of scenario '{name}'.{hint} Run 'hiap-sim metrics' to list them.")
    return frozenset(integer_paths)


def _months(base: dict[str, Any]) -> int:
    sy, sm = (int(x) for x in base["start"].split("-"))
    ey, em = (int(x) for x in base["end"].split("-"))
    return (ey - sy) * 12 + (em - sm) + 1


def salib_problem(experiment: Experiment) -> dict[str, Any]:
    """The SALib problem on the unit cube (distributions are applied afterwards by inverse CDF)."""
    params = experiment.parameters
    problem: dict[str, Any] = {"num_vars": len(params), "names": [p.label for p in params], "bounds": [[0.0, 1.0]] * len(params)}
    if params and params[0].group is not None:
        problem["groups"] = [p.group for p in params]
    return problem


def sample_values(experiment: Experiment) -> tuple[dict[str, Any], np.ndarray]:
    """SALib problem and the sample matrix of parameter values (one row per sample), drawn by the experiment's method."""
    problem = salib_problem(experiment)
    seed = derived_int(experiment.seed, SAMPLING_KEY) % (2**32)
    return problem, get_method(experiment.method).sample_values(experiment, problem, seed, to_values)


def prepare(experiment: Experiment, file: str | os.PathLike | None = None, model: Callable[..., Any] | None = None, *,
            samples: int | None = None, replicates: int | None = None) -> Design:
    """Check an experiment against its scenarios and sample it; raises ExperimentError before any run.

    ``model``: a picklable function ``f(values: dict[name, float], seed: int) -> dict[output, float]`` to
    sweep instead of the scenario model (test functions such as Ishigami; parameter paths are then names).
    ``samples``, ``replicates``: override the experiment's values (recorded in the manifest as overrides).
    """
    path = Path(file) if file is not None else None
    check_experiment(experiment, path)  # also for experiments built in code
    experiment, overrides = with_overrides(experiment, path, samples=samples, replicates=replicates)
    if model is None:
        scenarios, provenance, horizons = resolve_scenarios(experiment, path)
        integer_paths = check_against_scenarios(experiment, path, scenarios)
        model_name = "hiap_sim.model.HiapModel"
    else:
        if experiment.scenario_names:
            raise _error(path, "scenario", "an experiment on a Python function takes no base scenario.")
        scenarios, provenance, horizons, integer_paths = {}, {}, {}, frozenset()
        model_name = f"{getattr(model, '__module__', '?')}.{getattr(model, '__qualname__', repr(model))}"
    try:
        problem, values = sample_values(experiment)
    except ValueError as exc:  # SALib's own checks (e.g. a group design it cannot build)
        raise _error(path, "method", f"SALib cannot sample this design: {exc}") from None
    if not np.isfinite(values).all():
        raise _error(path, "parameters", "some sampled values are not finite numbers; check the distributions.")
    from hiap_sim.experiments.inactive import inactive_parameters

    inactive = inactive_parameters(experiment, scenarios) if model is None else {}
    return Design(experiment, path, scenarios, provenance, integer_paths, problem, values, horizons, model, model_name, overrides, inactive)
