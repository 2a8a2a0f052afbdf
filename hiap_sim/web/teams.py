"""Several teams in one facilitated session, and the requests between a team's participants, kept in SQLite.

A session with several teams is a family of rooms: team 1 is the session's own room (its join code is the one
the facilitator gives out, its facilitator token the only one), each further team a room of its own with the
same scenario, seed, roles on offer, rounds and language (``parent_id`` names the session, ``team`` its
number). Each team plays its own game (its own simulation and autopilot), so the teams' scores are comparable
and their differences come from their decisions alone. The facilitator's controls act on every team: opening
and closing rounds, pausing and injecting events.

Requests between participants (:mod:`hiap_sim.game.requests`) live in the game while the round runs; this
module keeps them in ``web_requests`` so that a restarted server loses no question and no answer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from hiap_sim.game.requests import PendingRequest

if TYPE_CHECKING:
    from hiap_sim.game.session import GameSession
    from hiap_sim.web.rooms import Room

MAX_TEAMS = 8


class WebError(Exception):
    """A request the web layer refuses: an HTTP status and a message key of the web catalogue with its values."""

    def __init__(self, status: int, key: str, headers: dict[str, str] | None = None, **values: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values
        self.headers = headers or {}


class TeamRooms:
    """The teams of a session and the stored requests of a room (mixed into :class:`hiap_sim.web.rooms.Rooms`)."""

    _COLUMNS: str  # the rest (``room``, ``players``, ``submitted``, ``_connect``, ``_room``) is Rooms'

    # ------------------------------------------------------------------------------------ teams
    def owner(self, room: Room) -> Room:
        """The session a room belongs to: team 1's room (itself, for team 1 and for a session of one team)."""
        if room.parent_id is None:
            return room
        with self._connect() as db:
            row = db.execute(f"SELECT {self._COLUMNS} FROM web_sessions WHERE id = ?", (room.parent_id,)).fetchone()
        if row is None:
            raise WebError(404, "web.err.no_session", code=room.code)
        return self._room(row)

    def family(self, room: Room) -> list[Room]:
        """Every team of the session ``room`` belongs to, team 1 first."""
        head = self.owner(room)
        with self._connect() as db:
            rows = db.execute(f"SELECT {self._COLUMNS} FROM web_sessions WHERE parent_id = ? ORDER BY team", (head.id,)).fetchall()
        return [head, *(self._room(r) for r in rows)]

    def team_room(self, room: Room, team: Any) -> Room:
        """The room of team number ``team`` in ``room``'s session."""
        try:
            number = int(team)
        except (TypeError, ValueError):
            number = -1
        for member in self.family(room):
            if member.team == number:
                return member
        raise WebError(400, "web.err.team_unknown", found=str(team)[:10], known=", ".join(str(m.team) for m in self.family(room)))

    def family_revision(self, room: Room) -> int:
        """A number that moves on whenever anything changes in any team of the session (for live pages)."""
        head = room.parent_id or room.id
        with self._connect() as db:
            (total,) = db.execute("SELECT COALESCE(SUM(revision), 0) + COUNT(*) FROM web_sessions WHERE id = ? OR parent_id = ?", (head, head)).fetchone()
        return int(total)

    def teams_state(self, room: Room) -> list[dict[str, Any]]:
        """Each team's round and players (names, who has submitted): for the session's facilitator."""
        out = []
        for team in self.family(room):
            submitted = self.submitted(team) if team.state == "open" else set()
            out.append({"team": team.team, "code": team.code, "state": team.state, "round": team.round,
                        "players": [{"role": s.role, "name": s.name, "submitted": s.role in submitted} for s in self.players(team)]})
        return out

    # ------------------------------------------------------------------------------------ requests
    def save_requests(self, room: Room, session: GameSession) -> None:
        """Keep the turn's requests (questions, answers so far, outcome) in the session file."""
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        with self._connect() as db:
            for request in session.requests:
                db.execute("INSERT OR REPLACE INTO web_requests (room_id, id, turn, request_json, created) VALUES (?, ?, ?, ?, "
                           "COALESCE((SELECT created FROM web_requests WHERE room_id = ? AND id = ?), ?))",
                           (room.id, request.id, request.turn, json.dumps(request.to_dict()), room.id, request.id, now))

    def restore_requests(self, room: Room, session: GameSession) -> None:
        """After a restart: the requests of the running round come back with the answers given so far."""
        with self._connect() as db:
            rows = db.execute("SELECT request_json FROM web_requests WHERE room_id = ? ORDER BY id", (room.id,)).fetchall()
        for (data,) in rows:
            session.restore_request(PendingRequest.from_dict(json.loads(data)))


__all__ = ["MAX_TEAMS", "TeamRooms", "WebError"]
