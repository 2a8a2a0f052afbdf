"""Experiment files: the declarative description of a sweep (like SALib's ``ProblemSpec``).

One experiment file names the base scenario(s), the parameters to vary (dotted paths into the scenario,
with bounds or a distribution, optionally in groups), the sampling method and size, the replicates per
sample, the outputs (a metric with an aggregation) and the seed. This module holds the schema and reads
files; checks against the scenario itself (does the path exist, is it a number, are the bounds valid)
live in :mod:`hiap_sim.experiments.design`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from hiap_sim.experiments.methods import get_method, method_names
from hiap_sim.scenario.fields import check_safe_name
from hiap_sim.scenario.loader import ScenarioError, read_yaml_with_positions
from hiap_sim.scenario.problems import Positions, Problem, dedupe, fix_length_message, locate, plain_message

Distribution = Literal["uniform", "loguniform", "triangular", "normal", "truncated_normal", "lognormal"]
Aggregate = Literal["final", "mean_last", "mean", "max", "min", "months_until"]
ExecutorKind = Literal["processes", "serial", "dask"]

AGGREGATES: dict[str, str] = {
    "final": "value in the last month",
    "mean_last": "mean over the last k months (give 'months: k')",
    "mean": "mean over the whole run (including the starting month)",
    "max": "maximum over the whole run",
    "min": "minimum over the whole run",
    "months_until": "months until the metric first reaches 'threshold' (direction 'above' or 'below'); "
    "runs that never reach it count as horizon + 1 (censored)",
}


# the largest sweep accepted: about a day of runs on two cores at 0.1 s a run; larger designs are refused
# before any sample is drawn (drawing them alone could exhaust memory)
MAX_RUNS = 1_000_000
MAX_SAMPLES = 2**20


class StrictModel(BaseModel):
    """Base of every experiment block: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ParameterSpec(StrictModel):
    """One parameter to vary: a dotted path into the scenario and how its values are drawn."""

    path: str = Field(..., description="dotted path of a numeric scenario setting, e.g. 'urgency' or 'parameters.trust.contact_step'")
    name: str | None = Field(None, description="short name used in tables and figures (default: the path)")
    distribution: Distribution = Field("uniform", description="how values are drawn: " + ", ".join(Distribution.__args__))
    bounds: list[float] | None = Field(None, description="[lower, upper] (uniform, loguniform, triangular, truncated_normal, grid points)")
    mode: float | None = Field(None, description="peak of a triangular distribution (between the bounds)")
    mean: float | None = Field(None, description="mean of a (truncated) normal; ln-space mean of a lognormal")
    sd: float | None = Field(None, description="standard deviation of a (truncated) normal; ln-space sd of a lognormal")
    levels: list[float] | None = Field(None, description="grid only: the values to use")
    points: int | None = Field(None, description="grid only: this many evenly spaced values between the bounds", ge=2, le=1000)
    group: str | None = Field(None, description="sobol/morris only: parameters in one group are varied together and get one index")

    @property
    def label(self) -> str:
        """The name shown in tables and figures."""
        return self.name or self.path


class OutputSpec(StrictModel):
    """One output: a monthly metric reduced to one number per run."""

    metric: str = Field(..., description="metric name (see 'hiap-sim metrics')")
    aggregate: Aggregate = Field("final", description="how the monthly series is reduced: " + ", ".join(Aggregate.__args__))
    months: int | None = Field(None, ge=1, description="mean_last only: number of final months averaged")
    threshold: float | None = Field(None, description="months_until only: the level to reach")
    direction: Literal["above", "below"] = Field("above", description="months_until only: reach the threshold from below ('above') or from above ('below')")
    name: str | None = Field(None, description="column name of the output (default: metric and aggregation)")

    @property
    def label(self) -> str:
        """Column name of this output in the run table."""
        if self.name:
            return self.name
        if self.aggregate == "mean_last":
            return f"{self.metric}_mean_last{self.months}"
        if self.aggregate == "months_until":
            return f"months_until_{self.metric}_{self.direction}_{self.threshold:g}"
        return f"{self.metric}_{self.aggregate}"


