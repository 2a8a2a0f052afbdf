"""The ``hiap-sim`` command: run scenarios, check and document scenario files, and more."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from hiap_sim import __version__
from hiap_sim.console import console, errors, fail

# Heavy modules (the model, pandas, matplotlib, the scenario schema) are imported inside the commands that
# use them, so that 'hiap-sim --help' and the light commands start at once.

app = typer.Typer(
    name="hiap-sim",
    help=(
        "Simulate how Dutch ministries, civil servants and municipalities cooperate on Health in All Policies.\n\n"
        "Example: hiap-sim run national_2025 --seed 7 --replicates 10"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


def version_callback(value: bool) -> None:
    if value:
        console.print(f"hiap-sim {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Simulate cooperation on Health in All Policies (scenarios, games, sensitivity analysis)."""


@app.command()
def run(
    scenario: Annotated[str, typer.Argument(help="Scenario file (YAML) or the name of a shipped scenario, e.g. national_2025.")] = "national_2025",
    seed: Annotated[int | None, typer.Option(min=0, max=2**32 - 1, help="Random seed (default: the scenario's seed). Same scenario + seed = identical output.")] = None,
    months: Annotated[int | None, typer.Option(min=1, max=3612, help="Simulate this many months instead of the scenario's horizon.")] = None,
    replicates: Annotated[int | None, typer.Option("--replicates", "-r", min=1, max=10_000, help="Run K seeds (derived from --seed; default: the scenario's 'replicates', 10 unless it says otherwise): the summary and plots show the mean and the 5-95 % band. -r 1 gives a single run.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write into this folder instead of a new numbered folder under results/.")] = None,
    results: Annotated[Path, typer.Option(help="Folder under which numbered run folders are made.")] = Path("results"),
    overwrite: Annotated[bool, typer.Option(help="Allow --out to replace a folder that already holds files.")] = False,
    plots: Annotated[bool, typer.Option(help="Write PNG plots.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the run folder.")] = False,
    vary_parameters: Annotated[bool, typer.Option("--vary-parameters", help="Propagate parameter uncertainty too: each replicate draws every behavioural parameter uniformly from its plausible range (hiap-sim schema --behavioural); the band then holds both seed noise and parameter uncertainty.")] = False,
) -> None:
    """Run a scenario and write time series, events, summary.json and plots.

    Example: [bold]hiap-sim run national_2025 --seed 7 --replicates 10[/bold]

    The run folder (results/<scenario>_seed<seed>_NNN) holds timeseries.csv/.parquet, events.csv,
    summary.json, the fully resolved scenario.yaml and plots/*.png. A second run never overwrites the first.
    """
    from hiap_sim.plot_workers import MUNICIPAL, NATIONAL, PlotWorkers

    # first of all: the helpers import matplotlib while this process imports and runs the model
    # (see hiap_sim.plot_workers); forking after pandas would make them start a quarter of a second later.
    # main() has started them already, before parsing the command line, when it saw a run with plots.
    helpers = _EARLY_PLOT_HELPERS.pop() if _EARLY_PLOT_HELPERS else None
    if helpers is not None and not plots:
        helpers.close()
    if helpers is None or not plots:
        helpers = PlotWorkers.start() if plots else PlotWorkers([])
    import pandas as pd
    try:
        _run(scenario, seed, months, replicates, out, results, overwrite, plots, quiet, helpers, pd, NATIONAL, MUNICIPAL, vary_parameters)
    finally:
        helpers.close()


