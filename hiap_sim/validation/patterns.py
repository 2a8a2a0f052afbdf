"""Pattern experiments: each stylized fact of the sources as arms x replicates with a criterion fixed in advance.

A pattern file (YAML, under ``experiments/patterns/``) names the fact, its source, the arms (scenario plus
overrides), the number of replicates, and one or more criteria on named statistics
(``hiap_sim/validation/statistics.py``). All arms of a pattern share their replicate seeds (common random
numbers), so paired tests compare like with like. Arms may change scenario settings and levers, but not
behavioural parameters (``parameters.*``) — all patterns run on the same default parameters — unless an arm
is explicitly a ``contrast`` (e.g. the contested reading of budget cuts).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hiap_sim.control import HiapModel
from hiap_sim.runner import replicate_seeds
from hiap_sim.scenario import ScenarioError, load_scenario
from hiap_sim.scenario.loader import read_yaml, validation_to_error
from hiap_sim.validation.statistics import STATISTICS, lookup

PATTERN_DIR = Path(__file__).resolve().parents[2] / "experiments" / "patterns"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Arm(_Strict):
    scenario: str = Field(..., description="scenario name or file")
    overrides: dict[str, Any] = Field(default_factory=dict, description="dotted-path settings")
    contrast: bool = Field(False, description="a deliberate alternative hypothesis that may change parameters.*")
    label: str = ""


class Criterion(_Strict):
    statistic: str
    test: Literal["mean_above", "mean_below", "greater", "median_between", "share_above"]
    arm: str | None = None  # for one-arm tests
    arms: tuple[str, str] | None = None  # for 'greater': first > second
    threshold: float | None = None
    low: float | None = None
    high: float | None = None
    share: float | None = None  # for share_above: required share of replicates
    alpha: float = 0.05
    says: str = ""

    @model_validator(mode="after")
    def _shape(self) -> Criterion:
        if self.statistic not in STATISTICS and not self.statistic.startswith("final:"):
            raise ValueError(f"unknown statistic {self.statistic!r}; known: {sorted(STATISTICS)} or final:<metric>")
        if self.test == "greater" and self.arms is None:
            raise ValueError("test 'greater' needs arms: [A, B] (A greater than B)")
        if self.test != "greater" and self.arm is None:
            raise ValueError(f"test {self.test!r} needs arm")
        if self.test in ("mean_above", "mean_below", "share_above") and self.threshold is None:
            raise ValueError(f"test {self.test!r} needs threshold")
        if self.test == "median_between" and (self.low is None or self.high is None):
            raise ValueError("test 'median_between' needs low and high")
        if self.test == "share_above" and self.share is None:
            raise ValueError("test 'share_above' needs share")
        return self


class Pattern(_Strict):
    name: str
    fact: int = Field(..., ge=1, le=15)
    title: str
    source: str
    claim: str
    replicates: int = Field(30, ge=2)
    # replicates of the quick (reduced) form at least: for facts whose effect is small against the noise
    reduced_replicates: int | None = Field(None, ge=2)
    months: int | None = Field(None, ge=1)
    seed: int = 1
    arms: dict[str, Arm]
    criteria: list[Criterion]
    figure: str = ""

    @model_validator(mode="after")
    def _arms_known(self) -> Pattern:
        for c in self.criteria:
            for arm in (c.arms or ()) + ((c.arm,) if c.arm else ()):
                if arm not in self.arms:
                    raise ValueError(f"criterion on {c.statistic} names unknown arm {arm!r}; arms: {list(self.arms)}")
        for name, arm in self.arms.items():
            tuned = [k for k in arm.overrides if k.startswith("parameters.")]
            if tuned and not arm.contrast:
                raise ValueError(f"arm {name!r} changes behavioural parameters {tuned}; patterns run on the defaults (mark a deliberate alternative with contrast: true)")
        return self


def load_pattern(path: Path) -> Pattern:
    """Read and validate a pattern file (errors name file and field)."""
    raw = read_yaml(path)
    try:
        return Pattern.model_validate(raw)
    except ValidationError as exc:
        raise validation_to_error(exc, path, Pattern) from None


def pattern_files(names: list[str] | None = None, folder: Path = PATTERN_DIR) -> list[Path]:
    files = sorted(folder.glob("*.yaml"))
    if not names:
        return files
    by_name = {f.stem: f for f in files} | {f.stem.split("_", 1)[-1]: f for f in files if f.stem[:2].isdigit()}
    missing = [n for n in names if n not in by_name and not Path(n).is_file()]
    if missing:
        raise ScenarioError(f"unknown pattern(s) {missing}; known: {sorted(by_name)}")
    return [by_name.get(n, Path(n)) for n in names]


# ------------------------------------------------------------------------------------------------ running
def _run_one(task: tuple[str, dict[str, Any], int, int | None, list[str]]) -> tuple[str, int, dict[str, float]]:
    scenario_name, overrides, seed, months, statistics = task
    scenario = load_scenario(scenario_name, overrides)
    model = HiapModel(scenario, seed=seed, months=months)
    frame = model.run()
    return scenario_name, seed, {name: float(lookup(name)(model, frame)) for name in statistics}


@dataclass
class PatternResult:
    pattern: Pattern
    values: dict[str, dict[str, np.ndarray]]  # arm -> statistic -> values per replicate
    outcomes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(o["passed"] for o in self.outcomes)


def run_pattern(pattern: Pattern, replicates: int | None = None, executor: Executor | None = None, reduced: bool = False) -> PatternResult:
    """Run every arm x replicate (same seeds across arms) and evaluate the criteria (``reduced``: see evaluate)."""
    n = replicates or pattern.replicates
    if reduced and pattern.reduced_replicates:
        n = max(n, pattern.reduced_replicates)
    seeds = replicate_seeds(pattern.seed, n)
    needed: dict[str, set[str]] = {arm: set() for arm in pattern.arms}
    for c in pattern.criteria:
        for arm in (c.arms or ()) + ((c.arm,) if c.arm else ()):
            needed[arm].add(c.statistic)
    tasks, keys = [], []
    for arm_name, arm in pattern.arms.items():
        for r, seed in enumerate(seeds):
            tasks.append((arm.scenario, arm.overrides, seed, pattern.months, sorted(needed[arm_name])))
            keys.append((arm_name, r))
    mapper: Callable = executor.map if executor is not None else map
    values: dict[str, dict[str, np.ndarray]] = {arm: {s: np.full(n, np.nan) for s in needed[arm]} for arm in pattern.arms}
    for (arm_name, r), (_, _, stats) in zip(keys, mapper(_run_one, tasks), strict=True):
        for name, value in stats.items():
            values[arm_name][name][r] = value
    result = PatternResult(pattern, values)
    result.outcomes = [evaluate(c, values, reduced) for c in pattern.criteria]
    return result


def _bootstrap(values: np.ndarray, stat: Callable[[np.ndarray], float] = np.mean, n: int = 2000) -> tuple[float, float]:
    rng = np.random.default_rng(12345)  # fixed: the report is reproducible
    values = values[~np.isnan(values)]
    if len(values) < 2:
        return float("nan"), float("nan")
    draws = rng.choice(values, size=(n, len(values)), replace=True)
    estimates = np.apply_along_axis(stat, 1, draws) if stat is not np.mean else draws.mean(axis=1)
    return float(np.quantile(estimates, 0.025)), float(np.quantile(estimates, 0.975))


REDUCED_ALPHA = 0.2
REDUCED_SHARE_SLACK = 0.1  # a share of 20 replicates moves by 0.05 per replicate


def evaluate(c: Criterion, values: dict[str, dict[str, np.ndarray]], reduced: bool = False) -> dict[str, Any]:
    """Apply one criterion; returns observed value, 95 % interval, p-value (where a test has one) and pass/fail.

    ``reduced`` (the quick form run in CI with few replicates) keeps each criterion's direction but asks less
    evidence: paired tests at p < 0.2 instead of the pattern's alpha, mean tests on the mean itself rather
    than on its 95 % interval, and shares of replicates within ``REDUCED_SHARE_SLACK`` of the required share.
    """
    from scipy import stats

    out: dict[str, Any] = {"statistic": c.statistic, "test": c.test, "says": c.says}
    if c.test == "greater":
        a, b = values[c.arms[0]][c.statistic], values[c.arms[1]][c.statistic]
        keep = ~(np.isnan(a) | np.isnan(b))
        diff = a[keep] - b[keep]
        out["criterion"] = f"{c.statistic}: {c.arms[0]} > {c.arms[1]} (paired Wilcoxon, p < {c.alpha})"
        out["observed"] = float(diff.mean()) if len(diff) else float("nan")
        out["interval"] = _bootstrap(diff)
        p = float(stats.wilcoxon(diff, alternative="greater").pvalue) if len(diff) >= 2 and np.any(diff != 0) else 1.0
        out["p"] = p
        out["passed"] = bool(p < (REDUCED_ALPHA if reduced else c.alpha) and out["observed"] > 0)
        out["label"] = f"mean difference {c.arms[0]} - {c.arms[1]}"
        return out
    v = values[c.arm][c.statistic]
    v = v[~np.isnan(v)]
    out["p"] = None
    if c.test in ("mean_above", "mean_below"):
        low, high = _bootstrap(v)
        out["observed"], out["interval"] = float(v.mean()) if len(v) else float("nan"), (low, high)
        if c.test == "mean_above":
            out["criterion"] = f"{c.statistic} in {c.arm}: 95 % CI of the mean above {c.threshold}"
            out["passed"] = bool((out["observed"] if reduced else low) > c.threshold)
        else:
            out["criterion"] = f"{c.statistic} in {c.arm}: 95 % CI of the mean below {c.threshold}"
            out["passed"] = bool((out["observed"] if reduced else high) < c.threshold)
        out["label"] = "mean"
    elif c.test == "median_between":
        out["observed"] = float(np.median(v)) if len(v) else float("nan")
        out["interval"] = _bootstrap(v, np.median)
        out["criterion"] = f"{c.statistic} in {c.arm}: median between {c.low} and {c.high}"
        out["passed"] = bool(c.low <= out["observed"] <= c.high)
        out["label"] = "median"
    else:  # share_above
        share = float(np.mean(v > c.threshold)) if len(v) else float("nan")
        out["observed"], out["interval"] = share, _bootstrap((v > c.threshold).astype(float))
        out["criterion"] = f"{c.statistic} in {c.arm}: above {c.threshold} in at least {c.share:.0%} of replicates"
        out["passed"] = bool(share >= (c.share - REDUCED_SHARE_SLACK if reduced else c.share))
        out["label"] = "share of replicates"
    out["n"] = int(len(v))
    return out


# ------------------------------------------------------------------------------------------------ report
def pattern_figure(result: PatternResult, path: Path) -> Path:
    """One panel per criterion: the statistic per arm over replicates, with the threshold where there is one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    criteria = result.pattern.criteria
    fig, axes = plt.subplots(1, len(criteria), figsize=(4.6 * len(criteria), 3.8), squeeze=False)
    rng = np.random.default_rng(0)
    for ax, c, outcome in zip(axes[0], criteria, result.outcomes, strict=True):
        arms = list(c.arms) if c.arms else [c.arm]
        data = [result.values[a][c.statistic] for a in arms]
        data = [d[~np.isnan(d)] for d in data]
        labels = [result.pattern.arms[a].label or a for a in arms]
        ax.boxplot(data, tick_labels=labels, widths=0.5, showfliers=False)
        for k, d in enumerate(data):
            ax.scatter(np.full(len(d), k + 1) + rng.uniform(-0.12, 0.12, len(d)), d, s=10, alpha=0.5, color="#2171b5")
        if c.threshold is not None:
            ax.axhline(c.threshold, color="darkred", ls="--", lw=1)
        if c.low is not None:
            ax.axhspan(c.low, c.high, color="green", alpha=0.08)
        verdict = "PASS" if outcome["passed"] else "FAIL"
        ax.set_title(f"{c.statistic}\n{verdict}", fontsize=9, color="darkgreen" if outcome["passed"] else "darkred")
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(alpha=0.3, axis="y")
    fig.suptitle(f"Fact {result.pattern.fact}: {result.pattern.title} [{result.pattern.source}]", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _fmt(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.3g}"


def write_report(results: list[PatternResult], folder: Path, seconds: float, replicates: int | None) -> Path:
    """report.md, results.json, parameters.yaml and one figure per pattern."""
    from hiap_sim.scenario.schema import Parameters

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures").mkdir(exist_ok=True)
    lines = [
        "# Validity report: stylized facts",
        "",
        f"{sum(r.passed for r in results)} of {len(results)} patterns pass. Every pattern ran on the **default**",
        "behavioural parameters (`parameters.yaml`); arms change only scenario settings and levers, except arms",
        "marked *contrast* (a deliberate alternative hypothesis). Replicates share seeds across arms (paired).",
        f"Replicates per arm: {replicates or 'as in each pattern file (30)'}; wall time {seconds:.0f} s.",
        "",
        "| fact | pattern | source | criterion | observed [95 % interval] | p | result |",
        "|---|---|---|---|---|---|---|",
    ]
    records = []
    for r in sorted(results, key=lambda r: (r.pattern.fact, r.pattern.name)):
        for o in r.outcomes:
            interval = o.get("interval") or (float("nan"), float("nan"))
            lines.append(
                f"| {r.pattern.fact} | {r.pattern.title} | {r.pattern.source} | {o['criterion']} | "
                f"{o.get('label', '')} {_fmt(o['observed'])} [{_fmt(interval[0])}, {_fmt(interval[1])}] | {_fmt(o.get('p'))} | "
                f"{'pass' if o['passed'] else '**FAIL**'} |"
            )
            records.append({"pattern": r.pattern.name, "fact": r.pattern.fact, **{k: v for k, v in o.items()}})
        pattern_figure(r, folder / "figures" / f"fact{r.pattern.fact:02d}_{r.pattern.name}.png")
    lines += ["", "## Patterns", ""]
    for r in sorted(results, key=lambda r: (r.pattern.fact, r.pattern.name)):
        arms = "; ".join(f"*{k}*: `{a.scenario}`" + (f" with {a.overrides}" if a.overrides else "") + (" (contrast)" if a.contrast else "") for k, a in r.pattern.arms.items())
        lines += [
            f"### Fact {r.pattern.fact}: {r.pattern.title} ({'pass' if r.passed else 'FAIL'})",
            "",
            f"{' '.join(r.pattern.claim.split())} [{r.pattern.source}]",
            "",
            f"Arms: {arms}.",
            "",
            *[f"- {o['criterion']}" + (f" — {o['says']}" if o["says"] else "") for o in r.outcomes],
            "",
            f"![fact {r.pattern.fact}](figures/fact{r.pattern.fact:02d}_{r.pattern.name}.png)",
            "",
        ]
    (folder / "report.md").write_text("\n".join(lines), encoding="utf-8")
    (folder / "results.json").write_text(json.dumps(records, indent=2, default=float), encoding="utf-8")
    (folder / "parameters.yaml").write_text(yaml.safe_dump(Parameters().model_dump(mode="json"), sort_keys=False), encoding="utf-8")
    return folder / "report.md"


def run_patterns(
    names: list[str] | None = None,
    replicates: int | None = None,
    workers: int | None = None,
    progress: Callable[[PatternResult], None] | None = None,
    reduced: bool = False,
) -> tuple[list[PatternResult], float]:
    """Run the named patterns (all when none) on a local process pool; returns results and wall time."""
    files = pattern_files(names)
    patterns = [load_pattern(f) for f in files]
    start = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    results = []
    if workers == 1:
        for p in patterns:
            results.append(run_pattern(p, replicates, reduced=reduced))
            if progress:
                progress(results[-1])
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for p in patterns:
                results.append(run_pattern(p, replicates, pool, reduced=reduced))
                if progress:
                    progress(results[-1])
    return results, time.perf_counter() - start