class TimeseriesSpec(StrictModel):
    """Metrics kept month by month for every run (Parquet part files next to the run table)."""

    metrics: list[str] = Field(..., min_length=1, description="metric names to keep per month (see 'hiap-sim metrics')")
    every: int = Field(1, ge=1, le=120, description="keep every k-th month (and always the last); 1 = every month")


class AnalysisSettings(StrictModel):
    """How ``analyze`` estimates confidence intervals."""

    confidence: float = Field(0.95, gt=0.5, lt=1.0, description="confidence level of the intervals")
    resamples: int = Field(200, ge=10, le=100_000, description="bootstrap resamples for the intervals")
    bundle_runs: int = Field(20, ge=0, le=500, description="trajectories drawn one by one in the outcome-bundle figures (a sample of the runs)")
    clusters: int = Field(0, ge=0, le=12, description="also group runs into this many clusters of similar trajectories (k-means) for outcome bundles; 0 = by scenario only")


class Experiment(StrictModel):
    """A complete experiment: what to vary, how to sample, what to measure."""

    name: Annotated[str, AfterValidator(check_safe_name)] = Field(
        ..., description="short name; results go to results/<name>/ (letters, digits, '_', '-', '.'; at most 100)")
    description: str = Field("", description="what the experiment asks")
    scenario: str | None = Field(None, description="base scenario: a shipped name or a path (relative to the experiment file)")
    scenarios: list[str] | None = Field(None, description="several base scenarios, each swept with the same design and compared side by side")
    months: int | None = Field(None, ge=1, le=2400, description="simulate this many months instead of each scenario's horizon")
    method: str = Field(..., description="sampling and analysis method: " + ", ".join(method_names()))
    samples: int | None = Field(None, ge=1, le=MAX_SAMPLES, description="sample size N (its meaning depends on the method)")
    second_order: bool = Field(False, description="sobol only: also estimate second-order indices (about twice the runs)")
    levels: int | None = Field(None, ge=2, le=100, description="morris only: number of grid levels (default 4, even)")
    optimal_trajectories: int | None = Field(None, ge=2, le=MAX_SAMPLES, description="morris only: keep this many of the 'samples' trajectories, chosen for spread")
    harmonics: int = Field(4, ge=1, le=20, description="fast only: interference parameter M")
    replicates: int = Field(1, ge=1, le=10_000, description="runs per sample, each with its own seed; analysis uses the mean over replicates")
    seed: int = Field(1, ge=0, le=2**32 - 1, description="experiment seed: sampling and every run's seed derive from it")
    common_random_numbers: bool = Field(False, description="give replicate r the same seed in every sample (variance reduction, paired comparisons)")
    executor: ExecutorKind = Field("processes", description="default executor (the command line can override it)")
    workers: int | None = Field(None, ge=1, le=1024, description="default number of local worker processes (default: all cores)")
    parameters: list[ParameterSpec] = Field(default_factory=list, description="the parameters to vary; 'behavioural' = every behavioural parameter over its plausible range")
    outputs: list[OutputSpec] = Field(..., min_length=1, description="the outputs to analyse")
    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings, description="confidence intervals")
    timeseries: TimeseriesSpec | None = Field(None, description="keep chosen metrics month by month for every run (outcome bundles, discovery over time)")

    @field_validator("parameters", mode="before")
    @classmethod
    def _behavioural(cls, value: Any) -> Any:
        return expand_behavioural(value)

    @field_validator("method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        if value not in method_names():
            raise ValueError(f"expected one of {', '.join(method_names())}")
        return value

    @property
    def scenario_names(self) -> list[str]:
        """The base scenarios in the order given."""
        if self.scenarios:
            return list(self.scenarios)
        return [self.scenario] if self.scenario else []

    def content_hash(self) -> str:
        """sha256 of what determines the runs (comments, key order, description, executor and analysis settings do not count)."""
        runs = self.model_dump(mode="json", exclude=set(NOT_IN_DESIGN))
        text = json.dumps(runs, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


BEHAVIOURAL = "behavioural"


def expand_behavioural(value: Any) -> Any:
    """Expand the behavioural parameters an experiment asks for into parameter entries with their plausible ranges.

    ``parameters: behavioural`` takes every behavioural parameter of the scenario schema (each list entry and map
    key apart) with uniform bounds on its plausible range (``hiap-sim schema --behavioural``). In a list, an entry
    ``{behavioural: <path prefix or 'all'>, exclude: [<path prefixes>]}`` takes those under the prefix; an explicit
    entry for the same path (another range or distribution) replaces the expanded one. Anything else is returned
    unchanged for the field's own validation."""
    if value == BEHAVIOURAL:
        value = [{BEHAVIOURAL: "all"}]
    if not isinstance(value, list) or not any(isinstance(item, dict) and BEHAVIOURAL in item for item in value):
        return value
    from hiap_sim.scenario.docs import plausible_ranges

    explicit = {item.get("path") for item in value if isinstance(item, dict) and "path" in item}
    out: list[Any] = []
    for item in value:
        if not (isinstance(item, dict) and BEHAVIOURAL in item):
            out.append(item)
            continue
        unknown = sorted(set(item) - {BEHAVIOURAL, "exclude"})
        if unknown:
            raise ValueError(f"an entry that takes the behavioural parameters has the keys '{BEHAVIOURAL}' (a path prefix or 'all') and "
                             f"'exclude' (a list of path prefixes), found also {', '.join(repr(k) for k in unknown)}")
        prefix, exclude = item[BEHAVIOURAL], item.get("exclude") or []
        if prefix in (None, True, "all"):
            prefix = ""
        if not isinstance(prefix, str) or not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
            raise ValueError(f"expected '{BEHAVIOURAL}: <path prefix or all>' and 'exclude: [<path prefixes>]', found {item}")
        ranges = {path: r for path, r in plausible_ranges(prefix).items() if not any(path.startswith(x) for x in exclude)}
        if not ranges:
            raise ValueError(f"no behavioural parameter with a plausible range under '{prefix}'"
                             + (f" once {exclude} are excluded" if exclude else "")
                             + "; 'hiap-sim schema --behavioural' lists them (e.g. parameters.work, politics, municipalities.parameters)")
        out += [{"path": path, "bounds": [low, high]} for path, (low, high) in ranges.items() if path not in explicit]
    return out


# settings that do not change which runs are made or what they compute (may change between sessions)
NOT_IN_DESIGN = ("description", "executor", "workers", "analysis")


class ExperimentError(ScenarioError):
    """A user mistake in an experiment file: says file, field, what was expected and what was found."""


def experiments_dir() -> Path:
    """The folder of shipped experiments (``HIAP_SIM_EXPERIMENTS`` overrides)."""
    env = os.environ.get("HIAP_SIM_EXPERIMENTS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "experiments"


def shipped_experiments() -> list[str]:
    """Names of the experiment files shipped with hiap-sim."""
    return sorted(p.stem for p in experiments_dir().glob("*.yaml"))


def find_experiment_file(name: str | os.PathLike) -> Path:
    """Resolve a path or the name of a shipped experiment to a file."""
    raw = Path(name)
    candidates = [raw, raw.with_suffix(".yaml") if raw.suffix == "" else raw, experiments_dir() / raw.name, experiments_dir() / f"{raw.stem}.yaml"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    shipped = ", ".join(shipped_experiments()) or "none"
    raise ExperimentError(f"no experiment file '{name}' was found. Give a path to a YAML file or the name of a shipped experiment ({shipped}).", file=name)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed at a location of the experiment schema (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part)) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        annotation = field.annotation
        inner = [a for a in getattr(annotation, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        current = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else (inner[0] if inner else None)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def experiment_validation_error(exc: ValidationError, file: str | os.PathLike | None, positions: Positions | None = None) -> ExperimentError:
    """Turn pydantic's errors on an experiment into readable lines: file, line, field, expected, found."""
    sources = [(str(file), positions or {})] if file is not None else []
    problems = []
    for err in exc.errors():
        err = fix_length_message(err)
        loc = tuple(part for part in err.get("loc", ()) if part != "[key]")
        where, line, column = locate(loc, sources)
        message = plain_message(err, Experiment, lambda parent: _allowed_keys(Experiment, parent))
        problems.append(Problem(message, ".".join(str(p) for p in loc), where, line, column))
    problems = dedupe(problems)
    return ExperimentError(problems=problems, file=file, field=problems[0].path if len(problems) == 1 else None)


def experiment_from_dict(data: dict[str, Any], file: str | os.PathLike | None = None, positions: Positions | None = None) -> Experiment:
    """Validate a mapping into an Experiment (structure only), raising ExperimentError on any problem."""
    try:
        experiment = Experiment.model_validate(data)
    except ValidationError as exc:
        raise experiment_validation_error(exc, file, positions) from None
    try:
        check_experiment(experiment, file)
    except ExperimentError as exc:
        if file is not None and positions and exc.field:
            where, line, column = locate(tuple(exc.field.split(".")), [(str(file), positions)])
            message = exc.problems[0].message if exc.problems else str(exc)
            raise ExperimentError(problems=[Problem(message, exc.field, where, line, column)], file=file, field=exc.field) from None
        raise
    return experiment


def load_experiment(name: str | os.PathLike) -> tuple[Experiment, Path]:
    """Read and check an experiment file (by path or shipped name); returns the experiment and its file."""
    path = find_experiment_file(name)
    data, positions = read_yaml_with_positions(path)
    return experiment_from_dict(data, file=path, positions=positions), path


def check_experiment(experiment: Experiment, file: str | os.PathLike | None = None) -> None:
    """Checks that need no scenario: method options, sample sizes, distributions, bounds, names.

    Each problem raises an ExperimentError naming the field, what was expected and what was found.
    """

    def error(field: str, message: str) -> ExperimentError:
        return ExperimentError(message, file=file, field=field)

    e = experiment
    method = e.method
    if e.scenario and e.scenarios:
        raise error("scenarios", "give either 'scenario' (one base scenario) or 'scenarios' (several to compare), not both.")
    if e.scenarios is not None and not e.scenarios:
        raise error("scenarios", "expected at least one scenario name, found an empty list.")
    if e.scenarios and len(set(e.scenarios)) != len(e.scenarios):
        raise error("scenarios", f"each scenario may appear once, found {e.scenarios}.")
    # options that belong to one method only
    owner = get_method(method)
    for name in method_names():
        for option in get_method(name).options:
            if name != method and getattr(e, option) != Experiment.model_fields[option].default:
                raise error(option, f"'{option}' applies only to method '{name}', but the method is '{method}'. Remove it or change the method.")

    # parameters
    names = [p.label for p in e.parameters]
    paths = [p.path for p in e.parameters]
    for i, p in enumerate(e.parameters):
        where = f"parameters.{i}"
        if paths.count(p.path) > 1:
            raise error(f"{where}.path", f"parameter '{p.path}' is listed more than once; each path may be varied by one entry.")
        if names.count(p.label) > 1:
            raise error(f"{where}.name", f"the name '{p.label}' is used by more than one parameter; names must be unique.")
        _check_distribution(p, method, where, error)
        if p.group is not None and not owner.supports_groups:
            supporting = [n for n in method_names() if get_method(n).supports_groups]
            raise error(f"{where}.group", f"groups are supported by methods {' and '.join(supporting)} only, but the method is '{method}'.")
    groups = [p.group for p in e.parameters]
    if any(g is not None for g in groups) and any(g is None for g in groups):
        missing = [p.label for p in e.parameters if p.group is None]
        raise error("parameters", f"when groups are used every parameter needs a 'group'; missing for: {', '.join(missing)}.")

    # sample size suited to the method
    d = len(set(groups)) if groups and groups[0] is not None else len(e.parameters)
    if owner.takes_samples and not e.parameters:
        raise error("parameters", f"method '{method}' needs at least one parameter to vary; found none.")
    if owner.takes_samples and e.samples is None:
        raise error("samples", f"method '{method}' needs a sample size 'samples' ({owner.description}).")
    owner.check(e, d, error)

    if e.timeseries is not None and len(set(e.timeseries.metrics)) != len(e.timeseries.metrics):
        raise error("timeseries.metrics", f"each metric may be listed once, found {e.timeseries.metrics}.")
    runs = planned_runs(e, d)
    if runs > MAX_RUNS:
        raise error("samples" if method != "grid" else "parameters",
                    f"this design needs {runs:,} runs; at most {MAX_RUNS:,} are accepted (at about 0.1 s a run that is a day on two "
                    "cores). Use fewer samples, levels, parameters or replicates.")

    # outputs
    labels = [o.label for o in e.outputs]
    for i, o in enumerate(e.outputs):
        where = f"outputs.{i}"
        if labels.count(o.label) > 1:
            raise error(f"{where}.name", f"the output name '{o.label}' is used twice; give one of them a different 'name'.")
        if o.label in names:
            raise error(f"{where}.name", f"the output name '{o.label}' is also a parameter name; give it a different 'name'.")
        if o.aggregate == "mean_last" and o.months is None:
            raise error(f"{where}.months", "aggregate 'mean_last' needs 'months': the number of final months to average (e.g. 12).")
        if o.aggregate != "mean_last" and o.months is not None:
            raise error(f"{where}.months", f"'months' applies only to aggregate 'mean_last', but the aggregate is '{o.aggregate}'.")
        if o.aggregate == "months_until" and o.threshold is None:
            raise error(f"{where}.threshold", "aggregate 'months_until' needs 'threshold': the level whose first crossing is timed.")
        if o.aggregate != "months_until" and o.threshold is not None:
            raise error(f"{where}.threshold", f"'threshold' applies only to aggregate 'months_until', but the aggregate is '{o.aggregate}'.")
        if e.months is not None and o.months is not None and o.months > e.months:
            raise error(f"{where}.months", f"cannot average the last {o.months} months of a run of {e.months} months.")


def planned_runs(e: Experiment, d: int) -> int:
    """Runs the design will need (before any sample is drawn): sample rows x replicates x scenarios."""
    n = e.samples or 0
    if e.method == "sobol":
        rows = n * (2 * d + 2 if e.second_order else d + 2)
    elif e.method == "morris":
        rows = (e.optimal_trajectories or n) * (d + 1)
    elif e.method == "fast":
        rows = n * d
    elif e.method == "latin":
        rows = n
    else:
        rows = 1
        for p in e.parameters:
            rows *= len(p.levels) if p.levels is not None else (p.points or 1)
    return rows * e.replicates * max(1, len(e.scenarios or []))


def _check_distribution(p: ParameterSpec, method: str, where: str, error: Any) -> None:
    """Bounds and distribution settings of one parameter."""
    dist = p.distribution
    label = f"parameter '{p.label}'"
    grid = get_method(method).uses_levels
    if grid:
        if dist != "uniform":
            raise error(f"{where}.distribution", f"{label}: method 'grid' uses fixed levels; a distribution ('{dist}') does not apply. Remove it.")
        if p.levels is None and p.points is None:
            raise error(f"{where}.levels", f"{label}: method 'grid' needs 'levels' (a list of values) or 'points' with 'bounds'.")
        if p.levels is not None and p.points is not None:
            raise error(f"{where}.points", f"{label}: give either 'levels' or 'points', not both.")
        if p.levels is not None:
            if not p.levels:
                raise error(f"{where}.levels", f"{label}: expected at least one level, found an empty list.")
            if len(set(p.levels)) != len(p.levels):
                raise error(f"{where}.levels", f"{label}: levels must be distinct, found {p.levels}.")
            if p.bounds is not None:
                raise error(f"{where}.bounds", f"{label}: with explicit 'levels' no 'bounds' are used. Remove them.")
            return
    elif p.levels is not None or p.points is not None:
        key = "levels" if p.levels is not None else "points"
        raise error(f"{where}.{key}", f"{label}: '{key}' applies only to method {' or '.join(repr(n) for n in method_names() if get_method(n).uses_levels)}, "
                    f"but the method is '{method}'.")

    needs_bounds = dist in ("uniform", "loguniform", "triangular", "truncated_normal")
    needs_moments = dist in ("normal", "truncated_normal", "lognormal")
    if needs_bounds:
        if p.bounds is None:
            raise error(f"{where}.bounds", f"{label}: distribution '{dist}' needs 'bounds: [lower, upper]'.")
        if len(p.bounds) != 2:
            raise error(f"{where}.bounds", f"{label}: expected two numbers [lower, upper], found {p.bounds}.")
        low, high = p.bounds
        if not (math.isfinite(low) and math.isfinite(high)):
            raise error(f"{where}.bounds", f"{label}: bounds must be finite numbers, found {p.bounds}.")
        if low >= high:
            raise error(f"{where}.bounds", f"{label}: the lower bound must be below the upper bound, found [{low:g}, {high:g}]"
                        + (" (inverted: swap them)." if low > high else " (equal: nothing would vary)."))
        if dist == "loguniform" and low <= 0:
            raise error(f"{where}.bounds", f"{label}: a log-uniform distribution needs positive bounds, found [{low:g}, {high:g}].")
    elif p.bounds is not None:
        raise error(f"{where}.bounds", f"{label}: distribution '{dist}' takes 'mean' and 'sd', not 'bounds'.")
    if dist == "triangular":
        if p.mode is None:
            raise error(f"{where}.mode", f"{label}: a triangular distribution needs 'mode' (its peak).")
        if not p.bounds[0] <= p.mode <= p.bounds[1]:
            raise error(f"{where}.mode", f"{label}: the mode must lie between the bounds {p.bounds}, found {p.mode:g}.")
    elif p.mode is not None:
        raise error(f"{where}.mode", f"{label}: 'mode' applies only to a triangular distribution, found distribution '{dist}'.")
    if needs_moments:
        if p.mean is None or p.sd is None:
            raise error(f"{where}.{'mean' if p.mean is None else 'sd'}", f"{label}: distribution '{dist}' needs both 'mean' and 'sd'.")
        if p.sd <= 0:
            raise error(f"{where}.sd", f"{label}: the standard deviation must be positive, found {p.sd:g}.")
    elif p.mean is not None or p.sd is not None:
        raise error(f"{where}.{'mean' if p.mean is not None else 'sd'}", f"{label}: 'mean' and 'sd' apply only to normal, truncated_normal and lognormal distributions.")


OVERRIDABLE = ("samples", "replicates")  # settings the command line may override without copying the file


def with_overrides(experiment: Experiment, file: str | os.PathLike | None = None, **overrides: int | None) -> tuple[Experiment, dict[str, int]]:
    """The experiment with command-line overrides (``samples``, ``replicates``) applied and checked like the file.

    Returns the new experiment and the overrides that changed something (recorded in the manifest). A value
    the method cannot use raises an ExperimentError that names the option, e.g. '--samples 100'.
    """
    changed = {}
    for key, value in overrides.items():
        if key not in OVERRIDABLE:
            raise ValueError(f"'{key}' cannot be overridden; expected one of {', '.join(OVERRIDABLE)}")
        if value is not None and value != getattr(experiment, key):
            changed[key] = int(value)
    if not changed:
        return experiment, {}
    data = experiment.model_dump(mode="json", exclude_unset=True)
    data.update(changed)
    try:
        return experiment_from_dict(data, file), changed
    except ExperimentError as exc:
        option = exc.field if exc.field in changed else next(iter(changed))
        detail = str(exc).split(": ", 1)[-1] if str(exc).startswith("Problem ") else str(exc)
        raise ExperimentError(f"--{option} {changed[option]} cannot be used with this experiment: {detail}", file=file, field=f"--{option}") from None
