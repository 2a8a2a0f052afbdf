"""Scripted games through the command line to the debrief (each role), hot-seat play, and the engine's rules."""

from __future__ import annotations

import json
import sqlite3

import pytest
from game_helpers import SCRIPTS, play_script, run, script

from hiap_sim.game import ActionError, GameSession, SessionStore
from hiap_sim.game.debrief import write_debrief
from hiap_sim.views import model_of


@pytest.mark.parametrize(("role", "name"), [("programme_director", "small_wins.yaml"), ("dg:SZW", "dg_szw.yaml")])
def test_scripted_full_game_to_the_debrief_for_each_role(tmp_path, role, name):
    db = tmp_path / "sessions.sqlite"
    folder = tmp_path / "debrief"
    result = run("play", "national_2025", "--role", role, "--script", str(SCRIPTS / name), "--turns", "4", "--debrief-dir", str(folder), db=db)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for turn in range(1, 5):
        assert f"Turn {turn} of 4" in result.stdout
    assert "Score" in result.stdout and "autopilot" in result.stdout
    markdown = (folder / "debrief.md").read_text()
    for heading in ("## Score: you and the autopilot", "## Your decisions on the outcome curves", "## Timeline of your decisions",
                    "## Turning points", "## You and the autopilot", "## Lessons from the sources", "## Sources"):
        assert heading in markdown, heading
    assert "[HHS2016" in markdown or "HHS2016]" in markdown or "; HHS2016" in markdown
    html = (folder / "debrief.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and '<img src="outcomes.png"' in html
    for figure in ("outcomes.png", "score.png", "initiatives.png"):
        assert (folder / figure).stat().st_size > 10_000, figure
    with sqlite3.connect(db) as connection:
        finished, turn = connection.execute("SELECT finished, current_turn FROM sessions").fetchone()
        decisions = connection.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    assert finished == 1 and turn == 5 and decisions >= 5
    # the decision log written with the debrief replays the session exactly through the command line
    log = folder / "decision_log.yaml"
    command = log.read_text().splitlines()[1].removeprefix("# hiap-sim ").split()
    assert command[:3] == ["play", "national_2025", "--role"]
    again = run(*command[:-1], str(log), "--no-debrief", db=db)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as connection:
        first, second = [json.loads(r)["score"] for (r,) in connection.execute("SELECT report_json FROM turns WHERE turn = 4 ORDER BY session_id")]
        logs = [[(t, a) for t, a in connection.execute("SELECT turn, action_json FROM decisions WHERE session_id = ? ORDER BY seq", (i,))] for i in (1, 2)]
    assert first == second and logs[0] == logs[1]


def test_hot_seat_two_players_in_dutch_with_debrief(national, tmp_path):
    session = GameSession(national, ["programme_director", "dg:SZW"], seed=4, lang="nl", turns=3)
    store = SessionStore(tmp_path / "s.sqlite")
    store.create(session)
    session.act("dg:SZW", {"do": "set_answer_policy", "policy": "open"})
    first = session.act("programme_director", {"do": "propose", "topic": "loneliness_inclusion", "partners": ["SZW"], "frame": "HfaP"})
    # SZW is a player who joins whatever it can staff: VWS's proposal is answered by that policy
    assert first.decisions[0]["accept"] and "beleid" in first.decisions[0]["hint"]
    session.act("dg:SZW", {"do": "propose", "topic": "debt_livelihood", "partners": ["VWS", "EZK"]})
    session.end_turn()
    session.act("programme_director", {"do": "political_cover"})
    session.act("dg:SZW", {"do": "invest_relation", "partner": "BZK"})
    session.end_turn()
    session.end_turn()
    assert session.finished
    assert [e["role"] for e in session.decision_log()] == ["dg:SZW", "programme_director", "dg:SZW", "programme_director", "dg:SZW"]
    paths = write_debrief(session, tmp_path / "debrief")
    text = paths["markdown"].read_text()
    assert "Lessen uit de bronnen" in text and "| rol |" in text  # Dutch, and the role column of hot-seat play
    assert model_of(session.sim).player_orgs == {model_of(session.sim).org_codes["VWS"], model_of(session.sim).org_codes["SZW"]}


def test_refused_actions_say_what_is_wrong_and_what_to_do(national):
    session = GameSession(national, ["programme_director"], seed=2, turns=2)
    cases = [
        ({"do": "propose", "topic": "mould", "partners": ["SZW"]}, "error.unknown_topic", "housing_quality"),
        ({"do": "propose", "topic": "work_health", "partners": ["VWS"]}, "error.own_org", "your own organisation"),
        ({"do": "propose", "topic": "work_health", "partners": ["XYZ"]}, "error.unknown_org", "SZW"),
        ({"do": "propose", "topic": "work_health", "partners": ["SZW"], "level": 7}, "error.bad_level", "2 (cooperation)"),
        ({"do": "propose", "topic": "work_health", "partners": ["SZW"], "level": 4, "ambition": "inform"}, "error.ambition_below_level", "raise the ambition"),
        ({"do": "seize_window", "topic": "work_health", "partners": ["SZW"]}, "error.no_window", "open now"),
        ({"do": "escalate", "initiative": 12345}, "error.unknown_initiative", "not joint work of yours"),
        ({"do": "fly"}, "error.unknown_action", "propose"),
        ({"do": "propose", "topic": "work_health"}, "error.missing_field", "partners"),
        ({"do": "political_cover", "urgent": True}, "error.unknown_fields", "does not take urgent"),
    ]
    for action, key, words in cases:
        with pytest.raises(ActionError) as caught:
            session.act("programme_director", action)
        assert caught.value.key == key, action
        assert words in session.text(caught.value.key, **caught.value.values), (action, words)
    session.act("programme_director", {"do": "commission_evidence"})
    with pytest.raises(ActionError, match="error.evidence_exists"):
        session.act("programme_director", {"do": "commission_evidence"})
    # staff time runs out: FIN has half an FTE for HiaP work, one relationship investment takes it all
    small = GameSession(national, ["dg:FIN"], seed=2, turns=2)
    small.act("dg:FIN", {"do": "invest_relation", "partner": "VWS"})
    with pytest.raises(ActionError) as caught:
        small.act("dg:FIN", {"do": "invest_relation", "partner": "SZW"})
    assert caught.value.key == "error.no_staff_time"
    assert "0.50 FTE" in small.text(caught.value.key, **caught.value.values)
    small.end_turn()
    fin = model_of(small.sim).organisations[model_of(small.sim).org_codes["FIN"]]
    work = model_of(small.sim).params.work
    joint = sum((work.lead_share if i.lead == fin.index else 1.0) * work.fte_cost[i.level] for i in small.initiatives_of(small.players[0]) if i.active)
    assert small.free_resources(small.players[0])[0] == pytest.approx(fin.capacity_fte - joint)  # the reservation ended with the turn
    assert [e["action"]["do"] for e in session.decision_log()] == ["commission_evidence"]  # refused actions are not logged
    assert [e["action"]["do"] for e in small.decision_log()] == ["invest_relation"]


def test_dg_role_cannot_build_the_shared_narrative_and_answers_by_policy(national):
    session = GameSession(national, ["dg:OCW"], seed=3, turns=2)
    with pytest.raises(ActionError, match="error.action_not_for_role"):
        session.act("dg:OCW", {"do": "shared_narrative"})
    session.act("dg:OCW", {"do": "set_strategy", "focus_topics": ["healthy_school"]})
    session.act("dg:OCW", {"do": "set_answer_policy", "policy": "focus"})
    play_script(session, script("dg_szw.yaml"), role="dg:OCW")  # SZW-specific decisions are refused and skipped
    answers = [d for r in session.reports for d in r.decisions if d["partner"] == "OCW"]
    assert all(d["accept"] == (d["topic"] == "healthy_school") or d["reason"] == "no_capacity" for d in answers)
