"""The named outcome metrics of spec section 5, collected every month: one registry for both levels.

Each metric is a :class:`Metric` (name, description, unit, group, source, level). Metrics are computed in
groups by one function each (a group's metrics come from the same state); a run that needs only some metrics
(a sweep's outputs) computes only their groups. Names are stable: scenario reports, sweeps, the game and the
web app all read them from here. Counts marked 'cumulative' run from the start; the others are the state in
that month. Adding a metric: one entry in ``_DEFINITIONS`` and a line in its group's function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.mechanisms import health as health_rules
from hiap_sim.mechanisms.decisions import REASONS
from hiap_sim.pipeline.table import ACTIVE_MAX, PHASES, STALLED
from hiap_sim.scenario.municipal import MATURITY_STAGES, SECTORS
from hiap_sim.scenario.schema import AMBITION_LEVEL

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel

LEVEL_NAMES = ("none", "ad hoc contact", "cooperation", "coordination", "integration")  # the collaboration ladder [ABD2024 6.1]


@dataclass(frozen=True)
class Metric:
    """One named outcome metric."""

    name: str
    description: str
    unit: str
    group: str  # computed together with the other metrics of its group
    source: str = ""  # the figure it is compared with, or where the quantity comes from
    level: str = "national"  # national or municipal (municipal columns exist only with municipalities)


_NATIONAL: dict[str, tuple[str, str]] = {
    "month": ("month number (0 = the start, before the first step)", "month"),
    "date": ("calendar month the row ends (month 1 = the first simulated month; month 0, the start, is dated the month before)", "YYYY-MM"),
    **{f"level_share_{k}": (f"share of department pairs whose deepest joint work is at level {k} ({name}), over the largest number of "
                            "pairs active at once so far in the run (stable when a merger removes pairs)"
                            + (": pairs lost to a merger count here" if k == 0 else ""), "0-1")
       for k, name in enumerate(LEVEL_NAMES)},
    **{f"level_pairs_{k}": (f"department pairs whose deepest joint work is at level {k} ({name})", "pairs") for k, name in enumerate(LEVEL_NAMES)},
    "department_pairs": ("pairs of departments active now (falls when ministries merge)", "pairs"),
    "trust_cross": ("mean trust between officials of different departments", "0-1"),
    "trust_within": ("mean trust between officials of the same department", "0-1"),
    "trust_coordinator": ("mean trust between the coordinator (VWS) and the other departments", "0-1"),
    "solid_ties": ("cross-department ties with trust >= the 'solid' threshold (0.7)", "ties"),
    "solid_org_pairs": ("department pairs whose relation as organisations is solid: the institutional trust a newcomer starts with is at least halfway from the starting baseline to the 'solid' threshold", "pairs"),
    "initiatives_active": ("joint initiatives in progress", "initiatives"),
    "initiatives_stalled": ("joint initiatives stalled", "initiatives"),
    "mandate_topic_work": ("joint initiatives in progress on the topics of a programme ministry's mandate (held or lapsed)", "initiatives"),
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


_MUNICIPAL: dict[str, tuple[str, str]] = {
    "municipal_maturity_mean": ("mean maturity stage of the municipalities (1 Bewust .. 5 Begrepen)", "stage"),
    **{f"municipal_maturity_share_{k}": (f"share of municipalities at maturity stage {k} ({MATURITY_STAGES[k - 1]})", "0-1") for k in range(1, 6)},
    "municipal_alderman_support": ("mean alderman support (college support and the portfolio alderman's leadership)", "0-1"),
    "municipal_lead_share": ("share of municipalities with an IGB lead ('trekker')", "0-1"),
    "municipal_igb_assigned_share": ("share of municipalities where management has assigned IGB to the health officer", "0-1"),
    "municipal_collab_share": ("share of sector officers collaborating with public health (public health: with any sector) [RIVM2010 'all': 80 %]", "0-1"),
    "municipal_collab_social": ("the same, officers of social-field sectors", "0-1"),
    "municipal_collab_physical": ("the same, officers of physical-field sectors", "0-1"),
    **{f"collab_share_{s}": (f"share of {s.replace('_', ' ')} officers collaborating with public health (yes/no measure of [RIVM2010])", "0-1") for s in SECTORS},
    **{f"collab_level_{s}": (f"mean deepest level of {s.replace('_', ' ')}'s collaboration with public health (0 none .. 4 integration)", "level") for s in SECTORS},
    **{f"municipal_level_share_{k}": (f"share of sector-public health pairs in municipalities whose deepest joint work is at level {k}", "0-1") for k in range(5)},
    "municipal_conscious_share": ("share of sector officers working consciously on inequalities (in joint work and aware) [RIVM2010: 56 %]", "0-1"),
    "municipal_priority_share": ("share of sectors prioritising inequalities [RIVM2010: 42 %]", "0-1"),
    "municipal_initiatives_active": ("joint initiatives in progress in municipalities", "initiatives"),
    "municipal_initiatives_new": ("municipal initiatives started this month", "initiatives"),
    "municipal_initiatives_completed": ("municipal initiatives completed, cumulative", "initiatives"),
    "municipal_initiatives_abandoned": ("municipal initiatives abandoned, cumulative", "initiatives"),
    "municipal_proposals": ("proposals between sectors, cumulative", "proposals"),
    "municipal_acceptance_rate": ("share of sector decisions that were 'join', cumulative", "0-1"),
    "municipal_awareness_social": ("mean awareness of social-field officers", "0-1"),
    "municipal_awareness_physical": ("mean awareness of physical-field officers", "0-1"),
    "municipal_grants_held": ("municipality-grant pairs currently funded", "grants"),
    "municipal_grant_budget": ("national grant money currently held by municipalities", "k EUR / year"),
    "municipal_health_gain": ("population-weighted share of the local health gap closed by municipal joint work", "0-1"),
}

# Metrics are computed in groups; a run that needs only some of them (a sweep's outputs) can skip the others.
_GROUPS: dict[str, tuple[str, ...]] = {
    "ladder": (*(f"level_share_{k}" for k in range(5)), *(f"level_pairs_{k}" for k in range(5)), "department_pairs"),
    "trust": ("trust_cross", "trust_within", "trust_coordinator", "solid_ties", "solid_org_pairs"),  # and trust_with_<department>
    "initiatives": ("initiatives_active", "initiatives_stalled", "mandate_topic_work", "initiatives_new", "initiatives_completed", "initiatives_abandoned",
                    "proposals", "acceptance_rate", "small_wins", *(f"declines_{r}" for r in REASONS)),
    "embedding": ("hiap_index", "ambition_gap"),
    "health": ("health_gap_years", "health_gap_reduction", "health_gap_secured"),
    "climate": ("fte_used", "budget_used", "urgency_mean", "commitment_mean", "pledge_partners_engaged"),
}
_SOURCES = {
    "trust_cross": "AIG2016 (solid relations after 5-10 years)", "solid_ties": "AIG2016", "solid_org_pairs": "AIG2016 (solid relations between partners after 5-10 years)", "health_gap_years": "RIVM2010 (14); HHS2016 (16-19)",
    "health_gap_reduction": "REG2021 (target 30 % by 2040)", "municipal_collab_share": "RIVM2010 Table VIII.1 (80 %)",
    "municipal_conscious_share": "RIVM2010 (56 %)", "municipal_priority_share": "RIVM2010 (42 %)",
}


def _definitions() -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    group_of = {name: group for group, names in _GROUPS.items() for name in names}
    for name, (description, unit) in _NATIONAL.items():
        out[name] = Metric(name, description, unit, group_of.get(name, "row"), _SOURCES.get(name, ""))
    for name, (description, unit) in _MUNICIPAL.items():
        out[name] = Metric(name, description, unit, "municipal", _SOURCES.get(name, ""), "municipal")
    return out


def metric_names() -> list[str]:
    """Names of the numeric national metrics (usable as sweep outputs)."""
    return [name for name, m in REGISTRY.items() if m.level == "national" and name != "date"]


def metric_groups(names: Iterable[str] | None) -> frozenset[str] | None:
    """The groups that compute ``names`` (None: every group)."""
    if names is None:
        return None
    groups = set()
    for name in names:
        if name in ("month", "date"):
            continue
        if name in REGISTRY:
            groups.add(REGISTRY[name].group)
        elif name.startswith("trust_with_"):
            groups.add("trust")
        elif name.startswith("municipal_"):
            groups.add("municipal")
        else:
            raise ValueError(f"unknown metric '{name}' (see `hiap-sim metrics`)")
    return frozenset(groups)


class MetricCollector:
    """Collects the metrics row of each month for one model; keeps what it folds in once (completed work) and the
    ladder's deepest levels and the embedding term of the HiAP index while the work they read stays the same."""

    def __init__(self, model: HiapModel, groups: frozenset[str] | None = None) -> None:
        self.model = model
        self.groups = groups
        self.completed = _CompletedSummary(model)
        self.coordinator_row: list[float] | None = None  # computed once per row for the sections that report it
        self.alive: list[tuple[int, int, int, list[int]]] = []  # (phase, level, topic, members) of alive national work, in order of start
        self.pair_base = 0  # the largest number of department pairs active at once so far: the level shares' denominator
        self.embedding_of: tuple[int, np.ndarray, list, np.ndarray] | None = None  # (completed seen, fit, embedded work, remaining) last computed
        self.ladder_of: tuple[Any, int, list, list[int]] | None = None  # (layout, departments, active work, deepest level per pair) last computed

    def collect(self, month: int) -> dict[str, Any]:
        """One row of metrics for the model's current state: every metric, or only those of the groups."""
        model, groups = self.model, self.groups
        row: dict[str, Any] = {"month": month, "date": _date(model, month)}
        self.coordinator_row = None
        table = model.work.table
        alive = table.alive_rows()
        self.alive = list(zip(table.phase[alive].tolist(), table.level[alive].tolist(), table.topic[alive].tolist(), table.members_of(alive), strict=True))
        if self.completed.seen != len(model.completed):
            self.completed.update(model)
        for group, section in _SECTIONS:
            if groups is None or group in groups:
                section(self, month, row)
        return row


