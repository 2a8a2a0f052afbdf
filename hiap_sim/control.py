"""The control port: the one door through which the front ends (the game, the web app and its explorer) and the
validation statistics reach the model.

Front ends build scenarios (``hiap_sim.scenario``), open a model here, set levers, step it and read what it
shows; they never import the rule pipeline (``hiap_sim.pipeline``, ``hiap_sim.mechanisms``, the levels
``hiap_sim.national`` and ``hiap_sim.municipal``, ``hiap_sim.agents``) nor read a private attribute. An
architecture contract in CI keeps it so (``[tool.importlinter]`` in pyproject.toml and
tests/test_architecture.py); ``docs/architecture.md`` draws the rooms.

What passes the door:
- ``HiapModel`` and ``run_scenario``: open and run a model;
- ``LEVERS``: the structural levers, derived from the scenario schema (one definition);
- ``LEVEL_NAMES``: the collaboration ladder; ``PHASES`` and the phase groups of joint work;
- ``Decision`` and ``REASONS``: what a partner decided and why;
- ``open_seat`` and the seats (``Seat``, ``NationalSeat``, ``MunicipalSeat``): where a player sits, one interface
  for every level (partners, joint work as ``WorkView``, free resources, strategy, records, relations, the verbs
  of the game's actions; ``Seat.offers`` says which verbs a level has);
- ``Initiative`` (a view on a row of joint work) and ``MunicipalLevel``, for type hints;
- ``Event`` and ``EventLog``: the typed events of a run (``model.event_log``: message keys with values and the
  structured detail, with queries by mark, kind, joint work and organisation); front ends render them in the
  reader's language with ``hiap_sim.text.render``.
"""

from __future__ import annotations

from hiap_sim.agents.initiative import Initiative
from hiap_sim.events import Event, EventLog
from hiap_sim.mechanisms.decisions import REASONS, Decision
from hiap_sim.metrics import LEVEL_NAMES
from hiap_sim.model import LEVERS, HiapModel, run_scenario
from hiap_sim.municipal import MunicipalLevel
from hiap_sim.pipeline import ABANDONED, ACTIVE_MAX, APPROACHES, COMPLETED, FUNDINGS, PHASES, STALLED
from hiap_sim.seats import Indicator, MunicipalSeat, NationalSeat, Partner, Relation, Seat, WorkView, open_seat

__all__ = [
    "ABANDONED", "ACTIVE_MAX", "APPROACHES", "COMPLETED", "FUNDINGS", "LEVEL_NAMES", "LEVERS", "PHASES", "REASONS", "STALLED",
    "Decision", "Event", "EventLog", "HiapModel", "Indicator", "Initiative", "MunicipalLevel", "MunicipalSeat", "NationalSeat", "Partner", "Relation", "Seat", "WorkView",
    "open_seat", "run_scenario",
]
