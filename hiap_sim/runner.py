"""Running scenarios: one or many replicates, with seeds derived by ``numpy.random.SeedSequence``."""

from __future__ import annotations

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
