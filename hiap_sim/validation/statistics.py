"""Named statistics of one finished run, used by the pattern experiments.

Each takes the read-only view of a finished run (``hiap_sim.control.View``) and its metrics frame and returns one
number, so that a pattern file can name what it measures. NaN means 'not defined in this run' (e.g. no initiative ended).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from hiap_sim.control import View
from hiap_sim.scenario.schema import RANKS

Statistic = Callable[[View, pd.DataFrame], float]
STATISTICS: dict[str, tuple[Statistic, str]] = {}


def statistic(description: str) -> Callable[[Statistic], Statistic]:
    def register(function: Statistic) -> Statistic:
        STATISTICS[function.__name__] = (function, description)
        return function

    return register


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


@statistic("share of initiatives that started from informal contacts (chance encounters or relations)")
def informal_origin_share(view: View, frame: pd.DataFrame) -> float:
    c = view.counters
    informal = c["origin_encounter"] + c["origin_relation"]
    return _ratio(informal, informal + c["origin_working_group"] + c["origin_joint_work"])


@statistic("share of initiatives that started from a chance encounter")
def chance_origin_share(view: View, frame: pd.DataFrame) -> float:
    c = view.counters
    return _ratio(c["origin_encounter"], sum(v for k, v in c.items() if k.startswith("origin_")))


@statistic("proposals per informal cross-organisation contact divided by proposals per steering-group contact")
def informal_to_formal_proposal_ratio(view: View, frame: pd.DataFrame) -> float:
    c = view.counters
    informal = _ratio(c["proposals_from_encounter"] + c["proposals_from_relation"], c["contacts_encounter"] + c["contacts_relation"])
    formal = _ratio(c["proposals_from_working_group"] + 0.5, c["contacts_working_group"])  # +0.5: defined when none
    return _ratio(informal, formal)


def _ended(view: View) -> list:
    return [i for i in view.initiatives if i.phase in ("completed", "abandoned")]


@statistic("share of ended initiatives that were abandoned rather than completed")
def abandonment_share(view: View, frame: pd.DataFrame) -> float:
    ended = _ended(view)
    return _ratio(sum(i.phase == "abandoned" for i in ended), len(ended))


@statistic("partner departures per initiative started (faded, formality, election, opposing interests)")
def departures_per_initiative(view: View, frame: pd.DataFrame) -> float:
    c = view.counters
    return _ratio(sum(v for k, v in c.items() if k.startswith("left_")), c["initiatives_new"])


def _per_post(view: View, rank: str) -> float:
    return _ratio(view.counters[f"proposals_by_{rank}"], int((view.staff_rank == RANKS.index(rank)).sum()))


for _rank in RANKS:
    STATISTICS[f"proposals_per_{_rank}"] = (
        lambda view, frame, _r=_rank: _per_post(view, _r),
        f"proposals per {_rank} post over the run",
    )


@statistic("Spearman correlation between rank (officer 0 .. DG 3) and proposals per post")
def rank_proposal_correlation(view: View, frame: pd.DataFrame) -> float:
    from scipy import stats

    rates = [_per_post(view, r) for r in RANKS]
    if np.isnan(rates).any() or len(set(rates)) == 1:
        return float("nan")
    return float(stats.spearmanr(range(len(RANKS)), rates).statistic)


@statistic("initiatives completed by the end")
def completed(view: View, frame: pd.DataFrame) -> float:
    return float(view.counters["initiatives_completed"])


@statistic("initiatives started over the run")
def started(view: View, frame: pd.DataFrame) -> float:
    return float(view.counters["initiatives_new"])


@statistic("proposals made over the run")
def proposals(view: View, frame: pd.DataFrame) -> float:
    return float(view.counters["proposals"])


@statistic("proposals made in the first 24 months")
def proposals_first_24_months(view: View, frame: pd.DataFrame) -> float:
    return float(frame.loc[frame["month"] == min(24, frame["month"].max()), "proposals"].iloc[0])


@statistic("mean urgency over the first 24 months")
def urgency_first_24_months(view: View, frame: pd.DataFrame) -> float:
    return float(frame.loc[(frame["month"] >= 1) & (frame["month"] <= 24), "urgency_mean"].mean())


@statistic("partner decisions on air quality in months 13-36 (the window of a crisis in month 13)")
def air_quality_decisions_after_month_12(view: View, frame: pd.DataFrame) -> float:
    events = view.event_frame()
    if events.empty or "topic" not in events:
        return 0.0
    mask = (events["kind"] == "decision") & (events["topic"] == "air_quality") & events["month"].between(13, 36)
    return float(mask.sum())


@statistic("share of partner decisions that were 'join' for proposals framed HfaP")
def acceptance_hfap(view: View, frame: pd.DataFrame) -> float:
    return _ratio(view.counters["accept_HfaP"], view.counters["asked_HfaP"])


@statistic("share of partner decisions that were 'join' for proposals framed HiaP")
def acceptance_hiap(view: View, frame: pd.DataFrame) -> float:
    return _ratio(view.counters["accept_HiaP"], view.counters["asked_HiaP"])


@statistic("acceptance of the coordinator's proposals (all frames)")
def acceptance_rate(view: View, frame: pd.DataFrame) -> float:
    return float(frame["acceptance_rate"].iloc[-1])


@statistic("completion share of ended initiatives whose partners share the topic (min fit >= 0.5) minus that of the others")
def completion_gap_by_shared_interest(view: View, frame: pd.DataFrame) -> float:
    high, low = [], []
    org_fit = view.org_fit
    for initiative in _ended(view):
        fits = [org_fit[p, initiative.topic] for p in initiative.partners] or [0.0]
        (high if min(fits) >= 0.5 else low).append(initiative.phase == "completed")
    if not high or not low:
        return float("nan")
    return float(np.mean(high) - np.mean(low))


@statistic("mean trust between the coordinator and the other departments at the end")
def trust_coordinator_end(view: View, frame: pd.DataFrame) -> float:
    return float(frame["trust_coordinator"].iloc[-1])


@statistic("small wins over the run")
def small_wins(view: View, frame: pd.DataFrame) -> float:
    return float(view.counters["small_wins"])


def _led_by_partners(view: View, initiative) -> bool:
    return initiative.lead >= view.n_departments or any(p >= view.n_departments for p in initiative.partners)


@statistic("abandonment share of ended initiatives led by or with pledge partners")
def pledge_abandonment_share(view: View, frame: pd.DataFrame) -> float:
    ended = [i for i in _ended(view) if _led_by_partners(view, i)]
    return _ratio(sum(i.phase == "abandoned" for i in ended), len(ended))


@statistic("abandonment share of ended initiatives between departments only")
def department_abandonment_share(view: View, frame: pd.DataFrame) -> float:
    ended = [i for i in _ended(view) if not _led_by_partners(view, i)]
    return _ratio(sum(i.phase == "abandoned" for i in ended), len(ended))


@statistic("share of abandoned pledge initiatives that ended because the coordinator left or the money ended")
def pledge_fragility_share(view: View, frame: pd.DataFrame) -> float:
    ended = [i for i in _ended(view) if _led_by_partners(view, i) and i.phase == "abandoned"]
    return _ratio(sum(i.end_reason in ("coordinator_left", "funding_ended") for i in ended), len(ended))


@statistic("month of the first solid (>= 0.7) cross-department tie (the horizon + 1 when none)")
def first_solid_tie_month(view: View, frame: pd.DataFrame) -> float:
    months = frame.loc[frame["solid_ties"] > 0, "month"]
    return float(months.min()) if len(months) else float(frame["month"].max() + 1)


@statistic("month in which the first pair of departments has a solid relation as organisations (metric solid_org_pairs; the horizon + 1 when none)")
def first_solid_org_pair_month(view: View, frame: pd.DataFrame) -> float:
    months = frame.loc[frame["solid_org_pairs"] > 0, "month"]
    return float(months.min()) if len(months) else float(frame["month"].max() + 1)


CORE_LINEAGES = {"SZW": "SZW", "OCW": "OCW", "BZK": "BZK", "WWI": "BZK", "VROM": "IenM", "VenW": "IenM", "IenM": "IenM", "EZ": "ELI", "ELI": "ELI"}


@statistic("joint-work months of VWS with its five historical core partners (EZ, SZW, IenM, BZK, OCW lineages) minus with the others, per lineage")
def core_partner_advantage(view: View, frame: pd.DataFrame) -> float:
    coordinator = view.coordinator_org
    organisations = view.organisations
    months: dict[str, float] = {}
    for initiative in view.initiatives:
        if coordinator not in initiative.members:
            continue
        span = (initiative.ended or view.month) - initiative.started
        for member in initiative.members:
            if member == coordinator or member >= view.n_departments:
                continue
            code = organisations[member].code
            months[code] = months.get(code, 0.0) + span
    lineages = {o.code: CORE_LINEAGES.get(o.code, o.code) for o in organisations[: view.n_departments] if o.index != coordinator}
    lineages = {code: lineage for code, lineage in lineages.items() if lineage != organisations[coordinator].code}
    per_lineage: dict[str, float] = {}
    for code, lineage in lineages.items():
        per_lineage[lineage] = per_lineage.get(lineage, 0.0) + months.get(code, 0.0)
    core = [v for k, v in per_lineage.items() if k in set(CORE_LINEAGES.values())]
    other = [v for k, v in per_lineage.items() if k not in set(CORE_LINEAGES.values())]
    if not core or not other:
        return float("nan")
    return float(np.mean(core) - np.mean(other))


@statistic("contact persons of partners who changed while their joint work went on, per initiative started")
def contact_changes_per_initiative(view: View, frame: pd.DataFrame) -> float:
    return _ratio(view.counters["contact_persons_changed"], view.counters["initiatives_new"])


def metric_statistic(name: str) -> Statistic:
    """A statistic that reads a metric's value in the last month (``final:<metric>``)."""
    metric = name.removeprefix("final:")

    def read(view: View, frame: pd.DataFrame) -> float:
        return float(frame[metric].iloc[-1])

    return read


