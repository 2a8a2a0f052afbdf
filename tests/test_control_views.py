"""The control port's Simulation and View: the controls reach the model, and the view reads it without changing it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from hiap_sim.control import LEVERS, Simulation
from hiap_sim.scenario import load_scenario
from hiap_sim.views import model_of


@pytest.fixture(scope="module")
def sim():
    sim = Simulation(load_scenario("national_2025"), seed=3, months=24)
    sim.run_for(6)
    return sim


def test_the_handle_holds_no_public_model(sim):
    assert not hasattr(sim, "model") and not hasattr(sim, "__dict__")
    assert not hasattr(sim.view, "model") and not hasattr(sim.view, "__dict__")


def test_the_view_reads_what_the_model_holds(sim):
    model, view = model_of(sim), sim.view
    assert (view.month, view.date, view.horizon, view.seed) == (6, model.date, 24, 3)
    assert dict(view.counters) == dict(model.counters) and view.counters["no such counter"] == 0
    assert len(view.records) == 7 and dict(view.records[-1]) == model.records[-1]
    assert [o.code for o in view.organisations] == [o.code for o in model.organisations]
    assert view.organisations[view.coordinator_org].coordinator
    assert [w.unique_id for w in view.initiatives] == [i.unique_id for i in model.initiatives]
    assert [w.partners for w in view.initiatives] == [tuple(i.partners) for i in model.initiatives]
    assert len(view.joint_work_frame()) == len(model.initiatives)
    assert np.array_equal(view.org_trust(), model.org_trust_matrix()) and np.array_equal(view.ladder(), model.ladder())
    assert view.topic_label(view.topic_names[0]) and view.topic_label("no such topic") is None
    assert view.events is model.event_log and len(view.event_frame()) == len(model.event_log)
    assert view.municipal is None and dict(view.playable_municipalities) == {}


def test_the_view_changes_nothing(sim):
    view = sim.view
    for array in (view.org_trust(), view.staff_trust(), view.org_fit, view.staff_rank, view.staff_org, view.ladder()):
        with pytest.raises(ValueError, match="read-only"):
            array.flat[0] = 0
    with pytest.raises(TypeError):
        view.counters["proposals"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        view.records[-1]["trust_cross"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        view.levers["working_group"] = True  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.organisations[0].active = False  # type: ignore[misc]
    with pytest.raises(AttributeError):
        view.month = 3  # type: ignore[misc]
    copy = view.scenario
    copy.urgency = 2.5
    assert model_of(sim).config.urgency != 2.5
    assert model_of(sim).trust.flags.writeable  # the model's own arrays stay the model's


def test_the_controls_reach_the_model():
    sim = Simulation(load_scenario("national_2025"), seed=5, months=12)
    view = sim.view
    lever = LEVERS[0]
    was = view.levers[lever]
    sim.set_lever(lever, not was)
    assert view.levers[lever] is (not was) and model_of(sim).lever_active[lever] is (not was)
    before = len(view.events)
    sim.election()
    sim.budget_cut(["SZW"], 0.1)
    sim.start_crisis("pandemic", 0.5, 6.0, ["VWS"])
    kinds = [e.kind for e in view.events.since(before)]
    assert kinds[-3:] == ["cabinet", "budget_cut", "crisis"] and view.events.since(before)[0].get("cause") == "early fall"
    sim.step()
    assert view.month == 1
    sim.run_for(2)
    assert view.month == 3 and len(sim.run()) == 13 and view.month == 12

    def answer(topic, partner, decision):
        return decision

    sim.answer_for_players(answer)
    assert model_of(sim).decision_override is answer
    seat = sim.open_seat("national", view.coordinator_org)
    assert seat.own_code == view.organisations[view.coordinator_org].code
