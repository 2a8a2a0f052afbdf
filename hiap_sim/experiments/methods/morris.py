"""Morris elementary-effects screening (mu*, sigma) on a grid of levels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.experiments.methods.base import AnalysisInput, ErrorFactory, SweepMethod, factor_names, figure_path, slug, unusable

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis
    from hiap_sim.experiments.precision import PrecisionWarning
    from hiap_sim.experiments.spec import Experiment

TABLE = "morris_indices"
COLUMNS = ["parameter", "mu_star", "mu_star_low", "mu_star_high", "sigma", "mu"]


class Morris(SweepMethod):
    name = "morris"
    title = "Morris elementary-effects screening"
    description = "Morris elementary effects screening (mu*, sigma); samples = number of trajectories; runs samples*(D+1)"
    options = ("levels", "optimal_trajectories")
    supports_groups = True
    minimum_samples = 10  # trajectories; Campolongo et al. (2007) use 10 to 20

    def check(self, experiment: Experiment, factors: int, error: ErrorFactory) -> None:
        n = experiment.samples
        if n < 2:
            raise error("samples", f"Morris screening needs at least 2 trajectories to estimate mu* and sigma, found {n}.")
        levels = experiment.levels or 4
        if levels % 2:
            raise error("levels", f"Morris needs an even number of levels (so that the step is half the range), found {levels}.")
        if experiment.optimal_trajectories is not None and experiment.optimal_trajectories >= n:
            raise error("optimal_trajectories", f"'optimal_trajectories' ({experiment.optimal_trajectories}) must be smaller than 'samples' ({n}), "
                        "the pool it is chosen from.")
        for i, p in enumerate(experiment.parameters):
            if p.distribution in ("normal", "lognormal"):
                raise error(f"parameters.{i}.distribution", f"parameter '{p.label}': Morris moves on a grid whose end levels are the ends of the range, "
                            f"so it needs a bounded distribution (uniform, loguniform, triangular, truncated_normal), found '{p.distribution}'.")

    def runs_per_sample_size(self, experiment: Experiment, factors: int) -> int | None:
        return factors + 1

    def sample_unit(self, experiment: Experiment, problem: dict[str, Any], seed: int) -> np.ndarray:
        from SALib.sample import morris

        return morris.sample(problem, experiment.samples, num_levels=experiment.levels or 4, optimal_trajectories=experiment.optimal_trajectories,
                             local_optimization=True, seed=seed)

    def analyse(self, data: AnalysisInput) -> dict[str, list[dict[str, Any]]]:
        from SALib.analyze import morris

        problem_with_y = unusable(data.y)
        if problem_with_y:
            data.note(f"No morris indices for {data.where}: {problem_with_y}.")
            return {}
        si = morris.analyze(data.problem, data.x, data.y, num_resamples=data.resamples, conf_level=data.confidence,
                            num_levels=data.spec["levels"] or 4, seed=data.seed)
        rows = []
        for k, name in enumerate(factor_names(data.problem)):
            mu_star, conf = float(si["mu_star"][k]), float(si["mu_star_conf"][k])
            rows.append({"parameter": name, "mu": float(si["mu"][k]), "mu_star": mu_star, "mu_star_conf": conf,
                         "mu_star_low": mu_star - conf, "mu_star_high": mu_star + conf, "sigma": float(si["sigma"][k])})
        return {TABLE: rows}

    def precision_warnings(self, analysis: Analysis) -> list[PrecisionWarning]:
        from hiap_sim.experiments.precision import morris_warnings

        table = analysis.tables.get(TABLE)
        return [] if table is None or table.empty else morris_warnings(analysis, table, self.minimum_samples)

    def figures(self, analysis: Analysis, confidence: float) -> None:
        from hiap_sim.experiments import figures

        table = analysis.tables.get(TABLE)
        if table is None or table.empty:
            return
        results = analysis.results
        several = len(results.scenarios) > 1
        for scenario in results.scenarios:
            for output in results.outputs:
                t = table[(table["scenario"] == scenario) & (table["output"] == output)]
                if t.empty:
                    continue
                suffix = f"_{slug(scenario)}" if several else ""
                path = figures.morris_figure(t, f"Morris screening of {output}" + (f" ({scenario})" if several else ""),
                                             figure_path(analysis, f"morris{suffix}_{slug(output)}"), confidence)
                analysis.figures.append(path)
                analysis.main_figure = analysis.main_figure or path

    def findings(self, analysis: Analysis, confidence: float) -> list[str]:
        from hiap_sim.experiments.precision import inactive, unreliable
        from hiap_sim.experiments.tables import noise_warning

        table = analysis.tables.get(TABLE)
        if table is None or table.empty:
            return []
        several = len(analysis.results.scenarios) > 1
        lines = []
        skip = inactive(analysis)
        for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
            off = f" Inactive in this scenario (not ranked): {', '.join(f'`{n}`' for n in t['parameter'] if n in skip)}." if skip else ""
            t = t[~t["parameter"].isin(skip)]
            ranked = list(t.sort_values("mu_star", ascending=False).itertuples(index=False))
            if not ranked:
                continue
            biggest = ranked[0].mu_star if ranked[0].mu_star > 0 else 1.0
            warnings = [w for w in unreliable(analysis, scenario, output) if w.kind in ("small_sample", "wide_intervals")]
            if warnings:
                clear = [r for r in ranked if r.mu_star_low >= 0.1 * biggest]
                wanted = max((w.suggested_samples or 0) for w in warnings)
                where = f" in `{scenario}`" if several else ""
                lines.append(f"- **{output}**{where}: the mu* intervals do not support an order at this number of trajectories (see Precision); "
                             + ("parameters whose mu* interval lies above a tenth of the largest all the same: "
                                + ", ".join(f"`{r.parameter}`" for r in clear[:8]) if clear else "no parameter stands out clearly")
                             + (f". Run again with --samples {wanted}." if wanted else ".") + off)
                continue
            important = [r for r in ranked if r.mu_star >= 0.1 * biggest]
            negligible = [r.parameter for r in ranked if r.mu_star_high < 0.05 * biggest]
            nonlinear = [r.parameter for r in important if r.sigma > r.mu_star]
            where = f" in `{scenario}`" if several else ""
            text = (f"- **{output}**{where}: {len(important)} of {len(ranked)} parameters have mu* of at least a tenth of the largest; in order: "
                    + ", ".join(f"`{r.parameter}` ({r.mu_star:.3g})" for r in important[:8]) + ("..." if len(important) > 8 else "") + ".")
            if nonlinear:
                shown = ", ".join(f"`{n}`" for n in nonlinear[:8]) + (f" and {len(nonlinear) - 8} more" if len(nonlinear) > 8 else "")
                text += f" Non-linear or interacting (sigma > mu*): {shown}."
            if negligible:
                text += f" Screened out (mu* interval below 5 % of the largest): {len(negligible)} parameters."
            text += off + noise_warning(analysis, scenario, output)
            lines.append(text)
        return lines

    def report_intro(self, confidence: float) -> list[str]:
        return ["mu* is the mean absolute change of the output when a parameter moves over its range (ranks importance); sigma is "
                "the spread of those changes (non-linearity or interaction). Morris ranks parameters; it does not apportion variance.", ""]

    def report_output(self, analysis: Analysis, scenario: str, output: str, figures_by_name: dict[str, str]) -> list[str]:
        from hiap_sim.experiments.tables import markdown_table

        table = analysis.tables.get(TABLE)
        if table is None:
            return []
        t = table[(table["scenario"] == scenario) & (table["output"] == output)]
        if t.empty:
            return []
        from hiap_sim.experiments.precision import inactive

        skip = inactive(analysis)
        t = t.assign(status=["inactive in this scenario" if p in skip else "" for p in t["parameter"]])
        t = t.assign(_off=t["status"] != "").sort_values(["_off", "mu_star"], ascending=[True, False])
        out = [markdown_table(t, COLUMNS + (["status"] if skip else [])), ""]
        several = len(analysis.results.scenarios) > 1
        name = slug(f"morris{'_' + scenario if several else ''}_{output}") + ".png"
        if name in figures_by_name:
            out += [f"![morris {output}]({figures_by_name[name]})", ""]
        return out


METHOD = Morris()
