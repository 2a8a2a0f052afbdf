"""The documented parameter list behind ``hiap-sim schema``: every setting with default, range, unit,
description and source, walked from the pydantic schema."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from hiap_sim.scenario.fields import SOURCE_KEYS
from hiap_sim.scenario.problems import element_bounds
from hiap_sim.scenario.schema import Scenario


@dataclass
class ParameterDoc:
    path: str
    type: str
    default: str
    range: str
    unit: str
    description: str
    source: str
    role: str = "input"  # 'behavioural' or 'input' (see hiap_sim.scenario.fields)
    plausible: Any = None  # [low, high], one per list entry, or {key: [low, high]}; None when not given
    evidence: str = ""
    bounds: tuple[float | None, float | None] = (None, None)  # the validation range (ge, le) of the value or of each entry
    value: Any = None  # the default as a Python value

    @property
    def basis(self) -> str:
        """Where the plausible range comes from: 'source' (a source gives the figure), 'calibrated' (fitted to
        data) or 'assumption' (read from the evidence text's first word)."""
        return evidence_basis(self.evidence)

    @property
    def plausible_text(self) -> str:
        """The plausible range for reading: '0.1 .. 0.3', per entry 'a 0.1 .. 0.3; b ...' or '[2] 0.2 .. 0.4; ...'."""
        return format_plausible(self.plausible)


def evidence_basis(evidence: str) -> str:
    """'assumption', 'calibrated' or 'source' from the opening words of an evidence text."""
    text = evidence.strip().lower()
    if not text or text.startswith("assumption"):
        return "assumption"
    if text.startswith("calibrated"):
        return "calibrated"
    return "source"


def _number(value: float) -> str:
    return f"{value:g}"


def format_plausible(plausible: Any) -> str:
    """A plausible range as text ('' when none); fixed list entries (low == high == default) are left out."""
    if plausible is None:
        return ""
    if isinstance(plausible, dict):
        return "; ".join(f"{k} {_number(lo)} .. {_number(hi)}" for k, (lo, hi) in plausible.items())
    if plausible and isinstance(plausible[0], list | tuple):
        return "; ".join(f"[{i}] {_number(lo)} .. {_number(hi)}" for i, (lo, hi) in enumerate(plausible) if lo != hi)
    lo, hi = plausible
    return f"{_number(lo)} .. {_number(hi)}"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return " | ".join(str(a) for a in typing.get_args(annotation))
    if origin is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    if origin in (list, dict):
        args = ", ".join(_type_name(a) for a in typing.get_args(annotation))
        return f"{origin.__name__}[{args}]"
    if origin is typing.Union or str(origin) == "types.UnionType":
        return " | ".join(_type_name(a) for a in typing.get_args(annotation))
    return getattr(annotation, "__name__", str(annotation))


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, ""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict and len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return args[1], ".<KEY>"
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0], ".<N>"
    return None, ""


def _default_instance(field: Any) -> BaseModel | None:
    """The default value of a field that holds one nested model (what its children default to)."""
    if isinstance(field.default, BaseModel):
        return field.default
    if field.default_factory is not None:
        value = field.default_factory()
        return value if isinstance(value, BaseModel) else None
    return None


