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
import textwrap
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hiap_sim.control import Simulation
from hiap_sim.runner import replicate_seeds
from hiap_sim.scenario import ScenarioError, load_scenario
from hiap_sim.scenario.loader import read_yaml, validation_to_error
from hiap_sim.scenario.schema import Mechanisms
from hiap_sim.validation.statistics import STATISTICS, lookup

PATTERN_DIR = Path(__file__).resolve().parents[2] / "experiments" / "patterns"


EVIDENCE_FACTS = range(1, 16)  # the fifteen stylized facts of evidence.md section 1
# source facts the model is tested against beyond evidence.md's list: number -> (title, source and figure)
FURTHER_FACTS: dict[int, tuple[str, str]] = {
    16: ("Ambition within capacity", "ABD2024: the VWS HiaP team is 2-3 FTE; an ambition the capacity cannot carry 'organises its own "
         "disappointment'; deeper integration costs more (Meijers & Stead, in ABD2024 6.1); RIVM2010: lack of staff and money is the "
         "most-cited barrier (63 %)"),
}


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
    min_effect: float = Field(0.0, ge=0, description="for 'greater': the smallest difference that counts (tested: difference - min_effect > 0)")
    effect: str = Field(..., min_length=10, description="why this threshold or minimum effect: the source's number, or the smallest effect of practical interest")
    alpha: float = Field(0.05, gt=0, le=0.05)
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
    fact: int = Field(..., ge=1, description="number of the stylized fact: 1-15 of evidence.md, or one of FURTHER_FACTS")
    title: str
    source: str
    claim: str
    replicates: int = Field(30, ge=2)
    # replicates of the quick (reduced) form at least: for facts whose effect is small against the noise
    reduced_replicates: int | None = Field(None, ge=2)
    role: Literal["validation", "calibration"] = Field("validation", description="calibration: the fact or figure was used to set parameters, so it is reported apart and not counted as validation")
    calibrated: str = ""  # for role calibration: what was set against it
    knockouts: dict[str, list[str]] = Field(default_factory=dict, description="mechanism(s) said to produce the fact: name -> switches of the scenario's mechanisms: section turned off")
    months: int | None = Field(None, ge=1)
    seed: int = 1
    arms: dict[str, Arm]
    criteria: list[Criterion]
    figure: str = ""

    @model_validator(mode="after")
    def _arms_known(self) -> Pattern:
        if self.fact not in EVIDENCE_FACTS and self.fact not in FURTHER_FACTS:
            raise ValueError(f"fact {self.fact} is neither one of evidence.md's 1-15 nor a further source fact {sorted(FURTHER_FACTS)}")
        for c in self.criteria:
            for arm in (c.arms or ()) + ((c.arm,) if c.arm else ()):
                if arm not in self.arms:
                    raise ValueError(f"criterion on {c.statistic} names unknown arm {arm!r}; arms: {list(self.arms)}")
        known = set(Mechanisms.model_fields)
        for name, switches in self.knockouts.items():
            unknown = sorted(set(switches) - known)
            if unknown or not switches:
                raise ValueError(f"knockout {name!r} names unknown mechanism switches {unknown}; known: {sorted(known)}")
        if self.role == "validation" and not self.knockouts:
            raise ValueError("a validation pattern names the mechanism(s) that should produce it (knockouts:)")
        for name, arm in self.arms.items():
            if any(k.startswith("mechanisms.") for k in arm.overrides):
                raise ValueError(f"arm {name!r} switches mechanisms; knockouts belong in knockouts:, not in arms")
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
    sim = Simulation(scenario, seed=seed, months=months)
    frame = sim.run()
    return scenario_name, seed, {name: float(lookup(name)(sim.view, frame)) for name in statistics}