def _run(scenario: str, seed: int | None, months: int | None, replicates: int | None, out: Path | None, results: Path, overwrite: bool,
         plots: bool, quiet: bool, helpers, pd, national: tuple[str, ...], municipal: tuple[str, ...], vary_parameters: bool = False) -> None:
    from hiap_sim.output import OutputExistsError, UnsafeNameError, new_run_folder
    from hiap_sim.runner import ParallelReplicates, parameter_draws, replicate_seeds
    from hiap_sim.scenario import ScenarioError, resolve_scenario

    _imports_done()

    try:
        spec, provenance = resolve_scenario(scenario)
    except ScenarioError as exc:
        fail(str(exc))
    if spec.mechanisms.off():
        errors.print(f"Note: mechanisms switched off for validation: {', '.join(spec.mechanisms.off())}. A policy run leaves every mechanism on.")
    base_seed = spec.seed if seed is None else seed
    horizon = months or spec.months
    try:
        folder = new_run_folder(results, spec.name, base_seed, out, overwrite)
    except (OutputExistsError, UnsafeNameError) as exc:
        fail(str(exc))
    replicates = replicates or spec.replicates
    seeds = replicate_seeds(base_seed, replicates)
    scenarios, drawn = parameter_draws(spec, seeds, base_seed) if vary_parameters else (spec, {})
    done = []
    interrupted = False
    try:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with ParallelReplicates(scenarios, seeds, horizon) as runs, Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=errors,
                disable=quiet or replicates == 1) as progress:
            task = progress.add_task(f"Running {spec.name}", total=replicates)
            for result in runs.results():
                done.append(result)
                progress.advance(task)
    except KeyboardInterrupt:
        interrupted = True
        if not done:
            errors.print(f"Interrupted before the first run finished; nothing written (empty folder {folder}).")
            raise typer.Exit(130) from None
    from hiap_sim.output import write_run

    metrics = pd.concat([d.metrics for d in done], ignore_index=True)
    events = pd.concat([d.events for d in done], ignore_index=True)
    municipalities = pd.concat([d.municipalities for d in done], ignore_index=True) if done[0].municipalities is not None else None
    figures = national + (municipal if municipalities is not None else ())
    health = spec.parameters.health
    drawing = (metrics, folder / "plots", spec.coordinator,
               {"initial_gap_years": health.initial_gap_years, "target_reduction": health.target_reduction, "target_year": health.target_year}, figures)
    if plots:
        helpers.send(*drawing)  # the helpers draw while this process writes the other files
    uncertainty = {"parameters_drawn": len(drawn), "draws": "uniform over each behavioural parameter's plausible range, one draw per replicate",
                   "ranges": {path: list(bounds) for path, bounds in drawn.items()}} if vary_parameters else None
    summary = write_run(folder, spec, provenance, metrics, events, [d.seed for d in done], horizon, municipalities=municipalities,
                        parameter_uncertainty=uncertainty)
    if plots:
        helpers.finish(*drawing)
    if quiet:
        console.print(str(folder))
    else:
        print_summary(summary, spec.name, len(done), len(drawn))
        if "municipalities" in summary:
            print_municipal_summary(summary, len(done))
        console.print(f"\nResults written to [bold]{folder}[/bold]" + (" (plots in plots/)" if plots else ""))
    if interrupted:
        errors.print(f"Interrupted: {len(done)} of {replicates} replicates finished and were saved.")
        raise typer.Exit(130)


def print_summary(summary: dict, name: str, replicates: int, drawn: int = 0) -> None:
    from hiap_sim.output import SUMMARY_METRICS, format_value

    outcomes = summary["outcomes"]
    title = f"{name}: {summary['start']} + {summary['months']} months, " + (f"seed {summary['seed']}" if replicates == 1 else f"{replicates} replicates (mean, 5-95 %)")
    if drawn:
        title += f"; {drawn} behavioural parameters drawn from their plausible ranges"
    table = Table(title=title, title_justify="left")
    table.add_column("outcome", overflow="fold")
    table.add_column("start", justify="right")
    table.add_column("end", justify="right")
    table.add_column("change", justify="right")
    if replicates > 1:
        table.add_column("end 5-95 %", justify="right")
    for column, label, fmt in SUMMARY_METRICS:
        o = outcomes[column]
        change = format_value(o["change"], fmt)
        cells = [label, format_value(o["start"], fmt), format_value(o["end"], fmt), ("+" if o["change"] is not None and o["change"] >= 0 else "") + change]
        if replicates > 1:
            cells.append(f"{format_value(o['end_low'], fmt)} .. {format_value(o['end_high'], fmt)}")
        table.add_row(*cells)
    console.print(table)


def print_municipal_summary(summary: dict, replicates: int) -> None:
    """Per-municipality table and sector collaboration with public health (scenarios with municipalities)."""
    from hiap_sim.scenario.municipal import MATURITY_STAGES

    note = "" if replicates == 1 else f" (mean of {replicates} replicates)"
    table = Table(title=f"Municipalities at the end{note} / Gemeenten aan het eind", title_justify="left")
    for column in ("municipality", "class", "maturity", "support", "lead", "sectors", "initiatives", "grants"):
        table.add_column(column, justify="left" if column in ("municipality", "class") else "right")
    rows = summary["municipalities"]
    shown = rows if len(rows) <= 40 else rows[:40]
    for r in shown:
        stage = f"{r['maturity']:.1f}" if replicates > 1 else f"{int(r['maturity'])} {MATURITY_STAGES[int(r['maturity']) - 1]}"
        lead = ("yes" if r["has_lead"] else "no") if replicates == 1 else f"{r['has_lead']:.0%}"
        table.add_row(r["municipality"], r["size_class"], stage, f"{r['alderman_support']:.2f}", lead,
                      f"{r['sectors_collaborating']:.1f}", f"{r['initiatives_active']:.1f}", f"{r['grants_held']:.1f}")
    table.caption = "support: alderman support (0-1); sectors: other sectors working with public health (of 11)"
    if len(rows) > len(shown):
        table.caption += f"; {len(rows) - len(shown)} more municipalities in municipalities.csv"
    console.print(table)
    sectors = Table(title="Sector officers collaborating with public health / Samenwerking met publieke gezondheid", title_justify="left")
    for column in ("sector", "simulated", "level (0-4)", "RIVM 2009"):
        sectors.add_column(column, justify="left" if column == "sector" else "right")
    for name, r in summary["sector_collaboration"].items():
        sectors.add_row(name.replace("_", " "), f"{r['simulated']:.0%}", f"{r['level']:.2f}", f"{r['rivm2010']:.0%}")
    console.print(sectors)


