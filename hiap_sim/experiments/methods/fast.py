"""Extended Fourier amplitude sensitivity test (first-order and total indices)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.experiments.methods._variance import VarianceMethod, first_and_total_rows
from hiap_sim.experiments.methods.base import AnalysisInput, ErrorFactory, factor_names, unusable

if TYPE_CHECKING:
    from hiap_sim.experiments.spec import Experiment


class Fast(VarianceMethod):
    name = "fast"
    label = "FAST"
    title = "extended FAST sensitivity analysis"
    description = "extended Fourier amplitude sensitivity test (S1, ST); samples per parameter > 4*harmonics^2; runs samples*D"
    options = ("harmonics",)
    minimum_samples = 100  # assumption: per parameter, somewhat above the 4 M^2 = 64 that FAST needs at M = 4

    def check(self, experiment: Experiment, factors: int, error: ErrorFactory) -> None:
        if experiment.samples <= 4 * experiment.harmonics**2:
            raise error("samples", f"FAST needs more than 4 * harmonics^2 = {4 * experiment.harmonics**2} samples per parameter "
                        f"(harmonics = {experiment.harmonics}), found {experiment.samples}.")

    def runs_per_sample_size(self, experiment: Experiment, factors: int) -> int | None:
        return factors

    def sample_unit(self, experiment: Experiment, problem: dict[str, Any], seed: int) -> np.ndarray:
        from SALib.sample import fast_sampler

        return fast_sampler.sample(problem, experiment.samples, M=experiment.harmonics, seed=seed)

    def analyse(self, data: AnalysisInput) -> dict[str, list[dict[str, Any]]]:
        from SALib.analyze import fast

        problem_with_y = unusable(data.y)
        if problem_with_y:
            data.note(f"No fast indices for {data.where}: {problem_with_y}.")
            return {}
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="FAST confidence intervals", category=UserWarning)
            si = fast.analyze(data.problem, data.y, M=data.spec["harmonics"], num_resamples=data.resamples, conf_level=data.confidence, seed=data.seed)
        return {self.table: first_and_total_rows(factor_names(data.problem), si)}


METHOD = Fast()
