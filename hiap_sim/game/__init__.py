"""Training game on the hiap-sim model: roles, actions, turns, scoring, debrief, sessions (no UI code).

Players take roles (the VWS HiaP programme director, a DG of another ministry, and — with municipalities — a
municipal public health officer or alderman); each role replaces the model's rules for its organisation's
choices while the model plays everyone else. A turn is: decide, the model runs k months, feedback. The
report behind the model recommends simulation games to train civil servants in cross-department work
[HHS2016]; the design follows In2Action (REPOPA), World Climate and De Burgemeestergame.

The terminal front end is ``hiap_sim.game.cli``; a web front end uses the same :class:`GameSession`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiap_sim.game.actions import ACTIONS, ActionError
    from hiap_sim.game.roles import Role, RoleError, available_roles
    from hiap_sim.game.session import GameError, GameSession, Player, TurnReport
    from hiap_sim.game.store import SessionStore

# imported on first use, so that importing a submodule (e.g. the command signatures) does not load the model
_HOMES = {
    "ACTIONS": "actions", "ActionError": "actions", "Role": "roles", "RoleError": "roles", "available_roles": "roles",
    "GameError": "session", "GameSession": "session", "Player": "session", "TurnReport": "session", "SessionStore": "store",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"hiap_sim.game.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'hiap_sim.game' has no attribute {name!r}")

__all__ = [
    "ACTIONS",
    "ActionError",
    "GameError",
    "GameSession",
    "Player",
    "Role",
    "RoleError",
    "SessionStore",
    "TurnReport",
    "available_roles",
]
