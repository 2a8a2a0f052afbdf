"""Rooms on the game engine, in process: rounds, submissions, injected events replayed at the same point, the
game read in another language, and a file that is not a session file."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest

from hiap_sim.game.session import GameError, GameSession
from hiap_sim.views import model_of
from hiap_sim.web.explorer import Explorer
from hiap_sim.web.rooms import Rooms, WebError

PROPOSE = {"do": "propose", "topic": "work_health", "partners": ["SZW", "OCW"], "frame": "HfaP", "approach": "small_wins"}


@pytest.fixture
def rooms(tmp_path: Path) -> Rooms:
    return Rooms(tmp_path / "sessions.sqlite")


def started(rooms: Rooms, roles: list[str], turns: int = 3) -> tuple[str, str, dict[str, str]]:
    room = rooms.create("national_2025", roles=roles, turns=turns, seed=11)
    tokens = {role: rooms.join(room.code, role, role.upper()).token for role in roles}
    rooms.open_round(room.code, room.facilitator_token)
    return room.code, room.facilitator_token, tokens


def test_a_round_closes_when_every_player_has_submitted(rooms: Rooms) -> None:
    code, facilitator, tokens = started(rooms, ["programme_director", "dg:SZW"])
    assert rooms.submit(code, tokens["dg:SZW"], "dg:SZW") is False
    with pytest.raises(WebError) as refused:
        rooms.act(code, tokens["dg:SZW"], "dg:SZW", {"do": "political_cover"})
    assert refused.value.status == 409 and refused.value.key == "web.err.already_submitted"
    assert rooms.submit(code, tokens["programme_director"], "programme_director") is True
    room = rooms.room(code)
    assert (room.state, room.round) == ("closed", 1)
    assert rooms.game(room).turn == 2 and len(rooms.game(room).reports) == 1
    # submissions belong to their round: round 2 starts with nobody submitted
    rooms.open_round(code, facilitator)
    assert rooms.state(rooms.room(code))["players"] == [{"role": "programme_director", "name": "PROGRAMME_DIRECTOR", "submitted": False},
                                                        {"role": "dg:SZW", "name": "DG:SZW", "submitted": False}]


def test_injected_events_replay_at_the_point_they_happened(rooms: Rooms) -> None:
    code, facilitator, tokens = started(rooms, ["programme_director", "dg:SZW"])
    director = tokens["programme_director"]
    rooms.act(code, director, "programme_director", {"do": "invest_relation", "partner": "SZW"})
    rooms.inject(code, facilitator, "crisis", crisis="pandemic", size=0.6, departments=["SZW"])
    rooms.act(code, director, "programme_director", PROPOSE)  # the crisis has opened a window: it changes the answers
    rooms.close_round(code, facilitator)
    rooms.inject(code, facilitator, "budget_cut", departments=["OCW", "SZW"], fraction=0.4)
    rooms.open_round(code, facilitator)
    rooms.inject(code, facilitator, "election")
    rooms.act(code, tokens["dg:SZW"], "dg:SZW", {"do": "political_cover"})
    room = rooms.room(code)
    live = rooms.game(room)
    assert [(e["turn"], e["after_decisions"], e["kind"]) for e in rooms.events(room)] == [(1, 1, "crisis"), (2, 2, "budget_cut"), (2, 2, "election")]
    kinds = [e.kind for e in live.view.events]
    assert "crisis" in kinds and "budget_cut" in kinds and "cabinet" in kinds
    assert [e.kind for e in live.autopilot.view.events.of_kind("budget_cut")][-1:] == ["budget_cut"]  # the yardstick faces them too

    rooms.forget()  # as after a restart: rebuilt from the session file
    rebuilt = rooms.game(rooms.room(code))
    assert rebuilt is not live
    assert rebuilt.decision_log() == live.decision_log()
    assert [r.to_dict() for r in rebuilt.results] == [r.to_dict() for r in live.results]
    assert np.array_equal(model_of(rebuilt.sim).trust, model_of(live.sim).trust)
    assert [o.budget for o in model_of(rebuilt.sim).organisations] == [o.budget for o in model_of(live.sim).organisations]
    assert [o.political_commitment for o in model_of(rebuilt.autopilot).organisations] == [o.political_commitment for o in model_of(live.autopilot).organisations]
    assert rebuilt.scores()[0] == live.scores()[0] and rebuilt.scores()[1] == live.scores()[1]


def test_the_game_reads_in_the_other_language_without_running_it_again(rooms: Rooms, monkeypatch: pytest.MonkeyPatch) -> None:
    code, facilitator, tokens = started(rooms, ["programme_director"])
    live = rooms.game(rooms.room(code))
    ran: list[str] = []  # a rerun would rebuild the game from its record, or step a model
    monkeypatch.setattr("hiap_sim.web.rooms.replay", lambda *args, **kwargs: ran.append("replay"))
    monkeypatch.setattr(GameSession, "__init__", lambda *args, **kwargs: ran.append("new game"))
    result, read = rooms.act(code, tokens["programme_director"], "programme_director", PROPOSE, lang="nl")
    assert ran == [] and read.sim is live.sim and read.lang == "nl"
    assert "Werk en gezondheid" in " ".join(result.messages) and "Work and health" in " ".join(live.results[0].messages)
    rooms.close_round(code, facilitator)  # the game itself moves on (once)
    room = rooms.room(code)
    months = (live.view.month, live.autopilot.view.month)
    monkeypatch.setattr(type(model_of(live.sim)), "step", lambda model: ran.append("step"))
    dutch, english = rooms.view(room, "nl"), rooms.view(room, "en")
    assert ran == [] and (live.view.month, live.autopilot.view.month) == months
    assert english is live and dutch.sim is live.sim and dutch.autopilot is live.autopilot
    assert dutch.scores() == english.scores()
    assert dutch.reports[0].score == english.reports[0].score
    assert [n["kind"] for n in dutch.reports[0].news] == [n["kind"] for n in english.reports[0].news]
    assert all(n["text"] != e["text"] for n, e in zip(dutch.reports[0].news, english.reports[0].news, strict=True))
    assert [d["text"] for d in dutch.reports[0].decisions] != [d["text"] for d in english.reports[0].decisions] or not english.reports[0].decisions
    with pytest.raises(GameError, match="cannot play"):
        dutch.end_turn()


def test_a_file_that_is_not_a_session_file_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.sqlite"
    wrong.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(GameError, match="not a game session file"):
        Rooms(wrong)


# ------------------------------------------------------------------------------------------ a round closing when the server stopped
def test_a_round_whose_last_submission_was_recorded_before_a_stop_is_closed_on_recovery(rooms: Rooms) -> None:
    """The server stopped after recording the last submission and before ending the turn: the round closes once."""
    code, _facilitator, tokens = started(rooms, ["programme_director", "dg:SZW"])
    rooms.act(code, tokens["programme_director"], "programme_director", PROPOSE)
    assert rooms.submit(code, tokens["dg:SZW"], "dg:SZW") is False
    room = rooms.room(code)
    with sqlite3.connect(rooms.path) as db:  # what the stop left: the submission, no end of turn
        db.execute("INSERT INTO web_submissions (room_id, round, role, submitted) VALUES (?, 1, 'programme_director', 'now')", (room.id,))
    restarted = Rooms(rooms.path)
    assert restarted.room(code).state == "open"
    assert restarted.recover() == [code]
    room = restarted.room(code)
    assert (room.state, room.round) == ("closed", 1)
    game = restarted.game(room)
    assert game.turn == 2 and len(game.reports) == 1 and len(game.log) == 1
    assert restarted.recover() == []  # nothing twice


def test_a_turn_the_engine_ended_before_a_stop_is_recorded_as_closed_not_played_again(rooms: Rooms) -> None:
    code, _facilitator, tokens = started(rooms, ["programme_director"])
    room = rooms.room(code)
    with sqlite3.connect(rooms.path) as db:
        db.execute("INSERT INTO web_submissions (room_id, round, role, submitted) VALUES (?, 1, 'programme_director', 'now')", (room.id,))
    rooms.game(room).end_turn()  # the engine saved the turn; the stop came before the room was marked closed
    restarted = Rooms(rooms.path)
    assert restarted.room(code).state == "open"
    assert restarted.recover() == []  # rebuilding the game records the round as closed: no second turn
    room = restarted.room(code)
    assert (room.state, room.round) == ("closed", 1)
    assert restarted.game(room).turn == 2 and len(restarted.game(room).reports) == 1


# ------------------------------------------------------------------------------------------ idle sessions
def test_idle_sessions_are_removed_after_their_time_and_active_ones_kept(rooms: Rooms) -> None:
    lobby = rooms.create("national_2025", roles=["programme_director"], turns=2).code
    code, facilitator, tokens = started(rooms, ["programme_director"])
    hour = 3600.0
    now = time.time()
    assert rooms.cleanup(168 * hour, 12 * hour, now=now + 11 * hour) == []
    assert rooms.cleanup(168 * hour, 12 * hour, now=now + 13 * hour) == [lobby]  # never started: gone after 12 hours
    with pytest.raises(WebError):
        rooms.room(lobby)
    # activity counts from the last change: a decision a day later keeps the game another week
    with sqlite3.connect(rooms.path) as db:
        db.execute("UPDATE web_sessions SET last_active = ? WHERE code = ?", (now - 160 * hour, code))
    rooms.act(code, tokens["programme_director"], "programme_director", PROPOSE)
    assert rooms.cleanup(168 * hour, 12 * hour, now=time.time() + 100 * hour) == []
    assert rooms.cleanup(168 * hour, 12 * hour, now=time.time() + 169 * hour) == [code]
    with sqlite3.connect(rooms.path) as db:
        left = [db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("web_sessions", "web_players", "web_submissions", "web_events")]
    assert left == [0, 0, 0, 0]
    with pytest.raises(WebError):
        rooms.open_round(code, facilitator)


def test_a_session_file_from_before_idle_times_gets_the_column_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    rooms = Rooms(path)
    code = rooms.create("national_2025", roles=["programme_director"], turns=2).code
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE web_sessions DROP COLUMN last_active")
    upgraded = Rooms(path)
    assert upgraded.cleanup(3600.0, 3600.0) == []  # idle time counts from the upgrade
    assert upgraded.room(code).state == "lobby"


# ------------------------------------------------------------------------------------------ explorer limits
def test_explorer_keeps_a_few_runs_per_client_and_stops_a_long_step_in_time() -> None:
    explorer = Explorer(runs_per_owner=2)
    first = explorer.start("national_2025", owner="10.0.0.1")["run"]
    other = explorer.start("national_2025", owner="10.0.0.2")["run"]
    second = explorer.start("national_2025", owner="10.0.0.1")["run"]
    third = explorer.start("national_2025", owner="10.0.0.1")["run"]
    with pytest.raises(WebError):
        explorer.run(first)  # the client's oldest made room for its newest
    for kept in (second, third, other):
        assert explorer.run(kept).id == kept
    quick = explorer.step(second, 60, max_seconds=0.0)
    assert quick["month"] == 1  # one month at least, then the time is up
    assert explorer.step(second, 11)["month"] == 12
