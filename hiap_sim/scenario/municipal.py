"""Scenario schema of the municipal level (spec 2.3, 4.9): municipalities, their twelve sectors, alderman
support, the IGB lead ('trekker'), GGD support, local budgets and national grants with co-financing,
maturity stages, and the behavioural parameters of collaboration between sectors.

The block is optional: a scenario without ``municipalities`` (or with ``enabled: false``) runs the national
level only, exactly as before. Sector and size-class values start from the built-in library below; a
scenario overrides what it sets. Every number is a documented parameter (``hiap-sim schema municipalities``).
"""

from __future__ import annotations

import copy
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from hiap_sim.scenario.common import (
    MIN_CAPACITY_FTE,
    DecisionParams,
    Funding,
    JointWorkParams,
    Month,
    OptionalMonth,
    Strategy,
    Theme,
    TrustParams,
    by_key,
    by_level,
)
from hiap_sim.scenario.fields import Strict, each, metadata, param, share, zero_or_at_least

SECTORS = (
    "public_health",
    "youth",
    "education",
    "sport",
    "social_affairs",
    "care",
    "integration",
    "housing",
    "spatial_planning",
    "environment",
    "mobility",
    "safety",
)
PUBLIC_HEALTH = "public_health"
FIELDS = ("health", "social", "physical", "safety")
SIZE_CLASSES = ("G4", "G32_krachtwijk", "G32", "medium", "small")
MUNICIPAL_RANKS = ("officer", "head")
MATURITY_STAGES = ("Bewust", "Belegd", "Beproefd", "Beleid", "Begrepen")  # aware, assigned, tried, policy, understood [RIVM2010]

Field_ = Literal["health", "social", "physical", "safety"]
SizeClass = Literal["G4", "G32_krachtwijk", "G32", "medium", "small"]
SectorName = Literal[
    "public_health", "youth", "education", "sport", "social_affairs", "care", "integration",
    "housing", "spatial_planning", "environment", "mobility", "safety",
]

# Observed data (not a parameter): share of sector officials collaborating with public health on health
# inequalities in 16 municipalities in 2009, with the number of respondents [RIVM2010 Table VIII.1].
RIVM2010_COLLABORATION: dict[str, tuple[float, int]] = {
    "public_health": (1.00, 14),
    "sport": (1.00, 10),
    "social_affairs": (1.00, 8),
    "care": (0.91, 11),
    "youth": (0.85, 13),
    "education": (0.75, 8),
    "integration": (0.63, 8),
    "safety": (0.80, 10),
    "mobility": (0.75, 4),
    "housing": (0.71, 7),
    "spatial_planning": (0.63, 8),
    "environment": (0.40, 10),
}
# Other figures of the same survey (n = 123) [RIVM2010]: works on inequalities, inequalities a priority.
RIVM2010_WORKS_ON_INEQUALITIES = 0.56
RIVM2010_INEQUALITIES_PRIORITY = 0.42

# Built-in library of sectors: the field follows the VNG fields used by [RIVM2010]; priorities over policy
# themes (from which topic fit is read), capacity, silo strength and autonomy are assumptions.
SECTOR_LIBRARY: dict[str, dict[str, Any]] = {
    "public_health": {"label": "Public health (VGZ)", "field": "health", "capacity_fte": 0.6, "silo_strength": 0.1, "autonomy_preference": 0.2,
                      "priorities": {"care": 1.0, "youth": 0.5, "sport_leisure": 0.5, "livelihood_security": 0.5, "housing": 0.4, "environment": 0.3}},
    "youth": {"label": "Youth", "field": "social", "priorities": {"youth": 1.0, "education": 0.5, "care": 0.4, "safety": 0.2}},
    "education": {"label": "Education", "field": "social", "priorities": {"education": 1.0, "youth": 0.7}},
    "sport": {"label": "Sport", "field": "social", "priorities": {"sport_leisure": 1.0, "youth": 0.5}},
    "social_affairs": {"label": "Social affairs", "field": "social", "priorities": {"livelihood_security": 1.0, "labour_market": 1.0}},
    "care": {"label": "Care (Wmo)", "field": "social", "priorities": {"care": 1.0, "livelihood_security": 0.4, "housing": 0.3}},
    "integration": {"label": "Integration", "field": "social", "priorities": {"labour_market": 0.6, "education": 0.4, "livelihood_security": 0.4, "youth": 0.3}},
    "housing": {"label": "Housing", "field": "physical", "priorities": {"housing": 1.0, "livelihood_security": 0.3}},
    "spatial_planning": {"label": "Spatial planning", "field": "physical", "priorities": {"housing": 0.6, "environment": 0.6, "mobility": 0.6, "sport_leisure": 0.7}},
    # municipal environment policy (air, noise, soil, permits) covers only part of the 'environment' theme of the
    # topics, which also holds green space and nature (spatial planning, public space): weight 0.7 (assumption)
    "environment": {"label": "Environment", "field": "physical", "priorities": {"environment": 0.7}},
    "mobility": {"label": "Mobility", "field": "physical", "priorities": {"mobility": 1.0, "safety": 0.5, "sport_leisure": 0.5, "environment": 0.3}},
    "safety": {"label": "Safety", "field": "safety", "priorities": {"safety": 1.0, "youth": 0.4, "housing": 0.2}},
}

# Built-in library of size classes [RIVM2010 sample classes; 'medium' added to cover all Dutch municipalities].
SIZE_CLASS_LIBRARY: dict[str, dict[str, Any]] = {
    "G4": {"population": 530_000, "low_ses_share": 0.35, "ses_concentration": 0.7, "hours_factor": 1.2, "capacity_factor": 2.5,
           "budget_per_inhabitant": 2.0, "support_mean": 0.55, "lead_share": 0.5, "ggd_support": 0.7, "base_urgency": 0.5},
    "G32_krachtwijk": {"population": 150_000, "low_ses_share": 0.3, "ses_concentration": 0.7, "hours_factor": 1.1, "capacity_factor": 1.6,
                       "budget_per_inhabitant": 1.8, "support_mean": 0.55, "lead_share": 0.4, "ggd_support": 0.6, "base_urgency": 0.45},
    "G32": {"population": 120_000, "low_ses_share": 0.25, "ses_concentration": 0.5, "hours_factor": 1.0, "capacity_factor": 1.4,
            "budget_per_inhabitant": 1.6, "support_mean": 0.5, "lead_share": 0.3, "ggd_support": 0.6, "base_urgency": 0.4},
    "medium": {"population": 65_000, "low_ses_share": 0.2, "ses_concentration": 0.4, "hours_factor": 0.9, "capacity_factor": 1.1,
               "budget_per_inhabitant": 1.5, "support_mean": 0.45, "lead_share": 0.2, "ggd_support": 0.5, "base_urgency": 0.35},
    "small": {"population": 25_000, "low_ses_share": 0.18, "ses_concentration": 0.25, "hours_factor": 0.7, "capacity_factor": 0.8,
              "budget_per_inhabitant": 1.5, "support_mean": 0.4, "lead_share": 0.1, "ggd_support": 0.5, "base_urgency": 0.3},
}


