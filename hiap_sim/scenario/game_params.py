"""Scenario blocks for deliberate actions and for training games.

``parameters.actions`` holds what the model needs to carry out a deliberate choice of an organisation
(invest in a relationship, seek political cover, publicise a small win, commission evidence, lobby for a
structural lever, reinforce joint work). The model offers these as public methods so that a game, an
experiment or a policy script all use the same mechanics.

``game`` holds the settings of a training game on this scenario: turn length, number of turns, what each
player action costs in staff time and money, and the weights of the score.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from hiap_sim.scenario.fields import Strict, param, share


class ActionParams(Strict):
    """Deliberate actions of an organisation (games, policy experiments)."""

    ROLE = "behavioural"

    relation_meetings_per_month: float = param(
        4.0, "bilateral meetings per month per pair of officials while an organisation invests in a relationship",
        unit="meetings / month", ge=0, le=30, source="HHS2016 (informal bilateral contacts); assumption (about weekly)", plausible=(2.0, 6.0), evidence="assumption: investing in a relationship means informal bilateral contact [HHS2016] about weekly: two to six meetings a month",
    )
    relation_officials: int = param(3, "officials of the investing organisation who each keep up one bilateral tie", unit="officials", ge=1, le=20, plausible=(1, 5), evidence="assumption: a department puts one to five officials on one relationship")
    relation_bilateral_per_month: float = param(
        0.5, "regular bilaterals a month between the officials of the investing organisation and the partner while it invests in the relationship (each pair of them a contact)",
        unit="meetings / month", ge=0, le=4, source="HHS2016 #12; AIG2016 (5-10 years to solid relations); assumption", plausible=(0.33, 1.0),
        evidence="assumption: a regular bilateral between two ministries' teams meets monthly to quarterly (the working group 'Impact op Gezondheid' meets every 3 months [ABD2024]); "
                 "with it, relations kept up without a break reach solid trust between the organisations (the mean of all their officials' ties) "
                 "in about 5-10 years [AIG2016, evidence.md §1 fact 12] (ODD 7, measured in docs/validation/provenance.md)",
    )
    cover_success_base: float = share(0.3, "chance that the minister gives visible backing when asked, at zero urgency", source="HHS2016 SF6", plausible=(0.1, 0.5), evidence="assumption: a minister backs what is not urgent now and then [HHS2016 SF6], no rate")
    cover_success_urgency: float = share(0.6, "chance added at full urgency: ministers back what is urgent", source="HHS2016 SF6; ABD2024", plausible=(0.4, 0.7), evidence="assumption: ministers back what is urgent [HHS2016 SF6; ABD2024], no rate; with the base it stays at most about 1")
    cover_gain: float = share(0.25, "share of the distance to full commitment a minister moves when giving cover", source="HHS2016 SF6", plausible=(0.1, 0.4), evidence="assumption: visible backing moves commitment part of the way [HHS2016 SF6], no size")
    cover_spillover: float = share(0.3, "share of that gain passed to ministers of partners in the organisation's joint work (council of ministers)", plausible=(0.1, 0.5), evidence="assumption: partners' ministers follow through the council of ministers, less than the one asked")
    publicity_commitment: float = share(0.02, "commitment gained by members' ministers per publicised small win (visibility, the flywheel)", source="AIG2016; ABD2024", plausible=(0.01, 0.04), evidence="assumption: visibility of small wins feeds political support [AIG2016; ABD2024], no size; of the order of small_win_commitment")
    publicity_awareness: float = share(0.02, "awareness gained by members' officials per publicised small win", source="AIG2016", plausible=(0.01, 0.04), evidence="assumption: visibility raises awareness [AIG2016], no size")
    publicity_max_wins: int = param(3, "small wins one publicity effort can show", unit="wins", ge=1, le=20, plausible=(1, 5), evidence="assumption: one publicity effort can show a few results")
    evidence_delay_months: int = param(6, "months a commissioned social cost-benefit analysis takes before it counts", unit="months", ge=0, le=36, source="ABD2024 5.3; assumption", plausible=(3, 12), evidence="assumption: a social cost-benefit analysis [ABD2024 5.3] takes a few months to a year; the source gives no duration")
    lever_adoption_weight: float = share(0.8, "chance the cabinet adopts a proposed structural lever = weight x mean ministerial commitment", source="ABD2024 5.6 ('gunfactor')", plausible=(0.5, 1.0), evidence="assumption: a cabinet adopts a structural lever by its goodwill ('gunfactor' [ABD2024 5.6]), no rate")
    lever_delay_months: int = param(3, "months from adoption of a structural lever to its start", unit="months", ge=0, le=24, plausible=(1, 6), evidence="assumption: a lever takes one to six months from adoption to start")
    reinforce_bonus: float = param(0.5, "relative progress added while an initiative gets extra staff and money", unit="factor", ge=0, le=3, plausible=(0.25, 1.0), evidence="assumption: extra staff and money speed work by a quarter to double")


class ActionCost(Strict):
    """What one player action takes from the player's organisation for the coming turn."""

    fte: float = param(0.5, "staff time reserved for the coming turn", unit="FTE", ge=0, le=50)
    budget: float = param(0.0, "money reserved for the coming turn", unit="M EUR / year", ge=0, le=100)


