"""Helpers to declare documented scenario parameters.

Every scenario parameter carries a default, a range or unit, a one-line description and a source key
(or the word 'assumption'); ``hiap-sim schema`` prints them from here.

Behavioural parameters (the weights, rates, probabilities and thresholds of the model's rules, as opposed
to scenario inputs such as dates, names, organisations, budgets and lever settings) also carry

- ``plausible``: the range of values the evidence supports, ``(low, high)``; for a list, one ``(low, high)``
  per entry, for a map one per key (an entry with ``low == high`` is fixed by the rule's structure, e.g. no
  cost at levels 0-1). This is not the validation range ``ge``/``le`` (what the code accepts), which must
  contain it; sensitivity studies draw from it (:func:`hiap_sim.scenario.docs.plausible_ranges`).
- ``evidence``: where the range comes from, in one of three forms:
  ``"[KEY] <where>: '<figure>' ..."`` when a source gives the number (the figure quoted, with its place in the
  source, e.g. Table VIII.1 or the stylized fact of evidence.md §1); ``"calibrated to [KEY] ..."`` when the
  value was fitted to data; ``"assumption: <one line of reasoning>"`` when no source gives a number (a source
  may still back the rule's direction, named in ``source``).

Whether a parameter is behavioural is its ``role``: a block declares the role of its fields
(``ROLE = "behavioural"``), a field may differ (``role="input"``).
"""

from __future__ import annotations

import functools
import re
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

SOURCE_KEYS = ("ABD2024", "HHS2016", "RIVM2010", "REG2021", "AIG2016")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
# names become folder names (results/<name>_seed<seed>_NNN): letters, digits, '_', '-', '.', no path parts
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
# calendar years a scenario may use (dates outside cannot be plotted or are no meaningful policy horizon)
FIRST_YEAR, LAST_YEAR = 1900, 2200
ROLES = ("behavioural", "input")
Role = Literal["behavioural", "input"]
# a plausible range: (low, high); for a list parameter one per entry, for a map one per key
Plausible = tuple[float, float] | list[tuple[float, float]] | dict[str, tuple[float, float]]


class Strict(BaseModel):
    """Base for every scenario block: unknown keys are errors, so typos never pass silently."""

    # NaN and infinity are never a meaningful setting: refused in every number, list entry and map value
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)
    # the role of this block's fields unless a field says otherwise: 'behavioural' (a rule's weight, rate,
    # probability or threshold: needs a plausible range and its evidence) or 'input' (a scenario setting)
    ROLE: ClassVar[Role] = "input"


def param(
    default: Any,
    description: str,
    *,
    unit: str = "",
    source: str = "assumption",
    ge: float | None = None,
    le: float | None = None,
    plausible: Plausible | None = None,
    evidence: str = "",
    role: Role | None = None,
    **kwargs: Any,
) -> Any:
    """A documented scenario parameter (pydantic Field with unit, source and, for a behavioural parameter,
    plausible range and evidence metadata; see the module docstring)."""
    return Field(default, description=description, ge=ge, le=le, json_schema_extra=metadata(unit, source, plausible, evidence, role), **kwargs)


def share(default: float, description: str, source: str = "assumption", unit: str = "0-1", *,
          plausible: Plausible | None = None, evidence: str = "", role: Role | None = None) -> Any:
    """A parameter in [0, 1]."""
    return param(default, description, unit=unit, source=source, ge=0.0, le=1.0, plausible=plausible, evidence=evidence, role=role)


def metadata(unit: str, source: str, plausible: Plausible | None = None, evidence: str = "", role: Role | None = None) -> dict[str, Any]:
    """The ``json_schema_extra`` of a documented parameter (also for ``Field(default_factory=...)`` declarations)."""
    extra: dict[str, Any] = {"unit": unit, "source": source}
    if plausible is not None:
        extra["plausible"] = _plain_range(plausible)
    if evidence:
        extra["evidence"] = evidence
    if role is not None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, found {role!r}")
        extra["role"] = role
    return extra


def _plain_range(plausible: Plausible) -> Any:
    """A plausible range as JSON-ready lists: [low, high], [[low, high], ...] or {key: [low, high]}."""
    if isinstance(plausible, dict):
        return {str(k): [v[0], v[1]] for k, v in plausible.items()}
    if plausible and isinstance(plausible[0], tuple | list):
        return [[v[0], v[1]] for v in plausible]
    low, high = plausible
    return [low, high]


def each(defaults: list[float] | dict[str, float], low: float, high: float, cap: float | None = None) -> Any:
    """A plausible range per entry of a list or map parameter: ``low`` to ``high`` times each default entry
    (capped at ``cap``); a zero entry stays fixed at 0 (a cost or speed the rule's structure sets to nothing)."""

    def one(value: float) -> tuple[float, float]:
        lo, hi = round(value * low, 6), round(value * high, 6)
        return (min(lo, cap), min(hi, cap)) if cap is not None else (lo, hi)

    if isinstance(defaults, dict):
        return {k: one(v) for k, v in defaults.items()}
    return [one(v) for v in defaults]


def month_index(start: str, month: str) -> int:
    """Months from ``start`` to ``month`` (both 'YYYY-MM'); 0 when equal."""
    sy, sm = (int(x) for x in MONTH_PATTERN.match(start).groups())
    y, m = (int(x) for x in MONTH_PATTERN.match(month).groups())
    return (y - sy) * 12 + (m - sm)


@functools.lru_cache(maxsize=64)
def _month_number(start: str) -> int:
    sy, sm = (int(x) for x in MONTH_PATTERN.match(start).groups())
    return sy * 12 + (sm - 1)


@functools.lru_cache(maxsize=16384)  # asked for every month of every run: the same few hundred labels
def month_label(start: str, offset: int) -> str:
    """The 'YYYY-MM' label ``offset`` months after ``start``."""
    total = _month_number(start) + offset
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def check_month(value: str | None) -> str | None:
    """Validate a 'YYYY-MM' month string (pydantic after-validator)."""
    if value is None:
        return value
    match = MONTH_PATTERN.match(str(value))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError("expected a month as 'YYYY-MM' (e.g. 2025-01)")
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise ValueError(f"expected a month between {FIRST_YEAR}-01 and {LAST_YEAR}-12")
    return str(value)


def check_safe_name(value: str) -> str:
    """Validate a name that becomes part of a folder name (pydantic after-validator)."""
    if not SAFE_NAME.match(value) or ".." in value:
        raise ValueError("expected a name usable as a folder name: up to 100 letters, digits, '_', '-' or '.', "
                         "starting with a letter or digit (no '/', '..', spaces)")
    return value


def zero_or_at_least(minimum: float, unit: str) -> Any:
    """An after-validator: 0 (none at all) or at least ``minimum``. Staff time just above zero would make
    the load of the decision rule (committed / capacity) leave floating-point range."""

    def check(value: float) -> float:
        if 0 < value < minimum:
            raise ValueError(f"expected 0 (none) or at least {minimum:g} {unit}")
        return value

    return check


def completed(defaults: Any) -> Any:
    """A before-validator that completes a partial map from its defaults (``defaults`` is the default factory).

    A scenario may set one entry of a map such as ``approach_speed`` or ``rank_factor``; the others keep
    their defaults, so the model always finds every key."""

    def complete(value: Any) -> Any:
        if isinstance(value, dict):
            return {**defaults(), **value}
        return value

    return complete
