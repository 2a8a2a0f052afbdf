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
    ) -> None:
        """Run the stylized facts of the sources as experiments and write a validity report.

        Example: [bold]hiap-sim patterns --out docs/validation --overwrite[/bold]

        Each pattern (experiments/patterns/*.yaml) runs its arms over replicates with shared seeds and applies
        a criterion fixed in advance (bootstrap interval or paired Wilcoxon test). All patterns use the same
        default behavioural parameters. Exit code 1 when a pattern fails.
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
            for column in ("fact", "name", "title", "source", "arms", "replicates"):
                table.add_column(column, no_wrap=column in ("fact", "name"), overflow="fold")
            for p in loaded:
                table.add_row(str(p.fact), p.name, p.title, p.source, ", ".join(p.arms), str(p.replicates))
            console.print(table)
            return
        if (out / "report.md").exists() and not overwrite:
            fail(f"{out} already holds a report. Choose another --out, or add --overwrite to replace it.")

        def show(result) -> None:
            mark = "[green]pass[/green]" if result.passed else "[red]FAIL[/red]"
            console.print(f"fact {result.pattern.fact:>2}  {result.pattern.title:<50} {mark}")

        try:
            results, seconds = run_patterns(names, replicates, workers, progress=show)
        except ScenarioError as exc:
            fail(str(exc))
        report = write_report(results, out, seconds, replicates)
        passed = sum(r.passed for r in results)
        console.print(f"\n{passed} of {len(results)} patterns pass ({seconds:.0f} s). Report: [bold]{report}[/bold]")
        if passed < len(results):
            raise typer.Exit(1)
