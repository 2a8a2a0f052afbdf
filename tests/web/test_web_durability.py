"""Durability of facilitated sessions against a real server: 20 players acting at the same moment lose or
duplicate no decision, a crash mid-round loses nothing, and a round that was closing when the server died is
closed when it is back."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from web_helpers import GENEROUS, Server, create_session, join

from hiap_sim.game.store import SessionStore
from hiap_sim.web.rooms import Rooms


def record(db: Path, code: str) -> Any:
    return SessionStore(db).record(Rooms(db).room(code).game_id)


def wait_for_state(server: Server, code: str, token: str, wanted: str, tries: int = 150) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for _ in range(tries):
        state = server.api("GET", f"/api/sessions/{code}/state", token=token).data
        if state["state"] == wanted:
            break
        time.sleep(0.1)
    return state


def decisions_for(role: str) -> list[dict[str, Any]]:
    """Two decisions any holder of the role may try (they may be refused for lack of staff time or budget)."""
    if role.startswith("alderman:"):
        return [{"do": "political_cover"}, {"do": "local_budget"}]
    return [{"do": "political_cover"}, {"do": "commission_evidence"}]


def test_a_round_that_was_closing_when_the_server_died_is_closed_on_restart(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite"
    server = Server(db, tmp_path / "server.log", args=GENEROUS).start()
    try:
        session = create_session(server, ["programme_director", "dg:SZW"], turns=3)
        code, facilitator = session["code"], session["facilitator_token"]
        director = join(server, code, "programme_director", "Anna")
        szw = join(server, code, "dg:SZW", "Bram")
        assert server.api("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": 0}, facilitator).status == 200
        assert server.api("POST", f"/api/sessions/{code}/act", {"role": "dg:SZW", "action": {"do": "political_cover"}}, szw).status == 200
        assert server.api("POST", f"/api/sessions/{code}/submit", {"role": "dg:SZW"}, szw).status == 200
        server.crash()
        # the last submission was recorded, then the server died before the round closed
        with sqlite3.connect(db) as connection:
            room_id = connection.execute("SELECT id FROM web_sessions WHERE code = ?", (code,)).fetchone()[0]
            connection.execute("INSERT INTO web_submissions (room_id, round, role, submitted) VALUES (?, 1, 'programme_director', 'now')", (room_id,))
        server.start()
        state = wait_for_state(server, code, facilitator, "closed")
        assert (state["state"], state["round"]) == ("closed", 1)
        assert all(p["submitted"] is False for p in state["players"])  # the next round starts with nobody submitted
        stored = record(db, code)
        assert stored.current_turn == 2 and len(stored.reports) == 1 and [e["role"] for e in stored.log] == ["dg:SZW"]
        # the game goes on
        assert server.api("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": 0}, facilitator).status == 200
        assert server.api("POST", f"/api/sessions/{code}/act", {"role": "programme_director", "action": {"do": "political_cover"}}, director).status == 200
    finally:
        server.stop()


def test_twenty_concurrent_players_lose_or_duplicate_no_decision_across_a_crash(tmp_path: Path, artifacts: Path) -> None:
    """Two rooms, 20 players: every player takes two decisions at the same moment; the server is killed
    mid-round and started again; then all submit at the same moment and each round closes exactly once."""
    db = tmp_path / "sessions.sqlite"
    server = Server(db, tmp_path / "server.log", args=GENEROUS).start()
    try:
        national = [r["id"] for r in server.api("GET", "/api/scenarios/national_2025/roles").data["roles"]]
        municipal = [r["id"] for r in server.api("GET", "/api/scenarios/national_2025_municipalities/roles").data["roles"]]
        rooms = {"national_2025": national, "national_2025_municipalities": municipal[:3] + [r for r in municipal if ":" in r and not r.startswith("dg:")]}
        rooms["national_2025_municipalities"] = rooms["national_2025_municipalities"][: 20 - len(national)]
        sessions = {name: create_session(server, roles, turns=2, scenario=name) for name, roles in rooms.items()}
        players = []  # (code, role, token)
        for name, roles in rooms.items():
            code = sessions[name]["code"]
            players += [(code, role, join(server, code, role, f"Player {k}")) for k, role in enumerate(roles)]
        assert len(players) == 20 and any(role.startswith("alderman:") for _, role, _ in players)
        for session in sessions.values():
            assert server.api("POST", f"/api/sessions/{session['code']}/rounds/open", {"timer_minutes": 0}, session["facilitator_token"]).status == 200

        start = threading.Barrier(len(players), timeout=60)

        def play(player: tuple[str, str, str]) -> list[tuple[str, str, str, int, int | None]]:
            code, role, token = player
            start.wait()
            out = []
            for action in decisions_for(role):
                reply = server.api("POST", f"/api/sessions/{code}/act", {"role": role, "action": action}, token)
                assert reply.status in (200, 400), reply.text  # taken, or refused with a reason
                out.append((code, role, action["do"], reply.status, reply.data.get("seq")))
            return out

        with ThreadPoolExecutor(max_workers=len(players)) as pool:
            answers = [a for result in pool.map(play, players) for a in result]
        accepted = [(code, role, do) for code, role, do, status, _seq in answers if status == 200]
        assert len(accepted) >= 20  # every player's first decision (political cover) at least
        logs = {name: record(db, s["code"]).log for name, s in sessions.items()}
        logged = [(sessions[name]["code"], e["role"], e["action"]["do"]) for name, log in logs.items() for e in log]
        assert Counter(logged) == Counter(accepted)  # nothing lost, nothing twice, nothing refused in the log
        for log in logs.values():
            assert [e["seq"] for e in log] == list(range(1, len(log) + 1))

        # the server is killed mid-round and comes back: every decision is still there
        server.crash()
        server.start()
        for name, session in sessions.items():
            assert record(db, session["code"]).log == logs[name]
            state = server.api("GET", f"/api/sessions/{session['code']}/state", token=session["facilitator_token"]).data
            assert (state["state"], state["round"]) == ("open", 1)

        # everyone submits at the same moment: each round closes exactly once
        start = threading.Barrier(len(players), timeout=60)

        def submit(player: tuple[str, str, str]) -> tuple[str, bool]:
            code, role, token = player
            start.wait()
            reply = server.api("POST", f"/api/sessions/{code}/submit", {"role": role}, token)
            assert reply.status == 200, reply.text
            return code, bool(reply.data["round_closed"])

        with ThreadPoolExecutor(max_workers=len(players)) as pool:
            closes = list(pool.map(submit, players))
        for session in sessions.values():
            code = session["code"]
            assert sum(closed for c, closed in closes if c == code) == 1
            state = server.api("GET", f"/api/sessions/{code}/state", token=session["facilitator_token"]).data
            assert (state["state"], state["round"]) == ("closed", 1)
            stored = record(db, code)
            assert stored.current_turn == 2 and len(stored.reports) == 1
        assert Counter((sessions[n]["code"], e["role"], e["action"]["do"]) for n in sessions for e in record(db, sessions[n]["code"]).log) == Counter(accepted)
        (artifacts / "concurrent_players.json").write_text(json.dumps({
            "players": len(players), "rooms": len(sessions), "decisions_tried": len(answers), "accepted": len(accepted),
            "refused_with_reason": len(answers) - len(accepted), "logged": len(logged), "rounds_closed": sum(closed for _, closed in closes)}, indent=2))
    finally:
        server.stop()
