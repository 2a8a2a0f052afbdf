"""Sobol' variance decomposition (Saltelli sampling; first-order, total and optional second-order indices)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.experiments.methods._variance import VarianceMethod, first_and_total_rows
from hiap_sim.experiments.methods.base import AnalysisInput, ErrorFactory, factor_names, unusable

if TYPE_CHECKING:
    from hiap_sim.experiments.spec import Experiment


def _power_of_two(n: int) -> bool:
    return n >= 1 and (n & (n - 1)) == 0


class Sobol(VarianceMethod):
    name = "sobol"
    label = "Sobol'"
    title = "Sobol' variance-based sensitivity analysis"
    description = ("Sobol' variance decomposition: first-order (S1), total (ST) and optional second-order (S2) indices; "
                   "samples = N, a power of 2; runs N*(D+2), or N*(2D+2) with second order")
    options = ("second_order",)
    supports_groups = True
    minimum_samples = 64  # assumption: below this the bootstrap intervals of ST are typically wider than 0.1
    power_of_two = True

    def check(self, experiment: Experiment, factors: int, error: ErrorFactory) -> None:
        n = experiment.samples
        if not _power_of_two(n):
            lower = 2 ** int(math.log2(n)) if n >= 1 else 1
            raise error("samples", f"Sobol' sampling needs a power of 2 (e.g. {lower} or {lower * 2}), found {n}. "
                        "Other sizes break the balance of the Sobol' sequence and bias the indices.")
        if n < 4:
            raise error("samples", f"Sobol' analysis needs at least 4 base samples to estimate indices and intervals, found {n}.")

    def runs_per_sample_size(self, experiment: Experiment, factors: int) -> int | None:
        return 2 * factors + 2 if experiment.second_order else factors + 2

    def sample_unit(self, experiment: Experiment, problem: dict[str, Any], seed: int) -> np.ndarray:
        from SALib.sample import sobol

        return sobol.sample(problem, experiment.samples, calc_second_order=experiment.second_order, scramble=True, seed=seed)

    def analyse(self, data: AnalysisInput) -> dict[str, list[dict[str, Any]]]:
        from SALib.analyze import sobol

        problem_with_y = unusable(data.y)
        if problem_with_y:
            data.note(f"No sobol indices for {data.where}: {problem_with_y}.")
            return {}
        second_order = bool(data.spec["second_order"])
        with np.errstate(divide="ignore", invalid="ignore"):
            si = sobol.analyze(data.problem, data.y, calc_second_order=second_order, num_resamples=data.resamples,
                               conf_level=data.confidence, seed=data.seed)
        names = factor_names(data.problem)
        tables = {self.table: first_and_total_rows(names, si)}
        if second_order:
            seconds = []
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    value, conf = float(si["S2"][i, j]), float(si["S2_conf"][i, j])
                    seconds.append({"parameter_1": names[i], "parameter_2": names[j], "S2": value, "S2_conf": conf,
                                    "S2_low": value - conf, "S2_high": value + conf})
            tables["sobol_second_order"] = seconds
        return tables


METHOD = Sobol()
