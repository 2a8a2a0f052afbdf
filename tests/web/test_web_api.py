"""The web app's API against a real server: access by token, a restart mid-round, refused malformed requests,
the timer, languages and the explorer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from web_helpers import Server, call, create_session, follow, join

from hiap_sim.game.store import SessionStore
from hiap_sim.web.rooms import Rooms, replay

INVEST_SZW = {"do": "invest_relation", "partner": "SZW"}
PROPOSE = {"do": "propose", "topic": "work_health", "partners": ["SZW", "OCW"], "frame": "HfaP", "approach": "small_wins"}


def facilitator_call(server: Server, session: dict, action: str, body: dict | None = None):
    return server.api("POST", f"/api/sessions/{session['code']}/{action}", body, session["facilitator_token"])


def decision_log(db: Path, code: str) -> list[dict]:
    rooms = Rooms(db)
    room = rooms.room(code)
    return SessionStore(db).record(room.game_id).log


# ------------------------------------------------------------------------------------------ access
def test_a_player_token_acts_only_for_its_own_role_and_cannot_run_rounds(server: Server) -> None:
    session = create_session(server, ["programme_director", "dg:SZW", "dg:OCW"])
    code = session["code"]
    director = join(server, code, "programme_director", "Anna")
    szw = join(server, code, "dg:SZW", "Bram")
    assert facilitator_call(server, session, "rounds/open", {"timer_minutes": 0}).status == 200

    # a player's token cannot act or submit for another role
    other = server.api("POST", f"/api/sessions/{code}/act", {"role": "dg:SZW", "action": {"do": "invest_relation", "partner": "OCW"}}, director)
    assert other.status == 403 and "programme_director" in other.error and "dg:SZW" in other.error
    assert server.api("POST", f"/api/sessions/{code}/submit", {"role": "dg:SZW"}, director).status == 403
    # nor run the rounds or inject events
    for action, body in (("rounds/close", None), ("rounds/open", {"timer_minutes": 0}), ("pause", None), ("resume", None),
                         ("events", {"kind": "election"})):
        reply = server.api("POST", f"/api/sessions/{code}/{action}", body, szw)
        assert reply.status == 403, (action, reply.text)
        assert "facilitator" in reply.error
    # no token, a made-up token, and the facilitator's token for a player's decision
    assert server.api("POST", f"/api/sessions/{code}/rounds/close").status == 401
    assert server.api("POST", f"/api/sessions/{code}/rounds/close", None, "not-a-token").status == 403
    assert server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": INVEST_SZW}, session["facilitator_token"]).status == 403
    # a token of one session is worth nothing in another
    second = create_session(server, ["programme_director"])
    assert server.api("POST", f"/api/sessions/{second['code']}/rounds/open", {"timer_minutes": 0}, session["facilitator_token"]).status == 403
    assert server.api("POST", f"/api/sessions/{second['code']}/join", {"role": "programme_director"}, director).status == 200

    # nothing of that touched the session: round 1 still open, nobody submitted, no decision
    state = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
    assert state["state"] == "open" and state["round"] == 1 and not any(p["submitted"] for p in state["players"])
    assert decision_log(server.db, code) == []
    # the player's own decisions go through
    mine = server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": INVEST_SZW}, director)
    assert mine.status == 200, mine.text
    assert mine.data["role"] == "programme_director" and mine.data["messages"]
    assert [e["role"] for e in decision_log(server.db, code)] == ["programme_director"]


def test_a_role_is_taken_once_and_joining_stops_when_the_game_starts(server: Server) -> None:
    session = create_session(server, ["programme_director", "dg:SZW"])
    code = session["code"]
    join(server, code, "programme_director", "Anna")
    taken = server.api("POST", f"/api/sessions/{code}/join", {"role": "programme_director", "name": "Eve"})
    assert taken.status == 409 and "taken" in taken.error
    unknown = server.api("POST", f"/api/sessions/{code}/join", {"role": "dg:FIN", "name": "Eve"})
    assert unknown.status == 400 and "dg:SZW" in unknown.error
    assert facilitator_call(server, session, "rounds/open").status == 200
    late = server.api("POST", f"/api/sessions/{code}/join", {"role": "dg:SZW", "name": "Late"})
    assert late.status == 409 and "started" in late.error
    assert server.api("GET", "/api/sessions/NOSUCH/state").status == 404


# ------------------------------------------------------------------------------------------ restart
def test_a_server_restart_mid_round_keeps_every_decision_and_players_rejoin(tmp_path: Path) -> None:
    """A crash mid-round loses nothing: decisions, submissions, injected events, the timer; players rejoin."""
    db = tmp_path / "sessions.sqlite"
    server = Server(db, tmp_path / "server.log").start()
    try:
        session = create_session(server, ["programme_director", "dg:SZW", "dg:OCW"], turns=3)
        code = session["code"]
        director = join(server, code, "programme_director", "Anna")
        szw = join(server, code, "dg:SZW", "Bram")
        assert facilitator_call(server, session, "rounds/open").status == 200
        # round 1 closes when both have submitted
        assert server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": INVEST_SZW}, director).status == 200
        assert server.api("POST", f"/api/sessions/{code}/submit", {"role": "programme_director"}, director).status == 200
        closed = server.api("POST", f"/api/sessions/{code}/submit", {"role": "dg:SZW"}, szw)
        assert closed.status == 200 and closed.data["round_closed"] is True
        # between rounds the facilitator injects a budget cut; round 2 opens with a long timer
        assert facilitator_call(server, session, "events", {"kind": "budget_cut", "departments": ["OCW"], "fraction": 0.3}).status == 200
        assert facilitator_call(server, session, "rounds/open", {"timer_minutes": 30}).status == 200
        decisions = [
            (director, "programme_director", PROPOSE),
            (szw, "dg:SZW", {"do": "invest_relation", "partner": "VWS"}),
            (director, "programme_director", {"do": "political_cover"}),
        ]
        for token, role, action in decisions[:2]:
            reply = server.api("POST", f"/api/sessions/{code}/act", {"role": role, "action": action}, token)
            assert reply.status == 200, reply.text
        assert facilitator_call(server, session, "events", {"kind": "crisis", "crisis": "pandemic", "size": 0.5}).status == 200
        token, role, action = decisions[2]
        assert server.api("POST", f"/api/sessions/{code}/act", {"role": role, "action": action}, token).status == 200
        assert server.api("POST", f"/api/sessions/{code}/submit", {"role": "dg:SZW"}, szw).status == 200
        before = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
        log_before = decision_log(db, code)
        assert len(log_before) == 3  # the proposal to SZW, which Bram plays, waits for his answer
        # a second session whose round has a timer that runs out while the server is down
        other = create_session(server, ["programme_director"])
        other_director = join(server, other["code"], "programme_director", "Cas")
        assert facilitator_call(server, other, "rounds/open", {"timer_minutes": 30}).status == 200
        assert server.api("POST", f"/api/sessions/{other['code']}/act", {"role": "programme_director", "action": INVEST_SZW}, other_director).status == 200
        # the server dies in the middle of round 2
        server.crash()
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE web_sessions SET deadline = ? WHERE code = ?", (time.time() - 5, other["code"]))
        server.start()

        state = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
        assert (state["state"], state["round"]) == ("open", 2)
        assert [p["submitted"] for p in state["players"]] == [False, True]
        assert 0 < state["seconds_left"] <= before["seconds_left"]
        assert decision_log(db, code) == log_before
        # players come back with their links; the page shows the round's decisions
        rejoin = follow(f"{server.url}/play/{code}?key={director}")
        assert rejoin.status == 200 and "Work and health" in rejoin.text
        panel = call("GET", f"{server.url}/fragments/{code}/player", token=director)
        assert panel.status == 200 and "Work and health" in panel.text
        # the proposal still waits for Bram after the restart; he answers it (a submitted player may still answer)
        asked = call("GET", f"{server.url}/fragments/{code}/player", token=szw)
        assert asked.status == 200 and "asked-of-you" in asked.text
        answered = server.api("POST", f"/api/sessions/{code}/answer", {"request": 1, "accept": False, "reason": "low_trust"}, szw)
        assert answered.status == 200 and answered.data["carried_out"] is True
        assert [d["accept"] for d in answered.data["decisions"]] == [False]
        assert len(decision_log(db, code)) == 4
        # the dg:SZW player has submitted before the crash: still refused
        assert server.api("POST", f"/api/sessions/{code}/act", {"role": "dg:SZW", "action": {"do": "political_cover"}}, szw).status == 409
        # the game goes on from where it was: the director submits and round 2 closes
        done = server.api("POST", f"/api/sessions/{code}/submit", {"role": "programme_director"}, director)
        assert done.status == 200 and done.data["round_closed"] is True
        report = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
        assert report["state"] == "closed" and report["round"] == 2
        # the timer that ran out during the outage closes the other session's round, with its decision
        for _ in range(100):
            expired = server.api("GET", f"/api/sessions/{other['code']}/state", token=other["facilitator_token"]).data
            if expired["state"] == "closed":
                break
            time.sleep(0.2)
        assert (expired["state"], expired["round"]) == ("closed", 1)
        assert len(decision_log(db, other["code"])) == 1
    finally:
        server.stop()

    # the played session equals a replay of its decisions and events from scratch (nothing lost, nothing added)
    rooms = Rooms(db)
    room = rooms.room(code)
    record = SessionStore(db).record(room.game_id)
    events = rooms.events(room)
    assert [e["kind"] for e in events] == ["budget_cut", "crisis"]
    assert [(e["turn"], e["after_decisions"]) for e in events] == [(2, 1), (2, 2)]  # the waiting proposal is logged when answered
    rebuilt = replay(record, events)
    assert rebuilt.turn == 3 and len(rebuilt.log) == 4
    assert [r["score"]["total"] for r in record.reports] == pytest.approx([r.score["total"] for r in rebuilt.reports], abs=1e-9)
    news = [item["kind"] for item in record.reports[1]["news"]]
    assert "crisis" in news and "budget_cut" in news


# ------------------------------------------------------------------------------------------ malformed requests
def test_malformed_requests_are_refused_with_a_message_and_leave_the_session_unharmed(server: Server) -> None:
    session = create_session(server, ["programme_director", "dg:SZW"])
    code = session["code"]
    director = join(server, code, "programme_director", "Anna")
    assert facilitator_call(server, session, "rounds/open").status == 200
    assert server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": INVEST_SZW}, director).status == 200
    state_before = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
    facilitator = session["facilitator_token"]
    act = f"/api/sessions/{code}/act"

    bad = [
        ("POST", act, None, director, b"{not json", 422, "JSON"),
        ("POST", act, None, director, b"[1, 2, 3]", 422, "valid"),
        ("POST", act, None, director, b"", 422, "required"),
        ("POST", act, {"action": INVEST_SZW}, director, None, 422, "'role' is required"),
        ("POST", act, {"role": "programme_director", "action": INVEST_SZW, "sneaky": 1}, director, None, 422, "sneaky"),
        ("POST", act, {"role": "programme_director", "action": "invest"}, director, None, 422, "action"),
        ("POST", act, {"role": "programme_director", "action": {"do": "bribe"}}, director, None, 400, "unknown action"),
        ("POST", act, {"role": "programme_director", "action": {"do": "invest_relation"}}, director, None, 400, "partner"),
        ("POST", act, {"role": "programme_director", "action": {"do": "invest_relation", "partner": "XYZ"}}, director, None, 400, "XYZ"),
        ("POST", act, {"role": "programme_director", "action": {"do": "invest_relation", "partner": "SZW"}}, director, None, 400, "already"),
        ("POST", act, {"role": "programme_director", "action": {"do": "propose", "topic": "work_health", "partners": [{"x": 1}]}}, director, None, 422, "partners"),
        ("POST", act, {"role": "programme_director", "action": {"do": "propose", "topic": "moon", "partners": ["SZW"]}}, director, None, 400, "moon"),
        ("POST", act, {"role": "programme_director", "action": {"do": "propose", "topic": "work_health", "partners": ["SZW"], "level": 9}}, director, None, 400, "level"),
        ("POST", act, {"role": "programme_director", "action": {"do": "set_strategy", "relation_share": "lots"}}, director, None, 400, "lots"),
        ("POST", act, {"role": "programme_director", "action": {"do": "reinforce", "initiative": 99999}}, director, None, 400, "99999"),
        ("POST", act, {"role": "x" * 500, "action": INVEST_SZW}, director, None, 422, "role"),
        ("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": -3}, facilitator, None, 422, "timer_minutes"),
        ("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": 5}, facilitator, None, 409, "still open"),
        ("POST", f"/api/sessions/{code}/events", {"kind": "meteor"}, facilitator, None, 422, "kind"),
        ("POST", f"/api/sessions/{code}/events", {"kind": "crisis", "crisis": "zombies"}, facilitator, None, 400, "zombies"),
        ("POST", f"/api/sessions/{code}/events", {"kind": "crisis", "size": 7}, facilitator, None, 422, "size"),
        ("POST", f"/api/sessions/{code}/events", {"kind": "budget_cut", "departments": ["Atlantis"]}, facilitator, None, 400, "Atlantis"),
        ("POST", f"/api/sessions/{code}/events", {"kind": "budget_cut", "fraction": 2}, facilitator, None, 422, "fraction"),
        ("POST", f"/api/sessions/{code}/events", {"kind": "election", "size": 0.3}, facilitator, None, 400, "size"),
        ("POST", f"/api/sessions/{code}/resume", None, facilitator, None, 409, "not paused"),
        ("POST", "/api/sessions", {"scenario": "../../etc/passwd"}, None, None, 400, "shipped"),
        ("POST", "/api/sessions", {"scenario": "national_2025", "turns": 500}, None, None, 422, "turns"),
        ("POST", "/api/sessions", {"scenario": "national_2025", "roles": ["dg:NOPE"]}, None, None, 400, "dg:NOPE"),
        ("GET", f"/api/sessions/{code}/options", None, "forged", None, 403, "player"),
        ("GET", "/api/nothing/here", None, None, None, 404, "no page"),
    ]
    for method, path, body, token, raw, status, words in bad:
        reply = server.api(method, path, body, token, raw=raw)
        assert reply.status == status, (path, body, raw, reply.text)
        assert words.lower() in reply.error.lower(), (path, body, reply.error)
        assert "Traceback" not in reply.text

    # the session is as it was, and still works
    state_after = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
    assert state_after == state_before
    assert len(decision_log(server.db, code)) == 1
    good = server.api("POST", act, {"role": "programme_director", "action": PROPOSE}, director)
    assert good.status == 200, good.text
    assert {d["partner"] for d in good.data["decisions"]} == {"SZW", "OCW"}
    assert all(d["text"] for d in good.data["decisions"])


def test_a_refused_decision_explains_itself_in_the_players_language(server: Server) -> None:
    session = create_session(server, ["programme_director"], lang="nl")
    code = session["code"]
    director = join(server, code, "programme_director", "Anna")
    assert facilitator_call(server, session, "rounds/open").status == 200
    refused = server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": {"do": "invest_relation", "partner": "VWS"}},
                         director, cookies={"hiap_lang": "nl"})
    assert refused.status == 400 and "Niet mogelijk" in refused.error and "uw eigen organisatie" in refused.error
    # the session's language holds for its players, whatever their browser prefers, until they switch
    browser_en = server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": {"do": "invest_relation", "partner": "VWS"}},
                            director, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Niet mogelijk" in browser_en.error
    switched = {f"hiap_lang_{code}": "en"}
    english = server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": {"do": "invest_relation", "partner": "VWS"}},
                         director, cookies=switched)
    assert "Not possible" in english.error
    # the game's texts (made in Dutch) are given in English to an English reader, and the other way round
    dutch = server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": INVEST_SZW}, director, cookies={"hiap_lang": "nl"})
    assert "ambtenaren" in dutch.data["messages"][0]
    english = server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": {"do": "invest_relation", "partner": "OCW"}}, director,
                         cookies=switched)
    assert "officials will meet" in english.data["messages"][0]
    page_en = call("GET", f"{server.url}/fragments/{code}/player", token=director, cookies=switched)
    page_nl = call("GET", f"{server.url}/fragments/{code}/player", token=director, cookies={"hiap_lang": "nl"})
    assert "officials will meet" in page_en.text and "trust across ministries" in page_en.text
    assert "ambtenaren" in page_nl.text and "vertrouwen tussen ministeries" in page_nl.text


# ------------------------------------------------------------------------------------------ rounds
def test_the_timer_closes_a_round_and_a_pause_stops_it(server: Server) -> None:
    session = create_session(server, ["programme_director", "dg:SZW"])
    code = session["code"]
    join(server, code, "programme_director", "Anna")
    assert facilitator_call(server, session, "rounds/open", {"timer_minutes": 0.05}).status == 200  # 3 s
    paused = facilitator_call(server, session, "pause")
    assert paused.status == 200 and paused.data["paused"] is True
    left = paused.data["seconds_left"]
    time.sleep(3.5)
    still = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
    assert still["state"] == "open" and still["seconds_left"] == left
    assert facilitator_call(server, session, "resume").status == 200
    for _ in range(100):
        state = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
        if state["state"] != "open":
            break
        time.sleep(0.1)
    assert state["state"] == "closed" and state["round"] == 1


def test_the_last_round_finishes_the_game_and_the_debrief_is_for_members_only(server: Server) -> None:
    session = create_session(server, ["programme_director"], turns=1)
    code = session["code"]
    director = join(server, code, "programme_director", "Anna")
    assert call("GET", f"{server.url}/debrief/{code}").status == 401
    assert facilitator_call(server, session, "rounds/open").status == 200
    assert server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": PROPOSE}, director).status == 200
    closed = facilitator_call(server, session, "rounds/close")
    assert closed.status == 200 and closed.data["state"]["state"] == "finished"
    assert closed.data["report"]["score"]["total"] == pytest.approx(closed.data["report"]["score"]["total"])
    assert facilitator_call(server, session, "rounds/open").status == 409
    assert server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": INVEST_SZW}, director).status == 409
    cookie = {f"hiap_p_{code}": director}
    page = call("GET", f"{server.url}/debrief/{code}", cookies=cookie)
    assert page.status == 200 and "autopilot" in page.text and "score.png" in page.text
    figure = call("GET", f"{server.url}/debrief/{code}/figures/outcomes.png", cookies=cookie)
    assert figure.status == 200 and figure.body[:4] == b"\x89PNG"
    assert call("GET", f"{server.url}/debrief/{code}/figures/../../sessions.sqlite", cookies=cookie).status == 404
    assert call("GET", f"{server.url}/debrief/{code}", cookies={f"hiap_p_{code}": "forged"}).status == 403


# ------------------------------------------------------------------------------------------ explorer
def test_the_explorer_steps_switches_levers_and_refuses_bad_settings(server: Server) -> None:
    start = server.api("POST", "/api/explorer", {"scenario": "national_2025", "knobs": {"urgency": 1.5}, "seed": 3})
    assert start.status == 200, start.text
    run = start.data["run"]
    assert start.data["knobs"]["urgency"] == 1.5 and start.data["month"] == 0 and start.data["months_total"] == 192
    assert {n["id"] for n in start.data["network"]["nodes"]} >= {"VWS", "SZW", "OCW"}
    step = server.api("POST", f"/api/explorer/{run}/step", {"months": 12})
    assert step.status == 200 and step.data["month"] == 12 and [r["month"] for r in step.data["rows"]] == list(range(1, 13))
    edges = step.data["network"]["edges"]
    assert len(edges) == 36 and all(0 <= e["trust"] <= 1 and 0 <= e["level"] <= 4 for e in edges)
    lever = server.api("POST", f"/api/explorer/{run}/lever", {"name": "coordinating_minister", "on": True})
    assert lever.status == 200 and lever.data["levers"]["coordinating_minister"] is True
    # the same seed and settings give the same run
    again = server.api("POST", "/api/explorer", {"scenario": "national_2025", "knobs": {"urgency": 1.5}, "seed": 3})
    same = server.api("POST", f"/api/explorer/{again.data['run']}/step", {"months": 12})
    assert same.data["rows"] == step.data["rows"]

    assert server.api("POST", f"/api/explorer/{run}/lever", {"name": "magic", "on": True}).status == 400
    assert server.api("POST", "/api/explorer/nope/step", {"months": 1}).status == 404
    assert server.api("POST", f"/api/explorer/{run}/step", {"months": 0}).status == 422
    knob = server.api("POST", "/api/explorer", {"scenario": "national_2025", "knobs": {"urgency": 9}})
    assert knob.status == 400 and "urgency" in knob.error
    assert server.api("POST", "/api/explorer", {"scenario": "national_2025", "knobs": {"charm": 1}}).status == 400


def test_pages_render_in_english_and_dutch(server: Server) -> None:
    for path in ("/", "/explorer", "/facilitate", "/join"):
        english = call("GET", f"{server.url}{path}")
        dutch = call("GET", f"{server.url}{path}", cookies={"hiap_lang": "nl"})
        assert english.status == 200 and dutch.status == 200
        assert 'lang="en"' in english.text and 'lang="nl"' in dutch.text
    assert "Verkenner" in call("GET", f"{server.url}/explorer", cookies={"hiap_lang": "nl"}).text
    missing = call("GET", f"{server.url}/join/ZZZZZZ", cookies={"hiap_lang": "nl"})
    assert missing.status == 404 and "Er is geen sessie" in missing.text


def test_serve_refuses_a_port_in_use_and_listens_on_localhost_by_default(server: Server, tmp_path: Path) -> None:
    assert f"http://127.0.0.1:{server.port}" in server.log.read_text()
    taken = subprocess.run([sys.executable, "-m", "hiap_sim.cli", "serve", "--port", str(server.port), "--db", str(tmp_path / "other.sqlite")],
                           capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    assert taken.returncode == 2
    assert f"port {server.port} on 127.0.0.1 is in use" in taken.stderr and "--port" in taken.stderr
    assert "Traceback" not in taken.stderr + taken.stdout


# ------------------------------------------------------------------------------------------ municipal roles
def test_a_player_takes_a_municipal_role_and_makes_a_municipal_decision(server: Server) -> None:
    """Rooms on a scenario with municipalities offer the health officer and the alderman; the shared engine plays them."""
    offered = server.api("GET", "/api/scenarios/national_2025_municipalities/roles")
    assert offered.status == 200, offered.text
    assert "health_officer:G32-001" in offered.text and "alderman:G32-001" in offered.text
    session = create_session(server, ["programme_director", "health_officer:G32-001", "alderman:G32-001"], turns=2,
                             scenario="national_2025_municipalities")
    code = session["code"]
    officer = join(server, code, "health_officer:G32-001", "Fatima")
    alderman = join(server, code, "alderman:G32-001", "Kees")
    assert facilitator_call(server, session, "rounds/open", {"timer_minutes": 0}).status == 200
    actions = server.api("GET", f"/api/sessions/{code}/options", None, officer)
    assert actions.status == 200, actions.text
    assert actions.data["free"]["unit"] == "k EUR/yr"
    propose = next(a for a in actions.data["actions"] if a["name"] == "propose")
    partners = next(f for f in propose["fields"] if f["name"] == "partners")
    assert "social_affairs" in [o["value"] for o in partners["options"]]
    reply = server.api("POST", f"/api/sessions/{code}/act", {"role": "health_officer:G32-001", "action": {
        "do": "propose", "topic": "debt_livelihood", "partners": ["social_affairs", "care"], "frame": "HfaP"}}, officer)
    assert reply.status == 200, reply.text
    assert [d["partner"] for d in reply.data["decisions"]] == ["social_affairs", "care"]
    assert all(d["text"] for d in reply.data["decisions"])
    # the alderman has the political actions, not the health officer's proposals
    refused = server.api("POST", f"/api/sessions/{code}/act", {"role": "alderman:G32-001", "action": {
        "do": "propose", "topic": "debt_livelihood", "partners": ["care"]}}, alderman)
    assert refused.status == 400 and "Alderman for health" in refused.error
    note = server.api("POST", f"/api/sessions/{code}/act", {"role": "alderman:G32-001", "action": {"do": "policy_note", "topics": ["debt_livelihood"]}}, alderman)
    assert note.status == 200, note.text
    assert decision_log(server.db, code)[0]["action"]["do"] == "propose"
