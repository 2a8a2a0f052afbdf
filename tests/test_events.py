"""Typed events (hiap_sim/events.py) and their text at the edge (hiap_sim/text): every message the engine logs has
English and Dutch words, rendering fills in the values, the log answers the front ends' queries, and events.csv
keeps its English 'what'."""

from __future__ import annotations

import re
import string

import pytest

from hiap_sim.control import Event, EventLog
from hiap_sim.model import HiapModel
from hiap_sim.output import event_table
from hiap_sim.scenario import load_scenario
from hiap_sim.text import EVENT_TEXT, LANGUAGES, render

ROOT_KEYS = re.compile(r'"(log\.[a-z_]+)"')


def engine_keys() -> set[str]:
    """Message keys the engine's modules write (literal 'log.' keys, and 'log.' + kind for joint work)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "hiap_sim"
    found: set[str] = set()
    for name in ("world.py", "national.py", "national_actions.py", "municipal.py", "municipal_choices.py"):
        found |= set(ROOT_KEYS.findall((root / name).read_text(encoding="utf-8")))
    joint_work = ("partner_joined", "partner_left", "escalation", "scale_down", "initiative_stalled", "initiative_revived", "initiative_completed",
                  "initiative_abandoned", "funding", "turnover", "reinforce", "publicity")  # NationalLevel.event: 'log.' + kind
    return found | {f"log.{kind}" for kind in joint_work}


def test_every_event_key_has_english_and_dutch_with_the_same_placeholders():
    assert set(LANGUAGES) == {"en", "nl"}
    for key, templates in EVENT_TEXT.items():
        assert set(templates) == set(LANGUAGES), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in templates.values()]
        assert fields[0] == fields[1], key
        assert templates["en"] != templates["nl"] or not fields[0] - {"department", "org", "partner", "municipality"}, key


def test_every_key_the_engine_logs_has_text():
    keys = engine_keys()
    assert len(keys) >= 15
    assert keys <= set(EVENT_TEXT), keys - set(EVENT_TEXT)


@pytest.mark.parametrize("scenario", ["segv_2008", "rivm_municipalities_2009"])
def test_every_logged_event_renders_in_both_languages(scenario):
    model = HiapModel(load_scenario(scenario), seed=4, months=60)
    model.run()
    assert len(model.event_log) > 20
    for event in model.event_log:
        assert event.key in EVENT_TEXT
        english, dutch = render(event, "en"), render(event, "nl")
        assert english and dutch and "{" not in english + dutch


def test_render_fills_in_values_terms_lists_and_the_label():
    crisis = Event(13, "crisis", "log.crisis", {"crisis": "gas_extraction", "size": 0.3456, "departments": ("EZK", "VWS")}, {"crisis": "gas_extraction"})
    assert render(crisis, "en") == "gas extraction crisis (size 0.35) touching EZK, VWS"
    assert render(crisis, "nl") == "crisis: gas extraction (omvang 0,35), raakt EZK, VWS"  # a decimal comma in Dutch
    everywhere = Event(13, "crisis", "log.crisis", {"crisis": "pfas", "size": 0.1, "departments": ()}, {})
    assert render(everywhere, "en").endswith("touching all") and render(everywhere, "nl").endswith("raakt alle")
    left = Event(5, "partner_left", "log.partner_left", {"topic": "work_health", "lead": "VWS", "partners": ("SZW", "EZK"), "partner": "OCW",
                                                         "reason": "election"}, {"initiative": 3})
    assert render(left, "en") == "OCW leaves work_health (VWS with SZW+EZK) (election)"
    assert render(left, "nl") == "OCW stapt uit work_health (VWS met SZW+EZK) (election)"
    named = {("topic", "work_health"): "werk en gezondheid", ("reason", "election"): "na verkiezingen"}
    assert render(left, "nl", lambda kind, code: named.get((kind, code))) == "OCW stapt uit werk en gezondheid (VWS met SZW+EZK) (na verkiezingen)"
    alone = Event(5, "initiative_stalled", "log.initiative_stalled", {"topic": "t", "lead": "VWS", "partners": (), "reason": "no_capacity"}, {})
    assert render(alone, "en") == "Stalled: t (VWS with -) (no_capacity)"
    rise = Event(9, "maturity", "log.maturity_up", {"municipality": "G4-001", "stage": 2}, {})
    assert render(rise, "en") == "G4-001 rises to stage 2 (Belegd)" and render(rise, "nl") == "G4-001 stijgt naar fase 2 (Belegd)"
    moves = Event(9, "reorganisation", "log.reorganisation", {"moves": (("JG", "VWS"), ("A", "B"))}, {})
    assert render(moves, "en") == "Reorganisation: JG -> VWS, A -> B"
    cut = Event(9, "budget_cut", "log.budget_cut", {"fraction": 0.1, "departments": ("SZW",)}, {})
    assert render(cut, "en") == "Budget cut of 10% for SZW" and render(cut, "nl") == "Bezuiniging van 10% voor SZW"
    with pytest.raises(KeyError, match="log.nothing"):
        render(Event(1, "x", "log.nothing", {}, {}), "en")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        render(cut, "de")


def _log() -> EventLog:
    log = EventLog(lambda month: f"2025-{month:02d}")
    log.add(1, "lever", "log.lever_starts", {"lever": "working_group"}, {"lever": "working_group"})
    log.add(2, "decision", "log.decision_joins", {"partner": "SZW", "topic": "t", "lead": "VWS"}, {"partner": "SZW", "lead": "VWS", "accept": True})
    log.add(2, "initiative_started", "log.initiative_started", {"topic": "t", "lead": "VWS", "partners": ("SZW",), "level": 2},
            {"initiative": 1, "topic": "t", "level": 2})
    mark = log.mark()
    log.add(3, "partner_left", "log.partner_left", {"topic": "t", "lead": "VWS", "partners": (), "partner": "SZW", "reason": "faded"},
            {"initiative": 1, "reason": "faded", "partner": "SZW"})
    log.add(3, "decision", "log.decision_declines", {"partner": "EZK", "topic": "u", "lead": "VWS", "reason": "no_fit"},
            {"partner": "EZK", "lead": "VWS", "accept": False})
    log.add(4, "budget_cut", "log.budget_cut", {"fraction": 0.2, "departments": ("EZK", "OCW")}, {"fraction": 0.2, "departments": ["EZK", "OCW"]})
    assert mark == 3
    return log


def test_the_log_answers_the_front_ends_queries():
    log = _log()
    assert len(log) == 6 and log.mark() == 6 and log[0].kind == "lever"
    assert [e.kind for e in log.since(3)] == ["partner_left", "decision", "budget_cut"]
    assert [e.month for e in log.of_kind("decision")] == [2, 3]
    assert [e.month for e in log.of_kind("decision", since=3)] == [3]
    assert [e.kind for e in log.of_kind("budget_cut", "lever")] == ["lever", "budget_cut"]  # in the order they happened
    assert log.of_kind("cabinet") == [] and log.count("decision") == 2 and log.kinds() == {"lever", "decision", "initiative_started", "partner_left", "budget_cut"}
    assert [e.kind for e in log.about(1)] == ["initiative_started", "partner_left"]
    assert [e.kind for e in log.about(1, ("partner_left",))] == ["partner_left"]
    assert [e.kind for e in log.by_org("EZK")] == ["decision", "budget_cut"]  # as partner, and among the departments
    assert [e.kind for e in log.by_org("SZW", ("partner_left",))] == ["partner_left"]
    assert [e.month for e in log.where("decision", accept=False)] == [3]
    assert [e.month for e in log.where("decision", since=2)] == [3] and log.where("decision", since=2, accept=True) == []
    # the latest event of a kind after a mark, optionally with these detail values
    assert log.latest("decision").month == 3 and log.latest("decision", accept=True).month == 2
    assert log.latest("decision", since=3) is log[4] and log.latest("decision", since=5) is None
    assert log.latest("decision", since=3, accept=True) is None and log.latest("cabinet") is None
    assert log[1].municipality is None
    assert log[1].record() == {"month": 2, "kind": "decision", "partner": "SZW", "lead": "VWS", "accept": True}
    rows = log.records(lambda e: render(e, "en"))
    assert rows[0] == {"month": 1, "date": "2025-01", "kind": "lever", "what": "working group starts", "lever": "working_group"}
    assert "what" not in log.records()[0]
    other = _log()
    assert log == other
    other.add(5, "lever", "log.lever_ends", {"lever": "working_group"}, {"lever": "working_group"})
    assert log != other


def test_an_event_is_small_and_frozen():
    event = _log()[0]
    assert not hasattr(event, "__dict__")  # slots: no per-event dictionary besides its values and detail
    with pytest.raises(AttributeError):
        event.kind = "other"  # type: ignore[misc]


def test_events_csv_what_column_is_english_and_the_model_renders_nothing():
    model = HiapModel(load_scenario("segv_2008"), seed=2, months=48)
    model.run()
    table = event_table(model.event_log)
    assert list(table.columns[:4]) == ["month", "date", "kind", "what"]
    cabinet = table[table["kind"] == "cabinet"].iloc[0]
    assert re.fullmatch(r"New cabinet \((scheduled|regular|early fall)\); mean commitment \d\.\d\d", cabinet["what"])
    assert "what" not in model.events().columns  # the engine's own table carries no text
    assert list(model.events()["kind"]) == list(table["kind"])
    empty = event_table(EventLog())
    assert list(empty.columns) == ["month", "date", "kind", "what"] and empty.empty


def test_a_decision_says_whether_it_was_on_new_joint_work_or_on_work_under_way():
    """new_work marks a request to start joint work (an agreed one is followed by the work starting, led by the asker, on
    that topic); False marks an invitation into running work (an agreed one is followed by the partner joining it)."""
    model = HiapModel(load_scenario("national_2025"), seed=1, months=120)
    model.run()
    events = list(model.event_log)
    seen = {True: 0, False: 0}
    for k, event in enumerate(events):
        if event.kind != "decision":
            continue
        new = event.get("new_work")
        assert new in (True, False)
        seen[new] += 1
        if not event.get("accept"):
            continue
        following = next(e for e in events[k + 1:] if e.kind != "decision")  # the answers to one request come together
        if new:
            assert following.kind == "initiative_started" and following.month == event.month
            assert (following.values["lead"], following.get("topic")) == (event.get("lead"), event.get("topic"))
        else:
            assert following.kind == "partner_joined" and following.values["partner"] == event.get("partner")
    assert seen[True] > seen[False] > 0
    table = event_table(model.event_log)
    decisions = table[table["kind"] == "decision"]
    assert decisions["new_work"].map(type).eq(bool).all() and table.loc[table["kind"] != "decision", "new_work"].isna().all()
