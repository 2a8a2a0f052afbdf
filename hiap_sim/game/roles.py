"""Roles a player can take in a training game, read from the scenario.

National roles (spec 1, use 2; In2Action's role cards):

- ``programme_director``: the HiaP programme director of the coordinating department (VWS) [HHS2016,
  ABD2024]; controls the coordinator's choices.
- ``dg:<CODE>``: a director-general of another ministry (OCW, SZW, BZK, ...); controls that ministry's
  choices, including how it answers proposals for joint work.

Municipal roles belong to scenarios with municipalities [RIVM2010]:

- ``health_officer:<MUNICIPALITY>``: the municipal public health officer (with the GGD the one who proposes and
  coordinates local joint work); controls public health's proposals, joint work and answers.
- ``alderman:<MUNICIPALITY>``: the alderman for health, the political side: backing in the college, a local
  health policy note and structural money from the council, publicity.

A simulation's view lists the municipalities a player may take in ``view.playable_municipalities`` (the scenario's
``municipalities.playable``); a role acts on its level through its seat (``Simulation.open_seat``, :mod:`hiap_sim.control`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiap_sim.control import View

ROLE_KINDS = ("programme_director", "dg", "health_officer", "alderman")
ALIASES = {"coordinator": "programme_director", "director": "programme_director", "pd": "programme_director", "vws": "programme_director"}


class RoleError(ValueError):
    """A role that does not exist in this scenario; the message lists the roles that do."""


@dataclass(frozen=True)
class Role:
    """A role: which organisation's choices it makes, and which actions it has."""

    id: str  # e.g. 'programme_director', 'dg:SZW'
    kind: str  # one of ROLE_KINDS
    org_code: str  # the organisation whose agents the role steers
    org_index: int
    level: str = "national"  # the level of government the role sits at: national or municipal (its seat, hiap_sim.control.open_seat)

    @property
    def coordinator(self) -> bool:
        return self.kind == "programme_director"


def national_roles(view: View) -> list[Role]:
    """The programme director of the coordinator and a DG of every other active department."""
    organisations = view.organisations
    coord = organisations[view.coordinator_org]
    roles = [Role("programme_director", "programme_director", coord.code, coord.index)]
    for org in organisations[: view.n_departments]:
        if org.index != coord.index and org.active:
            roles.append(Role(f"dg:{org.code}", "dg", org.code, org.index))
    return roles


def municipal_roles(view: View) -> list[Role]:
    """Municipal public health officer and alderman of each municipality a player can steer.

    Extension point: a municipality becomes playable when the model lists it in ``view.playable_municipalities``
    as ``{name: organisation index}`` (an organisation whose strategy, proposals and answers the model lets a
    player make, like a department). Scenarios without municipalities have none.
    """
    roles = []
    for name, index in view.playable_municipalities.items():
        roles.append(Role(f"health_officer:{name}", "health_officer", name, index, "municipal"))
        roles.append(Role(f"alderman:{name}", "alderman", name, index, "municipal"))
    return roles


def available_roles(view: View) -> list[Role]:
    """Every role this scenario offers."""
    return national_roles(view) + municipal_roles(view)


def parse_role(view: View, text: str) -> Role:
    """The role named by ``text`` ('programme_director', 'dg:SZW', 'dg-szw', 'coordinator', ...)."""
    raw = text.strip()
    key = raw.replace("-", ":", 1) if raw.lower().startswith(("dg-", "health_officer-", "alderman-")) else raw
    kind, _, code = key.partition(":")
    kind = ALIASES.get(kind.lower(), kind.lower())
    roles = available_roles(view)
    for role in roles:
        if role.kind == kind and (not code or role.org_code.lower() == code.lower()) and (code or kind == "programme_director"):
            return role
    dg_codes = ", ".join(r.org_code for r in roles if r.kind == "dg")
    known = f"programme_director (the HiaP programme director of {view.organisations[view.coordinator_org].code}), dg:<CODE> with CODE one of {dg_codes}"
    municipal = [r.id for r in roles if r.kind in ("health_officer", "alderman")]
    if kind in ("health_officer", "alderman") and not municipal:
        level = view.municipal
        if level is not None:
            raise RoleError(f"this scenario has {level.n_municipalities} municipalities, but they are played by the model's own rules only: municipal roles "
                            f"are not playable in this version. Roles here: {known}.")
        raise RoleError(f"the role '{raw}' needs a scenario with playable municipalities; this scenario has none. Roles here: {known}.")
    if municipal:
        known += ", " + ", ".join(municipal)
    if kind in ("health_officer", "alderman") and not code:
        example = municipal[0].partition(":")[2]
        raise RoleError(f"say which municipality, e.g. {kind}:{example}. Roles here: {known}.")
    if kind == "dg" and not code:
        raise RoleError(f"say which ministry the DG leads, e.g. dg:{roles[1].org_code if len(roles) > 1 else 'SZW'}. Roles here: {known}.")
    raise RoleError(f"unknown role '{raw}'. Roles in this scenario: {known}.")
