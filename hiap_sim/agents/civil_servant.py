"""Civil servants (spec 2.2). Their state lives in the model's numpy arrays (the hot path); the agent is a
view on one post, so Mesa's AgentSet tools work on them while contacts and trust stay vectorised."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiap_sim.mesa_core import Agent
from hiap_sim.scenario.schema import RANKS

if TYPE_CHECKING:
    from hiap_sim.agents.organisation import Organisation
    from hiap_sim.model import HiapModel


class CivilServant(Agent):
    """A civil servant in a post: rank, boundary spanning, awareness, hours, tenure.

    Willingness to propose falls with rank and orientation to the minister rises with it [HHS2016 #8];
    a successor inherits the post, not the ties [HHS2016: 'wisselende contactpersonen'].
    """

    def __init__(self, model: HiapModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def employer(self) -> Organisation:
        return self.model.organisations[int(self.model.staff_org[self.index])]

    @property
    def rank(self) -> str:
        return RANKS[int(self.model.staff_rank[self.index])]

    @property
    def boundary_spanning(self) -> float:
        return float(self.model.staff_boundary[self.index])

    @property
    def awareness(self) -> float:
        return float(self.model.staff_awareness[self.index])

    @property
    def hours(self) -> float:
        return float(self.model.staff_hours[self.index])

    @property
    def tenure(self) -> int:
        return int(self.model.staff_tenure[self.index])
