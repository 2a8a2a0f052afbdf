"""Each submodel's rule, in isolation: the effect has the direction the spec states."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hiap_sim.mechanisms import health, politics, proposals, trust, urgency, work
from hiap_sim.mechanisms.decisions import DecisionInput, decide, partner_value
from hiap_sim.scenario.schema import DecisionParams, Politics, TrustParams, WorkParams

D = DecisionParams()
W = WorkParams()
T = TrustParams()


def decision_input(**change) -> DecisionInput:
    base = dict(fit=0.5, hfap=False, trust=0.4, urgency=0.4, commitment=0.5, evidence=0.0, level=2, load=0.3,
                budget_pressure=0.0, budget_short=0.0, autonomy=0.5, silo=0.4)
    base.update(change)
    return DecisionInput(**base)


def acceptance_rate(x: DecisionInput, n: int = 4000) -> float:
    uniforms = np.random.default_rng(0).random(n)
    return float(np.mean([decide(x, D, u).accept for u in uniforms]))


# 4.4 partner decision ------------------------------------------------------------------------------
def test_hfap_framing_raises_acceptance():
    hiap = acceptance_rate(decision_input(hfap=False))
    hfap = acceptance_rate(decision_input(hfap=True))
    assert hfap > hiap + 0.1


def test_costs_rise_steeply_with_level():
    values = [partner_value(decision_input(level=level), D)[0] for level in (2, 3, 4)]
    assert values[0] > values[1] > values[2]
    assert (values[1] - values[2]) > (values[0] - values[1])  # steeper at the top [ABD2024 6.1]
    # each of the three costs rises with level on its own: the staff time per unit of load, the price of a budget
    # shortfall and the autonomy given up
    for change in ({"load": 0.8}, {"budget_short": 0.5}, {"autonomy": 1.0}):
        costs = [partner_value(decision_input(level=level), D)[0] - partner_value(decision_input(level=level, **change), D)[0]
                 for level in (2, 3, 4)]
        assert costs[0] > 0 and costs[1] > costs[0] + 0.01 and costs[2] > costs[1] + 0.01, change


def test_default_scarcity_response_retreats_and_opposite_spurs():
    cut = decision_input(budget_pressure=0.5)
    assert partner_value(cut, D)[0] < partner_value(decision_input(), D)[0]
    spur = D.model_copy(update={"scarcity_response": 1.0})
    assert partner_value(cut, spur)[0] > partner_value(decision_input(), spur)[0]


def test_political_cover_trust_evidence_and_levers_raise_value():
    base = partner_value(decision_input(), D)[0]
    assert partner_value(decision_input(commitment=0.9), D)[0] > base
    assert partner_value(decision_input(trust=0.8), D)[0] > base
    assert partner_value(decision_input(evidence=1.0), D)[0] > base
    assert partner_value(decision_input(lever_value=0.5), D)[0] > base


def test_urgency_and_accountability_relief_raise_value_silo_and_autonomy_lower_it():
    base = partner_value(decision_input(), D)[0]
    assert partner_value(decision_input(urgency=0.9), D)[0] > base
    assert partner_value(decision_input(accountability_relief=1.0), D)[0] > base  # a coordinating minister lifts the tax
    assert partner_value(decision_input(silo=0.9), D)[0] < base
    assert partner_value(decision_input(autonomy=0.9), D)[0] < base


def test_every_decline_has_a_reason_and_the_reason_names_the_weak_spot():
    no_fit = decide(decision_input(fit=0.0), D, 0.999)
    assert not no_fit.accept and no_fit.reason == "no_fit"
    distrust = decide(decision_input(fit=0.9, trust=0.0), D, 0.999)
    assert not distrust.accept and distrust.reason == "low_trust"
    full = decide(decision_input(load=1.2), D, 0.0)
    assert not full.accept and full.reason == "no_capacity"
    assert decide(decision_input(), D, 0.0).reason == ""
    # the fit is judged as the frame presents it: a middling fit that holds HiaP back is no longer the weak spot under HfaP
    middling = {"fit": 0.45, "trust": 0.6}
    assert decide(decision_input(**middling), D, 0.999).reason == "no_fit"
    assert decide(decision_input(hfap=True, **middling), D, 0.999).reason not in ("", "no_fit")


# 4.3 proposals ---------------------------------------------------------------------------------------
def proposal(**change) -> float:
    args = dict(base=0.06, awareness=np.array([0.6]), urgency=np.array([0.5]), fit=np.array([0.8]), trust=np.array([0.4]),
                rank_factor=np.array([1.0]), orientation=np.array([0.2]), commitment=np.array([0.5]), scarcity=np.array([1.0]),
                capacity_free=np.array([1.0]), kind_factor=1.0)
    args.update(change)
    return float(proposals.proposal_probability(**args)[0])


def test_higher_rank_lowers_proposal_rate():
    officer = proposal(rank_factor=np.array([1.0]), orientation=np.array([0.2]))
    dg = proposal(rank_factor=np.array([0.2]), orientation=np.array([0.8]))
    assert dg < officer
    # rank on its own, with the same orientation to the minister (even under full commitment)
    for commitment in (0.5, 1.0):
        same = {"orientation": np.array([0.8]), "commitment": np.array([commitment])}
        assert proposal(rank_factor=np.array([0.2]), **same) < proposal(rank_factor=np.array([1.0]), **same)


def test_higher_ranks_look_more_to_the_minister():
    def gain(orientation):
        low = proposal(orientation=np.array([orientation]), commitment=np.array([0.1]))
        high = proposal(orientation=np.array([orientation]), commitment=np.array([0.9]))
        return high / low
    assert gain(0.8) > gain(0.2)


def test_steering_group_contacts_pacify():
    assert proposal(kind_factor=0.3) < proposal(kind_factor=1.0)


def test_awareness_urgency_fit_trust_raise_proposals():
    base = proposal()
    for key, value in [("awareness", 0.9), ("urgency", 0.9), ("fit", 1.0), ("trust", 0.8)]:
        assert proposal(**{key: np.array([value])}) > base, key


def test_scarcity_factor_direction():
    pressure = np.array([0.5])
    assert proposals.scarcity_factor(pressure, -1.0, 1.0)[0] < 1.0
    assert proposals.scarcity_factor(pressure, 1.0, 1.0)[0] > 1.0
    # one organisation's Python number takes the same rule
    assert proposals.scarcity_factor(0.5, -1.0, 1.0) < 1.0 < proposals.scarcity_factor(0.5, 1.0, 1.0)
    assert proposals.scarcity_factor(0.5, -1.0, 1.0) == pytest.approx(proposals.scarcity_factor(pressure, -1.0, 1.0)[0])


# 4.2 trust --------------------------------------------------------------------------------------------
def one_pair(value: float = 0.4):
    t = np.array([[0.0, value], [value, 0.0]])
    base = np.array([[0.0, 0.3], [0.3, 0.0]])
    return t, base


def meet(t, base, k=1, factor=(1.0, 1.0), decay=T.decay_per_month):
    trust.update_trust(t, np.array([0]), np.array([1]), np.array([k]), base, T.contact_step, np.array(factor), decay)


def test_contact_raises_trust_more_when_partner_loyal():
    t1, base = one_pair()
    meet(t1, base, factor=trust.loyalty_factor(np.array([0.5, 0.5]), T.loyalty_weight))
    t2, _ = one_pair()
    meet(t2, base, factor=trust.loyalty_factor(np.array([0.5, 0.9]), T.loyalty_weight))
    assert t1[0, 1] > 0.4
    assert t2[0, 1] > t1[0, 1]


def test_broken_commitment_lowers_trust_more_than_a_contact_raises_it():
    t, base = one_pair(0.5)
    meet(t, base)
    gain = t[0, 1] - 0.5
    t2, _ = one_pair(0.5)
    trust.breach(t2, np.array([0]), np.array([1]), T.breach_step)
    loss = 0.5 - t2[0, 1]
    assert gain > 0 and loss > 5 * gain
    assert loss == pytest.approx(T.breach_step * 0.5)  # trust falls by the breach share of its value
    t3, _ = one_pair(0.8)
    trust.breach(t3, np.array([0]), np.array([1]), T.breach_step)
    assert 0.8 - t3[0, 1] == pytest.approx(T.breach_step * 0.8)
    assert t2[1, 0] == 0.5  # the breaker's own trust in the victim is untouched


def test_no_contact_decays_to_baseline():
    t, base = one_pair(0.8)
    for _ in range(400):
        trust.update_trust(t, np.array([], dtype=int), np.array([], dtype=int), np.array([], dtype=int), base, T.contact_step, np.ones(2), T.decay_per_month)
    assert t[0, 1] == pytest.approx(0.3, abs=1e-3)
    t, base = one_pair(0.1)
    for _ in range(400):
        trust.update_trust(t, np.array([], dtype=int), np.array([], dtype=int), np.array([], dtype=int), base, T.contact_step, np.ones(2), T.decay_per_month)
    assert t[0, 1] == pytest.approx(0.3, abs=1e-3)


def test_sustained_joint_work_reaches_solid_trust_in_years_not_months():
    """Time scale [AIG2016]: from the baseline 0.3, one joint-work meeting a month reaches solid trust (0.7)
    in three to ten years of contact alone; an optional cap (``max_meetings_counted``) stops more frequent
    meetings from rushing trust. The system-level calibration
    (first solid tie after 5-10 years in national_2025) is the pattern experiment 'time_scale'."""

    def months_to_solid(meetings_per_month: int) -> int:
        t, base = one_pair(0.3)
        for month in range(1, 400):  # noqa: B007 (month is returned after the loop)
            trust.update_trust(t, np.array([0]), np.array([1]), np.array([meetings_per_month]), base, T.contact_step,
                               np.ones(2), T.decay_per_month, max_meetings=T.max_meetings_counted or None)
            if t[0, 1] >= T.solid:
                break
        return month

    assert 36 <= months_to_solid(1) <= 120
    assert months_to_solid(10) < months_to_solid(2)  # by default every meeting counts
    capped = T.model_copy(update={"max_meetings_counted": 2})

    def capped_months(meetings_per_month: int) -> int:
        t, base = one_pair(0.3)
        for month in range(1, 400):  # noqa: B007
            trust.update_trust(t, np.array([0]), np.array([1]), np.array([meetings_per_month]), base, capped.contact_step,
                               np.ones(2), capped.decay_per_month, max_meetings=capped.max_meetings_counted)
            if t[0, 1] >= capped.solid:
                break
        return month

    assert capped_months(10) == capped_months(2)  # with a cap, meeting more often does not rush trust
    assert capped_months(10) == months_to_solid(2)  # the cap counts as many meetings as it allows, no fewer


def test_small_win_raises_members_trust():
    t = np.full((3, 3), 0.4)
    np.fill_diagonal(t, 0)
    before = trust.mean_trust_among(t, [0, 1, 2])
    trust.boost(t, np.array([0, 1, 2]), W.small_win_trust)
    assert trust.mean_trust_among(t, [0, 1, 2]) > before
    # every tie among the members moves the small-win share of the way to 1, in small teams and large ones alike;
    # nobody else's trust changes
    for team in (3, 10):
        t = np.full((team + 2, team + 2), 0.4)
        np.fill_diagonal(t, 0)
        before = t.copy()
        trust.boost(t, np.arange(team), W.small_win_trust)
        ties = np.zeros_like(t, dtype=bool)
        ties[:team, :team] = ~np.eye(team, dtype=bool)
        assert np.allclose(t[ties], 0.4 + W.small_win_trust * 0.6), team
        assert (t[~ties] == before[~ties]).all(), team


def test_organisation_trust_is_mean_of_member_ties():
    t = np.array([[0, 0.5, 0.2], [0.5, 0, 0.4], [0.2, 0.4, 0]])
    onehot = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    counts = onehot.sum(axis=0)
    pairs = np.outer(counts, counts) - np.diag(counts)
    out, sums = trust.organisation_trust(onehot, t, pairs)
    assert sums[0, 1] == pytest.approx(0.6)
    assert out[0, 1] == pytest.approx((0.2 + 0.4) / 2)
    assert out[0, 0] == pytest.approx(0.5)
    # both directions count: organisation trust is symmetric even where the officials' ties are not
    t = np.array([[0, 0.5, 0.2], [0.5, 0, 0.4], [0.8, 0.0, 0]])
    out, _ = trust.organisation_trust(onehot, t, pairs)
    assert out[0, 1] == pytest.approx(out[1, 0]) == pytest.approx((0.2 + 0.4 + 0.8 + 0.0) / 4)


def test_institutional_learning_moves_baseline_towards_strongest_tie():
    base = np.array([[0.5, 0.3], [0.3, 0.5]])
    trust.institutional_learning(base, np.array([[0.0, 0.8], [0.8, 0.0]]), 0.1)
    assert base[0, 1] == pytest.approx(0.35)
    assert base[0, 0] == 0.5


# 4.1 urgency -------------------------------------------------------------------------------------------
def test_economic_crisis_lowers_urgency_and_other_crises_raise_it():
    base = np.array([0.4, 0.4])
    calm = urgency.department_urgency(base, 0.0, 0.25, np.zeros(2), 0.0, 0.5)
    economic = urgency.department_urgency(base, 0.0, 0.25, np.zeros(2), 0.6, 0.5)
    shock = urgency.department_urgency(base, 0.0, 0.25, np.array([0.3, 0.0]), 0.0, 0.5)
    narrative = urgency.department_urgency(base, 1.0, 0.25, np.zeros(2), 0.0, 0.5)
    assert (economic < calm).all()
    assert shock[0] > calm[0] and shock[1] == calm[1]
    assert (narrative > calm).all()


def test_crisis_shock_halves_each_half_life():
    assert urgency.shock_remaining(0.4, 18, 18) == pytest.approx(0.2)
    assert urgency.shock_remaining(0.4, 0, 18) == pytest.approx(0.4)


# 4.5-4.6 ladder and work -----------------------------------------------------------------------------
def test_integration_on_low_interdependence_topic_costs_more_than_it_yields():
    """Escalating 2 -> 4 on a topic that needs cooperation only: no extra yield, more cost, slower work."""
    gain_2 = work.health_value(0.6, 2, 2, 1.0, 0.05)
    gain_4 = work.health_value(0.6, 4, 2, 1.0, 0.05)
    extra_yield = gain_4 - gain_2
    extra_cost = (W.fte_cost[4] - W.fte_cost[2]) + (W.budget_cost[4] - W.budget_cost[2])
    assert extra_yield <= 0 < extra_cost
    assert work.progress_rate(W, "area", 4, 2, 0.6, 0.5, 1.0) < work.progress_rate(W, "area", 2, 2, 0.6, 0.5, 1.0)
    # the same level goes slower where it exceeds what the topic needs (formality above need)
    assert work.progress_rate(W, "area", 4, 2, 0.6, 0.5, 1.0) < work.progress_rate(W, "area", 4, 4, 0.6, 0.5, 1.0)
    # where the topic needs integration, integration does yield more
    assert work.health_value(0.6, 4, 4, 1.0, 0.05) > work.health_value(0.6, 2, 4, 1.0, 0.05)


def test_capacity_binds_progress_falls_with_load_beyond_capacity():
    """Within capacity nothing changes; beyond it each piece of work gets its share of the staff time [ABD2024]."""
    loads = np.array([0.2, 1.0, 1.5, 2.0, 4.0])
    factor = work.overload_factor(loads, W.overload_slowdown)
    assert factor[0] == factor[1] == 1.0
    assert np.all(np.diff(factor[1:]) < 0)
    assert factor[3] == pytest.approx(0.5)  # twice the load, half the time (slowdown 1)
    assert np.all(work.overload_factor(loads, 0.0) == 1.0)  # the knockout's neutral value


def test_overloaded_members_drop_work_more_often_the_more_they_carry():
    chance = work.overload_drop_probability(np.array([0.5, 1.0, 1.5, 3.0]), W.overload_drop_per_month)
    assert chance[0] == chance[1] == 0.0 < chance[2] < chance[3] <= W.overload_drop_per_month
    # the share of its commitments it cannot staff: half of them at twice the load, two thirds at three times
    assert chance[3] == pytest.approx(W.overload_drop_per_month * 2 / 3)
    assert work.overload_drop_probability(2.0, 0.1) == pytest.approx(0.05)


def test_escalating_ahead_of_trust_turns_into_formality():
    assert work.runs_ahead_of_trust(3, 0.35, W) and not work.runs_ahead_of_trust(3, 0.6, W)
    assert not work.runs_ahead_of_trust(2, 0.1, W)  # cooperation needs no formal trust level
    assert work.level_fit(3, 3, W, formality=True) < work.level_fit(3, 3, W, formality=False)
    # each formal level asks its own trust: what suffices for coordination runs ahead at integration
    between = (W.trust_required[3] + W.trust_required[4]) / 2
    assert not work.runs_ahead_of_trust(3, between, W) and work.runs_ahead_of_trust(4, between, W)
    assert work.runs_ahead_of_trust(3, W.trust_required[3] - 0.01, W) and not work.runs_ahead_of_trust(3, W.trust_required[3], W)
    # formality costs the formality penalty of the speed
    assert work.level_fit(3, 3, W, formality=True) == pytest.approx((1 - W.formality_penalty) * work.level_fit(3, 3, W, formality=False))


def test_without_parallel_interests_work_slows():
    shared = work.progress_rate(W, "area", 2, 2, 0.5, 0.5, 1.0, interest=0.9)
    none = work.progress_rate(W, "area", 2, 2, 0.5, 0.5, 1.0, interest=0.1)
    assert none < 0.6 * shared


def test_political_cover_trust_and_resources_speed_progress():
    base = work.progress_rate(W, "area", 2, 3, 0.4, 0.3, 1.0)
    assert work.progress_rate(W, "area", 2, 3, 0.4, 0.9, 1.0) > base
    assert work.progress_rate(W, "area", 2, 3, 0.7, 0.3, 1.0) > base
    assert work.progress_rate(W, "area", 2, 3, 0.4, 0.3, 0.5) < base


def test_approaches_trade_speed_for_payoff():
    assert W.approach_speed["small_wins"] > W.approach_speed["area"] > W.approach_speed["system"]
    assert W.approach_payoff["system"] > W.approach_payoff["area"] > W.approach_payoff["small_wins"]
    rate = work.progress_rate(W, "area", 2, 2, 0.5, 0.5, 1.0)
    assert work.small_win_probability(W, "small_wins", rate) > work.small_win_probability(W, "system", rate)
    assert work.small_win_probability(W, "area", 0.5 * rate) < work.small_win_probability(W, "area", rate)  # and with progress speed


def test_phases_follow_progress():
    assert [work.phase_for(p, 3) for p in (0.1, 0.3, 0.6, 0.8, 1.0)] == ["preparing", "building", "formalised", "implementing", "completed"]
    assert work.phase_for(0.6, 2) == "building"
    # the bounds of ODD 4.6: preparing < 0.2 <= building < 0.5 <= formalised < 0.75 <= implementing < 1 <= completed
    bounds = (0.0, 0.1999, 0.2, 0.4999, 0.5, 0.7499, 0.75, 0.9999, 1.0)
    assert [work.phase_for(p, 3) for p in bounds] == ["preparing", "preparing", "building", "building", "formalised", "formalised",
                                                       "implementing", "implementing", "completed"]


def test_the_rules_for_many_initiatives_at_once_are_the_scalar_rules():
    """The monthly step applies the array forms (``progress_rates``, ``small_win_probabilities``, ``phases_for``):
    they give the scalar rules' values, so the direction tests above hold for the rules the model runs."""
    rng = np.random.default_rng(1)
    n = 400
    approaches = rng.integers(0, 3, n)
    levels = rng.integers(2, 5, n)
    interdependence = rng.integers(2, 5, n)
    trust_, cover, resources, interest = rng.random(n), rng.random(n), 0.3 + rng.random(n), rng.random(n)
    formality = rng.random(n) < 0.3
    names = [work.APPROACH_ORDER[a] for a in approaches]
    expected = np.array([work.progress_rate(W, names[k], int(levels[k]), int(interdependence[k]), trust_[k], cover[k], resources[k],
                                            interest[k], bool(formality[k])) for k in range(n)])
    args = (W, approaches, levels, interdependence, trust_, cover, resources, interest, formality)
    assert np.allclose(work.progress_rates(*args), expected)
    assert np.allclose(work.progress_rates(*args, fit_table=work.level_fit_table(W, 4)), expected)
    wins = np.array([work.small_win_probability(W, names[k], expected[k]) for k in range(n)])
    assert np.allclose(work.small_win_probabilities(W, approaches, expected), wins)
    progress = np.concatenate([rng.random(n), [0.0, 0.2, 0.5, 0.75, 1.0] * 2])
    phase_levels = np.concatenate([levels, [2] * 5 + [3] * 5])
    phases = [work.PHASE_ORDER[k] for k in work.phases_for(progress, phase_levels)]
    assert phases == [work.phase_for(p, int(level)) for p, level in zip(progress, phase_levels, strict=True)]


