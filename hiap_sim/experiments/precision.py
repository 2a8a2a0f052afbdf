"""How far a sweep's indices can be trusted: warnings on sample size, interval width, implausible sums, seed noise.

The report states findings only where the intervals support them; where they do not, it says so and
suggests a sample size instead (intervals of Sobol' and FAST estimates narrow roughly as 1/sqrt(N)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis

TARGET_HALF_WIDTH = 0.05  # half-width of an S1/ST interval at which indices rank reliably (assumption: a twentieth of the unit scale)
WIDE_HALF_WIDTH = 0.1  # mean half-width of the ST intervals above which the report calls them wide
WIDE_RELATIVE = 0.5  # ... or half-width of the largest ST above this share of it
ORDER_TOLERANCE = 0.02  # ST below S1 by more than this is a sign of estimation error (in theory ST >= S1)
NOISE_DOMINATES = 0.5  # ... and above which it dominates: the report then states no ranking
NOISE_SHARE = 0.2  # share of the variance of replicate means that is seed noise, above which the report warns
MORRIS_WIDE_RELATIVE = 0.5  # mu* interval half-width above this share of mu* (for the leading parameters)


@dataclass(frozen=True)
class PrecisionWarning:
    """One reason not to read an output's indices at face value, with a suggested sample size when one helps."""

    scenario: str
    output: str
    kind: str  # small_sample, wide_intervals, implausible_sums, seed_noise
    text: str
    suggested_samples: int | None = None

    def as_row(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "output": self.output, "kind": self.kind, "warning": self.text, "suggested_samples": self.suggested_samples}


def inactive(analysis: Analysis) -> dict[str, str]:
    """Parameter name -> reason, for parameters that cannot act in the base scenario(s) (from the manifest)."""
    return dict(analysis.results.manifest.get("inactive") or {})


def sample_size(analysis: Analysis) -> int | None:
    """The experiment's N ('samples'), as run."""
    samples = analysis.results.manifest["experiment"]["spec"].get("samples")
    return int(samples) if samples else None


def power_of_two_at_least(n: float) -> int:
    return 2 ** max(2, math.ceil(math.log2(max(n, 1))))


def variance_warnings(analysis: Analysis, table: pd.DataFrame, minimum_samples: int, power_of_two: bool) -> list[PrecisionWarning]:
    """Warnings for S1/ST tables (Sobol', FAST): small N, wide intervals, implausible sums or order."""
    out: list[PrecisionWarning] = []
    n = sample_size(analysis)
    skip = inactive(analysis)
    for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
        t = t[~t["parameter"].isin(skip)]
        if t.empty:
            continue
        half = float(t["ST_conf"].mean())
        wanted = None
        if n and half > TARGET_HALF_WIDTH:
            wanted = n * (half / TARGET_HALF_WIDTH) ** 2
            wanted = power_of_two_at_least(wanted) if power_of_two else int(math.ceil(wanted / 10) * 10)
        suggestion = f" Suggested: --samples {wanted}." if wanted else ""
        if n and n < minimum_samples:
            out.append(PrecisionWarning(scenario, output, "small_sample", f"N = {n} is small for this method (below {minimum_samples}); "
                                        f"treat the indices as a rough screening only.{suggestion}", wanted))
        top = t.loc[t["ST"].idxmax()]
        if half > WIDE_HALF_WIDTH or (top["ST"] > 0 and top["ST_conf"] > WIDE_RELATIVE * top["ST"]):
            out.append(PrecisionWarning(scenario, output, "wide_intervals", f"the ST intervals are wide (mean half-width {half:.2f}; "
                                        f"largest ST {top['ST']:.2f} +/- {top['ST_conf']:.2f}), so the ranking is not supported.{suggestion}", wanted))
        s1_sum = float(t["S1"].sum())
        s1_sum_conf = math.sqrt(float((t["S1_conf"] ** 2).sum()))
        reverse = t[t["S1"] - t["ST"] > ORDER_TOLERANCE]
        problems = []
        if s1_sum - 1 > s1_sum_conf:
            problems.append(f"the first-order indices sum to {s1_sum:.2f}, above 1 by more than their interval (+/- {s1_sum_conf:.2f})")
        if not reverse.empty:
            problems.append("ST < S1 for " + ", ".join(f"`{r.parameter}` (S1 {r.S1:.2f}, ST {r.ST:.2f})" for r in reverse.itertuples(index=False)))
        above_one = t[t["ST"] - t["ST_conf"] > 1]
        if not above_one.empty:
            problems.append("ST clearly above 1 for " + ", ".join(f"`{p}`" for p in above_one["parameter"]))
        if problems:
            out.append(PrecisionWarning(scenario, output, "implausible_sums", "implausible estimates: " + "; ".join(problems)
                                        + f" (in theory 0 <= S1 <= ST <= 1 and the S1 sum at most 1). These are estimation errors of a small sample.{suggestion}", wanted))
    return out


