"""Latin hypercube exploration, read through RBD-FAST first-order indices and rank correlations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.experiments.methods._ranks import ExploratoryMethod
from hiap_sim.experiments.methods.base import AnalysisInput, ErrorFactory, unusable

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis
    from hiap_sim.experiments.spec import Experiment

RBD_HARMONICS = 10  # SALib's default M for RBD-FAST
TABLE = "rbd_fast_indices"


class Latin(ExploratoryMethod):
    name = "latin"
    title = "Latin hypercube exploration"
    description = "Latin hypercube exploration (RBD-FAST first-order indices and rank correlations); runs = samples"
    minimum_samples = 50  # assumption: rank correlations of +/-0.3 are distinguishable from 0 from about 50 samples

    def check(self, experiment: Experiment, factors: int, error: ErrorFactory) -> None:
        if experiment.samples < 2:
            raise error("samples", f"a Latin hypercube needs at least 2 samples, found {experiment.samples}.")

    def runs_per_sample_size(self, experiment: Experiment, factors: int) -> int | None:
        return 1

    def sample_unit(self, experiment: Experiment, problem: dict[str, Any], seed: int) -> np.ndarray:
        from SALib.sample import latin

        return latin.sample(problem, experiment.samples, seed=seed)

    def analyse(self, data: AnalysisInput) -> dict[str, list[dict[str, Any]]]:
        problem_with_y = unusable(data.y)
        if problem_with_y:
            data.note(f"No RBD-FAST indices for {data.where}: {problem_with_y}.")
            return {}
        if len(data.y) <= 4 * RBD_HARMONICS:  # its bootstrap uses half the samples and needs more than 2M of them
            data.note(f"No RBD-FAST indices for {data.where}: it needs more than {4 * RBD_HARMONICS} samples, found {len(data.y)}.")
            return {}
        from SALib.analyze import rbd_fast

        si = rbd_fast.analyze(data.problem, data.x, data.y, M=RBD_HARMONICS, num_resamples=data.resamples, conf_level=data.confidence, seed=data.seed)
        rows = []
        for k, name in enumerate(data.problem["names"]):
            s1, conf = float(si["S1"][k]), float(si["S1_conf"][k])
            rows.append({"parameter": name, "S1": s1, "S1_conf": conf, "S1_low": s1 - conf, "S1_high": s1 + conf})
        return {TABLE: rows}

    def report_output(self, analysis: Analysis, scenario: str, output: str, figures_by_name: dict[str, str]) -> list[str]:
        from hiap_sim.experiments.tables import markdown_table

        out: list[str] = []
        table = analysis.tables.get(TABLE)
        if table is not None:
            t = table[(table["scenario"] == scenario) & (table["output"] == output)]
            if not t.empty:
                out += ["RBD-FAST first-order indices:", "", markdown_table(t.sort_values("S1", ascending=False), ["parameter", "S1", "S1_low", "S1_high"]), ""]
        return out + super().report_output(analysis, scenario, output, figures_by_name)


METHOD = Latin()
