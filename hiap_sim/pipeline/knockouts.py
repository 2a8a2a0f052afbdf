"""Knockouts: what switching off a mechanism (the scenario's ``mechanisms:`` section) removes, in one place.

A stylized fact counts as evidence for a mechanism only if it fails without it (``hiap-sim patterns
--knockouts``). Each switch removes one causal path and leaves the rest of the model as it is:

- where the mechanism is one term of a rule, the knockout sets that term's weight to its neutral value
  (``NEUTRAL`` below: a weight to 0, a factor to 1, rank differences to their mean) for both
  levels;
- where it is a branch of a verb, the pipeline asks ``Switches`` (goal matching, small-win effects, fragile
  structure, trust before depth, political cover of progress).

The switches exist for validation; a policy run leaves them all on, and ``hiap-sim run`` says so when one is off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hiap_sim.scenario.schema import Mechanisms, Scenario

Setting = tuple[str, Callable[[Any], Any]]  # dotted path, new value from the old one


def _mean_of(values: dict[str, float]) -> dict[str, float]:
    mean = sum(values.values()) / len(values)
    return dict.fromkeys(values, mean)


def _zero(_: Any) -> float:
    return 0.0


def _one(_: Any) -> float:
    return 1.0


def _false(_: Any) -> bool:
    return False


NATIONAL, MUNICIPAL = "parameters", "municipalities.parameters"
BOTH = (NATIONAL, MUNICIPAL)

# mechanism -> the parameter settings that neutralise it (paths relative to the scenario)
NEUTRAL: dict[str, list[Setting]] = {
    "pacification": [(f"{NATIONAL}.proposals.formal_factor", _one)],
    "institutional_learning": [(f"{p}.trust.institutional_learning", _zero) for p in BOTH],
    "formalisation_timing": [(f"{p}.work.fade_per_month", _zero) for p in BOTH],
    "rank": [
        (f"{NATIONAL}.proposals.rank_factor", _mean_of), (f"{NATIONAL}.proposals.minister_orientation", _mean_of),
        (f"{NATIONAL}.contacts.hours", _mean_of), (f"{MUNICIPAL}.proposals.rank_factor", _mean_of),
        (f"{MUNICIPAL}.proposals.alderman_orientation", _mean_of), (f"{MUNICIPAL}.contacts.hours", _mean_of),
    ],
    "political_cover": [
        *[(f"{p}.decisions.commitment_weight", _zero) for p in BOTH],
        (f"{NATIONAL}.proposals.minister_orientation", lambda v: dict.fromkeys(v, 0.0)),
        (f"{MUNICIPAL}.proposals.alderman_orientation", lambda v: dict.fromkeys(v, 0.0)),
        ("politics.renege_probability", _zero), ("municipalities.politics.renege_probability", _zero),
    ],
    "scarcity": [(f"{p}.decisions.scarcity_weight", _zero) for p in BOTH],
    "crisis_urgency": [(f"{NATIONAL}.urgency.crisis_weight", _zero), (f"{NATIONAL}.urgency.economic_weight", _zero)],
    "crisis_window": [(f"{NATIONAL}.urgency.window_boost", _zero), *[(f"{p}.decisions.window_value", _zero) for p in BOTH]],
    "framing": [(f"{p}.decisions.frame_factor", _one) for p in BOTH],
    "shared_interest": [*[(f"{p}.work.shared_interest_weight", _zero) for p in BOTH], *[(f"{p}.work.oppose_per_month", _zero) for p in BOTH]],
    "trust_from_contact": [(f"{p}.trust.contact_step", _zero) for p in BOTH],
    "physical_filter": [
        (f"{MUNICIPAL}.physical_filter.enabled", lambda _: False),
        (f"{MUNICIPAL}.awareness.by_field", lambda v: {**v, "physical": v["social"]}),
    ],
    "trust_in_decisions": [(f"{p}.decisions.trust_weight", _zero) for p in BOTH],
    "programme_mandate": [*[(f"departments.*.mandate.{term}", _zero) for term in ("cover", "steering", "urgency")],
                          ("departments.*.mandate.portfolio", _false)],
    "capacity_binds": [*[(f"{p}.work.overload_slowdown", _zero) for p in BOTH], *[(f"{p}.work.overload_drop_per_month", _zero) for p in BOTH]],
}

# mechanisms that are a branch of a pipeline verb (see Switches)
IN_PIPELINE = ("goal_matching", "political_cover", "small_win_effects", "fragile_structure", "trust_before_depth")

CONSTANT_COVER = 0.4  # political cover of all joint work when political_cover is off: the default commitment


@dataclass(frozen=True)
class Switches:
    """The mechanisms the pipeline's verbs branch on (all on in a policy run)."""

    goal_matching: bool = True
    political_cover: bool = True
    small_win_effects: bool = True
    fragile_structure: bool = True
    trust_before_depth: bool = True

    @classmethod
    def of(cls, mechanisms: Mechanisms) -> Switches:
        return cls(**{name: getattr(mechanisms, name) for name in IN_PIPELINE})


def _set(tree: dict[str, Any], path: str, change: Callable[[Any], Any]) -> None:
    """Apply ``change`` at a dotted path; a ``*`` stands for every key of a mapping (e.g. every department)."""
    head, _, rest = path.partition(".")
    keys = list(tree) if head == "*" else [head]
    for key in keys:
        if rest:
            _set(tree[key], rest, change)
        else:
            tree[key] = change(tree[key])


def knock_out(scenario: Scenario) -> Scenario:
    """The scenario with the parameters of every switched-off mechanism set to their neutral values (the same
    scenario when every mechanism is on)."""
    off = [name for name in scenario.mechanisms.off() if name in NEUTRAL]
    if not off:
        return scenario
    tree = scenario.model_dump()
    for name in off:
        for path, change in NEUTRAL[name]:
            _set(tree, path, change)
    return Scenario.model_validate(tree)


def describe(name: str) -> str:
    """What switching ``name`` off does, for reports."""
    field = Mechanisms.model_fields[name]
    settings = ", ".join(path for path, _ in NEUTRAL.get(name, []))
    where = f"neutral values of {settings}" if settings else "a branch of the joint-work pipeline"
    return f"{field.description} — knockout: {where}"