# the most municipalities (listed plus generated) a scenario may hold: ample for the 342 Dutch ones, and
# within the memory and time of one run
MAX_MUNICIPALITIES = 5000


# ----------------------------------------------------------------------------------------- structure
class SectorStaff(Strict):
    """Posts of a municipal sector (spec 2.2: municipal ranks are officer and head)."""

    officer: int = param(1, "policy officers of the sector (the officials the RIVM survey asked)", unit="posts", ge=1, le=5, source="RIVM2010")
    head: int = param(1, "heads of the sector (management)", unit="posts", ge=0, le=2, source="RIVM2010")


class Sector(Strict):
    """A municipal sector (spec 2.3): its field, policy priorities, posts and disposition to joint work."""

    label: str = param("", "readable name", unit="text")
    field: Field_ = param("social", "field: health (public health itself), social, physical or safety", unit="choice", source="RIVM2010 (VNG fields)")
    priorities: dict[Theme, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="weights (0-1) over policy themes; the sector's fit with a topic is read from these",
        json_schema_extra={"unit": "theme: 0-1", "source": "assumption"},
    )
    staff: SectorStaff = Field(default_factory=SectorStaff, description="posts by rank", json_schema_extra={"unit": "", "source": "RIVM2010"})
    capacity_fte: Annotated[float, AfterValidator(zero_or_at_least(MIN_CAPACITY_FTE, "FTE"))] = param(
        0.25, "staff time for joint work in a municipality of size-class factor 1 (0, or at least 0.05)", unit="FTE", ge=0, le=20)
    silo_strength: float = share(0.35, "how strongly the sector keeps to its own dossiers")
    autonomy_preference: float = share(0.4, "dislike of losing control (weighs the cost of higher levels)")
    awareness: float | None = param(None, "mean awareness of the health side of its policy at the start; empty = the field's default", unit="0-1", ge=0, le=1, source="RIVM2010")


class SizeClassSpec(Strict):
    """Typical values of a size class; single municipalities may override them [RIVM2010]."""

    population: int = param(50_000, "typical number of inhabitants", unit="inhabitants", ge=1_000, le=2_000_000)
    low_ses_share: float = share(0.2, "share of inhabitants with low socio-economic status", source="assumption")
    ses_concentration: float = share(0.4, "how concentrated low-SES inhabitants live (eases the area-based approach)", source="RIVM2010")
    hours_factor: float = param(1.0, "hours officials have for cross-cutting work, relative to the defaults", unit="factor", ge=0.1, le=3, source="RIVM2010 (small towns: combined portfolios)")
    capacity_factor: float = param(1.0, "sectors' staff time for joint work, relative to the sector defaults", unit="factor", ge=0.1, le=10)
    budget_per_inhabitant: float = param(1.5, "own local budget for joint health work", unit="EUR / inhabitant / year", ge=0, le=50, source="assumption")
    support_mean: float = share(0.45, "mean alderman support drawn at elections", source="RIVM2010 (small towns: part-time aldermen)")
    lead_share: float = share(0.2, "share of municipalities with an IGB lead ('trekker') at the start", source="assumption")
    ggd_support: float = share(0.5, "support of the regional public health service (data, advice)", source="RIVM2010")
    base_urgency: float = share(0.35, "perceived urgency of health inequalities before national signals", source="assumption")


class Municipality(Strict):
    """One municipality (spec 2.3). Empty values come from its size class."""

    name: str = param(..., "name (unique within the scenario)", unit="text")
    size_class: SizeClass = param("small", "G4, G32 with a 'krachtwijk', G32, medium (>= 45k) or small (< 45k)", unit="choice", source="RIVM2010")
    population: int | None = param(None, "inhabitants; empty = the size class's typical value", unit="inhabitants", ge=1_000, le=2_000_000)
    low_ses_share: float | None = param(None, "share of low-SES inhabitants; empty = size class", unit="0-1", ge=0, le=1)
    ses_concentration: float | None = param(None, "concentration of low-SES inhabitants; empty = size class", unit="0-1", ge=0, le=1, source="RIVM2010")
    budget_per_inhabitant: float | None = param(None, "own budget for joint health work; empty = size class", unit="EUR / inhabitant / year", ge=0, le=50)
    alderman_support: float | None = param(None, "alderman support at the start; empty = drawn around the size class mean", unit="0-1", ge=0, le=1, source="RIVM2010")
    has_lead: bool | None = param(None, "an IGB lead ('trekker') at the start; empty = drawn by the size class share", unit="yes/no", source="RIVM2010")
    ggd_support: float | None = param(None, "GGD support; empty = size class", unit="0-1", ge=0, le=1, source="RIVM2010")
    maturity: int = param(1, "maturity stage at the start (1 Bewust .. 5 Begrepen)", unit="stage", ge=1, le=5, source="RIVM2010")


