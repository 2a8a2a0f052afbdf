"""Readable problems in scenario and experiment files: one line each, with the YAML line and column, the
field path, what was expected and what was found, in plain words.

YAML is read once into data and a map from field paths to their place in the file, so that any problem
found later (by the schema or by a check across fields) can say where it is.
"""

from __future__ import annotations

import difflib
import math
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

# deeper than any setting of the schema (about 8 levels): such a file is not a scenario, and a deep
# enough one would exhaust Python's stack while it is read
MAX_NESTING = 64

Path_ = tuple[Any, ...]
Positions = dict[tuple[str, ...], tuple[int, int]]


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, line, column, field path) and what (expected, found) in one message."""

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def render(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}:{self.column}" if self.column is not None else f":{self.line}"
        parts = [p for p in (where, self.path) if p]
        return (": ".join(parts) + ": " if parts else "") + self.message


def _loader() -> type:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _too_deep(text: str) -> bool:
    """A cheap upper bound of the nesting of flow or block YAML (brackets and indentation)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_NESTING:
        return True
    # block nesting: each level needs its own indentation (a generous bound, since text blocks indent freely)
    indents = {len(line) - len(line.lstrip(" -")) for line in text.splitlines() if line.strip()}
    return len(indents) > 8 * MAX_NESTING


def parse_yaml(text: str) -> tuple[Any, Positions]:
    """The data of a YAML text and the (line, column) of every mapping key and list item, by path.

    Raises ``yaml.YAMLError`` for invalid YAML and ``ValueError`` for YAML nested too deeply."""
    if _too_deep(text):
        raise ValueError(f"it is nested more than {MAX_NESTING} levels deep; a scenario or experiment needs about 8")
    try:
        node = yaml.compose(text, Loader=_loader())
    except RecursionError:
        raise ValueError(f"it is nested more than {MAX_NESTING} levels deep; a scenario or experiment needs about 8") from None
    if node is None:
        return None, {}
    loader = _loader()(text)
    try:
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    positions: Positions = {}
    stack: list[tuple[tuple[str, ...], Any]] = [((), node)]
    while stack:
        path, current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                child = (*path, str(key.value))
                positions.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((child, value))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                child = (*path, str(index))
                positions.setdefault(child, (item.start_mark.line + 1, item.start_mark.column + 1))
                stack.append((child, item))
    return data, positions


def locate(path: Path_, sources: Iterable[tuple[str, Positions]]) -> tuple[str | None, int | None, int | None]:
    """The file, line and column of a field: the file of the chain that sets it (children first), else the
    place of its nearest parent that a file sets."""
    sources = list(sources)
    parts = tuple(str(p) for p in path)
    while True:
        for file, positions in sources:
            if parts in positions:
                line, column = positions[parts]
                return file, line, column
        if not parts:
            break
        parts = parts[:-1]
    return (sources[0][0] if sources else None), None, None


