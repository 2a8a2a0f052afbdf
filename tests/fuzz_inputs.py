"""Hypothesis strategies that write scenario and experiment files from the schema: valid ones (every setting
drawn within its documented range or choices) and mutated ones (a value replaced by junk, an unknown key, a
mistyped code, a broken ``extends``, deep nesting).

Used by ``tests/test_fuzz.py`` (about 300 cases in the normal suite) and by
``benchmarks/bench_fuzz.py`` (any number of cases, with counts).
"""

from __future__ import annotations

import json
import math
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from pydantic import BaseModel
from typer.testing import CliRunner

from hiap_sim.experiments.spec import AGGREGATES, Experiment
from hiap_sim.metrics import metric_names
from hiap_sim.scenario.defaults import CURRENT_DEPARTMENTS, TOPICS
from hiap_sim.scenario.problems import element_bounds
from hiap_sim.scenario.schema import THEMES, Scenario

# base scenarios the variants extend: national, with pledges, with reorganisations, with municipalities
BASES = {
    "national_2025": {"departments": list(CURRENT_DEPARTMENTS), "municipal": False},
    "aig_pledges_2014": {"departments": list(CURRENT_DEPARTMENTS), "municipal": False},
    "segv_2008": {"departments": ["VWS", "OCW", "SZW", "BZK", "WWI", "VROM", "VenW", "EZ", "LNV2008", "JUS", "JG", "FIN", "IenM", "ELI"],
                  "municipal": False},
    "rivm_municipalities_2009": {"departments": list(CURRENT_DEPARTMENTS), "municipal": True},
}
# sizes that multiply the work of a run: drawn small so that every valid case runs in well under a second
SMALL_INTS = {"count": 12, "partners": 40, "officer": 12, "senior": 6, "director": 3, "dg": 2, "volunteers_per_partner": 3,
              "relation_officials": 5, "max_partners": 5, "meet_every_months": 12, "delegates_per_department": 3}
JUNK = [float("nan"), float("inf"), float("-inf"), -1, -1e300, 2**64 + 1, 1e100, 0, "", "abc", "2025/01", [], {}, None, True,
        [1, 2], {"a": 1}, "0000-01", 10**6]


def _origin(annotation: Any) -> Any:
    return typing.get_origin(annotation)


