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


class AliveIndex(dict):
    """(group, lead, topic) -> the row of alive joint work that new proposals on the topic join. A merger of
    organisations can leave two alive rows of one lead on one topic: the others wait (``shadow``) and take the key,
    in row order, when the row holding it ends (``close``)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[tuple[int, int, int], list[int]] = {}

    def shadow(self, key: tuple[int, int, int], row: int) -> None:
        """``row`` is alive under ``key``: it holds the key unless another row does, else it waits for it."""
        if self.setdefault(key, row) != row and row not in self.waiting.get(key, ()):
            self.waiting.setdefault(key, []).append(row)

    def close(self, key: tuple[int, int, int], row: int) -> None:
        """``row`` under ``key`` is no longer alive under it (it ended, or its lead changed)."""
        waiting = self.waiting.get(key)
        if self.get(key) == row:
            if waiting:
                self[key] = waiting.pop(0)
            else:
                del self[key]
        elif waiting and row in waiting:
            waiting.remove(row)
        if waiting is not None and not waiting:
            del self.waiting[key]


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
        # rows by phase ('active', 'alive' or a phase index -> rows, read-only), for the phases of the rows as they were
        # (``phase[:n]`` as bytes) when last listed: listed again only when some row's phase has changed or rows were added
        self._phase_key = b""
        self._rows_by_phase: dict[Any, np.ndarray] = {}
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
        """Rows in an active phase (read-only)."""
        return self._rows_where("active")

    def alive_rows(self) -> np.ndarray:
        """Active or stalled rows: not yet completed or abandoned (read-only)."""
        return self._rows_where("alive")

    def rows_in(self, phase: int) -> np.ndarray:
        """Rows in ``phase`` (read-only)."""
        return self._rows_where(phase)

    def _rows_where(self, which: Any) -> np.ndarray:
        """The rows ``active_rows``, ``alive_rows`` or ``rows_in(which)`` list, kept while no phase has changed."""
        phase = self.phase[: self.n]
        key = phase.tobytes()
        if key != self._phase_key:  # some phase changed, or rows were added: list again
            self._phase_key = key
            self._rows_by_phase = {}
        rows = self._rows_by_phase.get(which)
        if rows is None:
            if which == "active":
                rows = (phase <= ACTIVE_MAX).nonzero()[0]
            elif which == "alive":
                rows = ((phase <= ACTIVE_MAX) | (phase == STALLED)).nonzero()[0]
            else:
                rows = (phase == which).nonzero()[0]
            rows.flags.writeable = False  # shared by every caller until the phases change
            self._rows_by_phase[which] = rows
        return rows

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
        """``members(row)`` for each of ``rows``: the lead, then the partners in order (few rows: a Python pass over
        each row's flags costs less than the array set-up of ``cells``)."""
        columns = range(self.n_org)
        return [[lead, *[org for org in columns if flags[org]]]
                for lead, flags in zip(self.lead.take(rows).tolist(), self.partners.take(rows, axis=0).tolist(), strict=True)]

    def member_staff_of(self, rows: np.ndarray, partners: np.ndarray | None = None) -> list[list[int]]:
        """``member_staff(row)`` for each of ``rows``: the coordinator, then the partners' contact persons in order;
        ``partners``: ``self.partners.take(rows, axis=0)`` when the caller has it already."""
        if partners is None:
            partners = self.partners.take(rows, axis=0)
        return [[coordinator, *[official for official, flag in zip(contacts, flags, strict=True) if flag]]
                for coordinator, contacts, flags in zip(self.coordinator.take(rows).tolist(), self.contact.take(rows, axis=0).tolist(),
                                                        partners.tolist(), strict=True)]

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

    def deepest_levels(self, n_groups: int, n_org: int | None = None) -> np.ndarray:
        """The collaboration ladder between organisations: the deepest level of active (not stalled) joint work
        that each pair of organisations shares, per group (groups x organisations x organisations; 0 none);
        ``n_org``: only the first so many organisations (the national level's departments)."""
        table = self
        n_org = table.n_org if n_org is None else n_org
        out = np.zeros((n_groups, n_org, n_org), dtype=np.int64)
        rows = table.active_rows()
        if len(rows) == 0:
            return out
        members = table.partners[rows].copy()
        members[np.arange(len(rows)), table.lead[rows]] = True
        members = members[:, :n_org]
        shared = members[:, :, None] & members[:, None, :]  # rows x organisations x organisations: both are members
        diagonal = np.arange(n_org)
        shared[:, diagonal, diagonal] = False
        levels = np.where(shared, table.level[rows][:, None, None], 0)
        if n_groups == 1:
            np.maximum(out[0], levels.max(axis=0), out=out[0])
        else:
            np.maximum.at(out, table.group[rows], levels)
        return out
