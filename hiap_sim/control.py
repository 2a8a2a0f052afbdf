"""The control port: the one door through which the front ends (the game, the web app and its explorer) and the
validation statistics reach the model.

Front ends build scenarios (``hiap_sim.scenario``), open a :class:`Simulation` here, steer it and read its
:class:`View`; they never hold the model itself, never import the rule pipeline (``hiap_sim.pipeline``,
``hiap_sim.mechanisms``, the levels ``hiap_sim.national`` and ``hiap_sim.municipal``, ``hiap_sim.agents``,
``hiap_sim.model``, ``hiap_sim.views``) and never read a private attribute. Architecture checks in CI keep it
so (``[tool.importlinter]`` in pyproject.toml and tests/test_architecture.py, which also fails when a front end
reads a name on a simulation or a view that is not in its ``API``); ``docs/architecture.md`` draws the rooms.

What passes the door:

- ``Simulation(scenario, seed=None, months=None, metrics=None)``: one run, its model held privately. Controls:
  ``step()``, ``run_for(months)``, ``run(months=None)`` (the monthly metrics), ``set_lever(name, on)``, the world
  events a game master injects (``start_crisis``, ``budget_cut``, ``cabinet_change``, ``election``),
  ``answer_for_players(answer)`` (how played organisations answer proposals) and ``open_seat(level, index)``;
  ``view`` reads it.
- ``View`` (``Simulation.view``), read-only: the calendar (``month``, ``date``, ``horizon``, ``seed``,
  ``calendar_label``, ``month_of``), the topic catalogue (``topic_names``, ``topic_index``, ``topic_label``,
  ``window_topics``), the organisations (``organisations`` as ``OrganisationInfo``, ``org_codes``,
  ``n_departments``, ``n_organisations``, ``coordinator_org``, ``playable_municipalities``), the outcomes
  (``counters``, ``records``, ``dataframe()``), the levers (``levers``, ``pending_levers``), the joint work
  (``initiatives`` as ``WorkRecord``, ``joint_work_frame()``, ``ladder()``), relations and goals (``org_trust()``,
  ``staff_trust()``, ``org_fit``, ``staff_org``, ``staff_rank``: read-only numpy views), the municipal level's
  public figures (``municipal``, a ``MunicipalView`` or None), the event log (``events``, ``event_frame()``) and
  a copy of the scenario (``scenario``).
- ``run_scenario``: run a scenario once and return its monthly metrics.
- ``LEVERS``: the structural levers, derived from the scenario schema (one definition);
- ``LEVEL_NAMES``: the collaboration ladder; ``PHASES`` and the phase groups of joint work;
- ``Decision`` and ``REASONS``: what a partner decided and why;
- ``open_seat`` and the seats (``Seat``, ``NationalSeat``, ``MunicipalSeat``): where a player sits, one interface
  for every level (partners, joint work as ``WorkView``, free resources, strategy, records, relations, the verbs
  of the game's actions; ``Seat.offers`` says which verbs a level has);
- ``Event`` and ``EventLog``: the typed events of a run (``view.events``: message keys with values and the
  structured detail, with queries by mark, kind, joint work and organisation); front ends render them in the
  reader's language with ``hiap_sim.text.render``.

The model's classes (``HiapModel``, ``MunicipalLevel``, ``Initiative``) are not exported: front ends need none.
"""

from __future__ import annotations

from hiap_sim.events import Event, EventLog
from hiap_sim.mechanisms.decisions import REASONS, Decision
from hiap_sim.metrics import LEVEL_NAMES
from hiap_sim.model import LEVERS, run_scenario
from hiap_sim.pipeline import ABANDONED, ACTIVE_MAX, APPROACHES, COMPLETED, FUNDINGS, PHASES, STALLED
from hiap_sim.seats import Indicator, MunicipalSeat, NationalSeat, Partner, Relation, Seat, WorkView
from hiap_sim.views import MunicipalView, OrganisationInfo, Records, Simulation, View, WorkRecord


def open_seat(sim: Simulation, level: str, index: int) -> NationalSeat | MunicipalSeat:
    """The seat of organisation (national) or municipality (municipal) ``index`` in ``sim``."""
    return sim.open_seat(level, index)


__all__ = [
    "ABANDONED", "ACTIVE_MAX", "APPROACHES", "COMPLETED", "FUNDINGS", "LEVEL_NAMES", "LEVERS", "PHASES", "REASONS", "STALLED",
    "Decision", "Event", "EventLog", "Indicator", "MunicipalSeat", "MunicipalView", "NationalSeat", "OrganisationInfo", "Partner", "Records", "Relation",
    "Seat", "Simulation", "View", "WorkRecord", "WorkView", "open_seat", "run_scenario",
]
