"""Helpers to declare documented scenario parameters.

Every scenario parameter carries a default, a range or unit, a one-line description and a source key
(or the word 'assumption'); ``hiap-sim schema`` prints them from here.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SOURCE_KEYS = ("ABD2024", "HHS2016", "RIVM2010", "REG2021", "AIG2016")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class Strict(BaseModel):
    """Base for every scenario block: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def param(
    default: Any,
    description: str,
    *,
    unit: str = "",
    source: str = "assumption",
    ge: float | None = None,
    le: float | None = None,
    **kwargs: Any,
) -> Any:
    """A documented scenario parameter (pydantic Field with unit and source metadata)."""
    extra = {"unit": unit, "source": source}
    return Field(default, description=description, ge=ge, le=le, json_schema_extra=extra, **kwargs)


def share(default: float, description: str, source: str = "assumption", unit: str = "0-1") -> Any:
    """A parameter in [0, 1]."""
    return param(default, description, unit=unit, source=source, ge=0.0, le=1.0)


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
        raise ValueError(f"expected a month as 'YYYY-MM' (e.g. 2025-01), found {value!r}")
    return str(value)
