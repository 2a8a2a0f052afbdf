"""A command line that starts at once: the heavy modules are imported only by the commands that use them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hiap_sim.cli import _sweep_on_local_processes

HEAVY = ("pandas", "mesa", "matplotlib", "scipy", "hiap_sim.model", "dask", "distributed", "fastapi", "SALib", "pyarrow", "pydantic")


def test_the_command_line_module_imports_nothing_heavy():
    code = f"import sys, hiap_sim.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_help_lists_every_command_without_loading_the_model():
    code = ("import sys\nfrom hiap_sim.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in result.stdout, result.stdout[-500:]
    for command in ("run", "validate", "sweep", "play", "resume", "serve", "patterns"):
        assert command in result.stdout


def test_the_console_script_loads_nothing_heavy_for_help():
    """Through main(), as the console script runs it: only the game's commands load the game's text for Dutch usage errors."""
    code = ("import sys\nsys.argv = ['hiap-sim', '--help']\nfrom hiap_sim.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in result.stdout, result.stdout[-500:]


@pytest.mark.parametrize(("args", "expected"), [
    (["sweep", "sobol_national"], True),
    (["sweep", "x.yaml", "--workers", "2", "-e", "processes"], True),
    (["sweep", "x.yaml", "--executor", "serial"], False),
    (["sweep", "x.yaml", "--executor=dask"], False),
    (["sweep", "x.yaml", "--address", "host:8786"], False),
    (["sweep", "x.yaml", "--dry-run"], False),
    (["run", "national_2025"], False),
    ([], False),
])
def test_the_fork_server_starts_early_only_for_sweeps_on_local_processes(args, expected):
    assert _sweep_on_local_processes(args) is expected


def test_the_model_imports_only_the_parts_of_mesa_it_uses_and_the_rest_stays_available():
    code = ("import sys, hiap_sim.model\n"
            "print('LOADED', [m for m in ('scipy', 'networkx', 'tqdm', 'mesa.discrete_space', 'mesa.batchrunner') if m in sys.modules])\n"
            "import mesa, mesa.model\n"
            "print('LOGGER', mesa.model._mesa_logger.name, mesa.mesa_logging.inspect.__name__)\n"
            "print('WHOLE', mesa.__version__ is not None, mesa.DataCollector.__name__, mesa.experimental.devs.__name__, 'mesa.discrete_space' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
    assert "LOGGER MESA.mesa.model inspect" in result.stdout
    assert "WHOLE True DataCollector mesa.experimental.devs True" in result.stdout