def parameter_docs(model: type[BaseModel] = Scenario, prefix: str = "", defaults: BaseModel | None = None,
                   overrides: dict[str, dict[str, Any]] | None = None) -> list[ParameterDoc]:
    """All documented parameters below ``model``, depth first.

    ``defaults`` is the parent's default instance of ``model`` when it differs from the class defaults (e.g. the
    municipal trust parameters are the national class with municipal values), so the documented default is the
    one a scenario gets; ``overrides`` holds, per field, the metadata of such an overridden value (the parent
    field's ``json_schema_extra["overrides"]``: source, plausible range, evidence), which replaces the class's own."""
    rows: list[ParameterDoc] = []
    overrides = overrides or {}
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        nested, suffix = _nested_model(field.annotation)
        extra = dict(field.json_schema_extra) if isinstance(field.json_schema_extra, dict) else {}
        extra.update(overrides.get(name, {}))
        source = str(extra.get("source", ""))
        if nested is not None:
            if suffix:
                rows.append(ParameterDoc(path, _type_name(field.annotation), "", "", "", field.description or "", source))
                rows.extend(parameter_docs(nested, f"{path}{suffix}."))
                continue
            child = getattr(defaults, name) if defaults is not None else _default_instance(field)
            child_overrides = extra.get("overrides") if isinstance(extra.get("overrides"), dict) else None
            rows.extend(parameter_docs(nested, f"{path}.", child if isinstance(child, BaseModel) else None, child_overrides))
            continue
        lo = hi = None
        for meta in field.metadata:
            lo = getattr(meta, "ge", lo)
            hi = getattr(meta, "le", hi)
        rng = f"{lo} .. {hi}" if lo is not None or hi is not None else ""
        if not rng:
            lo, hi = element_bounds(field.annotation)
            rng = f"each {lo} .. {hi}" if lo is not None or hi is not None else ""
        if defaults is not None:
            value = getattr(defaults, name)
        elif field.default is PydanticUndefined and field.default_factory is None:
            value = PydanticUndefined
        elif field.default_factory is not None:
            value = field.default_factory()
        else:
            value = field.default
        default = "(required)" if value is PydanticUndefined else repr(value)
        role = str(extra.get("role", getattr(model, "ROLE", "input")))
        rows.append(ParameterDoc(path, _type_name(field.annotation), default, rng, str(extra.get("unit", "")), field.description or "", source,
                                 role=role, plausible=extra.get("plausible"), evidence=str(extra.get("evidence", "")), bounds=(lo, hi),
                                 value=None if value is PydanticUndefined else value))
    return rows


