"""Architecture contracts (docs/architecture.md): front ends go through the control port, the pipeline knows no
front end, no import circles, and no front end reads a private attribute of another object."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRONT_ENDS = ("game", "web", "validation")


def test_import_contracts_hold():
    """lint-imports checks the contracts in pyproject.toml ([tool.importlinter])."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports is missing: install the test extras (pip install -e '.[test]')")
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def private_reads(source: str) -> list[str]:
    """``x._name`` where ``x`` is not ``self`` or ``cls``: a front end reading another object's private state."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_front_ends_read_no_private_attribute():
    problems = []
    for package in FRONT_ENDS:
        for path in sorted((ROOT / "hiap_sim" / package).glob("*.py")):
            problems += [f"{path.relative_to(ROOT)}:{line}" for line in private_reads(path.read_text(encoding="utf-8"))]
    assert not problems, "front ends read private attributes:\n" + "\n".join(problems)


def test_the_private_attribute_check_can_fail():
    assert private_reads("def f(session):\n    return session.model._contact_rate\n") == ["2: session.model._contact_rate"]
    assert private_reads("class A:\n    def f(self):\n        return self._x\n") == []
    # a seat's model (national) or level (municipal) is private: a front end reading it is caught
    assert private_reads("def f(session, player):\n    seat = session.seat(player)\n    return seat._model.trust\n") == ["3: seat._model"]
    assert private_reads("def f(seat):\n    return seat._level.journal\n") == ["2: seat._level"]


def test_seats_hold_their_model_privately():
    """A seat keeps the model (or its municipal level) in a private attribute: nothing public leads past the door."""
    import mesa

    from hiap_sim.control import Simulation
    from hiap_sim.municipal import MunicipalLevel
    from hiap_sim.scenario import load_scenario

    sim = Simulation(load_scenario("national_2025_municipalities"), months=1)
    seats = [sim.open_seat("national", 0), sim.open_seat("municipal", next(iter(sim.view.playable_municipalities.values())))]
    for seat in seats:
        holders = {name for name, value in vars(seat).items() if isinstance(value, mesa.Model | MunicipalLevel)}
        assert holders, f"{type(seat).__name__} holds no model"
        public = {name for name in holders if not name.startswith("_")}
        assert not public, f"{type(seat).__name__} holds the model in public attributes {public}"
        assert not hasattr(seat, "model") and not hasattr(seat, "municipal")


# ------------------------------------------------------------------------------------------ the control port's surface
MODEL_CLASSES = ("HiapModel", "MunicipalLevel", "NationalLevel", "Initiative", "JointWork", "WorkTable", "Department", "Organisation")


def test_the_control_port_exports_no_model_class():
    """Front ends open a Simulation; the model's classes do not pass the door (type hints aside)."""
    import mesa

    from hiap_sim import control

    for name in MODEL_CLASSES:
        assert not hasattr(control, name), f"hiap_sim.control exports the model class {name}"
    for name in control.__all__:
        thing = getattr(control, name)
        if isinstance(thing, type):
            assert not issubclass(thing, (mesa.Model, mesa.Agent)), f"hiap_sim.control exports the Mesa class {name}"
    assert "_model" in control.Simulation.__slots__ and "model" not in control.Simulation.API


