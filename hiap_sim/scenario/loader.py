"""Loading scenario files: YAML, ``extends:`` chains, built-in defaults and readable errors."""

from __future__ import annotations

import copy
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from hiap_sim.scenario.defaults import CURRENT_DEPARTMENTS, DEPARTMENTS, TOPICS
from hiap_sim.scenario.problems import (
    Positions,
    Problem,
    dedupe,
    describe,
    did_you_mean,
    fix_length_message,
    locate,
    parse_yaml,
    plain_message,
)
from hiap_sim.scenario.schema import Scenario

SCHEMA_HINT = "Run 'hiap-sim schema' to see every setting with its range and meaning."
# where each file of an extends chain sets its fields (children first): for line numbers in problems
Sources = list[tuple[str, Positions]]


class ScenarioError(Exception):
    """A user mistake in a scenario or experiment file: says file, line, field, what was expected and found.

    ``problems`` holds every problem found, one per line of ``str(error)``."""

    def __init__(self, message: str = "", *, file: str | os.PathLike | None = None, field: str | None = None,
                 problems: list[Problem] | None = None, hint: str = "") -> None:
        self.file = str(file) if file is not None else None
        self.field = field
        self.problems = problems if problems is not None else [Problem(message, field or "", self.file)]
        self.hint = hint
        lines = [p.render() for p in self.problems]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


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
    return read_yaml_with_positions(path)[0]