@dataclass
class PatternResult:
    pattern: Pattern
    values: dict[str, dict[str, np.ndarray]]  # arm -> statistic -> values per replicate
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    knockouts: dict[str, PatternResult] = field(default_factory=dict)  # knockout name -> the pattern run without it

    @property
    def passed(self) -> bool:
        return all(o["passed"] for o in self.outcomes)

    @property
    def undecided(self) -> bool:
        """Fails, but every failing criterion's 95 % interval reaches what it asks for: these replicates cannot tell
        whether the effect falls short. It still counts as failing."""
        failing = [o for o in self.outcomes if not o["passed"]]
        return bool(failing) and all(o.get("undecided") for o in failing)

    @property
    def discriminates(self) -> bool | None:
        """Passes with its mechanisms and fails without each of them (None when no knockout was run)."""
        if not self.knockouts:
            return None
        return self.passed and not any(k.passed for k in self.knockouts.values())


def replicates_for(pattern: Pattern, replicates: int | None, reduced: bool) -> int:
    n = replicates or pattern.replicates
    if reduced and pattern.reduced_replicates:
        n = max(n, pattern.reduced_replicates)
    return n


def run_pattern(pattern: Pattern, replicates: int | None = None, executor: Executor | None = None, reduced: bool = False,
                switched_off: tuple[str, ...] = ()) -> PatternResult:
    """Run every arm x replicate (same seeds across arms) and evaluate the criteria; ``switched_off``: mechanisms
    knocked out in every arm (the same seeds again, so a knockout compares like with like)."""
    n = replicates_for(pattern, replicates, reduced)
    seeds = replicate_seeds(pattern.seed, n)
    needed: dict[str, set[str]] = {arm: set() for arm in pattern.arms}
    for c in pattern.criteria:
        for arm in (c.arms or ()) + ((c.arm,) if c.arm else ()):
            needed[arm].add(c.statistic)
    knock = {f"mechanisms.{name}": False for name in switched_off}
    tasks, keys = [], []
    for arm_name, arm in pattern.arms.items():
        for r, seed in enumerate(seeds):
            tasks.append((arm.scenario, {**arm.overrides, **knock}, seed, pattern.months, sorted(needed[arm_name])))
            keys.append((arm_name, r))
    mapper: Callable = executor.map if executor is not None else map
    values: dict[str, dict[str, np.ndarray]] = {arm: {s: np.full(n, np.nan) for s in needed[arm]} for arm in pattern.arms}
    for (arm_name, r), (_, _, stats) in zip(keys, mapper(_run_one, tasks), strict=True):
        for name, value in stats.items():
            values[arm_name][name][r] = value
    result = PatternResult(pattern, values)
    result.outcomes = [evaluate(c, values) for c in pattern.criteria]
    return result


def run_knockouts(result: PatternResult, replicates: int | None = None, executor: Executor | None = None, reduced: bool = False) -> None:
    """Run the pattern once per knockout (its mechanisms switched off) on the same seeds."""
    for name, switches in result.pattern.knockouts.items():
        result.knockouts[name] = run_pattern(result.pattern, replicates, executor, reduced, tuple(switches))


def _bootstrap(values: np.ndarray, stat: Callable[[np.ndarray], float] = np.mean, n: int = 2000) -> tuple[float, float]:
    rng = np.random.default_rng(12345)  # fixed: the report is reproducible
    values = values[~np.isnan(values)]
    if len(values) < 2:
        return float("nan"), float("nan")
    draws = rng.choice(values, size=(n, len(values)), replace=True)
    estimates = np.apply_along_axis(stat, 1, draws) if stat is not np.mean else draws.mean(axis=1)
    return float(np.quantile(estimates, 0.025)), float(np.quantile(estimates, 0.975))


def _bootstrap_p(diff: np.ndarray, margin: float, n: int = 4000) -> float:
    """One-sided bootstrap p-value that the mean paired difference exceeds ``margin``: the share of resampled
    means at or below it (1 when there are fewer than two pairs)."""
    if len(diff) < 2:
        return 1.0
    rng = np.random.default_rng(12345)
    means = rng.choice(diff, size=(n, len(diff)), replace=True).mean(axis=1)
    return float(max(np.mean(means <= margin), 1.0 / n))


