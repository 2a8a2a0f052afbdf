"""Training game on the hiap-sim model: roles, actions, turns, scoring, debrief, sessions (no UI code).

Players take roles (the VWS HiaP programme director, a DG of another ministry, and — with municipalities — a
municipal public health officer or alderman); each role replaces the model's rules for its organisation's
choices while the model plays everyone else. A turn is: decide, the model runs k months, feedback. The
report behind the model recommends simulation games to train civil servants in cross-department work
[HHS2016]; the design follows In2Action (REPOPA), World Climate and De Burgemeestergame.

The terminal front end is ``hiap_sim.game.cli``; a web front end uses the same :class:`GameSession`.
"""

from hiap_sim.game.actions import ACTIONS, ActionError
from hiap_sim.game.roles import Role, RoleError, available_roles
from hiap_sim.game.session import GameError, GameSession, Player, TurnReport
from hiap_sim.game.store import SessionStore

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
