"""Saving game sessions in SQLite (standard library ``sqlite3``), after every decision and every turn.

A session is stored as its settings (the fully resolved scenario, seed, roles, language, turn length), its
decision log and the feedback of each finished turn. Resuming replays the decision log on the same scenario
and seed, which rebuilds the session exactly; the stored scores of the finished turns are compared with the
replayed ones, so a changed model or scenario cannot silently alter a saved game.

Each write is its own transaction: a session killed at any moment keeps every decision made before it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hiap_sim.game.actions import ActionError
from hiap_sim.game.session import GameError, GameSession
from hiap_sim.scenario import ScenarioError, load_scenario, scenario_from_dict

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    roles_json TEXT NOT NULL,
    lang TEXT NOT NULL,
    turns INTEGER NOT NULL,
    months_per_turn INTEGER NOT NULL,
    current_turn INTEGER NOT NULL DEFAULT 1,
    finished INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS decisions (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    role TEXT NOT NULL,
    action_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE TABLE IF NOT EXISTS turns (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    turn INTEGER NOT NULL,
    report_json TEXT NOT NULL,
    PRIMARY KEY (session_id, turn)
);
"""


def default_path() -> Path:
    """Where sessions are kept: ``HIAP_SIM_SESSIONS`` or ``results/game_sessions.sqlite``."""
    return Path(os.environ.get("HIAP_SIM_SESSIONS", "results/game_sessions.sqlite"))


@dataclass
class SessionRecord:
    """A stored session: its settings, decision log and finished turns."""

    id: int
    created: str
    updated: str
    scenario_name: str
    scenario: dict[str, Any]
    seed: int
    roles: list[str]
    lang: str
    turns: int
    months_per_turn: int
    current_turn: int
    finished: bool
    log: list[dict[str, Any]]
    reports: list[dict[str, Any]]


