"""Checks across fields of a scenario: codes that refer to departments and topics, the coordinator, the
departments active over time, and sizes that fit in memory.

They work on the plain mapping (before or after the schema's own checks), so that ``validate`` reports
them together with the problems of single fields, and skip what is of the wrong type (the schema reports
that). The schema runs them too, so a scenario built in code is held to the same rules.
"""

from __future__ import annotations

from typing import Any

from hiap_sim.scenario.fields import FIRST_YEAR, LAST_YEAR, MONTH_PATTERN
from hiap_sim.scenario.problems import did_you_mean

Loc = tuple[Any, ...]
STAFF_DEFAULTS = {"officer": 3, "senior": 2, "director": 1, "dg": 1}


def _month_number(value: Any) -> int | None:
    match = MONTH_PATTERN.match(str(value)) if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12 or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def _label(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _unknown(codes: Any, known: list[str], loc: Loc, what: str) -> list[tuple[Loc, str]]:
    out = []
    for i, code in enumerate(_list(codes)):
        if isinstance(code, str) and code not in known:
            out.append(((*loc, i), f"'{code}' is not a {what} of this scenario; expected one of {', '.join(known)}.{did_you_mean(code, known)}"))
    return out


def _posts(spec: Any) -> int:
    staff = {**STAFF_DEFAULTS, **_dict(_dict(spec).get("staff"))}
    return sum(v for v in staff.values() if isinstance(v, int) and not isinstance(v, bool) and v > 0)


def cross_field_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Problems that involve more than one field, as (field path, message)."""
    from hiap_sim.scenario.common import MAX_NATIONAL_OFFICIALS

    out: list[tuple[Loc, str]] = []
    departments = _dict(data.get("departments"))
    codes = [c for c in departments if isinstance(c, str)]
    topics = [t for t in _dict(data.get("topics")) if isinstance(t, str)]
    start, end = _month_number(data.get("start", "2025-01")), _month_number(data.get("end", "2040-12"))
    if start is not None and end is not None and end < start:
        out.append((("end",), f"expected a month on or after start ({_label(start)}), found '{_label(end)}'."))
    if isinstance(data.get("departments"), dict):
        coordinators = [c for c, d in departments.items() if _dict(d).get("is_coordinator") is True]
        if len(coordinators) != 1:
            found = ", ".join(coordinators) if coordinators else "none"
            out.append((("departments",), f"expected exactly one department with 'is_coordinator: true', found {found}."))
        for code, spec in departments.items():
            if isinstance(spec, dict) and isinstance(spec.get("staff", {}), dict) and _posts(spec) == 0:
                out.append((("departments", code, "staff"), "expected at least one post (officer, senior, director or dg), found 0."))
            strategy = _dict(_dict(spec).get("strategy"))
            for i, topic in enumerate(_list(strategy.get("focus_topics"))):
                if isinstance(topic, str) and topic not in topics:
                    out.append((("departments", code, "strategy", "focus_topics", i),
                                f"'{topic}' is not a topic of this scenario; expected one of {', '.join(topics) or '(none)'}.{did_you_mean(topic, topics)}"))
            out += _unknown(_dict(_dict(spec).get("mandate")).get("topics"), topics, ("departments", code, "mandate", "topics"), "topic")
    if isinstance(data.get("topics", {}), dict) and not topics:
        out.append((("topics",), "expected at least one topic (joint work is always about a topic), found none: every topic was removed."))
    crises = _dict(data.get("crises"))
    for i, crisis in enumerate(_list(crises.get("scheduled"))):
        out += _unknown(_dict(crisis).get("departments"), codes, ("crises", "scheduled", i, "departments"), "department")
    for i, cut in enumerate(_list(data.get("budget_cuts"))):
        out += _unknown(_dict(cut).get("departments"), codes, ("budget_cuts", i, "departments"), "department")
    group = _dict(_dict(data.get("levers")).get("working_group"))
    out += _unknown(group.get("members"), codes, ("levers", "working_group", "members"), "department")
    reorganisations = []
    for i, reorg in enumerate(_list(data.get("reorganisations"))):
        moves = _dict(_dict(reorg).get("moves"))
        for old, new in moves.items():
            for code, role in ((old, "old"), (new, "new")):
                if isinstance(code, str) and code not in codes:
                    out.append((("reorganisations", i, "moves", old), f"'{code}' ({role}) is not a department of this scenario; "
                                f"expected one of {', '.join(codes)}.{did_you_mean(code, codes)}"))
        date = _month_number(_dict(reorg).get("date"))
        if date is not None:
            reorganisations.append((i, date, {a: b for a, b in moves.items() if isinstance(a, str) and isinstance(b, str)}))
    municipal = _dict(data.get("municipalities"))
    for topic in _dict(municipal.get("priority_topics")):
        if isinstance(topic, str) and topic not in topics:
            out.append((("municipalities", "priority_topics", topic), f"'{topic}' is not a topic of this scenario; expected one of "
                        f"{', '.join(topics)}.{did_you_mean(topic, topics)}"))
    out += _unknown(_dict(municipal.get("strategy")).get("focus_topics"), topics, ("municipalities", "strategy", "focus_topics"), "topic")
    for i, grant in enumerate(_list(municipal.get("grants"))):
        out += _unknown(_dict(grant).get("topics"), topics, ("municipalities", "grants", i, "topics"), "topic")
    if start is not None and end is not None and end >= start and codes and not any(p[0][0] == "departments" and len(p[0]) == 1 for p in out):
        out += _activity_problems(departments, start, end, reorganisations)
    out += _size_problems(departments, _dict(data.get("pledges")), MAX_NATIONAL_OFFICIALS)
    out += _initial_problems(_dict(data.get("initial")), departments, topics, start)
    return out


def _initial_problems(initial: dict[str, Any], departments: dict[str, Any], topics: list[str], start: int | None) -> list[tuple[Loc, str]]:
    """A warm start names departments that exist at the start and topics of the scenario; a piece of joint work
    has one lead and distinct partners, and at most one piece per lead and topic (as the pipeline keeps it)."""
    out: list[tuple[Loc, str]] = []
    codes = [c for c in departments if isinstance(c, str)]
    absent = set()
    if start is not None:
        for code, spec in departments.items():
            first, last = _month_number(_dict(spec).get("active_from")), _month_number(_dict(spec).get("active_until"))
            if (first is not None and first > start) or (last is not None and last < start):
                absent.add(code)

    def department(code: Any, loc: Loc) -> list[tuple[Loc, str]]:
        if not isinstance(code, str):
            return []
        if code not in codes:
            return [(loc, f"'{code}' is not a department of this scenario; expected one of {', '.join(codes)}.{did_you_mean(code, codes)}")]
        if code in absent:
            present = [c for c in codes if c not in absent]
            return [(loc, f"'{code}' does not exist at the start ({_label(start)}; see its active_from / active_until); expected a department "
                     f"active then: {', '.join(present)}.")]
        return []

    pairs: dict[frozenset, int] = {}
    for i, relation in enumerate(_list(initial.get("relations"))):
        between = _list(_dict(relation).get("between"))
        for k, code in enumerate(between):
            out += department(code, ("initial", "relations", i, "between", k))
        if len(between) == 2 and isinstance(between[0], str) and between[0] == between[1]:
            out.append((("initial", "relations", i, "between"), f"expected two different organisations, found '{between[0]}' twice."))
        key = frozenset(c for c in between if isinstance(c, str))
        if len(key) == 2 and key in pairs:
            out.append((("initial", "relations", i, "between"), f"expected each pair once, found {' and '.join(sorted(key))} again "
                        f"(first at initial.relations.{pairs[key]})."))
        pairs.setdefault(key, i)
    seen: dict[tuple[str, str], int] = {}
    for i, work in enumerate(_list(initial.get("joint_work"))):
        work = _dict(work)
        loc = ("initial", "joint_work", i)
        topic, lead = work.get("topic"), work.get("lead")
        if isinstance(topic, str) and topic not in topics:
            out.append(((*loc, "topic"), f"'{topic}' is not a topic of this scenario; expected one of {', '.join(topics) or '(none)'}.{did_you_mean(topic, topics)}"))
        out += department(lead, (*loc, "lead"))
        partners = _list(work.get("partners"))
        for k, code in enumerate(partners):
            out += department(code, (*loc, "partners", k))
            if code == lead and isinstance(code, str):
                out.append(((*loc, "partners", k), f"expected partners other than the lead, found the lead '{code}' among them."))
            elif isinstance(code, str) and code in partners[:k]:
                out.append(((*loc, "partners", k), f"expected each partner once, found '{code}' again."))
        funding, months_left = work.get("funding", "project"), work.get("months_left")
        if funding == "project" and months_left is None:
            out.append((loc, "expected months_left (the months of project money left, 1-120) for project funding, found none."))  # at the entry: the field is absent
        elif funding in ("structural", "population") and months_left is not None:
            out.append(((*loc, "months_left"), f"expected no months_left for {funding} funding (its money does not end), found {months_left!r}."))
        if isinstance(topic, str) and isinstance(lead, str):
            if (lead, topic) in seen:
                out.append(((*loc, "topic"), f"expected at most one piece of joint work per lead and topic, found {lead} on '{topic}' again "
                            f"(first at initial.joint_work.{seen[(lead, topic)]}); list all its partners in one entry."))
            seen.setdefault((lead, topic), i)
    return out


def _activity_problems(departments: dict[str, Any], start: int, end: int, reorganisations: list[tuple[int, int, dict[str, str]]]) -> list[tuple[Loc, str]]:
    """The coordinator exists for the whole run and at least two departments exist in every month: otherwise
    trust between departments and the coordinator's metrics have no meaning."""
    out: list[tuple[Loc, str]] = []
    spans = {}
    for code, spec in departments.items():
        spec = _dict(spec)
        first = _month_number(spec.get("active_from")) if spec.get("active_from") is not None else None
        last = _month_number(spec.get("active_until")) if spec.get("active_until") is not None else None
        spans[code] = (first if first is not None else -(10**9), last if last is not None else 10**9)
    coordinator = next((c for c, d in departments.items() if _dict(d).get("is_coordinator") is True), None)
    if coordinator is not None:
        first, last = spans[coordinator]
        if first > start:
            out.append((("departments", coordinator, "active_from"), f"the coordinator ({coordinator}) must exist from the start ({_label(start)}), "
                        f"found '{_label(first)}': without it trust with the coordinator is undefined."))
        if last < end:
            out.append((("departments", coordinator, "active_until"), f"the coordinator ({coordinator}) must exist to the end ({_label(end)}), "
                        f"found '{_label(last)}': without it trust with the coordinator is undefined."))
        for i, date, moves in reorganisations:
            if coordinator in moves and start <= date <= end:
                out.append((("reorganisations", i, "moves", coordinator), f"the coordinator ({coordinator}) cannot merge into another "
                            f"department during the run: without it trust with the coordinator is undefined. Make '{moves[coordinator]}' "
                            "the coordinator instead, or merge others into the coordinator."))
    active = {code: first <= start <= last for code, (first, last) in spans.items()}
    changes: dict[int, list[tuple[str, bool]]] = {}
    for code, (first, last) in spans.items():
        if start < first <= end:
            changes.setdefault(first, []).append((code, True))
        if start <= last < end:
            changes.setdefault(last + 1, []).append((code, False))
    for _i, date, moves in reorganisations:
        if start <= date <= end:
            for old, new in moves.items():
                changes.setdefault(date, []).extend([(new, True), (old, False)])
    months = [start, *sorted(m for m in changes if m > start)]
    for month in months:
        for code, on in changes.get(month, []):
            if code in active:
                active[code] = on
        alive = [c for c, on in active.items() if on]
        if len(alive) < 2:
            who = ", ".join(alive) if alive else "no department"
            out.append((("departments",), f"expected at least two departments in every month (trust and joint work are measured between "
                        f"departments), found only {who} in {_label(month)}."))
            break
    return out


def _size_problems(departments: dict[str, Any], pledges: dict[str, Any], limit: int) -> list[tuple[Loc, str]]:
    posts = sum(_posts(spec) for spec in departments.values())
    volunteers = 0
    if pledges.get("enabled") is True:
        partners, each = pledges.get("partners", 60), pledges.get("volunteers_per_partner", 1)
        if isinstance(partners, int) and isinstance(each, int) and partners > 0 and each > 0:
            volunteers = partners * each
    total = posts + volunteers
    if total > limit:
        loc = ("pledges", "partners") if volunteers else ("departments",)
        return [(loc, f"expected at most {limit:,} officials in all (the model keeps officials x officials matrices in memory), "
                 f"found {total:,}: {posts:,} department posts + {volunteers:,} pledge volunteers.")]
    return []