def schema_markdown() -> str:
    """The parameter list as a Markdown table."""
    lines = ["| parameter | type | default | range | unit | role | plausible range | description | source | evidence |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for d in parameter_docs():
        cells = [d.path, d.type, d.default, d.range, d.unit, d.role, d.plausible_text, d.description, d.source, d.evidence]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- behavioural parameters and their ranges
ODD_BEGIN = "<!-- parameters:begin -->"
ODD_END = "<!-- parameters:end -->"
ODD_REFRESH = "python -m hiap_sim.scenario.docs --odd docs/ODD.md"
BASES = ("source", "calibrated", "assumption")


def basis(source: str) -> str:
    """Where a parameter's value comes from, read from its free-text source: 'assumption' when it is empty or
    says assumption, 'calibrated' when it was tuned to data, 'source + assumption' when a source gives part of it,
    else 'source'. (The behavioural parameters' basis is their evidence's: :func:`evidence_basis`.)"""
    text = source.strip().lower()
    if not text or text.startswith("assumption"):
        return "assumption"
    if "calibrated" in text:
        return "calibrated"
    if "assumption" in text:
        return "source + assumption"
    return "source"


def behavioural_parameters() -> list[ParameterDoc]:
    """The behavioural parameters of both levels (role 'behavioural'), in schema order."""
    return [d for d in parameter_docs() if d.role == "behavioural"]


def plausible_ranges(prefix: str = "") -> dict[str, tuple[float, float]]:
    """``{dotted path: (low, high)}`` of every behavioural parameter (under ``prefix``) with its plausible range:
    the bounds a sensitivity study draws from. A list parameter gives one path per entry (``...level_speed.2``),
    a map one per key (``...contacts.hours.officer``); entries fixed by the rule's structure (low == high) and
    parameters without a range are left out."""
    out: dict[str, tuple[float, float]] = {}
    for d in behavioural_parameters():
        if not d.path.startswith(prefix) or d.plausible is None:
            continue
        if isinstance(d.plausible, dict):
            entries = [(f"{d.path}.{key}", r) for key, r in d.plausible.items()]
        elif d.plausible and isinstance(d.plausible[0], list | tuple):
            entries = [(f"{d.path}.{i}", r) for i, r in enumerate(d.plausible)]
        else:
            entries = [(d.path, d.plausible)]
        for path, (low, high) in entries:
            if low < high:
                out[path] = (float(low), float(high))
    return out


def _entries(d: ParameterDoc) -> list[tuple[str, Any, Any]]:
    """(label, default entry, plausible entry) of a parameter, one per list entry or map key; the plausible
    entry is None where it is missing or of the wrong shape."""
    value, plausible = d.value, d.plausible
    if isinstance(value, dict):
        given = plausible if isinstance(plausible, dict) else {}
        return [(f"{d.path}.{k}", v, given.get(k)) for k, v in value.items()] + [(f"{d.path}.{k}", None, r) for k, r in given.items() if k not in value]
    if isinstance(value, list):
        given = plausible if isinstance(plausible, list) and plausible and isinstance(plausible[0], list | tuple) else []
        return [(f"{d.path}.{i}", v, given[i] if i < len(given) else None) for i, v in enumerate(value)] + \
               [(f"{d.path}.{i}", None, r) for i, r in enumerate(given) if i >= len(value)]
    ok = isinstance(plausible, list | tuple) and len(plausible) == 2 and not isinstance(plausible[0], list | tuple)
    return [(d.path, value, plausible if ok else None)]


_LOCATIONS = re.compile(r"\[?\b(?:" + "|".join(SOURCE_KEYS) + r")\b\]?|§\s*\d+|\bfacts? \d+(?:-\d+)?|#\d+(?:-\d+)?|\b\d\.\d\b")


def range_problems(rows: list[ParameterDoc], exceptions: dict[str, str] | None = None) -> list[str]:
    """What is missing or inconsistent in the plausible ranges of the behavioural parameters among ``rows``: a
    parameter without a range or evidence, a range of the wrong shape or inverted, a default outside its range
    (unless listed in ``exceptions``, path -> reason), a range outside the validation bounds (ge/le), a sourced
    range whose evidence quotes no figure or names no source, an assumption without its reasoning. Empty when all
    is well."""
    exceptions = exceptions or {}
    problems: list[str] = []
    for d in rows:
        if d.role != "behavioural":
            continue
        if "<" in d.path:
            problems.append(f"{d.path}: a behavioural parameter must have a fixed path (it sits under a list or map of organisations)")
        values = d.value.values() if isinstance(d.value, dict) else d.value if isinstance(d.value, list) else [d.value]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            problems.append(f"{d.path}: a behavioural parameter must be a number (or a list or map of numbers), found {d.default}; mark a switch or choice role='input'")
            continue
        if d.plausible is None:
            problems.append(f"{d.path}: no plausible range (give plausible=(low, high) and its evidence)")
        else:
            low_bound, high_bound = d.bounds
            for label, default, entry in _entries(d):
                if entry is None:
                    problems.append(f"{label}: no plausible range for this entry (expected one (low, high) per entry of {d.default})")
                    continue
                if default is None:
                    problems.append(f"{label}: a plausible range for an entry the parameter does not have")
                    continue
                low, high = entry
                if low > high:
                    problems.append(f"{label}: plausible range {low:g} .. {high:g} is inverted")
                if not low <= default <= high and label not in exceptions:
                    problems.append(f"{label}: default {default:g} lies outside its plausible range {low:g} .. {high:g}")
                if (low_bound is not None and low < low_bound) or (high_bound is not None and high > high_bound):
                    problems.append(f"{label}: plausible range {low:g} .. {high:g} lies outside the allowed range {d.range}")
        evidence = d.evidence.strip()
        if not evidence:
            problems.append(f"{d.path}: no evidence (quote the source's figure and where it stands, or 'assumption: <reasoning>')")
        elif d.basis == "assumption":
            if len(evidence.split(":", 1)[-1].strip()) < 20:
                problems.append(f"{d.path}: an assumption needs one line of reasoning, found '{evidence}'")
        else:
            if not any(key in evidence for key in SOURCE_KEYS):
                problems.append(f"{d.path}: a {d.basis} range must name its source key ({', '.join(SOURCE_KEYS)})")
            if d.basis == "calibrated" and "experiments/calibration" not in evidence:
                problems.append(f"{d.path}: a calibrated range must name the calibration (experiments/calibration)")
            if not re.search(r"\d", _LOCATIONS.sub("", evidence)):
                problems.append(f"{d.path}: a sourced range must quote the source's figure, found none in '{evidence}'")
    return problems


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def odd_parameter_table() -> str:
    """The parameter section of ``docs/ODD.md`` (what stands between its markers), generated from the schema:
    one table per parameter group with value (the schema default), plausible range, validation range, unit,
    basis, evidence and source."""
    rows = behavioural_parameters()
    counts = {k: sum(1 for d in rows if d.basis == k) for k in BASES}
    summary = "; ".join(f"{k} {counts[k]}" for k in BASES)
    lines = [
        f"*Generated from the scenario schema by `{ODD_REFRESH}`; do not edit by hand.*",
        "",
        f"{len(rows)} behavioural parameters by basis of their plausible range: {summary}. *Plausible* is the range",
        "the evidence supports (a sensitivity study draws from it: `hiap_sim.scenario.docs.plausible_ranges`, or",
        "`parameters: behavioural` in an experiment file); *allowed* is what the code accepts. *Basis* is 'source'",
        "where a source gives the figure (quoted, with its place, under *evidence*), 'calibrated' where the value was",
        "fitted to data (the range is the spread of the best fits), 'assumption' where no source gives a number (the",
        "evidence gives the reasoning; *source* may still name the source that backs the rule's direction). A list or",
        "map parameter has a range per entry; entries fixed by the rule (a reference of 1, no cost at levels 0-1) are left out.",
    ]
    group = None
    for d in rows:
        head = d.path.rsplit(".", 1)[0]
        if head != group:
            group = head
            lines += ["", f"**`{group}`**", "",
                      "| parameter | value | plausible | allowed | unit | basis | evidence | source | description |",
                      "|---|---|---|---|---|---|---|---|---|"]
        cells = [f"`{d.path[len(head) + 1:]}`", d.default, d.plausible_text or "-", d.range, d.unit, d.basis, d.evidence or "-", d.source or "-", d.description]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def replace_between_markers(text: str, body: str) -> str:
    """``text`` with what stands between the parameter markers replaced by ``body``."""
    start, end = text.find(ODD_BEGIN), text.find(ODD_END)
    if start < 0 or end < start:
        raise ValueError(f"no '{ODD_BEGIN}' ... '{ODD_END}' section")
    return text[: start + len(ODD_BEGIN)] + "\n" + body + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    """``python -m hiap_sim.scenario.docs --odd docs/ODD.md`` rewrites the parameter table of the ODD;
    with ``--check`` it only reports whether the table is current (exit status 1 when it is not)."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m hiap_sim.scenario.docs", description=main.__doc__)
    parser.add_argument("--odd", type=Path, required=True, help="the ODD file whose parameter section to refresh")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when the table is out of date")
    args = parser.parse_args(argv)
    text = args.odd.read_text(encoding="utf-8")
    new = replace_between_markers(text, odd_parameter_table())
    if args.check:
        if new != text:
            print(f"{args.odd}: the parameter table differs from the schema; refresh with: {ODD_REFRESH}")
            return 1
        print(f"{args.odd}: the parameter table is current")
        return 0
    if new != text:
        args.odd.write_text(new, encoding="utf-8")
        print(f"{args.odd}: parameter table rewritten ({len(behavioural_parameters())} parameters)")
    else:
        print(f"{args.odd}: the parameter table is current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
