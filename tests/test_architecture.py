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