def lookup(name: str) -> Statistic:
    """A statistic by name (``final:<metric>`` reads any metric at the end)."""
    if name.startswith("final:"):
        return metric_statistic(name)
    return STATISTICS[name][0]


@statistic("share of partner decisions on the coordinator's (VWS's) proposals that were 'join'")
def coordinator_acceptance(view: View, frame: pd.DataFrame) -> float:
    events = view.event_frame()
    if events.empty or "lead" not in events:
        return float("nan")
    mine = events[(events["kind"] == "decision") & (events["lead"] == view.organisations[view.coordinator_org].code)]
    return float(mine["accept"].astype(bool).mean()) if len(mine) else float("nan")


@statistic("partner declines of the coordinator's proposals for lack of fit with own goals")
def coordinator_no_fit_declines(view: View, frame: pd.DataFrame) -> float:
    events = view.event_frame()
    if events.empty or "lead" not in events:
        return 0.0
    mine = events[(events["kind"] == "decision") & (events["lead"] == view.organisations[view.coordinator_org].code)]
    return float((mine["reason"] == "no_fit").sum())


@statistic("mean partner fit with the topic of completed initiatives minus that of abandoned ones")
def fit_gap_completed_vs_abandoned(view: View, frame: pd.DataFrame) -> float:
    org_fit = view.org_fit

    def mean_fit(initiative) -> float:
        partners = list(initiative.partners) or [initiative.lead]
        return float(np.mean([org_fit[p, initiative.topic] for p in partners]))

    initiatives = view.initiatives
    done = [mean_fit(i) for i in initiatives if i.phase == "completed"]
    dropped = [mean_fit(i) for i in initiatives if i.phase == "abandoned"]
    if not done or not dropped:
        return float("nan")
    return float(np.mean(done) - np.mean(dropped))


