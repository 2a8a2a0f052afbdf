"""What a sweep method provides: checks, sampler, indices, figures, findings and its part of the report.

Every hook has a neutral default, so a method module states only what is its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis
    from hiap_sim.experiments.precision import PrecisionWarning
    from hiap_sim.experiments.spec import Experiment, ParameterSpec

ErrorFactory = Callable[[str, str], Exception]  # (field, message) -> an ExperimentError to raise
ToValues = Callable[["ParameterSpec", np.ndarray], np.ndarray]  # unit interval -> parameter values


@dataclass(frozen=True)
class AnalysisInput:
    """One output of one scenario as a method's analysis sees it: the sample matrix and the replicate means."""

    problem: dict[str, Any]  # SALib problem on the unit cube (names, bounds, groups)
    x: np.ndarray  # sampled parameter values, one row per sample
    y: np.ndarray  # the output averaged over replicates, one value per sample (NaN: no successful run)
    spec: dict[str, Any]  # the experiment, as stored in the manifest
    confidence: float
    resamples: int
    seed: int
    where: str  # e.g. "'trust_cross_final' in scenario 'national_2025'", for notes
    note: Callable[[str], None]  # adds a note to the report


def unusable(y: np.ndarray) -> str | None:
    """Why an output vector cannot go into a SALib estimator, or None."""
    missing = int(np.isnan(y).sum())
    if missing:
        return f"{missing} of {len(y)} samples have no successful run"
    if np.ptp(y) == 0:
        return "the output is the same in every sample (no variance to decompose)"
    return None


def factor_names(problem: dict[str, Any]) -> list[str]:
    """Names SALib reports indices for: the groups (in order of appearance) or the parameters."""
    groups = problem.get("groups")
    return list(dict.fromkeys(groups)) if groups else list(problem["names"])


def slug(text: str) -> str:
    """A file-name-safe version of a name."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


class SweepMethod:
    """A sampling and analysis method of ``hiap-sim sweep``; subclass it in ``methods/<name>.py`` as ``METHOD``."""

    name: str = ""
    title: str = ""  # for the report: "Sobol' variance-based sensitivity analysis"
    description: str = ""  # for error messages and the schema: what 'samples' means, how many runs
    options: tuple[str, ...] = ()  # experiment settings that belong to this method only
    takes_samples: bool = True  # False: the design is fixed by the parameters (grid)
    supports_groups: bool = False
    uses_levels: bool = False  # parameters give 'levels' or 'points' instead of a distribution
    minimum_samples: int = 0  # below this N the report warns that the sample is small (0: never)
    always_report_outputs: bool = False  # a 'Results by output' section even when the method made no index table

    # ------------------------------------------------------------------ design
    def check(self, experiment: Experiment, factors: int, error: ErrorFactory) -> None:
        """Checks of the sample size and the method's own options; raise ``error(field, message)``."""

    def sample_unit(self, experiment: Experiment, problem: dict[str, Any], seed: int) -> np.ndarray:
        """The sample matrix on the unit cube."""
        raise NotImplementedError

    def sample_values(self, experiment: Experiment, problem: dict[str, Any], seed: int, to_values: ToValues) -> np.ndarray:
        """The sample matrix of parameter values (default: the unit-cube sample through each distribution)."""
        unit = self.sample_unit(experiment, problem, seed)
        return np.column_stack([to_values(p, unit[:, k]) for k, p in enumerate(experiment.parameters)])

    def runs_per_sample_size(self, experiment: Experiment, factors: int) -> int | None:
        """Parameter sets per unit of 'samples' (e.g. D + 2 for Sobol'), or None when not proportional."""
        return None

    # ------------------------------------------------------------------ analysis
    def analyse(self, data: AnalysisInput) -> dict[str, list[dict[str, Any]]]:
        """Index rows of one output, by table name (e.g. 'sobol_indices'); notes through ``data.note``."""
        return {}

    def precision_warnings(self, analysis: Analysis) -> list[PrecisionWarning]:
        """Reasons not to read the indices at face value (small N, wide intervals, implausible estimates)."""
        from hiap_sim.experiments.precision import sample_count_warnings

        return sample_count_warnings(analysis, self.minimum_samples)

    def figures(self, analysis: Analysis, confidence: float) -> None:
        """Add the method's figures to ``analysis.figures`` (and ``analysis.main_figure`` when it has one)."""

    def findings(self, analysis: Analysis, confidence: float) -> list[str]:
        """Data-driven sentences of the main findings (Markdown list items)."""
        return []

    def report_intro(self, confidence: float) -> list[str]:
        """How to read the method's indices (first lines of 'Results by output')."""
        return []

    def report_output(self, analysis: Analysis, scenario: str, output: str, figures_by_name: dict[str, str]) -> list[str]:
        """The method's tables and figures of one output in 'Results by output'."""
        return []

    def report_after_outputs(self, analysis: Analysis) -> list[str]:
        """Anything the method reports after the outputs (e.g. main effects of a grid)."""
        return []

    def has_results(self, analysis: Analysis) -> bool:
        """Whether the report gets a 'Results by output' section."""
        return self.always_report_outputs or any(
            not t.empty for name, t in analysis.tables.items() if name.endswith("_indices"))


def figure_path(analysis: Analysis, stem: str) -> Path:
    """Where a figure of the analysis goes."""
    return analysis.folder / "figures" / f"{stem}.png"
