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


def parameter_docs(model: type[BaseModel] = Scenario, prefix: str = "") -> list[ParameterDoc]:
    """All documented parameters below ``model``, depth first."""
    rows: list[ParameterDoc] = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        nested, suffix = _nested_model(field.annotation)
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if nested is not None:
            if suffix:
                rows.append(ParameterDoc(path, _type_name(field.annotation), "", "", "", field.description or "", str(extra.get("source", ""))))
            rows.extend(parameter_docs(nested, f"{path}{suffix}."))
            continue
        lo = hi = None
        for meta in field.metadata:
            lo = getattr(meta, "ge", lo)
            hi = getattr(meta, "le", hi)
        rng = f"{lo} .. {hi}" if lo is not None or hi is not None else ""
        if not rng:
            lo, hi = element_bounds(field.annotation)
            rng = f"each {lo} .. {hi}" if lo is not None or hi is not None else ""
        if field.default is PydanticUndefined and field.default_factory is None:
            default = "(required)"
        elif field.default_factory is not None:
            default = repr(field.default_factory())
        else:
            default = repr(field.default)
        rows.append(
            ParameterDoc(path, _type_name(field.annotation), default, rng, str(extra.get("unit", "")), field.description or "", str(extra.get("source", "")))
        )
    return rows


def schema_markdown() -> str:
    """The parameter list as a Markdown table."""
    lines = ["| parameter | type | default | range | unit | description | source |", "|---|---|---|---|---|---|---|"]
    for d in parameter_docs():
        cells = [d.path, d.type, d.default, d.range, d.unit, d.description, d.source]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