@statistic("share of social-field officials collaborating with public health minus that of physical-field officials (municipalities)")
def social_minus_physical(view: View, frame: pd.DataFrame) -> float:
    return float(frame["municipal_collab_social"].iloc[-1] - frame["municipal_collab_physical"].iloc[-1])


@statistic("share of sector officials collaborating with public health minus the share of sectors prioritising inequalities")
def collaboration_minus_priority(view: View, frame: pd.DataFrame) -> float:
    return float(frame["municipal_collab_share"].iloc[-1] - frame["municipal_priority_share"].iloc[-1])


def _first_month_reaching_half(frame: pd.DataFrame, column: pd.Series) -> float:
    final = float(column.iloc[-1])
    if final <= 0:
        return float("nan")
    reached = frame.loc[column >= 0.5 * final, "month"]
    return float(reached.min())


@statistic("months by which deep joint work (levels 3-4) reaches half its final share later than any joint work (levels 2-4), sector pairs with public health")
def depth_lag_months(view: View, frame: pd.DataFrame) -> float:
    any_work = frame["municipal_level_share_2"] + frame["municipal_level_share_3"] + frame["municipal_level_share_4"]
    deep = frame["municipal_level_share_3"] + frame["municipal_level_share_4"]
    return _first_month_reaching_half(frame, deep) - _first_month_reaching_half(frame, any_work)


