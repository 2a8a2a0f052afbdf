"""Rules the two levels share: turnover (hiap_sim/mechanisms/turnover.py), the month's contacts
(contacts.month_contacts) and the meetings of joint work (WorkTable.meetings): direction tests, and that both levels
use them."""

from __future__ import annotations

import numpy as np
import pytest

from hiap_sim.mechanisms import contacts as contact_rules
from hiap_sim.mechanisms import turnover as turnover_rules
from hiap_sim.model import HiapModel
from hiap_sim.scenario import load_scenario


def test_newcomer_boundary_is_triangular_with_the_stated_mean():
    pair = np.random.default_rng(1).random((2, 200_000))
    values = turnover_rules.newcomer_boundary(pair, 0.3)
    assert values.min() >= 0.0 and values.max() <= 0.6
    assert values.mean() == pytest.approx(0.3, abs=0.003)
    assert values.var() == pytest.approx(0.6**2 / 24, rel=0.03)  # triangular on 0 .. 0.6: variance width^2 / 24
    assert turnover_rules.newcomer_boundary(np.ones((2, 3)), 0.8).max() == 1.0  # cut at 1


def test_starting_awareness_follows_the_post_and_stays_within_0_1():
    mean = np.array([0.2, 0.8, 0.5])
    assert turnover_rules.starting_awareness(mean, np.zeros(3)).tolist() == mean.tolist()
    assert turnover_rules.starting_awareness(mean, np.array([-0.5, 0.5, 0.1])).tolist() == [0.0, 1.0, 0.6]


def test_leaving_follows_the_hazard_and_the_rotation_rule():
    n = 100_000
    tenure = np.zeros(n, dtype=int)
    gone = turnover_rules.departures(np.random.default_rng(2), tenure, 50.0, 0.3, 0.08)
    assert len(gone.leavers) / n == pytest.approx(1 / 50, rel=0.06)
    assert tenure.max() == 1 and tenure.min() == 1  # a month in post added for everyone
    assert len(gone.boundary) == len(gone.noise) == len(gone.leavers)
    longer = turnover_rules.departures(np.random.default_rng(2), np.zeros(n, dtype=int), 100.0, 0.3, 0.08)
    assert len(longer.leavers) < len(gone.leavers)  # a longer mean tenure: fewer leave
    # rotation by rule: every post whose months are up leaves; inactive posts are never filled again
    tenure = np.array([11, 11, 5, 11])
    rule = np.array([12, 0, 12, 12])
    active = np.array([True, True, True, False])
    gone = turnover_rules.departures(np.random.default_rng(3), tenure, 1e9, 0.3, 0.08, rotation_rule=rule, active=active)
    assert gone.leavers.tolist() == [0]


def test_draws_are_fixed_in_number_whoever_leaves():
    """Common random numbers: the stream is in the same state after a month whatever the hazard."""
    a, b = np.random.default_rng(4), np.random.default_rng(4)
    turnover_rules.departures(a, np.zeros(50, dtype=int), 2.0, 0.3, 0.08)
    turnover_rules.departures(b, np.zeros(50, dtype=int), 1e6, 0.3, 0.08)
    assert a.random() == b.random()


def test_takeover_is_likelier_for_formalised_work_and_with_bonuses():
    levels = np.array([2, 3, 4])
    chance = turnover_rules.takeover_chance(0.35, 0.3, levels)
    assert chance.tolist() == pytest.approx([0.35, 0.65, 0.65])
    more = turnover_rules.takeover_chance(0.35, 0.3, levels, np.array([0.2, 0.0, 0.2]), 0.1)
    assert more.tolist() == pytest.approx([0.65, 0.75, 0.95])


def test_both_levels_turn_over_by_the_one_rule(monkeypatch):
    """The ministries and the municipalities call the same rule each month, over all of their officials."""
    calls = []
    rule = turnover_rules.departures

    def counting(stream, tenure, *args, **kwargs):
        calls.append(tenure.size)
        return rule(stream, tenure, *args, **kwargs)

    monkeypatch.setattr(turnover_rules, "departures", counting)
    model = HiapModel(load_scenario("rivm_municipalities_2009"), seed=1, months=3)
    model.run()
    municipal = model.municipal
    sizes = sorted(set(calls))
    assert sizes == sorted({model.n_staff, municipal.n_muni * municipal.n_slots})
    assert len(calls) == 6  # three months, two levels


