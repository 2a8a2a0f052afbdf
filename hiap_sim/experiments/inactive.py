"""Parameters that cannot act in a scenario, found before any run.

A swept parameter that the model never reads in the chosen scenario gets Sobol' indices of exactly zero but,
by chance, rank correlations that look real. Each rule below states when a setting is read by the model
(as the model code reads it); a parameter that no base scenario lets act is reported as 'inactive in this
scenario' rather than ranked. ``tests/experiments/test_inactive.py`` checks each rule against the model:
moving an inactive parameter over its range leaves every metric of a run unchanged, seed for seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from hiap_sim.experiments.spec import Experiment

# lever settings the model reads even when the lever is off (project money ends and may get follow-up either way)
READ_WHEN_LEVER_OFF = {("financing", "project_months"), ("financing", "follow_up_probability"), ("financing", "ministry_project_months"),
                       ("financing", "ministry_follow_up_probability")}


def _frames(node: Any) -> Iterator[str]:
    """Every 'frame' setting in a block of the dumped scenario."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "frame" and isinstance(value, str):
                yield value
            else:
                yield from _frames(value)
    elif isinstance(node, list):
        for value in node:
            yield from _frames(value)


def _frame_factor(path: str, scenario: dict[str, Any]) -> str | None:
    if path != "parameters.decisions.frame_factor":
        return None
    frames = list(_frames(scenario.get("departments", {})))
    municipalities = scenario.get("municipalities", {})
    if municipalities.get("enabled"):
        frames += list(_frames(municipalities))
    if "HfaP" in frames:
        return None
    return "no department (or municipality) frames its proposals as HfaP, and the framing factor multiplies the fit of HfaP proposals only"


def _lever_off(path: str, scenario: dict[str, Any]) -> str | None:
    parts = path.split(".")
    if len(parts) != 3 or parts[0] != "levers" or parts[2] in ("enabled",):
        return None
    lever = scenario.get("levers", {}).get(parts[1])
    if not isinstance(lever, dict) or lever.get("enabled", True) or (parts[1], parts[2]) in READ_WHEN_LEVER_OFF:
        return None
    return f"the lever '{parts[1]}' is not used in this scenario (levers.{parts[1]}.enabled: false)"


def _block_off(block: str) -> Callable[[str, dict[str, Any]], str | None]:
    def rule(path: str, scenario: dict[str, Any]) -> str | None:
        if not path.startswith(block + ".") or path == f"{block}.enabled":
            return None
        if scenario.get(block, {}).get("enabled", True):
            return None
        return f"the scenario does not simulate {block} ({block}.enabled: false)"

    return rule


RULES: tuple[Callable[[str, dict[str, Any]], str | None], ...] = (_frame_factor, _lever_off, _block_off("municipalities"), _block_off("pledges"))


def why_inactive(path: str, scenario: dict[str, Any]) -> str | None:
    """Why the setting at ``path`` cannot affect a run of the (dumped) scenario, or None when it can."""
    for rule in RULES:
        reason = rule(path, scenario)
        if reason:
            return reason
    return None


def inactive_parameters(experiment: Experiment, scenarios: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Parameter name -> reason, for each swept parameter that cannot act in any of the base scenarios."""
    out = {}
    for p in experiment.parameters:
        reasons = {name: why_inactive(p.path, base) for name, base in scenarios.items()}
        if reasons and all(reasons.values()):
            first = next(iter(reasons))
            out[p.label] = reasons[first] if len(reasons) == 1 else f"in every base scenario: {reasons[first]}"
    return out
