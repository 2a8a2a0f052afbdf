"""A programme ministry's mandate [HHS2016]: cover, steering and urgency on its topics while the ministry (or a
successor lever) holds it; it lapses when the ministry is abolished, though the staff move. And the level shares'
denominator, which a merger does not shrink."""

from __future__ import annotations

import numpy as np

from hiap_sim.model import HiapModel
from hiap_sim.scenario import load_scenario

REORGANISATION = 23  # 2010-10 in segv_2008 (month 1 = 2008-12)


def segv(**overrides) -> HiapModel:
    return HiapModel(load_scenario("segv_2008", {"crises.random_per_year": 0.0, **overrides}), seed=5, months=36)


def test_the_programme_ministry_holds_its_mandate_while_it_exists():
    model = segv()
    jg, school, air = model.org_codes["JG"], model.topic_index["healthy_school"], model.topic_index["air_quality"]
    assert model.mandate_cover[school] > 0 and model.mandate_steering[school] > 0
    assert model.mandate_cover[air] == 0 and model.mandate_steering[air] == 0
    assert model.mandate_urgency[jg] > 0


def test_the_mandate_raises_cover_and_a_partners_value_on_its_topics():
    with_mandate, without = segv(), segv(**{"mechanisms.programme_mandate": False})
    for model in (with_mandate, without):
        model.step()
    school = with_mandate.topic_index["healthy_school"]
    vws, ocw = with_mandate.org_codes["VWS"], with_mandate.org_codes["OCW"]
    contact = int(np.flatnonzero(with_mandate.staff_org == ocw)[0])
    proposer = int(np.flatnonzero(with_mandate.staff_org == vws)[0])
    values = [m.national.decision_context(0, school, vws, proposer, ocw, contact, 2, False, True, None).lever_value for m in (with_mandate, without)]
    assert values[0] > values[1]
    assert with_mandate.org_urgency[with_mandate.org_codes["JG"]] > without.org_urgency[without.org_codes["JG"]]


def test_the_mandate_lapses_when_the_ministry_is_abolished_though_its_staff_move():
    model = segv()
    jg, vws, school = model.org_codes["JG"], model.org_codes["VWS"], model.topic_index["healthy_school"]
    jg_staff = np.flatnonzero(model.staff_org == jg)
    model.run_for(REORGANISATION - 1)
    assert model.mandate_cover[school] > 0
    model.run_for(1)
    assert (model.staff_org[jg_staff] == vws).all()  # the staff moved to VWS
    assert model.mandate_cover[school] == 0 and model.mandate_steering[school] == 0 and model.mandate_urgency.max() == 0
    assert any(e.get("holder") is None for e in model.event_log.of_kind("mandate"))


def test_a_successor_lever_takes_the_mandate_over():
    model = segv(**{"levers.programme_directorate.enabled": True, "levers.programme_directorate.start": "2010-10"})
    vws, school = model.org_codes["VWS"], model.topic_index["healthy_school"]
    model.run_for(REORGANISATION)
    assert model.mandate_cover[school] > 0 and model.mandate_urgency[vws] > 0
    assert model.event_log.where("mandate", holder="VWS")


SUCCESSOR = {"levers.programme_directorate.enabled": True, "levers.programme_directorate.start": "2010-10"}


def _focus(model: HiapModel, code: str) -> set[str]:
    return {model.topic_names[t] for t in model.organisations[model.org_codes[code]].focus_topics().tolist()}


def test_a_successor_takes_the_portfolio_over_with_the_mandate():
    """The holder pursues the mandate's topics: after 2010 VWS's focus holds J&G's portfolio only when a successor
    lever took the mandate over, and not when the portfolio or the mandate mechanism is switched off."""
    portfolio = {"alcohol_tobacco", "loneliness_inclusion"}  # J&G's topics that are not VWS's own focus topics
    models = {
        "successor": segv(**SUCCESSOR),
        "lapsed": segv(),
        "no portfolio": segv(**SUCCESSOR, **{"departments.JG.mandate.portfolio": False}),
        "knocked out": segv(**SUCCESSOR, **{"mechanisms.programme_mandate": False}),
    }
    for name, model in models.items():
        assert not portfolio & _focus(model, "VWS"), name
        assert portfolio <= _focus(model, "JG"), name  # J&G pursues its own portfolio
        model.run_for(REORGANISATION)
    assert portfolio <= _focus(models["successor"], "VWS")
    for name in ("lapsed", "no portfolio", "knocked out"):
        assert not portfolio & _focus(models[name], "VWS"), name


def test_a_successor_holding_the_portfolio_starts_work_on_its_topics():
    """Over seeds: in the two years after 2010, VWS leads more new joint work on J&G's portfolio when the successor
    takes the portfolio over than when it holds the mandate without it."""
    counts = []
    for portfolio in (True, False):
        count = 0
        for seed in range(8):
            scenario = load_scenario("segv_2008", {**SUCCESSOR, "departments.JG.mandate.portfolio": portfolio})
            model = HiapModel(scenario, seed=seed, months=REORGANISATION + 24)
            model.run()
            table, vws = model.work.table, model.org_codes["VWS"]
            topics = [model.topic_index[t] for t in ("alcohol_tobacco", "loneliness_inclusion")]
            rows = np.arange(table.n)
            count += int(((table.lead[rows] == vws) & np.isin(table.topic[rows], topics) & (table.started[rows] >= REORGANISATION)).sum())
        counts.append(count)
    assert counts[0] > counts[1] + 3, counts


def test_more_work_on_the_mandate_topics_while_the_mandate_is_held():
    """Over seeds: before 2010, more joint work on J&G's topics with the mandate than without it."""
    totals = []
    for switch in (True, False):
        total = 0
        for seed in range(8):
            model = HiapModel(load_scenario("segv_2008", {"mechanisms.programme_mandate": switch}), seed=seed, months=REORGANISATION - 1)
            total += int(model.run()["mandate_topic_work"].sum())
        totals.append(total)
    assert totals[0] > totals[1]


def test_level_shares_keep_their_denominator_when_ministries_merge():
    model = segv()
    frame = model.run()
    before, after = frame[frame.month == REORGANISATION - 1].iloc[0], frame[frame.month == REORGANISATION].iloc[0]
    assert before["department_pairs"] == 66 and after["department_pairs"] == 28
    for row in (before, after):
        assert abs(sum(row[f"level_share_{k}"] for k in range(5)) - 1.0) < 1e-9
        for k in range(1, 5):
            assert row[f"level_share_{k}"] == row[f"level_pairs_{k}"] / 66


def test_a_mandate_on_an_unknown_topic_is_refused():
    import pytest

    from hiap_sim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="mandate"):
        load_scenario("segv_2008", {"departments.JG.mandate.topics": ["youth_care"]})
