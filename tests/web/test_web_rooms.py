"""Rooms on the game engine, in process: rounds, submissions, injected events replayed at the same point, the
game read in another language, and a file that is not a session file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hiap_sim.game.session import GameError
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
    kinds = [e["kind"] for e in live.model.event_log]
    assert "crisis" in kinds and "budget_cut" in kinds and "cabinet" in kinds
    assert [e["kind"] for e in live.autopilot.event_log if e["kind"] == "budget_cut"][-1:] == ["budget_cut"]  # the yardstick faces them too

    rooms.forget()  # as after a restart: rebuilt from the session file
    rebuilt = rooms.game(rooms.room(code))
    assert rebuilt is not live
    assert rebuilt.decision_log() == live.decision_log()
    assert [r.to_dict() for r in rebuilt.results] == [r.to_dict() for r in live.results]
    assert np.array_equal(rebuilt.model.trust, live.model.trust)
    assert [o.budget for o in rebuilt.model.organisations] == [o.budget for o in live.model.organisations]
    assert [o.political_commitment for o in rebuilt.autopilot.organisations] == [o.political_commitment for o in live.autopilot.organisations]
    assert rebuilt.scores()[0] == live.scores()[0] and rebuilt.scores()[1] == live.scores()[1]


def test_the_game_reads_the_same_in_the_other_language(rooms: Rooms) -> None:
    code, facilitator, tokens = started(rooms, ["programme_director"])
    rooms.act(code, tokens["programme_director"], "programme_director", PROPOSE)
    rooms.close_round(code, facilitator)
    room = rooms.room(code)
    english, dutch = rooms.view(room, "en"), rooms.view(room, "nl")
    assert english is rooms.game(room) and dutch is not english
    assert dutch.scores() == english.scores()
    assert dutch.reports[0].score == english.reports[0].score
    assert len(dutch.reports[0].news) == len(english.reports[0].news)
    assert "Werk en gezondheid" in " ".join(dutch.results[0].messages) and "Work and health" in " ".join(english.results[0].messages)
    assert rooms.view(room, "nl") is dutch  # kept until the game moves on


def test_a_file_that_is_not_a_session_file_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.sqlite"
    wrong.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(GameError, match="not a game session file"):
        Rooms(wrong)