# 4.7 politics, 4.10 health ------------------------------------------------------------------------------
def test_commitment_redraw_follows_stance_and_knob():
    p = Politics(coalition_stance_sd=0.0, minister_sd=0.0, health_in_agreement=False)
    draws = politics.draw_commitments(np.random.default_rng(0), 5, p, 1.0)
    assert np.allclose(draws, p.coalition_stance_mean)
    assert np.allclose(politics.draw_commitments(np.random.default_rng(0), 5, p, 0.5), p.coalition_stance_mean * 0.5)
    assert politics.reneges(0.7, 0.3, 0.15) and not politics.reneges(0.5, 0.45, 0.15)
    assert not politics.reneges(0.9, 0.6, 0.15)  # a sharp fall that leaves the minister committed
    assert not politics.reneges(0.35, 0.3, 0.15)  # low, but no sharp fall


def test_agenda_power_needs_the_cabinets_goodwill():
    assert politics.agenda_power(1.0, 1.0, 0.8) > politics.agenda_power(1.0, 0.3, 0.8) > politics.agenda_power(1.0, 0.0, 0.8) == 0.0
    assert politics.agenda_power(0.5, 1.0, 0.8) < politics.agenda_power(1.0, 1.0, 0.8)


def test_gap_closes_with_arrived_effects_but_never_below_zero():
    assert health.gap_years(15, 0.0) == 15
    assert health.gap_years(15, 0.5) < 15
    assert health.gap_years(15, 50) >= 0
    # effects combine multiplicatively: each closes its share of what is left, 1 - exp(-effect)
    assert health.gap_years(15, 0.5) == pytest.approx(15 * math.exp(-0.5))
    assert health.gap_years(15, 0.5 + 0.3) == pytest.approx(health.gap_years(health.gap_years(15, 0.5), 0.3))


