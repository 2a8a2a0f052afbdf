"""Shared by the variance-based methods (Sobol', FAST): S1/ST rows, bar figures, findings, report tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hiap_sim.experiments.methods.base import SweepMethod, figure_path, slug

if TYPE_CHECKING:
    from hiap_sim.experiments.analysis import Analysis
    from hiap_sim.experiments.precision import PrecisionWarning


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

    power_of_two = False

    def precision_warnings(self, analysis: Analysis) -> list[PrecisionWarning]:
        from hiap_sim.experiments.precision import variance_warnings

        table = analysis.tables.get(self.table)
        return [] if table is None or table.empty else variance_warnings(analysis, table, self.minimum_samples, self.power_of_two)

    def findings(self, analysis: Analysis, confidence: float) -> list[str]:
        from hiap_sim.experiments.precision import inactive, unreliable
        from hiap_sim.experiments.tables import interval_text, noise_warning

        table = analysis.tables.get(self.table)
        if table is None or table.empty:
            return []
        several = len(analysis.results.scenarios) > 1
        skip = inactive(analysis)
        lines = []
        for (scenario, output), t in table.groupby(["scenario", "output"], sort=False):
            where = f" in `{scenario}`" if several else ""
            off = f" Inactive in this scenario (not ranked): {', '.join(f'`{n}`' for n in t['parameter'] if n in skip)}." if skip else ""
            t = t[~t["parameter"].isin(skip)]
            ranked = list(t.sort_values("ST", ascending=False).itertuples(index=False))
            if not ranked:
                continue
            warnings = [w for w in unreliable(analysis, scenario, output) if w.kind != "seed_noise"]  # mild noise: a caution in the sentence
            clear = [r for r in ranked if r.ST_low > 0.05]
            if warnings:
                wanted = max((w.suggested_samples or 0) for w in warnings)
                text = (f"- **{output}**{where}: the intervals do not support a ranking at this sample size (see Precision)"
                        + (f"; parameters whose ST interval lies above 0.05 all the same: {', '.join(f'`{r.parameter}` ({interval_text(r, 'ST')})' for r in clear)}"
                           if clear else "; no parameter's ST interval lies clearly above 0.05")
                        + (f". Run again with --samples {wanted} before drawing conclusions." if wanted else ".") + off)
                lines.append(text)
                continue
            top = ranked[0]
            second = ""
            if len(ranked) > 1:
                runner_up = ranked[1]
                apart = top.ST_low > runner_up.ST_high
                second = (f"; then `{runner_up.parameter}` (ST {interval_text(runner_up, 'ST')})" if apart else
                          f"; `{runner_up.parameter}` (ST {interval_text(runner_up, 'ST')}) cannot be told apart from it (the intervals overlap)")
            interactions = float(t["ST"].sum() - t["S1"].sum())
            negligible = [r.parameter for r in ranked if r.ST_high < 0.05]
            text = (f"- **{output}**{where}: the largest total effect is `{top.parameter}` (ST {interval_text(top, 'ST')}, first order "
                    f"S1 {interval_text(top, 'S1')}){second}. Sum of S1 = {t['S1'].sum():.2f}; interactions (sum ST - sum S1) = {interactions:.2f}.")
            if negligible:
                text += f" Negligible (upper bound of ST below 0.05): {', '.join(f'`{n}`' for n in negligible)}."
            text += off + noise_warning(analysis, scenario, output)
            lines.append(text)
        return lines

    def report_intro(self, confidence: float) -> list[str]:
        return ["S1 is the share of the output's variance due to a parameter alone; ST includes all its interactions. "
                f"Intervals are {confidence:.0%} bootstrap intervals; a wide interval means more samples are needed.", ""]

    def report_output(self, analysis: Analysis, scenario: str, output: str, figures_by_name: dict[str, str]) -> list[str]:
        from hiap_sim.experiments.tables import markdown_table

        table = analysis.tables.get(self.table)
        if table is None:
            return []
        t = table[(table["scenario"] == scenario) & (table["output"] == output)]
        if t.empty:
            return []
        from hiap_sim.experiments.precision import inactive

        skip = inactive(analysis)
        t = t.assign(status=["inactive in this scenario" if p in skip else "" for p in t["parameter"]])
        t = t.assign(_off=t["status"] != "").sort_values(["_off", "ST"], ascending=[True, False])
        columns = ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"] + (["status"] if skip else [])
        out = [markdown_table(t, columns), ""]
        several = len(analysis.results.scenarios) > 1
        name = slug(f"{self.name}{'_' + scenario if several else ''}_{output}") + ".png"
        if name in figures_by_name:
            out += [f"![{self.name} {output}]({figures_by_name[name]})", ""]
        return out