class SessionStore:
    """Game sessions in one SQLite file."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connect() as db:
                db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise GameError(f"{self.path} is not a game session file ({exc})") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA foreign_keys = ON")
        return db

    @staticmethod
    def _now() -> str:
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")

    def create(self, session: GameSession) -> int:
        """Store a new session and attach the store to it (it then saves itself)."""
        settings = session.settings()
        now = self._now()
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO sessions (created, updated, scenario_name, scenario_json, seed, roles_json, lang, turns, months_per_turn) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, now, settings["scenario_name"], json.dumps(session.scenario.model_dump(mode="json")), settings["seed"],
                 json.dumps(settings["roles"]), settings["lang"], settings["turns"], settings["months_per_turn"]),
            )
            session_id = int(cursor.lastrowid)
        self.attach(session, session_id)
        return session_id

    def attach(self, session: GameSession, session_id: int) -> None:
        session.store = self
        session.session_id = session_id

    def save_action(self, session_id: int, entry: dict[str, Any], result: dict[str, Any]) -> None:
        with self._connect() as db:
            db.execute("INSERT INTO decisions (session_id, seq, turn, role, action_json, result_json) VALUES (?, ?, ?, ?, ?, ?)",
                       (session_id, entry["seq"], entry["turn"], entry["role"], json.dumps(entry["action"]), json.dumps(result)))
            db.execute("UPDATE sessions SET updated = ? WHERE id = ?", (self._now(), session_id))

    def save_turn(self, session_id: int, report: dict[str, Any], current_turn: int, finished: bool) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO turns (session_id, turn, report_json) VALUES (?, ?, ?)", (session_id, report["turn"], json.dumps(report)))
            db.execute("UPDATE sessions SET current_turn = ?, finished = ?, updated = ? WHERE id = ?", (current_turn, int(finished), self._now(), session_id))

    def set_lang(self, session_id: int, lang: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE sessions SET lang = ? WHERE id = ?", (lang, session_id))

    def record(self, session_id: int | str) -> SessionRecord:
        """The stored session ``session_id`` (GameError naming the known sessions when there is none)."""
        try:
            number = int(str(session_id).strip().lstrip("#"))
        except ValueError:
            number = None
        with self._connect() as db:
            row = db.execute("SELECT id, created, updated, scenario_name, scenario_json, seed, roles_json, lang, turns, months_per_turn, "
                             "current_turn, finished FROM sessions WHERE id = ?", (number,)).fetchone() if number is not None else None
            if row is None:
                known = [str(r[0]) for r in db.execute("SELECT id FROM sessions ORDER BY id DESC LIMIT 10")]
                hint = f"known sessions: {', '.join(known)}" if known else "there are no saved sessions yet"
                raise GameError(f"no game session '{session_id}' in {self.path} ({hint}; list them with: hiap-sim sessions)")
            log = [{"seq": s, "turn": t, "role": r, "action": json.loads(a)}
                   for s, t, r, a in db.execute("SELECT seq, turn, role, action_json FROM decisions WHERE session_id = ? ORDER BY seq", (number,))]
            reports = [json.loads(r) for (r,) in db.execute("SELECT report_json FROM turns WHERE session_id = ? ORDER BY turn", (number,))]
        return SessionRecord(
            id=row[0], created=row[1], updated=row[2], scenario_name=row[3], scenario=json.loads(row[4]), seed=row[5], roles=json.loads(row[6]),
            lang=row[7], turns=row[8], months_per_turn=row[9], current_turn=row[10], finished=bool(row[11]), log=log, reports=reports,
        )

    def sessions(self) -> list[dict[str, Any]]:
        """A line per stored session, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT s.id, s.updated, s.scenario_name, s.seed, s.roles_json, s.current_turn, s.turns, s.finished, "
                              "(SELECT COUNT(*) FROM decisions d WHERE d.session_id = s.id) FROM sessions s ORDER BY s.id DESC").fetchall()
        return [{"id": r[0], "updated": r[1], "scenario": r[2], "seed": r[3], "roles": json.loads(r[4]), "turn": r[5], "turns": r[6],
                 "finished": bool(r[7]), "decisions": r[8]} for r in rows]

    def load(self, session_id: int | str, lang: str | None = None, remember: bool = True) -> GameSession:
        """Rebuild a stored session by replaying its decision log, check it against the saved turns, attach.

        ``lang`` plays it on in another language (kept for later unless ``remember`` is False)."""
        record = self.record(session_id)
        changed = "the model or its scenario schema changed since it was played; replay it with the version that played it"
        try:
            scenario = scenario_from_dict(record.scenario)
        except ScenarioError as exc:
            # the schema moved on: the shipped scenario of that name will do if it replays to the saved scores (checked below)
            try:
                scenario = load_scenario(record.scenario_name)
            except ScenarioError:
                raise GameError(f"session {record.id} cannot be loaded: its saved scenario is no longer valid ({exc}); {changed}") from None
        turns_done = record.current_turn - 1
        try:
            session = GameSession.replay(
                scenario, record.roles, record.log, seed=record.seed, lang=lang or record.lang, turns=record.turns,
                months_per_turn=record.months_per_turn, turns_done=turns_done, scenario_name=record.scenario_name,
            )
        except ActionError as exc:
            raise GameError(f"session {record.id} cannot be replayed: a saved decision is no longer possible ({exc.key}); {changed}") from None
        for stored, replayed in zip(record.reports, session.reports, strict=False):
            if abs(stored["score"]["total"] - replayed.score["total"]) > 1e-6:
                raise GameError(
                    f"session {record.id} no longer replays to the same result (turn {stored['turn']}: score {stored['score']['total']:.3f} "
                    f"saved, {replayed.score['total']:.3f} now); the model or its defaults changed since it was played"
                )
        if remember and lang and lang != record.lang:
            self.set_lang(record.id, lang)
        self.attach(session, record.id)
        return session