@statistic("share of sector pairs with public health in cooperation or deeper (2-4) minus the share in coordination or deeper (3-4), at the end")
def shallow_minus_deep(view: View, frame: pd.DataFrame) -> float:
    any_work = frame["municipal_level_share_2"] + frame["municipal_level_share_3"] + frame["municipal_level_share_4"]
    deep = frame["municipal_level_share_3"] + frame["municipal_level_share_4"]
    return float(any_work.iloc[-1] - deep.iloc[-1])


@statistic("mean over partners asked to join new joint work of their fit with the proposed topic minus their mean fit over all topics (goal matching)")
def start_fit_advantage(view: View, frame: pd.DataFrame) -> float:
    """Only requests to start new joint work count (decision events marked ``new_work``): a partner invited into work
    already under way is asked on the topic the work has, not on one chosen for that partner."""
    events = view.event_frame()
    if events.empty or "partner" not in events or "new_work" not in events:
        return float("nan")
    codes = dict(view.org_codes)
    new = (events["kind"] == "decision") & events["new_work"].eq(True)
    asked = events[new & events["partner"].isin(codes) & events["topic"].isin(view.topic_names)]
    if asked.empty:
        return float("nan")
    partners = asked["partner"].map(codes).to_numpy()
    topics = asked["topic"].map({name: k for k, name in enumerate(view.topic_names)}).to_numpy()
    fit = view.org_fit
    return float(np.mean(fit[partners, topics] - fit[partners].mean(axis=1)))


@statistic("share of partner decisions in months 13-36 that were on air quality (the window of a crisis in month 13)")
def air_quality_decision_share_after_month_12(view: View, frame: pd.DataFrame) -> float:
    events = view.event_frame()
    if events.empty or "topic" not in events:
        return float("nan")
    window = events[(events["kind"] == "decision") & events["month"].between(13, 36)]
    return float((window["topic"] == "air_quality").mean()) if len(window) else float("nan")


def _around_reorganisation(view: View, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Monthly metrics of the 12 months before the first reorganisation and of the 24 months from it."""
    if not view.scenario.reorganisations:
        return None
    month = view.month_of(view.scenario.reorganisations[0].date)
    before = frame[(frame["month"] >= month - 12) & (frame["month"] < month)]
    after = frame[(frame["month"] >= month) & (frame["month"] < month + 24)]
    return (before, after) if len(before) and len(after) else None


@statistic("active joint work on a programme ministry's topics (metric mandate_topic_work): mean over the 24 months from the first reorganisation minus the mean over the 12 months before it")
def mandate_topic_work_change(view: View, frame: pd.DataFrame) -> float:
    windows = _around_reorganisation(view, frame)
    if windows is None:
        return float("nan")
    before, after = windows
    return float(after["mandate_topic_work"].mean() - before["mandate_topic_work"].mean())


@statistic("share of active joint work that is on a programme ministry's topics: the 24 months from the first reorganisation minus the 12 months before it")
def mandate_topic_share_change(view: View, frame: pd.DataFrame) -> float:
    windows = _around_reorganisation(view, frame)
    if windows is None:
        return float("nan")
    before, after = windows
    shares = [_ratio(w["mandate_topic_work"].sum(), w["initiatives_active"].sum()) for w in (before, after)]
    return shares[1] - shares[0]
