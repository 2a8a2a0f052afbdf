"""Running scenarios: one or many replicates, with seeds derived by ``numpy.random.SeedSequence``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hiap_sim.model import HiapModel
from hiap_sim.output import event_table
from hiap_sim.scenario.schema import Scenario


def replicate_seeds(base_seed: int, replicates: int) -> list[int]:
    """Seeds of K replicates: the first is the base seed itself, the others spawned from it."""
    children = np.random.SeedSequence(base_seed).spawn(max(replicates - 1, 0))
    return [int(base_seed)] + [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


@dataclass
class RunResult:
    """The outcome of one run: monthly metrics and the event log."""

    seed: int
    replicate: int
    metrics: pd.DataFrame
    events: pd.DataFrame
    municipalities: pd.DataFrame | None = None  # per-municipality table (scenarios with municipalities)


def run_once(scenario: Scenario, seed: int, months: int | None = None, replicate: int = 0) -> RunResult:
    """Run one replicate to the horizon."""
    model = HiapModel(scenario, seed=seed, months=months)
    metrics = model.run()
    metrics.insert(0, "seed", seed)
    metrics.insert(0, "replicate", replicate)
    events = event_table(model.event_log)
    events.insert(0, "seed", seed)
    events.insert(0, "replicate", replicate)
    municipalities = None
    if model.municipal is not None:
        municipalities = model.municipal.table()
        municipalities.insert(0, "seed", seed)
        municipalities.insert(0, "replicate", replicate)
    return RunResult(seed, replicate, metrics, events, municipalities)


def run_replicates(
    scenario: Scenario,
    base_seed: int,
    replicates: int = 1,
    months: int | None = None,
    on_done: Callable[[RunResult], None] | None = None,
) -> Iterator[RunResult]:
    """Run K replicates one after another, yielding each as it finishes."""
    for r, seed in enumerate(replicate_seeds(base_seed, replicates)):
        result = run_once(scenario, seed, months, replicate=r)
        if on_done is not None:
            on_done(result)
        yield result


def _run_in_worker(job: tuple[Scenario, int, int | None, int]) -> RunResult:
    from threadpoolctl import threadpool_limits

    scenario, seed, months, replicate = job
    with threadpool_limits(limits=1, user_api="blas"):  # as in sweeps: N workers on N cores
        return run_once(scenario, seed, months, replicate)


def replicate_workers(replicates: int) -> int:
    """How many processes run K replicates: one per core, at most K, one when fork is unavailable."""
    if replicates < 2 or not hasattr(os, "fork"):
        return 1
    return max(1, min(replicates, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


# behavioural parameters a run without a game or without municipalities never reads (left out of the draws)
UNREAD_WITHOUT = {"parameters.actions": "a game", "municipalities": "municipalities"}


def parameter_draws(scenario: Scenario, seeds: list[int], base_seed: int) -> tuple[list[Scenario], dict[str, tuple[float, float]]]:
    """One scenario per replicate with every behavioural parameter drawn uniformly from its plausible range
    (``hiap-sim schema --behavioural``), and the ranges drawn from. The draws come from their own seed stream
    (``SeedSequence([base_seed, 1])``), so replicate r's seed is the same with and without them."""
    from hiap_sim.experiments.design import apply_values, lookup
    from hiap_sim.scenario.docs import plausible_ranges

    base = scenario.model_dump(mode="python")
    skip = ["parameters.actions"] + ([] if scenario.municipalities.enabled else ["municipalities"])
    ranges = {}
    for path, bounds in plausible_ranges().items():
        found, value = lookup(base, path)
        if found and not any(path == s or path.startswith(s + ".") for s in skip) and isinstance(value, int | float) and not isinstance(value, bool):
            ranges[path] = (bounds, isinstance(value, int))
    rng = np.random.default_rng(np.random.SeedSequence([int(base_seed), 1]))
    scenarios = []
    for _ in seeds:
        unit = rng.random(len(ranges))
        values = {path: (float(np.floor(low + u * (high - low) + 0.5)) if integer else float(low + u * (high - low)))
                  for u, (path, ((low, high), integer)) in zip(unit, ranges.items(), strict=True)}
        scenarios.append(apply_values(base, values))
    return scenarios, {path: bounds for path, (bounds, _) in ranges.items()}


class ParallelReplicates:
    """Replicates on one forked process per core, yielded in replicate order (a context manager).

    The workers are forked from this process, which has imported the model already, so they start in
    milliseconds. Each run depends only on its seed: the outputs are those of a serial run. Enter it before
    any thread starts in this process (a progress bar, say): forking a multi-threaded process is unsafe."""

    def __init__(self, scenario: Scenario | list[Scenario], seeds: list[int], months: int | None = None) -> None:
        scenarios = scenario if isinstance(scenario, list) else [scenario] * len(seeds)
        self.jobs = [(sc, seed, months, r) for r, (sc, seed) in enumerate(zip(scenarios, seeds, strict=True))]
        self.workers = replicate_workers(len(seeds))
        self.pool = None

    def __enter__(self) -> ParallelReplicates:
        if self.workers > 1:
            import multiprocessing

            self.pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()  # every result has been taken, or the run was interrupted
            self.pool.join()

    def results(self) -> Iterator[RunResult]:
        if self.pool is None:
            for job in self.jobs:
                yield _run_in_worker(job)
        else:
            yield from self.pool.imap(_run_in_worker, self.jobs)