@app.command()
def validate(files: Annotated[list[str], typer.Argument(help="Scenario files or shipped scenario names.")]) -> None:
    """Check scenario files without running them.

    Example: [bold]hiap-sim validate my_scenario.yaml[/bold]

    Reports each problem on its own line: file, line and column, field, what was expected and what was found.
    """
    from hiap_sim.scenario import ScenarioError, resolve_scenario

    bad = 0
    for name in files:
        try:
            spec, provenance = resolve_scenario(name)
            console.print(f"[green]OK[/green] {escape(provenance['file'])}: '{escape(spec.name)}', {spec.start} to {spec.end}, {len(spec.departments)} departments")
        except ScenarioError as exc:
            bad += 1
            report_problems(exc)
    if bad:
        raise typer.Exit(2)


def report_problems(exc: Exception) -> None:
    """Print a file's problems, one per line, after a count."""
    problems = getattr(exc, "problems", None) or []
    if len(problems) > 1:
        errors.print(f"[bold red]Error:[/bold red] {len(problems)} problems:", highlight=False)
        for line in str(exc).splitlines():
            errors.print(f"  {escape(line)}", highlight=False, soft_wrap=True)
    else:
        errors.print(f"[bold red]Error:[/bold red] {escape(str(exc))}", highlight=False, soft_wrap=True)


@app.command()
def schema(
    filter: Annotated[str | None, typer.Argument(help="Show only parameters whose path contains this text, e.g. 'trust'.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table (for documentation).")] = False,
    behavioural: Annotated[bool, typer.Option("--behavioural", help="Show only the behavioural parameters (rules' weights, rates, probabilities, thresholds).")] = False,
) -> None:
    """List every scenario parameter with its default, range, unit, meaning and source; a behavioural parameter
    also with its plausible range and the evidence for it.

    Example: [bold]hiap-sim schema levers[/bold], [bold]hiap-sim schema --behavioural trust[/bold]
    """
    from hiap_sim.scenario.docs import parameter_docs, schema_markdown

    if markdown:
        console.print(schema_markdown(), markup=False, highlight=False, soft_wrap=True)
        return
    rows = [d for d in parameter_docs() if (not filter or filter in d.path) and (not behavioural or d.role == "behavioural")]
    title = "Scenario parameters (<KEY> = a department code or topic name, <N> = a list position)"
    if console.width < 120:  # too narrow for a table with whole names: one parameter per block
        console.print(title, style="bold", highlight=False)
        for d in rows:
            detail = "; ".join(x for x in (f"default {d.default}", " ".join(x for x in (d.range, d.unit) if x), d.source and f"source: {d.source}") if x)
            block = f"[bold]{escape(d.path)}[/bold]  ({escape(detail)})\n    {escape(d.description)}"
            if d.role == "behavioural":
                block += f"\n    plausible {escape(d.plausible_text or '-')} ({d.basis}): {escape(d.evidence or '-')}"
            console.print(block, highlight=False)
        return
    table = Table(title=title, show_lines=False)
    for column in ("parameter", "default", "range / unit", "plausible", "description", "source", "evidence"):
        table.add_column(column, no_wrap=column == "parameter", overflow="fold")
    for d in rows:
        plausible = f"{d.plausible_text} ({d.basis})" if d.role == "behavioural" else ""
        table.add_row(d.path, d.default, " ".join(x for x in (d.range, d.unit) if x), plausible, d.description, d.source, d.evidence)
    console.print(table)