class Generate(Strict):
    """Generate many municipalities by size class (e.g. all 342 Dutch municipalities) for scale tests."""

    def counts(self) -> dict[str, int]:
        """Municipalities per size class: ``count`` split by the shares, largest remainder first."""
        if self.count == 0:
            return dict.fromkeys(SIZE_CLASSES, 0)
        weights = {c: self.shares.get(c, 0.0) for c in SIZE_CLASSES}
        total = sum(weights.values())
        exact = {c: self.count * w / total for c, w in weights.items()}
        counts = {c: int(math.floor(v)) for c, v in exact.items()}
        for c in sorted(exact, key=lambda c: exact[c] - counts[c], reverse=True)[: self.count - sum(counts.values())]:
            counts[c] += 1
        return counts

    def names(self) -> list[str]:
        """Names of the generated municipalities, in generation order."""
        return [self.name(c, i) for c, n in self.counts().items() for i in range(n)]

    @staticmethod
    def name(size_class: str, i: int) -> str:
        """The name of the ``i``-th (from 0) generated municipality of a size class, e.g. 'G32-007'."""
        return f"{size_class}-{i + 1:03d}"

    count: int = param(0, "municipalities to generate (0 = none); added to those listed", unit="municipalities", ge=0, le=5000)
    shares: dict[SizeClass, Annotated[float, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=lambda: {"G4": 4, "G32_krachtwijk": 14, "G32": 18, "medium": 86, "small": 220},
        description="relative frequency of each size class (normalised)",
        json_schema_extra={"unit": "weight", "source": "assumption (approximate Dutch distribution: G4, G32 of which 14 with a krachtwijk, about 220 under 45k)"},
    )
    population_spread: float = param(0.25, "spread of population around the size-class value (log scale)", unit="sd of log", ge=0, le=1)
    spread: float = param(0.05, "spread of low-SES share, concentration and GGD support around the size-class value", unit="sd", ge=0, le=0.3)


# ----------------------------------------------------------------------------------------- national link
class Grant(Strict):
    """A national impulse grant that requires local co-financing [RIVM2010]."""

    name: str = param(..., "name of the programme", unit="text")
    start: Month = param(..., "month the grant is offered", unit="YYYY-MM")
    end: OptionalMonth = param(None, "last month of the grant (empty = to the horizon)", unit="YYYY-MM")
    amount_per_inhabitant: float = param(1.0, "grant money", unit="EUR / inhabitant / year", ge=0, le=100, source="assumption")
    co_financing: float = param(0.5, "local money required per euro of grant", unit="EUR / EUR", ge=0, le=5, source="RIVM2010 (grants require co-financing)")
    award_probability: float = share(1.0, "chance that an affordable application is funded", source="RIVM2010 (ZonMw 'Gezonde slagkracht': 24 of 90 in 2009)")
    eligible: list[SizeClass] = Field(default_factory=list, description="size classes that may apply; empty = all", json_schema_extra={"unit": "choices", "source": "RIVM2010"})
    topics: list[str] = Field(default_factory=list, description="topics the grant puts on the local agenda", json_schema_extra={"unit": "topic names", "source": "assumption"})


class NationalLink(Strict):
    """How national priorities and programmes reach municipalities (spec 4.9) [RIVM2010]."""

    ROLE = "behavioural"

    urgency_weight: float = share(0.3, "share of the coordinating ministry's urgency added to local urgency", source="RIVM2010", plausible=(0.1, 0.5), evidence="assumption: national priorities reach local agendas [RIVM2010], partly: no share given")
    priority_weight: float = share(0.4, "topic priority added for each focus topic of the coordinating ministry", source="RIVM2010", plausible=(0.2, 0.6), evidence="assumption: national focus topics raise local priority [RIVM2010], no size")
    grant_priority_weight: float = share(0.5, "topic priority added for the topics of a grant a municipality holds", plausible=(0.25, 0.75), evidence="assumption: a grant puts its topics on the local agenda, more than a national signal alone")
    agenda_value: float = param(0.3, "decision value of joint work on a topic at the top of the local agenda (scaled by its priority, capped at 1)", unit="value", ge=0, le=5,
                                source="RIVM2010 (national priorities and grants raise local priority)", plausible=(0.1, 0.6), evidence="assumption: the local agenda weighs in decisions [RIVM2010], below fit and trust")
    cost_per_fte: float = param(80.0, "cost of one FTE of project staff bought with grant money", unit="k EUR / year", ge=1, le=500, source="assumption", plausible=(60.0, 100.0), evidence="assumption: employer cost of a municipal policy officer, about 60-100 k EUR a year")
    hours_per_fte: float = param(60.0, "cross-cutting hours per month that one funded FTE adds to public health", unit="hours / month", ge=0, le=160, source="assumption", plausible=(40.0, 100.0), evidence="assumption: a funded FTE (about 140 working hours a month) spends 40-100 of them on cross-cutting work")
    national_population: float = param(17_900_000, "inhabitants of the country (weights local health gains into the national gap)", unit="inhabitants", ge=1, le=1e9,
                                       source="assumption (CBS 2024 about 17.9 million)", role="input")
    follow_national_budget: bool = param(True, "grant amounts shrink with cuts of the coordinating ministry's budget", unit="yes/no", source="ABD2024 (prevention funds cut)", role="input")


class MunicipalPolitics(Strict):
    """Municipal elections and alderman support (college support and the portfolio alderman's leadership) [RIVM2010]."""

    ROLE = "behavioural"

    elections: list[Month] = Field(default_factory=list, description="municipal elections (the 4-year cycle restarts after the last)", json_schema_extra=metadata("YYYY-MM", "RIVM2010", role="input"))
    term_months: int = param(48, "months between regular municipal elections", unit="months", ge=6, le=120, role="input")
    support_sd: float = param(0.15, "spread of alderman support drawn at an election", unit="0-1", ge=0, le=0.5, plausible=(0.05, 0.25), evidence="assumption: colleges differ in their support for health policy, within the middle of the scale")
    persistence: float = share(0.3, "weight of the old support in the new college's support (continuity of policy)", plausible=(0.1, 0.5), evidence="assumption: a new college keeps part of the old one's policy (continuity), less than half")
    small_win_support: float = share(0.01, "alderman support gained per small win (visible results)", source="AIG2016; ABD2024", plausible=(0.005, 0.02), evidence="assumption: visible results feed the alderman's support [AIG2016; ABD2024], no size")
    relaxation: float = share(0.02, "monthly drift of support raised by small wins back to the elected level", plausible=(0.01, 0.05), evidence="assumption: support raised by small wins fades over 1-6 years (half-life) without new wins")
    renege_drop: float = share(0.15, "fall in support at an election that makes partner sectors reconsider joint work", source="HHS2016", plausible=(0.1, 0.25), evidence="assumption: a fall in support that partner sectors notice: a tenth to a quarter of the scale")
    renege_probability: float = share(0.3, "chance that such a partner sector leaves an initiative", source="HHS2016", plausible=(0.15, 0.5), evidence="assumption: partner sectors leave when support goes [HHS2016], less often than ministries (a town hall is smaller)")


class MunicipalFinancing(Strict):
    """How local joint work is funded [REG2021]."""

    ROLE = "behavioural"

    model: Funding = param("project", "project (ends at a date), structural, or population-based / revolving fund", unit="choice", source="REG2021", role="input")
    project_months: int = param(24, "length of project funding", unit="months", ge=3, le=120, source="REG2021", plausible=(12, 36), evidence="assumption: local work depends on 'short project subsidies' [REG2021, evidence.md §3] whose length the source does not give: one to three years")
    follow_up_probability: float = share(0.25, "chance that a project gets structural follow-up when its money ends", source="REG2021; AIG2016", plausible=(0.1, 0.5), evidence="assumption: networks depend on 'short project money' [REG2021, AIG2016; evidence.md §1 fact 11]: follow-up is the exception, no rate given")
    maturity_follow_up_bonus: float = share(0.15, "follow-up chance added per maturity stage above 3 (policy, anchoring)", source="RIVM2010", plausible=(0.05, 0.25), evidence="assumption: policy and anchoring (stages 4-5 [RIVM2010]) secure money, by an unmeasured amount")
    regional_follow_up_bonus: float = share(0.5, "follow-up chance added by a full-strength national regional budget lever", source="REG2021", plausible=(0.25, 0.75), evidence="assumption: structural regional budgets are proposed [REG2021, evidence.md §3], not measured")
    population_progress_bonus: float = share(0.1, "progress added by population-based financing / a revolving fund", source="REG2021", plausible=(0.05, 0.2), evidence="assumption: population-based financing is proposed [REG2021, evidence.md §3], not measured")


# ----------------------------------------------------------------------------------------- behaviour
def _ranks(officer: float, head: float) -> Any:
    return lambda: {"officer": officer, "head": head}


class MunicipalContacts(Strict):
    """Contacts between officials of one municipality (same rule as 4.2)."""

    ROLE = "behavioural"

    hours: by_key(Literal["officer", "head"], 160, _ranks(12.0, 6.0)) = Field(
        default_factory=_ranks(12.0, 6.0),
        description="hours per month for cross-cutting work, by municipal rank",
        json_schema_extra=metadata("hours / month", "assumption", plausible=each(_ranks(12.0, 6.0)(), 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each rank's default; a sector officer spends 1.5-4.5 hours a week on cross-cutting work, a head half that"),
    )
    health_officer_hours: float = param(32.0, "hours per month the public health officer spends on cross-cutting work", unit="hours / month", ge=0, le=160,
                                        source="RIVM2010 (~24 of 32 h/week on local health policy); assumption on the cross-cutting part", plausible=(16.0, 64.0), evidence="[RIVM2010] evidence.md §3: the public health officer spends '~24 of 32 hours a week on local health policy' (about 100 hours a month), an upper end; the cross-cutting part, a sixth to two thirds, is assumption")
    contacts_per_hour: float = param(0.25, "contacts an official makes per hour of cross-cutting time spent on relations", unit="per hour", ge=0, le=5, plausible=(0.125, 0.5), evidence="assumption: one contact per 2-8 hours spent on relations")
    within_share: float = share(0.4, "share of contacts inside the own sector", plausible=(0.2, 0.6), evidence="assumption: a municipal sector is one or two officials, so fewer contacts stay inside it than in a ministry (0.6)")
    chance_share: float = share(0.5, "share of cross-sector contacts that are chance encounters in the town hall", source="HHS2016", plausible=(0.25, 0.75), evidence="assumption: new work starts 'mostly from encounters' [HHS2016, evidence.md §1 fact 1], a share no source gives for town halls")
    trust_pull: float = param(3.0, "how strongly existing trust steers deliberate contacts", unit="factor", ge=0, le=20, source="assumption (Nooteboom)", plausible=(1.0, 6.0), evidence="assumption: deliberate contacts go to trusted people (Nooteboom): from proportional to strongly concentrated")
    joint_work_meetings: float = param(1.0, "meetings per month between an initiative's coordinator and each partner's contact", unit="per month", ge=0, le=10, plausible=(0.5, 2.0), evidence="assumption: a coordinator meets each partner sector every two weeks to every two months")
    affinity_floor: float = share(0.2, "goal-matching weight of a sector with no shared topic (deliberate contacts)", plausible=(0.05, 0.4), evidence="assumption: officials also seek out sectors with no shared topic, clearly less")
    collaboration_memory_months: int = param(12, "months joint work with public health still counts as collaboration after it ended (survey recall)", unit="months", ge=0, le=60, source="assumption", plausible=(6, 24), evidence="assumption: survey respondents [RIVM2010] count work that ended within half a year to two years")


class MunicipalProposals(Strict):
    """Proposals between sectors (same rule as 4.3)."""

    ROLE = "behavioural"

    base_probability: float = share(0.336, "chance that a cross-sector contact with full awareness, urgency and fit becomes a proposal", source="calibrated to RIVM2010 (experiments/calibration)", plausible=(0.089, 0.336), evidence="calibrated to [RIVM2010] Table VIII.1 (share of sector officials collaborating with public health, 12 sectors, n = 4-14 each; experiments/calibration): the range spans the ten best distinct points of the 80 evaluated: 0.21-0.34; the search box ended at 0.35, so higher values are not excluded by the data The ABC posterior (experiments/calibration/abc_rivm.py, 2732 simulations) gives a 90 % interval of 0.089-0.332: the survey does not pin it down; the plausible range is that interval, widened to the point calibration's 0.336.")
    rank_factor: by_key(Literal["officer", "head"], 1, _ranks(1.0, 0.4)) = Field(
        default_factory=_ranks(1.0, 0.4), description="relative proposal rate by rank (ideas start low in the hierarchy)",
        json_schema_extra=metadata("factor", "HHS2016", plausible={"officer": (1.0, 1.0), "head": (0.2, 0.7)}, evidence="assumption: 'most ideas come from lower-ranked officials' [HHS2016, fact 4]: a head proposes less; the officer is the reference"),
    )
    alderman_orientation: by_key(Literal["officer", "head"], 1, _ranks(0.3, 0.7)) = Field(
        default_factory=_ranks(0.3, 0.7), description="how much alderman support gates a proposal, by rank",
        json_schema_extra=metadata("0-1", "HHS2016; RIVM2010", plausible={"officer": (0.1, 0.5), "head": (0.5, 0.9)}, evidence="assumption: orientation to the political head grows with rank [HHS2016, fact 4]; the order, not the sizes"),
    )
    max_partners: int = param(3, "sectors invited at most (more for interdependent topics)", unit="sectors", ge=1, le=11, plausible=(2, 5), evidence="assumption: joint work on one topic engages a few of the eleven other sectors")
    min_partner_fit: float = share(0.257, "fit a further sector needs to be invited along", source="calibrated to RIVM2010 (experiments/calibration)", plausible=(0.211, 0.557), evidence="calibrated to [RIVM2010] Table VIII.1 (share of sector officials collaborating with public health, 12 sectors, n = 4-14 each; experiments/calibration): the range spans the ten best distinct points of the 80 evaluated: 0.25-0.47 The ABC posterior (experiments/calibration/abc_rivm.py, 2732 simulations) gives a 90 % interval of 0.211-0.557: the survey does not pin it down; the plausible range is that interval.")
    min_partner_score: float = share(0.1, "fit x trust with the lead a further sector needs to be invited along", source="assumption (range 0.05-0.2)", plausible=(0.05, 0.2), evidence="assumption: a further sector needs some fit and some trust with the lead: a twentieth to a fifth of the full product")


class MunicipalWork(JointWorkParams):
    """Joint work between sectors: the shared joint-work parameters (``JointWorkParams``) with the municipal
    defaults that differ, and what municipalities add (GGD support, an IGB lead, the area approach) [RIVM2010]."""

    fte_cost: by_level(5) = Field(default_factory=lambda: [0.0, 0.0, 0.05, 0.12, 0.25], description="staff time a member sector spends per initiative, by level", json_schema_extra=metadata("FTE", "assumption", plausible=each([0, 0, 0.05, 0.12, 0.25], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; a sector has about 0.25 FTE for joint work, the health officer ~24 of 32 hours a week for local health policy [RIVM2010, evidence.md §3]"))
    budget_cost: by_level(1000) = Field(default_factory=lambda: [0.0, 0.0, 2.0, 8.0, 20.0], description="budget an initiative spends per member sector, by level", json_schema_extra=metadata("k EUR / year", "assumption", plausible=each([0, 0, 2.0, 8.0, 20.0], 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each level's default; no source gives what local joint work costs"))
    fade_after_months: int = param(60, "months after which unformalised work (level <= 2) starts losing partners", unit="months", ge=1, le=240, source="HHS2016; calibrated to RIVM2010 (experiments/calibration)", plausible=(14, 69), evidence="calibrated to [RIVM2010] Table VIII.1 (share of sector officials collaborating with public health, 12 sectors, n = 4-14 each; experiments/calibration): the range spans the ten best distinct points of the 80 evaluated: 50.6-70.5 months (the unformalised-work drift of [HHS2016], evidence.md §1 fact 3) The ABC posterior (experiments/calibration/abc_rivm.py, 2732 simulations) gives a 90 % interval of 14-69 months: the survey does not pin it down; the plausible range is that interval.")
    oppose_per_month: float = share(0.0, "monthly chance of conflict with a partner sector whose fit is nil (off: not reported for municipalities, and a sector without fit is not invited along)", source="assumption (range 0-0.02; the national value is 0.02 [HHS2016])", plausible=(0.0, 0.02), evidence="assumption: open conflict between sectors is not reported [RIVM2010] and a sector without fit is not invited; at most the national 0.02")
    head_learning: float = share(0.5, "share of an officer's awareness growth that reaches the sector head", source="assumption", plausible=(0.25, 0.75), evidence="assumption: a sector head learns part of what the officers learn in joint work")
    ggd_progress_bonus: float = share(0.2, "progress added by full GGD support (data, advice)", source="RIVM2010", plausible=(0.1, 0.3), evidence="assumption: GGD data and advice help [RIVM2010], no measured effect")
    lead_progress_bonus: float = share(0.2, "progress added when the municipality has an IGB lead ('trekker')", source="RIVM2010", plausible=(0.1, 0.3), evidence="assumption: key persons are an enabler for 76 % of officials [RIVM2010, evidence.md §2]: that a lead helps, not by how much")
    area_concentration_weight: float = share(0.5, "how much the area approach depends on concentrated low-SES residents", source="RIVM2010", plausible=(0.25, 0.75), evidence="assumption: dispersed low-SES residents make small municipalities' work harder [RIVM2010, evidence.md §2], no size")
    takeover_bonus_lead: float = share(0.2, "extra takeover chance when the municipality has an IGB lead", source="RIVM2010 (key persons)", plausible=(0.1, 0.3), evidence="assumption: a lead (key person, 76 % [RIVM2010]) finds a successor more often, no rate")


class Awareness(Strict):
    """Awareness of the health side of own policy at the start, by field: physical sectors start lower [RIVM2010]."""

    ROLE = "behavioural"

    by_field: by_key(Literal["health", "social", "physical", "safety"], 1,
                     lambda: {"health": 0.8, "social": 0.334, "physical": 0.163, "safety": 0.4}) = Field(
        default_factory=lambda: {"health": 0.8, "social": 0.334, "physical": 0.163, "safety": 0.4},
        description="mean awareness of a sector's officials at the start, by field (social and physical calibrated; health and safety assumptions)",
        json_schema_extra=metadata("0-1", "RIVM2010 (social before physical); calibrated to RIVM2010 (experiments/calibration)", plausible={"health": (0.6, 0.9), "social": (0.31, 0.6), "physical": (0.15, 0.33), "safety": (0.25, 0.55)}, evidence="calibrated to [RIVM2010] Table VIII.1 (share of sector officials collaborating with public health, 12 sectors, n = 4-14 each; experiments/calibration): the range spans the ten best distinct points of the 80 evaluated for social (0.32-0.59) and physical (0.15-0.33, social before physical: fact 13); health (public health's own officials, most aware) and safety (between the two, as its 80 % collaboration suggests) are assumptions"),
    )
    head_factor: float = share(0.7, "awareness of a sector head relative to the sector's officers at the start", plausible=(0.5, 0.9), evidence="assumption: a head starts less aware of the health side of the sector's policy than its officers")
    sd: float = param(0.08, "spread of awareness among officials", unit="0-1", ge=0, le=0.5, plausible=(0.04, 0.15), evidence="assumption: officials of one sector differ in awareness, less than fields differ")
    conscious: float = share(0.5, "awareness at which an official in joint work counts as working consciously on inequalities", source="RIVM2010", plausible=(0.4, 0.6), evidence="assumption: working 'consciously' on inequalities [RIVM2010] needs middling awareness")
    priority: float = share(0.55, "mean awareness of a sector's officials (officers and head) at which it prioritises inequalities", source="RIVM2010", plausible=(0.45, 0.65), evidence="assumption: a threshold above 'conscious': RIVM2010 (evidence.md §2) finds inequalities a priority for 42 % and worked on by 56 %, a validation target, not this value")


class PhysicalFilter(Strict):
    """Physical sectors filter proposals on 'relevance, necessity and urgency' before weighing them [RIVM2010]."""

    ROLE = "behavioural"

    enabled: bool = param(True, "apply the filter to sectors of the physical field", unit="yes/no", source="RIVM2010", role="input")
    relevance: float = share(0.227, "minimum perceived relevance: the contact's awareness x the sector's fit with the topic", source="RIVM2010; calibrated to RIVM2010 (experiments/calibration)", plausible=(0.064, 0.289), evidence="calibrated to [RIVM2010] Table VIII.1 (share of sector officials collaborating with public health, 12 sectors, n = 4-14 each; experiments/calibration): the range spans the ten best distinct points of the 80 evaluated: 0.19-0.28 The ABC posterior (experiments/calibration/abc_rivm.py, 2732 simulations) gives a 90 % interval of 0.064-0.289: the survey does not pin it down; the plausible range is that interval.")
    necessity: float = share(0.3, "minimum fit with the topic: the sector's own policy must be a real lever for it", source="RIVM2010", plausible=(0.2, 0.4), evidence="assumption: physical sectors ask whether their policy is a real lever for the topic [RIVM2010], no threshold given")
    urgency: float = share(0.25, "minimum perceived local urgency", source="RIVM2010", plausible=(0.15, 0.35), evidence="assumption: physical sectors ask whether the matter is urgent [RIVM2010], no threshold given")


class MaturityParams(Strict):
    """Maturity stages 1-5 and their transitions (spec 4.9) [RIVM2010]."""

    ROLE = "behavioural"

    assign_rate: float = share(0.05, "monthly chance that management assigns IGB to a fully aware health officer (1 -> 2)", source="RIVM2010", plausible=(0.02, 0.1), evidence="assumption: management assigns inequality policy to an aware health officer within one to four years [RIVM2010 stages], no rate")
    assignment_retention: float = share(0.6, "chance the assignment survives when the health officer leaves", source="RIVM2010", plausible=(0.4, 0.8), evidence="assumption: an assignment outlasts its officer more often than not [RIVM2010], no figure")
    lead_appoint_rate: float = share(0.02, "monthly chance of appointing a lead ('trekker') once IGB is assigned, at full alderman support", source="RIVM2010", plausible=(0.01, 0.05), evidence="assumption: a lead is appointed within two to eight years at full support, no rate given")
    lead_tenure_months: float = param(60.0, "mean months a lead stays", unit="months", ge=6, le=600, plausible=(36, 96), evidence="assumption: a lead stays three to eight years")
    steering_awareness: float = share(0.4, "mean awareness of the sector heads at which management steers on IGB (2 -> 3)", source="RIVM2010", plausible=(0.3, 0.5), evidence="assumption: management steers once its heads are moderately aware [RIVM2010 stages], no threshold given")
    min_conscious_sectors: int = param(3, "sectors other than public health working consciously on inequalities that 2 -> 3 needs", unit="sectors", ge=1, le=11, source="RIVM2010", plausible=(2, 5), evidence="assumption: stage 3 needs a few of the eleven other sectors on board [RIVM2010 stages], no number given")
    support_threshold: float = share(0.5, "alderman support that 3 -> 4 needs (political support)", source="RIVM2010", plausible=(0.4, 0.6), evidence="assumption: stage 4 needs political support [RIVM2010]: about the middle of the scale")
    vision_share: float = share(0.4, "share of other sectors prioritising inequalities that counts as a shared vision (3 -> 4)", source="RIVM2010", plausible=(0.3, 0.6), evidence="assumption: a shared vision needs a substantial minority of sectors [RIVM2010 stages], no share given")
    anchoring_share: float = share(0.5, "share of active joint work on structural or population-based money that counts as anchoring in budget (4 -> 5)", source="RIVM2010", plausible=(0.3, 0.7), evidence="assumption: anchoring in budget needs a good part of the work on structural money [RIVM2010 stages]")
    advance_rate: float = share(0.1, "monthly chance of moving up a stage once its conditions hold", plausible=(0.05, 0.2), evidence="assumption: a stage is reached within half a year to two years once its conditions hold")
    fall_back_rate: float = share(0.1, "monthly chance of falling back a stage once its conditions lapse", source="RIVM2010", plausible=(0.05, 0.2), evidence="assumption: a stage whose conditions lapse is lost within half a year to two years [RIVM2010]")


class MunicipalTurnover(Strict):
    """Turnover of municipal officials (same rule as 4.8)."""

    ROLE = "behavioural"

    mean_tenure_months: float = param(60.0, "mean months in post (monthly hazard = 1/mean)", unit="months", ge=6, le=600, plausible=(36, 96), evidence="assumption: municipal officials stay three to eight years in a post, somewhat longer than ministry officials")
    boundary_spanning_mean: float = share(0.3, "mean boundary-spanning skill of a newcomer", plausible=(0.15, 0.45), evidence="assumption: boundary spanners are the exception among newcomers")


class MunicipalActions(Strict):
    """Deliberate choices of a municipality's public health officer and alderman (training games, policy
    experiments): the model methods of ``hiap_sim.municipal`` apply them, with the national action rules."""

    ROLE = "behavioural"

    relation_meetings_per_month: float = param(
        4.0, "meetings per month per pair of officials while the health officer invests in a relationship with a sector",
        unit="meetings / month", ge=0, le=30, source="RIVM2010 (good relations 92 %, structural consultation 61 %); assumption (about weekly)", plausible=(2.0, 6.0), evidence="assumption: good relations (92 %) and structural consultation (61 %) are enablers [RIVM2010, evidence.md §2]; investing means meeting about weekly",
    )
    relation_officials: int = param(2, "public health officials who each keep up one tie with the sector", unit="officials", ge=1, le=10, plausible=(1, 3), evidence="assumption: public health has one to three officials to keep up ties")
    cover_success_base: float = share(0.3, "chance that the college backs joint health work visibly when asked, at zero urgency", source="RIVM2010 (political support); HHS2016 SF6", plausible=(0.1, 0.5), evidence="assumption: a college backs what is not urgent now and then, no rate")
    cover_success_urgency: float = share(0.6, "chance added at full local urgency", source="RIVM2010", plausible=(0.4, 0.7), evidence="assumption: a college backs what is urgent locally [RIVM2010], no rate")
    cover_gain: float = share(0.25, "share of the distance to full alderman support gained when the college gives cover", source="RIVM2010 (college support, alderman leadership ~78 %)", plausible=(0.1, 0.4), evidence="assumption: college support and the alderman's leadership are the most-cited political factors (~78 % [RIVM2010, evidence.md §2]): that backing matters, not how far it moves support")
    publicity_support: float = share(0.02, "alderman support gained per publicised small win (visibility)", source="AIG2016; ABD2024 6.3", plausible=(0.01, 0.04), evidence="assumption: visible results feed support [AIG2016; ABD2024 6.3], no size")
    publicity_awareness: float = share(0.02, "awareness gained by the members' officials per publicised small win", source="AIG2016", plausible=(0.01, 0.04), evidence="assumption: visibility raises awareness [AIG2016], no size")
    publicity_max_wins: int = param(3, "small wins one publicity effort can show", unit="wins", ge=1, le=20, plausible=(1, 5), evidence="assumption: one publicity effort can show a few results")
    evidence_delay_months: int = param(4, "months a local analysis (GGD health monitor, local cost-benefit) takes before it counts", unit="months", ge=0, le=36, source="RIVM2010 (GGD data and advice); assumption", plausible=(2, 9), evidence="assumption: a GGD analysis of the local health monitor takes a few months; the source gives no duration")
    evidence_gain: float = share(0.25, "evidence added to what sectors weigh (on top of GGD support) once the local analysis is in", source="RIVM2010; ABD2024 5.3", plausible=(0.1, 0.4), evidence="assumption: local evidence helps sectors weigh the work [RIVM2010; ABD2024 5.3], no size")
    note_adoption_weight: float = share(0.9, "chance the council adopts a local health policy note = weight x alderman support", source="RIVM2010 (political support)", plausible=(0.6, 1.0), evidence="assumption: a council adopts a note its alderman supports most of the time")
    note_priority: float = share(0.3, "local priority added to the note's topics", source="RIVM2010 (stage 4 'Beleid')", plausible=(0.15, 0.45), evidence="assumption: a policy note (stage 4 'Beleid' [RIVM2010]) raises the priority of its topics, no size")
    note_support: float = share(0.1, "rise of the college's anchored support (the level support returns to) when the council adopts a note", source="RIVM2010", plausible=(0.05, 0.2), evidence="assumption: an adopted note anchors part of the college's support")
    note_months: int = param(48, "months a local health policy note runs (the four-year cycle)", unit="months", ge=6, le=120, source="RIVM2010 (Wpg: a local note every four years)", plausible=(48, 48), evidence="assumption: fixed: the Public Health Act (Wpg) asks for a local health note every four years (not in the five sources)")
    budget_adoption_weight: float = share(0.8, "chance the council earmarks structural money = weight x alderman support", source="REG2021; RIVM2010", plausible=(0.5, 1.0), evidence="assumption: a council earmarks money its alderman supports more often than not")
    budget_per_inhabitant: float = param(1.0, "structural money the council earmarks for joint health work", unit="EUR / inhabitant / year", ge=0, le=100, source="assumption", plausible=(0.5, 2.0), evidence="assumption: a structural budget of the order of the own budget for joint health work (1.5 EUR per inhabitant, size classes)")
    budget_follow_up_bonus: float = share(0.4, "added chance that project-funded joint work gets structural follow-up when the money is earmarked", source="REG2021", plausible=(0.2, 0.6), evidence="assumption: earmarked money is what structural follow-up needs [REG2021], no rate")
    reinforce_bonus: float = param(0.5, "relative progress added while joint work gets extra staff and money", unit="factor", ge=0, le=3, plausible=(0.25, 1.0), evidence="assumption: extra staff and money speed work by a quarter to double")


class MunicipalParameters(Strict):
    """Behavioural parameters of the municipal level; the rules are the national ones (spec 4.9)."""

    contacts: MunicipalContacts = Field(default_factory=MunicipalContacts, description="contacts", json_schema_extra={"unit": "", "source": ""})
    # the national trust parameters with the municipal level's own values, fixed as calibrated (so that a
    # recalibration of the national level does not silently move the municipal one)
    trust: TrustParams = Field(default_factory=lambda: TrustParams(baseline_cross=0.35, contact_step=0.014, max_meetings_counted=0),
                               description="trust (same rule as 4.2; town-hall colleagues start with a little more trust across sectors: assumption)",
                               json_schema_extra={"unit": "", "source": "", "overrides": {
                                   "baseline_cross": {"source": "assumption (town-hall colleagues start with a little more trust across sectors)",
                                                      "plausible": [0.25, 0.45],
                                                      "evidence": "assumption: sectors of one town hall start with a little more trust than ministries (0.2-0.4), still well below 'solid' (0.7)"}}})
    proposals: MunicipalProposals = Field(default_factory=MunicipalProposals, description="proposals", json_schema_extra={"unit": "", "source": ""})
    decisions: DecisionParams = Field(default_factory=lambda: DecisionParams(bias=-0.569), description="partner decisions (same rule as 4.4; bias calibrated to RIVM2010 (experiments/calibration))",
                                      json_schema_extra={"unit": "", "source": "", "overrides": {"bias": {
                                          "source": "calibrated to RIVM2010 (experiments/calibration)", "plausible": [-1.12, -0.04],
                                          "evidence": "calibrated to [RIVM2010] Table VIII.1 (share of sector officials collaborating with public health, 12 sectors, n = 4-14 each; "
                                                      "experiments/calibration): the ten best distinct points of the 80 evaluated span -0.77 to -0.04, so the data pin the constant down poorly; "
                                                      "the ABC posterior (experiments/calibration/abc_rivm.py) gives a 90 % interval of -1.12 to -0.14; the plausible range spans both"}}})
    work: MunicipalWork = Field(default_factory=MunicipalWork, description="joint work", json_schema_extra={"unit": "", "source": ""})
    awareness: Awareness = Field(default_factory=Awareness, description="awareness", json_schema_extra={"unit": "", "source": "RIVM2010"})
    physical_filter: PhysicalFilter = Field(default_factory=PhysicalFilter, description="relevance/necessity/urgency filter of physical sectors", json_schema_extra={"unit": "", "source": "RIVM2010"})
    maturity: MaturityParams = Field(default_factory=MaturityParams, description="maturity stages", json_schema_extra={"unit": "", "source": "RIVM2010"})
    turnover: MunicipalTurnover = Field(default_factory=MunicipalTurnover, description="turnover", json_schema_extra={"unit": "", "source": ""})
    actions: MunicipalActions = Field(default_factory=MunicipalActions, description="deliberate choices of the health officer and the alderman (games, policy experiments)",
                                      json_schema_extra={"unit": "", "source": "RIVM2010"})


class Municipalities(Strict):
    """The municipal level (spec 2.3, 4.9). Absent or disabled: national level only."""

    enabled: bool = param(False, "simulate municipalities", unit="yes/no", source="RIVM2010")
    municipalities: list[Municipality] = Field(default_factory=list, description="municipalities, one by one", json_schema_extra={"unit": "", "source": "RIVM2010"})
    generate: Generate = Field(default_factory=Generate, description="municipalities generated by size class", json_schema_extra={"unit": "", "source": ""})
    playable: list[str] = Field(
        default_factory=list,
        description="municipalities a player may take in a training game (health officer, alderman); empty = those listed by name, "
                    "else the first generated municipality of each size class",
        json_schema_extra={"unit": "names", "source": ""},
    )
    size_classes: dict[SizeClass, SizeClassSpec] = Field(default_factory=dict, description="values per size class (defaults from the built-in library)", json_schema_extra={"unit": "", "source": "RIVM2010"})
    sectors: dict[SectorName, Sector] = Field(default_factory=dict, description="the twelve sectors (defaults from the built-in library)", json_schema_extra={"unit": "", "source": "RIVM2010"})
    priority_topics: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict, description="local priority of topics (0-1); the health officer pursues the highest",
        json_schema_extra={"unit": "topic: 0-1", "source": "assumption"},
    )
    strategy: Strategy = Field(default_factory=lambda: Strategy(n_topics=4), description="behaviour of the sectors' own agents (focus_topics empty = by local priority)",
                               json_schema_extra={"unit": "", "source": "ABD2024"})
    politics: MunicipalPolitics = Field(default_factory=MunicipalPolitics, description="elections and alderman support", json_schema_extra={"unit": "", "source": "RIVM2010"})
    financing: MunicipalFinancing = Field(default_factory=MunicipalFinancing, description="financing of local joint work", json_schema_extra={"unit": "", "source": "REG2021"})
    national: NationalLink = Field(default_factory=NationalLink, description="how national priorities and programmes reach municipalities", json_schema_extra={"unit": "", "source": "RIVM2010"})
    grants: list[Grant] = Field(default_factory=list, description="national grants with co-financing", json_schema_extra={"unit": "", "source": "RIVM2010"})
    parameters: MunicipalParameters = Field(default_factory=MunicipalParameters, description="behavioural parameters", json_schema_extra={"unit": "", "source": ""})

    @model_validator(mode="before")
    @classmethod
    def _library(cls, data: Any) -> Any:
        """Fill sectors and size classes from the built-in library; a scenario overrides what it sets."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for key, library in (("sectors", SECTOR_LIBRARY), ("size_classes", SIZE_CLASS_LIBRARY)):
            given = data.get(key) or {}
            if not isinstance(given, dict):
                continue  # let the field validation report the wrong type
            merged = {name: copy.deepcopy(spec) for name, spec in library.items()}
            for name, spec in given.items():
                if isinstance(spec, dict) and name in merged:
                    merged[name] = _merge(merged[name], spec)
                else:
                    merged[name] = spec
            data[key] = merged
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Municipalities:
        names = [m.name for m in self.municipalities]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"municipalities.municipalities: names must be unique, found duplicates {duplicates}")
        total = len(self.municipalities) + self.generate.count
        if total > MAX_MUNICIPALITIES:
            raise ValueError(f"municipalities: expected at most {MAX_MUNICIPALITIES:,} municipalities in all (listed and generated), found {total:,}")
        if self.enabled and not self.municipalities and self.generate.count == 0:
            raise ValueError("municipalities: enabled but no municipalities listed and generate.count is 0; list some or set generate.count")
        if self.generate.count and sum(self.generate.shares.values()) <= 0:
            raise ValueError("municipalities.generate.shares: at least one size class needs a positive weight")
        if self.playable:
            known = names + self.generate.names()
            unknown = [n for n in self.playable if n not in known]
            if unknown:
                raise ValueError(f"municipalities.playable: unknown municipalities {unknown}; known e.g. {', '.join(known[:5]) or 'none'}")
        return self


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


__all__ = [
    "FIELDS", "MATURITY_STAGES", "MUNICIPAL_RANKS", "PUBLIC_HEALTH", "RIVM2010_COLLABORATION", "SECTORS", "SIZE_CLASSES",
    "Grant", "Municipalities", "Municipality", "Sector", "SizeClassSpec",
]
