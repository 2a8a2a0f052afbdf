"""The feedback tells the truth: shares read as percentages with the counts behind them, every dashboard indicator
carries its unit, small changes are drawn small, a tie is a tie, the council says why, and a mixed game is scored
on both levels."""

from __future__ import annotations

import re

import pytest

from hiap_sim.game import GameSession, debrief
from hiap_sim.game.feedback import dashboard
from hiap_sim.game.figures import y_limits
from hiap_sim.game.scoring import score
from hiap_sim.scenario import load_scenario

P, ALDERMAN = "programme_director", "alderman:G32-001"


@pytest.fixture(scope="module")
def small_country():
    return load_scenario("national_2025_municipalities", {"municipalities.generate.count": 24})


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dashboard_shows_percentages_with_their_counts_and_every_indicator_its_unit(lang):
    session = GameSession(load_scenario("national_2025"), [P], seed=1, turns=2, lang=lang)
    session.end_turn()
    rows = {row["key"]: row for row in dashboard(session, session.players[0])}
    depth = rows["depth"]
    part, whole = re.search(r"\((\d+) (?:of|van) (\d+)\)", depth["value"]).groups()
    assert int(whole) == 36  # nine ministries: 36 pairs
    assert depth["value"].startswith(f"{round(100 * int(part) / int(whole))} %")
    assert depth["autopilot"].endswith(" %") and ("pp" in depth["change"] or "procentpunt" in depth["change"])
    assert rows["health"]["value"].endswith(" %")
    for key, row in rows.items():
        if key in ("levers", "score"):
            continue
        assert row["value"].endswith("%") or row["value"].endswith("%)") or re.search(r"\([^)]*\)$", row["label"]), (key, row)


def test_small_changes_are_drawn_on_the_indicators_own_scale():
    low, high = y_limits([0.31, 0.312, 0.315], (0.0, 1.0), 0.2)
    assert high - low >= 0.2 - 1e-9 and low >= 0.0 and high <= 1.0
    assert y_limits([0.0, 0.0, 0.1], (0.0, 100.0), 5.0) == (0.0, 5.0)  # a tenth of a percent is not drawn across the panel
    low, high = y_limits([3.0, 60.0], (0.0, 100.0), 20.0)
    assert low <= 3.0 and high >= 60.0 and low >= 0.0 and high <= 100.0
    assert y_limits([0.95, 0.99], (0.0, 1.0), 0.2) == (0.8, 1.0)


def test_a_tie_with_the_autopilot_is_reported_as_a_tie(small_country, tmp_path):
    session = GameSession(small_country, [ALDERMAN], seed=0, turns=1)
    session.end_turn()  # a passive alderman changes nothing: level with the autopilot
    you, autopilot = session.scores()
    assert round(you.total - autopilot.total, 1) == 0
    paragraphs = [b.content for b in debrief.build(session, tmp_path) if b.kind == "p"]
    assert any("ended level" in p for p in paragraphs)
    assert not any("beat" in p for p in paragraphs)
    assert any("Health gap secured by the end" in p for p in paragraphs)


def test_the_councils_decisions_come_with_their_chance_reason_and_a_tip(small_country):
    seen = set()
    for seed in range(6):
        session = GameSession(small_country, [ALDERMAN], seed=seed, turns=2)
        for action in ({"do": "policy_note", "topics": ["debt_livelihood"]}, {"do": "local_budget"}):
            messages = session.act(ALDERMAN, action).messages
            adopted = "adopts" in messages[0] or "earmarks" in messages[0]
            assert any("chance of a yes" in m and "RIVM2010" in m for m in messages)
            assert any(m.startswith("Tip:") for m in messages) != adopted
            seen.add(adopted)
    assert seen == {True, False}


def test_a_mixed_game_is_scored_on_both_levels(small_country):
    mixed = GameSession(small_country, [P, ALDERMAN], seed=2, turns=2)
    mixed.act(ALDERMAN, {"do": "political_cover"})
    mixed.end_turn()
    mixed.end_turn()
    weights = small_country.game.score
    (national, auto_national), (local, auto_local) = mixed.scored_records()
    you, autopilot = mixed.scores()
    assert you.total == pytest.approx(score(national, weights).total + score(local, weights).total)
    assert autopilot.total == pytest.approx(score(auto_national, weights).total + score(auto_local, weights).total)
    assert score(local, weights).total != 0.0
