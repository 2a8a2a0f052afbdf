"""Executors behind one interface (``concurrent.futures.Executor``): serial, local processes, Dask.

The sweep only submits tasks and waits for futures, so the same experiment runs unchanged in this
process, on all local cores, or on a Dask cluster of several machines; each run's seed comes from the
design, never from the executor, so the per-run outputs are identical everywhere.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

EXECUTORS = ("processes", "serial", "dask")
DASK_CONNECT_TIMEOUT_S = 10
# a worker process is replaced after this many runs, so that memory a long-lived worker keeps after model runs
# (about 60 KB a run, not live Python objects) cannot pile up; a new worker starts in a fraction of a second
TASKS_PER_WORKER = 100
# how often a worker checks that the sweep's main process still lives (it exits within about this time after a kill -9)
PARENT_CHECK_S = 0.5


class SerialExecutor(Executor):
    """Runs each task at once in this process (for debugging, tiny sweeps and exact profiling)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - delivered through the future, like other executors
            future.set_exception(exc)
        return future


def process_alive(pid: int) -> bool:
    """Whether a process runs (a zombie, killed but not yet reaped, counts as dead)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _watch_main(pid: int) -> None:
    """Exit this worker as soon as the sweep's main process is gone: after a kill -9 nobody would collect its
    results, and an orphaned worker would keep the killed command's output open (a reader never sees its end)."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if not process_alive(pid):
            os._exit(0)


def _init_worker(main_pid: int | None = None) -> None:
    """Worker initialiser: Ctrl-C is handled once, by the sweep in the main process; BLAS runs single-threaded;
    the worker ends itself when the main process dies.

    The model multiplies small matrices, where a multi-threaded BLAS only adds overhead, and one BLAS
    thread per worker keeps N workers on N cores instead of N x cores threads competing.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if main_pid is not None:
        threading.Thread(target=_watch_main, args=(main_pid,), name="watch-main", daemon=True).start()
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Limit BLAS to one thread in this process while a serial sweep runs (restored afterwards)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


# '__main__': the fork server imports the main script once; otherwise every new worker re-imports it
PRELOAD = ["__main__", "hiap_sim.experiments.evaluate", "hiap_sim.model"]


def _forkserver_context() -> Any:
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    except ValueError:  # platforms without fork server
        return None
    return context


def start_fork_server() -> None:
    """Start the fork server now, in the background, while this process still reads the experiment.

    The fork server imports the model once (about a second); started early, that overlaps with the main
    process's own preparation instead of delaying the first run, and every worker forks from it ready to run."""
    if _forkserver_context() is None:
        return
    from multiprocessing import forkserver

    threading.Thread(target=forkserver.ensure_running, name="start-fork-server", daemon=True).start()


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of local worker processes (default: one per core), started from a preloaded fork server."""
    context = _forkserver_context() or multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=context, initializer=_init_worker,
                               initargs=(os.getpid(),), max_tasks_per_child=TASKS_PER_WORKER)


@dataclass
class ExecutorInfo:
    """An open executor, how many tasks to keep in flight, and a description for the manifest."""

    executor: Executor
    slots: int
    description: str
    # local worker processes start from a fork server that first imports the model (about a second): until the pool
    # delivers its first result, the sweep's main process runs queued tasks itself instead of waiting idle
    main_helps: bool = False


def dask_address(address: str) -> str:
    """Normalise 'host:port' to a Dask scheduler address ('tcp://host:port')."""
    return address if "://" in address else f"tcp://{address}"


@contextmanager
def open_executor(kind: str | Executor = "processes", workers: int | None = None, address: str | None = None) -> Iterator[ExecutorInfo]:
    """Open an executor by kind ('serial', 'processes', 'dask') or wrap one given; closes what it opened.

    'dask' connects to the scheduler at ``address``; without one it starts a local Dask cluster with
    ``workers`` single-threaded worker processes on the loopback interface.
    """
    if isinstance(kind, Executor):
        slots = workers or getattr(kind, "_max_workers", None) or os.cpu_count() or 1
        yield ExecutorInfo(kind, int(slots), type(kind).__name__)
        return
    if kind == "serial":
        with single_threaded_blas():
            yield ExecutorInfo(SerialExecutor(), 1, "serial")
        return
    if kind == "processes":
        n = workers or os.cpu_count() or 1
        pool = process_pool(n)
        try:
            yield ExecutorInfo(pool, n, f"processes ({n} workers)", main_helps=True)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    if kind == "dask":
        with _dask_client(workers, address) as (client, description):
            executor = client.get_executor()
            threads = sum(client.nthreads().values()) or 1
            yield ExecutorInfo(executor, threads, description)
        return
    from hiap_sim.scenario.loader import ScenarioError

    raise ScenarioError(f"unknown executor '{kind}'; expected one of {', '.join(EXECUTORS)}.", field="executor")


@contextmanager
def _dask_client(workers: int | None, address: str | None) -> Iterator[tuple[Any, str]]:
    from hiap_sim.scenario.loader import ScenarioError  # imported here: the module stays light for an early fork server start

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ScenarioError("the Dask executor needs the 'distributed' package: pip install 'dask[distributed]'.", field="executor") from None
    if address:
        target = dask_address(address)
        try:
            client = Client(target, timeout=f"{DASK_CONNECT_TIMEOUT_S}s")
        except (OSError, TimeoutError) as exc:
            raise ScenarioError(
                f"cannot reach a Dask scheduler at {target} within {DASK_CONNECT_TIMEOUT_S} s ({type(exc).__name__}). Start one with "
                f"'dask scheduler' and workers with 'dask worker {target}' (hiap-sim must be installed on every worker), then try again.",
                field="--address",
            ) from None
        try:
            if not client.nthreads():
                client.wait_for_workers(1, timeout=DASK_CONNECT_TIMEOUT_S * 3)
            yield client, f"dask at {target} ({len(client.nthreads())} workers)"
        except TimeoutError:
            raise ScenarioError(f"the Dask scheduler at {target} has no workers; start some with 'dask worker {target}'.", field="--address") from None
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    client = Client(cluster)
    try:
        yield client, f"dask local cluster ({n} workers)"
    finally:
        client.close()
        cluster.close()
