"""The documented parameter list behind ``hiap-sim schema``: every setting with default, range, unit,
description and source, walked from the pydantic schema."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

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
                   sources: dict[str, str] | None = None) -> list[ParameterDoc]:
    """All documented parameters below ``model``, depth first.

    ``defaults`` is the parent's default instance of ``model`` when it differs from the class defaults (e.g. the
    municipal trust parameters are the national class with municipal values), so the documented default is the
    one a scenario gets; ``sources`` names the source of such an overridden value (the parent field's
    ``json_schema_extra["sources"]``), which replaces the class's own source."""
    rows: list[ParameterDoc] = []
    sources = sources or {}
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        nested, suffix = _nested_model(field.annotation)
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        source = str(sources.get(name, extra.get("source", "")))
        if nested is not None:
            if suffix:
                rows.append(ParameterDoc(path, _type_name(field.annotation), "", "", "", field.description or "", source))
                rows.extend(parameter_docs(nested, f"{path}{suffix}."))
                continue
            child = getattr(defaults, name) if defaults is not None else _default_instance(field)
            child_sources = extra.get("sources") if isinstance(extra.get("sources"), dict) else None
            rows.extend(parameter_docs(nested, f"{path}.", child if isinstance(child, BaseModel) else None, child_sources))
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
            default = repr(getattr(defaults, name))
        elif field.default is PydanticUndefined and field.default_factory is None:
            default = "(required)"
        elif field.default_factory is not None:
            default = repr(field.default_factory())
        else:
            default = repr(field.default)
        rows.append(ParameterDoc(path, _type_name(field.annotation), default, rng, str(extra.get("unit", "")), field.description or "", source))
    return rows


def schema_markdown() -> str:
    """The parameter list as a Markdown table."""
    lines = ["| parameter | type | default | range | unit | description | source |", "|---|---|---|---|---|---|---|"]
    for d in parameter_docs():
        cells = [d.path, d.type, d.default, d.range, d.unit, d.description, d.source]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the parameter table of docs/ODD.md
ODD_BEGIN = "<!-- parameters:begin -->"
ODD_END = "<!-- parameters:end -->"
BEHAVIOURAL_PREFIXES = ("parameters.", "municipalities.parameters.")
ODD_REFRESH = "python -m hiap_sim.scenario.docs --odd docs/ODD.md"


def basis(source: str) -> str:
    """Where a parameter's value comes from: 'assumption' when its source is empty or says assumption,
    'calibrated' when it was tuned to data, 'source + assumption' when a source gives part of it, else 'source'."""
    text = source.strip().lower()
    if not text or text.startswith("assumption"):
        return "assumption"
    if "calibrated" in text:
        return "calibrated"
    if "assumption" in text:
        return "source + assumption"
    return "source"


def behavioural_parameters() -> list[ParameterDoc]:
    """The behavioural parameters: ``parameters.*`` (national) and ``municipalities.parameters.*``."""
    return [d for d in parameter_docs() if d.path.startswith(BEHAVIOURAL_PREFIXES)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def odd_parameter_table() -> str:
    """The parameter section of ``docs/ODD.md`` (what stands between its markers), generated from the schema:
    one table per parameter group with value (the schema default), range, unit, basis and source."""
    rows = behavioural_parameters()
    counts: dict[str, int] = {}
    for d in rows:
        counts[basis(d.source)] = counts.get(basis(d.source), 0) + 1
    summary = "; ".join(f"{k} {counts[k]}" for k in ("source", "source + assumption", "calibrated", "assumption") if k in counts)
    lines = [
        f"*Generated from the scenario schema by `{ODD_REFRESH}`; do not edit by hand.*",
        "",
        f"{len(rows)} behavioural parameters by basis: {summary}. *Basis* is 'assumption' where the schema names",
        "no source or the source says assumption, 'calibrated' where the value was tuned to data, 'source + assumption'",
        "where a source gives part of the value and the rest is assumed, 'source' where a source gives the value or the",
        "rule it sets (most weights are still a modeller's reading of a qualitative statement; see TRACE.md).",
    ]
    group = None
    for d in rows:
        head = d.path.rsplit(".", 1)[0]
        if head != group:
            group = head
            lines += ["", f"**`{group}`**", "", "| parameter | value | range | unit | basis | source | description |", "|---|---|---|---|---|---|---|"]
        cells = [f"`{d.path[len(head) + 1:]}`", d.default, d.range, d.unit, basis(d.source), d.source or "-", d.description]
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
