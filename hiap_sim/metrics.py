"""The named outcome metrics of spec section 5, collected every month.

Names are stable: scenario reports, sweeps, the game and the web app all read them from here.
Counts marked 'cumulative' run from the start of the run; the others are the state in that month.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.mechanisms import health as health_rules
from hiap_sim.mechanisms.decisions import REASONS
from hiap_sim.scenario.schema import AMBITION_LEVEL

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel

METRICS: dict[str, tuple[str, str]] = {
    "month": ("month number (0 = the start, before the first step)", "month"),
    "date": ("calendar month the row ends (month 1 = the first simulated month; month 0, the start, is dated the month before)", "YYYY-MM"),
    **{f"level_share_{k}": (f"share of department pairs whose deepest joint work is at level {k} ({name})", "0-1")
       for k, name in enumerate(["none", "ad hoc contact", "cooperation", "coordination", "integration"])},
    "trust_cross": ("mean trust between officials of different departments", "0-1"),
    "trust_within": ("mean trust between officials of the same department", "0-1"),
    "trust_coordinator": ("mean trust between the coordinator (VWS) and the other departments", "0-1"),
    "solid_ties": ("cross-department ties with trust >= the 'solid' threshold (0.7)", "ties"),
    "initiatives_active": ("joint initiatives in progress", "initiatives"),
    "initiatives_stalled": ("joint initiatives stalled", "initiatives"),
    "initiatives_new": ("initiatives started this month", "initiatives"),
    "initiatives_completed": ("initiatives completed (goal met), cumulative", "initiatives"),
    "initiatives_abandoned": ("initiatives abandoned, cumulative", "initiatives"),
    "proposals": ("proposals made, cumulative", "proposals"),
    "acceptance_rate": ("share of partner decisions that were 'join', cumulative (undefined, an empty cell, until the first decision)", "0-1"),
    "small_wins": ("small wins, cumulative", "wins"),
    **{f"declines_{r}": (f"partner declines whose main reason was '{r}', cumulative", "declines") for r in REASONS},
    "hiap_index": ("how far health is embedded in other departments' policy: joint work at depth x awareness", "0-1"),
    "health_gap_years": ("gap in healthy life expectancy between low and high SES", "years"),
    "health_gap_reduction": ("share of the starting gap closed", "0-1"),
    "health_gap_secured": ("share of the starting gap closed once the effects of implemented joint work have arrived (arrived + on their way)", "0-1"),
    "fte_used": ("staff time committed to joint work", "FTE"),
    "budget_used": ("budget spent on joint work this month", "M EUR"),
    "ambition_gap": ("share of the coordinator's ambition (levels on its focus topics) not yet realised", "0-1"),
    "urgency_mean": ("mean perceived urgency of health across departments", "0-1"),
    "commitment_mean": ("mean political commitment across departments", "0-1"),
    "pledge_partners_engaged": ("pledge partners taking part in joint work (pledge scenarios)", "organisations"),
}


def metric_names() -> list[str]:
    """Names of the numeric metrics (usable as sweep outputs)."""
    return [name for name in METRICS if name != "date"]


# Metrics are computed in groups; a run that needs only some of them (a sweep's outputs) can skip the others.
METRIC_GROUPS: dict[str, tuple[str, ...]] = {
    "ladder": tuple(f"level_share_{k}" for k in range(5)),
    "trust": ("trust_cross", "trust_within", "trust_coordinator", "solid_ties"),  # and trust_with_<department>
    "initiatives": ("initiatives_active", "initiatives_stalled", "initiatives_new", "initiatives_completed", "initiatives_abandoned",
                    "proposals", "acceptance_rate", "small_wins", *(f"declines_{r}" for r in REASONS)),
    "embedding": ("hiap_index", "ambition_gap"),
    "health": ("health_gap_years", "health_gap_reduction", "health_gap_secured"),
    "climate": ("fte_used", "budget_used", "urgency_mean", "commitment_mean", "pledge_partners_engaged"),
}
_GROUP_OF = {name: group for group, names in METRIC_GROUPS.items() for name in names}


def metric_groups(names: Iterable[str] | None) -> frozenset[str] | None:
    """The groups that compute ``names`` (None: every group). Municipal metrics form the group 'municipal'."""
    if names is None:
        return None
    groups = set()
    for name in names:
        if name in ("month", "date"):
            continue
        if name in _GROUP_OF:
            groups.add(_GROUP_OF[name])
        elif name.startswith("trust_with_"):
            groups.add("trust")
        elif name.startswith("municipal_"):
            groups.add("municipal")
        else:
            raise ValueError(f"unknown metric '{name}' (see `hiap-sim metrics`)")
    return frozenset(groups)


def collect_metrics(model: HiapModel, month: int, groups: frozenset[str] | None = None) -> dict[str, Any]:
    """One row of metrics for the model's current state: every metric, or only those of ``groups``."""
    row: dict[str, Any] = {"month": month, "date": _date(model, month)}
    model.__dict__.pop("_metric_coordinator_row", None)
    for group, section in _SECTIONS:
        if groups is None or group in groups:
            section(model, month, row)
    if getattr(model, "municipal", None) is not None and (groups is None or "municipal" in groups):
        row.update(model.municipal.metrics(month))  # municipal columns (MUNICIPAL_METRICS) only with municipalities
    return row


