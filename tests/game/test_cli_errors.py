"""A user's mistake gets one clear message naming what is wrong and how to fix it, never a traceback."""

from __future__ import annotations

import pytest
from game_helpers import run


@pytest.fixture
def files(tmp_path):
    (tmp_path / "broken.yaml").write_text("turns:\n  1:\n    - {do: propose, topic: [\n")
    (tmp_path / "unknown_action.yaml").write_text("turns:\n  2:\n    - {do: bribe, partner: SZW}\n")
    (tmp_path / "missing_field.yaml").write_text("turns:\n  1:\n    - {do: propose, topic: work_health}\n")
    (tmp_path / "no_turns.yaml").write_text("decisions: []\n")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\xff\xfe\x00")
    (tmp_path / "sessions.sqlite").write_text("this is not a database")
    return tmp_path


CASES = [
    (["play", "national_2025", "--role", "minister"], "unknown role 'minister'", "dg:<CODE>"),
    (["play", "national_2025", "--role", "dg"], "say which ministry the DG leads", "dg:"),
    (["play", "national_2025", "--role", "dg:XYZ"], "unknown role 'dg:XYZ'", "SZW"),
    (["play", "national_2025", "--role", "alderman:Utrecht"], "needs a scenario with playable municipalities", "programme_director"),
    (["play", "national_2025", "--role", "programme_director", "--role", "coordinator"], "cannot steer the same organisation", "VWS"),
    (["play", "no_such_scenario", "--role", "programme_director"], "no scenario file", "shipped scenario"),
    (["play", "national_2025", "--role", "programme_director", "--lang", "fr"], "unknown language 'fr'", "en, nl"),
    (["play", "national_2025", "--role", "programme_director", "--turns", "40"], "allows 1 to 32 turns", "not 40"),
    (["play", "national_2025", "--role", "programme_director", "--script", "{tmp}/missing.yaml"], "no decisions file", "YAML"),
    (["play", "national_2025", "--role", "programme_director", "--script", "{tmp}/broken.yaml"], "not valid YAML at line", "broken.yaml"),
    (["play", "national_2025", "--role", "programme_director", "--script", "{tmp}/unknown_action.yaml"], "turn 2, decision 1: unknown action 'bribe'", "invest_relation"),
    (["play", "national_2025", "--role", "programme_director", "--script", "{tmp}/missing_field.yaml"], "needs partners", "turn 1"),
    (["play", "national_2025", "--role", "programme_director", "--script", "{tmp}/no_turns.yaml"], "expected a mapping with 'turns:'", "invest_relation"),
    (["play", "national_2025", "--role", "programme_director", "--script", "{tmp}/binary.yaml"], "not a text (UTF-8) file", "YAML"),
    (["resume", "42"], "no game session '42'", "hiap-sim sessions"),
    (["debrief", "abc"], "no game session 'abc'", "hiap-sim sessions"),
    (["sessions", "--db", "{tmp}/sessions.sqlite"], "is not a game session file", "sessions.sqlite"),
]


@pytest.mark.parametrize(("args", "what", "fix"), CASES, ids=[" ".join(c[0][:4]) for c in CASES])
def test_mistakes_are_explained_without_a_traceback(files, args, what, fix):
    args = [a.replace("{tmp}", str(files)) for a in args]
    result = run(*args, db=files / "fresh.sqlite")
    message = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 2, message
    assert "Traceback" not in message
    assert "Error:" in message and what in message and fix in message, message


def test_strict_script_stops_at_a_decision_that_is_not_possible(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("turns:\n  1:\n    - {do: escalate, initiative: 999}\n")
    loose = run("play", "national_2025", "--role", "programme_director", "--script", str(plan), "--turns", "1", "--no-debrief", db=tmp_path / "s.sqlite")
    assert loose.returncode == 0 and "Not possible: turn 1, decision 1 (escalate)" in " ".join(loose.stdout.split())
    strict = run("play", "national_2025", "--role", "programme_director", "--script", str(plan), "--turns", "1", "--strict", db=tmp_path / "s.sqlite")
    assert strict.returncode == 2 and "'999' is not joint work of yours" in " ".join(strict.stderr.split())


def test_help_explains_the_game_commands_with_examples():
    for command in ("play", "resume", "debrief", "sessions", "roles"):
        result = run(command, "--help")
        assert result.returncode == 0 and "Example" in result.stdout, command
    assert "turns:" in run("play", "--help").stdout  # the decisions-file format


def test_a_debrief_folder_that_cannot_be_written_is_explained(tmp_path):
    blocked = tmp_path / "file.txt"
    blocked.write_text("not a folder")
    plan = tmp_path / "plan.yaml"
    plan.write_text("turns: {}\n")
    result = run("play", "national_2025", "--role", "dg:LNV", "--script", str(plan), "--turns", "1", "--debrief-dir", str(blocked / "debrief"),
                 db=tmp_path / "s.sqlite")
    message = " ".join(result.stderr.split())
    assert result.returncode == 2 and "cannot be written" in message and "hiap-sim debrief 1 --out" in message
