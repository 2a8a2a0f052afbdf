"""Shared helpers of the sweep tests: small experiments and test functions with known answers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from hiap_sim.experiments import experiment_from_dict


def tiny(**changes: Any) -> dict[str, Any]:
    """A small, fast experiment on the national scenario (short runs, few samples)."""
    data: dict[str, Any] = {
        "name": "tiny",
        "scenario": "national_2025",
        "months": 6,
        "method": "latin",
        "samples": 5,
        "replicates": 2,
        "seed": 11,
        "parameters": [
            {"path": "urgency", "bounds": [0.5, 1.5]},
            {"path": "parameters.trust.contact_step", "name": "contact_step", "bounds": [0.005, 0.03]},
            {"path": "parameters.proposals.max_partners", "name": "max_partners", "bounds": [1, 5]},
        ],
        "outputs": [
            {"metric": "trust_cross"},
            {"metric": "proposals", "aggregate": "max"},
            {"metric": "hiap_index", "aggregate": "mean_last", "months": 3},
            {"metric": "proposals", "aggregate": "months_until", "threshold": 2},
        ],
    }
    data.update(changes)
    return data


def experiment(**changes: Any):
    """The tiny experiment, validated."""
    return experiment_from_dict(tiny(**changes))


def write_experiment(folder: Path, data: dict[str, Any], name: str = "experiment.yaml") -> Path:
    """Write an experiment mapping as a YAML file."""
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def ishigami(values: dict[str, float], seed: int) -> dict[str, float]:
    """Ishigami function (a = 7, b = 0.1) on [-pi, pi]^3; analytic Sobol' indices are known."""
    x1, x2, x3 = values["x1"], values["x2"], values["x3"]
    return {"y": math.sin(x1) + 7.0 * math.sin(x2) ** 2 + 0.1 * x3**4 * math.sin(x1)}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[list[float], list[float], float]:
    """Analytic first-order and total indices of Ishigami, and the x1-x3 second-order index."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v], v13 / v


FAIL_ABOVE = 0.75


def flaky(values: dict[str, float], seed: int) -> dict[str, float]:
    """A linear test model that fails (like a model bug) whenever x1 is above FAIL_ABOVE."""
    if values["x1"] > FAIL_ABOVE:
        raise ValueError(f"injected model error at x1={values['x1']:.3f}")
    return {"y": 2.0 * values["x1"] + values["x2"] + 0.01 * (seed % 7)}


def function_experiment(method: str, samples: int | None, names: list[str], bounds: list[float], **changes: Any):
    """An experiment over a Python function with the given parameter names and common bounds."""
    data: dict[str, Any] = {
        "name": f"function_{method}",
        "method": method,
        "samples": samples,
        "replicates": 1,
        "seed": 3,
        "parameters": [{"path": n, "bounds": bounds} for n in names],
        "outputs": [{"metric": "y", "name": "y"}],
    }
    data.update(changes)
    return experiment_from_dict(data)


def part_rows(folder: Path) -> pd.DataFrame:
    """Every row of every part file, duplicates included (to prove that none exist)."""
    parts = sorted((folder / "runs").glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True) if parts else pd.DataFrame()
