"""Initiatives: joint pieces of policy work (spec 2.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel

ACTIVE_PHASES = ("preparing", "building", "formalised", "implementing")
LEVEL_NAMES = {0: "none", 1: "ad hoc", 2: "cooperation", 3: "coordination", 4: "integration"}


class Initiative(mesa.Agent):
    """Joint work on a topic between a lead organisation and partners, driven by one coordinator.

    Climbs the collaboration ladder (Meijers & Stead; Daalder [ABD2024 6.1]), progresses with time, budget,
    trust and political cover, produces small wins [AIG2016], and stalls when its coordinator leaves without
    a successor or its project money ends without follow-up [AIG2016, REG2021]; it completes when its goal
    is met [HHS2016 SF10].
    """

    def __init__(
        self,
        model: HiapModel,
        *,
        topic: int,
        lead: int,
        coordinator: int,
        level: int,
        target_level: int,
        frame: str,
        approach: str,
        funding: str,
        origin: str,
        started: int,
        funding_end: int | None,
    ) -> None:
        super().__init__(model)
        self.topic = topic
        self.lead = lead
        self.coordinator = coordinator
        self.partners: dict[int, int] = {}  # partner organisation -> its contact person
        self.level = level
        self.target_level = target_level
        self.frame = frame
        self.approach = approach
        self.funding = funding
        self.origin = origin
        self.started = started
        self.funding_end = funding_end
        self.phase = "preparing"
        self.progress = 0.0
        self.small_wins = 0
        self.health_gain = 0.0
        self.health_scheduled = 0.0
        self.ahead_of_trust = False  # formalised before trust was there ('plichtpleging')
        self.stalled_since: int | None = None
        self.stall_reason = ""
        self.ended: int | None = None
        self.end_reason = ""

    @property
    def active(self) -> bool:
        return self.phase in ACTIVE_PHASES

    @property
    def alive(self) -> bool:
        """Active or stalled: not yet completed or abandoned."""
        return self.phase in ACTIVE_PHASES or self.phase == "stalled"

    @property
    def members(self) -> list[int]:
        return [self.lead, *self.partners]

    @property
    def member_staff(self) -> list[int]:
        return [self.coordinator, *self.partners.values()]

    def label(self) -> str:
        model = self.model
        partners = "+".join(model.organisations[p].code for p in self.partners) or "-"
        return f"{model.topic_names[self.topic]} ({model.organisations[self.lead].code} with {partners})"