def _costs() -> dict[str, ActionCost]:
    # assumption: preparing a proposal or keeping up a relationship takes about half an FTE for half a year
    return {
        "invest_relation": ActionCost(fte=0.5),
        "propose": ActionCost(fte=0.5),
        "seize_window": ActionCost(fte=0.25),
        "reinforce": ActionCost(fte=1.0, budget=0.3),
        "escalate": ActionCost(fte=0.25),
        "scale_down": ActionCost(fte=0.0),
        "end": ActionCost(fte=0.0),
        "invite": ActionCost(fte=0.25),
        "commission_evidence": ActionCost(fte=0.25, budget=0.5),
        "shared_narrative": ActionCost(fte=1.0, budget=0.3),
        "political_cover": ActionCost(fte=0.25),
        "publicise": ActionCost(fte=0.25, budget=0.05),
        "propose_lever": ActionCost(fte=0.5),
        "set_strategy": ActionCost(fte=0.0),
        "set_answer_policy": ActionCost(fte=0.0),
    }


def _municipal_costs() -> dict[str, ActionCost]:
    # assumption: municipal joint work costs 0.05-0.25 FTE a year per sector (municipalities.parameters.work.fte_cost);
    # a deliberate choice takes a comparable slice of public health's time (the officer spends ~24 of 32 hours a
    # week on local health policy [RIVM2010]); money in k EUR / year
    return {
        "invest_relation": ActionCost(fte=0.05),
        "propose": ActionCost(fte=0.05),
        "invite": ActionCost(fte=0.03),
        "reinforce": ActionCost(fte=0.1, budget=10.0),
        "escalate": ActionCost(fte=0.03),
        "scale_down": ActionCost(fte=0.0),
        "end": ActionCost(fte=0.0),
        "publicise": ActionCost(fte=0.03, budget=2.0),
        "commission_evidence": ActionCost(fte=0.05, budget=15.0),
        "political_cover": ActionCost(fte=0.02),
        "policy_note": ActionCost(fte=0.1, budget=5.0),
        "local_budget": ActionCost(fte=0.05),
        "set_strategy": ActionCost(fte=0.0),
        "set_answer_policy": ActionCost(fte=0.0),
    }


class ScoreWeights(Strict):
    """Points per unit of each outcome metric in the game score (spec section 5)."""

    health: float = param(7.0, "points per 1 % of the health gap secured (arrived or on its way from implemented work)", unit="points / %", ge=0, le=1000, source="REG2021 (target: 30 % smaller gap)")
    depth: float = param(120.0, "points for a game-long average of all department pairs doing real joint work (level 2 or more)", unit="points", ge=0, le=10000, source="ABD2024 6.1")
    trust: float = param(1000.0, "points per unit rise of mean trust across departments", unit="points", ge=0, le=100000, source="AIG2016; RIVM2010")
    small_wins: float = param(1.5, "points per small win", unit="points / win", ge=0, le=100, source="AIG2016; ABD2024 6.3")
    fte: float = param(0.5, "points deducted per FTE-year spent on joint work and actions", unit="points / FTE-year", ge=0, le=100)
    budget: float = param(0.5, "points deducted per M EUR spent on joint work and actions", unit="points / M EUR", ge=0, le=100)


class GameSettings(Strict):
    """A training game on this scenario (spec use 2; In2Action, World Climate)."""

    months_per_turn: int = param(6, "months the model runs between two rounds of decisions", unit="months", ge=1, le=24)
    turns: int = param(8, "rounds of decisions in a full game", unit="turns", ge=1, le=60)
    costs: dict[str, ActionCost] = Field(
        default_factory=_costs,
        description="staff time and money each player action takes for the coming turn",
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    municipal_costs: dict[str, ActionCost] = Field(
        default_factory=_municipal_costs,
        description="staff time of public health (FTE) and money (k EUR / year) each action of a municipal role takes for the coming turn",
        json_schema_extra={"unit": "", "source": "RIVM2010; assumption"},
    )
    score: ScoreWeights = Field(default_factory=ScoreWeights, description="weights of the game score", json_schema_extra={"unit": "", "source": ""})

    @field_validator("costs", mode="after")
    @classmethod
    def _complete_costs(cls, value: dict[str, ActionCost]) -> dict[str, ActionCost]:
        """A scenario may set the cost of some actions; the others keep their defaults."""
        defaults = _costs()
        unknown = sorted(set(value) - set(defaults))
        if unknown:
            raise ValueError(f"unknown action(s) {unknown}; known: {sorted(defaults)}")
        return {**defaults, **value}

    @field_validator("municipal_costs", mode="after")
    @classmethod
    def _complete_municipal_costs(cls, value: dict[str, ActionCost]) -> dict[str, ActionCost]:
        defaults = _municipal_costs()
        unknown = sorted(set(value) - set(defaults))
        if unknown:
            raise ValueError(f"unknown municipal action(s) {unknown}; known: {sorted(defaults)}")
        return {**defaults, **value}
