"""The basics both parts of the scenario schema share (national: ``schema``, municipal: ``municipal``): calendar
months, the vocabularies of themes, frames, approaches and funding, ranks, the strategy of an organisation's own
agents, and the trust and decision parameters the municipal level reuses."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from hiap_sim.scenario.fields import Strict, check_month, completed, each, metadata, param, share

Month = Annotated[str, BeforeValidator(lambda v: v if v is None else str(v)), AfterValidator(check_month)]
OptionalMonth = Annotated[
    str | None, BeforeValidator(lambda v: v if v is None else str(v)), AfterValidator(check_month)
]

Kind = Literal["social", "physical", "economic", "classic", "society"]
Frame = Literal["HiaP", "HfaP"]
Approach = Literal["system", "area", "small_wins"]
Funding = Literal["project", "structural", "population"]
Ambition = Literal["inform", "coordinate", "integrate"]
CrisisKind = Literal["industrial_pollution", "pfas", "gas_extraction", "pandemic", "economic", "other"]
Theme = Literal[
    "livelihood_security",
    "housing",
    "labour_market",
    "education",
    "economy",
    "environment",
    "safety",
    "care",
    "mobility",
    "agriculture_food",
    "public_finance",
    "youth",
    "sport_leisure",
]
THEMES: tuple[str, ...] = get_args(Theme)  # the policy domains, in the order of the model's theme arrays
AMBITION_LEVEL = {"inform": 2, "coordinate": 3, "integrate": 4}
RANKS = ("officer", "senior", "director", "dg")
# the most national officials (department posts plus pledge volunteers) a run may hold: the model keeps
# dense officials x officials matrices of trust and contacts (8 bytes a cell; 5,000 officials: 200 MB each)
MAX_NATIONAL_OFFICIALS = 5000
SEED_MAX = 2**32 - 1
MIN_CAPACITY_FTE = 0.05  # two hours a week: less, but not 0, is no meaningful staff time (and breaks the decision rule's arithmetic)


def by_level(upper: float) -> type:
    """A list of five numbers in [0, upper], one per collaboration level 0-4."""
    return Annotated[list[Annotated[float, Field(ge=0, le=upper)]], Field(min_length=5, max_length=5)]


def by_key(key: type, upper: float, defaults: object, lower: float = 0) -> type:
    """A map of numbers in [lower, upper] whose missing keys are completed from ``defaults``."""
    return Annotated[dict[key, Annotated[float, Field(ge=lower, le=upper)]], BeforeValidator(completed(defaults))]


# ----------------------------------------------------------------------------------------- organisations
class Staff(Strict):
    """Posts for cross-cutting (HiaP) work in one organisation, by rank."""

    officer: int = param(3, "officers (policy staff) working on cross-cutting health topics", unit="posts", ge=0, le=200)
    senior: int = param(2, "senior policy advisers", unit="posts", ge=0, le=100)
    director: int = param(1, "directors", unit="posts", ge=0, le=20)
    dg: int = param(1, "directors-general", unit="posts", ge=0, le=5)


class Strategy(Strict):
    """How an organisation's own agents behave; what a player replaces in a game (spec 2.6).

    Frozen: a new strategy replaces the old one (``model_copy(update=...)``), so what the model derives from
    it is recomputed exactly when it changes."""

    model_config = ConfigDict(frozen=True)

    focus_topics: list[str] = Field(
        default_factory=list,
        description="topics this organisation pursues; empty = the n_topics with best fit",
        json_schema_extra={"unit": "topic names", "source": "ABD2024"},
    )
    n_topics: int = param(3, "how many topics to pursue when focus_topics is empty", unit="topics", ge=1, le=12)
    ambition: Ambition = param(
        "coordinate", "ambition level per topic: inform (2), coordinate (3), integrate (4)", unit="choice", source="ABD2024"
    )
    frame: Frame = param("HiaP", "default frame of proposals: HiaP (serve health) or HfaP (health serves your goals)", unit="choice", source="ABD2024")
    approach: Approach = param("area", "default approach: system change, area-based/concrete cases, small wins", unit="choice", source="ABD2024")
    funding: Funding = param("project", "default funding of new joint work", unit="choice", source="REG2021")
    relation_share: float = share(0.5, "share of staff time spent on relations (contacts) rather than on initiatives")
    escalation: Literal["patient", "early", "never"] = param(
        "patient",
        "when to raise the collaboration level: when trust and the topic warrant it, at once, or never",
        unit="choice",
        source="HHS2016",
    )


class TrustParams(Strict):
    """Submodel 4.2, trust (Nooteboom-style: trust follows observed loyalty)."""

    ROLE = "behavioural"

    baseline_within: float = share(0.5, "institutional baseline trust between colleagues", plausible=(0.4, 0.7), evidence="assumption: colleagues start with moderate trust, above the baseline between organisations and below 'solid'")
    baseline_cross: float = share(0.3, "institutional baseline trust between organisations", plausible=(0.2, 0.4), evidence="assumption: organisations start well below 'solid' (0.7), so that solid ties take years (evidence.md §1 fact 12)")
    max_meetings_counted: int = param(0, "meetings a month that count for trust between two people (0 = all): a cap says trust cannot be rushed", unit="meetings", ge=0, le=100, source="assumption (Nooteboom: trust from loyalty observed over time)", role="input")
    contact_step: float = share(0.014, "trust gained per contact, as a share of the distance to 1 (calibrated: solid trust in 5-10 years)", source="AIG2016", plausible=(0.012, 0.022), evidence="[AIG2016] evidence.md §1 fact 12: 'at least 5-10 years before partners have solid relations'. In national_2025 the step 0.012 gives a median of 124/108 months to the first solid tie, 0.014 101/93 (grid of ODD 4.2; 0.011: 137, beyond 10 years); the time falls about as 1/step, so 0.022 gives about 60 months (5 years)")
    loyalty_weight: float = share(0.5, "how much a partner's record of kept commitments scales the step", source="assumption (Nooteboom)", plausible=(0.25, 0.75), evidence="assumption: trust follows observed loyalty (Nooteboom); a partner's record scales the step by a quarter to three quarters")
    breach_step: float = share(0.25, "trust lost when a partner breaks a commitment, as a share of current trust", source="HHS2016", plausible=(0.1, 0.5), evidence="assumption: a broken commitment costs a tenth to half of current trust; HHS2016 backs the damage of reneging, with no figure")
    decay_per_month: float = share(0.02, "monthly pull back to the baseline without contact", plausible=(0.01, 0.04), evidence="assumption: without contact trust returns to the baseline with a half-life of 1.5-6 years, slower than it takes to build (fact 12)")
    institutional_learning: float = share(0.01, "monthly drift of the baseline between two organisations towards their strongest tie", source="HHS2016 (relations carried over, changing contact persons)", plausible=(0.005, 0.03), evidence="assumption: VWS kept its core partners 2009-2015 'though often with changing contact persons' [HHS2016, evidence.md §1 fact 2]: relations outlast people; a drift of 0.5-3 % a month lets the baseline follow the strongest tie within 2-11 years (half-life)")
    solid: float = share(0.7, "trust counted as a 'solid' tie", source="AIG2016", plausible=(0.6, 0.8), evidence="assumption: AIG2016's 'solid relations' (fact 12) are not quantified: well above the baselines (0.3-0.5), short of certainty")


class DecisionParams(Strict):
    """Submodel 4.4: V = a1 fit*frame + a2 trust + a3 urgency + a4 commitment + a5 evidence - costs."""

    ROLE = "behavioural"

    fit_weight: float = param(1.2, "a1: weight of topic fit with own priorities", unit="value", ge=0, le=5, source="RIVM2010 (shared interest 92 %)", plausible=(0.6, 2.0), evidence="assumption: RIVM2010 enablers (n = 123, evidence.md §2): shared interest 92 %, good relations 92 %, so a1 and a2 are of one order (a1/a2 0.6-2); the figure is a share of respondents, not a weight")
    frame_factor: float = param(1.5, "multiplier of fit when health is framed as serving the partner's goals (HfaP)", unit="factor", ge=1, le=4, source="ABD2024; HHS2016", plausible=(1.0, 2.5), evidence="assumption: framing in the partner's terms helps [ABD2024, HHS2016, RIVM2010; evidence.md §1 fact 8] by an unmeasured amount: from no effect to 2.5 times the fit")
    trust_weight: float = param(1.0, "a2: weight of trust", unit="value", ge=0, le=5, source="RIVM2010 (good relations 92 %)", plausible=(0.5, 1.7), evidence="assumption: good relations 92 % and shared interest 92 % of respondents [RIVM2010, evidence.md §2] put trust on a par with fit; the scale is set by the decision noise")
    urgency_weight: float = param(0.6, "a3: weight of perceived urgency", unit="value", ge=0, le=5, plausible=(0.3, 1.0), evidence="assumption: urgency matters (fact 7) but is not among RIVM2010's most-cited enablers, so below fit and trust")
    commitment_weight: float = param(0.8, "a4: weight of the minister's commitment", unit="value", ge=0, le=5, source="HHS2016; RIVM2010", plausible=(0.4, 1.2), evidence="assumption: political support eases collaboration (college support and alderman leadership ~78 % [RIVM2010, evidence.md §2]; fact 5), cited somewhat less than relations and interest (92 %): about 0.85 of a2, with margin")
    evidence_weight: float = param(0.5, "a5: weight of quantified evidence", unit="value", ge=0, le=5, source="ABD2024", plausible=(0.2, 0.8), evidence="assumption: quantified health effects are a lever [ABD2024, evidence.md §4] with no measured effect on decisions")
    time_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.3, 0.6, 1.0], description="staff-time cost by level 0-4 (scaled by current load)", json_schema_extra=metadata("value", "ABD2024", plausible=each([0, 0, 0.3, 0.6, 1.0], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; deeper levels cost more coordination [ABD2024 6.1], no figure; levels 0-1 cost nothing by construction"))
    budget_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.1, 0.3, 0.6], description="budget cost by level 0-4", json_schema_extra=metadata("value", "RIVM2010 (lack of resources 63 %)", plausible=each([0, 0, 0.1, 0.3, 0.6], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; lack of resources is the most-cited barrier (63 %) [RIVM2010, evidence.md §2]: that it weighs, not how much"))
    autonomy_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.1, 0.5, 1.2], description="autonomy cost by level 0-4 (times autonomy preference)", json_schema_extra=metadata("value", "ABD2024 6.1", plausible=each([0, 0, 0.1, 0.5, 1.2], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; integration costs autonomy [ABD2024 6.1], no figure"))
    silo_weight: float = param(0.8, "weight of silo strength", unit="value", ge=0, le=5, source="HHS2016", plausible=(0.4, 1.2), evidence="assumption: 'verkokering' holds departments back [HHS2016] by an unmeasured amount; of the order of the commitment weight")
    accountability_tax: float = param(0.2, "cost of being judged on own dossiers only", unit="value", ge=0, le=5, source="HHS2016", plausible=(0.1, 0.4), evidence="assumption: being judged on own dossiers only discourages joint work [HHS2016], a smaller term than the silo")
    bias: float = param(-0.6, "constant of the decision rule", unit="value", ge=-5, le=5, plausible=(-1.0, -0.2), evidence="assumption: the national constant is not calibrated; the municipal fit (-0.57) and the spread of its best points (-0.77 to -0.04) suggest a negative constant of this order")
    noise: float = param(0.3, "scale of the logistic decision noise (below 0.05 the rule is deterministic in effect)", unit="value", ge=0.05, le=5, plausible=(0.15, 0.5), evidence="assumption: the logistic scale: below 0.15 decisions are near deterministic, above 0.5 the weights (about 1) barely matter")
    scarcity_response: float = param(-1.0, "-1: budget cuts make departments retreat; +1: scarcity spurs joint work", unit="-1..1", ge=-1, le=1, source="HHS2016 #21", plausible=(-1.0, 1.0), evidence="assumption: budget cuts make people retreat [HHS2016, evidence.md §1 fact 6] (-1), but this is contested: scarcity can also spur change (+1), so the whole range")
    scarcity_weight: float = param(1.0, "strength of the scarcity response", unit="value", ge=0, le=5, plausible=(0.5, 1.5), evidence="assumption: the size of the scarcity response is not measured; of the order of the other weights")
    political_lever_weight: float = param(0.8, "value of full agenda power with full goodwill", unit="value", ge=0, le=5, source="ABD2024 5.6", plausible=(0.4, 1.2), evidence="assumption: a coordinating minister's effect 'depends on the cabinet's goodwill' [ABD2024 5.6]; no size, of the order of the commitment weight")
    legal_duty_weight: float = param(0.4, "value of a full legal duty", unit="value", ge=0, le=5, source="ABD2024", plausible=(0.1, 0.8), evidence="assumption: law is contested: indispensable to some, breeding minimalism to others [ABD2024, evidence.md §4]; below political backing")
    window_value: float = param(0.5, "value of an open crisis window on a related topic", unit="value", ge=0, le=5, source="ABD2024", plausible=(0.25, 1.0), evidence="assumption: an open crisis window favours related work [ABD2024, fact 7] by an unmeasured amount")


class JointWorkParams(Strict):
    """Submodels 4.5-4.6 (ladder, progress, small wins, ending): the parameters of the one joint-work pipeline that
    both levels share. The national defaults stand here; the municipal level (``MunicipalWork``) restates only
    the defaults that differ."""

    ROLE = "behavioural"

    base_progress: float = param(0.03, "monthly progress under full conditions", unit="per month", ge=0, le=1, plausible=(0.015, 0.06), evidence="assumption: 1/base_progress is the months to complete work under full conditions: 17-67 months, around the 2-3 year programme periods of evidence.md §3 (Alles is Gezondheid 2014-2016 [HHS2016]); no source measures progress")
    approach_speed: by_key(Approach, 3, lambda: {"system": 0.6, "area": 1.0, "small_wins": 1.15}) = Field(default_factory=lambda: {"system": 0.6, "area": 1.0, "small_wins": 1.15}, description="progress speed by approach", json_schema_extra=metadata("factor", "ABD2024 5.4, 6.3", plausible={"system": (0.4, 0.8), "area": (1.0, 1.0), "small_wins": (1.0, 1.5)}, evidence="assumption: system change is slower and small wins faster than the area-based reference (1) [ABD2024 5.4, 6.3]: the order, not the sizes"))
    approach_payoff: by_key(Approach, 5, lambda: {"system": 1.6, "area": 1.0, "small_wins": 0.8}) = Field(default_factory=lambda: {"system": 1.6, "area": 1.0, "small_wins": 0.8}, description="health payoff by approach", json_schema_extra=metadata("factor", "AIG2016; ABD2024", plausible={"system": (1.2, 2.5), "area": (1.0, 1.0), "small_wins": (0.6, 1.0)}, evidence="assumption: system change pays off more, small wins less than the area-based reference (1) [AIG2016; ABD2024]: the order, not the sizes"))
    small_win_rate: by_key(Approach, 1, lambda: {"system": 0.02, "area": 0.07, "small_wins": 0.15}) = Field(default_factory=lambda: {"system": 0.02, "area": 0.07, "small_wins": 0.15}, description="small wins per month at full progress speed", json_schema_extra=metadata("per month", "ABD2024 6.3 (Termeer)", plausible={"system": (0.01, 0.04), "area": (0.04, 0.1), "small_wins": (0.1, 0.25)}, evidence="assumption: a small-wins strategy shows a result every 4-10 months at full speed [ABD2024 6.3, Termeer; no figure], area work every 10-25, system change rarely"))
    level_speed: by_level(2) = Field(default_factory=lambda: [0.0, 0.0, 1.0, 0.85, 0.7], description="progress speed by level 0-4 (coordination overhead)", json_schema_extra=metadata("factor", "ABD2024 6.1", plausible=[(0, 0), (0, 0), (1.0, 1.0), (0.7, 0.95), (0.5, 0.9)], evidence="assumption: coordination overhead slows deeper levels [ABD2024 6.1], no figure; level 2 is the reference (1), levels 0-1 carry no work"))
    excess_level_penalty: float = share(0.35, "speed lost per level above what the topic needs (formality)", source="HHS2016 #13-14", plausible=(0.2, 0.5), evidence="assumption: formality beyond what the topic needs slows work [HHS2016 #13-14], no figure")
    trust_required: by_level(1) = Field(default_factory=lambda: [0.0, 0.0, 0.3, 0.45, 0.55], description="member trust a level needs; below it joint work turns into formality", json_schema_extra=metadata("0-1", "HHS2016 #13-14", plausible=[(0, 0), (0, 0), (0.2, 0.4), (0.35, 0.55), (0.45, 0.65)], evidence="assumption: deeper levels need more trust, formalising ahead of it breeds formality [HHS2016 #13-14]: between the cross baseline (0.3) and solid (0.7)"))
    shared_interest_weight: float = share(0.6, "share of progress that depends on the partners' own stake in the topic (their fit)", source="HHS2016 (parallel interests); RIVM2010 (shared interest 92 %)", plausible=(0.4, 0.8), evidence="assumption: parallel interests are necessary [HHS2016, evidence.md §1 fact 9] and shared interest is a most-cited enabler (92 % [RIVM2010, §2]): more than a third of progress, not all")
    formality_penalty: float = share(0.5, "speed lost when the level runs ahead of trust ('plichtpleging')", source="HHS2016", plausible=(0.3, 0.7), evidence="assumption: work whose level runs ahead of trust becomes 'plichtpleging' [HHS2016], a loss the source does not measure")
    fte_cost: by_level(10) = Field(default_factory=lambda: [0.0, 0.0, 0.2, 0.5, 1.0], description="staff time a member spends per initiative, by level", json_schema_extra=metadata("FTE", "assumption", plausible=each([0, 0, 0.2, 0.5, 1.0], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; the VWS HiaP team of 2-3 FTE [ABD2024, evidence.md §3] carries a handful of initiatives"))
    budget_cost: by_level(20) = Field(default_factory=lambda: [0.0, 0.0, 0.05, 0.2, 0.5], description="budget an initiative spends per member, by level", json_schema_extra=metadata("M EUR / year", "assumption", plausible=each([0, 0, 0.05, 0.2, 0.5], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; no source gives what joint work costs"))
    small_win_trust: float = share(0.04, "trust gained among members per small win (share of distance to 1)", source="AIG2016", plausible=(0.02, 0.08), evidence="assumption: small wins build trust [AIG2016, ABD2024; evidence.md §1 fact 10], no size: worth 1.5-6 contacts' trust step")
    small_win_awareness: float = share(0.03, "awareness gained by members per small win", source="AIG2016", plausible=(0.015, 0.06), evidence="assumption: small wins raise awareness [AIG2016], no size; half to twice the default")
    awareness_growth: float = share(0.004, "monthly awareness growth from joint work (cognitive anchoring)", source="AIG2016", plausible=(0.002, 0.008), evidence="assumption: cognitive anchoring over years (fact 12): 0.002-0.008 a month closes 21-62 % of the gap to full awareness in ten years")
    takeover_probability: float = share(0.35, "chance someone takes over when the coordinator leaves", source="AIG2016", plausible=(0.2, 0.5), evidence="assumption: work depends on 'one enthusiastic coordinator' [AIG2016, REG2021; evidence.md §1 fact 11]: a takeover is less than even odds, no rate given")
    takeover_bonus_formal: float = share(0.3, "extra takeover chance for formalised work (level >= 3)", source="HHS2016", plausible=(0.15, 0.45), evidence="assumption: formalised work has a place in the organisation that outlasts its coordinator [HHS2016], no figure")
    revive_per_month: float = share(0.04, "monthly chance that stalled work is picked up again", plausible=(0.02, 0.08), evidence="assumption: stalled work is picked up again after one to four years on average")
    stall_months: int = param(12, "months stalled before work is abandoned", unit="months", ge=1, le=120, plausible=(6, 24), evidence="assumption: work stalled for half a year to two years is given up")
    fade_after_months: int = param(24, "months after which unformalised work (level <= 2) starts losing partners", unit="months", ge=1, le=240, source="HHS2016", plausible=(12, 48), evidence="assumption: 'unformalised work loses participants' [HHS2016, evidence.md §1 fact 3] after a while the source does not give: one to four years")
    fade_per_month: float = share(0.02, "monthly chance a partner drifts away from unformalised or formality-bound work", source="HHS2016", plausible=(0.01, 0.04), evidence="assumption: partners of unformalised work drift away [HHS2016, fact 3] after 2-8 years on average, no rate given")
    oppose_per_month: float = share(0.02, "monthly chance of conflict with a partner whose fit is nil", source="HHS2016", plausible=(0.0, 0.04), evidence="assumption: without a real shared interest cooperation becomes a formality [HHS2016, fact 9]; open conflict is rarer than drifting away")
    oppose_below_fit: float = share(0.15, "fit below which a partner's interests oppose the work's goal", source="assumption (range 0.05-0.25; HHS2016: without a real shared interest cooperation becomes a formality)", plausible=(0.05, 0.25), evidence="assumption: interests oppose the goal only at a small fit; without a real shared interest cooperation becomes a formality [HHS2016]")
    overload_slowdown: float = param(1.0, "how strongly an overloaded member slows all its joint work: progress x max(1, load of the most loaded member) ** -overload_slowdown", unit="exponent", ge=0, le=2, source="assumption (range 0.5-1; 1 = a member's staff time shared evenly over its joint work); ABD2024: VWS HiaP team 2-3 FTE, ambition beyond capacity 'organises its own disappointment'", plausible=(0.5, 1.0), evidence="assumption: 1 = a member's staff time shared evenly over its joint work, 0.5 = partly absorbed by overtime; ambition beyond capacity 'organises its own disappointment' [ABD2024; VWS team 2-3 FTE]")
    overload_drop_per_month: float = share(0.02, "monthly chance, times the share of its commitments it cannot staff (1 - 1/load), that an overloaded partner leaves a piece of joint work, or an overloaded lead lets it stall", source="assumption (range 0.01-0.05; of the order of fade_per_month [HHS2016]); RIVM2010: lack of resources (money, staff) is the most-cited barrier (63 %)", plausible=(0.01, 0.05), evidence="assumption: of the order of fade_per_month; lack of resources (money, staff) is the most-cited barrier (63 % [RIVM2010, evidence.md §2]), no rate")
    lead_share: float = param(1.5, "staff time and budget the lead organisation (department or sector) spends relative to a partner", unit="factor", ge=1, le=5, plausible=(1.0, 2.5), evidence="assumption: the lead carries at least a partner's share and at most a few times it")
    staff_time_floor: float = param(0.3, "progress factor of the time a lead puts into joint work when its strategy spends every hour on relations", unit="factor", ge=0, le=1, source="assumption (range 0.2-0.5)", plausible=(0.2, 0.5), evidence="assumption: a lead that spends every hour on relations still moves its work a little")
    staff_time_cap: float = param(1.2, "progress factor of the time a lead puts into joint work when its strategy spends no hour on relations", unit="factor", ge=0.5, le=3, source="assumption (range 1.0-1.5)", plausible=(1.0, 1.5), evidence="assumption: a lead that spends no hour on relations works at most half again as fast")
    unfunded_share: float = share(0.3, "share of its speed joint work keeps when none of its budget is covered", source="assumption (range 0.1-0.5); RIVM2010: lack of resources is the most-cited barrier (63 %)", plausible=(0.1, 0.5), evidence="assumption: unfunded work goes on at a fraction of its speed; lack of resources is the most-cited barrier (63 % [RIVM2010, evidence.md §2])")
    loyalty_kept: float = share(0.05, "rise of an organisation's (department's or sector's) loyalty record per small win or completed work", plausible=(0.02, 0.1), evidence="assumption: a loyalty record rises slowly, one small win or completed work at a time")
    loyalty_broken: float = share(0.15, "fall of its loyalty record per broken commitment", plausible=(0.05, 0.3), evidence="assumption: a broken commitment weighs more than a kept one (loss aversion), 1-6 times loyalty_kept")
