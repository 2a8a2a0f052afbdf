"""Loading scenario files: YAML, ``extends:`` chains, built-in defaults and readable errors."""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from hiap_sim.scenario.defaults import CURRENT_DEPARTMENTS, DEPARTMENTS, TOPICS
from hiap_sim.scenario.schema import Scenario


class ScenarioError(Exception):
    """A user mistake in a scenario or experiment file: says file, field, what was expected and found."""

    def __init__(self, message: str, *, file: str | os.PathLike | None = None, field: str | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.field = field
        where = []
        if self.file:
            where.append(f"in {self.file}")
        if field:
            where.append(f"at field '{field}'")
        prefix = ("Problem " + ", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


def scenarios_dir() -> Path:
    """The folder of shipped scenarios (``HIAP_SIM_SCENARIOS`` overrides)."""
    env = os.environ.get("HIAP_SIM_SCENARIOS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "scenarios"


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with hiap-sim."""
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def find_scenario_file(name: str | os.PathLike, relative_to: Path | None = None) -> Path:
    """Resolve a path or a shipped scenario name to a file."""
    candidates = []
    raw = Path(name)
    if relative_to is not None and not raw.is_absolute():
        candidates.append(relative_to / raw)
    candidates.append(raw)
    if raw.suffix == "":
        candidates.append(raw.with_suffix(".yaml"))
    candidates.append(scenarios_dir() / raw.name)
    candidates.append(scenarios_dir() / f"{raw.stem}.yaml")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    shipped = ", ".join(shipped_scenarios()) or "none"
    raise ScenarioError(
        f"no scenario file '{name}' was found. Give a path to a YAML file or the name of a shipped scenario ({shipped}).",
        file=name,
    )


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, turning every reading problem into a ScenarioError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError("the file is not a text file (it is not UTF-8); expected a YAML scenario.", file=path) from None
    except OSError as exc:
        raise ScenarioError(f"the file cannot be read ({exc.strerror}).", file=path) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(f"the file is not valid YAML{where}: {problem}. Expected a YAML mapping of 'key: value' lines.", file=path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(f"expected a YAML mapping of 'key: value' lines at the top, found a {type(data).__name__}.", file=path)
    return data


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into ``base``: mappings merge, anything else replaces; ``null`` removes a mapping key."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if value is None and isinstance(out.get(key), dict):
            out.pop(key)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_raw(path: Path, _seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], list[Path]]:
    """The merged raw mapping of a file and its ``extends:`` chain, with the chain's files."""
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(str(p) for p in (*_seen, path))
        raise ScenarioError(f"'extends' forms a loop: {chain}.", file=path, field="extends")
    data = read_yaml(path)
    parent_name = data.pop("extends", None)
    files = [path]
    if parent_name is None:
        return data, files
    if not isinstance(parent_name, str):
        raise ScenarioError(f"expected the name or path of another scenario file, found {parent_name!r}.", file=path, field="extends")
    try:
        parent_path = find_scenario_file(parent_name, relative_to=path.parent)
    except ScenarioError:
        raise ScenarioError(
            f"the scenario it extends, '{parent_name}', was not found (looked next to this file and among the shipped scenarios: "
            f"{', '.join(shipped_scenarios())}).",
            file=path,
            field="extends",
        ) from None
    parent, parent_files = load_raw(parent_path, (*_seen, path))
    return deep_merge(parent, data), parent_files + files


def apply_library_defaults(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill departments and topics from the built-in library (known codes start from library values)."""
    raw = copy.deepcopy(raw)
    departments = raw.get("departments")
    if departments is None:
        departments = {code: {} for code in CURRENT_DEPARTMENTS}
    if isinstance(departments, dict):
        raw["departments"] = {
            code: deep_merge(DEPARTMENTS.get(code, {}), spec or {}) if isinstance(spec, dict) or spec is None else spec
            for code, spec in departments.items()
        }
    topics = raw.get("topics", {})
    if isinstance(topics, dict):
        merged = {name: copy.deepcopy(spec) for name, spec in TOPICS.items()}
        for name, spec in topics.items():
            if spec is None:
                merged.pop(name, None)
            elif isinstance(spec, dict):
                merged[name] = deep_merge(merged.get(name, {}), spec)
            else:
                merged[name] = spec
        raw["topics"] = merged
    return raw


def scenario_from_dict(raw: dict[str, Any], file: str | os.PathLike | None = None) -> Scenario:
    """Validate a raw (already merged) mapping into a Scenario, raising ScenarioError on any problem."""
    try:
        return Scenario.model_validate(apply_library_defaults(raw))
    except ValidationError as exc:
        raise validation_to_error(exc, file, Scenario) from None


def load_scenario(name: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load a scenario by path or shipped name, apply dotted-path overrides, and validate it."""
    path = find_scenario_file(name)
    raw, _ = load_raw(path)
    if overrides:
        raw = apply_overrides(raw, overrides, file=path)
    return scenario_from_dict(raw, file=path)


def resolve_scenario(name: str | os.PathLike) -> tuple[Scenario, dict[str, Any]]:
    """Load a scenario and also return provenance: files of the extends chain and their combined hash."""
    path = find_scenario_file(name)
    raw, files = load_raw(path)
    scenario = scenario_from_dict(raw, file=path)
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.read_bytes())
    return scenario, {"file": str(path), "chain": [str(f) for f in files], "sha256": digest.hexdigest()}


def apply_overrides(raw: dict[str, Any], overrides: dict[str, Any], file: str | os.PathLike | None = None) -> dict[str, Any]:
    """Set dotted-path values (``parameters.trust.contact_step``) in a raw scenario mapping."""
    raw = apply_library_defaults(raw)
    for dotted, value in overrides.items():
        node: Any = raw
        parts = dotted.split(".")
        for part in parts[:-1]:
            if isinstance(node, dict):
                node = node.setdefault(part, {})
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise ScenarioError(f"cannot set '{dotted}': '{part}' is not a mapping.", file=file, field=dotted)
        last = parts[-1]
        if isinstance(node, list) and last.isdigit() and int(last) < len(node):
            node[int(last)] = value
        elif isinstance(node, dict):
            node[last] = value
        else:
            raise ScenarioError(f"cannot set '{dotted}'.", file=file, field=dotted)
    return raw


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside an annotation: the model itself, or the value type of a dict / item of a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = getattr(annotation, "__args__", ())
    for arg in reversed(args):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return _DictOf(arg) if getattr(annotation, "__origin__", None) in (dict, list) else arg
    return None


class _DictOf:
    """Marker: the next location part is a key or index, then the model."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model


def _walk(loc: tuple[Any, ...]) -> Any:
    model: Any = Scenario
    for part in loc:
        if isinstance(model, _DictOf):
            model = model.model
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _model_in(field.annotation)
        if model is None:
            return None
    return model


def allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed at a location of the schema (for 'did you mean')."""
    model = _walk(loc)
    if isinstance(model, _DictOf):
        return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def validation_to_error(exc: ValidationError, file: str | os.PathLike | None, root: type[BaseModel] = Scenario) -> ScenarioError:
    """Turn pydantic's errors into one readable paragraph: field, expected, found."""
    lines = []
    first_field = None
    for err in exc.errors()[:6]:
        loc = tuple(err.get("loc", ()))
        field = ".".join(str(p) for p in loc) or "(top level)"
        first_field = first_field or field
        kind = err.get("type", "")
        found = err.get("input")
        if kind == "extra_forbidden":
            parent = loc[:-1]
            allowed = allowed_keys(parent) if root is Scenario else []
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            known = f" Allowed keys here: {', '.join(allowed)}." if allowed and not close else ""
            lines.append(f"'{field}' is not a known setting.{hint}{known}")
        elif kind == "missing":
            lines.append(f"'{field}' is required but missing.")
        else:
            message = err.get("msg", "invalid value").removeprefix("Value error, ")
            shown = repr(found) if not isinstance(found, dict) else "a mapping"
            if len(shown) > 80:
                shown = shown[:77] + "..."
            if loc:
                lines.append(f"'{field}': {message}; found {shown}.")
            else:
                lines.append(f"{message}.")
    more = len(exc.errors()) - 6
    if more > 0:
        lines.append(f"({more} more problems not shown.)")
    hint = " Run 'hiap-sim schema' to see every setting with its range and meaning."
    return ScenarioError(" ".join(lines) + hint, file=file, field=first_field if len(exc.errors()) == 1 else None)
