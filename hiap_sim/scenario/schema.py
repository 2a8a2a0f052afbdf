"""The scenario schema: every parameter of a hiap-sim run, with default, range, unit, description and source.

A scenario file (YAML) is validated against :class:`Scenario`. Departments and topics are mappings keyed by
code or name, so that variants (``extends:``) and sweeps (dotted paths such as
``departments.VWS.budget``) can address them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from hiap_sim.scenario.common import (  # noqa: F401  (the shared basics, re-exported: schema is where readers look)
    AMBITION_LEVEL,
    MAX_NATIONAL_OFFICIALS,
    MIN_CAPACITY_FTE,
    RANKS,
    SEED_MAX,
    THEMES,
    Ambition,
    Approach,
    CrisisKind,
    DecisionParams,
    Frame,
    Funding,
    JointWorkParams,
    Kind,
    Month,
    OptionalMonth,
    Staff,
    Strategy,
    Theme,
    TrustParams,
    by_key,
    by_level,
)
from hiap_sim.scenario.fields import Strict, check_safe_name, completed, each, metadata, month_index, param, share, zero_or_at_least
from hiap_sim.scenario.game_params import ActionParams, GameSettings
from hiap_sim.scenario.initial import InitialState
from hiap_sim.scenario.municipal import Municipalities


class Mandate(Strict):
    """A programme ministry's mandate (Jeugd & Gezin 2007-2010 [HHS2016]): a minister whose portfolio is a set
    of topics across departments, bringing political cover, urgency and a steering role on them. The mandate
    belongs to the ministry, not to its staff: when the ministry is abolished it lapses ('the flow went out of
    it' [HHS2016]) unless a successor lever (``successors``) is active and takes it over."""

    topics: list[str] = Field(default_factory=list, description="topics of the programme minister's portfolio; empty = no mandate",
                              json_schema_extra={"unit": "topic names", "source": "HHS2016 (programme ministry J&G 2007-2010)"})
    cover: float = share(0.3, "political cover the mandate adds to joint work on its topics, whoever leads it",
                         source="assumption (range 0.15-0.4: a minister of one's own for the topics; as lever_cover of a coordinating minister, 0.3 [ABD2024 5.6])")
    steering: float = share(0.4, "agenda power the mandate adds to a partner's decision on its topics (full goodwill; x political_lever_weight)",
                            source="assumption (range 0.2-0.6: a programme minister steers across departments on the portfolio but owns no other department's budget [HHS2016])")
    urgency: float = share(0.15, "urgency of health the mandate adds to the ministry that holds it",
                           source="assumption (range 0.05-0.25: the political drive of a programme with its own minister [HHS2016])")
    portfolio: bool = param(True, "the holder pursues the portfolio: its topics are among the holder's focus topics while it holds the mandate, so a successor lever that takes the mandate over also takes over the proposals on its topics", unit="yes/no",
                            source="HHS2016 (a programme ministry's portfolio cuts across departments; a programme directorate bundles people and budget for a programme, as J&G did)")
    successors: list[Literal["programme_directorate", "coordinating_minister", "government_envoy"]] = Field(
        default_factory=lambda: ["programme_directorate", "coordinating_minister"],
        description="levers that take the mandate over (held by the coordinator) once the ministry is gone, while they are active",
        json_schema_extra={"unit": "levers", "source": "HHS2016; ABD2024 5.6"})


class Department(Strict):
    """A national ministry (spec 2.1)."""

    name: str = param("", "full name", unit="text")
    kind: Kind = param("social", "field: social, physical, economic, classic (or society for partners)", unit="choice", source="RIVM2010")
    health_relevance: float = share(0.5, "how strongly the portfolio drives health determinants", source="HHS2016")
    priorities: dict[Theme, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="weights (0-1) over policy themes; topic fit is read from these",
        json_schema_extra={"unit": "theme: 0-1", "source": "ABD2024"},
    )
    political_commitment: float = share(0.4, "the minister's commitment to health in own policy at the start")
    budget: float = param(1.0, "budget available for joint work", unit="M EUR / year", ge=0, le=1000, source="ABD2024")
    capacity_fte: Annotated[float, AfterValidator(zero_or_at_least(MIN_CAPACITY_FTE, "FTE"))] = param(
        2.0, "staff time for HiaP work (0, or at least 0.05)", unit="FTE", ge=0, le=200, source="ABD2024")
    staff: Staff = Field(default_factory=Staff, description="posts by rank", json_schema_extra={"unit": "", "source": "ABD2024"})
    silo_strength: float = share(0.4, "'verkokering': how strongly the department keeps to its own dossiers", source="HHS2016")
    autonomy_preference: float = share(0.5, "dislike of losing control (weighs the cost of higher levels)", source="ABD2024")
    base_urgency: float = share(0.3, "perceived urgency of health before shocks and narrative")
    awareness: float = share(0.3, "mean awareness of the health side of own policy among its officials", source="AIG2016")
    is_coordinator: bool = param(False, "holds the HiaP account (VWS)", unit="yes/no", source="HHS2016")
    active_from: OptionalMonth = param(None, "month the department comes into existence (reorganisations)", unit="YYYY-MM", source="HHS2016")
    active_until: OptionalMonth = param(None, "month after which it no longer exists", unit="YYYY-MM", source="HHS2016")
    strategy: Strategy = Field(default_factory=Strategy, description="behaviour of its agents", json_schema_extra={"unit": "", "source": "ABD2024"})
    mandate: Mandate = Field(default_factory=Mandate, description="a programme ministry's mandate over topics across departments", json_schema_extra={"unit": "", "source": "HHS2016"})
    new: bool = param(False, "marks an organisation that is not in the base scenario (or, without extends, the built-in library): "
                             "without it an unknown code is refused as a probable typo", unit="yes/no")


class Topic(Strict):
    """A determinant theme for joint work (spec 2.4)."""

    label: str = param("", "readable name", unit="text")
    themes: dict[Theme, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="policy themes the topic touches, with weights",
        json_schema_extra={"unit": "theme: 0-1", "source": "ABD2024"},
    )
    health_potential: float = share(0.5, "health gain the topic can yield when fully realised")
    interdependence: int = param(2, "collaboration level the topic really needs (2 cooperation .. 4 integration)", unit="level", ge=2, le=4, source="ABD2024")
    legal_barrier_risk: float = share(0.3, "chance per year that a system-change initiative hits a legal barrier", source="AIG2016")
    new: bool = param(False, "marks a topic that is not in the base scenario (or the built-in library): without it an unknown name is refused", unit="yes/no")


# ----------------------------------------------------------------------------------------- world events
class Crisis(Strict):
    """A scheduled shock ('never waste a good crisis' [ABD2024]; the 2009 economic crisis [HHS2016])."""

    date: Month = param(..., "month the crisis breaks", unit="YYYY-MM")
    kind: CrisisKind = param("other", "type of crisis", unit="choice", source="ABD2024")
    departments: list[str] = Field(default_factory=list, description="departments it touches most; empty = by kind", json_schema_extra={"unit": "codes", "source": "ABD2024"})
    size: float = share(0.4, "size of the urgency shock")
    half_life_months: float = param(18.0, "half-life of the shock", unit="months", ge=1, le=240)


class Crises(Strict):
    """Scheduled and random crises."""

    ROLE = "behavioural"

    random_per_year: float = param(0.3, "rate of random crises (Poisson)", unit="per year", ge=0, le=12, source="ABD2024", plausible=(0.1, 0.6), evidence="assumption: evidence.md §3 names about six health-relevant crises of 2008-2024 (the financial crisis [HHS2016]; Tata Steel, PFAS, Groningen gas, Schiphol [ABD2024]; the pandemic), about 0.3-0.4 a year; the sources give no rate, so 0.1-0.6")
    random_size: float = share(0.3, "mean size of a random crisis", plausible=(0.15, 0.5), evidence="assumption: a random crisis is smaller than a landmark one (scheduled crises 0.4-0.6 in the shipped scenarios)")
    random_half_life_months: float = param(18.0, "half-life of random crises", unit="months", ge=1, le=240, plausible=(6, 36), evidence="assumption: attention to a crisis fades within months to a few years (intermittent attention, evidence.md §1 fact 7)")
    economic_share: float = share(0.2, "share of random crises that are economic", source="HHS2016", plausible=(0.1, 0.3), evidence="assumption: one of the six or so crises in evidence.md §3 (the 2008-09 financial crisis [HHS2016]) is economic")
    scheduled: list[Crisis] = Field(default_factory=list, description="crises at given dates", json_schema_extra={"unit": "", "source": "ABD2024"})


class BudgetCut(Strict):
    """A cut of the budgets for joint work (prevention funds cut [ABD2024])."""

    date: Month = param(..., "month the cut takes effect", unit="YYYY-MM")
    departments: list[str] = Field(default_factory=list, description="departments cut; empty = all", json_schema_extra={"unit": "codes", "source": "ABD2024"})
    fraction: float = share(0.2, "fraction of the budget removed", source="ABD2024")


class Reorganisation(Strict):
    """Ministries abolished or merged: staff, ties and joint work move to the target (2010 [HHS2016])."""

    date: Month = param(..., "month of the reorganisation", unit="YYYY-MM", source="HHS2016")
    moves: dict[str, str] = Field(..., description="old department code -> department it merges into", json_schema_extra={"unit": "codes", "source": "HHS2016"})


class Politics(Strict):
    """Cabinets, coalition stance and ministers' commitment (spec 2.6)."""

    ROLE = "behavioural"

    cabinet_term_months: int = param(48, "regular cabinet term", unit="months", ge=6, le=120, role="input")
    early_fall_per_month: float = param(0.008, "monthly chance that a cabinet falls early", unit="per month", ge=0, le=0.2, source="HHS2016 (cabinets 2007-2017); Dutch cabinets 2002-2024 rarely lasted a full term", plausible=(0.005, 0.025), evidence="[HHS2016] evidence.md §3: cabinets Balkenende IV (2007-2010), Rutte I (2010-2012), Rutte II (2012-2017): two of three ended early; with a 48-month term one full term in three means about 0.023 a month. The default 0.008 (two in three full terms) lies at the low end of what these cabinets suggest")
    cabinet_changes: list[Month] = Field(default_factory=list, description="scheduled cabinet changes (the regular cycle restarts after the last one)", json_schema_extra=metadata("YYYY-MM", "HHS2016", role="input"))
    coalition_stance_mean: float = share(0.45, "mean commitment to health of new coalitions", plausible=(0.3, 0.6), evidence="assumption: coalitions mention health ('healthy generation 2040' [ABD2024]) yet cut prevention funds: a middling commitment")
    coalition_stance_sd: float = param(0.15, "spread of coalition stance between cabinets", unit="0-1", ge=0, le=0.5, plausible=(0.05, 0.25), evidence="assumption: coalitions differ in their stance on health, within the middle of the scale")
    minister_sd: float = param(0.12, "spread of ministers' commitment within a cabinet", unit="0-1", ge=0, le=0.5, plausible=(0.05, 0.2), evidence="assumption: ministers of one cabinet differ less than cabinets do")
    health_in_agreement: bool = param(True, "health is in the coalition agreement (e.g. 'healthy generation 2040')", unit="yes/no", source="ABD2024", role="input")
    agreement_bonus: float = share(0.1, "commitment added when health is in the coalition agreement", plausible=(0.05, 0.2), evidence="assumption: health in the coalition agreement raises commitment [ABD2024] by an unmeasured amount")
    renege_drop: float = share(0.15, "fall in a minister's commitment that makes a partner reconsider joint work", plausible=(0.1, 0.25), evidence="assumption: a fall in commitment that partners notice: a tenth to a quarter of the scale")
    renege_probability: float = share(0.5, "chance that such a partner leaves an initiative", source="HHS2016", plausible=(0.25, 0.75), evidence="assumption: partners leave when political cover goes [HHS2016, fact 5], no rate")
    evidence_renege_reduction: float = share(0.5, "share of reneging prevented by full quantified evidence (less polarisation)", source="ABD2024 5.3", plausible=(0.25, 0.75), evidence="assumption: quantified evidence depolarises [ABD2024 5.3], no size")
    commitment_relaxation: float = share(0.02, "monthly drift of commitment raised by small wins back to the cabinet's level", plausible=(0.01, 0.05), evidence="assumption: support raised by small wins fades over 1-6 years (half-life) without new wins")


# ----------------------------------------------------------------------------------------- levers
class Lever(Strict):
    """A structural lever with a start and an end."""

    enabled: bool = param(False, "whether the lever is used", unit="yes/no")
    start: OptionalMonth = param(None, "first month (empty = scenario start)", unit="YYYY-MM")
    end: OptionalMonth = param(None, "last month (empty = to the horizon)", unit="YYYY-MM")
    strength: float = share(0.5, "how strong the lever is")


class PoliticalLever(Lever):
    """Coordinating minister or envoy: agenda power that depends on the cabinet's goodwill [ABD2024 5.6]."""

    goodwill: float = share(0.6, "the cabinet's goodwill ('gunfactor') towards the coordinator", source="ABD2024")


class ProgrammeDirectorate(Lever):
    """Bundles people and budget, like the programme ministry Jeugd & Gezin 2007-2010 [HHS2016]."""

    extra_fte: float = param(6.0, "staff it adds to the coordinator", unit="FTE", ge=0, le=100, source="HHS2016")
    extra_budget: float = param(5.0, "budget it adds for joint work", unit="M EUR / year", ge=0, le=500)


class WorkingGroup(Lever):
    """Interdepartmental working/steering group ('Impact op Gezondheid' [ABD2024])."""

    meet_every_months: int = param(3, "months between meetings", unit="months", ge=1, le=24, source="ABD2024")
    formal: bool = param(True, "a formal steering group (pacifies) rather than an informal working group", unit="yes/no", source="HHS2016")
    members: list[str] = Field(default_factory=list, description="member departments; empty = all", json_schema_extra={"unit": "codes", "source": "ABD2024"})
    delegates_per_department: int = param(1, "officials each member sends", unit="persons", ge=1, le=10)


class Financing(Lever):
    """Financing model of new joint work [REG2021]."""

    model: Funding = param("project", "project (ends at a date), structural, or population-based / revolving fund", unit="choice", source="REG2021")
    project_months: int = param(24, "length of project funding of joint work led by a society partner (regional network, pledge)", unit="months", ge=3, le=120, source="REG2021", plausible=(12, 36), evidence="assumption: networks depend on 'short project subsidies' [REG2021, evidence.md §3] whose length the source does not give: one to three years", role="behavioural")
    follow_up_probability: float = share(0.25, "chance that a society partner's project gets structural follow-up when its money ends", source="AIG2016; REG2021", plausible=(0.1, 0.5), evidence="assumption: pledges and networks depend on 'short project money' [AIG2016, REG2021; evidence.md §1 fact 11]: follow-up is the exception, no rate given", role="behavioural")
    ministry_project_months: int = param(
        24, "length of programme money of joint work led by a ministry: a policy programme's period", unit="months", ge=3, le=120,
        source="assumption (range 24-48: national programmes run for a cabinet period; 'Naar een weerbare samenleving' Dec 2008 to the 2010 cabinet change, "
               "Alles is Gezondheid 2014-2016 [HHS2016; AIG2016]; no national source gives a project length; the default is the low end, equal to REG2021's regional figure, "
               "so that results stay comparable with the calibrated model until a source narrows it)", plausible=(24, 48), evidence="assumption: national programmes run for about a cabinet period ('Naar een weerbare samenleving' Dec 2008 to the 2010 cabinet change; Alles is Gezondheid 2014-2016 [HHS2016]); the default is the low end, equal to the regional figure", role="behavioural")
    ministry_follow_up_probability: float = share(
        0.25, "chance that a ministry's joint work goes on from the departmental budget when its programme period ends",
        source="assumption (range 0.25-0.75: ministries' joint work runs mostly on staff time from structural departmental budgets, "
               "'no extra money' for Alles is Gezondheid [HHS2016]; departmental budgets were cut in 2011 [HHS2016] and prevention funds in 2024 [ABD2024], modelled as budget cuts; "
               "the default is the low end, equal to the regional figure [AIG2016; REG2021], see ministry_project_months)", plausible=(0.25, 0.75), evidence="assumption: ministries' joint work runs mostly on staff time from structural budgets ('no extra money' for Alles is Gezondheid [HHS2016]); the default is the low end, equal to the regional figure", role="behavioural")


class Rotation(Lever):
    """Rotation programme / job swaps between departments [HHS2016 #39-41; RIVM2010]."""

    rate_per_year: float = param(0.05, "share of staff rotating to another department each year", unit="per year", ge=0, le=1, source="HHS2016")


class Levers(Strict):
    """Structural levers the sources discuss (evidence.md §4); each has a start and an end."""

    coordinating_minister: PoliticalLever = Field(default_factory=PoliticalLever, description="a coordinating minister for health", json_schema_extra={"unit": "", "source": "ABD2024"})
    government_envoy: PoliticalLever = Field(default_factory=lambda: PoliticalLever(strength=0.3), description="a government envoy for health", json_schema_extra={"unit": "", "source": "ABD2024"})
    programme_directorate: ProgrammeDirectorate = Field(default_factory=ProgrammeDirectorate, description="a programme directorate / programme ministry", json_schema_extra={"unit": "", "source": "HHS2016"})
    working_group: WorkingGroup = Field(default_factory=WorkingGroup, description="interdepartmental working or steering group", json_schema_extra={"unit": "", "source": "ABD2024"})
    legal_duty: Lever = Field(default_factory=Lever, description="a legal duty to screen other policy for health", json_schema_extra={"unit": "", "source": "ABD2024"})
    financing: Financing = Field(default_factory=Financing, description="financing model of joint work", json_schema_extra={"unit": "", "source": "REG2021"})
    shared_narrative: Lever = Field(default_factory=Lever, description="a shared narrative that stresses urgency", json_schema_extra={"unit": "", "source": "ABD2024"})
    quantification: Lever = Field(default_factory=Lever, description="quantified health effects (social cost-benefit analysis)", json_schema_extra={"unit": "", "source": "ABD2024"})
    rotation_programme: Rotation = Field(default_factory=Rotation, description="rotation and job swaps", json_schema_extra={"unit": "", "source": "HHS2016"})
    regional_budget: Lever = Field(default_factory=Lever, description="structural regional budgets for health networks", json_schema_extra={"unit": "", "source": "REG2021"})


# ----------------------------------------------------------------------------------------- behaviour
class UrgencyParams(Strict):
    """Submodel 4.1."""

    ROLE = "behavioural"

    narrative_weight: float = share(0.25, "urgency a full-strength shared narrative adds", source="ABD2024", plausible=(0.1, 0.4), evidence="assumption: a shared narrative is a lever [ABD2024, evidence.md §4] with no measured effect; weaker than a crisis (crisis_weight 1), a tenth to four tenths of the urgency scale")
    crisis_weight: float = share(1.0, "weight of crisis shocks on the departments they touch", source="ABD2024", plausible=(0.5, 1.0), evidence="assumption: a crisis is the strongest shock to urgency ('never waste a good crisis' [ABD2024], evidence.md §1 fact 7); at least half of it reaches the departments it touches")
    spillover: float = share(0.3, "share of a crisis shock felt by departments it does not touch", plausible=(0.1, 0.5), evidence="assumption: departments a crisis does not touch feel it through cabinet attention, less than those it touches")
    economic_weight: float = share(0.5, "urgency an economic crisis of size 1 removes", source="HHS2016", plausible=(0.25, 0.75), evidence="assumption: the 2008-09 crisis 'pushed political urgency for SEGV down' [HHS2016, evidence.md §3] gives the direction, not the size")
    window_threshold: float = share(0.15, "shock above which a crisis window is open for related topics", source="ABD2024", plausible=(0.05, 0.3), evidence="assumption: a window needs a shock that stands out from monthly variation: between a small crisis and the mean random crisis (0.3)")
    window_boost: float = param(1.0, "relative rise of proposals and acceptance on a topic with an open window", unit="factor", ge=0, le=5, source="ABD2024", plausible=(0.5, 2.0), evidence="assumption: an open window favours related topics [ABD2024, fact 7] by an unmeasured amount: from half again to three times the rate")


class ContactParams(Strict):
    """Submodel 4.2, contacts."""

    ROLE = "behavioural"

    hours: by_key(Literal["officer", "senior", "director", "dg"], 160, lambda: {"officer": 16.0, "senior": 12.0, "director": 8.0, "dg": 4.0}) = Field(
        default_factory=lambda: {"officer": 16.0, "senior": 12.0, "director": 8.0, "dg": 4.0},
        description="hours per month for cross-cutting work, by rank",
        json_schema_extra=metadata("hours / month", "RIVM2010 (health officer ~24 of 32 h/week on local policy); assumption", plausible=each({"officer": 16.0, "senior": 12.0, "director": 8.0, "dg": 4.0}, 0.5, 1.5), evidence="assumption: ×0.5-×1.5 of each rank's default; RIVM2010 gives only the municipal health officer's '~24 of 32 hours a week' (evidence.md §3), a specialist; a ministry officer spends 2-6 hours a week on cross-cutting work, higher ranks less"),
    )
    contacts_per_hour: float = param(0.25, "contacts a civil servant makes per hour of cross-cutting time spent on relations", unit="per hour", ge=0, le=5, plausible=(0.125, 0.5), evidence="assumption: one contact per 2-8 hours spent on relations (a meeting with its preparation and follow-up)")
    within_share: float = share(0.6, "share of contacts inside the own organisation", plausible=(0.4, 0.8), evidence="assumption: most contacts stay inside one's own department ('verkokering' [HHS2016]); not all")
    chance_share: float = share(0.5, "share of cross-organisation contacts that are chance encounters", source="HHS2016", plausible=(0.25, 0.75), evidence="assumption: new work starts 'mostly from encounters' [HHS2016, evidence.md §1 fact 1], a share the source does not give")
    trust_pull: float = param(3.0, "how strongly existing trust steers deliberate contacts", unit="factor", ge=0, le=20, source="assumption (Nooteboom)", plausible=(1.0, 6.0), evidence="assumption: deliberate contacts go to trusted people (Nooteboom): from proportional to trust (1) to strongly concentrated")
    joint_work_meetings: float = param(1.0, "meetings per month between an initiative's coordinator and each partner's contact person", unit="per month", ge=0, le=10, plausible=(0.5, 2.0), evidence="assumption: a coordinator meets each partner's contact person every two weeks to every two months")
    affinity_floor: float = share(0.2, "goal-matching weight of a partner with no shared topic (deliberate contacts)", plausible=(0.05, 0.4), evidence="assumption: officials also seek out organisations with no shared topic, but clearly less than those with one")
    memory_months: int = param(12, "months a cross-organisation contact counts as ad hoc (level 1) collaboration", unit="months", ge=1, le=60, plausible=(6, 24), evidence="assumption: an ad hoc contact counts as collaboration for half a year to two years")


class ProposalParams(Strict):
    """Submodel 4.3."""

    ROLE = "behavioural"

    base_probability: float = share(0.06, "chance that a cross-organisation contact with full awareness, urgency and fit becomes a proposal", plausible=(0.03, 0.12), evidence="assumption: not calibrated at the national level (the municipal value is, 0.21-0.34, with more contacts per official); one in 8-30 ideal contacts becomes a proposal")
    rank_factor: by_key(Literal["officer", "senior", "director", "dg"], 1, lambda: {"officer": 1.0, "senior": 0.7, "director": 0.4, "dg": 0.2}) = Field(
        default_factory=lambda: {"officer": 1.0, "senior": 0.7, "director": 0.4, "dg": 0.2},
        description="relative proposal rate by rank (ideas start low in the hierarchy)",
        json_schema_extra=metadata("factor", "HHS2016", plausible={"officer": (1.0, 1.0), "senior": (0.5, 0.9), "director": (0.2, 0.6), "dg": (0.1, 0.4)}, evidence="assumption: 'most ideas come from lower-ranked officials' [HHS2016, evidence.md §1 fact 4] gives the order, not the sizes; the officer is the reference (1)"),
    )
    minister_orientation: by_key(Literal["officer", "senior", "director", "dg"], 1, lambda: {"officer": 0.2, "senior": 0.4, "director": 0.6, "dg": 0.8}) = Field(
        default_factory=lambda: {"officer": 0.2, "senior": 0.4, "director": 0.6, "dg": 0.8},
        description="how much the minister's commitment gates a proposal, by rank",
        json_schema_extra=metadata("0-1", "HHS2016", plausible={"officer": (0.1, 0.4), "senior": (0.3, 0.6), "director": (0.4, 0.8), "dg": (0.6, 1.0)}, evidence="assumption: 'orientation to the minister grows with rank' [HHS2016, evidence.md §1 fact 4] gives the order, not the sizes"),
    )
    formal_factor: float = share(0.3, "proposal rate of a steering-group contact relative to an informal one ('pacification')", source="HHS2016", plausible=(0.1, 0.6), evidence="assumption: steering groups 'pacify' [HHS2016, evidence.md §1 fact 3]: fewer proposals than informal contacts, no figure")
    max_partners: int = param(3, "partners invited at most (more for interdependent topics)", unit="organisations", ge=1, le=10, plausible=(2, 5), evidence="assumption: joint work on one topic engages a few organisations; the SEGV working group joined VWS with five departments [HHS2016, evidence.md §3], an upper end")
    min_partner_fit: float = share(0.3, "fit a further organisation needs to be invited along", source="assumption (range 0.2-0.4; the municipal value is calibrated to RIVM2010)", plausible=(0.2, 0.4), evidence="assumption: a further partner needs a real stake in the topic (fact 9); the municipal value, calibrated, is 0.26 (0.25-0.47 among the best fits)")
    min_partner_score: float = share(0.1, "fit x trust with the lead a further organisation needs to be invited along", source="assumption (range 0.05-0.2)", plausible=(0.05, 0.2), evidence="assumption: a further partner needs some fit and some trust with the lead: a twentieth to a fifth of the full product")


class WorkParams(JointWorkParams):
    """Submodels 4.5-4.6 at the national level: the shared joint-work parameters and what ministries add
    (political levers, programme directorate, financing)."""

    small_win_commitment: float = share(0.01, "political commitment gained per small win (the flywheel)", source="ABD2024", plausible=(0.005, 0.02), evidence="assumption: small wins feed political support, the flywheel [ABD2024 6.3], no size")
    takeover_bonus_structural: float = share(0.2, "extra takeover chance with structural funding", source="REG2021", plausible=(0.1, 0.3), evidence="assumption: structural money keeps a post and so a successor [REG2021, evidence.md §3], no figure")
    lever_cover: float = share(0.3, "political cover a full-strength coordinating minister or envoy with full goodwill adds", source="ABD2024 5.6", plausible=(0.15, 0.45), evidence="assumption: a coordinating minister's cover 'depends on the cabinet's goodwill' [ABD2024 5.6], no size")
    programme_progress_bonus: float = share(0.3, "progress added by a full-strength programme directorate", source="HHS2016", plausible=(0.1, 0.5), evidence="assumption: the programme ministry Jeugd & Gezin bundled people and budget 2007-2010 [HHS2016], no measured effect")
    programme_takeover_bonus: float = share(0.2, "takeover chance added by a full-strength programme directorate", source="HHS2016", plausible=(0.1, 0.3), evidence="assumption: a programme directorate keeps staff on its work [HHS2016], no figure")
    population_funding_bonus: float = share(0.1, "progress added by population-based financing / a revolving fund", source="REG2021", plausible=(0.05, 0.2), evidence="assumption: population-based financing and a revolving fund (Achterhoek) are proposed [REG2021, evidence.md §3], not measured")
    regional_follow_up_bonus: float = share(0.5, "follow-up chance added by a full regional budget when project money ends", source="REG2021", plausible=(0.25, 0.75), evidence="assumption: structural regional budgets are proposed to end dependence on project money [REG2021, evidence.md §3], not measured")
    legal_duty_minimalism: float = share(0.3, "health yield lost under a full legal duty (minimalism)", source="ABD2024 (contested)", plausible=(0.0, 0.5), evidence="assumption: that law breeds minimalism is contested [ABD2024, evidence.md §4]: from no loss to half the yield")


class TurnoverParams(Strict):
    """Submodel 4.8."""

    ROLE = "behavioural"

    mean_tenure_months: float = param(48.0, "mean months in post (monthly hazard = 1/mean)", unit="months", ge=6, le=600, source="HHS2016 ('changing contact persons')", plausible=(36, 72), evidence="[HHS2016] evidence.md §1 fact 2: the same core partners 2009-2015 'though often with changing contact persons': contact persons changed often within those six years, so a mean tenure below 72 months; the lower end (36) is assumption")
    rotation_by_rule_months: Annotated[dict[Literal["officer", "senior", "director", "dg"], Annotated[int, Field(ge=0, le=600)]],
                                       BeforeValidator(completed(lambda: {"officer": 0, "senior": 0, "director": 60, "dg": 60}))] = Field(
        default_factory=lambda: {"officer": 0, "senior": 0, "director": 60, "dg": 60},
        description="months after which higher ranks rotate by rule (0 = no rule)",
        json_schema_extra=metadata("months", "HHS2016", plausible={"officer": (0, 0), "senior": (0, 0), "director": (36, 84), "dg": (36, 84)}, evidence="assumption: higher civil servants rotate by rule after some years [HHS2016], no period given: three to seven years; officers and seniors have no rule"),
    )
    boundary_spanning_mean: float = share(0.3, "mean boundary-spanning skill of a newcomer (triangular on 0 .. 2 x mean)", source="HHS2016", plausible=(0.15, 0.45), evidence="assumption: boundary spanners are the exception among newcomers [HHS2016], no share")
    rotation_boundary_gain: float = share(0.25, "boundary spanning gained by a rotation", source="HHS2016 #39-41", plausible=(0.1, 0.4), evidence="assumption: rotation and job swaps build boundary spanning [HHS2016 #39-41], no size")
    awareness_sd: float = param(0.08, "spread of awareness among officials of one organisation", unit="0-1", ge=0, le=0.5, plausible=(0.04, 0.15), evidence="assumption: officials of one organisation differ in awareness, less than organisations differ from each other")


class HealthParams(Strict):
    """Submodel 4.10: the uncertain, slow link from policy to health."""

    ROLE = "behavioural"

    initial_gap_years: float = param(15.0, "gap in healthy life expectancy between low and high SES at the start", unit="years", ge=0, le=40, source="RIVM2010 (14); HHS2016 (16-19)", plausible=(14, 19), evidence="[RIVM2010; HHS2016] evidence.md §2: people with little education live '14 [RIVM2010] to 16-19 [HHS2016] fewer years in good health'")
    lag_months: int = param(60, "lag from implemented policy to health effect", unit="months", ge=0, le=360, source="assumption", plausible=(24, 120), evidence="assumption: policy reaches health through determinants (housing, income, work, environment) over two to ten years; no source gives the lag")
    effect_size: float = param(0.05, "share of the gap a fully realised initiative of potential 1 closes", unit="share", ge=0, le=1, source="assumption", plausible=(0.02, 0.1), evidence="assumption: no source gives one initiative's health yield; at 0.02-0.10 REG2021's ambition (a 30 % smaller gap by 2040, evidence.md §2) takes 3-15 fully realised initiatives of potential 1")
    target_reduction: float = share(0.3, "target: share of the gap closed by the target year", source="REG2021", role="input")
    target_year: int = param(2040, "target year", unit="year", ge=2000, le=2100, source="REG2021", role="input")


class Pledges(Strict):
    """Society partners that sign pledges (spec 2.5; [AIG2016]: 1265 partners, 265 pledges by Dec 2015)."""

    enabled: bool = param(False, "include pledge partners", unit="yes/no", source="AIG2016")
    partners: int = param(60, "pledge partners modelled (each stands for several real ones)", unit="organisations", ge=1, le=2000, source="AIG2016")
    volunteers_per_partner: int = param(1, "volunteers or staff per partner", unit="persons", ge=1, le=10, source="AIG2016")
    enthusiasm: float = share(0.7, "commitment of a partner's coordinator at signing", source="AIG2016")
    budget: float = param(0.02, "budget per partner", unit="M EUR / year", ge=0, le=10, source="AIG2016")
    takeover_factor: float = share(0.3, "takeover chance relative to departments when a volunteer coordinator leaves", source="AIG2016", plausible=(0.15, 0.5), evidence="assumption: progress 'depends on volunteers and an enthusiastic coordinator' [AIG2016, evidence.md §3]: a volunteer is replaced less often than an official", role="behavioural")
    platform_boost: float = share(0.3, "contact rate added by the national platform, scaled by urgency", source="AIG2016", plausible=(0.0, 0.5), evidence="assumption: the national online platform 'drew little participation for lack of urgency' [AIG2016, evidence.md §3]: a small boost", role="behavioural")
    volunteer_hours_share: float = share(0.5, "hours of a volunteer relative to an officer", source="AIG2016")
    capacity_per_volunteer: Annotated[float, AfterValidator(zero_or_at_least(MIN_CAPACITY_FTE, "FTE"))] = param(
        0.5, "HiaP capacity per volunteer (0, or at least 0.05)", unit="FTE", ge=0, le=5, source="AIG2016")
    base_urgency: float = share(0.4, "perceived urgency of health among partners")
    awareness: float = share(0.6, "awareness of health among partners' volunteers", source="AIG2016")
    silo_strength: float = share(0.15, "silo strength of a society partner")
    autonomy_preference: float = share(0.3, "autonomy preference of a society partner")


class Parameters(Strict):
    """Behavioural parameters of the submodels."""

    urgency: UrgencyParams = Field(default_factory=UrgencyParams, description="4.1 urgency", json_schema_extra={"unit": "", "source": ""})
    contacts: ContactParams = Field(default_factory=ContactParams, description="4.2 contacts", json_schema_extra={"unit": "", "source": ""})
    trust: TrustParams = Field(default_factory=TrustParams, description="4.2 trust", json_schema_extra={"unit": "", "source": ""})
    proposals: ProposalParams = Field(default_factory=ProposalParams, description="4.3 proposals", json_schema_extra={"unit": "", "source": ""})
    decisions: DecisionParams = Field(default_factory=DecisionParams, description="4.4 partner decisions", json_schema_extra={"unit": "", "source": ""})
    work: WorkParams = Field(default_factory=WorkParams, description="4.5-4.6 ladder and work", json_schema_extra={"unit": "", "source": ""})
    turnover: TurnoverParams = Field(default_factory=TurnoverParams, description="4.8 turnover", json_schema_extra={"unit": "", "source": ""})
    health: HealthParams = Field(default_factory=HealthParams, description="4.10 health", json_schema_extra={"unit": "", "source": ""})
    actions: ActionParams = Field(default_factory=ActionParams, description="deliberate actions (games, policy experiments)", json_schema_extra={"unit": "", "source": ""})


# ----------------------------------------------------------------------------------------- mechanisms
def switch(description: str, source: str) -> bool:
    return param(True, description, unit="on/off", source=source)


class Mechanisms(Strict):
    """Switches that remove one mechanism each, for validation only (``hiap-sim patterns --knockouts``): a
    stylized fact counts as evidence for its mechanism only when it fails with the mechanism switched off.
    Policy runs leave every switch on; what each switch neutralises is listed in ``hiap_sim/pipeline/knockouts.py``
    and ``docs/validation/report.md``."""

    goal_matching: bool = switch("proposals weigh the other organisation's fit with the topic (off: every pair and topic alike) [fact 1]", "HHS2016")
    pacification: bool = switch("steering-group contacts yield fewer proposals than informal ones (off: alike) [facts 1, 3]", "HHS2016 #12")
    institutional_learning: bool = switch("trust between organisations drifts towards their strongest tie, so relations outlast people (off: fixed baseline) [fact 2]", "HHS2016")
    formalisation_timing: bool = switch("unformalised work loses partners after a while, formality ahead of trust faster (off: no drift) [fact 3]", "HHS2016 #13-14")
    rank: bool = switch("proposal rates, minister orientation and cross-cutting hours differ by rank (off: every rank at the mean) [fact 4]", "HHS2016 #8")
    political_cover: bool = switch("the minister's (alderman's) commitment weighs in decisions, gates proposals, covers progress and makes partners renege when it drops (off: none of these) [fact 5]", "HHS2016; RIVM2010")
    scarcity: bool = switch("budget cuts change the appetite for joint work in proposals and decisions (off: no effect) [fact 6]", "HHS2016 #21")
    crisis_urgency: bool = switch("crises raise, and economic crises lower, the urgency of health (off: urgency ignores crises) [fact 7]", "HHS2016; ABD2024")
    crisis_window: bool = switch("an open crisis window favours related topics in proposals and decisions (off: no window) [fact 7]", "ABD2024")
    framing: bool = switch("an HfaP frame multiplies the partner's fit (off: frame makes no difference) [fact 8]", "ABD2024; HHS2016")
    shared_interest: bool = switch("progress depends on the partners' own stake in the topic, and opposed interests end work (off: neither) [fact 9]", "HHS2016; RIVM2010")
    small_win_effects: bool = switch("small wins raise members' trust, awareness, loyalty record and political support (off: counted, no effect) [fact 10]", "AIG2016; ABD2024")
    fragile_structure: bool = switch("work ends when project money ends without follow-up, or its coordinator leaves and nobody takes over (off: neither ends work) [fact 11]", "AIG2016; REG2021")
    trust_from_contact: bool = switch("trust between officials grows with each contact (off: trust moves only by small wins, breaches and decay) [fact 12]", "AIG2016")
    physical_filter: bool = switch("physical sectors start less aware and filter proposals on relevance, necessity and urgency (off: every field as the social one) [fact 13]", "RIVM2010")
    trust_in_decisions: bool = switch("trust in the proposer weighs in a partner's decision (off: it does not) [fact 14]", "RIVM2010 (good relations 92 %)")
    capacity_binds: bool = switch("joint work draws its members' staff time by level; an organisation over its capacity slows all its joint work and drops some of it (off: load only weighs in decisions and proposals) [fact 16]", "ABD2024; RIVM2010 (lack of resources 63 %)")
    trust_before_depth: bool = switch("a deeper level is asked for only when trust warrants it (off: as soon as the strategy's target allows) [fact 15]", "RIVM2010; HHS2016")
    programme_mandate: bool = switch("a programme ministry's mandate adds cover, steering and urgency on its topics, and its portfolio to the holder's focus, while the ministry (or a successor lever) holds it (off: a mandate adds nothing) [fact 11]", "HHS2016")

    def off(self) -> list[str]:
        """The switched-off mechanisms, in declaration order."""
        return [name for name, on in self.model_dump().items() if not on]


# ----------------------------------------------------------------------------------------- scenario
class Scenario(Strict):
    """A complete, validated scenario."""

    name: Annotated[str, AfterValidator(check_safe_name)] = param(
        "scenario", "short name, used for result folders: letters, digits, '_', '-', '.' (at most 100)", unit="text")
    description: str = param("", "what the scenario represents", unit="text")
    sources: list[str] = Field(default_factory=list, description="source keys the scenario draws on", json_schema_extra={"unit": "keys", "source": ""})
    start: Month = param("2025-01", "first simulated month", unit="YYYY-MM")
    end: Month = param("2040-12", "last simulated month (horizon)", unit="YYYY-MM", source="ABD2024 ('healthy generation 2040')")
    seed: int = param(1, "default random seed", unit="integer", ge=0, le=SEED_MAX)
    replicates: int = param(10, "replicates 'hiap-sim run' runs when --replicates is not given (seeds derived from the seed); the summary and plots show their mean and 5-95 % band", unit="runs", ge=1, le=1000)
    urgency: float = param(1.0, "headline knob: scales every department's base urgency", unit="factor", ge=0, le=3)
    trust: float = param(1.0, "headline knob: scales institutional baseline trust", unit="factor", ge=0, le=3)
    budget: float = param(1.0, "headline knob: scales every budget for joint work", unit="factor", ge=0, le=5)
    political_commitment: float = param(1.0, "headline knob: scales ministers' commitment", unit="factor", ge=0, le=3)
    departments: dict[str, Department] = Field(default_factory=dict, description="ministries by code (defaults per known code)", json_schema_extra={"unit": "", "source": "HHS2016 annex 1"})
    topics: dict[str, Topic] = Field(default_factory=dict, description="determinant topics by name", json_schema_extra={"unit": "", "source": "ABD2024"})
    politics: Politics = Field(default_factory=Politics, description="political cycle", json_schema_extra={"unit": "", "source": ""})
    crises: Crises = Field(default_factory=Crises, description="crises", json_schema_extra={"unit": "", "source": ""})
    budget_cuts: list[BudgetCut] = Field(default_factory=list, description="budget cuts", json_schema_extra={"unit": "", "source": "ABD2024"})
    reorganisations: list[Reorganisation] = Field(default_factory=list, description="ministries merged or abolished", json_schema_extra={"unit": "", "source": "HHS2016"})
    levers: Levers = Field(default_factory=Levers, description="structural levers", json_schema_extra={"unit": "", "source": ""})
    pledges: Pledges = Field(default_factory=Pledges, description="society partners (pledges)", json_schema_extra={"unit": "", "source": "AIG2016"})
    parameters: Parameters = Field(default_factory=Parameters, description="behavioural parameters", json_schema_extra={"unit": "", "source": ""})
    mechanisms: Mechanisms = Field(default_factory=Mechanisms, description="mechanism switches, for validation only (knockouts): leave on in policy runs", json_schema_extra={"unit": "", "source": ""})
    game: GameSettings = Field(default_factory=GameSettings, description="training game on this scenario: turns, action costs, score", json_schema_extra={"unit": "", "source": ""})
    initial: InitialState = Field(default_factory=InitialState, description="relations and joint work at the start (a warm start); empty = the empty world of a cold start", json_schema_extra={"unit": "", "source": "ABD2024; HHS2016"})
    # municipal level (spec 2.3, 4.9); absent or disabled = national level only
    municipalities: Municipalities = Field(default_factory=lambda: Municipalities(), description="municipalities (optional)", json_schema_extra={"unit": "", "source": "RIVM2010"})

    @property
    def months(self) -> int:
        """Number of simulated months from start to end inclusive."""
        return month_index(self.start, self.end) + 1

    @property
    def coordinator(self) -> str:
        """Code of the coordinating department."""
        return next(code for code, d in self.departments.items() if d.is_coordinator)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        from hiap_sim.scenario.checks import cross_field_problems

        problems = cross_field_problems(self._cross_field_view())
        if problems:
            raise ValueError("\n".join(".".join(str(p) for p in loc) + ": " + message for loc, message in problems))
        return self

    def _cross_field_view(self) -> dict:
        """The fields the checks across fields read, as a plain mapping (cheaper than a full dump)."""
        m = self.municipalities
        return {
            "start": self.start, "end": self.end,
            "departments": {code: {"is_coordinator": d.is_coordinator, "staff": d.staff.model_dump(), "active_from": d.active_from,
                                   "active_until": d.active_until, "strategy": {"focus_topics": list(d.strategy.focus_topics)},
                                   "mandate": {"topics": list(d.mandate.topics)}}
                            for code, d in self.departments.items()},
            "topics": dict.fromkeys(self.topics),
            "crises": {"scheduled": [{"departments": list(c.departments)} for c in self.crises.scheduled]},
            "budget_cuts": [{"departments": list(c.departments)} for c in self.budget_cuts],
            "levers": {"working_group": {"members": list(self.levers.working_group.members)}},
            "reorganisations": [{"date": r.date, "moves": dict(r.moves)} for r in self.reorganisations],
            "municipalities": {"priority_topics": dict(m.priority_topics), "strategy": {"focus_topics": list(m.strategy.focus_topics)},
                               "grants": [{"topics": list(g.topics)} for g in m.grants]},
            "pledges": {"enabled": self.pledges.enabled, "partners": self.pledges.partners, "volunteers_per_partner": self.pledges.volunteers_per_partner},
            "initial": self.initial.model_dump(include={"relations": {"__all__": {"between"}}, "joint_work": {"__all__": {"topic", "lead", "partners", "funding", "months_left"}}}),
        }


# The municipal block builds on the parameter classes above (imported last to avoid a circular import).

Scenario.model_rebuild()