def test_municipal_officials_count_their_months_in_post():
    model = HiapModel(load_scenario("rivm_municipalities_2009"), seed=1, months=1)
    municipal = model.municipal
    before = municipal.tenure.copy()
    model.step()
    stayed = municipal.tenure != 0
    assert stayed.mean() > 0.9
    assert (municipal.tenure[stayed] == before[stayed] + 1).all()


def test_both_levels_meet_by_the_one_contact_rule(monkeypatch):
    """Ministries and municipalities draw the month's contacts by one rule, over one block of posts nationally and a
    block per municipality locally; partners stay inside the starter's block."""
    calls = []
    rule = contact_rules.month_contacts

    def recording(rng, per_person, *args, **kwargs):
        drawn = rule(rng, per_person, *args, **kwargs)
        calls.append((len(per_person), drawn))
        return drawn

    monkeypatch.setattr(contact_rules, "month_contacts", recording)
    model = HiapModel(load_scenario("rivm_municipalities_2009"), seed=2, months=2)
    model.run()
    municipal = model.municipal
    assert sorted({n for n, _ in calls}) == sorted({model.n_staff, municipal.n_muni * municipal.n_slots})
    posts = municipal.n_slots
    for n, drawn in calls:
        for starters, partners in drawn:
            assert (starters >= 0).all() and (starters < n).all()
            assert (partners >= 0).all() and (partners < (posts if n != model.n_staff else n)).all()
        if n != model.n_staff:
            (within, colleagues), (encounter, strangers), _ = drawn
            sector = municipal.slot_sector
            assert (sector[within % posts] == sector[colleagues]).all() and (within % posts != colleagues).all()
            assert (sector[encounter % posts] != sector[strangers]).all()


def test_deliberate_partners_follow_trust_in_the_starters_own_municipality():
    """Officials numbered across municipalities choose deliberate partners by the trust of their own municipality:
    trust raised towards one post in one municipality draws that municipality's officials to it, no other's."""
    model = HiapModel(load_scenario("rivm_municipalities_2009"), seed=1, months=1)
    municipal = model.municipal
    posts = municipal.n_slots
    sector = municipal.slot_sector
    target = int(np.flatnonzero(sector != sector[0])[0])  # a post in another sector than post 0's
    trust = municipal.trust.copy()
    trust[5, :, target] = 1.0  # in municipality 5 everyone trusts the official in post `target`
    per_person = np.zeros(municipal.n_muni * posts)
    per_person[[5 * posts, 6 * posts]] = 2000.0  # only post 0 of municipalities 5 and 6 starts contacts
    drawn = contact_rules.month_contacts(np.random.default_rng(3), per_person, np.full(len(per_person), 0.5), municipal._tiled, municipal.structure,
                                         0.0, 0.0, trust.reshape(-1, posts), municipal.baseline.reshape(-1, posts), municipal._staff_reach, 5.0)
    (within, _), (encounter, _), (starters, partners) = drawn
    assert len(within) == len(encounter) == 0 and len(starters) > 3000  # all deliberate
    in_5, in_6 = (partners[starters == 5 * posts] == target).mean(), (partners[starters == 6 * posts] == target).mean()
    assert in_5 > 2 * in_6 and in_5 > 0.1
    assert (sector[partners] != sector[0]).all()


def test_contact_rates_of_a_municipality_are_its_posts_rates():
    """The rate factors over all municipalities are those of one municipality's posts, repeated."""
    model = HiapModel(load_scenario("rivm_municipalities_2009"), seed=1, months=1)
    municipal = model.municipal
    factors = municipal._tiled.rate_factors(0.6, 0.3).reshape(3, municipal.n_muni, municipal.n_slots)
    one = municipal.structure.rate_factors(0.6, 0.3).reshape(3, municipal.n_slots)
    assert (factors == one[:, None, :]).all()


def test_more_contacts_per_hour_give_more_contacts_of_every_kind():
    org = np.repeat(np.arange(4), 5)
    structure = contact_rules.ContactStructure(org, np.ones(20, dtype=bool))
    trust = np.full((20, 20), 0.3)
    reach = structure.cross.copy()

    def total(per_person):
        drawn = contact_rules.month_contacts(np.random.default_rng(5), np.full(20, per_person), np.full(20, 0.5), structure, structure,
                                             0.6, 0.3, trust, trust, reach, 1.0)
        return [len(starters) for starters, _ in drawn]

    few, many = total(2.0), total(8.0)
    assert all(m > f for f, m in zip(few, many, strict=True))
