"""Facilitated multiplayer sessions ('rooms') on the game engine, kept in SQLite.

The game engine (:mod:`hiap_sim.game`) plays one session with one or more roles; it has no notion of remote
players who decide separately, of rounds a facilitator opens and closes, or of events a trainer injects. This
module adds those on top of the engine's public API and its session file:

- a **lobby**: the facilitator creates a room from a scenario and chooses the roles on offer; players join with
  the room's code, pick a free role and get a personal token (they can act only for that role);
- **rounds**: the facilitator starts the game (the engine session is created with the roles that were taken;
  organisations nobody plays follow the model's rules), opens and closes rounds, sets a timer and pauses.
  A player's decisions are carried out at once (``GameSession.act``: partners answer straight away); the
  player then submits, and the round closes (``GameSession.end_turn``: the model runs the round's months)
  when every player has submitted, when the timer runs out, or when the facilitator closes it;
- **events** injected by the facilitator (a crisis, a budget cut, an early election) through the model's own
  event methods, on the players' simulation and on the autopilot alike, so the score stays a fair comparison;
- **persistence**: the engine's tables keep the settings, decision log and turn reports (saved after every
  decision); this module's tables (``web_*`` in the same file) keep the room, its players and tokens, its
  round state and timer, submissions and injected events. After a restart a room is rebuilt by replaying the
  decision log with the injected events at the same place in it, and checked against the saved scores.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hiap_sim.control import Simulation
from hiap_sim.game.actions import ActionError
from hiap_sim.game.requests import PendingRequest
from hiap_sim.game.roles import RoleError, available_roles
from hiap_sim.game.session import ActionResult, GameError, GameSession, TurnReport
from hiap_sim.game.store import SessionRecord, SessionStore
from hiap_sim.game.text import LANGUAGES
from hiap_sim.scenario import ScenarioError, resolve_scenario, scenario_from_dict
from hiap_sim.scenario.defaults import CRISIS_THEMES
from hiap_sim.web.teams import MAX_TEAMS, TeamRooms, WebError

SCHEMA = """
CREATE TABLE IF NOT EXISTS web_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    facilitator_token TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    turns INTEGER NOT NULL,
    months_per_turn INTEGER NOT NULL,
    lang TEXT NOT NULL,
    roles_json TEXT NOT NULL,
    game_id INTEGER,
    state TEXT NOT NULL DEFAULT 'lobby',
    round INTEGER NOT NULL DEFAULT 0,
    timer_seconds INTEGER NOT NULL DEFAULT 0,
    deadline REAL,
    paused INTEGER NOT NULL DEFAULT 0,
    remaining REAL,
    revision INTEGER NOT NULL DEFAULT 0,
    last_active REAL
);
CREATE TABLE IF NOT EXISTS web_players (
    room_id INTEGER NOT NULL REFERENCES web_sessions(id),
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    joined TEXT NOT NULL,
    PRIMARY KEY (room_id, role)
);
CREATE TABLE IF NOT EXISTS web_submissions (
    room_id INTEGER NOT NULL REFERENCES web_sessions(id),
    round INTEGER NOT NULL,
    role TEXT NOT NULL,
    submitted TEXT NOT NULL,
    PRIMARY KEY (room_id, round, role)
);
CREATE TABLE IF NOT EXISTS web_requests (
    room_id INTEGER NOT NULL REFERENCES web_sessions(id),
    id INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    request_json TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (room_id, id)
);
CREATE TABLE IF NOT EXISTS web_events (
    room_id INTEGER NOT NULL REFERENCES web_sessions(id),
    seq INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    after_decisions INTEGER NOT NULL,
    kind TEXT NOT NULL,
    params_json TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (room_id, seq)
);
"""

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed
CODE_LENGTH = 6
EVENT_KINDS = ("crisis", "budget_cut", "election")
STATES = ("lobby", "open", "closed", "finished")
DEFAULT_CRISIS_SIZE = 0.4  # the scenario schema's default crisis size (Crisis.size)


@dataclass
class Room:
    """A room as stored: settings, state of the rounds and the timer."""

    id: int
    code: str
    facilitator_token: str
    created: str
    scenario_name: str
    scenario: dict[str, Any]
    seed: int
    turns: int
    months_per_turn: int
    lang: str
    roles: list[str]
    game_id: int | None
    state: str
    round: int
    timer_seconds: int
    deadline: float | None
    paused: bool
    remaining: float | None
    revision: int
    parent_id: int | None = None  # a team's room: the session (team 1's room) it belongs to
    team: int = 1

    def seconds_left(self, now: float | None = None) -> float | None:
        """Seconds until the timer closes the round (None without a timer)."""
        if self.state != "open":
            return None
        if self.paused:
            return self.remaining
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - (now if now is not None else time.time()))


@dataclass
class PlayerSeat:
    """A player in a room: the role they hold and their name."""

    role: str
    name: str
    token: str
    joined: str


def same_token(given: Any, token: str) -> bool:
    """Whether a token someone gave is this token, in constant time (as bytes: any text may come in a request)."""
    return secrets.compare_digest(str(given).encode("utf-8", "surrogatepass"), token.encode("utf-8", "surrogatepass"))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def apply_event(session: GameSession, kind: str, params: dict[str, Any]) -> None:
    """Carry out an injected event on the players' simulation and on the autopilot (the model's own event methods)."""
    for sim in (session.sim, session.autopilot):
        if kind == "crisis":
            sim.start_crisis(params["crisis"], float(params["size"]), float(params["half_life"]), tuple(params["departments"]))
        elif kind == "budget_cut":
            sim.budget_cut(tuple(params["departments"]), float(params["fraction"]))
        elif kind == "election":
            sim.election()
        else:  # pragma: no cover - kinds are checked before they are stored
            raise ValueError(kind)


def replay(record: SessionRecord, events: list[dict[str, Any]]) -> GameSession:
    """Rebuild a session from the engine's record and the injected events, exactly as it was played.

    Decisions and events are taken in the order they happened: an event injected after ``n`` decisions comes
    right after decision ``n``. Turns the record says were ended are ended again; the scores of those turns
    must equal the saved ones.
    """
    scenario = scenario_from_dict(record.scenario)
    session = GameSession(scenario, record.roles, seed=record.seed, lang=record.lang, turns=record.turns,
                          months_per_turn=record.months_per_turn, scenario_name=record.scenario_name)
    session.wait_for_players = True
    turns_done = record.current_turn - 1
    by_turn: dict[int, list[tuple[tuple[int, int, int], str, dict[str, Any]]]] = defaultdict(list)
    for entry in record.log:
        by_turn[int(entry["turn"])].append(((int(entry["seq"]), 0, 0), "decision", entry))
    for event in events:
        by_turn[int(event["turn"])].append(((int(event["after_decisions"]), 1, int(event["seq"])), "event", event))
    for turn in range(1, turns_done + 2):
        if session.finished:
            break
        for _key, what, item in sorted(by_turn.get(turn, []), key=lambda entry: entry[0]):
            if what == "decision":
                session.redo(item)
            else:
                apply_event(session, item["kind"], item["params"])
        if turn <= turns_done:
            session.end_turn()
    for stored, replayed in zip(record.reports, session.reports, strict=False):
        if abs(stored["score"]["total"] - replayed.score["total"]) > 1e-6:
            raise GameError(f"turn {stored['turn']}: score {stored['score']['total']:.3f} saved, {replayed.score['total']:.3f} now")
    return session


class Rooms(TeamRooms):
    """All rooms of one session file, with the live game of each room kept in memory.

    Every change to a room happens under that room's lock, so two players acting at the same moment are
    carried out one after the other, in the order they arrive (the decision log records that order).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.store = SessionStore(path)
        self.path = self.store.path
        with self._connect() as db:
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(web_sessions)")}
            if "last_active" not in columns:  # a session file from before idle sessions were cleaned up
                db.execute("ALTER TABLE web_sessions ADD COLUMN last_active REAL")
                db.execute("UPDATE web_sessions SET last_active = ?", (time.time(),))  # their idle time counts from now
            if "parent_id" not in columns:  # a session file from before sessions had teams: every room is one team
                db.execute("ALTER TABLE web_sessions ADD COLUMN parent_id INTEGER")
                db.execute("ALTER TABLE web_sessions ADD COLUMN team INTEGER NOT NULL DEFAULT 1")
        self._guard = threading.Lock()
        self._locks: dict[int, threading.RLock] = {}
        self._games: dict[int, GameSession] = {}
        self._roles_cache: dict[str, list[tuple[str, str, str]]] = {}
        self._room_roles: dict[int, dict[str, tuple[str, str]]] = {}
        self._unrecoverable: set[str] = set()

    # ------------------------------------------------------------------------------------ storage
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def lock(self, room_id: int) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(room_id, threading.RLock())

    @staticmethod
    def _room(row: tuple[Any, ...]) -> Room:
        return Room(
            id=row[0], code=row[1], facilitator_token=row[2], created=row[3], scenario_name=row[4], scenario=json.loads(row[5]),
            seed=row[6], turns=row[7], months_per_turn=row[8], lang=row[9], roles=json.loads(row[10]), game_id=row[11], state=row[12],
            round=row[13], timer_seconds=row[14], deadline=row[15], paused=bool(row[16]), remaining=row[17], revision=row[18],
            parent_id=row[19], team=int(row[20] or 1),
        )

    _COLUMNS = ("id, code, facilitator_token, created, scenario_name, scenario_json, seed, turns, months_per_turn, lang, roles_json, game_id, "
                "state, round, timer_seconds, deadline, paused, remaining, revision, parent_id, team")

    def room(self, code: str) -> Room:
        """The room with this join code (WebError 404 when there is none)."""
        clean = str(code).strip().upper()
        with self._connect() as db:
            row = db.execute(f"SELECT {self._COLUMNS} FROM web_sessions WHERE code = ?", (clean,)).fetchone()
        if row is None:
            raise WebError(404, "web.err.no_session", code=str(code)[:20])
        return self._room(row)

    def _update(self, room_id: int, **values: Any) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        with self._connect() as db:
            db.execute(f"UPDATE web_sessions SET {columns}, revision = revision + 1, last_active = ? WHERE id = ?", (*values.values(), time.time(), room_id))

    def _touch(self, room_id: int, db: sqlite3.Connection | None = None) -> None:
        """Something changed in the room: pages reload their panels, and the room counts as active."""
        if db is not None:
            db.execute("UPDATE web_sessions SET revision = revision + 1, last_active = ? WHERE id = ?", (time.time(), room_id))
            return
        with self._connect() as connection:
            self._touch(room_id, connection)

    def players(self, room: Room) -> list[PlayerSeat]:
        """The players of a room, in the order of the roles on offer."""
        with self._connect() as db:
            rows = db.execute("SELECT role, name, token, joined FROM web_players WHERE room_id = ?", (room.id,)).fetchall()
        order = {role: k for k, role in enumerate(room.roles)}
        return sorted((PlayerSeat(*row) for row in rows), key=lambda seat: order.get(seat.role, len(order)))

    def submitted(self, room: Room, round_number: int | None = None) -> set[str]:
        """Roles that have submitted their decisions for the round."""
        number = room.round if round_number is None else round_number
        with self._connect() as db:
            return {r for (r,) in db.execute("SELECT role FROM web_submissions WHERE room_id = ? AND round = ?", (room.id, number))}

    def events(self, room: Room) -> list[dict[str, Any]]:
        """Events the facilitator injected, in order."""
        with self._connect() as db:
            rows = db.execute("SELECT seq, turn, after_decisions, kind, params_json, created FROM web_events WHERE room_id = ? ORDER BY seq",
                              (room.id,)).fetchall()
        return [{"seq": s, "turn": t, "after_decisions": a, "kind": k, "params": json.loads(p), "created": c} for s, t, a, k, p, c in rows]

    # ------------------------------------------------------------------------------------ scenarios and roles
    def scenario_roles(self, scenario_name: str) -> list[tuple[str, str, str]]:
        """(role id, role kind, organisation code) of every role a scenario offers."""
        if scenario_name not in self._roles_cache:
            try:
                scenario, _ = resolve_scenario(scenario_name)
            except ScenarioError as exc:
                raise WebError(400, "web.err.scenario", message=str(exc)) from None
            view = Simulation(scenario, months=1).view
            self._roles_cache[scenario_name] = [(r.id, r.kind, r.org_code) for r in available_roles(view)]
        return self._roles_cache[scenario_name]

    def role_orgs(self, room: Room) -> dict[str, tuple[str, str]]:
        """Role id -> (role kind, organisation code) for the roles of a room, from its stored scenario."""
        cached = self._room_roles.get(room.id)
        if cached is None:
            view = Simulation(scenario_from_dict(room.scenario), months=1).view
            cached = {r.id: (r.kind, r.org_code) for r in available_roles(view)}
            self._room_roles[room.id] = cached
        return cached

    # ------------------------------------------------------------------------------------ lobby
    def create(self, scenario_name: str, roles: list[str] | None = None, seed: int | None = None, turns: int | None = None,
               months_per_turn: int | None = None, lang: str = "en", teams: int = 1) -> Room:
        """A new room in the lobby; the game's settings are checked now by building the game once."""
        try:
            scenario, _ = resolve_scenario(scenario_name)
        except ScenarioError as exc:
            raise WebError(400, "web.err.scenario", message=str(exc)) from None
        offered = self.scenario_roles(scenario_name)
        known = [role_id for role_id, _kind, _code in offered]
        chosen = known if not roles else list(dict.fromkeys(roles))
        if not chosen:
            raise WebError(400, "web.err.no_roles")
        for role in chosen:
            if role not in known:
                raise WebError(400, "web.err.role_unknown", role=role, known=", ".join(known))
        if lang not in LANGUAGES:
            lang = "en"
        try:
            trial = GameSession(scenario, chosen[:1], seed=seed, lang=lang, turns=turns, months_per_turn=months_per_turn, scenario_name=scenario.name)
        except (GameError, RoleError) as exc:
            raise WebError(400, "web.err.game", message=str(exc)) from None
        if not 1 <= int(teams) <= MAX_TEAMS:
            raise WebError(400, "web.err.teams", most=MAX_TEAMS, found=teams)
        values = (_now(), scenario.name, json.dumps(scenario.model_dump(mode="json")), trial.seed, trial.turns, trial.months_per_turn, lang, json.dumps(chosen))
        room = self._insert_room(values, None, 1)
        for team in range(2, int(teams) + 1):  # each further team: its own room (players, game, autopilot) on the same settings
            self._insert_room(values, room.id, team)
        return room

    def _insert_room(self, values: tuple[Any, ...], parent_id: int | None, team: int) -> Room:
        for _attempt in range(50):
            code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
            try:
                with self._connect() as db:
                    db.execute(
                        "INSERT INTO web_sessions (code, facilitator_token, created, scenario_name, scenario_json, seed, turns, months_per_turn, lang, roles_json, "
                        "last_active, parent_id, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (code, secrets.token_urlsafe(24), *values, time.time(), parent_id, team),
                    )
                return self.room(code)
            except sqlite3.IntegrityError:
                continue
        raise RuntimeError("could not draw a free session code")

    def join(self, code: str, role: str, name: str, team: int = 1) -> PlayerSeat:
        """Take a free role of a team in the lobby; returns the seat with the player's token."""
        room = self.team_room(self.room(code), team)
        code = room.code
        with self.lock(room.id):
            room = self.room(code)
            if room.state != "lobby":
                raise WebError(409, "web.err.started")
            match = next((r for r in room.roles if r.lower() == str(role).strip().lower()), None)
            if match is None:
                raise WebError(400, "web.err.role_unknown", role=str(role)[:40], known=", ".join(room.roles))
            seat = PlayerSeat(match, name.strip()[:60] or match, secrets.token_urlsafe(24), _now())
            try:
                with self._connect() as db:
                    db.execute("INSERT INTO web_players (room_id, role, name, token, joined) VALUES (?, ?, ?, ?, ?)",
                               (room.id, seat.role, seat.name, seat.token, seat.joined))
                    self._touch(room.id, db)
            except sqlite3.IntegrityError:
                raise WebError(409, "web.err.role_taken", role=match) from None
            return seat

    # ------------------------------------------------------------------------------------ access
    def require_facilitator(self, code: str, token: str | None) -> Room:
        room = self.room(code)
        if not token:
            raise WebError(401, "web.err.no_token")
        if not same_token(token, self.owner(room).facilitator_token):  # a team's room answers to the session's facilitator
            raise WebError(403, "web.err.not_facilitator", code=room.code)
        return room

    def require_player(self, code: str, token: str | None) -> tuple[Room, PlayerSeat]:
        room = self.room(code)
        if not token:
            raise WebError(401, "web.err.no_token")
        for seat in self.players(room):
            if same_token(token, seat.token):
                return room, seat
        raise WebError(403, "web.err.not_player", code=room.code)

    def holds(self, room: Room, token: str | None) -> bool:
        """Whether the token is the facilitator's or a player's of this room."""
        if not token:
            return False
        return same_token(token, self.owner(room).facilitator_token) or any(same_token(token, s.token) for s in self.players(room))

    def is_member(self, code: str, token: str | None) -> Room:
        """The room if the token is the facilitator's or a player's (for pages both may see, like the debrief)."""
        room = self.room(code)
        if token and same_token(token, self.owner(room).facilitator_token):
            return room
        return self.require_player(code, token)[0]

    # ------------------------------------------------------------------------------------ the game
    def game(self, room: Room) -> GameSession:
        """The room's live game (rebuilt from the session file after a restart). Call under the room's lock."""
        if room.game_id is None:
            raise WebError(409, "web.err.not_started")
        session = self._games.get(room.id)
        if session is None:
            record = self.store.record(room.game_id)
            try:
                session = replay(record, self.events(room))
            except (GameError, ScenarioError) as exc:
                raise WebError(500, "web.err.replay", code=room.code, message=str(exc)) from None
            self.store.attach(session, room.game_id)
            self.restore_requests(room, session)
            self._games[room.id] = session
            self._reconcile(room, session)
        return session

    def _reconcile(self, room: Room, session: GameSession) -> None:
        """A server stopped between ending a turn and recording the round as closed: record it now."""
        if room.state == "open" and session.turn > room.round:
            self._update(room.id, state="finished" if session.finished else "closed", deadline=None, paused=0, remaining=None)

    def view(self, room: Room, lang: str) -> GameSession:
        """The room's game in a language for reading: the live game, or the live game read in the other language
        (the same model; what it said is kept in every language, so nothing is run again)."""
        live = self.game(room)
        if lang == live.lang or lang not in LANGUAGES:
            return live
        return live.reading(lang)

    def forget(self, room_id: int | None = None) -> None:
        """Drop games held in memory (all, or one room's); they are rebuilt from the file when next needed."""
        with self._guard:
            if room_id is None:
                self._games.clear()
            else:
                self._games.pop(room_id, None)

    @contextlib.contextmanager
    def _rebuild_on_failure(self, room_id: int) -> Iterator[None]:
        """An unexpected error half-way through a change may leave the game in memory off its saved record:
        drop it, so that it is rebuilt from the session file (decision log and events) when next needed."""
        try:
            yield
        except ActionError:
            raise  # refused before anything changed
        except Exception:
            self.forget(room_id)
            raise

    # ------------------------------------------------------------------------------------ rounds
    def open_round(self, code: str, token: str | None, timer_minutes: float = 0.0) -> Room:
        """Start the game (round 1) or open the next round, with an optional timer (every team of the session)."""
        room = self.require_facilitator(code, token)
        family = self.family(room)
        for team in family:
            if team.state == "open":
                raise WebError(409, "web.err.round_open", round=team.round)
            if team.state == "finished":
                raise WebError(409, "web.err.finished")
            if team.state == "lobby" and not self.players(team):
                raise WebError(409, "web.err.no_players" if len(family) == 1 else "web.err.team_empty", team=team.team)
        timer = int(round(timer_minutes * 60))
        deadline = time.time() + timer if timer > 0 else None
        for team in family:
            self._open(team.code, timer, deadline)
        return self.room(code)

    def _open(self, code: str, timer: int, deadline: float | None) -> Room:
        room = self.room(code)
        with self.lock(room.id):
            room = self.room(code)
            if room.state in ("open", "finished"):
                return room
            if room.state == "lobby":
                seats = self.players(room)
                if not seats:
                    raise WebError(409, "web.err.no_players")
                scenario = scenario_from_dict(room.scenario)
                try:
                    session = GameSession(scenario, [s.role for s in seats], seed=room.seed, lang=room.lang, turns=room.turns,
                                          months_per_turn=room.months_per_turn, scenario_name=room.scenario_name)
                except (GameError, RoleError) as exc:
                    raise WebError(400, "web.err.game", message=str(exc)) from None
                session.wait_for_players = True
                game_id = self.store.create(session)
                self._games[room.id] = session
                self._update(room.id, game_id=game_id, state="open", round=1, timer_seconds=timer, deadline=deadline, paused=0, remaining=None)
            else:
                session = self.game(room)
                self._update(room.id, state="open", round=session.turn, timer_seconds=timer, deadline=deadline, paused=0, remaining=None)
            return self.room(code)

    def close_round(self, code: str, token: str | None = None, *, by_facilitator: bool = True) -> TurnReport:
        """Close the open round: the model runs the round's months and the feedback comes back. The facilitator
        closes the round of every team still in it (the report returned is that of the first)."""
        room = self.require_facilitator(code, token) if by_facilitator else self.room(code)
        teams = self.family(room) if by_facilitator else [room]
        reports = []
        for team in teams:
            with self.lock(team.id):
                team = self.room(team.code)
                if team.state == "open":
                    reports.append(self._close(team))
        if not reports:
            raise WebError(409, "web.err.round_not_open")
        return reports[0]

    def _close(self, room: Room) -> TurnReport:
        session = self.game(room)
        with self._rebuild_on_failure(room.id):
            session.settle()  # requests nobody answered: the model answers for them, before the months run
            self.save_requests(room, session)
            report = session.end_turn()
        self._update(room.id, state="finished" if session.finished else "closed", deadline=None, paused=0, remaining=None)
        return report

    def pause(self, code: str, token: str | None) -> Room:
        room = self.require_facilitator(code, token)
        if room.parent_id is None and len(self.family(room)) > 1:
            for team in self.family(room)[1:]:
                with contextlib.suppress(WebError):
                    self.pause(team.code, token)
        with self.lock(room.id):
            room = self.room(code)
            if room.state != "open":
                raise WebError(409, "web.err.round_not_open")
            if not room.paused:
                self._update(room.id, paused=1, remaining=room.seconds_left(), deadline=None)
            return self.room(code)

    def resume(self, code: str, token: str | None) -> Room:
        room = self.require_facilitator(code, token)
        if room.parent_id is None and len(self.family(room)) > 1:
            for team in self.family(room)[1:]:
                with contextlib.suppress(WebError):
                    self.resume(team.code, token)
        with self.lock(room.id):
            room = self.room(code)
            if not room.paused:
                raise WebError(409, "web.err.not_paused")
            deadline = time.time() + room.remaining if room.remaining is not None else None
            self._update(room.id, paused=0, remaining=None, deadline=deadline)
            return self.room(code)

    def tick(self, now: float | None = None) -> list[str]:
        """Close every open, unpaused round whose timer has run out; returns their codes."""
        moment = time.time() if now is None else now
        with self._connect() as db:
            codes = [c for (c,) in db.execute("SELECT code FROM web_sessions WHERE state = 'open' AND paused = 0 AND deadline IS NOT NULL AND deadline <= ?",
                                             (moment,))]
        closed = []
        for code in codes:
            try:
                self.close_round(code, by_facilitator=False)
                closed.append(code)
            except WebError:
                continue  # closed meanwhile by the facilitator or the last submission
        return closed

    def recover(self) -> list[str]:
        """Close every open round in which every player has submitted; returns their codes.

        The last submission closes its round at once; a server stopped between recording that submission and
        ending the turn leaves the round open with nobody able to act. The app calls this at start and with
        every timer check, so such a round closes as soon as the server is back."""
        with self._connect() as db:
            codes = [c for (c,) in db.execute(
                "SELECT s.code FROM web_sessions s WHERE s.state = 'open' AND s.game_id IS NOT NULL "
                "AND EXISTS (SELECT 1 FROM web_players p WHERE p.room_id = s.id) "
                "AND NOT EXISTS (SELECT 1 FROM web_players p WHERE p.room_id = s.id AND p.role NOT IN "
                "(SELECT w.role FROM web_submissions w WHERE w.room_id = s.id AND w.round = s.round))")]
        closed = []
        for code in codes:
            if code in self._unrecoverable:
                continue
            try:
                if self._recover_room(code):
                    closed.append(code)
            except WebError:  # removed meanwhile, or a game that no longer replays (its pages say so): not tried again
                self._unrecoverable.add(code)
        return closed

    def _recover_room(self, code: str) -> bool:
        room = self.room(code)
        with self.lock(room.id):
            room = self.room(code)
            if room.state != "open":
                return False
            session = self.game(room)  # may record a turn the engine ended before the stop
            room = self.room(code)
            if room.state != "open" or not {p.role.id for p in session.players} <= self.submitted(room):
                return False
            self._close(room)
            return True

    def cleanup(self, idle_seconds: float, lobby_idle_seconds: float, now: float | None = None) -> list[str]:
        """Remove rooms nobody has touched for ``idle_seconds`` (``lobby_idle_seconds`` for rooms never started).

        The room, its players, tokens, submissions and events go; a started game's record stays in the session
        file with the engine's other sessions (``hiap-sim sessions`` lists it). Returns the removed codes."""
        moment = time.time() if now is None else now
        with self._connect() as db:
            idle = "(COALESCE(r.last_active, 0) < ? OR (r.state = 'lobby' AND COALESCE(r.last_active, 0) < ?))"
            # a session goes with all its teams, when every team is idle
            parents = db.execute(f"SELECT s.id FROM web_sessions s WHERE s.parent_id IS NULL AND NOT EXISTS (SELECT 1 FROM web_sessions r "
                                 f"WHERE (r.id = s.id OR r.parent_id = s.id) AND NOT {idle})",
                                 (moment - idle_seconds, moment - lobby_idle_seconds)).fetchall()
            ids = [i for (i,) in parents]
            rows = db.execute(f"SELECT id, code FROM web_sessions WHERE id IN ({','.join('?' * len(ids))}) OR parent_id IN ({','.join('?' * len(ids))})",
                              (*ids, *ids)).fetchall() if ids else []
            for room_id, _code in rows:
                for table in ("web_events", "web_submissions", "web_players", "web_requests"):
                    db.execute(f"DELETE FROM {table} WHERE room_id = ?", (room_id,))
                db.execute("DELETE FROM web_sessions WHERE id = ?", (room_id,))
        for room_id, _code in rows:
            self.forget(room_id)
            with self._guard:
                self._locks.pop(room_id, None)
                self._room_roles.pop(room_id, None)
        return [code for _id, code in rows]

    # ------------------------------------------------------------------------------------ players' decisions
    def _check_can_act(self, room: Room, seat: PlayerSeat) -> None:
        if room.state == "finished":
            raise WebError(409, "web.err.finished")
        if room.state != "open":
            raise WebError(409, "web.err.round_not_open")
        if room.paused:
            raise WebError(409, "web.err.paused")
        if seat.role in self.submitted(room):
            raise WebError(409, "web.err.already_submitted", round=room.round)

    def act(self, code: str, token: str | None, role: str, action: dict[str, Any],
            lang: str | None = None) -> tuple[ActionResult | PendingRequest, GameSession]:
        """A player's decision, carried out at once, or, when it asks an organisation another participant plays, a
        request that waits for their answer (ActionError says why it cannot be taken).

        Returns what it did (or the request) and the game, both in ``lang`` (the game's own language by default)."""
        room, seat = self.require_player(code, token)
        if str(role) != seat.role:
            raise WebError(403, "web.err.wrong_role", held=seat.role, asked=str(role)[:40])
        with self.lock(room.id):
            room = self.room(code)
            self._check_can_act(room, seat)
            session = self.game(room)
            with self._rebuild_on_failure(room.id):
                result = session.ask(seat.role, action)
            if isinstance(result, PendingRequest):
                self.save_requests(room, session)
            self._touch(room.id)
            if isinstance(result, PendingRequest):
                return result, self.view(room, lang or session.lang)
            if lang is None or lang == session.lang:
                return result, session
            view = self.view(room, lang)
            return next(r for r in view.results if r.seq == result.seq), view

    def check_action(self, code: str, token: str | None, role: str, action: dict[str, Any]) -> dict[str, Any]:
        """An action in canonical form if the player could take it now (nothing is changed)."""
        room, seat = self.require_player(code, token)
        if str(role) != seat.role:
            raise WebError(403, "web.err.wrong_role", held=seat.role, asked=str(role)[:40])
        with self.lock(room.id):
            room = self.room(code)
            self._check_can_act(room, seat)
            return self.game(room).check(seat.role, action)

    def answer(self, code: str, token: str | None, request_id: int, accept: Any, reason: Any = None, partner: str | None = None) -> ActionResult | None:
        """A player answers a request for the organisation they play (also after submitting, while the round is
        open); the request is carried out when its last answer is in."""
        room, seat = self.require_player(code, token)
        with self.lock(room.id):
            room = self.room(code)
            if room.state != "open":
                raise WebError(409, "web.err.round_not_open")
            if room.paused:
                raise WebError(409, "web.err.paused")
            session = self.game(room)
            with self._rebuild_on_failure(room.id):
                result = session.answer(seat.role, request_id, accept, reason, partner)
            self.save_requests(room, session)
            self._touch(room.id)
            return result

    def submit(self, code: str, token: str | None, role: str) -> bool:
        """A player is done for the round; True when that closed the round (every player has submitted)."""
        room, seat = self.require_player(code, token)
        if str(role) != seat.role:
            raise WebError(403, "web.err.wrong_role", held=seat.role, asked=str(role)[:40])
        with self.lock(room.id):
            room = self.room(code)
            self._check_can_act(room, seat)
            with self._connect() as db:
                db.execute("INSERT OR IGNORE INTO web_submissions (room_id, round, role, submitted) VALUES (?, ?, ?, ?)", (room.id, room.round, seat.role, _now()))
                self._touch(room.id, db)
            playing = {p.role.id for p in self.game(room).players}
            if playing <= self.submitted(room):
                self._close(room)
                return True
            return False

    # ------------------------------------------------------------------------------------ events
    def inject(self, code: str, token: str | None, kind: str, crisis: str | None = None, size: float | None = None,
               half_life: float | None = None, departments: list[str] | None = None, fraction: float | None = None) -> dict[str, Any]:
        """The facilitator injects an event; it takes effect now (in every team's game) and is replayed at the same
        point after a restart."""
        room = self.require_facilitator(code, token)
        if room.parent_id is None and len(self.family(room)) > 1:
            for team in self.family(room)[1:]:
                with contextlib.suppress(WebError):
                    self.inject(team.code, token, kind, crisis, size, half_life, departments, fraction)
        with self.lock(room.id):
            room = self.room(code)
            if room.state == "lobby":
                raise WebError(409, "web.err.not_started")
            if room.state == "finished":
                raise WebError(409, "web.err.finished")
            session = self.game(room)
            params = self._event_params(session, kind, crisis, size, half_life, departments, fraction)
            with self._rebuild_on_failure(room.id):
                apply_event(session, kind, params)
            events = self.events(room)
            entry = {"seq": len(events) + 1, "turn": session.turn, "after_decisions": len(session.log), "kind": kind, "params": params, "created": _now()}
            with self._connect() as db:
                db.execute("INSERT INTO web_events (room_id, seq, turn, after_decisions, kind, params_json, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (room.id, entry["seq"], entry["turn"], entry["after_decisions"], kind, json.dumps(params), entry["created"]))
                self._touch(room.id, db)
            return entry

    @staticmethod
    def _event_params(session: GameSession, kind: str, crisis: str | None, size: float | None, half_life: float | None,
                      departments: list[str] | None, fraction: float | None) -> dict[str, Any]:
        view = session.view
        active = [o.code for o in view.organisations[: view.n_departments] if o.active]
        codes = []
        for raw in departments or []:
            match = next((c for c in active if c.lower() == str(raw).strip().lower()), None)
            if match is None:
                raise WebError(400, "web.err.unknown_department", found=str(raw)[:20], known=", ".join(active))
            codes.append(match)
        codes = list(dict.fromkeys(codes))
        if kind == "crisis":
            if fraction is not None:
                raise WebError(400, "web.err.event_fields", kind=kind, fields="fraction")
            name = crisis or "other"
            if name not in CRISIS_THEMES:
                raise WebError(400, "web.err.unknown_crisis", found=str(name)[:30], known=", ".join(CRISIS_THEMES))
            scheduled = session.scenario.crises
            return {"crisis": name, "size": float(DEFAULT_CRISIS_SIZE if size is None else size),
                    "half_life": float(scheduled.random_half_life_months if half_life is None else half_life), "departments": codes}
        if kind == "budget_cut":
            extra = [n for n, v in (("crisis", crisis), ("size", size), ("half_life", half_life)) if v is not None]
            if extra:
                raise WebError(400, "web.err.event_fields", kind=kind, fields=", ".join(extra))
            return {"departments": codes, "fraction": float(0.2 if fraction is None else fraction)}
        if kind == "election":
            extra = [n for n, v in (("crisis", crisis), ("size", size), ("half_life", half_life), ("fraction", fraction)) if v is not None]
            if extra or codes:
                raise WebError(400, "web.err.event_fields", kind=kind, fields=", ".join(extra + (["departments"] if codes else [])))
            return {}
        raise WebError(400, "web.err.event_fields", kind=str(kind)[:20], fields="kind")

    # ------------------------------------------------------------------------------------ summaries
    def public_state(self, room: Room) -> dict[str, Any]:
        """What anyone with the code may see: what the join page needs (no names, no submissions)."""
        taken = {s.role for s in self.players(room)}
        out = {"code": room.code, "state": room.state, "round": room.round, "turns": room.turns,
               "free_roles": [r for r in room.roles if r not in taken] if room.state == "lobby" else []}
        family = self.family(room)
        if len(family) > 1:
            out["teams"] = [{"team": t.team, "free_roles": [r for r in t.roles if r not in {s.role for s in self.players(t)}] if t.state == "lobby" else []}
                            for t in family]
        return out

    def state(self, room: Room) -> dict[str, Any]:
        """What every page polls: the round, the timer, who plays what and who has submitted."""
        seats = self.players(room)
        submitted = self.submitted(room) if room.state == "open" else set()
        left = room.seconds_left()
        return {
            "code": room.code, "state": room.state, "round": room.round, "turns": room.turns, "paused": room.paused,
            "seconds_left": None if left is None else round(left, 1), "revision": room.revision,
            "players": [{"role": s.role, "name": s.name, "submitted": s.role in submitted} for s in seats],
            "free_roles": [r for r in room.roles if r not in {s.role for s in seats}] if room.state == "lobby" else [],
            "team": room.team, "live": self.family_revision(room),
            "teams": self.teams_state(room) if room.parent_id is None and len(self.family(room)) > 1 else [],
        }


__all__ = ["ActionError", "EVENT_KINDS", "PlayerSeat", "Room", "Rooms", "WebError", "apply_event", "replay", "same_token"]
