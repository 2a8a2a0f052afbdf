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
    app.command()(compare)
    app.command()(discover)


def sweep(
    experiment: Annotated[str, typer.Argument(help="Experiment file (YAML) or the name of a shipped experiment, e.g. sobol_national.")],
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: all cores) or local Dask workers.")] = None,
    samples: Annotated[int | None, typer.Option("--samples", "-n", min=1, help="Override the experiment's sample size N (recorded in the manifest; default folder results/<name>-samplesN).")] = None,
    replicates: Annotated[int | None, typer.Option("--replicates", "-r", min=1, help="Override the experiment's replicates per parameter set (recorded in the manifest).")] = None,
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

    Example: [bold]hiap-sim sweep sobol_national --workers 2[/bold]; a quick, smaller study: [bold]hiap-sim sweep sobol_national --samples 32[/bold]

    The experiment is checked against its scenario before any run. Results go to results/<experiment>/ (manifest, sample matrix, per-run Parquet parts). Interrupt with Ctrl-C at any time: the same command continues where it stopped, without running a finished run twice. When complete, the folder is analysed as by 'hiap-sim analyze'.
    """
    from hiap_sim.console import console, errors, fail

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
        design = prepare(spec, path, samples=samples, replicates=replicates)
    except ScenarioError as exc:
        fail(str(exc))
    spec = design.experiment
    folder = out or default_folder(results, spec.name, design.overrides)
    for name, reason in design.inactive.items():
        errors.print(f"[yellow]Inactive parameter:[/yellow] '{name}' cannot affect this scenario: {reason}. Its indices will be reported as "
                     "'inactive in this scenario', not ranked.", highlight=False, soft_wrap=True)
    if dry_run:
        finished = len(read_runs(folder, columns=["run_id", "status"])) if (folder / "manifest.json").is_file() else 0
        table = Table(title=f"Plan of {spec.name} ({path})", show_header=False, title_justify="left")
        for key, value in (
            ("method", spec.method), ("scenarios", ", ".join(design.scenario_names)), ("parameters", str(len(spec.parameters))),
            ("parameter sets", f"{design.n_local} per scenario"), ("replicates", str(spec.replicates)), ("runs", str(design.n_runs)),
            ("overrides", ", ".join(f"{k} = {v}" for k, v in design.overrides.items()) or "none"),
            ("inactive", ", ".join(design.inactive) or "none"),
            ("time series", (", ".join(spec.timeseries.metrics) + f" (every {spec.timeseries.every} month(s))") if spec.timeseries else "none"),
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
    clusters: Annotated[int | None, typer.Option(min=0, max=12, help="Also draw outcome bundles for this many clusters of similar trajectories (needs kept time series).")] = None,
) -> None:
    """Analyse a sweep's result folder: index tables (CSV) with intervals, figures (PNG) and report.md.

    Example: [bold]hiap-sim analyze results/sobol_national[/bold]

    Works from the folder alone (no experiment or scenario files needed) and can be run again at any time, also on an unfinished sweep (then only what is there is analysed).
    """
    _analyze(result_dir, figures=figures, quiet=quiet, clusters=clusters)


def _analyze(folder: Path, figures: bool, quiet: bool, silent: bool = False, clusters: int | None = None) -> None:
    from hiap_sim.console import console, errors, fail
    from hiap_sim.experiments.analysis import analyze as run_analysis
    from hiap_sim.experiments.report import findings
    from hiap_sim.scenario import ScenarioError

    try:
        analysis = run_analysis(folder, make_figures=figures, clusters=clusters)
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
    for warning in analysis.precision:
        errors.print(f"[yellow]Precision ({warning.output}):[/yellow] {warning.text}", highlight=False, soft_wrap=True)
    for note in analysis.notes:
        errors.print(f"[yellow]Note:[/yellow] {note}", soft_wrap=True)
    console.print(f"Report: [bold]{analysis.report}[/bold]; tables in {analysis.folder / 'tables'}; "
                  f"{len(analysis.figures)} figures in {analysis.folder / 'figures'}" + (f" (main: {analysis.main_figure.name})" if analysis.main_figure else ""))


def experiments() -> None:
    """List the shipped experiment files with their method and number of runs.

    Example: [bold]hiap-sim experiments[/bold]
    """
    from hiap_sim.console import console
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


def compare(
    scenarios: Annotated[list[str], typer.Argument(help="Two or more scenario files or shipped names; the first is the reference (A).")],
    replicates: Annotated[int, typer.Option("--replicates", "-r", min=2, help="Seeds per scenario: replicate r has the same seed in every scenario.")] = 50,
    seed: Annotated[int, typer.Option(min=0, help="Seed from which the replicates' seeds derive (numpy SeedSequence).")] = 2025,
    months: Annotated[int | None, typer.Option(min=1, help="Simulate this many months instead of each scenario's horizon.")] = None,
    metric: Annotated[list[str] | None, typer.Option("--metric", "-m", help="Outcome to compare (repeat for several; default: health gap, HiaP index, trust, initiatives, small wins, acceptance).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: all cores).")] = None,
    executor: Annotated[ExecutorChoice | None, typer.Option("--executor", "-e", help="Where runs execute (default: processes).")] = None,
    results: Annotated[Path, typer.Option(help="Folder under which results/compare_<A>_vs_<B>.../ is made.")] = Path("results"),
    out: Annotated[Path | None, typer.Option(help="Write into this folder instead.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; print only the result folder.")] = False,
) -> None:
    """Compare scenarios on common random numbers: does B (and C ...) do better than A, seed for seed?

    Example: [bold]hiap-sim compare national_2025 national_2025_coordinating_minister --replicates 50[/bold]

    Every scenario runs on the same seeds, so each seed gives one paired difference. The report gives each outcome's mean difference from A with a paired interval, the share of seeds on which the variant does better, and plots (differences, shares, outcome bundles). The folder is an ordinary sweep result folder: the same command continues an interrupted comparison and never overwrites another.
    """
    from hiap_sim.console import console, errors, fail
    from hiap_sim.experiments.analysis import analyze as run_analysis
    from hiap_sim.experiments.compare import comparison_experiment
    from hiap_sim.experiments.design import prepare
    from hiap_sim.experiments.store import default_folder
    from hiap_sim.experiments.sweep import SweepInterrupted, SweepProgress, run_sweep
    from hiap_sim.scenario import ScenarioError

    if len(scenarios) < 2:
        fail(f"compare needs at least two scenarios (the first is the reference), found {len(scenarios)}: {' '.join(scenarios) or 'none'}.")
    try:
        spec = comparison_experiment(scenarios, replicates, seed, months, metric)
        design = prepare(spec)
    except ScenarioError as exc:
        import re

        text = re.sub(r"Problem at field 'scenarios\.(\d+)'", lambda m: f"Problem with scenario argument {int(m.group(1)) + 1}", str(exc))
        fail(re.sub(r"Problem at field 'outputs\.(\d+)\.metric'", lambda m: f"Problem with --metric number {int(m.group(1)) + 1}", text))
    folder = out or default_folder(results, f"{spec.name}_r{replicates}_seed{seed}")
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=errors, disable=quiet)
    state: dict[str, int] = {}

    def show(p: SweepProgress) -> None:
        if "task" not in state:
            state["task"] = progress.add_task(f"compare ({len(scenarios)} scenarios x {replicates} seeds)", total=p.total, completed=p.finished)
        progress.update(state["task"], completed=p.finished)

    try:
        with progress:
            outcome = run_sweep(design, executor=executor.value if executor else None, workers=workers, out=folder, progress=show)
    except SweepInterrupted as stop:
        errors.print(f"Interrupted: {stop.outcome.finished} of {stop.outcome.total} runs are saved in {stop.outcome.folder}. Run the same command again to continue.")
        raise typer.Exit(130) from None
    except ScenarioError as exc:
        fail(str(exc))
    if outcome.stopped_reason:
        errors.print(f"[bold red]Stopped:[/bold red] {outcome.stopped_reason}")
        raise typer.Exit(1)
    analysis = run_analysis(outcome.folder)
    if quiet:
        console.print(str(outcome.folder))
        return
    differences = analysis.tables.get("scenario_differences")
    confidence = float(spec.analysis.confidence)
    if differences is not None and not differences.empty:
        table = Table(title=f"Difference from {differences['reference'].iloc[0]} over {replicates} paired seeds ({confidence:.0%} intervals)", title_justify="left")
        for column in ("variant", "outcome", "B - A [interval]", "B better", "verdict"):
            table.add_column(column, justify="left" if column in ("variant", "outcome", "verdict") else "right", overflow="fold")
        colours = {"better": "green", "worse": "red"}
        from hiap_sim.experiments.figures import scenario_labels

        short = dict(zip(analysis.results.scenarios, scenario_labels(analysis.results.scenarios), strict=True))
        for r in differences.itertuples(index=False):
            table.add_row(short[r.scenario], r.output, f"{r.difference:+.3g} [{r.low:+.3g}, {r.high:+.3g}]",
                          f"{r.share_better:.0%}", f"[{colours.get(r.verdict, 'white')}]{r.verdict}[/]")
        table.caption = "B better: share of seeds on which the variant does better than A (more, or less where less is better)"
        console.print(table)
    console.print(f"Report: [bold]{analysis.report}[/bold]; figures in {analysis.folder / 'figures'}")


class Direction(StrEnum):
    """Which side of the threshold is the outcome of interest."""

    above = "above"
    below = "below"


def discover(
    result_dir: Annotated[Path, typer.Argument(help="A result folder written by 'hiap-sim sweep' (with varied parameters, e.g. a Latin hypercube).")],
    outcome: Annotated[str, typer.Option("--outcome", "-o", help="Output of the sweep (its column name, or a metric that one output reduces), e.g. health_gap_reduction_final.")],
    threshold: Annotated[float, typer.Option("--threshold", "-t", help="Runs with the outcome at or beyond this value are the cases of interest, e.g. 0.3.")],
    direction: Annotated[Direction, typer.Option(help="'above': outcome >= threshold is of interest; 'below': outcome <= threshold.")] = Direction.above,
    box: Annotated[int | None, typer.Option(min=0, help="Report this box of the peeling trajectory (default: the densest with coverage >= --min-coverage).")] = None,
    min_coverage: Annotated[float, typer.Option(min=0.0, max=1.0, help="Smallest coverage of the automatically chosen box.")] = 0.5,
    simplify: Annotated[bool, typer.Option("--simplify/--keep-all-restrictions", help="Drop the chosen box's restrictions that the data do not support (quasi-p > 0.05).")] = True,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Write PNG figures.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the report path.")] = False,
) -> None:
    """Scenario discovery: which combinations of parameters make an outcome of interest occur? (PRIM, CART, feature scores)

    Example: [bold]hiap-sim discover results/discovery_2040 --outcome health_gap_reduction_final --threshold 0.3[/bold]

    Works from the result folder alone and writes discovery/<outcome>_<direction>_<threshold>/ inside it: report.md (the chosen box with its limits, quasi-p-values, coverage and density; the peeling trajectory; a CART tree; feature scores), tables and figures.
    """
    from hiap_sim.console import console, fail
    from hiap_sim.experiments.discover import discover as run_discovery
    from hiap_sim.scenario import ScenarioError

    try:
        found = run_discovery(result_dir, outcome, threshold, direction=direction.value, box=box, min_coverage=min_coverage,
                              simplify=simplify, make_figures=figures)
    except ScenarioError as exc:
        fail(str(exc))
    if quiet:
        console.print(str(found.report))
        return
    b = found.box
    console.print(f"{found.cases} of {found.runs} runs ({found.cases / found.runs:.0%}) have {found.question}.")
    if found.dropped:
        console.print(f"Box {found.peeled_box} without its unsupported restrictions ({', '.join(found.dropped)}) is box {found.chosen}.", highlight=False)
    console.print(f"Chosen box {found.chosen}: coverage {b['coverage']:.0%}, density {b['density']:.0%}, mass {b['mass']:.0%}, "
                  f"{int(b['res_dim'])} restricted dimensions.", highlight=False)
    table = Table(title="Limits of the chosen box", title_justify="left")
    for column in ("parameter", "box", "range swept", "quasi-p"):
        table.add_column(column, overflow="fold")
    for r in found.limits.itertuples(index=False):
        qps = ", ".join(f"{q:.2g}" for q in (r.qp_lower, r.qp_upper) if q == q)
        if r.full_min == "":
            table.add_row(r.parameter, str(r.box_min), "", qps)
        else:
            table.add_row(r.parameter, f"{r.box_min:.3g} .. {r.box_max:.3g}", f"{r.full_min:.3g} .. {r.full_max:.3g}", qps + ("" if r.significant else " (not supported)"))
    console.print(table)
    console.print("Feature scores: " + ", ".join(f"{r.parameter} {r.score:.2f}" for r in found.scores.head(5).itertuples(index=False)), highlight=False)
    console.print(f"Report: [bold]{found.report}[/bold]")
