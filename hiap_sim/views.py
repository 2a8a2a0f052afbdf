"""The simulation handle and its read-only views: what the control port (``hiap_sim.control``) hands the front
ends and the validation statistics instead of the model.

A :class:`Simulation` holds its model privately. Its methods are the controls (step, run, levers, injected
world events, the players' answers, seats); :attr:`Simulation.view` is a :class:`View` that reads the model
and cannot change it: numbers and labels, immutable records (:class:`OrganisationInfo`, :class:`WorkRecord`),
read-only mappings (``types.MappingProxyType``) and read-only numpy views (``flags.writeable`` off). Each class
lists what it offers in ``API``; the architecture test (tests/test_architecture.py) fails when a front end
reads anything else on a handle or a view.

Only ``hiap_sim.control`` imports this module (an import contract in pyproject.toml): front ends reach it there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, overload

import numpy as np
import pandas as pd

from hiap_sim.model import HiapModel
from hiap_sim.scenario.municipal import SECTORS
from hiap_sim.seats import open_seat

if TYPE_CHECKING:
    from hiap_sim.mechanisms.decisions import Decision
    from hiap_sim.scenario.schema import Scenario
    from hiap_sim.seats import MunicipalSeat, NationalSeat

Answer = Callable[[int, int, "Decision"], "Decision"]


def read_only(array: np.ndarray) -> np.ndarray:
    """A view of ``array`` that cannot be written to (the model's own array stays writable for the model)."""
    view = array.view()
    view.flags.writeable = False
    return view


def _api(cls: type) -> frozenset[str]:
    """The public names a class defines: what front ends may read on it."""
    return frozenset(name for klass in cls.__mro__ if klass is not object for name in vars(klass) if not name.startswith("_"))


@dataclass(frozen=True)
class OrganisationInfo:
    """An organisation of the national level as it stands now (a snapshot)."""

    index: int
    code: str
    name: str
    kind: str
    department: bool  # a ministry (else a pledge partner)
    active: bool
    coordinator: bool
    urgency: float
    political_commitment: float
    budget: float


@dataclass(frozen=True)
class WorkRecord:
    """A piece of national joint work as it stands now (a snapshot of its row in the joint-work table)."""

    unique_id: int
    row: int
    topic: int
    lead: int
    partners: tuple[int, ...]
    members: tuple[int, ...]
    phase: str
    level: int
    target_level: int
    started: int
    ended: int | None
    end_reason: str
    stall_reason: str
    progress: float
    small_wins: int
    frame: str
    approach: str
    funding: str
    origin: str

    @property
    def alive(self) -> bool:
        """Active or stalled: not yet completed or abandoned."""
        return self.phase not in ("completed", "abandoned")


class Records(Sequence[Mapping[str, Any]]):
    """The monthly metric rows (row 0 is month 0), each a read-only mapping."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[Mapping[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> Mapping[str, Any] | list[Mapping[str, Any]]:
        if isinstance(index, slice):
            return [MappingProxyType(row) for row in self._rows[index]]
        return MappingProxyType(self._rows[index])

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return (MappingProxyType(row) for row in self._rows)


class MunicipalView:
    """The public figures of the municipal level: municipalities, sectors, trust between sectors, the ladder."""

    __slots__ = ("_level",)
    API: ClassVar[frozenset[str]]  # the names front ends may read (set below the classes)

    def __init__(self, level: Any) -> None:
        self._level = level

    @property
    def n_municipalities(self) -> int:
        return int(self._level.n_muni)

    @property
    def names(self) -> tuple[str, ...]:
        """The municipalities' names, in order."""
        return tuple(self._level.names)

    @property
    def sectors(self) -> tuple[str, ...]:
        """The sectors of every municipality, in order (public health among them)."""
        return tuple(SECTORS)

    @property
    def public_health(self) -> int:
        """The index of public health among the sectors."""
        return int(self._level.ph)

    def sector_trust(self) -> np.ndarray:
        """Mean trust between the sectors of each municipality (municipalities x sectors x sectors; read-only)."""
        return read_only(self._level.sector_trust)

    def deepest_levels(self) -> np.ndarray:
        """The collaboration ladder: the deepest level of active joint work each pair of sectors shares, per
        municipality (municipalities x sectors x sectors; 0 none; read-only)."""
        return read_only(self._level.work.deepest_levels(self._level.n_muni))


class View:
    """What a dashboard, a game or a statistic may read of a running simulation; it changes nothing.

    Calendar (``month``, ``date``, ``horizon``, ``calendar_label``, ``month_of``), topics (``topic_names``,
    ``topic_index``, ``topic_label``, ``window_topics``), organisations (``organisations``, ``org_codes``,
    ``n_departments``, ``coordinator_org``, ``playable_municipalities``), outcomes (``counters``, ``records``,
    ``dataframe``), levers (``levers``, ``pending_levers``), joint work (``initiatives``, ``joint_work_frame``,
    ``ladder``), relations and goals (``org_trust``, ``staff_trust``, ``org_fit``, staff ``staff_org``,
    ``staff_rank``), the municipal level (``municipal``), the event log (``events``, ``event_frame``) and the
    scenario (``scenario``, a copy; ``seed``).
    """

    __slots__ = ("_model", "_scenario")
    API: ClassVar[frozenset[str]]

    def __init__(self, model: HiapModel) -> None:
        self._model = model
        self._scenario: Scenario | None = None

    # calendar --------------------------------------------------------------------------------------------------------
    @property
    def month(self) -> int:
        """Months simulated so far (0 before the first step)."""
        return self._model.month

    @property
    def date(self) -> str:
        """'YYYY-MM' of the month last simulated (the start month before the first step)."""
        return self._model.date

    @property
    def horizon(self) -> int:
        """The month the run ends with."""
        return int(self._model.horizon)

    @property
    def seed(self) -> int:
        return int(self._model.seed)

    def calendar_label(self, months_after_start: int) -> str:
        """'YYYY-MM' of the month ``months_after_start`` months after the start."""
        return self._model.calendar_label(months_after_start)

    def month_of(self, label: str) -> int:
        """Step number (1-based) of a calendar month 'YYYY-MM'."""
        return self._model.month_of(label)

    # topics ----------------------------------------------------------------------------------------------------------
    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(self._model.topic_names)

    @property
    def topic_index(self) -> Mapping[str, int]:
        """Topic name -> index."""
        return MappingProxyType(self._model.topic_index)

    def topic_label(self, name: str) -> str | None:
        """The scenario's label of a topic (its name when it has none); None for an unknown topic."""
        topic = self._model.config.topics.get(name)
        return None if topic is None else (topic.label or name)

    @property
    def window_topics(self) -> frozenset[int]:
        """Topics in an open crisis window this month."""
        return frozenset(self._model.window_topics)

    # organisations ---------------------------------------------------------------------------------------------------
    @property
    def organisations(self) -> tuple[OrganisationInfo, ...]:
        """Every organisation of the national level (departments first, then pledge partners), as now."""
        model = self._model
        return tuple(
            OrganisationInfo(o.index, o.code, o.name, o.kind, o.index < model.n_departments, bool(o.active), o.index == model.coordinator_org,
                             float(o.urgency), float(o.political_commitment), float(o.budget))
            for o in model.organisations
        )

    @property
    def org_codes(self) -> Mapping[str, int]:
        """Organisation code -> index."""
        return MappingProxyType(self._model.org_codes)

    @property
    def n_departments(self) -> int:
        """Departments (ministries) come first among the organisations; pledge partners follow."""
        return int(self._model.n_departments)

    @property
    def n_organisations(self) -> int:
        return int(self._model.n_org)

    @property
    def coordinator_org(self) -> int:
        """The index of the coordinating department."""
        return int(self._model.coordinator_org)

    @property
    def playable_municipalities(self) -> Mapping[str, int]:
        """Municipality name -> index, for the municipalities a player may take (none without municipalities)."""
        return MappingProxyType(dict(getattr(self._model, "playable_municipalities", None) or {}))

    # outcomes --------------------------------------------------------------------------------------------------------
    @property
    def counters(self) -> Mapping[str, int]:
        """Running totals of the national level (contacts, proposals, origins, decisions, ...); a missing key is 0."""
        return MappingProxyType(self._model.counters)

    @property
    def records(self) -> Records:
        """The monthly metric rows so far."""
        return Records(self._model.records)

    def dataframe(self) -> pd.DataFrame:
        """The monthly metrics so far as a new frame."""
        return self._model.dataframe()

    # levers ----------------------------------------------------------------------------------------------------------
    @property
    def levers(self) -> Mapping[str, bool]:
        """Lever -> whether it is on."""
        return MappingProxyType(self._model.lever_active)

    @property
    def pending_levers(self) -> Mapping[str, int]:
        """Lever -> month it starts, for levers commissioned or adopted and not yet on."""
        return MappingProxyType(self._model.pending_levers)

    # joint work ------------------------------------------------------------------------------------------------------
    @property
    def initiatives(self) -> tuple[WorkRecord, ...]:
        """Every piece of national joint work, in order of start, as it stands now."""
        return tuple(
            WorkRecord(int(i.unique_id), i.row, i.topic, i.lead, tuple(i.partners), tuple(i.members), i.phase, i.level, i.target_level, i.started,
                       i.ended, i.end_reason, i.stall_reason, i.progress, i.small_wins, i.frame, i.approach, i.funding, i.origin)
            for i in self._model.initiatives
        )

    def joint_work_frame(self) -> pd.DataFrame:
        """The national joint-work table as a new frame, one row per initiative (organisations by index)."""
        return pd.DataFrame([asdict(record) for record in self.initiatives], columns=[f for f in WorkRecord.__dataclass_fields__])

    def ladder(self) -> np.ndarray:
        """The collaboration ladder between departments now (departments x departments; read-only)."""
        return read_only(self._model.ladder())

    # relations and goals ---------------------------------------------------------------------------------------------
    def org_trust(self) -> np.ndarray:
        """Mean trust between organisations (organisations x organisations; read-only)."""
        return read_only(self._model.org_trust_matrix())

    def staff_trust(self) -> np.ndarray:
        """Trust between civil servants (staff x staff; read-only)."""
        return read_only(self._model.trust)

    @property
    def org_fit(self) -> np.ndarray:
        """How well each topic suits each organisation (organisations x topics; read-only)."""
        return read_only(self._model.org_fit)

    @property
    def staff_org(self) -> np.ndarray:
        """Each civil servant's organisation (read-only)."""
        return read_only(self._model.staff_org)

    @property
    def staff_rank(self) -> np.ndarray:
        """Each civil servant's rank, 0 officer .. 3 director-general (read-only)."""
        return read_only(self._model.staff_rank)

    # municipal level -------------------------------------------------------------------------------------------------
    @property
    def municipal(self) -> MunicipalView | None:
        """The municipal level's public figures, or None when the scenario has no municipalities."""
        level = self._model.municipal
        return None if level is None else MunicipalView(level)

    # events and scenario ---------------------------------------------------------------------------------------------
    @property
    def events(self) -> Any:
        """The model's event log, in order (read it; entries are the model's own)."""
        return self._model.event_log

    def event_frame(self) -> pd.DataFrame:
        """The event log as a new frame (columns month, date, kind, what and each entry's details)."""
        return self._model.events()

    @property
    def scenario(self) -> Scenario:
        """The scenario the model runs (a copy: changing it changes nothing)."""
        if self._scenario is None:
            self._scenario = self._model.config.model_copy(deep=True)
        return self._scenario


class Simulation:
    """One run of a scenario, opened by a front end: the controls, and :attr:`view` to read it.

    Example::

        sim = Simulation(load_scenario("national_2025"), seed=7)
        sim.set_lever("working_group", True)
        sim.run_for(12)
        sim.view.counters["proposals"], sim.view.records[-1]["trust_cross"]
    """

    __slots__ = ("_model", "_view")
    API: ClassVar[frozenset[str]]

    def __init__(self, scenario: Scenario, seed: int | None = None, months: int | None = None, metrics: Sequence[str] | None = None) -> None:
        """``months``: the horizon (default: the scenario's); ``metrics``: collect only these metrics (default: all)."""
        self._model = HiapModel(scenario, seed=seed, months=months, metrics=metrics)
        self._view = View(self._model)

    @property
    def view(self) -> View:
        return self._view

    # time ------------------------------------------------------------------------------------------------------------
    def step(self) -> None:
        """Simulate one month."""
        self._model.step()

    def run_for(self, months: int) -> None:
        """Simulate ``months`` months (scheduled world events fire on the way)."""
        self._model.run_for(months)

    def run(self, months: int | None = None) -> pd.DataFrame:
        """Run to the horizon (or for ``months``) and return the monthly metrics."""
        return self._model.run(months)

    # levers and world events -----------------------------------------------------------------------------------------
    def set_lever(self, name: str, on: bool) -> None:
        """Switch a structural lever (``LEVERS``) on or off from the next month on."""
        self._model.set_lever(name, bool(on))

    def start_crisis(self, kind: str, size: float, half_life: float, departments: Sequence[str] = ()) -> None:
        """A crisis now: an urgency shock on ``departments`` (codes; none: those whose priorities it touches)."""
        self._model.start_crisis(kind, float(size), float(half_life), tuple(departments))

    def budget_cut(self, departments: Sequence[str], fraction: float) -> None:
        """Cut the budgets for joint work of ``departments`` (codes; none: every department) by ``fraction``."""
        self._model.budget_cut(tuple(departments), float(fraction))

    def cabinet_change(self, cause: str) -> None:
        """A new cabinet now (``cause`` is logged); the next regular one follows a full term later."""
        self._model.cabinet_change(cause)

    def election(self) -> None:
        """An early election: the cabinet falls now."""
        self._model.cabinet_change("early fall")

    # players ---------------------------------------------------------------------------------------------------------
    def answer_for_players(self, answer: Answer | None) -> None:
        """How played organisations answer proposals: ``answer(topic, partner, decision)`` returns the decision
        to take instead of the rule's ``decision`` (None: the rules answer)."""
        self._model.decision_override = answer

    def open_seat(self, level: str, index: int) -> NationalSeat | MunicipalSeat:
        """The seat of organisation (national) or municipality (municipal) ``index``: where a player sits."""
        return open_seat(self._model, level, index)


View.API = _api(View)
Simulation.API = _api(Simulation)
MunicipalView.API = _api(MunicipalView)


def model_of(sim: Simulation) -> HiapModel:
    """The model inside a simulation, for tests of the model's internals (front ends cannot import this module)."""
    return sim._model


__all__ = ["MunicipalView", "OrganisationInfo", "Records", "Simulation", "View", "WorkRecord", "model_of", "read_only"]
