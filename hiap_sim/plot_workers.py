"""Draw a run's figures in helper processes, so that ``hiap-sim run`` does not wait for matplotlib.

Importing matplotlib and drawing the figures takes about as long as importing the model and running it.
``PlotWorkers.start()`` forks helper processes at the start of a run (before the model is imported); each
imports matplotlib while the main process runs the model, then waits for the time series on a pipe and draws
its share of the figures while the main process writes the other files. ``finish()`` waits for them and
reports which figures they could not draw, which the main process then draws itself. Without ``os.fork``,
or in a process that already runs threads (forking those is unsafe), the figures are drawn in-process.

A helper ends when its pipe closes, so an interrupted or killed run leaves no helper behind.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

# figures of a run, by name: drawn by ``draw`` below
NATIONAL = ("trust", "levels", "initiatives", "health_gap")
MUNICIPAL = ("sector_collaboration", "maturity")


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


def _helper(fd: int, share: int, helpers: int) -> None:
    """In a forked helper: import matplotlib, wait for the data, draw every ``helpers``-th figure from ``share``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's; its pipe closing ends this one
    try:
        import hiap_sim.plots  # noqa: F401 - the slow part, done while the model runs

        data = _read_all(fd)
        if not data:
            os._exit(0)  # the run stopped before there was anything to draw
        job = pickle.loads(data)
        for name in job["figures"][share::helpers]:
            draw(name, job["frame"], Path(job["folder"]), job["coordinator"], job["health"])
    except BaseException:  # noqa: BLE001 - the main process draws what is missing
        os._exit(1)
    os._exit(0)


class PlotWorkers:
    """Helper processes that draw a run's figures; see the module description."""

    def __init__(self, helpers: list[tuple[int, int]]) -> None:
        self.helpers = helpers  # (pid, write end of its pipe)
        self.figures: list[str] = []

    @classmethod
    def start(cls, count: int | None = None) -> PlotWorkers:
        """Fork ``count`` helpers now (default: one per core beyond the first, at most 2, at least 1; or
        ``HIAP_SIM_PLOT_HELPERS``). None where forking is not possible or not safe, or with 0: then the figures
        are drawn in this process. (On 2 cores one helper is quicker than two: the main process needs a core.)"""
        if count is None:
            default = min(2, max(1, (os.cpu_count() or 1) - 1))
            count = int(os.environ.get("HIAP_SIM_PLOT_HELPERS", str(default)) or 0)
        if count <= 0 or not hasattr(os, "fork") or threading.active_count() > 1:
            return cls([])
        helpers = []
        for share in range(count):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the helper
                os.close(write)
                for _, other in helpers:
                    os.close(other)
                _helper(read, share, count)
            os.close(read)
            helpers.append((pid, write))
        return cls(helpers)

    def send(self, frame: Any, folder: Path, coordinator: str, health: dict[str, float], figures: tuple[str, ...]) -> None:
        """Give every helper the data and its share of ``figures``."""
        self.figures = list(figures)
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
            if os.waitstatus_to_exitcode(status) != 0:
                missing += list(figures[share::count])
        self.helpers = []
        for name in figures if not count else missing:
            draw_here(name, frame, folder, coordinator, health)

    def close(self) -> None:
        """End the helpers without drawing (an interrupted run)."""
        for pid, write in self.helpers:
            if write >= 0:
                os.close(write)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.helpers = []