def evaluate(c: Criterion, values: dict[str, dict[str, np.ndarray]]) -> dict[str, Any]:
    """Apply one criterion; returns observed value, 95 % interval, p-value (where a test has one) and pass/fail.

    Every test asks for the criterion's smallest effect that counts: the mean paired difference must exceed
    ``min_effect`` (one-sided bootstrap test at ``alpha``: fewer than ``alpha`` of resampled means at or below it); a mean
    must lie above (below) its threshold with its whole 95 % bootstrap interval; a median within its band; a
    share of replicates at least the required share. The reduced form run in CI applies the same criteria.
    """
    out: dict[str, Any] = {"statistic": c.statistic, "test": c.test, "says": c.says, "effect": c.effect}
    if c.test == "greater":
        a, b = values[c.arms[0]][c.statistic], values[c.arms[1]][c.statistic]
        keep = ~(np.isnan(a) | np.isnan(b))
        diff = a[keep] - b[keep]
        margin = f" by at least {c.min_effect:g}" if c.min_effect else ""
        out["criterion"] = f"{c.statistic}: {c.arms[0]} > {c.arms[1]}{margin} (paired, one-sided bootstrap p < {c.alpha})"
        out["observed"] = float(diff.mean()) if len(diff) else float("nan")
        out["interval"] = _bootstrap(diff)
        out["p"] = _bootstrap_p(diff, c.min_effect)
        out["passed"] = bool(out["p"] < c.alpha)
        out["label"] = f"mean difference {c.arms[0]} - {c.arms[1]}"
        out["n"] = int(len(diff))
        out["undecided"] = not out["passed"] and out["interval"][1] > c.min_effect
        return out
    v = values[c.arm][c.statistic]
    v = v[~np.isnan(v)]
    out["p"] = None
    if c.test in ("mean_above", "mean_below"):
        low, high = _bootstrap(v)
        out["observed"], out["interval"] = float(v.mean()) if len(v) else float("nan"), (low, high)
        if c.test == "mean_above":
            out["criterion"] = f"{c.statistic} in {c.arm}: 95 % CI of the mean above {c.threshold:g}"
            out["passed"] = bool(low > c.threshold)
        else:
            out["criterion"] = f"{c.statistic} in {c.arm}: 95 % CI of the mean below {c.threshold:g}"
            out["passed"] = bool(high < c.threshold)
        out["label"] = "mean"
    elif c.test == "median_between":
        out["observed"] = float(np.median(v)) if len(v) else float("nan")
        out["interval"] = _bootstrap(v, np.median)
        out["criterion"] = f"{c.statistic} in {c.arm}: median between {c.low:g} and {c.high:g}"
        out["passed"] = bool(c.low <= out["observed"] <= c.high)
        out["label"] = "median"
    else:  # share_above
        share = float(np.mean(v > c.threshold)) if len(v) else float("nan")
        out["observed"], out["interval"] = share, _bootstrap((v > c.threshold).astype(float))
        out["criterion"] = f"{c.statistic} in {c.arm}: above {c.threshold:g} in at least {c.share:.0%} of replicates"
        out["passed"] = bool(share >= c.share)
        out["label"] = "share of replicates"
    out["n"] = int(len(v))
    out["undecided"] = not out["passed"] and _reaches(c, out["interval"])
    return out


def _reaches(c: Criterion, interval: tuple[float, float]) -> bool:
    """Whether a 95 % interval reaches the values a criterion asks for (a failing criterion is then undecided)."""
    low, high = interval
    if c.test == "mean_above":
        return high > c.threshold
    if c.test == "mean_below":
        return low < c.threshold
    if c.test == "median_between":
        return high >= c.low and low <= c.high
    return high >= c.share  # share_above


