"""Initiatives: joint pieces of policy work (spec 2.4), as Mesa agents that are views on rows of the one
joint-work table (``hiap_sim.pipeline``)."""

from __future__ import annotations

from typing import Any

from hiap_sim.mesa_core import Agent, Model
from hiap_sim.pipeline.table import ACTIVE_MAX, APPROACHES, FUNDINGS, PHASES, STALLED

ACTIVE_PHASES = PHASES[: ACTIVE_MAX + 1]


class _Column:
    """A column of the row, read (and, for plain numbers, written) through the view."""

    def __init__(self, column: str, read: Any = int, write: Any = None) -> None:
        self.column, self.read, self.write = column, read, write

    def __get__(self, view: Initiative | None, owner: type) -> Any:
        if view is None:
            return self
        return self.read(getattr(view.table, self.column)[view.row])

    def __set__(self, view: Initiative, value: Any) -> None:
        if self.write is None:
            raise AttributeError(f"'{self.column}' changes only through the joint-work pipeline")
        getattr(view.table, self.column)[view.row] = self.write(value)


def _optional(value: Any) -> int | None:
    return None if int(value) < 0 else int(value)


class Initiative(Agent):
    """Joint work on a topic between a lead organisation and partners, driven by one coordinator.

    Climbs the collaboration ladder (Meijers & Stead; Daalder [ABD2024 6.1]), progresses with time, budget,
    trust and political cover, produces small wins [AIG2016], and stalls when its coordinator leaves without
    a successor or its project money ends without follow-up [AIG2016, REG2021]; it completes when its goal
    is met [HHS2016 SF10]. The rules are those of ``hiap_sim.pipeline.joint_work``; this agent reads its row.
    """

    topic = _Column("topic")
    lead = _Column("lead")
    coordinator = _Column("coordinator")
    level = _Column("level")
    target_level = _Column("target")
    started = _Column("started")
    progress = _Column("progress", float, float)
    small_wins = _Column("small_wins", int, int)
    health_scheduled = _Column("health_scheduled", float)
    ahead_of_trust = _Column("ahead_of_trust", bool)
    funding_end = _Column("funding_end", _optional)
    stalled_since = _Column("stalled_since", _optional)
    ended = _Column("ended", _optional)
    phase = _Column("phase", lambda v: PHASES[int(v)])
    approach = _Column("approach", lambda v: APPROACHES[int(v)])
    funding = _Column("funding", lambda v: FUNDINGS[int(v)])
    frame = _Column("hfap", lambda v: "HfaP" if v else "HiaP")

    def __init__(self, model: Model, row: int) -> None:
        super().__init__(model)
        self.table = model.work.table
        self.row = row

    @property
    def partners(self) -> dict[int, int]:
        """Partner organisation -> its contact person (a copy: partners change through the pipeline)."""
        table, row = self.table, self.row
        return {int(org): int(table.contact[row, org]) for org in table.partners[row].nonzero()[0]}

    @property
    def origin(self) -> str:
        return self.table.origin[self.row]

    @property
    def active(self) -> bool:
        return bool(self.table.phase[self.row] <= ACTIVE_MAX)

    @property
    def alive(self) -> bool:
        """Active or stalled: not yet completed or abandoned."""
        phase = self.table.phase[self.row]
        return bool(phase <= ACTIVE_MAX or phase == STALLED)

    @property
    def stall_reason(self) -> str:
        return self.table.reason[self.row] if self.table.phase[self.row] == STALLED else ""

    @property
    def end_reason(self) -> str:
        return self.table.reason[self.row] if not self.alive else ""

    @property
    def members(self) -> list[int]:
        return self.table.members(self.row)

    @property
    def member_staff(self) -> list[int]:
        return self.table.member_staff(self.row)

    def label(self) -> str:
        model = self.model
        partners = "+".join(model.organisations[p].code for p in self.table.partner_list(self.row)) or "-"
        return f"{model.topic_names[self.topic]} ({model.organisations[self.lead].code} with {partners})"