def test_contact_partners_are_drawn_from_the_right_people():
    from hiap_sim.mechanisms import contacts

    org = np.array([0, 0, 0, 1, 1, 2])
    active = np.array([True, True, True, True, False, True])
    structure = contacts.ContactStructure(org, active)
    rng = np.random.default_rng(0)
    starters = np.repeat(np.flatnonzero(active), 400)
    colleagues = contacts.pick_colleagues(rng, starters[org[starters] == 0], structure)
    assert set(colleagues) == {0, 1, 2} and (colleagues != starters[org[starters] == 0]).all()
    strangers = contacts.pick_strangers(rng, starters, structure)
    assert (org[strangers] != org[starters]).all() and 4 not in set(strangers)
    assert set(strangers[starters == 0]) == {3, 5}
    trust_matrix = np.full((6, 6), 0.3)
    trust_matrix[0, 5] = 0.9
    baseline = np.full((6, 6), 0.3)
    counts = np.zeros(6, dtype=int)
    counts[0] = 2000
    starters = contacts.pairs_from_starts(counts)
    chosen = contacts.deliberate_partners(rng, starters, structure, trust_matrix, baseline, np.ones((6, 6)), 3.0)
    assert (starters == 0).all() and set(chosen) == {3, 5}
    assert (chosen == 5).mean() > 0.6  # pulled towards the trusted partner


