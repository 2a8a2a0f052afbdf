"""The named outcome metrics of spec section 5, collected every month.

Names are stable: scenario reports, sweeps, the game and the web app all read them from here.
Counts marked 'cumulative' run from the start of the run; the others are the state in that month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.mechanisms import health as health_rules
from hiap_sim.mechanisms.decisions import REASONS
from hiap_sim.scenario.fields import month_label
from hiap_sim.scenario.schema import AMBITION_LEVEL

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel

METRICS: dict[str, tuple[str, str]] = {
    "month": ("month number (0 = the start, before the first step)", "month"),
    "date": ("calendar month", "YYYY-MM"),
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
    "acceptance_rate": ("share of partner decisions that were 'join', cumulative", "0-1"),
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


def collect_metrics(model: HiapModel, month: int) -> dict[str, Any]:
    """One row of metrics for the model's current state."""
    n_dep = model.n_departments
    orgs = model.organisations
    layout = model.department_layout()
    dep_index = layout.departments
    live = model.live
    row: dict[str, Any] = {"month": month, "date": _date(model, month)}

    # collaboration ladder per department pair: the deepest live joint work, else ad hoc contact when the
    # pair met within memory, else none
    n_org = model.n_org
    if month > 0:
        levels = (model.org_last_contact.ravel()[layout.pair_flat] > month - model.params.contacts.memory_months).astype(int)
    else:
        levels = np.zeros(len(layout.pair_flat), dtype=int)
    if live:
        position = layout.pair_position
        deepest = levels.tolist()
        for initiative in live:
            if initiative.phase == "stalled":
                continue
            members = initiative.members
            level = initiative.level
            for a in members:
                for b in members:
                    at = position.get(a * n_org + b)
                    if at is not None and deepest[at] < level:
                        deepest[at] = level
        levels = deepest
    shares = np.bincount(levels, minlength=5).tolist()
    n_pairs = max(len(layout.pair_flat), 1)
    for key, count in zip(_LEVEL_KEYS, shares, strict=False):
        row[key] = count / n_pairs

    # trust among department officials, from the organisation-level sums (both directions averaged)
    sums = model.org_trust_sums.ravel()
    row["trust_cross"] = float(sums @ layout.cross_weights) if layout.cross_pairs else float("nan")
    row["trust_within"] = float(sums @ layout.within_weights) if layout.within_pairs else float("nan")
    org_trust = model.org_trust_matrix()
    coord = model.coordinator_org
    others = layout.others(coord)
    with_coordinator = [t for t in org_trust[coord, others].tolist() if t == t]  # NaN where no pair
    row["trust_coordinator"] = sum(with_coordinator) / len(with_coordinator) if with_coordinator else float("nan")
    flat_trust = model.trust.ravel()
    symmetric = flat_trust[layout.tie_flat] + flat_trust[layout.tie_flat_reverse]
    row["solid_ties"] = int(np.count_nonzero(symmetric >= 2 * model.params.trust.solid))

    # initiatives
    c = model.counters
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

    completed = _completed_summary(model)
    row["hiap_index"] = hiap_index(model, others, completed)
    hp = model.params.health
    row["health_gap_years"] = health_rules.gap_years(hp.initial_gap_years, model.health_arrived)
    row["health_gap_reduction"] = health_rules.gap_reduction(model.health_arrived)
    row["health_gap_secured"] = health_rules.gap_reduction(model.health_arrived + sum(model.health_pipeline.values()))
    row["fte_used"] = float(sum(o.fte_committed for o in orgs[:n_dep]))
    row["budget_used"] = float(sum(min(o.budget, o.budget_committed) for o in orgs)) / 12.0
    row["ambition_gap"] = ambition_gap(model, completed)
    row["urgency_mean"] = sum(orgs[d].urgency for d in dep_index) / len(dep_index)
    row["commitment_mean"] = sum(orgs[d].political_commitment for d in dep_index) / len(dep_index)
    engaged = {m for i in live for m in i.members if m >= n_dep}
    row["pledge_partners_engaged"] = len(engaged)
    for d, value in zip(others, org_trust[coord, others].tolist(), strict=True):
        row[f"trust_with_{orgs[d].code}"] = value
    if getattr(model, "municipal", None) is not None:  # municipal columns (MUNICIPAL_METRICS) only with municipalities
        row.update(model.municipal.metrics(month))
    return row


_DECLINE_KEYS = tuple(f"declines_{reason}" for reason in REASONS)
_LEVEL_KEYS = tuple(f"level_share_{k}" for k in range(5))


def _date(model: HiapModel, month: int) -> str:
    """The calendar label of a month (labels are cached per model: they are asked for every month)."""
    labels = model.__dict__.setdefault("_metric_dates", {})
    label = labels.get(month)
    if label is None:
        label = labels[month] = month_label(model.config.start, max(month - 1, 0))
    return label


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
    return sum(index[d] for d in departments) / len(departments)


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
