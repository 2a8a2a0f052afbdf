"""Municipalities, their sectors and their officials (spec 2.2-2.3).

The state lives in the municipal level's numpy arrays (``hiap_sim.municipal``: per-municipality blocks, the
hot path); these classes are views on one municipality, one sector of it, or one municipal post, so Mesa's
AgentSet tools work on them while contacts, trust and joint work stay vectorised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiap_sim.mesa_core import Agent, Model
from hiap_sim.scenario.municipal import MATURITY_STAGES, MUNICIPAL_RANKS, SECTORS

if TYPE_CHECKING:
    from hiap_sim.municipal import MunicipalLevel


class Municipality(Agent):
    """A Dutch municipality in which public health must win over other sectors [RIVM2010].

    Rule in one line: the same contact, proposal, decision and work rules as between ministries run between
    its twelve sectors, with the alderman's support in the role of political commitment; its maturity
    (Bewust, Belegd, Beproefd, Beleid, Begrepen) rises when the stage's conditions hold and falls back when
    they lapse (spec 4.9).
    """

    def __init__(self, model: Model, level: MunicipalLevel, index: int, name: str, size_class: str) -> None:
        super().__init__(model)
        self.level = level
        self.index = index
        self.name = name
        self.size_class = size_class
        self.sectors = [Sector(self, s) for s in range(len(SECTORS))]

    @property
    def population(self) -> int:
        return int(self.level.population[self.index])

    @property
    def low_ses_share(self) -> float:
        return float(self.level.low_ses_share[self.index])

    @property
    def ses_concentration(self) -> float:
        return float(self.level.ses_concentration[self.index])

    @property
    def alderman_support(self) -> float:
        return float(self.level.support[self.index])

    @property
    def has_lead(self) -> bool:
        return bool(self.level.has_lead[self.index])

    @property
    def igb_assigned(self) -> bool:
        return bool(self.level.assigned[self.index])

    @property
    def ggd_support(self) -> float:
        return float(self.level.ggd[self.index])

    @property
    def maturity(self) -> int:
        return int(self.level.maturity[self.index])

    @property
    def maturity_stage(self) -> str:
        return MATURITY_STAGES[self.maturity - 1]

    @property
    def budget(self) -> float:
        """Local budget for joint health work, own money plus national grants held (k EUR / year)."""
        return float(self.level.total_budget()[self.index])

    @property
    def urgency(self) -> float:
        return float(self.level.urgency[self.index])

    def __repr__(self) -> str:
        return f"Municipality({self.name}, {self.size_class}, stage {self.maturity})"


class Sector:
    """One sector of a municipality (public health, youth, ..., safety) with its field and officials [RIVM2010]."""

    def __init__(self, municipality: Municipality, index: int) -> None:
        self.municipality = municipality
        self.index = index
        self.name = SECTORS[index]

    @property
    def field(self) -> str:
        return self.municipality.level.sector_field[self.index]

    @property
    def officials(self) -> list[MunicipalOfficial]:
        level = self.municipality.level
        return [level.officials[self.municipality.index][slot] for slot in level.sector_slots[self.index]]

    @property
    def collaborates_with_public_health(self) -> bool:
        """Whether one of its officers is in joint work with public health (or was, within survey recall)."""
        level = self.municipality.level
        return bool(level.collaborating()[self.municipality.index, level.sector_officers[self.index]].any())

    def __repr__(self) -> str:
        return f"Sector({self.name} of {self.municipality.name})"


class MunicipalOfficial(Agent):
    """A civil servant of a municipal sector (spec 2.2; municipal ranks: officer, head).

    Officers do the joint work and are the ones the RIVM survey asked; heads are the sector's management,
    whose awareness grows through their officers' joint work and whose steering the maturity model needs
    [RIVM2010]. A successor inherits the post, not the ties [HHS2016].
    """

    def __init__(self, model: Model, municipality: Municipality, slot: int) -> None:
        super().__init__(model)
        self.municipality = municipality
        self.slot = slot

    @property
    def employer(self) -> Sector:
        return self.municipality.sectors[int(self.municipality.level.slot_sector[self.slot])]

    @property
    def rank(self) -> str:
        return MUNICIPAL_RANKS[int(self.municipality.level.slot_rank[self.slot])]

    @property
    def awareness(self) -> float:
        return float(self.municipality.level.awareness[self.municipality.index, self.slot])

    @property
    def boundary_spanning(self) -> float:
        return float(self.municipality.level.boundary[self.municipality.index, self.slot])

    @property
    def hours(self) -> float:
        return float(self.municipality.level.hours[self.municipality.index, self.slot])

    @property
    def tenure(self) -> int:
        return int(self.municipality.level.tenure[self.municipality.index, self.slot])