def describe(value: Any) -> str:
    """A value as a user would recognise it in the file."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN (not a number)"
        if math.isinf(value):
            return "infinity" if value > 0 else "minus infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**30 else f"a number of {len(str(abs(value)))} digits"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'" if value else "empty text"
    if isinstance(value, dict):
        return f"a mapping ({len(value)} keys)"
    if isinstance(value, list | tuple):
        if len(value) <= 6 and all(isinstance(v, int | float | str | bool) for v in value):
            return "[" + ", ".join(describe(v) for v in value) + "]"
        return f"a list of {len(value)} entries"
    return f"a {type(value).__name__}"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def element_bounds(annotation: Any) -> tuple[Any, Any]:
    """(ge, le) of the entries of a list or map annotation, or of a plain annotated number."""
    lo = hi = None
    args = typing.get_args(annotation)
    candidates = [annotation, *(args[-1:] if args else [])]
    for candidate in candidates:
        if typing.get_origin(candidate) is typing.Annotated:
            for meta in typing.get_args(candidate)[1:]:
                for item in [meta, *getattr(meta, "metadata", [])]:
                    lo = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else lo
                    hi = getattr(item, "le", None) if getattr(item, "le", None) is not None else hi
    return lo, hi


def field_bounds(root: type, loc: Path_) -> tuple[Any, Any]:
    """(ge, le) of the number at ``loc`` of a pydantic model, when the schema gives them."""
    from pydantic import BaseModel

    model: Any = root
    field = None
    rest: list[Any] = []
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if isinstance(model, type) and issubclass(model, BaseModel):
            field = model.model_fields.get(str(part))
            if field is None:
                return None, None
            rest = []
            annotation = field.annotation
            nested = _nested(annotation)
            if nested is not None and parts:
                if nested[1]:
                    parts.pop(0)  # the key or index
                model = nested[0]
                continue
            model = None
        else:
            rest.append(part)
    if field is None:
        return None, None
    if rest:
        return element_bounds(field.annotation)
    lo = hi = None
    for meta in field.metadata:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
    if lo is None and hi is None:
        return element_bounds(field.annotation)
    return lo, hi


def _nested(annotation: Any) -> tuple[Any, bool] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, dict) and args and isinstance(args[-1], type) and issubclass(args[-1], BaseModel):
        return args[-1], True
    if origin in (typing.Union,) or str(origin) == "<class 'types.UnionType'>":
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg, False
    return None


def _range_words(lo: Any, hi: Any) -> str:
    if lo is not None and hi is not None:
        return f"a number from {_number(lo)} to {_number(hi)}"
    if lo is not None:
        return f"a number of at least {_number(lo)}"
    return f"a number of at most {_number(hi)}"


def did_you_mean(found: Any, choices: Iterable[Any]) -> str:
    close = difflib.get_close_matches(str(found), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def plain_message(error: dict[str, Any], root: type, allowed_keys: Any = None) -> str:
    """One pydantic error in plain words: what was expected, what was found."""
    kind = error.get("type", "")
    loc = tuple(error.get("loc", ()))
    found = error.get("input")
    ctx = error.get("ctx") or {}
    shown = describe(found)
    if kind == "extra_forbidden":
        allowed = list(allowed_keys(loc[:-1])) if allowed_keys else []
        hint = did_you_mean(loc[-1], allowed)
        known = f" Allowed here: {', '.join(allowed)}." if allowed and not hint else ""
        return f"'{loc[-1]}' is not a known setting.{hint}{known}"
    if kind == "missing":
        return "required, but missing."
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, found {shown}."
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return f"expected a whole number, found {shown}."
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, found {shown}."
    if kind in ("string_type",):
        return f"expected text, found {shown}."
    if kind == "finite_number":
        lo, hi = field_bounds(root, loc)
        expected = _range_words(lo, hi) if lo is not None or hi is not None else "a finite number"
        return f"expected {expected}, found {shown}."
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        lo, hi = field_bounds(root, loc)
        if lo is None and hi is None:
            lo = ctx.get("ge", ctx.get("gt"))
            hi = ctx.get("le", ctx.get("lt"))
        if kind == "greater_than" and lo is None:
            return f"expected a number above {_number(ctx.get('gt'))}, found {shown}."
        if kind == "less_than" and hi is None:
            return f"expected a number below {_number(ctx.get('lt'))}, found {shown}."
        return f"expected {_range_words(lo, hi)}, found {shown}."
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        return f"expected one of {', '.join(choices)}; found {shown}.{did_you_mean(found, choices)}"
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return f"expected a mapping of 'key: value' lines, found {shown}."
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list (e.g. [a, b] or lines starting with '- '), found {shown}."
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} entries, found {ctx.get('actual_length')}."
    if kind == "too_long":
        if ctx.get("max_length") == 5 and loc and str(loc[-1]) not in ("0", "1", "2", "3", "4"):
            return f"expected exactly 5 numbers (one per level 0-4), found {ctx.get('actual_length')}."
        return f"expected at most {ctx.get('max_length')} entries, found {ctx.get('actual_length')}."
    if kind == "string_too_short":
        return f"expected text of at least {ctx.get('min_length')} characters, found {shown}."
    if kind == "string_too_long":
        return f"expected text of at most {ctx.get('max_length')} characters, found a text of {len(str(found))}."
    if kind == "string_pattern_mismatch":
        return f"expected text matching {ctx.get('pattern')}, found {shown}."
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ").removeprefix("Assertion failed, ").rstrip(".")
    if "found" not in message and found is not None and not isinstance(found, dict):
        message += f"; found {shown}"
    return message + "."


def fix_length_message(error: dict[str, Any]) -> dict[str, Any]:
    """Level lists: 'at least 5 entries' reads as 'exactly 5' (they have exactly five levels)."""
    if error.get("type") == "too_short" and (error.get("ctx") or {}).get("min_length") == 5:
        error = dict(error, type="value_error", msg=f"expected exactly 5 numbers (one per level 0-4), found {error['ctx'].get('actual_length')}")
        error["input"] = None
    return error


def dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for problem in problems:
        key = (problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
