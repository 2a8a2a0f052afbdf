"""The one table of joint work (spec 2.4): a row per initiative, for ministries and municipalities alike.

Rows are plain entities in numpy columns, not agents: a run of all Dutch municipalities holds thousands.
``group`` says where the work happens: 0 at the national level, the municipality's index at the municipal
level. Organisations (departments or sectors) and officials (slots) are numbered within a group.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hiap_sim.mechanisms.work import APPROACH_ORDER, PHASE_ORDER

PHASES = (*PHASE_ORDER, "stalled", "abandoned")
ACTIVE_MAX = 3  # phases 0-3 are active
STALLED, COMPLETED, ABANDONED = PHASES.index("stalled"), PHASES.index("completed"), PHASES.index("abandoned")
APPROACHES = APPROACH_ORDER
FUNDINGS = ("project", "structural", "population")


def at_cells(ufunc: np.ufunc, array: np.ndarray, rows: np.ndarray, cols: np.ndarray, values: Any) -> None:
    """``ufunc.at(array, (rows, cols), values)`` on a 2-D array: the same operations in the same order, on the flat
    positions when the array is contiguous (several times faster)."""
    if array.flags.c_contiguous:
        ufunc.at(array.reshape(-1), rows * array.shape[1] + cols, values)
    else:
        ufunc.at(array, (rows, cols), values)


def cells(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero`` of a 2-D mask (row indices, column indices, in row-major order), from the flat positions:
    the same arrays, several times faster."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


class WorkTable:
    """Joint work as columns (one row per initiative)."""

    SCALARS: dict[str, tuple[Any, Any]] = {
        "group": (np.int64, 0), "topic": (np.int64, 0), "lead": (np.int64, 0), "coordinator": (np.int64, 0),
        "level": (np.int64, 2), "target": (np.int64, 2), "hfap": (bool, False), "approach": (np.int64, 1),
        "funding": (np.int64, 0), "started": (np.int64, 0), "funding_end": (np.int64, -1),
        "phase": (np.int64, 0), "progress": (float, 0.0), "small_wins": (np.int64, 0), "stalled_since": (np.int64, -1),
        "ended": (np.int64, -1), "health_scheduled": (float, 0.0), "ahead_of_trust": (bool, False),
    }

    def __init__(self, n_org: int, capacity: int = 64) -> None:
        self.n = 0
        self.n_org = n_org
        self.reason: list[str] = []  # why a row stalled or ended
        self.origin: list[str] = []  # what started it: a chance encounter, a relation, a working group, joint work, a player
        self._allocate(capacity)

    def _allocate(self, capacity: int) -> None:
        old = {name: getattr(self, name) for name in (*self.SCALARS, "partners", "contact")} if self.n else {}
        for name, (dtype, fill) in self.SCALARS.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))
        self.partners = np.zeros((capacity, self.n_org), dtype=bool)
        self.contact = np.full((capacity, self.n_org), -1, dtype=np.int64)
        for name, values in old.items():
            getattr(self, name)[: self.n] = values[: self.n]
        self.capacity = capacity

    def add(self, origin: str = "", **values: Any) -> int:
        if self.n == self.capacity:
            self._allocate(2 * self.capacity)
        row = self.n
        for name, value in values.items():
            getattr(self, name)[row] = value
        self.reason.append("")
        self.origin.append(origin)
        self.n += 1
        return row

    def active_rows(self) -> np.ndarray:
        return (self.phase[: self.n] <= ACTIVE_MAX).nonzero()[0]

    def alive_rows(self) -> np.ndarray:
        """Active or stalled rows: not yet completed or abandoned."""
        phase = self.phase[: self.n]
        return ((phase <= ACTIVE_MAX) | (phase == STALLED)).nonzero()[0]

    def rows_in(self, phase: int) -> np.ndarray:
        return (self.phase[: self.n] == phase).nonzero()[0]

    def is_active(self, row: int) -> bool:
        return bool(self.phase[row] <= ACTIVE_MAX)

    def is_alive(self, row: int) -> bool:
        return bool(self.phase[row] <= ACTIVE_MAX or self.phase[row] == STALLED)

    def partner_list(self, row: int) -> list[int]:
        return self.partners[row].nonzero()[0].tolist()

    def members(self, row: int) -> list[int]:
        """Member organisations: the lead and its partners."""
        return [self.lead.item(row), *self.partners[row].nonzero()[0].tolist()]

    def member_staff(self, row: int) -> list[int]:
        """Member officials: the coordinator and each partner's contact person."""
        return [self.coordinator.item(row), *self.contact[row][self.partners[row]].tolist()]

    def members_of(self, rows: np.ndarray) -> list[list[int]]:
        """``members(row)`` for each of ``rows``, with a few array operations for all of them."""
        out = [[lead] for lead in self.lead[rows].tolist()]
        r, s = cells(self.partners.take(rows, axis=0))
        for position, org in zip(r.tolist(), s.tolist(), strict=True):
            out[position].append(org)
        return out

    def member_staff_of(self, rows: np.ndarray) -> list[list[int]]:
        """``member_staff(row)`` for each of ``rows``, with a few array operations for all of them."""
        out = [[official] for official in self.coordinator[rows].tolist()]
        r, s = cells(self.partners.take(rows, axis=0))
        for position, official in zip(r.tolist(), self.contact[rows[r], s].tolist(), strict=True):
            out[position].append(official)
        return out

    def meetings(self, rng: np.random.Generator, rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """This month's meetings in active joint work, the rule of both levels (spec 4.2): each partner's contact
        person meets the coordinator Poisson(``rate``) times (one draw per partner, in row order); the pairs that
        met, as (group, coordinator, contact person, meetings)."""
        active = self.active_rows()
        rows, orgs = cells(self.partners.take(active, axis=0))
        rows = active[rows]
        count = rng.poisson(rate, size=len(rows))
        held = count.nonzero()[0]  # pairs that did not meet this month change nothing
        rows, orgs = rows[held], orgs[held]
        return self.group[rows], self.coordinator[rows], self.contact[rows, orgs], count[held]

    def member_pairs(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ordered pairs of distinct member officials of each row, as (position in ``rows``, official, official)."""
        k = len(rows)
        r, s = cells(self.partners.take(rows, axis=0))
        member_row = np.concatenate([np.arange(k), r])
        member_slot = np.concatenate([self.coordinator[rows], self.contact[rows[r], s]])
        order = np.argsort(member_row, kind="stable")
        member_row, member_slot = member_row[order], member_slot[order]
        sizes = np.bincount(member_row, minlength=k)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        # every pair within a row: for each member, each other member of its row
        reps = sizes[member_row]
        a_index = np.repeat(np.arange(len(member_row)), reps)
        offsets = np.arange(len(a_index)) - np.repeat(np.cumsum(reps) - reps, reps)
        b_index = starts[member_row[a_index]] + offsets
        keep = a_index != b_index
        return member_row[a_index[keep]], member_slot[a_index[keep]], member_slot[b_index[keep]]
