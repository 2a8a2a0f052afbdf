"""The basics both parts of the scenario schema share (national: ``schema``, municipal: ``municipal``): calendar
months, the vocabularies of themes, frames, approaches and funding, ranks, the strategy of an organisation's own
agents, and the trust and decision parameters the municipal level reuses."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from hiap_sim.scenario.fields import Strict, check_month, completed, param, share

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
THEMES = (
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
)
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

    baseline_within: float = share(0.5, "institutional baseline trust between colleagues")
    baseline_cross: float = share(0.3, "institutional baseline trust between organisations")
    max_meetings_counted: int = param(0, "meetings a month that count for trust between two people (0 = all): a cap says trust cannot be rushed", unit="meetings", ge=0, le=100, source="assumption (Nooteboom: trust from loyalty observed over time)")
    contact_step: float = share(0.014, "trust gained per contact, as a share of the distance to 1 (calibrated: solid trust in 5-10 years)", source="AIG2016")
    loyalty_weight: float = share(0.5, "how much a partner's record of kept commitments scales the step", source="assumption (Nooteboom)")
    breach_step: float = share(0.25, "trust lost when a partner breaks a commitment, as a share of current trust", source="HHS2016")
    decay_per_month: float = share(0.02, "monthly pull back to the baseline without contact")
    institutional_learning: float = share(0.01, "monthly drift of the baseline between two organisations towards their strongest tie", source="HHS2016 (relations carried over, changing contact persons)")
    solid: float = share(0.7, "trust counted as a 'solid' tie", source="AIG2016")


class DecisionParams(Strict):
    """Submodel 4.4: V = a1 fit*frame + a2 trust + a3 urgency + a4 commitment + a5 evidence - costs."""

    fit_weight: float = param(1.2, "a1: weight of topic fit with own priorities", unit="value", ge=0, le=5, source="RIVM2010 (shared interest 92 %)")
    frame_factor: float = param(1.5, "multiplier of fit when health is framed as serving the partner's goals (HfaP)", unit="factor", ge=1, le=4, source="ABD2024; HHS2016")
    trust_weight: float = param(1.0, "a2: weight of trust", unit="value", ge=0, le=5, source="RIVM2010 (good relations 92 %)")
    urgency_weight: float = param(0.6, "a3: weight of perceived urgency", unit="value", ge=0, le=5)
    commitment_weight: float = param(0.8, "a4: weight of the minister's commitment", unit="value", ge=0, le=5, source="HHS2016; RIVM2010")
    evidence_weight: float = param(0.5, "a5: weight of quantified evidence", unit="value", ge=0, le=5, source="ABD2024")
    time_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.3, 0.6, 1.0], description="staff-time cost by level 0-4 (scaled by current load)", json_schema_extra={"unit": "value", "source": "ABD2024"})
    budget_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.1, 0.3, 0.6], description="budget cost by level 0-4", json_schema_extra={"unit": "value", "source": "RIVM2010 (lack of resources 63 %)"})
    autonomy_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.1, 0.5, 1.2], description="autonomy cost by level 0-4 (times autonomy preference)", json_schema_extra={"unit": "value", "source": "ABD2024 6.1"})
    silo_weight: float = param(0.8, "weight of silo strength", unit="value", ge=0, le=5, source="HHS2016")
    accountability_tax: float = param(0.2, "cost of being judged on own dossiers only", unit="value", ge=0, le=5, source="HHS2016")
    bias: float = param(-0.6, "constant of the decision rule", unit="value", ge=-5, le=5)
    noise: float = param(0.3, "scale of the logistic decision noise (below 0.05 the rule is deterministic in effect)", unit="value", ge=0.05, le=5)
    scarcity_response: float = param(-1.0, "-1: budget cuts make departments retreat; +1: scarcity spurs joint work", unit="-1..1", ge=-1, le=1, source="HHS2016 #21")
    scarcity_weight: float = param(1.0, "strength of the scarcity response", unit="value", ge=0, le=5)
    political_lever_weight: float = param(0.8, "value of full agenda power with full goodwill", unit="value", ge=0, le=5, source="ABD2024 5.6")
    legal_duty_weight: float = param(0.4, "value of a full legal duty", unit="value", ge=0, le=5, source="ABD2024")
    window_value: float = param(0.5, "value of an open crisis window on a related topic", unit="value", ge=0, le=5, source="ABD2024")


class JointWorkParams(Strict):
    """Submodels 4.5-4.6 (ladder, progress, small wins, ending): the parameters of the one joint-work pipeline that
    both levels share. The national defaults stand here; the municipal level (``MunicipalWork``) restates only
    the defaults that differ."""

    base_progress: float = param(0.03, "monthly progress under full conditions", unit="per month", ge=0, le=1)
    approach_speed: by_key(Approach, 3, lambda: {"system": 0.6, "area": 1.0, "small_wins": 1.15}) = Field(default_factory=lambda: {"system": 0.6, "area": 1.0, "small_wins": 1.15}, description="progress speed by approach", json_schema_extra={"unit": "factor", "source": "ABD2024 5.4, 6.3"})
    approach_payoff: by_key(Approach, 5, lambda: {"system": 1.6, "area": 1.0, "small_wins": 0.8}) = Field(default_factory=lambda: {"system": 1.6, "area": 1.0, "small_wins": 0.8}, description="health payoff by approach", json_schema_extra={"unit": "factor", "source": "AIG2016; ABD2024"})
    small_win_rate: by_key(Approach, 1, lambda: {"system": 0.02, "area": 0.07, "small_wins": 0.15}) = Field(default_factory=lambda: {"system": 0.02, "area": 0.07, "small_wins": 0.15}, description="small wins per month at full progress speed", json_schema_extra={"unit": "per month", "source": "ABD2024 6.3 (Termeer)"})
    level_speed: by_level(2) = Field(default_factory=lambda: [0.0, 0.0, 1.0, 0.85, 0.7], description="progress speed by level 0-4 (coordination overhead)", json_schema_extra={"unit": "factor", "source": "ABD2024 6.1"})
    excess_level_penalty: float = share(0.35, "speed lost per level above what the topic needs (formality)", source="HHS2016 #13-14")
    trust_required: by_level(1) = Field(default_factory=lambda: [0.0, 0.0, 0.3, 0.45, 0.55], description="member trust a level needs; below it joint work turns into formality", json_schema_extra={"unit": "0-1", "source": "HHS2016 #13-14"})
    shared_interest_weight: float = share(0.6, "share of progress that depends on the partners' own stake in the topic (their fit)", source="HHS2016 (parallel interests); RIVM2010 (shared interest 92 %)")
    formality_penalty: float = share(0.5, "speed lost when the level runs ahead of trust ('plichtpleging')", source="HHS2016")
    fte_cost: by_level(10) = Field(default_factory=lambda: [0.0, 0.0, 0.2, 0.5, 1.0], description="staff time a member spends per initiative, by level", json_schema_extra={"unit": "FTE", "source": "assumption"})
    budget_cost: by_level(20) = Field(default_factory=lambda: [0.0, 0.0, 0.05, 0.2, 0.5], description="budget an initiative spends per member, by level", json_schema_extra={"unit": "M EUR / year", "source": "assumption"})
    small_win_trust: float = share(0.04, "trust gained among members per small win (share of distance to 1)", source="AIG2016")
    small_win_awareness: float = share(0.03, "awareness gained by members per small win", source="AIG2016")
    awareness_growth: float = share(0.004, "monthly awareness growth from joint work (cognitive anchoring)", source="AIG2016")
    takeover_probability: float = share(0.35, "chance someone takes over when the coordinator leaves", source="AIG2016")
    takeover_bonus_formal: float = share(0.3, "extra takeover chance for formalised work (level >= 3)", source="HHS2016")
    revive_per_month: float = share(0.04, "monthly chance that stalled work is picked up again")
    stall_months: int = param(12, "months stalled before work is abandoned", unit="months", ge=1, le=120)
    fade_after_months: int = param(24, "months after which unformalised work (level <= 2) starts losing partners", unit="months", ge=1, le=240, source="HHS2016")
    fade_per_month: float = share(0.02, "monthly chance a partner drifts away from unformalised or formality-bound work", source="HHS2016")
    oppose_per_month: float = share(0.02, "monthly chance of conflict with a partner whose fit is nil", source="HHS2016")
    oppose_below_fit: float = share(0.15, "fit below which a partner's interests oppose the work's goal", source="assumption (range 0.05-0.25; HHS2016: without a real shared interest cooperation becomes a formality)")
    overload_slowdown: float = param(1.0, "how strongly an overloaded member slows all its joint work: progress x max(1, load of the most loaded member) ** -overload_slowdown", unit="exponent", ge=0, le=2, source="assumption (range 0.5-1; 1 = a member's staff time shared evenly over its joint work); ABD2024: VWS HiaP team 2-3 FTE, ambition beyond capacity 'organises its own disappointment'")
    overload_drop_per_month: float = share(0.02, "monthly chance, times the share of its commitments it cannot staff (1 - 1/load), that an overloaded partner leaves a piece of joint work, or an overloaded lead lets it stall", source="assumption (range 0.01-0.05; of the order of fade_per_month [HHS2016]); RIVM2010: lack of resources (money, staff) is the most-cited barrier (63 %)")
    lead_share: float = param(1.5, "staff time and budget the lead organisation (department or sector) spends relative to a partner", unit="factor", ge=1, le=5)
    staff_time_floor: float = param(0.3, "progress factor of the time a lead puts into joint work when its strategy spends every hour on relations", unit="factor", ge=0, le=1, source="assumption (range 0.2-0.5)")
    staff_time_cap: float = param(1.2, "progress factor of the time a lead puts into joint work when its strategy spends no hour on relations", unit="factor", ge=0.5, le=3, source="assumption (range 1.0-1.5)")
    unfunded_share: float = share(0.3, "share of its speed joint work keeps when none of its budget is covered", source="assumption (range 0.1-0.5); RIVM2010: lack of resources is the most-cited barrier (63 %)")
    loyalty_kept: float = share(0.05, "rise of an organisation's (department's or sector's) loyalty record per small win or completed work")
    loyalty_broken: float = share(0.15, "fall of its loyalty record per broken commitment")
