"""The terminal interface driven as a person would, through a pseudo-terminal: menus, a refused choice,
two turns, a crash (the process is killed) and resuming with every earlier decision intact."""

from __future__ import annotations

import os
import signal
import sys

import pexpect
from game_helpers import run

from hiap_sim.game import SessionStore


def spawn(*args: str, db) -> pexpect.spawn:
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200", "LINES": "60", "HIAP_SIM_SESSIONS": str(db)}
    return pexpect.spawn(sys.executable, ["-m", "hiap_sim.cli", *args], env=env, encoding="utf-8", timeout=60, dimensions=(60, 200))


def answer(child: pexpect.spawn, text: str) -> None:
    child.expect_exact("> ")
    child.sendline(text)


def test_two_turns_in_the_terminal_with_refused_choices_then_a_crash_and_resume(tmp_path):
    db = tmp_path / "sessions.sqlite"
    child = spawn("play", "national_2025", "--role", "programme_director", "--turns", "4", "--seed", "5", db=db)
    child.expect_exact("Session 1")
    child.expect_exact("Turn 1 of 4")
    child.expect_exact("Dashboard")
    # an invalid menu choice is refused with a message that says what to type
    answer(child, "99")
    child.expect_exact("'99' is not one of the choices: type a number from 0 to 15, or one of d, w, r, h, q.")
    answer(child, "1")  # invest in a relationship
    child.expect_exact("partner organisation")
    answer(child, "SZW")  # not a number: refused, the menu comes back
    child.expect_exact("'SZW' is not one of the choices")
    answer(child, "2")  # SZW
    child.expect_exact("counterparts at SZW")
    answer(child, "2")  # propose joint work
    child.expect_exact("topic")
    answer(child, "5")  # work and health
    child.expect_exact("partner organisations")
    answer(child, "2,4")  # SZW and EZK
    answer(child, "")  # level: default 2
    answer(child, "")  # ambition: default
    answer(child, "1")  # HfaP
    answer(child, "1")  # small wins
    answer(child, "1")  # structural money
    child.expect(r"(Joint work #\d+ on Work and health|Nobody joined your proposal on Work and health)")
    child.expect_exact("SZW")
    answer(child, "10")  # commission evidence
    child.expect_exact("A cost-benefit analysis is under way")
    answer(child, "10")  # again: the engine refuses and explains
    child.expect_exact("Not possible: a cost-benefit analysis already exists or is under way")
    answer(child, "0")  # end the turn
    child.expect_exact("News 2025-01 to 2025-06")
    child.expect_exact("Partner decisions")
    child.expect(r"Score -?\d+\.\d vs autopilot -?\d+\.\d")
    child.expect_exact("Turn 2 of 4")
    answer(child, "12")  # political cover
    child.expect(r"Your minister (backs your work|will not stick their neck out)")
    answer(child, "0")
    child.expect_exact("News 2025-07 to 2025-12")
    child.expect_exact("Turn 3 of 4")
    answer(child, "15")  # how to answer proposals
    answer(child, "2")  # focus
    child.expect_exact("You now answer proposals by 'focus")
    child.expect_exact("> ")
    child.kill(signal.SIGKILL)  # the terminal dies mid-turn
    child.close()

    session = SessionStore(db).load(1)
    assert session.turn == 3
    assert [(e["turn"], e["action"]["do"]) for e in session.decision_log()] == [
        (1, "invest_relation"), (1, "propose"), (1, "commission_evidence"), (2, "political_cover"), (3, "set_answer_policy"),
    ]
    propose = session.decision_log()[1]["action"]
    assert propose["partners"] == ["SZW", "EZK"] and propose["frame"] == "HfaP" and propose["approach"] == "small_wins"
    assert session.players[0].answer_policy == "focus"

    rest = tmp_path / "rest.yaml"
    rest.write_text("turns:\n  4:\n    - {do: publicise, initiative: '*'}\n")
    resumed = run("resume", "1", "--script", str(rest), "--debrief-dir", str(tmp_path / "debrief"), db=db)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resumed session 1 at turn 3 (5 decisions restored)" in resumed.stdout
    assert "Turn 4 of 4" in resumed.stdout and (tmp_path / "debrief" / "debrief.html").is_file()
    listing = run("sessions", db=db)
    assert "finished" in listing.stdout