def collect_metrics(model: HiapModel, month: int, groups: frozenset[str] | None = None) -> dict[str, Any]:
    """One row of metrics for ``model`` now (a fresh collector: for a model's own rows use its collector)."""
    return MetricCollector(model, groups).collect(month)


def _ladder(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    """Collaboration ladder per department pair (``HiapModel.ladder``): the deepest active joint work, else ad hoc
    contact when the pair met within memory, else none; counts per level, and shares of a denominator that stays
    when ministries merge (issue 14: 66 pairs became 28 in 2010 and the shares rose by arithmetic alone)."""
    model = c.model
    layout = model.department_layout()
    # ``model.ladder()`` at the department pairs, from the few alive rows already listed: the deepest level of
    # active work each pair shares, else ad hoc (1) when they met within memory, else none
    active_work = [(level, members) for phase, level, _, members in c.alive if phase <= ACTIVE_MAX]
    if c.ladder_of is not None and c.ladder_of[0] is layout and c.ladder_of[1] == model.n_departments and c.ladder_of[2] == active_work:
        shared = c.ladder_of[3]  # the same active work at the same levels as when last computed: the same deepest levels
    else:
        shared = _deepest_shared(active_work, layout.pair_index, model.n_departments)
        c.ladder_of = (layout, model.n_departments, active_work, shared)
    recent = (model.org_last_contact.ravel().take(layout.pair_flat) > model.month - model.params.contacts.memory_months).tolist()
    deepest = [level if level else int(met) for level, met in zip(shared, recent, strict=True)]
    active = len(deepest)
    # a denominator that a merger does not shrink: the most pairs active at once so far (the starting pairs unless
    # ministries are added); pairs lost to a merger count at level 0, so the shares still add up to one
    c.pair_base = max(c.pair_base, active)
    base = max(c.pair_base, 1)
    counts = [deepest.count(level) for level in range(5)]
    counts_0 = counts[0] + c.pair_base - active
    for level, key in enumerate(_LEVEL_KEYS):
        row[key] = (counts_0 if level == 0 else counts[level]) / base
    row.update(zip(_PAIR_KEYS, counts, strict=True))
    row["department_pairs"] = active


def _deepest_shared(active_work: list[tuple[int, list[int]]], pair_index: dict[tuple[int, int], int], n: int) -> list[int]:
    """The deepest level of active joint work ((level, members) each) each department pair (``pair_index``) shares,
    0 for none."""
    shared = [0] * len(pair_index)
    for level, members in active_work:
        inside = [m for m in members if m < n]
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                k = pair_index.get((a, b) if a < b else (b, a))
                if k is not None and level > shared[k]:
                    shared[k] = level
    return shared


def _trust(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    """Trust among department officials, from the organisation-level sums (both directions averaged)."""
    layout = model.department_layout()
    cross, within = (model.org_trust_sums.ravel() @ layout.mean_weights).tolist()
    row["trust_cross"] = cross if layout.cross_pairs else float("nan")
    row["trust_within"] = within if layout.within_pairs else float("nan")
    with_coordinator = [t for t in _coordinator_row(c) if t == t]  # NaN where no pair
    row["trust_coordinator"] = sum(with_coordinator) / len(with_coordinator) if with_coordinator else float("nan")
    flat_trust = model.trust.ravel()
    symmetric = flat_trust.take(layout.tie_flat)
    symmetric += flat_trust.take(layout.tie_flat_reverse)
    row["solid_ties"] = int(np.count_nonzero(symmetric >= 2 * model.params.trust.solid))
    tp = model.params.trust
    halfway = 0.5 * (min(1.0, tp.baseline_cross * model.config.trust) + tp.solid)
    row["solid_org_pairs"] = int(np.count_nonzero(model.org_baseline.ravel().take(layout.pair_flat) >= halfway))


def _initiatives(collector: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = collector.model
    c = model.counters
    stalled = sum(1 for phase, _, _, _ in collector.alive if phase == STALLED)
    row["initiatives_active"] = len(collector.alive) - stalled
    row["initiatives_stalled"] = stalled
    mandate = collector.model.mandate_topic_mask
    row["mandate_topic_work"] = sum(1 for phase, _, topic, _ in collector.alive if phase != STALLED and mandate[topic])
    row["initiatives_new"] = model.month_counts.get("initiatives_new", 0)
    row["initiatives_completed"] = c.get("initiatives_completed", 0)
    row["initiatives_abandoned"] = c.get("initiatives_abandoned", 0)
    row["proposals"] = c.get("proposals", 0)
    declines = [c.get(key, 0) for key in _DECLINE_KEYS]
    asked = c.get("acceptances", 0) + sum(declines)
    row["acceptance_rate"] = c.get("acceptances", 0) / asked if asked else float("nan")
    row["small_wins"] = c.get("small_wins", 0)
    row.update(zip(_DECLINE_KEYS, declines, strict=True))


def _hiap_index(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    layout = model.department_layout()
    # the embedding term changes only with completed work and the embedded (formalised, implementing) work
    embedded = [(level, topic, members) for phase, level, topic, members in c.alive if phase in _EMBEDDED]
    key = (c.completed.seen, model.org_fit, embedded)
    if c.embedding_of is None or c.embedding_of[0] != key[0] or c.embedding_of[1] is not key[1] or c.embedding_of[2] != embedded:
        c.embedding_of = (*key, _remaining(model, c.completed, embedded))
    row["hiap_index"] = hiap_index(model, layout.others(model.coordinator_org), c.completed, c.alive, remaining=c.embedding_of[3])


def _health(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    hp = model.params.health
    row["health_gap_years"] = health_rules.gap_years(hp.initial_gap_years, model.health_arrived)
    row["health_gap_reduction"] = health_rules.gap_reduction(model.health_arrived)
    row["health_gap_secured"] = health_rules.gap_reduction(model.health_arrived + sum(model.health_pipeline.values()))


def _resources(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    orgs = model.organisations
    row["fte_used"] = float(sum([o.fte_committed for o in orgs[: model.n_departments]]))
    row["budget_used"] = float(sum([min(o.budget, o.budget_committed) for o in orgs])) / 12.0


def _ambition_gap(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    row["ambition_gap"] = ambition_gap(model, c.completed, c.alive)


def _climate(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    orgs = model.organisations
    dep_index = model.department_layout().department_list
    row["urgency_mean"] = sum([orgs[d].urgency for d in dep_index]) / len(dep_index)
    row["commitment_mean"] = sum([orgs[d].political_commitment for d in dep_index]) / len(dep_index)
    n_dep = model.n_departments
    row["pledge_partners_engaged"] = len({m for _, _, _, members in c.alive for m in members if m >= n_dep})


def _trust_with(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    model = c.model
    """Trust between the coordinator and each other department (a column per department)."""
    layout = model.department_layout()
    coord = model.coordinator_org
    row.update(zip(layout.trust_with_columns(coord, model.organisations), _coordinator_row(c), strict=True))


def _coordinator_row(c: MetricCollector) -> list[float]:
    """Organisation-level trust between the coordinator and each other active department (NaN: no pair),
    computed once per row for the two sections that report it."""
    if c.coordinator_row is None:
        model = c.model
        coord = model.coordinator_org
        row = model.org_trust_matrix()[coord].tolist()
        c.coordinator_row = [row[d] for d in model.department_layout().others(coord)]
    return c.coordinator_row


def _municipal(c: MetricCollector, month: int, row: dict[str, Any]) -> None:
    """The municipal columns (only with municipalities): computed by the municipal level from its arrays."""
    if c.model.municipal is not None:
        row.update(c.model.municipal.metrics(month))


# (group, section) in the order of the columns
_SECTIONS = (
    ("ladder", _ladder), ("trust", _trust), ("initiatives", _initiatives), ("embedding", _hiap_index), ("health", _health),
    ("climate", _resources), ("embedding", _ambition_gap), ("climate", _climate), ("trust", _trust_with), ("municipal", _municipal),
)


_DECLINE_KEYS = tuple(f"declines_{reason}" for reason in REASONS)
_LEVEL_KEYS = tuple(f"level_share_{k}" for k in range(5))
_PAIR_KEYS = tuple(f"level_pairs_{k}" for k in range(5))


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


def hiap_index(model: HiapModel, departments: list[int], completed: _CompletedSummary | None = None,
               alive: list[tuple[int, int, int, list[int]]] | None = None, remaining: np.ndarray | None = None) -> float:
    """Mean over non-coordinating departments of 0.5 x embedding + 0.5 x awareness.

    Embedding: 1 - prod(1 - level/4 x fit) over the department's formalised, implementing or completed joint
    work (health built into its own policy); awareness: its officials' mean awareness of health. ``remaining``
    (the product per organisation, from ``_remaining``) may be given by a caller that keeps it.
    """
    if not departments:
        return float("nan")
    if remaining is None:
        if completed is None:
            completed = _CompletedSummary(model)
            completed.update(model)
        embedded = [(level, topic, members) for phase, level, topic, members in _alive(model, alive) if phase in _EMBEDDED]
        remaining = _remaining(model, completed, embedded)
    layout = model.department_layout()
    awareness = (model.staff_awareness @ model.onehot) / layout.org_staff
    index = (0.5 * (1.0 - remaining) + 0.5 * awareness).tolist()
    return sum([index[d] for d in departments]) / len(departments)


def _remaining(model: HiapModel, completed: _CompletedSummary, embedded: list[tuple[int, int, list[int]]]) -> np.ndarray:
    """prod(1 - level/4 x fit) per organisation over its completed and its embedded work ((level, topic, members)
    each): what health is not yet built into its policy."""
    remaining = completed.remaining.copy()
    fit = model.org_fit
    for level, topic, members in embedded:
        share = level / 4.0
        for m in members:
            remaining[m] *= 1.0 - share * fit[m, topic]
    return remaining


def ambition_gap(model: HiapModel, completed: _CompletedSummary | None = None, alive: list[tuple[int, int, int, list[int]]] | None = None) -> float:
    """(ambition - realised) / ambition over the coordinator's focus topics; realised = deepest level reached."""
    coord = model.organisations[model.coordinator_org]
    focus = coord.focus_topics()
    target = AMBITION_LEVEL[coord.strategy.ambition]
    if completed is None:
        completed = _CompletedSummary(model)
        completed.update(model)
    reached = completed.deepest[coord.index]
    realised = {t: min(int(reached[t]), target) for t in focus.tolist()}
    for _, level, topic, members in _alive(model, alive):
        if topic in realised and coord.index in members:
            realised[topic] = max(realised[topic], min(level, target))
    ambition = target * len(realised)
    return (ambition - sum(realised.values())) / ambition if ambition else 0.0


def _alive(model: HiapModel, alive: list[tuple[int, int, int, list[int]]] | None) -> list[tuple[int, int, int, list[int]]]:
    """(phase, level, topic, members) of the alive national work, in order of start."""
    if alive is not None:
        return alive
    table = model.work.table
    rows = table.alive_rows()
    return [(int(table.phase[r]), int(table.level[r]), int(table.topic[r]), table.members(int(r))) for r in rows.tolist()]


_EMBEDDED = (PHASES.index("formalised"), PHASES.index("implementing"))  # formalised or implementing: health built into policy


REGISTRY: dict[str, Metric] = _definitions()
METRICS: dict[str, tuple[str, str]] = {name: (m.description, m.unit) for name, m in REGISTRY.items() if m.level == "national"}  # name -> (meaning, unit)
MUNICIPAL_METRICS: dict[str, tuple[str, str]] = {name: (m.description, m.unit) for name, m in REGISTRY.items() if m.level == "municipal"}