def power(c: Criterion, values: dict[str, dict[str, np.ndarray]], n: int, draws: int = 200) -> float:
    """Estimated power of criterion ``c`` with ``n`` replicates: the share of resamples of ``n`` replicates
    (paired across arms, from the full run's values) on which it passes."""
    rng = np.random.default_rng(2024)
    size = len(next(iter(next(iter(values.values())).values())))
    passed = 0
    for _ in range(draws):
        pick = rng.integers(0, size, n)
        sample = {arm: {name: v[pick] for name, v in stats.items()} for arm, stats in values.items()}
        passed += evaluate(c, sample)["passed"]
    return passed / draws


# ------------------------------------------------------------------------------------------------ report
def pattern_figure(result: PatternResult, path: Path) -> Path:
    """One panel per criterion: the statistic per arm over replicates, with the threshold where there is one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    criteria = result.pattern.criteria
    runs = [("", result), *[(f"without\n{name}", k) for name, k in result.knockouts.items()]]
    width = 4.6 if len(runs) == 1 else 2.2 + 1.5 * len(runs)
    fig, axes = plt.subplots(1, len(criteria), figsize=(width * len(criteria), 4.2), squeeze=False)
    rng = np.random.default_rng(0)
    for ax, c, outcome in zip(axes[0], criteria, result.outcomes, strict=True):
        arms = list(c.arms) if c.arms else [c.arm]
        data, labels, colours = [], [], []
        for tag, run in runs:
            for a in arms:
                d = run.values[a][c.statistic]
                data.append(d[~np.isnan(d)])
                labels.append(textwrap.fill(result.pattern.arms[a].label or a, 22) + (f"\n{tag}" if tag else ""))  # long labels must not overlap
                colours.append("#2171b5" if not tag else "#969696")
        ax.boxplot(data, tick_labels=labels, widths=0.5, showfliers=False)
        for k, d in enumerate(data):
            ax.scatter(np.full(len(d), k + 1) + rng.uniform(-0.12, 0.12, len(d)), d, s=8, alpha=0.5, color=colours[k])
        if c.threshold is not None:
            ax.axhline(c.threshold, color="darkred", ls="--", lw=1)
        if c.low is not None:
            ax.axhspan(c.low, c.high, color="green", alpha=0.08)
        for k in range(1, len(runs)):  # separate the knockouts from the model with its mechanisms
            ax.axvline(k * len(arms) + 0.5, color="#bbbbbb", lw=0.8)
        verdict = "PASS" if outcome["passed"] else "FAIL"
        if len(runs) > 1:
            still = [name for name, k in result.knockouts.items() if k.outcomes[result.pattern.criteria.index(c)]["passed"]]
            verdict += "; without mechanism: " + ("passes (" + ", ".join(still) + ")" if still else "fails")
        ax.set_title(f"{c.statistic}\n{verdict}", fontsize=9, color="darkgreen" if outcome["passed"] else "darkred")
        ax.tick_params(axis="x", labelsize=7)
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


def _row(r: PatternResult, o: dict[str, Any]) -> str:
    interval = o.get("interval") or (float("nan"), float("nan"))
    return (f"| {r.pattern.fact} | {r.pattern.title} | {r.pattern.source} | {o['criterion']} | "
            f"{o.get('label', '')} {_fmt(o['observed'])} [{_fmt(interval[0])}, {_fmt(interval[1])}] | {_fmt(o.get('p'))} | "
            f"{'pass' if o['passed'] else '**FAIL** (undecided)' if o.get('undecided') else '**FAIL**'} |")


def _knockout_rows(r: PatternResult) -> list[str]:
    rows = []
    for name, k in r.knockouts.items():
        failing = [o["statistic"] for o in k.outcomes if not o["passed"]]
        observed = "; ".join(f"{o['statistic']} {_fmt(o['observed'])}" for o in k.outcomes)
        verdict = "yes" if not k.passed else "**no** (still passes)"
        rows.append(f"| {r.pattern.fact} | {r.pattern.title} | {name}: `{', '.join(r.pattern.knockouts[name])}` off | "
                    f"{'yes' if r.passed else '**no**'} | {verdict} | {', '.join(failing) or '-'} | {observed} |")
    return rows


def write_report(results: list[PatternResult], folder: Path, seconds: float, replicates: int | None,
                 out_of_sample: tuple[list[dict], int] | None = None, reduced_replicates: int = 20) -> Path:
    """report.md, results.json, parameters.yaml and one figure per pattern."""
    from hiap_sim.scenario.schema import Parameters
    from hiap_sim.validation import out_of_sample as oos

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures").mkdir(exist_ok=True)
    ordered = sorted(results, key=lambda r: (r.pattern.fact, r.pattern.name))
    validation = [r for r in ordered if r.pattern.role == "validation"]
    calibration = [r for r in ordered if r.pattern.role == "calibration"]
    ran_knockouts = any(r.knockouts for r in validation)
    discriminating = [r for r in validation if r.discriminates]
    lines = [
        "# Validity report: stylized facts",
        "",
        f"**{sum(r.passed for r in validation)} of {len(validation)} validation patterns pass"
        + (f"; {len(discriminating)} of {len(validation)} discriminate** (pass with their mechanism, fail with it knocked out)." if ran_knockouts
           else "** (knockouts not run: `hiap-sim patterns --knockouts`).")
        + f" Calibration targets, reported apart and not counted: {', '.join(f'fact {r.pattern.fact} ({r.pattern.name})' for r in calibration) or 'none'}.",
        "",
        "Failing: " + (", ".join(f"fact {r.pattern.fact} ({r.pattern.name}{', undecided' if r.undecided else ''})" for r in validation if not r.passed)
                       or "none") + "."
        + (" Passing but not discriminating: " + (", ".join(f"fact {r.pattern.fact} ({r.pattern.name})" for r in validation if r.passed and not r.discriminates) or "none") + "."
           if ran_knockouts else ""),
        "",
        "Every pattern ran on the **default** behavioural parameters (`parameters.yaml`); arms change only scenario",
        "settings and levers, except arms marked *contrast* (a deliberate alternative hypothesis). Replicates share seeds",
        "across arms and knockouts (paired). Every criterion states its smallest effect that counts (the *effect* line",
        f"under each pattern). Replicates per arm: {replicates or 'as in each pattern file'}; wall time {seconds:.0f} s.",
        "",
        "A failing criterion is marked *undecided* when its 95 % interval still reaches what the criterion asks for: the",
        "model's effect lies near the smallest effect that counts, and these replicates cannot tell on which side. It",
        "counts as failing. Deciding it would take a confirmation run on fresh seeds whose number of replicates is fixed",
        "(and committed) before it runs, not more replicates added after seeing this result.",
        "",
        "## Validation facts",
        "",
        "| fact | pattern | source | criterion | observed [95 % interval] | p | result |",
        "|---|---|---|---|---|---|---|",
    ]
    records = []
    for r in validation:
        lines += [_row(r, o) for o in r.outcomes]
    if ran_knockouts:
        lines += [
            "", "## Knockouts", "",
            "Each fact rerun on the same seeds with the mechanism said to produce it switched off (the scenario's",
            "`mechanisms:` section; what each switch removes: `hiap_sim/pipeline/knockouts.py`). A fact discriminates when it",
            "passes with its mechanism and fails without each one.", "",
            "| fact | pattern | knockout | passes with | fails without | criteria failing without | observed without |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in validation:
            lines += _knockout_rows(r)
        lines += ["", "Not discriminating (failing, or passing without a mechanism): " + (", ".join(f"fact {r.pattern.fact} ({r.pattern.name})" for r in validation if not r.discriminates) or "none") + "."]
    lines += [
        "", "## Calibration targets (not counted as validation)", "",
        "Parameters were set against these, so their passing shows the calibration held, not that the model is valid.", "",
        "| fact | pattern | source | criterion | observed [95 % interval] | p | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in calibration:
        lines += [_row(r, o) for o in r.outcomes]
    lines += [""] + [f"- Fact {r.pattern.fact}: {r.pattern.calibrated}" for r in calibration if r.pattern.calibrated]
    if ran_knockouts and calibration:
        lines += ["", "| fact | pattern | knockout | passes with | fails without | criteria failing without | observed without |", "|---|---|---|---|---|---|---|"]
        for r in calibration:
            lines += _knockout_rows(r)
    if out_of_sample is not None:
        lines += ["", *oos.markdown(*out_of_sample)]
        from hiap_sim.validation import posterior

        abc = posterior.load()
        if abc is not None:  # the Bayesian calibration and its predictive check (computed by experiments/calibration/abc_rivm.py)
            lines += ["", *posterior.markdown(abc)]
    lines += [
        "", "## Power of the reduced form in CI", "",
        f"`tests/test_patterns.py` runs every pattern with {reduced_replicates} replicates (or the pattern's `reduced_replicates`) and",
        "the same criteria at the same alpha. Power below: the share of 200 resamples of that many replicates, drawn",
        "from this report's replicates, on which the criterion passes.", "",
        "| fact | criterion | replicates in CI | power |", "|---|---|---|---|",
    ]
    for r in ordered:
        n = max(reduced_replicates, r.pattern.reduced_replicates or 0)
        for c, o in zip(r.pattern.criteria, r.outcomes, strict=True):
            o["power_reduced"] = power(c, r.values, n)
            lines.append(f"| {r.pattern.fact} | {o['criterion']} | {n} | {o['power_reduced']:.2f} |")
    lines += ["", "## Patterns", ""]
    for r in ordered:
        for o in r.outcomes:
            records.append({"pattern": r.pattern.name, "fact": r.pattern.fact, "role": r.pattern.role, **o})
        for name, k in r.knockouts.items():
            for o in k.outcomes:
                records.append({"pattern": r.pattern.name, "fact": r.pattern.fact, "role": r.pattern.role, "knockout": name, **o})
        pattern_figure(r, folder / "figures" / f"fact{r.pattern.fact:02d}_{r.pattern.name}.png")
        arms = "; ".join(f"*{k}*: `{a.scenario}`" + (f" with {a.overrides}" if a.overrides else "") + (" (contrast)" if a.contrast else "") for k, a in r.pattern.arms.items())
        knock = "; ".join(f"*{k}*: {', '.join(f'`{m}`' for m in v)}" for k, v in r.pattern.knockouts.items())
        verdict = "pass" if r.passed else "FAIL"
        if r.discriminates is not None:
            verdict += ", discriminates" if r.discriminates else ", does not discriminate"
        lines += [
            f"### Fact {r.pattern.fact}: {r.pattern.title} ({r.pattern.role}; {verdict})",
            "",
            f"{' '.join(r.pattern.claim.split())} [{r.pattern.source}]",
            "",
            f"Arms: {arms}.",
            "",
            *([f"Mechanisms (knockouts): {knock}.", ""] if knock else []),
            *[f"- {o['criterion']}" + (f" — {o['says']}" if o["says"] else "") + f". *Effect:* {o['effect']}" for o in r.outcomes],
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
    knockouts: bool = False,
) -> tuple[list[PatternResult], float]:
    """Run the named patterns (all when none) on a local process pool, with their knockouts when asked; returns
    results and wall time."""
    files = pattern_files(names)
    patterns = [load_pattern(f) for f in files]
    start = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    results = []
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        for p in patterns:
            result = run_pattern(p, replicates, pool, reduced=reduced)
            if knockouts:
                run_knockouts(result, replicates, pool, reduced=reduced)
            results.append(result)
            if progress:
                progress(result)
    finally:
        if pool is not None:
            pool.shutdown()
    return results, time.perf_counter() - start
