"""Out of sample: RIVM2010 survey figures that no parameter was set against, beside the model.

The calibration of the municipal level used the sector shares of Table VIII.1 (collaboration with public
health) and the social-physical difference (``experiments/calibration``). The same survey (n = 123 sector
officials in 16 municipalities) reports other figures that were not targets; each is shown here with the
survey's own 95 % sampling interval (Wilson score interval for the n given) and the model's mean over
replicates with its 95 % bootstrap interval. Nothing is tuned to them: a figure outside the interval is
reported as a miss.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from hiap_sim.control import Simulation
from hiap_sim.runner import replicate_seeds
from hiap_sim.scenario import load_scenario

SCENARIO = "rivm_municipalities_2009"
RESPONDENTS = 123  # sector officials who answered [RIVM2010]
COLLABORATORS = round(0.80 * RESPONDENTS)  # those who collaborate with public health (80 %, Table VIII.1): base of the forms


def wilson(share: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a sample share."""
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Figure:
    name: str
    survey: float
    n: int
    reads: str  # what the model reports for it
    note: str = ""


def _deep_share(frame, low: int) -> float:
    collaborating = sum(frame[f"municipal_level_share_{k}"].iloc[-1] for k in (2, 3, 4))
    deep = sum(frame[f"municipal_level_share_{k}"].iloc[-1] for k in range(low, 5))
    return float(deep / collaborating) if collaborating > 0 else float("nan")


FIGURES: tuple[tuple[Figure, Callable], ...] = (
    (Figure("inequalities a priority of own sector", 0.42, RESPONDENTS, "municipal_priority_share: share of sectors prioritising inequalities"),
     lambda frame: float(frame["municipal_priority_share"].iloc[-1])),
    (Figure("works on inequalities", 0.56, RESPONDENTS, "municipal_conscious_share: officers in joint work who are aware of inequalities"),
     lambda frame: float(frame["municipal_conscious_share"].iloc[-1])),
    (Figure("collaborators: joint goals", 0.91, COLLABORATORS, "share of sector-public health pairs in joint work (cooperation or deeper) that work at coordination or deeper (joint goals)",
            "information exchange (99 %) and aligned activities (~93 %) are part of every level of joint work in the model (cooperation and up), so they are 100 % by construction and not compared"),
     lambda frame: _deep_share(frame, 3)),
    (Figure("collaborators: joint execution", 0.78, COLLABORATORS, "share of those pairs that work at integration (joint execution)"),
     lambda frame: _deep_share(frame, 4)),
)


def _run(seed: int) -> list[float]:
    frame = Simulation(load_scenario(SCENARIO), seed=seed).run()
    return [read(frame) for _, read in FIGURES]


def compare(replicates: int = 30, executor: Executor | None = None, seed: int = 1) -> list[dict]:
    """Each figure: survey share with its Wilson interval, model mean with its bootstrap interval, verdict."""
    mapper = executor.map if executor is not None else map
    values = np.array(list(mapper(_run, replicate_seeds(seed, replicates))))
    rng = np.random.default_rng(12345)
    rows = []
    for k, (figure, _) in enumerate(FIGURES):
        v = values[:, k][~np.isnan(values[:, k])]
        means = rng.choice(v, size=(2000, len(v))).mean(axis=1) if len(v) else np.array([np.nan])
        low, high = wilson(figure.survey, figure.n)
        model = float(v.mean()) if len(v) else float("nan")
        rows.append({
            "figure": figure.name, "survey": figure.survey, "n": figure.n, "survey_interval": (low, high),
            "model": model, "model_interval": (float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))),
            "within": bool(low <= model <= high), "reads": figure.reads, "note": figure.note,
        })
    return rows


def markdown(rows: list[dict], replicates: int) -> list[str]:
    lines = [
        "## Out of sample (RIVM2010 figures not used in calibration)",
        "",
        f"`{SCENARIO}`, {replicates} replicates. Survey intervals: Wilson 95 % for the n given; model intervals: 95 % bootstrap",
        "of the mean over replicates. These figures were not calibration targets and nothing is tuned to them.",
        "",
        "| figure | survey [95 % interval] (n) | model [95 % interval] | within the survey interval | what the model reports |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['figure']} | {r['survey']:.0%} [{r['survey_interval'][0]:.0%}, {r['survey_interval'][1]:.0%}] ({r['n']}) | "
            f"{r['model']:.0%} [{r['model_interval'][0]:.0%}, {r['model_interval'][1]:.0%}] | {'yes' if r['within'] else '**no**'} | {r['reads']} |"
        )
    notes = [r["note"] for r in rows if r["note"]]
    hits = sum(r["within"] for r in rows)
    lines += ["", f"{hits} of {len(rows)} figures lie within the survey's interval.", *[f"- {n}" for n in notes], ""]
    return lines