def _ladder(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    """Collaboration ladder per department pair: the deepest live joint work, else ad hoc contact when the
    pair met within memory, else none."""
    layout = model.department_layout()
    if month > 0:
        deepest = (model.org_last_contact.ravel()[layout.pair_flat] > month - model.params.contacts.memory_months).astype(int).tolist()
    else:
        deepest = [0] * len(layout.pair_flat)
    for initiative in model.live:
        if initiative.phase == "stalled":
            continue
        level = initiative.level
        for at in layout.pairs_among(initiative.lead, initiative.partners):
            if deepest[at] < level:
                deepest[at] = level
    n_pairs = max(len(deepest), 1)
    for level, key in enumerate(_LEVEL_KEYS):
        row[key] = deepest.count(level) / n_pairs


def _trust(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    """Trust among department officials, from the organisation-level sums (both directions averaged)."""
    layout = model.department_layout()
    cross, within = (model.org_trust_sums.ravel() @ layout.mean_weights).tolist()
    row["trust_cross"] = cross if layout.cross_pairs else float("nan")
    row["trust_within"] = within if layout.within_pairs else float("nan")
    with_coordinator = [t for t in _coordinator_row(model) if t == t]  # NaN where no pair
    row["trust_coordinator"] = sum(with_coordinator) / len(with_coordinator) if with_coordinator else float("nan")
    flat_trust = model.trust.ravel()
    symmetric = flat_trust[layout.tie_flat] + flat_trust[layout.tie_flat_reverse]
    row["solid_ties"] = int(np.count_nonzero(symmetric >= 2 * model.params.trust.solid))


def _initiatives(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    c = model.counters
    live = model.live
    stalled = sum(1 for i in live if i.phase == "stalled")
    row["initiatives_active"] = len(live) - stalled
    row["initiatives_stalled"] = stalled
    row["initiatives_new"] = model.month_counts.get("initiatives_new", 0)
    row["initiatives_completed"] = c.get("initiatives_completed", 0)
    row["initiatives_abandoned"] = c.get("initiatives_abandoned", 0)
    row["proposals"] = c.get("proposals", 0)
    declines = [c.get(key, 0) for key in _DECLINE_KEYS]
    asked = c.get("acceptances", 0) + sum(declines)
    row["acceptance_rate"] = c.get("acceptances", 0) / asked if asked else float("nan")
    row["small_wins"] = c.get("small_wins", 0)
    row.update(zip(_DECLINE_KEYS, declines, strict=True))


def _hiap_index(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    layout = model.department_layout()
    row["hiap_index"] = hiap_index(model, layout.others(model.coordinator_org), _completed_summary(model))


def _health(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    hp = model.params.health
    row["health_gap_years"] = health_rules.gap_years(hp.initial_gap_years, model.health_arrived)
    row["health_gap_reduction"] = health_rules.gap_reduction(model.health_arrived)
    row["health_gap_secured"] = health_rules.gap_reduction(model.health_arrived + sum(model.health_pipeline.values()))


def _resources(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    orgs = model.organisations
    row["fte_used"] = float(sum([o.fte_committed for o in orgs[: model.n_departments]]))
    row["budget_used"] = float(sum([min(o.budget, o.budget_committed) for o in orgs])) / 12.0


def _ambition_gap(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    row["ambition_gap"] = ambition_gap(model, _completed_summary(model))


def _climate(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    orgs = model.organisations
    dep_index = model.department_layout().department_list
    row["urgency_mean"] = sum([orgs[d].urgency for d in dep_index]) / len(dep_index)
    row["commitment_mean"] = sum([orgs[d].political_commitment for d in dep_index]) / len(dep_index)
    n_dep = model.n_departments
    row["pledge_partners_engaged"] = len({m for i in model.live for m in i.members if m >= n_dep})


def _trust_with(model: HiapModel, month: int, row: dict[str, Any]) -> None:
    """Trust between the coordinator and each other department (a column per department)."""
    layout = model.department_layout()
    coord = model.coordinator_org
    row.update(zip(layout.trust_with_columns(coord, model.organisations), _coordinator_row(model), strict=True))


def _coordinator_row(model: HiapModel) -> list[float]:
    """Organisation-level trust between the coordinator and each other active department (NaN: no pair),
    computed once per row for the two sections that report it (collect_metrics clears it)."""
    values = model.__dict__.get("_metric_coordinator_row")
    if values is None:
        coord = model.coordinator_org
        row = model.org_trust_matrix()[coord].tolist()
        values = model.__dict__["_metric_coordinator_row"] = [row[d] for d in model.department_layout().others(coord)]
    return values


# (group, section) in the order of the columns
_SECTIONS = (
    ("ladder", _ladder), ("trust", _trust), ("initiatives", _initiatives), ("embedding", _hiap_index), ("health", _health),
    ("climate", _resources), ("embedding", _ambition_gap), ("climate", _climate), ("trust", _trust_with),
)


_DECLINE_KEYS = tuple(f"declines_{reason}" for reason in REASONS)
_LEVEL_KEYS = tuple(f"level_share_{k}" for k in range(5))


def _date(model: HiapModel, month: int) -> str:
    """The calendar label of a month: the month the row ends; month 0 (the start) is the end of the month before."""
    return model.calendar_label(month - 1)


class _CompletedSummary:
    """What completed joint work contributes to the metrics; it never changes once completed, so it is
    folded in once per initiative instead of every month."""

    def __init__(self, model: HiapModel) -> None:
        self.seen = 0
        self.remaining = np.ones(model.n_org)  # prod(1 - level/4 x fit) per organisation (hiap_index)
        self.deepest = np.zeros((model.n_org, len(model.topic_names)), dtype=int)  # deepest level per member and topic

    def update(self, model: HiapModel) -> None:
        fit = model.org_fit
        for initiative in model.completed[self.seen :]:
            share = initiative.level / 4.0
            topic = initiative.topic
            for m in initiative.members:
                self.remaining[m] *= 1.0 - share * fit[m, topic]
                self.deepest[m, topic] = max(self.deepest[m, topic], initiative.level)
        self.seen = len(model.completed)


def _completed_summary(model: HiapModel) -> _CompletedSummary:
    summary = model.__dict__.get("_metric_completed")
    if summary is None:
        summary = model.__dict__["_metric_completed"] = _CompletedSummary(model)
    if summary.seen != len(model.completed):
        summary.update(model)
    return summary


def hiap_index(model: HiapModel, departments: list[int], completed: _CompletedSummary | None = None) -> float:
    """Mean over non-coordinating departments of 0.5 x embedding + 0.5 x awareness.

    Embedding: 1 - prod(1 - level/4 x fit) over the department's formalised, implementing or completed joint
    work (health built into its own policy); awareness: its officials' mean awareness of health.
    """
    if not departments:
        return float("nan")
    completed = completed if completed is not None else _completed_summary(model)
    remaining = completed.remaining.copy()
    fit = model.org_fit
    for initiative in model.live:
        if initiative.phase in ("formalised", "implementing", "completed"):
            share = initiative.level / 4.0
            for m in initiative.members:
                remaining[m] *= 1.0 - share * fit[m, initiative.topic]
    layout = model.department_layout()
    awareness = (model.staff_awareness @ model.onehot) / layout.org_staff
    index = (0.5 * (1.0 - remaining) + 0.5 * awareness).tolist()
    return sum([index[d] for d in departments]) / len(departments)


def ambition_gap(model: HiapModel, completed: _CompletedSummary | None = None) -> float:
    """(ambition - realised) / ambition over the coordinator's focus topics; realised = deepest level reached."""
    coord = model.organisations[model.coordinator_org]
    focus = coord.focus_topics()
    target = AMBITION_LEVEL[coord.strategy.ambition]
    completed = completed if completed is not None else _completed_summary(model)
    reached = completed.deepest[coord.index]
    realised = {t: min(int(reached[t]), target) for t in focus.tolist()}
    for initiative in model.live:
        if initiative.topic in realised and coord.index in initiative.members:
            realised[initiative.topic] = max(realised[initiative.topic], min(initiative.level, target))
    ambition = target * len(realised)
    return (ambition - sum(realised.values())) / ambition if ambition else 0.0
