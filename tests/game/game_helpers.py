"""Shared helpers for the game tests: scripts, running the command line, playing sessions."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiap_sim.game import GameSession
from hiap_sim.game.script import Script, expand, load_script

SCRIPTS = Path(__file__).parent / "scripts"
EXE = [sys.executable, "-m", "hiap_sim.cli"]


def cli(*args: str, db: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run ``hiap-sim`` in a new process with a wide, colourless terminal and an optional session file."""
    env = {**os.environ, "COLUMNS": "200", "LINES": "60", "TERM": "dumb", "NO_COLOR": "1"}
    if db is not None:
        env["HIAP_SIM_SESSIONS"] = str(db)
    return subprocess.run([*EXE, *args], capture_output=True, text=True, env=env, timeout=timeout)


@dataclass
class Outcome:
    """What a command printed and how it ended."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, db: Path | None = None) -> Outcome:
    """Run ``hiap-sim`` in this process (the same commands, without the start-up time of a new interpreter).

    An exception other than the command's own exit would be a traceback for the user: it fails the test.
    """
    from typer.testing import CliRunner

    from hiap_sim.cli import app

    env = {"HIAP_SIM_SESSIONS": str(db)} if db is not None else {}
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def play_script(session: GameSession, script: Script, role: str | None = None, until_turn: int | None = None) -> None:
    """Play scripted decisions turn by turn through the engine (refused decisions are skipped, as the CLI does)."""
    role = role or session.players[0].role.id
    last = session.turns if until_turn is None else until_turn
    while not session.finished and session.turn <= last:
        for raw in script.decisions(session.turn):
            who = raw.get("role", role)
            action = {k: v for k, v in raw.items() if k != "role"}
            for concrete in expand(session, who, action):
                with contextlib.suppress(ValueError):  # refused: skipped, as the command line does
                    session.act(who, concrete)
        session.end_turn()


def script(name: str) -> Script:
    return load_script(SCRIPTS / name)


def act_all(session: GameSession, role: str, actions: list[dict[str, Any]]) -> list[Any]:
    return [session.act(role, a) for a in actions]
