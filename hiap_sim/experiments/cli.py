"""The ``hiap-sim sweep``, ``hiap-sim analyze`` and ``hiap-sim experiments`` commands."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table


class ExecutorChoice(StrEnum):
    """Where the runs of a sweep execute."""

    processes = "processes"
    dask = "dask"
    serial = "serial"


def register(app: typer.Typer) -> None:
    """Add the sensitivity-analysis commands to the ``hiap-sim`` app."""
    app.command()(sweep)
    app.command()(analyze)
    app.command()(experiments)


def sweep(
    experiment: Annotated[str, typer.Argument(help="Experiment file (YAML) or the name of a shipped experiment, e.g. sobol_national.")],
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: all cores) or local Dask workers.")] = None,
    executor: Annotated[ExecutorChoice | None, typer.Option("--executor", "-e", help="Where runs execute (default: the experiment's, usually processes).")] = None,
    address: Annotated[str | None, typer.Option(help="HOST:PORT of a running Dask scheduler (implies --executor dask).")] = None,
    results: Annotated[Path, typer.Option(help="Folder under which results/<experiment name>/ is made.")] = Path("results"),
    out: Annotated[Path | None, typer.Option(help="Write into this folder instead of results/<experiment name>/.")] = None,
    max_runs: Annotated[int | None, typer.Option(min=1, help="Stop after this many runs; the same command continues later.")] = None,
    retry_failed: Annotated[bool, typer.Option(help="Run again the runs that failed in an earlier session.")] = False,
    analyze_after: Annotated[bool, typer.Option("--analyze/--no-analyze", help="Analyse the folder when the sweep is complete.")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the experiment and show the plan without running anything.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; print only the result folder (for CI).")] = False,
    flush_every: Annotated[int, typer.Option(min=1, hidden=True, help="Write a part file every N finished runs (or every 5 s).")] = 100,
) -> None:
    """Run a sensitivity sweep: sample the parameters, run every sample x replicate, stream results to a folder.

    Example: [bold]hiap-sim sweep sobol_national --workers 2[/bold]

    The experiment is checked against its scenario before any run. Results go to results/<experiment>/ (manifest, sample matrix, per-run Parquet parts). Interrupt with Ctrl-C at any time: the same command continues where it stopped, without running a finished run twice. When complete, the folder is analysed as by 'hiap-sim analyze'.
    """
    from hiap_sim.cli import console, errors, fail

    if not dry_run and (executor is None or executor.value == "processes") and address is None:
        from hiap_sim.experiments.executors import start_fork_server

        start_fork_server()  # in the background, while the experiment is read and checked
    from hiap_sim.experiments.design import prepare
    from hiap_sim.experiments.spec import load_experiment
    from hiap_sim.experiments.store import default_folder, read_runs
    from hiap_sim.experiments.sweep import SweepInterrupted, SweepProgress, run_sweep
    from hiap_sim.scenario import ScenarioError

    kind = executor.value if executor else None
    if address and kind not in (None, "dask"):
        fail(f"--address connects to a Dask scheduler, but --executor is '{kind}'. Use --executor dask (or leave it out) with --address.")
    if address:
        kind = "dask"
    try:
        spec, path = load_experiment(experiment)
        design = prepare(spec, path)
    except ScenarioError as exc:
        fail(str(exc))
    folder = out or default_folder(results, spec.name)
    if dry_run:
        finished = len(read_runs(folder, columns=["run_id", "status"])) if (folder / "manifest.json").is_file() else 0
        table = Table(title=f"Plan of {spec.name} ({path})", show_header=False, title_justify="left")
        for key, value in (
            ("method", spec.method), ("scenarios", ", ".join(design.scenario_names)), ("parameters", str(len(spec.parameters))),
            ("parameter sets", f"{design.n_local} per scenario"), ("replicates", str(spec.replicates)), ("runs", str(design.n_runs)),
            ("outputs", ", ".join(design.output_labels)), ("folder", f"{folder} ({finished} runs already finished)" if finished else str(folder)),
            ("executor", kind or spec.executor),
        ):
            table.add_row(key, value)
        console.print(table)
        console.print("Nothing was run (--dry-run).")
        return

    state = {"bar": None, "task": None, "started": time.monotonic(), "first": None}
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TextColumn("failed {task.fields[failed]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=errors, disable=quiet, transient=False,
    )

    def show(p: SweepProgress) -> None:
        if state["task"] is None:
            state["task"] = progress.add_task(spec.name, total=p.total, completed=p.finished, rate="", failed=p.failed)
            state["first"] = p.finished
            state["started"] = time.monotonic()
            return
        elapsed = max(time.monotonic() - state["started"], 1e-9)
        progress.update(state["task"], completed=p.finished, failed=p.failed, rate=f"{p.ran / elapsed:.1f} runs/s")

    try:
        with progress:
            outcome = run_sweep(design, executor=kind, workers=workers, address=address, out=folder, max_runs=max_runs,
                                retry_failed=retry_failed, progress=show, flush_every=flush_every)
    except SweepInterrupted as stop:
        o = stop.outcome
        errors.print(f"Interrupted: {o.finished} of {o.total} runs are saved in {o.folder}. Run the same command again to continue.")
        raise typer.Exit(130) from None
    except ScenarioError as exc:
        fail(str(exc))
    for warning in outcome.warnings:
        errors.print(f"[yellow]Warning:[/yellow] {warning}")
    if outcome.stopped_reason:
        errors.print(f"[bold red]Stopped:[/bold red] {outcome.stopped_reason}")
        raise typer.Exit(1)
    if not quiet:
        console.print(f"{outcome.ran} runs in {outcome.elapsed_s:.1f} s on {outcome.executor}; {outcome.finished} of {outcome.total} finished"
                      + (f", {outcome.failed} failed (listed in the report)" if outcome.failed else "") + f". Results: [bold]{outcome.folder}[/bold]")
    if not outcome.complete and not quiet:
        console.print(f"{outcome.total - outcome.finished} runs remain; run the same command again to continue.")
    elif outcome.complete and analyze_after:
        _analyze(outcome.folder, figures=True, quiet=quiet, silent=quiet)
    if quiet:
        console.print(str(outcome.folder))


def analyze(
    result_dir: Annotated[Path, typer.Argument(help="A result folder written by 'hiap-sim sweep', e.g. results/sobol_national.")],
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Write PNG figures.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the report path.")] = False,
) -> None:
    """Analyse a sweep's result folder: index tables (CSV) with intervals, figures (PNG) and report.md.

    Example: [bold]hiap-sim analyze results/sobol_national[/bold]

    Works from the folder alone (no experiment or scenario files needed) and can be run again at any time, also on an unfinished sweep (then only what is there is analysed).
    """
    _analyze(result_dir, figures=figures, quiet=quiet)


def _analyze(folder: Path, figures: bool, quiet: bool, silent: bool = False) -> None:
    from hiap_sim.cli import console, errors, fail
    from hiap_sim.experiments.analysis import analyze as run_analysis
    from hiap_sim.experiments.report import findings
    from hiap_sim.scenario import ScenarioError

    try:
        analysis = run_analysis(folder, make_figures=figures)
    except ScenarioError as exc:
        fail(str(exc))
    if silent:
        return
    if quiet:
        console.print(str(analysis.report))
        return
    confidence = float(analysis.results.manifest["experiment"]["spec"]["analysis"]["confidence"])
    for line in findings(analysis, confidence):
        console.print(line.replace("**", "").replace("`", ""), highlight=False, soft_wrap=True)
    for note in analysis.notes:
        errors.print(f"[yellow]Note:[/yellow] {note}", soft_wrap=True)
    console.print(f"Report: [bold]{analysis.report}[/bold]; tables in {analysis.folder / 'tables'}; "
                  f"{len(analysis.figures)} figures in {analysis.folder / 'figures'}" + (f" (main: {analysis.main_figure.name})" if analysis.main_figure else ""))


def experiments() -> None:
    """List the shipped experiment files with their method and number of runs.

    Example: [bold]hiap-sim experiments[/bold]
    """
    from hiap_sim.cli import console
    from hiap_sim.experiments.design import prepare
    from hiap_sim.experiments.spec import load_experiment, shipped_experiments
    from hiap_sim.scenario import ScenarioError

    rows = []
    for name in shipped_experiments():
        try:
            spec, path = load_experiment(name)
            design = prepare(spec, path)
            summary = " ".join(spec.description.split()).split(". ")[0].split(": ")[0]
            rows.append((name, spec.method, "\n".join(design.scenario_names), str(len(spec.parameters)), str(design.n_runs), escape(summary)))
        except ScenarioError as exc:
            rows.append((name, "-", "-", "-", "-", f"[red]invalid: {escape(str(exc))}[/red]"))
    title = "Shipped experiments (run one with: hiap-sim sweep NAME)"
    if console.width < 120:  # too narrow for a table with whole names: one experiment per block
        console.print(title, style="bold", highlight=False)
        for name, method, scenarios, parameters, runs, summary in rows:
            console.print(f"[bold]{name}[/bold]  ({method}, {parameters} parameters, {runs} runs; {scenarios.replace(chr(10), ', ')})\n    {summary}",
                          highlight=False)
        return
    table = Table(title=title)
    for column in ("name", "method", "scenarios", "parameters", "runs", "description"):
        # names whole (they are typed on the command line); the description folds
        table.add_column(column, no_wrap=column != "description", overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