def _strip(annotation: Any) -> Any:
    """The type inside Annotated and Optional."""
    while _origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    args = typing.get_args(annotation)
    if _origin(annotation) in (typing.Union, __import__("types").UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _strip(rest[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def month_strategy(low_year: int = 2024, high_year: int = 2030) -> st.SearchStrategy[str]:
    return st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(low_year, high_year), st.integers(1, 12))


def value_strategy(name: str, annotation: Any, info: Any, context: dict[str, Any]) -> st.SearchStrategy[Any] | None:
    """A valid value of a leaf setting, from its annotation and range; None for settings left alone."""
    raw = annotation
    annotation = _strip(annotation)
    origin = _origin(annotation)
    if annotation is bool:
        return st.booleans()
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    lo = hi = None
    for meta in getattr(info, "metadata", []) if info is not None else []:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
    if lo is None and hi is None:
        lo, hi = element_bounds(raw)
    if annotation is int:
        lo = int(lo) if lo is not None else 0
        hi = int(hi) if hi is not None else lo + 100
        hi = min(hi, SMALL_INTS.get(name, lo + 60))
        if name == "seed":
            return st.integers(0, 2**32 - 1)
        return st.integers(lo, max(lo, hi))
    if annotation is float:
        return st.floats(lo if lo is not None else -5, hi if hi is not None else 5, allow_nan=False, allow_infinity=False)
    if annotation is str:
        if name in ("date", "start", "end", "active_from", "active_until") or "Month" in str(raw) or "check_month" in str(raw):
            return month_strategy()
        if name == "name":
            return st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
        return st.text(alphabet="abcdefghij klmnop", max_size=30)
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        item = _strip(item)
        if item is float:
            return st.lists(st.floats(lo or 0, hi if hi is not None else 1, allow_nan=False), min_size=5, max_size=5)
        if name in ("departments", "members"):
            return st.lists(st.sampled_from(context["departments"]), max_size=3, unique=True)
        if name in ("focus_topics", "topics"):
            return st.lists(st.sampled_from(sorted(TOPICS)), max_size=3, unique=True)
        if item is str and "Month" in str(typing.get_args(annotation)):
            return st.lists(month_strategy(), max_size=3)
        if _origin(item) is typing.Literal:
            return st.lists(st.sampled_from(typing.get_args(item)), max_size=3, unique=True)
        return None
    if origin is dict:
        key, value = typing.get_args(annotation)
        key = _strip(key)
        keys = list(typing.get_args(key)) if _origin(key) is typing.Literal else (list(THEMES) if key is str and name == "priorities" else None)
        if keys is None:
            return None
        lo, hi = element_bounds(raw)
        number = st.integers(int(lo or 0), int(min(hi or 60, 60))) if _strip(value) is int else \
            st.floats(lo if lo is not None else 0, hi if hi is not None else 1, allow_nan=False)
        return st.dictionaries(st.sampled_from(keys), number, max_size=len(keys))
    return None


def leaves(model: type[BaseModel], prefix: tuple[str, ...], context: dict[str, Any]) -> list[tuple[tuple[str, ...], st.SearchStrategy[Any]]]:
    """Every leaf setting below ``model`` with a strategy for valid values; maps of blocks expand to known keys."""
    out = []
    for name, info in model.model_fields.items():
        annotation = _strip(info.annotation)
        path = (*prefix, name)
        if name == "new":
            continue
        if _is_model(annotation):
            out += leaves(annotation, path, context)
            continue
        if _origin(annotation) is dict and _is_model(_strip(typing.get_args(annotation)[1])):
            key = _strip(typing.get_args(annotation)[0])
            keys = list(typing.get_args(key)) if _origin(key) is typing.Literal else context["keys"].get(name, [])
            for k in keys[:4]:
                out += leaves(_strip(typing.get_args(annotation)[1]), (*path, k), context)
            continue
        if _origin(annotation) is list and _is_model(_strip(typing.get_args(annotation)[0])):
            continue  # lists of blocks (crises, cuts, ...): drawn whole by list_blocks
        strategy = value_strategy(name, info.annotation, info, context)
        if strategy is not None:
            out.append((path, strategy))
    return out


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = doc
    for part in path[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return
    node[path[-1]] = value


@st.composite
def list_blocks(draw: Any, context: dict[str, Any]) -> dict[str, Any]:
    """Scheduled crises, budget cuts, reorganisations and cabinet changes with codes of the base."""
    codes = context["departments"]
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["crises"] = {"scheduled": draw(st.lists(st.fixed_dictionaries(
            {"date": month_strategy(), "kind": st.sampled_from(["pfas", "pandemic", "economic", "other"]),
             "departments": st.lists(st.sampled_from(codes), max_size=2, unique=True), "size": st.floats(0, 1)}), max_size=2))}
    if draw(st.booleans()):
        out["budget_cuts"] = draw(st.lists(st.fixed_dictionaries(
            {"date": month_strategy(), "departments": st.lists(st.sampled_from(codes), max_size=2, unique=True), "fraction": st.floats(0, 1)}),
            max_size=2))
    if draw(st.integers(0, 3)) == 0:
        old, new = draw(st.lists(st.sampled_from(codes), min_size=2, max_size=2, unique=True))
        out["reorganisations"] = [{"date": draw(month_strategy()), "moves": {old: new}}]
    return out


@dataclass
class Counts:
    """What the generated cases did: valid (exit 0) and refused (exit 2) files, and runs checked."""

    cases: Counter = field(default_factory=Counter)

    def add(self, kind: str) -> None:
        self.cases[kind] += 1

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.cases.items()))


@st.composite
def scenario_documents(draw: Any, mutate: bool) -> tuple[str, dict[str, Any] | str]:
    """A scenario variant (a mapping, or raw text for broken YAML) and what was done to it."""
    base = draw(st.sampled_from(sorted(BASES)))
    context = {"departments": BASES[base]["departments"], "keys": {"departments": BASES[base]["departments"], "topics": sorted(TOPICS),
                                                                    "costs": ["propose", "reinforce"], "municipal_costs": ["propose"]}}
    doc: dict[str, Any] = {"extends": base, "name": "fuzz"}
    candidates = [c for c in _leaves_of(base) if BASES[base]["municipal"] or c[0][0] != "municipalities"]
    chosen = draw(st.lists(st.sampled_from(range(len(candidates))), min_size=1, max_size=6, unique=True))
    for index in chosen:
        path, strategy = candidates[index]
        _set(doc, path, draw(strategy))
    if draw(st.integers(0, 4)) == 0:
        doc.update(draw(list_blocks(context)))
    if not mutate:
        return "valid", doc
    kind = draw(st.sampled_from(["junk", "junk", "junk", "unknown_key", "code", "extends", "nesting", "yaml", "remove"]))
    if kind == "junk":
        path, _ = candidates[draw(st.sampled_from(range(len(candidates))))]
        _set(doc, path, draw(st.sampled_from(JUNK)))
    elif kind == "unknown_key":
        path, _ = candidates[draw(st.sampled_from(range(len(candidates))))]
        typo = path[-1][:-1] + draw(st.sampled_from("xqz")) if len(path[-1]) > 1 else "zz"
        _set(doc, (*path[:-1], typo), 1)
    elif kind == "code":
        code = draw(st.sampled_from(context["departments"]))
        doc.setdefault("departments", {})[code[:-1] + draw(st.sampled_from("XZQ"))] = {"budget": draw(st.floats(0, 10))}
    elif kind == "extends":
        doc["extends"] = draw(st.sampled_from(["", " ", "no_such_scenario", 7, None, ["national_2025"], "../../etc/passwd"]))
        if doc["extends"] is None:
            doc.pop("extends")
    elif kind == "nesting":
        depth = draw(st.integers(50, 4000))
        return kind, "extends: national_2025\nparameters: " + "[" * depth + "]" * depth + "\n"
    elif kind == "yaml":
        text = yaml.safe_dump(doc, sort_keys=False)
        cut = draw(st.integers(0, len(text)))
        return kind, text[:cut] + draw(st.sampled_from([": :", "\t", "[", "{a: ", "- - -", "\x00", "&a *a"])) + text[cut:]
    elif kind == "remove":
        topics = {t: None for t in TOPICS} if draw(st.booleans()) else {}
        departments = {c: {"active_until": "2000-01"} for c in context["departments"]} if not topics else {}
        doc.update({k: v for k, v in (("topics", topics), ("departments", departments)) if v})
    return kind, doc


_LEAF_CACHE: dict[str, list[tuple[tuple[str, ...], st.SearchStrategy[Any]]]] = {}


def _leaves_of(base: str) -> list[tuple[tuple[str, ...], st.SearchStrategy[Any]]]:
    if base not in _LEAF_CACHE:
        context = {"departments": BASES[base]["departments"], "keys": {"departments": BASES[base]["departments"][:3],
                                                                        "topics": sorted(TOPICS)[:2], "costs": ["propose"], "municipal_costs": []}}
        _LEAF_CACHE[base] = [c for c in leaves(Scenario, (), context) if c[0][0] not in ("game", "name", "description", "sources")
                             and c[0][-1] != "seed"]
    return _LEAF_CACHE[base]


# ----------------------------------------------------------------------------------------- experiments
NUMERIC_PATHS = [("urgency", 0.0, 3.0), ("trust", 0.0, 3.0), ("budget", 0.0, 5.0), ("political_commitment", 0.0, 3.0),
                 ("parameters.trust.contact_step", 0.0, 1.0), ("parameters.proposals.max_partners", 1, 10),
                 ("parameters.decisions.bias", -5.0, 5.0), ("parameters.work.approach_speed.area", 0.0, 3.0),
                 ("departments.VWS.budget", 0.0, 1000.0)]


@st.composite
def experiment_documents(draw: Any, mutate: bool) -> tuple[str, dict[str, Any] | str]:
    """An experiment file from the experiment schema: methods, sample sizes, parameters and outputs."""
    method = draw(st.sampled_from(["latin", "grid", "morris", "sobol", "fast"]))
    chosen = draw(st.lists(st.sampled_from(NUMERIC_PATHS), min_size=1, max_size=3, unique_by=lambda p: p[0]))
    parameters = []
    for path, lo, hi in chosen:
        a, b = sorted(draw(st.lists(st.floats(lo, hi, allow_nan=False), min_size=2, max_size=2, unique=True)))
        if method == "grid":
            parameters.append({"path": path, "levels": [a, b]})
        else:
            parameters.append({"path": path, "bounds": [a, b]})
    samples = {"latin": draw(st.integers(2, 6)), "morris": draw(st.integers(2, 3)), "sobol": 4, "fast": draw(st.integers(65, 70)), "grid": None}[method]
    outputs = []
    for metric in draw(st.lists(st.sampled_from(metric_names()[1:]), min_size=1, max_size=3, unique=True)):
        aggregate = draw(st.sampled_from(sorted(AGGREGATES)))
        output: dict[str, Any] = {"metric": metric, "aggregate": aggregate}
        if aggregate == "mean_last":
            output["months"] = draw(st.integers(1, 6))
        if aggregate == "months_until":
            output["threshold"] = draw(st.floats(0, 1))
        outputs.append(output)
    doc: dict[str, Any] = {"name": "fuzz_exp", "scenario": "national_2025", "months": draw(st.integers(1, 12)), "method": method,
                           "replicates": draw(st.integers(1, 2)), "seed": draw(st.integers(0, 2**32 - 1)), "parameters": parameters,
                           "outputs": outputs, "executor": "serial"}
    if samples is not None:
        doc["samples"] = samples
    if not mutate:
        return "valid", doc
    kind = draw(st.sampled_from(["junk", "junk", "unknown_key", "nesting", "yaml"]))
    if kind == "junk":
        key = draw(st.sampled_from(["samples", "seed", "months", "replicates", "method", "name", "scenario", "parameters", "outputs",
                                    "levels", "harmonics"]))
        doc[key] = draw(st.sampled_from([*JUNK, 2**40, 1e30, "../x", "/tmp/x", "a" * 300]))
    elif kind == "unknown_key":
        doc[draw(st.sampled_from(["sampels", "metod", "replicate", "outputz"]))] = 1
    elif kind == "nesting":
        depth = draw(st.integers(50, 4000))
        return kind, "name: deep\nscenario: " + "[" * depth + "]" * depth + "\n"
    else:
        text = yaml.safe_dump(doc, sort_keys=False)
        cut = draw(st.integers(0, len(text)))
        return kind, text[:cut] + draw(st.sampled_from([": :", "\t", "[", "{a: ", "\x00"])) + text[cut:]
    return kind, doc


# ----------------------------------------------------------------------------------------- properties
runner = CliRunner()
UNDEFINED_AT_START = ("acceptance_rate", "municipal_acceptance_rate")  # documented: undefined until the first partner decision


def invoke(*args: str) -> tuple[int, str]:
    """Run the command in this process; an exception other than a clean exit is a crash (its traceback fails the test)."""
    result = runner.invoke(_app(), list(args), env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _app() -> Any:
    from hiap_sim.cli import app

    return app


def write_case(folder: Path, document: dict[str, Any] | str, name: str) -> Path:
    path = folder / name
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def check_scenario_case(folder: Path, kind: str, document: dict[str, Any] | str, counts: Counts) -> None:
    """validate exits 0 or 2 without a traceback; a valid file runs 12 months with finite outputs and a strict summary."""
    from hiap_sim.output import finite_or_none, summarise
    from hiap_sim.runner import run_once
    from hiap_sim.scenario import resolve_scenario

    path = write_case(folder, document, "scenario.yaml")
    code, out = invoke("validate", str(path))
    assert code in (0, 2), out
    counts.add(f"scenario {kind}: {'valid' if code == 0 else 'refused'}")
    if code != 0:
        assert "Error" in out
        return
    spec, _ = resolve_scenario(path)
    result = run_once(spec, spec.seed, months=12)
    metrics = result.metrics.drop(columns=["date"]).select_dtypes("number")
    # documented: trust with a department is undefined (empty) in months when that department does not exist
    come_and_go = {code for code, d in spec.departments.items() if d.active_from or d.active_until}
    come_and_go |= {old for reorg in spec.reorganisations for old in reorg.moves}
    for column in metrics.columns:
        values = metrics[column].to_numpy(dtype=float)
        if column.startswith("trust_with_") and column.removeprefix("trust_with_") in come_and_go:
            values = values[values == values]
        if column in UNDEFINED_AT_START:  # empty until the first partner decision, then defined every month
            defined = [i for i, v in enumerate(values) if v == v]
            values = values[defined[0]:] if defined else values[:0]
        assert all(math.isfinite(v) for v in values), (column, values)
    json.dumps(finite_or_none(summarise(result.metrics)), allow_nan=False)
    counts.add("scenario runs of 12 months")


def check_experiment_case(folder: Path, kind: str, document: dict[str, Any] | str, counts: Counts, run_small: bool = True) -> None:
    """sweep --dry-run exits 0 or 2 without a traceback; a valid small experiment runs and its outputs are finite or marked."""
    path = write_case(folder, document, "experiment.yaml")
    code, out = invoke("sweep", str(path), "--dry-run")
    assert code in (0, 2), out
    counts.add(f"experiment {kind}: {'valid' if code == 0 else 'refused'}")
    if code != 0 or not run_small or not isinstance(document, dict):
        return
    from hiap_sim.experiments import load_experiment, prepare

    spec, file = load_experiment(path)
    design = prepare(spec, file)
    if design.n_runs > 12:
        return
    results = folder / "results"
    code, out = invoke("sweep", str(path), "--executor", "serial", "--results", str(results), "--no-analyze", "--quiet")
    assert code in (0, 2), out
    counts.add("experiment sweeps run")


__all__ = ["Counts", "Experiment", "check_experiment_case", "check_scenario_case", "experiment_documents", "scenario_documents"]
