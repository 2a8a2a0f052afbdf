"""kill -9 of a terminal game mid-turn, then resume: the same decisions, results, turn reports and score as the
same game played without interruption. The resume hint names the session file given with --db."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pexpect

from hiap_sim.game import SessionStore

SCRIPT = "seed: 5\nturns:\n  1:\n    - {do: invest_relation, partner: SZW}\n  2:\n    - {do: political_cover}\n  3:\n    - {do: publicise, initiative: '*'}\n"
REST = "turns:\n  3:\n    - {do: publicise, initiative: '*'}\n"


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "hiap_sim.cli", *args]


def env(tmp_path) -> dict[str, str]:
    # the default session file points somewhere else: only --db can find these sessions
    return {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200", "LINES": "60", "HIAP_SIM_SESSIONS": str(tmp_path / "default.sqlite")}


def test_a_game_killed_mid_turn_resumes_with_identical_decisions(tmp_path):
    killed_db, reference_db = tmp_path / "killed.sqlite", tmp_path / "reference.sqlite"
    child = pexpect.spawn(sys.executable, ["-m", "hiap_sim.cli", "play", "national_2025", "--role", "programme_director", "--turns", "3",
                                           "--seed", "5", "--db", str(killed_db)], env=env(tmp_path), encoding="utf-8", timeout=90,
                          dimensions=(60, 200))
    child.expect_exact(f"continue later with: hiap-sim resume 1 --db {killed_db}")
    for answer in ("1", "2", "0"):  # turn 1: invest in the relationship with SZW, end the turn
        child.expect_exact("> ")
        child.sendline(answer)
    child.expect_exact("Turn 2 of 3")
    child.expect_exact("> ")
    child.sendline("12")  # political cover
    child.expect(r"Your minister (backs your work|will not stick their neck out)")
    child.expect_exact("> ")
    child.kill(signal.SIGKILL)  # mid-turn, waiting for the next choice
    child.close()

    assert not (tmp_path / "default.sqlite").exists()
    wrong = subprocess.run(command("resume", "1"), capture_output=True, text=True, env=env(tmp_path), timeout=120)
    assert wrong.returncode == 2 and "--db" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "default.sqlite").exists()  # a failed resume leaves no empty session file behind

    (tmp_path / "rest.yaml").write_text(REST)
    resumed = subprocess.run(command("resume", "1", "--db", str(killed_db), "--script", str(tmp_path / "rest.yaml"), "--no-debrief"),
                             capture_output=True, text=True, env=env(tmp_path), timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resumed session 1 at turn 2 (2 decisions restored)" in resumed.stdout

    (tmp_path / "full.yaml").write_text(SCRIPT)
    reference = subprocess.run(command("play", "national_2025", "--role", "programme_director", "--turns", "3", "--db", str(reference_db),
                                       "--script", str(tmp_path / "full.yaml"), "--no-debrief"),
                               capture_output=True, text=True, env=env(tmp_path), timeout=300)
    assert reference.returncode == 0, reference.stderr

    killed, uninterrupted = SessionStore(killed_db).record(1), SessionStore(reference_db).record(1)
    assert killed.finished and uninterrupted.finished
    assert [(e["turn"], e["role"], e["action"]) for e in killed.log] == [(e["turn"], e["role"], e["action"]) for e in uninterrupted.log]
    assert killed.reports == uninterrupted.reports  # partner decisions, news and scores of every turn
    a, b = SessionStore(killed_db).load(1), SessionStore(reference_db).load(1)
    assert [r.__dict__ for r in a.results] == [r.__dict__ for r in b.results]
    assert a.scores()[0].as_dict() == b.scores()[0].as_dict()
