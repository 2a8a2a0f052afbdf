"""The ``hiap-sim patterns`` command: run the stylized-fact experiments and write a validity report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
errors = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def patterns(
        names: Annotated[list[str] | None, typer.Argument(help="Patterns to run (file names or names, e.g. framing); all when none.")] = None,
        replicates: Annotated[int | None, typer.Option(min=2, help="Replicates per arm (default: each pattern's own, 30).")] = None,
        workers: Annotated[int | None, typer.Option(min=1, help="Local worker processes (default: all cores).")] = None,
        out: Annotated[Path, typer.Option(help="Folder for report.md, results.json, parameters.yaml and figures/.")] = Path("results/validation"),
        overwrite: Annotated[bool, typer.Option(help="Replace an existing report in --out.")] = False,
        list_only: Annotated[bool, typer.Option("--list", help="List the pattern experiments and exit.")] = False,
        knockouts: Annotated[bool, typer.Option("--knockouts", help="Also run each fact with its mechanism(s) switched off, on the same seeds, and report which facts discriminate.")] = False,
        out_of_sample: Annotated[bool, typer.Option(help="Add the RIVM2010 figures not used in calibration, with the survey's intervals.")] = True,
    ) -> None:
        """Run the stylized facts of the sources as experiments and write a validity report.

        Example: [bold]hiap-sim patterns --knockouts --out docs/validation --overwrite[/bold]

        Each pattern (experiments/patterns/*.yaml) runs its arms over replicates with shared
        seeds and applies criteria fixed in advance, each with its smallest effect that counts
        (bootstrap intervals and one-sided bootstrap tests at alpha 0.05). All patterns use the
        same default behavioural parameters. With --knockouts each fact runs again with the
        mechanism said to produce it switched off (the scenario's mechanisms: section); a fact
        that still passes does not discriminate. Facts used to set parameters are reported
        apart as calibration targets. Exit code 1 when a validation pattern fails.
        """
        from hiap_sim.console import fail
        from hiap_sim.scenario import ScenarioError
        from hiap_sim.validation.patterns import load_pattern, pattern_files, run_patterns, write_report

        try:
            files = pattern_files(names)
            loaded = [load_pattern(f) for f in files]
        except ScenarioError as exc:
            fail(str(exc))
        if list_only:
            table = Table(title="Pattern experiments")
            for column in ("fact", "name", "title", "role", "arms", "knockouts", "replicates"):
                table.add_column(column, no_wrap=column in ("fact", "name"), overflow="fold")
            for p in loaded:
                table.add_row(str(p.fact), p.name, p.title, p.role, ", ".join(p.arms), ", ".join(p.knockouts) or "-", str(p.replicates))
            console.print(table)
            return
        if (out / "report.md").exists() and not overwrite:
            fail(f"{out} already holds a report. Choose another --out, or add --overwrite to replace it.")

        extra = sum(len(p.knockouts) for p in loaded) if knockouts else 0
        console.print(f"Running {len(loaded)} patterns" + (f" and {extra} knockouts" if knockouts else "") + f" on {workers or 'all'} worker(s)...")

        def show(result) -> None:
            mark = "[green]pass[/green]" if result.passed else "[red]FAIL[/red]"
            if result.discriminates is not None:
                mark += "  discriminates" if result.discriminates else "  [yellow]does not discriminate[/yellow]"
            role = "" if result.pattern.role == "validation" else "  (calibration target)"
            console.print(f"fact {result.pattern.fact:>2}  {result.pattern.title:<50} {mark}{role}")

        try:
            results, seconds = run_patterns(names, replicates, workers, progress=show, knockouts=knockouts)
            oos = None
            if out_of_sample and not names:
                from concurrent.futures import ProcessPoolExecutor

                from hiap_sim.validation import out_of_sample as oos_module

                n = replicates or 30
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    oos = (oos_module.compare(n, pool), n)
        except ScenarioError as exc:
            fail(str(exc))
        report = write_report(results, out, seconds, replicates, oos)
        validation = [r for r in results if r.pattern.role == "validation"]
        passed = sum(r.passed for r in validation)
        summary = f"\n{passed} of {len(validation)} validation patterns pass"
        if knockouts:
            summary += f", {sum(bool(r.discriminates) for r in validation)} discriminate"
        console.print(summary + f" ({seconds:.0f} s). Report: [bold]{report}[/bold]")
        if passed < len(validation):
            raise typer.Exit(1)
