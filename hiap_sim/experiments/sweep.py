"""Running a sweep: every (sample, replicate) of a design on an executor, streamed into a result folder.

The rule: runs already in the folder are never run again (a failed run is kept as failed unless a retry
is asked for); the others are submitted with a bounded number in flight, and each finished run is
buffered and written in part files. Ctrl-C or SIGTERM flushes what has finished and leaves a folder that
the same command continues.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hiap_sim.experiments.design import Design, prepare
from hiap_sim.experiments.evaluate import execute, task_for, worker_name
from hiap_sim.experiments.executors import SerialExecutor, open_executor, single_threaded_blas
from hiap_sim.experiments.spec import Experiment, load_experiment
from hiap_sim.experiments.store import ResultStore, default_folder

ProgressCallback = Callable[["SweepProgress"], None]


@dataclass
class SweepProgress:
    """Where a sweep stands: runs finished in the folder (all sessions), failures, runs this session."""

    finished: int
    total: int
    failed: int
    ran: int
    to_run: int


@dataclass
class SweepOutcome:
    """What a call of :func:`run_sweep` did."""

    folder: Path
    total: int
    finished: int
    failed: int
    ran: int
    interrupted: bool
    elapsed_s: float
    executor: str
    warnings: list[str] = field(default_factory=list)
    stopped_reason: str | None = None

    @property
    def complete(self) -> bool:
        """Every run of the design has finished (successfully or with a recorded error)."""
        return self.finished == self.total


class SweepInterrupted(KeyboardInterrupt):
    """Raised after an interrupted sweep has saved its finished runs; ``outcome`` says how far it got."""

    def __init__(self, outcome: SweepOutcome) -> None:
        super().__init__(f"sweep interrupted after {outcome.finished} of {outcome.total} runs")
        self.outcome = outcome


def as_design(experiment: Experiment | Design | str | os.PathLike) -> Design:
    """A design from an experiment file (path or shipped name), an Experiment, or a Design."""
    if isinstance(experiment, Design):
        return experiment
    if isinstance(experiment, Experiment):
        return prepare(experiment)
    spec, path = load_experiment(experiment)
    return prepare(spec, path)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while a sweep runs, so that a 'kill' also saves the finished runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_sweep(
    experiment: Experiment | Design | str | os.PathLike,
    *,
    executor: str | Executor | None = None,
    workers: int | None = None,
    address: str | None = None,
    results: str | os.PathLike = "results",
    out: str | os.PathLike | None = None,
    max_runs: int | None = None,
    retry_failed: bool = False,
    progress: ProgressCallback | None = None,
    flush_every: int = 100,
    flush_seconds: float = 5.0,
) -> SweepOutcome:
    """Run (or continue) a sweep into ``out`` (default ``results/<experiment name>``).

    ``executor``: 'serial', 'processes' (default: the experiment's, all cores), 'dask' (``address`` of a
    running scheduler, or a local cluster), or any ``concurrent.futures.Executor``. ``max_runs`` stops
    after that many runs this session (the folder stays resumable). Raises :class:`SweepInterrupted`
    on Ctrl-C / SIGTERM after saving; raises ExperimentError for a bad experiment or folder.
    """
    design = as_design(experiment)
    e = design.experiment
    kind = executor or e.executor
    folder = Path(out) if out is not None else default_folder(results, e.name, design.overrides)
    store = ResultStore.open(folder, design)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    description = kind if isinstance(kind, str) else type(kind).__name__
    ran = failed_now = 0
    interrupted = False
    stopped_reason = None
    try:
        finished = dict(store.finished)
        failed_before = sum(1 for status in finished.values() if status != "ok")
        retry = {rid for rid, status in finished.items() if status != "ok"} if retry_failed else set()
        pending = [rid for rid in range(design.n_runs) if rid not in finished or rid in retry]
        if max_runs is not None:
            pending = pending[: max(max_runs, 0)]
        n_finished = len(finished) - len(retry)
        failed_total = failed_before - len(retry)
        state = SweepProgress(n_finished, design.n_runs, failed_total, 0, len(pending))
        if progress:
            progress(state)
        if pending:
            applied = [design.applied(j) for j in range(design.n_local)]
            from hiap_sim.experiments.evaluate import evaluators_for

            evaluators = evaluators_for(design)
            with _terminate_as_interrupt(), open_executor(kind, workers or (e.workers if isinstance(kind, str) else None), address) as info:
                description = info.description
                window = max(2, 2 * info.slots)
                queue = iter(pending)
                in_flight: dict[Future, int] = {}
                warming = info.main_helps
                try:
                    while True:
                        for run_id in queue:
                            task = task_for(design, run_id, applied)
                            in_flight[info.executor.submit(execute, evaluators[task.scenario], task)] = run_id
                            if len(in_flight) >= window:
                                break
                        if not in_flight:
                            break
                        stolen = _take_back(in_flight) if warming else None
                        if stolen is not None:  # the pool still starts: run a queued task here
                            run_id = in_flight.pop(stolen)
                            task = task_for(design, run_id, applied)
                            with single_threaded_blas():  # as in the workers
                                done = {SerialExecutor().submit(execute, evaluators[task.scenario], task)}
                            in_flight.update(dict.fromkeys(done, run_id))
                        else:
                            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                            warming = False
                        for future in done:
                            run_id = in_flight.pop(future)
                            row = _result_row(future, design, run_id)
                            store.add(row, flush_every=flush_every, flush_seconds=flush_seconds)
                            ran += 1
                            failed_now += row["status"] != "ok"
                            state = SweepProgress(n_finished + ran, design.n_runs, failed_total + failed_now, ran, len(pending))
                            if progress:
                                progress(state)
                except KeyboardInterrupt:
                    interrupted = True
                except BrokenProcessPool as exc:
                    interrupted = True
                    stopped_reason = (f"a worker process died ({exc}); the finished runs are saved. Run the same command again to continue "
                                      "(if it keeps happening, try --executor serial to see the error, or fewer --workers if memory is short).")
                finally:
                    for future in in_flight:
                        future.cancel()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        store.close(interrupted=interrupted, executor=description, started=started_at, done=ran, failed=failed_now)
    finished = store.finished
    outcome = SweepOutcome(
        folder=folder, total=design.n_runs, finished=len(finished), failed=sum(1 for s in finished.values() if s != "ok"), ran=ran,
        interrupted=interrupted, elapsed_s=time.monotonic() - started, executor=description, warnings=store.warnings, stopped_reason=stopped_reason,
    )
    if interrupted and stopped_reason is None:
        raise SweepInterrupted(outcome)
    return outcome


def _take_back(in_flight: dict[Future, int]) -> Future | None:
    """The newest task still queued (not yet handed to a worker), taken back from the pool; None when every task in
    flight is already with a worker. A run's outputs depend only on its task, so who runs it changes nothing."""
    for future in reversed(list(in_flight)):
        if future.cancel():
            return future
    return None


def _result_row(future: Future, design: Design, run_id: int) -> dict:
    """The row of a finished future; an executor-level failure (e.g. a Dask worker killed by the task) is a failed run."""
    try:
        return future.result()
    except (KeyboardInterrupt, BrokenProcessPool):
        raise
    except Exception as exc:  # noqa: BLE001 - recorded as the run's error
        task = task_for(design, run_id)
        return {"run_id": task.run_id, "sample": task.sample, "replicate": task.replicate, "scenario": task.scenario, "seed": task.seed,
                "status": "error", "error": f"executor error: {type(exc).__name__}: {exc}", "outputs": {}, "duration_s": float("nan"),
                "worker": worker_name(), "finished_at": datetime.now(UTC).isoformat(timespec="seconds")}