def imports_outside_the_port(source: str, exported: set[str]) -> list[str]:
    """Names a module imports from ``hiap_sim.control`` that the port does not export (``__all__``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "hiap_sim.control":
            found += [f"{node.lineno}: {alias.name}" for alias in node.names if alias.name not in exported]
    return found


HANDLE_ATTRIBUTES = ("sim", "autopilot")  # session.sim, session.autopilot, run.sim: a Simulation
ANNOTATED = {"Simulation": "handle", "View": "view", "MunicipalView": "municipal"}


def _declared() -> dict[str, frozenset[str]]:
    from hiap_sim.control import MunicipalView, Simulation, View

    return {"handle": Simulation.API, "view": View.API, "municipal": MunicipalView.API}


def _annotation_kind(annotation: ast.expr | None) -> str | None:
    if annotation is None:
        return None
    text = annotation.value if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str) else ast.unparse(annotation)
    for name, kind in ANNOTATED.items():
        if text.replace(" ", "") in (name, f"{name}|None", f"None|{name}"):
            return kind
    return None


class _PortReads(ast.NodeVisitor):
    """Attribute reads on simulations, views and municipal views outside their declared ``API``, and any ``.model``
    or ``._model`` (a simulation's or a seat's).

    What is a simulation or a view: ``Simulation(...)``, ``x.sim``, ``x.autopilot``, ``x.view``, ``view.municipal``,
    names assigned from one of those (also ``a, b = x.text, x.view`` and ``for sim in (x.sim, x.autopilot)``), and
    parameters annotated ``Simulation``, ``View`` or ``MunicipalView``; names are tracked per function."""

    def __init__(self, declared: dict[str, frozenset[str]]) -> None:
        self.declared = declared
        self.scopes: list[dict[str, str]] = [{}]
        self.found: list[str] = []

    def kind(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return self.scopes[-1].get(node.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Simulation":
            return "handle"
        if isinstance(node, ast.Attribute):
            if node.attr in HANDLE_ATTRIBUTES:
                return "handle"
            if node.attr == "view":
                return "view"
            if node.attr == "municipal" and self.kind(node.value) == "view":
                return "municipal"
        return None

    def bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            kind = self.kind(value)
            if kind is None:
                self.scopes[-1].pop(target.id, None)
            else:
                self.scopes[-1][target.id] = kind
        elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
            for t, v in zip(target.elts, value.elts, strict=True):
                self.bind(t, v)

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        scope = dict(self.scopes[-1])
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            kind = _annotation_kind(arg.annotation)
            if kind is None:
                scope.pop(arg.arg, None)
            else:
                scope[arg.arg] = kind
        self.scopes.append(scope)
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = visit_function

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.bind(target, node.value)
            self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        if isinstance(node.target, ast.Name):
            kind = _annotation_kind(node.annotation) or (self.kind(node.value) if node.value is not None else None)
            if kind is not None:
                self.scopes[-1][node.target.id] = kind

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        if isinstance(node.target, ast.Name) and isinstance(node.iter, ast.Tuple | ast.List):
            kinds = {self.kind(e) for e in node.iter.elts}
            if len(kinds) == 1 and None not in kinds:
                self.scopes[-1][node.target.id] = kinds.pop()
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        kind = self.kind(node.value)
        if node.attr in ("model", "_model"):  # on a simulation, a seat or anything else
            self.found.append(f"{node.lineno}: {ast.unparse(node)} (no front end holds the model)")
        elif kind is not None and node.attr not in self.declared[kind]:
            self.found.append(f"{node.lineno}: {ast.unparse(node)} ('{node.attr}' is not in the {kind}'s API)")
        self.generic_visit(node)


def undeclared_reads(source: str) -> list[str]:
    """Reads on a simulation, view or municipal view outside its declared API, and reads of a ``.model``."""
    visitor = _PortReads(_declared())
    visitor.visit(ast.parse(source))
    return visitor.found


def _front_end_sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for package in FRONT_ENDS for path in sorted((ROOT / "hiap_sim" / package).glob("*.py"))]


def test_front_ends_import_only_what_the_port_exports():
    from hiap_sim import control

    problems = []
    for path, source in _front_end_sources():
        problems += [f"{path.relative_to(ROOT)}:{line}" for line in imports_outside_the_port(source, set(control.__all__))]
    assert not problems, "front ends import names the control port does not export:\n" + "\n".join(problems)


def test_front_ends_read_simulations_and_views_through_their_api_only():
    problems = []
    for path, source in _front_end_sources():
        problems += [f"{path.relative_to(ROOT)}:{line}" for line in undeclared_reads(source)]
    assert not problems, "front ends read past the control port:\n" + "\n".join(problems)


def test_the_port_checks_can_fail():
    from hiap_sim import control

    exported = set(control.__all__)
    assert imports_outside_the_port("from hiap_sim.control import HiapModel, Simulation\n", exported) == ["1: HiapModel"]
    assert imports_outside_the_port("from hiap_sim.control import LEVERS, Simulation, View\n", exported) == []
    bad = (
        "def f(session):\n"
        "    view = session.view\n"
        "    return view.trust, session.sim.work, session.view.month\n"
        "def g(view: View, sim: 'Simulation'):\n"
        "    text, v = None, sim.view\n"
        "    for s in (sim, Simulation(None)):\n"
        "        s.decision_override = None\n"
        "    return view.counters, v.event_log, view.municipal.n_muni, sim.view.municipal.sector_trust()\n"
        "def h(seat, run):\n"
        "    return seat.model.trust, run.sim._model, seat._model.work\n"
    )
    assert [line.split(" (")[0] for line in undeclared_reads(bad)] == [
        "3: view.trust", "3: session.sim.work", "7: s.decision_override", "8: v.event_log", "8: view.municipal.n_muni",
        "10: seat.model", "10: run.sim._model", "10: seat._model",
    ]
    # a name bound to something else in another function is not a view there
    assert undeclared_reads("def f(session):\n    view = session.view\n    return view.month\ndef g(view):\n    return view.anything\n") == []
