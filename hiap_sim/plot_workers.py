"""Draw a run's figures in helper processes, so that ``hiap-sim run`` does not wait for matplotlib.

Importing matplotlib and drawing the figures takes about as long as importing the model and running it.
``PlotWorkers.start()`` forks helper processes at the start of a run (before pandas and the model are
imported); each imports matplotlib while the main process imports and runs the model, then waits for the
time series on a pipe (its columns as numpy arrays: the helpers never import pandas) and draws its share of
the figures while the main process writes the other files; on more than one core a helper forks a copy of
itself, with matplotlib loaded, once the data is there, and the two draw half the share each. ``finish()``
waits for them and reports which figures they could not draw, which the main process then draws itself.
Without ``os.fork``, or in a process that already runs threads (forking those is unsafe), the figures are
drawn in-process.

A helper ends when its pipe closes, so an interrupted or killed run leaves no helper behind.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None

# figures of a run, by name: drawn by ``draw`` below
NATIONAL = ("trust", "levels", "initiatives", "health_gap")
MUNICIPAL = ("sector_collaboration", "maturity")
PIPE_SIZE = 1 << 20  # bytes a helper's pipe holds (Linux's usual upper bound): a run's time series fits


def draw(name: str, frame: Any, folder: Path, coordinator: str, health: dict[str, float]) -> None:
    """Draw one figure of a run folder into ``folder``."""
    from hiap_sim import plots

    folder.mkdir(parents=True, exist_ok=True)
    if name == "trust":
        plots.plot_trust(frame, folder / "trust.png", coordinator)
    elif name == "levels":
        plots.plot_levels(frame, folder / "levels.png")
    elif name == "initiatives":
        plots.plot_initiatives(frame, folder / "initiatives.png")
    elif name == "health_gap":
        plots.plot_health_gap(frame, folder / "health_gap.png", health["initial_gap_years"], health["target_reduction"], health["target_year"])
    elif name == "sector_collaboration":
        plots.plot_sector_collaboration(frame, folder / "sector_collaboration.png")
    elif name == "maturity":
        plots.plot_maturity(frame, folder / "maturity.png")
    else:
        raise ValueError(f"unknown figure {name!r}")


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _draw_all(names: list[str], job: dict[str, Any]) -> bool:
    """Draw ``names``; whether all were drawn."""
    try:
        for name in names:
            draw(name, job["frame"], Path(job["folder"]), job["coordinator"], job["health"])
    except Exception:  # noqa: BLE001 - the main process draws what is missing
        return False
    return True


def _helper(fd: int, share: int, helpers: int, split: bool) -> None:
    """In a forked helper: import matplotlib, wait for the data, draw every ``helpers``-th figure from ``share``.

    With ``split``, the helper forks a copy of itself once the data is there (matplotlib already imported, so
    the copy starts at once) and the two draw alternate figures of the share side by side. The exit status
    tells the main process which figures are missing: bit 1 the helper's own, bit 2 the copy's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's; its pipe closing ends this one
    try:
        import hiap_sim.plots  # noqa: F401 - the slow part (matplotlib), done while the model runs

        if not gc.isenabled():  # paused for the imports by the command line (hiap_sim.cli._imports_done)
            gc.freeze()
            gc.enable()

        data = _read_all(fd)
        if not data:
            os._exit(0)  # the run stopped before there was anything to draw
        job = pickle.loads(data)
        mine = job["figures"][share::helpers]
        copy = os.fork() if split and len(mine) > 1 else -1
        if copy == 0:
            os._exit(0 if _draw_all(mine[1::2], job) else 1)
        failed = 0 if _draw_all(mine if copy < 0 else mine[0::2], job) else 1 if copy > 0 else 3
        if copy > 0:
            _, status = os.waitpid(copy, 0)
            failed |= 0 if os.waitstatus_to_exitcode(status) == 0 else 2
    except BaseException:  # noqa: BLE001 - the main process draws what is missing
        os._exit(3)
    os._exit(failed)


class PlotWorkers:
    """Helper processes that draw a run's figures; see the module description."""

    def __init__(self, helpers: list[tuple[int, int]]) -> None:
        self.helpers = helpers  # (pid, write end of its pipe)
        self.figures: list[str] = []

    @classmethod
    def start(cls, count: int | None = None, split: bool | None = None) -> PlotWorkers:
        """Fork ``count`` helpers now (default: one per core beyond the first, at most 2, at least 1; or
        ``HIAP_SIM_PLOT_HELPERS``). None where forking is not possible or not safe, or with 0: then the figures
        are drawn in this process. (On 2 cores one helper is quicker than two while the model runs: the main
        process needs a core.) ``split`` (default: with more than one core) lets each helper fork a copy of
        itself to draw half its figures once the data is there, when the main process needs less of a core."""
        if count is None:
            default = min(2, max(1, (os.cpu_count() or 1) - 1))
            count = int(os.environ.get("HIAP_SIM_PLOT_HELPERS", str(default)) or 0)
        if split is None:
            split = (os.cpu_count() or 1) > 1
        if count <= 0 or not hasattr(os, "fork") or threading.active_count() > 1:
            return cls([])
        helpers = []
        for share in range(count):
            read, write = os.pipe()
            if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: room for a run's time series, so send() need not wait
                with contextlib.suppress(OSError):
                    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
            pid = os.fork()
            if pid == 0:  # the helper
                os.close(write)
                for _, other in helpers:
                    os.close(other)
                _helper(read, share, count, split)
            os.close(read)
            helpers.append((pid, write))
        return cls(helpers)

    def send(self, frame: Any, folder: Path, coordinator: str, health: dict[str, float], figures: tuple[str, ...]) -> None:
        """Give every helper the data and its share of ``figures``."""
        self.figures = list(figures)
        if hasattr(frame, "columns"):  # a DataFrame: its columns as numpy arrays, which helpers read without pandas
            frame = {name: frame[name].to_numpy() for name in frame.columns}
        data = pickle.dumps({"frame": frame, "folder": str(folder), "coordinator": coordinator, "health": health, "figures": self.figures})
        for _, write in self.helpers:
            with contextlib.suppress(OSError):  # a helper that died: its figures are drawn by finish()
                _write_all(write, data)
            os.close(write)
        self.helpers = [(pid, -1) for pid, _ in self.helpers]

    def finish(self, frame: Any, folder: Path, coordinator: str, health: dict[str, float], figures: tuple[str, ...],
               draw_here: Callable[..., None] = draw) -> None:
        """Wait for the helpers; draw here every figure a helper did not draw (or all, without helpers)."""
        missing: list[str] = []
        count = len(self.helpers)
        for share, (pid, write) in enumerate(self.helpers):
            if write >= 0:
                os.close(write)
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            share_figures = list(figures[share::count])
            if code in (1, 2):  # the helper's (1) or its copy's (2) alternate figures; see _helper
                missing += share_figures[code - 1::2]
            elif code != 0:
                missing += share_figures
        self.helpers = []
        for name in figures if not count else missing:
            draw_here(name, frame, folder, coordinator, health)

    def close(self) -> None:
        """End the helpers without drawing (an interrupted run, or a command line that did not run): those
        still waiting for data are stopped at once rather than left to finish importing matplotlib."""
        for pid, write in self.helpers:
            if write >= 0:
                os.close(write)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.helpers = []
