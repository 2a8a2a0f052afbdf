"""Shared by the exploratory methods (Latin hypercube, grid): rank-correlation figures, findings and tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiap_sim.experiments.methods.base import SweepMethod, figure_path, slug
from hiap_sim.experiments.precision import inactive

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis


class ExploratoryMethod(SweepMethod):
    """A design read through rank correlations rather than variance indices."""

    always_report_outputs = True

    def figures(self, analysis: Analysis, confidence: float) -> None:
        from hiap_sim.experiments import figures

        ranks = analysis.tables.get("rank_correlations")
        if ranks is None:
            return
        results = analysis.results
        several = len(results.scenarios) > 1
        for scenario in results.scenarios:
            for output in results.outputs:
                t = ranks[(ranks["scenario"] == scenario) & (ranks["output"] == output)].dropna(subset=["rho"])
                t = t[~t["parameter"].isin(inactive(analysis))]  # an inactive parameter's correlation is chance alone
                if not t.empty:
                    suffix = f"_{slug(scenario)}" if several else ""
                    analysis.figures.append(figures.rank_correlation_figure(t, f"Rank correlations with {output}",
                                                                            figure_path(analysis, f"rank{suffix}_{slug(output)}"), confidence))

    def findings(self, analysis: Analysis, confidence: float) -> list[str]:
        ranks = analysis.tables.get("rank_correlations")
        if ranks is None or ranks.empty:
            return []
        several = len(analysis.results.scenarios) > 1
        skip = inactive(analysis)
        lines = []
        for (scenario, output), t in ranks.dropna(subset=["rho"]).groupby(["scenario", "output"], sort=False):
            t = t[~t["parameter"].isin(skip)]
            supported = t[(t["rho_low"] > 0) | (t["rho_high"] < 0)]  # intervals that exclude 0
            strongest = supported.reindex(supported["rho"].abs().sort_values(ascending=False).index).head(3)
            where = f" in `{scenario}`" if several else ""
            off = f" Inactive in this scenario (not ranked): {', '.join(f'`{n}`' for n in skip)}." if skip else ""
            if strongest.empty:
                lines.append(f"- **{output}**{where}: no rank correlation whose interval excludes 0.{off}")
                continue
            lines.append(f"- **{output}**{where}: strongest rank correlations " + ", ".join(
                f"`{r.parameter}` ({r.rho:+.2f} [{r.rho_low:+.2f}, {r.rho_high:+.2f}])" for r in strongest.itertuples(index=False)) + "." + off)
        return lines

    def report_output(self, analysis: Analysis, scenario: str, output: str, figures_by_name: dict[str, str]) -> list[str]:
        from hiap_sim.experiments.tables import markdown_table

        ranks = analysis.tables.get("rank_correlations")
        if ranks is None:
            return []
        t = ranks[(ranks["scenario"] == scenario) & (ranks["output"] == output)].dropna(subset=["rho"])
        if t.empty:
            return []
        skip = inactive(analysis)
        t = t.assign(status=["inactive in this scenario" if p in skip else "" for p in t["parameter"]])
        t = t.assign(_off=t["status"] != "", _size=t["rho"].abs()).sort_values(["_off", "_size"], ascending=[True, False])
        return ["Spearman rank correlations:", "", markdown_table(t, ["parameter", "rho", "rho_low", "rho_high", "n"] + (["status"] if skip else [])), ""]
