"""Sessions: the decision log plus the seed replays a game exactly; saved sessions resume with nothing lost."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
from game_helpers import play_script, script

from hiap_sim.game import GameError, GameSession, SessionStore
from hiap_sim.views import model_of


def test_replaying_the_decision_log_reproduces_the_session_exactly(national):
    played = GameSession(national, ["programme_director"], seed=11, turns=6)
    play_script(played, script("small_wins.yaml"))
    log = played.decision_log()
    assert len(log) >= 8
    replayed = GameSession.replay(national, ["programme_director"], json.loads(json.dumps(log)), seed=11, turns=6, turns_done=played.turn - 1)
    assert replayed.finished
    pd.testing.assert_frame_equal(model_of(played.sim).dataframe(), model_of(replayed.sim).dataframe())
    assert model_of(played.sim).event_log == model_of(replayed.sim).event_log
    assert [r.to_dict() for r in played.reports] == [r.to_dict() for r in replayed.reports]
    assert [r.to_dict() for r in played.results] == [r.to_dict() for r in replayed.results]
    pd.testing.assert_frame_equal(model_of(played.autopilot).dataframe(), model_of(replayed.autopilot).dataframe())


def test_the_decisions_matter_and_the_autopilot_faces_the_same_world(national):
    played = GameSession(national, ["programme_director"], seed=11, turns=4)
    play_script(played, script("small_wins.yaml"))
    idle = GameSession(national, ["programme_director"], seed=11, turns=4)
    for _ in range(4):
        idle.end_turn()
    assert not model_of(played.sim).dataframe().equals(model_of(idle.sim).dataframe())
    pd.testing.assert_frame_equal(model_of(played.autopilot).dataframe(), model_of(idle.autopilot).dataframe())
    world = ("cabinet", "crisis", "budget_cut", "reorganisation")
    assert played.view.events.of_kind(*world) == played.autopilot.view.events.of_kind(*world)


def test_saved_session_resumes_mid_turn_with_every_decision_and_ends_as_if_uninterrupted(national, tmp_path):
    store = SessionStore(tmp_path / "sessions.sqlite")
    plan = script("small_wins.yaml")
    first = GameSession(national, ["programme_director"], seed=3, turns=5)
    session_id = store.create(first)
    play_script(first, plan, until_turn=2)
    first.act("programme_director", {"do": "commission_evidence"})  # turn 3 has begun when the terminal closes
    log_before = first.decision_log()
    reports_before = [r.to_dict() for r in first.reports]
    del first

    resumed = store.load(session_id)
    assert resumed.decision_log() == log_before
    assert resumed.turn == 3 and [r.to_dict() for r in resumed.reports] == reports_before
    assert "quantification" in model_of(resumed.sim).pending_levers  # the mid-turn decision was taken again
    play_script(resumed, plan)
    assert store.record(session_id).finished

    straight = GameSession(national, ["programme_director"], seed=3, turns=5)
    play_script(straight, plan, until_turn=2)
    straight.act("programme_director", {"do": "commission_evidence"})
    play_script(straight, plan)
    pd.testing.assert_frame_equal(model_of(resumed.sim).dataframe(), model_of(straight.sim).dataframe())
    assert store.load(session_id).decision_log() == straight.decision_log()


def test_a_session_that_no_longer_replays_the_same_is_refused(national, tmp_path):
    db = tmp_path / "sessions.sqlite"
    store = SessionStore(db)
    session = GameSession(national, ["programme_director"], seed=3, turns=3)
    session_id = store.create(session)
    session.act("programme_director", {"do": "invest_relation", "partner": "SZW"})
    session.end_turn()
    with sqlite3.connect(db) as connection:
        report = json.loads(connection.execute("SELECT report_json FROM turns").fetchone()[0])
        report["score"]["total"] += 5.0
        connection.execute("UPDATE turns SET report_json = ?", (json.dumps(report),))
    with pytest.raises(GameError, match="no longer replays"):
        store.load(session_id)


def test_unknown_session_names_the_known_ones(national, tmp_path):
    store = SessionStore(tmp_path / "sessions.sqlite")
    with pytest.raises(GameError, match="no saved sessions yet"):
        store.load(1)
    store.create(GameSession(national, ["dg:SZW"], seed=1, turns=2))
    with pytest.raises(GameError, match="known sessions: 1"):
        store.load("7")
    assert [s["roles"] for s in store.sessions()] == [["dg:SZW"]]


def test_a_saved_decision_that_is_no_longer_possible_is_reported_not_raised(national, tmp_path):
    db = tmp_path / "sessions.sqlite"
    store = SessionStore(db)
    session = GameSession(national, ["programme_director"], seed=3, turns=3)
    session_id = store.create(session)
    session.act("programme_director", {"do": "invest_relation", "partner": "SZW"})
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE decisions SET action_json = ?", (json.dumps({"do": "invest_relation", "partner": "WWI"}),))
    with pytest.raises(GameError, match="a saved decision is no longer possible"):
        store.load(session_id)
