"""The explorer: a scenario run a user steps through in the browser, with the headline knobs and levers.

Knobs (``urgency``, ``trust``, ``budget``, ``political_commitment``) are scenario settings, so they take effect
when a run is (re)built; levers are switched on the running simulation with ``Simulation.set_lever``. Each step
returns the new rows of the outcome metrics and the cooperation network, read from the simulation's view.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hiap_sim.control import LEVERS, Simulation, View
from hiap_sim.game.text import Text
from hiap_sim.scenario import ScenarioError, load_scenario
from hiap_sim.web.rooms import WebError

KNOBS = ("urgency", "trust", "budget", "political_commitment")
KNOB_RANGES = {"urgency": (0.0, 3.0), "trust": (0.0, 3.0), "budget": (0.0, 5.0), "political_commitment": (0.0, 3.0)}  # the schema's bounds
MAX_RUNS = 12  # explorer runs kept in memory, least recently used dropped first (a run with all municipalities holds ~30 MB)
MAX_STEP_MONTHS = 60
FEED_KINDS = ("cabinet", "crisis", "budget_cut", "lever", "reorganisation")  # the events of the world the page lists

# metric columns sent to the charts, per chart (chart key -> metrics); municipal charts only with municipalities
CHARTS: dict[str, tuple[str, ...]] = {
    "trust": ("trust_cross", "trust_coordinator"),
    "levels": ("level_share_2", "level_share_3", "level_share_4"),
    "initiatives": ("initiatives_active", "initiatives_stalled", "initiatives_completed", "initiatives_abandoned"),
    "health": ("health_gap_reduction", "health_gap_secured"),
    "climate": ("urgency_mean", "commitment_mean", "hiap_index"),
    "wins": ("small_wins", "proposals"),
}
ZOOMED = ("trust", "climate")  # charts whose axis follows the data (small changes around a level), not from zero
MUNICIPAL_CHART = ("municipal_collab_share", "municipal_maturity_mean", "municipal_priority_share")
PERCENT = {"level_share_2", "level_share_3", "level_share_4", "health_gap_reduction", "health_gap_secured", "municipal_collab_share",
           "municipal_priority_share"}


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def circle_layout(count: int, radius: float = 1.0) -> list[tuple[float, float]]:
    """Points on a circle, the first at the top, clockwise."""
    return [(radius * math.sin(2 * math.pi * k / count), -radius * math.cos(2 * math.pi * k / count)) for k in range(count)]


def department_network(view: View, text: Text | None = None) -> dict[str, Any]:
    """Nodes (active departments, named in ``text``'s language) and edges (every pair: trust both ways averaged,
    deepest level)."""
    text = text or Text("en")
    departments = [o for o in view.organisations[: view.n_departments] if o.active]
    trust = view.org_trust()
    levels = view.ladder()
    points = circle_layout(len(departments))
    nodes = [{"id": o.code, "name": text.org_name(o.code, o.name), "x": x, "y": y, "coordinator": o.coordinator,
              "urgency": _number(o.urgency), "commitment": _number(o.political_commitment)} for o, (x, y) in zip(departments, points, strict=True)]
    edges = []
    for i, a in enumerate(departments):
        for b in departments[i + 1:]:
            pair = [trust[a.index, b.index], trust[b.index, a.index]]
            values = [v for v in pair if not math.isnan(v)]
            edges.append({"a": a.code, "b": b.code, "trust": float(np.mean(values)) if values else 0.0,
                          "level": int(max(levels[a.index, b.index], levels[b.index, a.index]))})
    return {"nodes": nodes, "edges": edges}


def sector_network(view: View, text: Text | None = None) -> dict[str, Any] | None:
    """Municipal sectors (named in ``text``'s language), averaged over municipalities: edges weighted by mean trust
    between the sectors and coloured by the mean deepest level of their live joint work (rounded); None without
    municipalities."""
    text = text or Text("en")
    municipal = view.municipal
    if municipal is None:
        return None
    trust = municipal.sector_trust().mean(axis=0)
    sectors = municipal.sectors
    n = len(sectors)
    mean_level = municipal.deepest_levels().mean(axis=0)
    points = circle_layout(n)
    nodes = [{"id": name, "name": text.org_name(name, name.replace("_", " ").capitalize()), "x": x, "y": y, "coordinator": s == municipal.public_health} for s, (name, (x, y)) in
             enumerate(zip(sectors, points, strict=True))]
    edges = []
    for a in range(n):
        for b in range(a + 1, n):
            edges.append({"a": sectors[a], "b": sectors[b], "trust": float((trust[a, b] + trust[b, a]) / 2),
                          "level": int(round(max(mean_level[a, b], mean_level[b, a]))), "mean_level": float(max(mean_level[a, b], mean_level[b, a]))})
    return {"nodes": nodes, "edges": edges}


@dataclass
class ExplorerRun:
    """One exploration: a simulation of a scenario with the user's knobs, stepped on request."""

    id: str
    scenario: str
    seed: int
    knobs: dict[str, float]
    sim: Simulation
    months_total: int
    owner: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    events_sent: int = 0

    def metrics(self) -> list[str]:
        names = [m for chart in CHARTS.values() for m in chart]
        if self.sim.view.municipal is not None:
            names += list(MUNICIPAL_CHART)
        return names

    def rows(self, start: int) -> list[dict[str, Any]]:
        """Metric rows from month ``start`` on (records[0] is month 0)."""
        names = self.metrics()
        out = []
        for record in self.sim.view.records[start:]:
            row: dict[str, Any] = {"month": int(record["month"]), "date": str(record["date"])}
            for name in names:
                value = _number(record.get(name))
                if value is not None and name == "municipal_maturity_mean":
                    value = value / 5.0
                row[name] = value
            out.append(row)
        return out

    def snapshot(self, since: int, lang: str = "en") -> dict[str, Any]:
        """Everything the page needs after a step: new rows, network(s), levers, the new events of the world
        (in the reader's language)."""
        view = self.sim.view
        log = view.events
        events = log.of_kind(*FEED_KINDS, since=self.events_sent)[-20:]
        self.events_sent = log.mark()
        text = Text(lang)
        shown = [{"date": view.calendar_label(e.month - 1), "kind": e.kind, "what": text.event(e, view)} for e in events]
        return {
            "run": self.id, "month": view.month, "date": view.date, "months_total": self.months_total, "finished": view.month >= self.months_total,
            "rows": self.rows(since), "network": department_network(view, text), "sectors": sector_network(view, text),
            "levers": {name: bool(view.levers[name]) for name in LEVERS},
            "events": shown,
        }


class Explorer:
    """Explorer runs held in memory: the least recently used are dropped past :data:`MAX_RUNS`, and a client
    (``owner``) keeps at most ``runs_per_owner`` (its own oldest is dropped for a new one), so that one client
    cannot push everyone else's runs out."""

    def __init__(self, max_runs: int = MAX_RUNS, runs_per_owner: int | None = None) -> None:
        self.max_runs = max_runs
        self.runs_per_owner = runs_per_owner
        self._runs: OrderedDict[str, ExplorerRun] = OrderedDict()
        self._guard = threading.Lock()

    def start(self, scenario: str, seed: int | None = None, knobs: dict[str, float] | None = None, levers: dict[str, bool] | None = None,
              owner: str = "", lang: str = "en") -> dict[str, Any]:
        """A new run at month 0 with the knobs (and levers) set; returns its first snapshot (events in ``lang``)."""
        overrides: dict[str, Any] = {}
        for name, value in (knobs or {}).items():
            if name not in KNOBS:
                raise WebError(400, "web.err.unknown_knob", found=str(name)[:40], known=", ".join(KNOBS))
            overrides[name] = float(value)
        for name, on in (levers or {}).items():
            if name not in LEVERS:
                raise WebError(400, "web.err.unknown_lever", found=str(name)[:40], known=", ".join(LEVERS))
            overrides[f"levers.{name}.enabled"] = bool(on)
        try:
            spec = load_scenario(scenario, overrides=overrides or None)
        except ScenarioError as exc:
            raise WebError(400, "web.err.scenario", message=str(exc)) from None
        sim = Simulation(spec, seed=seed)
        run = ExplorerRun(secrets.token_urlsafe(9), scenario, sim.view.seed, {k: float(getattr(spec, k)) for k in KNOBS}, sim, int(spec.months), owner=owner)
        with self._guard:
            self._runs[run.id] = run
            if self.runs_per_owner is not None:
                own = [key for key, other in self._runs.items() if other.owner == owner]
                for key in own[: max(0, len(own) - self.runs_per_owner)]:
                    self._runs.pop(key)
            while len(self._runs) > self.max_runs:
                self._runs.popitem(last=False)
        with run.lock:
            snapshot = run.snapshot(0, lang)
        return {**snapshot, "seed": run.seed, "knobs": run.knobs, "scenario": spec.name, "metrics": run.metrics()}

    def run(self, run_id: str) -> ExplorerRun:
        with self._guard:
            run = self._runs.get(run_id)
            if run is None:
                raise WebError(404, "web.err.no_run")
            self._runs.move_to_end(run_id)
            return run

    def step(self, run_id: str, months: int = 1, max_seconds: float | None = None, lang: str = "en") -> dict[str, Any]:
        """Run ``months`` more months (up to the horizon, and stopping after ``max_seconds`` of computation with
        the months done so far); returns the new rows and the network."""
        run = self.run(run_id)
        with run.lock:
            sim = run.sim
            since = len(sim.view.records)
            began = time.perf_counter()
            for _ in range(max(0, min(months, run.months_total - sim.view.month))):
                sim.step()
                if max_seconds is not None and time.perf_counter() - began >= max_seconds:
                    break
            elapsed = time.perf_counter() - began
            snapshot = run.snapshot(since, lang)
        return {**snapshot, "compute_ms": round(1000 * elapsed, 2)}

    def set_lever(self, run_id: str, name: str, on: bool) -> dict[str, bool]:
        """Switch a lever on the running simulation (from the next month on)."""
        if name not in LEVERS:
            raise WebError(400, "web.err.unknown_lever", found=str(name)[:40], known=", ".join(LEVERS))
        run = self.run(run_id)
        with run.lock:
            run.sim.set_lever(name, bool(on))
            return {lever: bool(run.sim.view.levers[lever]) for lever in LEVERS}


__all__ = ["CHARTS", "KNOBS", "KNOB_RANGES", "MUNICIPAL_CHART", "PERCENT", "ZOOMED", "Explorer", "ExplorerRun", "department_network", "sector_network"]