def read_yaml_with_positions(path: Path) -> tuple[dict[str, Any], Positions]:
    """Read a YAML mapping and where each of its keys is, turning every reading problem into a ScenarioError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError("the file is not a text file (it is not UTF-8); expected a YAML scenario.", file=path) from None
    except OSError as exc:
        raise ScenarioError(f"the file cannot be read ({exc.strerror}).", file=path) from None
    try:
        data, positions = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise ScenarioError(problems=[Problem(f"the file is not valid YAML{where}: {problem}. Expected a YAML mapping of 'key: value' lines.",
                                              "", str(path), line, column)], file=path) from None
    except ValueError as exc:
        raise ScenarioError(f"the file cannot be read as a scenario: {exc}.", file=path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(f"expected a YAML mapping of 'key: value' lines at the top, found {describe(data)}.", file=path)
    return data, positions


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
    raw, files, _, pending = load_raw_with_sources(path, _seen)
    if pending:
        raise ScenarioError(problems=pending, file=path, hint=SCHEMA_HINT)
    return raw, files


def load_raw_with_sources(path: Path, _seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], list[Path], Sources, list[Problem]]:
    """The merged raw mapping, the chain's files (parents first), where each file sets its fields (children
    first), and the problems of unknown codes (reported together with the schema's problems)."""
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(str(p) for p in (*_seen, path))
        raise ScenarioError(f"'extends' forms a loop: {chain}.", file=path, field="extends")
    data, positions = read_yaml_with_positions(path)
    parent_name = data.pop("extends", None)
    files = [path]
    own: Sources = [(str(path), positions)]
    if parent_name is None:
        return data, files, own, check_new_codes(data, None, own)
    if not isinstance(parent_name, str) or not parent_name.strip():
        raise ScenarioError(problems=[_at(own, ("extends",), f"expected the name or path of another scenario file, found {describe(parent_name)}.")],
                            file=path)
    try:
        parent_path = find_scenario_file(parent_name, relative_to=path.parent)
    except ScenarioError:
        raise ScenarioError(problems=[_at(own, ("extends",), f"the scenario it extends, '{parent_name}', was not found (looked next to this file "
                                          f"and among the shipped scenarios: {', '.join(shipped_scenarios())}).")], file=path) from None
    parent, parent_files, parent_sources, pending = load_raw_with_sources(parent_path, (*_seen, path))
    pending = pending + check_new_codes(data, parent, own, parent_path.stem)
    return deep_merge(parent, data), parent_files + files, own + parent_sources, pending


def _at(sources: Sources, loc: tuple[Any, ...], message: str) -> Problem:
    file, line, column = locate(loc, sources)
    return Problem(message, ".".join(str(p) for p in loc), file, line, column)


def check_new_codes(data: dict[str, Any], parent: dict[str, Any] | None, sources: Sources, parent_name: str = "") -> list[Problem]:
    """A department or topic that the base scenario does not have is refused unless marked ``new: true``: a
    mistyped code must not silently add an organisation with default values."""
    problems = []
    for block, library, what in (("departments", DEPARTMENTS, "department"), ("topics", TOPICS, "topic")):
        given = data.get(block)
        if not isinstance(given, dict):
            continue
        if parent is None:
            known, base = list(library), "the built-in library"
        else:
            inherited = parent.get(block)
            if isinstance(inherited, dict):
                known = list(inherited)
            else:
                known = list(CURRENT_DEPARTMENTS) if block == "departments" else list(TOPICS)
            base = f"the base scenario '{parent_name}'"
        for code, spec in given.items():
            if code in known or spec is None or (isinstance(spec, dict) and spec.get("new") is True):
                continue
            hint = did_you_mean(code, known)
            problems.append(_at(sources, (block, code), f"'{code}' is not a {what} of {base} (which has {', '.join(map(str, known))}).{hint} "
                                f"To add a new {what}, give it 'new: true'."))
    return problems


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


def scenario_from_dict(raw: dict[str, Any], file: str | os.PathLike | None = None, sources: Sources | None = None,
                       pending: list[Problem] | None = None) -> Scenario:
    """Validate a raw (already merged) mapping into a Scenario, raising ScenarioError on any problem.

    Every problem is reported at once: those of single fields and those across fields."""
    from hiap_sim.scenario.checks import cross_field_problems

    full = apply_library_defaults(raw)
    try:
        scenario = Scenario.model_validate(full)
    except ValidationError as exc:
        try:
            cross = cross_field_problems(full)
        except Exception:  # noqa: BLE001 - the checks read unvalidated data; the schema's own errors still stand
            cross = []
        raise validation_to_error(exc, file, Scenario, sources=sources, extra=cross, pending=pending) from None
    except RecursionError:
        raise ScenarioError("the file is nested too deeply to be a scenario.", file=file) from None
    if pending:
        raise ScenarioError(problems=pending, file=file, hint=SCHEMA_HINT)
    return scenario


def load_scenario(name: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load a scenario by path or shipped name, apply dotted-path overrides, and validate it."""
    path = find_scenario_file(name)
    raw, _, sources, pending = load_raw_with_sources(path)
    if overrides:
        raw = apply_overrides(raw, overrides, file=path)
    return scenario_from_dict(raw, file=path, sources=sources, pending=pending)


def resolve_scenario(name: str | os.PathLike) -> tuple[Scenario, dict[str, Any]]:
    """Load a scenario and also return provenance: files of the extends chain and their combined hash."""
    path = find_scenario_file(name)
    raw, files, sources, pending = load_raw_with_sources(path)
    scenario = scenario_from_dict(raw, file=path, sources=sources, pending=pending)
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


def validation_to_error(exc: ValidationError, file: str | os.PathLike | None, root: type[BaseModel] = Scenario,
                        sources: Sources | None = None, extra: list[tuple[tuple[Any, ...], str]] | None = None,
                        pending: list[Problem] | None = None) -> ScenarioError:
    """Turn pydantic's errors (and problems across fields, ``extra``) into one readable line per problem."""
    sources = sources or ([(str(file), {})] if file is not None else [])
    keys = allowed_keys if root is Scenario else None
    problems = list(pending or [])
    for err in exc.errors():
        err = fix_length_message(err)
        loc = tuple(part for part in err.get("loc", ()) if part != "[key]")  # a wrong key: the key's own place
        if not loc and extra:
            continue  # the schema's own check across fields: reported below, with every such problem
        if not loc and err.get("type") == "value_error":
            for line in str(err.get("msg", "")).removeprefix("Value error, ").splitlines():
                path, _, message = line.partition(": ")
                problems.append(_at(sources, tuple(path.split(".")), message) if message else _at(sources, (), line))
            continue
        message = plain_message(err, root, keys)
        named = re.match(r"^([A-Za-z_][\w.]*): (.+)$", message) if err.get("type") == "value_error" else None
        if named and named.group(1).split(".")[: len(loc)] == [str(p) for p in loc]:
            loc, message = tuple(named.group(1).split(".")), named.group(2)  # the check names a more precise field
        problems.append(_at(sources, loc, message))
    for loc, message in extra or []:
        problems.append(_at(sources, loc, message))
    problems = sorted(dedupe(problems), key=lambda p: (p.file or "", p.line if p.line is not None else 10**9, p.column or 0))
    field = problems[0].path if len(problems) == 1 else None
    return ScenarioError(problems=problems, file=file, field=field, hint=SCHEMA_HINT)
