"""Figures of a run drawn by forked helpers: every figure is drawn, a helper's failure is made up by the main
process, and helpers end when the run stops without data."""

from __future__ import annotations

import os
import threading

from typer.testing import CliRunner

from hiap_sim.cli import app
from hiap_sim.plot_workers import NATIONAL, PlotWorkers


def test_a_run_draws_every_figure(tmp_path):
    result = CliRunner().invoke(app, ["run", "-r", "1", "national_2025", "--months", "12", "--out", str(tmp_path / "run"), "-q"])
    assert result.exit_code == 0, result.output
    for name in NATIONAL:
        assert (tmp_path / "run" / "plots" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_figures_a_helper_could_not_draw_are_drawn_by_the_main_process(tmp_path):
    forking_safe = threading.active_count() == 1  # another test's threads (a web server) make forking unsafe: no helpers
    helpers = PlotWorkers.start(2)
    assert len(helpers.helpers) == (2 if forking_safe else 0)
    helpers.send("not a table", tmp_path, "VWS", {}, NATIONAL)  # the helpers fail on this
    drawn = []
    helpers.finish("not a table", tmp_path, "VWS", {}, NATIONAL, draw_here=lambda name, *_: drawn.append(name))
    assert sorted(drawn) == sorted(NATIONAL)


def test_helpers_end_when_the_run_stops_before_drawing():
    helpers = PlotWorkers.start(2)
    pids = [pid for pid, _ in helpers.helpers]
    helpers.close()  # waits for them
    for pid in pids:
        try:
            os.kill(pid, 0)
            raise AssertionError(f"helper {pid} still runs")
        except ProcessLookupError:
            pass


def test_the_figures_need_no_pandas_and_draw_the_same_from_columns_as_from_a_frame(tmp_path):
    import subprocess
    import sys

    code = "import sys, hiap_sim.plots\nprint('LOADED', [m for m in ('pandas', 'hiap_sim.model', 'mesa') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in result.stdout, result.stderr
    from hiap_sim import plots
    from hiap_sim.runner import run_once
    from hiap_sim.scenario import load_scenario

    frame = run_once(load_scenario("national_2025"), 3, 24).metrics
    for name, source in (("frame", frame), ("columns", plots.columns_of(frame))):
        plots.plot_trust(source, tmp_path / f"trust_{name}.png")
        plots.plot_initiatives(source, tmp_path / f"initiatives_{name}.png")
    assert (tmp_path / "trust_frame.png").read_bytes() == (tmp_path / "trust_columns.png").read_bytes()
    assert (tmp_path / "initiatives_frame.png").read_bytes() == (tmp_path / "initiatives_columns.png").read_bytes()