def morris_warnings(analysis: Analysis, table: pd.DataFrame, minimum_samples: int) -> list[PrecisionWarning]:
    """Warnings for Morris tables: few trajectories, wide mu* intervals of the leading parameters."""
    out: list[PrecisionWarning] = []
    n = sample_size(analysis)
    skip = inactive(analysis)
    for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
        t = t[~t["parameter"].isin(skip)].sort_values("mu_star", ascending=False).head(5)
        if t.empty:
            continue
        ratio = float((t["mu_star_conf"] / t["mu_star"].where(t["mu_star"] > 0)).mean())
        wanted = int(math.ceil(n * max(ratio / MORRIS_WIDE_RELATIVE, 1) ** 2)) if n and ratio == ratio and ratio > MORRIS_WIDE_RELATIVE else None
        suggestion = f" Suggested: --samples {wanted}." if wanted else ""
        if n and n < minimum_samples:
            at_least = max(wanted or 0, minimum_samples)
            out.append(PrecisionWarning(scenario, output, "small_sample", f"{n} trajectories are few for Morris screening (below {minimum_samples}). "
                                        f"Suggested: --samples {at_least}.", at_least))
        if wanted:
            out.append(PrecisionWarning(scenario, output, "wide_intervals", f"the mu* intervals of the leading parameters are wide (half-width {ratio:.0%} of mu* on "
                                        f"average), so their order is not supported.{suggestion}", wanted))
    return out


def sample_count_warnings(analysis: Analysis, minimum_samples: int) -> list[PrecisionWarning]:
    """A small-sample warning for each output when N is below the method's minimum."""
    n = sample_size(analysis)
    if not n or n >= minimum_samples:
        return []
    return [PrecisionWarning(s, o, "small_sample", f"N = {n} is small for this method (below {minimum_samples}); rank correlations and "
                             f"first-order estimates are rough. Suggested: --samples {minimum_samples * 2}.", minimum_samples * 2)
            for s in analysis.results.scenarios for o in analysis.results.outputs]


def noise_warnings(analysis: Analysis) -> list[PrecisionWarning]:
    """Seed noise that dominates the variance of the replicate means."""
    noise = analysis.tables.get("noise")
    if noise is None or noise.empty:
        return []
    out = []
    replicates = int(analysis.results.manifest["replicates"])
    for row in noise.itertuples(index=False):
        share = row.noise_share_of_sample_means
        if not (share == share and share > NOISE_SHARE):
            continue
        kind = "seed_noise_dominates" if share > NOISE_DOMINATES else "seed_noise"
        if share >= 1 - NOISE_SHARE / 4:
            advice = "the parameters' effects cannot be told apart from seed noise at all in this sample"
        else:
            wanted = max(replicates + 1, math.ceil(replicates * share * (1 - NOISE_SHARE) / (NOISE_SHARE * (1 - share))))
            advice = f"more replicates reduce it (suggested: --replicates {wanted}, for noise below {NOISE_SHARE:.0%})"
        out.append(PrecisionWarning(row.scenario, row.output, kind, f"seed noise is {min(share, 1):.0%} of the variance of the replicate means; it inflates "
                                    f"total effects and interactions; {advice}.", None))
    return out


def unreliable(analysis: Analysis, scenario: str, output: str) -> list[PrecisionWarning]:
    """The precision warnings of one output."""
    return [w for w in analysis.precision if w.scenario == scenario and w.output == output]
