"""Typed events: what happened in a run, as a message key with its values and the structured detail.

The engine never renders prose. Each entry of the event log is an :class:`Event`: the month, the kind
('cabinet', 'decision', 'initiative_stalled', ...), a message key with the values that fill it in (numbers,
codes, topic names) and the structured detail that tables and front ends read (initiative number, partner,
reason, level, ...). Text is made at the edge: :func:`hiap_sim.text.render` fills an event's message in the
reader's language, and ``events.csv`` carries the English rendering (``hiap_sim.output``).

The :class:`EventLog` is appended in the hot path (about 10^5 events in a whole-country run), so an entry
costs one small object and an index append; the queries the front ends need (what happened since a mark, of
some kinds, about one piece of joint work, by one organisation, the latest of a kind) read the log without
copying it. The municipal level keeps a second log of the same events for the municipalities it watches (its
journal): each of its events names its municipality in the detail (:attr:`Event.municipality`).

A 'decision' event is a partner's answer to a request to join joint work. Its detail: ``partner``, ``lead``,
``topic``, ``accept``, ``reason``, ``probability``, ``level``, ``frame`` and ``new_work`` -- True when the partner
was asked to start new joint work (a proposal), False when it was invited into joint work already under way (the
journal's entries also carry ``row``, the work asked about or -1, and ``escalation``: an answer to a request to go a
level deeper, on running work, so never new work).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

ORG_FIELDS = ("partner", "lead", "org", "department", "holder")  # detail fields that name an organisation


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the event log.

    ``key`` names the message (``hiap_sim.text``), ``values`` fill it in; ``detail`` is the structured record
    (its fields become columns of ``events.csv``, in the order given)."""

    month: int
    kind: str
    key: str
    values: dict[str, Any]
    detail: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        """A field of the structured detail."""
        return self.detail.get(name, default)

    @property
    def initiative(self) -> Any:
        return self.detail.get("initiative")

    @property
    def municipality(self) -> str | None:
        """The municipality the event happened in (entries of a municipality's journal), else None."""
        return self.detail.get("municipality")

    def names_org(self, code: str) -> bool:
        """Whether the event names the organisation ``code`` (as partner, lead, actor, department or holder)."""
        detail = self.detail
        if any(detail.get(f) == code for f in ORG_FIELDS):
            return True
        departments = detail.get("departments")
        return bool(departments) and code in departments

    def record(self) -> dict[str, Any]:
        """The event as a plain record without text: month, kind and the detail."""
        return {"month": self.month, "kind": self.kind, **self.detail}


class EventLog:
    """The events of a run in the order they happened, with the queries front ends and statistics need.

    ``mark()`` is a position in the log; ``since(mark)`` the events after it. Writing an event is one tuple
    (the hot path); the :class:`Event` objects and the index by kind are made when the log is next read, once
    for each event, so ``of_kind`` reads only the events of those kinds."""

    __slots__ = ("_by_kind", "_events", "_rows", "date_of")

    def __init__(self, date_of: Callable[[int], str] | None = None) -> None:
        """``date_of(month)``: the calendar label ('YYYY-MM') of a model month, for the records with dates."""
        self._rows: list[tuple[int, str, str, dict[str, Any], dict[str, Any]]] = []  # as written
        self._events: list[Event] = []  # the first len(_events) rows, as events
        self._by_kind: dict[str, list[int]] = {}
        self.date_of = date_of

    # ------------------------------------------------------------------------------------ writing
    def add(self, month: int, kind: str, key: str, values: dict[str, Any], detail: dict[str, Any]) -> None:
        """Log an event: its month, kind, message key with the values, and the structured detail."""
        self._rows.append((month, kind, key, values, detail))

    def _read(self) -> list[Event]:
        """The events, made from the rows written since the last read."""
        events = self._events
        rows = self._rows
        if len(events) < len(rows):
            index = self._by_kind
            for position in range(len(events), len(rows)):
                event = Event(*rows[position])
                events.append(event)
                found = index.get(event.kind)
                if found is None:
                    index[event.kind] = [position]
                else:
                    found.append(position)
        return events

    # ------------------------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._read())

    def __getitem__(self, index: int) -> Event:
        return self._read()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventLog):
            return self._rows == other._rows
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def mark(self) -> int:
        """A position in the log: the events that come after it are ``since(mark)``."""
        return len(self._rows)

    def since(self, mark: int = 0) -> list[Event]:
        """The events after ``mark``, in order."""
        return self._read()[mark:]

    def kinds(self) -> set[str]:
        self._read()
        return set(self._by_kind)

    def of_kind(self, *kinds: str, since: int = 0) -> list[Event]:
        """The events of these kinds (after ``since``), in order."""
        events = self._read()
        index = self._by_kind
        if len(kinds) == 1:
            return [events[i] for i in index.get(kinds[0], ()) if i >= since]
        rows = sorted(i for k in kinds for i in index.get(k, ()) if i >= since)
        return [events[i] for i in rows]

    def count(self, kind: str) -> int:
        self._read()
        return len(self._by_kind.get(kind, ()))

    def about(self, initiative: Any, kinds: Iterable[str] | None = None) -> list[Event]:
        """The events about one piece of joint work (by its number), optionally only of ``kinds``."""
        source = self._read() if kinds is None else self.of_kind(*kinds)
        return [e for e in source if e.detail.get("initiative") == initiative]

    def by_org(self, code: str, kinds: Iterable[str] | None = None) -> list[Event]:
        """The events that name the organisation ``code`` (partner, lead, actor, department, holder)."""
        source = self._read() if kinds is None else self.of_kind(*kinds)
        return [e for e in source if e.names_org(code)]

    def where(self, kind: str, since: int = 0, **fields: Any) -> list[Event]:
        """Events of ``kind`` (after ``since``) whose detail has these field values, e.g.
        ``where('partner_left', partner='SZW')``."""
        return [e for e in self.of_kind(kind, since=since) if all(e.detail.get(f) == v for f, v in fields.items())]

    def latest(self, kind: str, since: int = 0, **fields: Any) -> Event | None:
        """The last event of ``kind`` after ``since`` whose detail has these field values, or None."""
        for event in reversed(self.of_kind(kind, since=since)):
            if all(event.detail.get(f) == v for f, v in fields.items()):
                return event
        return None

    def records(self, render: Callable[[Event], str] | None = None) -> list[dict[str, Any]]:
        """The events as records: month, date, kind, ``what`` (the event rendered by ``render``, if given) and the
        detail -- the rows of ``events.csv``."""
        date_of = self.date_of
        dates: dict[int, str] = {}
        rows = []
        for event in self._read():
            month = event.month
            date = dates.get(month)
            if date is None:
                date = dates[month] = date_of(month) if date_of is not None else ""
            if render is None:
                rows.append({"month": month, "date": date, "kind": event.kind, **event.detail})
            else:
                rows.append({"month": month, "date": date, "kind": event.kind, "what": render(event), **event.detail})
        return rows
