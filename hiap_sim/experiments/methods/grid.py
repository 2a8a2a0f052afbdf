"""Full factorial grid over parameter levels (or the listed scenarios alone), read through main effects."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats

from hiap_sim.experiments.methods._ranks import ExploratoryMethod
from hiap_sim.experiments.methods.base import AnalysisInput, ErrorFactory, ToValues

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis
    from hiap_sim.experiments.spec import Experiment, ParameterSpec

TABLE = "main_effects"


def grid_levels(spec: ParameterSpec) -> list[float]:
    """The values of a parameter on a grid: its levels, or evenly spaced points between the bounds."""
    if spec.levels is not None:
        return list(spec.levels)
    return [float(v) for v in np.linspace(spec.bounds[0], spec.bounds[1], spec.points)]


class Grid(ExploratoryMethod):
    name = "grid"
    title = "full factorial grid"
    description = "full factorial grid over parameter levels (or the listed scenarios alone); runs = product of levels"
    takes_samples = False
    uses_levels = True

    def check(self, experiment: Experiment, factors: int, error: ErrorFactory) -> None:
        if experiment.samples is not None:
            raise error("samples", "method 'grid' takes no sample size: the grid is the product of each parameter's 'levels' or 'points'. Remove 'samples'.")

    def sample_values(self, experiment: Experiment, problem: dict[str, Any], seed: int, to_values: ToValues) -> np.ndarray:
        if not experiment.parameters:
            return np.zeros((1, 0))
        return np.array(list(itertools.product(*(grid_levels(p) for p in experiment.parameters))), dtype=float)

    def analyse(self, data: AnalysisInput) -> dict[str, list[dict[str, Any]]]:
        rows = []
        finite = np.isfinite(data.y)
        for k, name in enumerate(data.problem["names"]):
            for level in np.unique(data.x[:, k]):
                values = data.y[(data.x[:, k] == level) & finite]
                if not len(values):
                    rows.append({"parameter": name, "level": float(level), "mean": float("nan"), "low": float("nan"), "high": float("nan"), "samples": 0})
                    continue
                sem = values.std(ddof=1) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
                half = stats.t.ppf(0.5 + data.confidence / 2, max(len(values) - 1, 1)) * sem
                rows.append({"parameter": name, "level": float(level), "mean": float(values.mean()), "low": float(values.mean() - half),
                             "high": float(values.mean() + half), "samples": int(len(values))})
        return {TABLE: rows}

    def report_after_outputs(self, analysis: Analysis) -> list[str]:
        from hiap_sim.experiments.tables import markdown_table

        effects = analysis.tables.get(TABLE)
        if effects is None or effects.empty:
            return []
        return ["### Main effects (mean output at each level)", "",
                markdown_table(effects, ["scenario", "output", "parameter", "level", "mean", "low", "high", "samples"]), ""]


METHOD = Grid()