@app.command()
def scenarios() -> None:
    """List the shipped scenarios.

    Example: [bold]hiap-sim scenarios[/bold]
    """
    from hiap_sim.scenario import ScenarioError, resolve_scenario
    from hiap_sim.scenario.loader import shipped_scenarios

    table = Table(title="Shipped scenarios")
    table.add_column("name", no_wrap=True)
    table.add_column("period")
    table.add_column("description", overflow="fold")
    for name in shipped_scenarios():
        try:
            spec, _ = resolve_scenario(name)
            table.add_row(name, f"{spec.start} .. {spec.end}", " ".join(spec.description.split()))
        except ScenarioError as exc:
            table.add_row(name, "-", f"[red]invalid: {escape(str(exc))}[/red]")
    console.print(table)


@app.command()
def metrics() -> None:
    """List the outcome metrics collected every month (names usable as sweep outputs).

    Example: [bold]hiap-sim metrics[/bold]
    """
    from hiap_sim.metrics import METRICS

    table = Table(title="Outcome metrics (one column each in timeseries.csv; plus trust_with_<CODE> per department)")
    table.add_column("name", no_wrap=True)
    table.add_column("unit")
    table.add_column("meaning", overflow="fold")
    for name, (meaning, unit) in METRICS.items():
        table.add_row(name, unit, meaning)
    console.print(table)
    from hiap_sim.metrics import MUNICIPAL_METRICS

    table = Table(title="Municipal metrics (scenarios with municipalities; per municipality: municipalities.csv)")
    table.add_column("name", no_wrap=True)
    table.add_column("unit")
    table.add_column("meaning", overflow="fold")
    for name, (meaning, unit) in MUNICIPAL_METRICS.items():
        table.add_row(name, unit, meaning)
    console.print(table)


from hiap_sim.experiments.cli import register as register_experiment_commands  # noqa: E402

register_experiment_commands(app)

from hiap_sim.validation.cli import register as register_validation_commands  # noqa: E402

register_validation_commands(app)

from hiap_sim.game.cli import register as register_game_commands  # noqa: E402

register_game_commands(app)

from hiap_sim.web.cli import register as register_web_commands  # noqa: E402

register_web_commands(app)


_EARLY_PLOT_HELPERS: list = []  # plot helpers started by main() for the run command (at most one PlotWorkers)
_GC_PAUSED: list[bool] = []  # main() paused the garbage collector for the imports of a run


def _imports_done() -> None:
    """After the imports of a run: the collector back on, never again scanning what the imports made.

    Imports make some hundred thousand objects and no garbage, yet set off the cyclic garbage collector again
    and again, each time scanning all that was imported before (about a tenth of a run's import time)."""
    import gc

    if _GC_PAUSED:
        _GC_PAUSED.clear()
        gc.freeze()
        gc.enable()


def _run_with_plots(args: list[str]) -> bool:
    """Whether the command line asks for a run that draws figures (so that helpers can start before it is parsed)."""
    return bool(args) and args[0] == "run" and not any(a in ("--no-plots", "--help", "-h") for a in args)


def _sweep_on_local_processes(args: list[str]) -> bool:
    """Whether the command line asks for a sweep that will run on local worker processes."""
    if not args or args[0] != "sweep" or any(a in ("--dry-run", "--help") or a.startswith("--address") for a in args):
        return False
    for i, a in enumerate(args):
        kind = args[i + 1] if a in ("-e", "--executor") and i + 1 < len(args) else a.partition("=")[2] if a.startswith("--executor=") else None
        if kind is not None and kind != "processes":
            return False
    return True


def main() -> None:
    """Entry point of the console script."""
    if _sweep_on_local_processes(sys.argv[1:]):
        from hiap_sim.experiments.executors import start_fork_server

        start_fork_server()  # at once: the worker processes' imports overlap with everything this process does first
    elif sys.argv[1:2] == ["run"]:
        import gc

        gc.disable()  # until the run's imports are done (see _imports_done); the plot helpers inherit this
        _GC_PAUSED.append(True)
        if _run_with_plots(sys.argv[1:]):
            from hiap_sim.plot_workers import PlotWorkers

            _EARLY_PLOT_HELPERS.append(PlotWorkers.start())  # at once, for the same reason; see run()
    try:
        if sys.argv[1:2] and sys.argv[1] in ("play", "resume", "debrief"):  # only the game's commands speak Dutch
            from hiap_sim.game.usage import run as run_localised
            from hiap_sim.game.usage import usage_language

            lang = usage_language(sys.argv[1:])
            if lang != "en":
                sys.exit(run_localised(app, lang))  # the game's usage errors in the player's language
        app()
    except KeyboardInterrupt:
        errors.print("Interrupted.")
        sys.exit(130)
    finally:
        while _EARLY_PLOT_HELPERS:  # not taken by run(): the command line was wrong
            _EARLY_PLOT_HELPERS.pop().close()
        _imports_done()


if __name__ == "__main__":  # python -m hiap_sim.cli
    main()