def test_open_crisis_window_steers_the_choice_of_topic():
    candidates = np.array([0, 1])
    fits = np.array([0.6, 0.5])
    potential = np.array([0.5, 0.5])
    picks_without = [proposals.choose_topic(np.random.default_rng(s), candidates, fits, fits, potential) for s in range(200)]
    window = np.array([1.0, 2.0])
    picks_with = [proposals.choose_topic(np.random.default_rng(s), candidates, fits, fits, potential, window) for s in range(200)]
    assert np.mean(picks_with) > np.mean(picks_without) + 0.5


def test_boundary_spanners_meet_more_people_across_the_boundary():
    """4.2: every official starts the same number of contacts with colleagues; across the boundary ``0.5 + boundary
    spanning`` times as many, a ``chance_share`` of them by chance [HHS2016 SF1] and the rest deliberately."""
    from hiap_sim.mechanisms import contacts

    org = np.repeat([0, 1, 2], 10)
    structure = contacts.ContactStructure(org, np.ones(30, dtype=bool))
    spanning = np.where(np.arange(30) % 2 == 0, 0.9, 0.1)
    trust_matrix = np.full((30, 30), 0.3)
    rng = np.random.default_rng(0)
    counts = np.zeros((3, 30))
    for _ in range(50):
        kinds = contacts.month_contacts(rng, np.full(30, 20.0), spanning, structure, structure, 0.5, 0.3, trust_matrix, trust_matrix.copy(),
                                        structure.cross.copy(), 3.0)
        for k, (starters, partners) in enumerate(kinds):
            counts[k] += np.bincount(starters, minlength=30)
            assert (org[partners] == org[starters]).all() if k == 0 else (org[partners] != org[starters]).all()
    within, cross = counts[0], counts[1] + counts[2]
    spanner = spanning == 0.9
    assert cross[spanner].mean() > 2 * cross[~spanner].mean()  # (0.5 + 0.9) / (0.5 + 0.1) = 2.3
    assert within[spanner].mean() == pytest.approx(within[~spanner].mean(), rel=0.1)
    assert counts[1].sum() / cross.sum() == pytest.approx(0.3, abs=0.03)
