"""A game shown in another language is the same game put in other words: nothing is run again, and what it says
equals what the game played in that language said (turn reports, results of decisions, debrief)."""

from __future__ import annotations

import pytest
from game_helpers import play_script, script

from hiap_sim.game import GameSession
from hiap_sim.game.debrief import build, to_markdown
from hiap_sim.game.session import GameError
from hiap_sim.views import model_of


def test_a_finished_game_reads_in_dutch_and_english_without_running_again(national, tmp_path, monkeypatch):
    english = GameSession(national, ["programme_director", "dg:SZW"], seed=7, lang="en", turns=3)
    play_script(english, script("small_wins.yaml"))
    assert english.finished
    played_in_dutch = GameSession(national, ["programme_director", "dg:SZW"], seed=7, lang="nl", turns=3)
    play_script(played_in_dutch, script("small_wins.yaml"))
    steps: list[int] = []
    monkeypatch.setattr(type(model_of(english.sim)), "step", lambda model: steps.append(model.month))
    monkeypatch.setattr(GameSession, "replay", classmethod(lambda cls, *args, **kwargs: steps.append(-1)))
    months = (english.view.month, english.autopilot.view.month, len(english.view.events))

    dutch = english.reading("nl")
    again = english.reading("en")
    assert steps == [] and (english.view.month, english.autopilot.view.month, len(english.view.events)) == months
    assert again is english and dutch.sim is english.sim and dutch.lang == "nl"
    # the Dutch reading says what the game played in Dutch said, word for word
    assert [r.to_dict() for r in dutch.reports] == [r.to_dict() for r in played_in_dutch.reports]
    assert [r.to_dict() for r in dutch.results] == [r.to_dict() for r in played_in_dutch.results]
    news = " ".join(n["text"] for r in dutch.reports for n in r.news)
    assert "Gestart" in news or "Stilgevallen" in news or "rustige periode" in news
    assert "Started:" not in news and "A quiet period" not in news
    # and the English game still says it in English
    assert "Started:" in " ".join(n["text"] for r in english.reports for n in r.news)
    (tmp_path / "nl").mkdir()
    (tmp_path / "played_nl").mkdir()
    markdown = to_markdown(build(dutch, tmp_path / "nl"))
    assert markdown == to_markdown(build(played_in_dutch, tmp_path / "played_nl"))
    assert dutch.text("debrief.score") in markdown and english.text("debrief.score") not in markdown
    assert steps == []


def test_a_reading_cannot_play():
    from hiap_sim.scenario import load_scenario

    session = GameSession(load_scenario("national_2025"), ["programme_director"], seed=3, lang="en", turns=2)
    dutch = session.reading("nl")
    with pytest.raises(GameError, match="cannot play"):
        dutch.act("programme_director", {"do": "political_cover"})
    with pytest.raises(GameError, match="cannot play"):
        dutch.end_turn()
    with pytest.raises(GameError, match="unknown language 'de'"):
        session.reading("de")
    session.act("programme_director", {"do": "political_cover"})
    assert len(session.reading("nl").results) == len(session.results) == 1
    assert session.reading("nl").results[0].messages != session.results[0].messages
