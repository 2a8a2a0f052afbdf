"""Shared by the variance-based methods (Sobol', FAST): S1/ST rows, bar figures, findings, report tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hiap_sim.experiments.methods.base import SweepMethod, figure_path, slug

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis


def first_and_total_rows(names: list[str], si: Any) -> list[dict[str, Any]]:
    """Rows with S1 and ST, their half-widths and intervals, from a SALib result."""
    rows = []
    for k, name in enumerate(names):
        row: dict[str, Any] = {"parameter": name}
        for index in ("S1", "ST"):
            value, conf = float(si[index][k]), float(si[f"{index}_conf"][k])
            row.update({index: value, f"{index}_conf": conf, f"{index}_low": value - conf, f"{index}_high": value + conf})
        rows.append(row)
    return rows


class VarianceMethod(SweepMethod):
    """A method with first-order (S1) and total (ST) indices; ``label`` names them in figures."""

    label = ""

    @property
    def table(self) -> str:
        return f"{self.name}_indices"

    def figures(self, analysis: Analysis, confidence: float) -> None:
        from hiap_sim.experiments import figures

        table = analysis.tables.get(self.table)
        if table is None or table.empty:
            return
        results = analysis.results
        several = len(results.scenarios) > 1
        name = results.manifest["experiment"]["name"]
        for scenario in results.scenarios:
            per = {o: table[(table["scenario"] == scenario) & (table["output"] == o)] for o in results.outputs}
            per = {o: t for o, t in per.items() if not t.empty}
            suffix = f"_{slug(scenario)}" if several else ""
            for output, t in per.items():
                analysis.figures.append(figures.sobol_figure(t, f"{self.label} indices of {output}" + (f" ({scenario})" if several else ""),
                                                             figure_path(analysis, f"{self.name}{suffix}_{slug(output)}"), confidence))
            if per:
                path = figures.sobol_overview(per, f"{name}: {self.label} sensitivity indices ({scenario})",
                                              figure_path(analysis, f"{self.name}{suffix}_overview"), confidence)
                analysis.figures.append(path)
                analysis.main_figure = analysis.main_figure or path

    def findings(self, analysis: Analysis, confidence: float) -> list[str]:
        from hiap_sim.experiments.report import interval_text, noise_warning

        table = analysis.tables.get(self.table)
        if table is None or table.empty:
            return []
        several = len(analysis.results.scenarios) > 1
        lines = []
        for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
            ranked = list(t.sort_values("ST", ascending=False).itertuples(index=False))
            top = ranked[0]
            second = f"; then `{ranked[1].parameter}` (ST {interval_text(ranked[1], 'ST')})" if len(ranked) > 1 else ""
            interactions = float(t["ST"].sum() - t["S1"].sum())
            negligible = [r.parameter for r in ranked if r.ST_high < 0.05]
            where = f" in `{scenario}`" if several else ""
            text = (f"- **{output}**{where}: the largest total effect is `{top.parameter}` (ST {interval_text(top, 'ST')}, first order "
                    f"S1 {interval_text(top, 'S1')}){second}. Sum of S1 = {t['S1'].sum():.2f}; interactions (sum ST - sum S1) = {interactions:.2f}.")
            if negligible:
                text += f" Negligible (upper bound of ST below 0.05): {', '.join(f'`{n}`' for n in negligible)}."
            text += noise_warning(analysis, scenario, output)
            lines.append(text)
        return lines

    def report_intro(self, confidence: float) -> list[str]:
        return ["S1 is the share of the output's variance due to a parameter alone; ST includes all its interactions. "
                f"Intervals are {confidence:.0%} bootstrap intervals; a wide interval means more samples are needed.", ""]

    def report_output(self, analysis: Analysis, scenario: str, output: str, figures_by_name: dict[str, str]) -> list[str]:
        from hiap_sim.experiments.report import markdown_table

        table = analysis.tables.get(self.table)
        if table is None:
            return []
        t = table[(table["scenario"] == scenario) & (table["output"] == output)]
        if t.empty:
            return []
        out = [markdown_table(t.sort_values("ST", ascending=False), ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]), ""]
        several = len(analysis.results.scenarios) > 1
        name = slug(f"{self.name}{'_' + scenario if several else ''}_{output}") + ".png"
        if name in figures_by_name:
            out += [f"![{self.name} {output}]({figures_by_name[name]})", ""]
        return out
