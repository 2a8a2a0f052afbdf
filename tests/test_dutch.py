"""Complete Dutch: every catalogue key in both languages, real plurals, and no English (or internal code) on a
screen rendered in Dutch: the terminal game (scripted and interactive, national and municipal roles, the
debrief) and every page, fragment and API answer of a Dutch web session, the explorer and the error pages.
The scan (``dutch_scan``) is shown to catch an English string put into a Dutch screen on purpose."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from dutch_scan import CATALOGUES, problems, shown_strings, visible_text
from typer.testing import CliRunner

from hiap_sim.cli import app as cli_app
from hiap_sim.game import text as game_text
from hiap_sim.game.text import CATALOGUE, Text
from hiap_sim.text import LANGUAGES, fill, number, placeholders, plural
from hiap_sim.text.events import EVENT_LABEL
from hiap_sim.web import app as web_app
from hiap_sim.web.app import create_app
from hiap_sim.web.text import WEB_CATALOGUE, WebText

sys.path.insert(0, str(Path(__file__).parent / "web"))
from web_helpers import Reply, call, free_port  # noqa: E402

SCRIPTS = Path(__file__).parent / "game" / "scripts"
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}
NAMES_OF_PLAYERS = ("Anna", "Bram", "Chantal", "Daan")


# ------------------------------------------------------------------------------------------ the catalogues
def test_every_catalogue_key_has_both_languages_with_the_same_placeholders() -> None:
    missing, differ = [], []
    for name, catalogue in {**CATALOGUES, "label": {"event.label": EVENT_LABEL}}.items():
        for key, entry in catalogue.items():
            if set(entry) != set(LANGUAGES) or not all(entry.get(lang, "").strip() for lang in LANGUAGES):
                missing.append(f"{name}:{key}")
            elif placeholders(entry["en"]) != placeholders(entry["nl"]):
                differ.append(f"{name}:{key} en {sorted(placeholders(entry['en']))} nl {sorted(placeholders(entry['nl']))}")
    assert missing == [] and differ == []
    assert not set(WEB_CATALOGUE) & set(CATALOGUE)  # the web's own keys never hide a game key


def test_plurals_are_chosen_by_the_number() -> None:
    nl, en = Text("nl"), Text("en")
    assert nl("news.elsewhere", new=1, ended=0) == "Elders in de rijksoverheid: 1 nieuw gezamenlijk initiatief, 0 beëindigd."
    assert nl("news.elsewhere", new=2, ended=1) == "Elders in de rijksoverheid: 2 nieuwe gezamenlijke initiatieven, 1 beëindigd."
    assert en("news.elsewhere", new=1, ended=0) == "Elsewhere in government: 1 new joint initiative, 0 ended."
    assert nl("result.publicise", wins=1, initiative=4) == "1 klein succes van #4 zichtbaar gemaakt."
    assert nl("result.publicise", wins=0, initiative=4) == "0 kleine successen van #4 zichtbaar gemaakt."
    assert nl("news.own_turnover", count=1).startswith("1 van uw ambtenaren is vertrokken; de opvolger begint")
    assert WebText("nl")("web.about", scenario="s", turns=1, months=6) == "s: 1 ronde van 6 maanden"
    assert fill("{n:one|other} {x:.1f}", {"n": 1.0, "x": 2}) == "one 2.0"
    for catalogue in CATALOGUES.values():  # no machine-made plurals left
        for key, entry in catalogue.items():
            for lang in LANGUAGES:
                assert not any(mark in entry[lang] for mark in ("(s)", "(e)", "(en)", "(sen)", "/initiatieven")), (key, lang)


def test_names_units_and_settings_read_in_dutch() -> None:
    nl, en = Text("nl"), Text("en")
    assert nl.org_name("OCW", "Education, Culture and Science") == "Onderwijs, Cultuur en Wetenschap"
    assert nl.org_name("LNV", "Agriculture, Nature and Food Quality") == "Landbouw, Natuur en Voedselkwaliteit"  # the 2008 ministry by its name
    assert nl.org_name("LNV", "An unknown name") == "Landbouw, Visserij, Voedselzekerheid en Natuur"  # else by its code
    assert nl.org_name("VWS", "VWS") == "VWS"  # ministries in running text keep their code
    assert nl.org_name("social_affairs", "Social affairs") == "Sociale zaken" and en.org_name("social_affairs", "Social work") == "Social work"
    assert nl.unit(" (M EUR/yr)") == " (mln euro per jaar)" and nl.unit("k EUR/yr") == "duizend euro per jaar" and en.unit("M EUR/yr") == "M EUR/yr"
    assert nl.choice("small_wins") == "kleine successen" and nl.choice("rule") == "afwegen"


# ------------------------------------------------------------------------------------------ the scan
def test_the_scan_flags_english_codes_and_machine_plurals() -> None:
    assert problems("Het spel is voorbij. Score 3,0 tegen automatische piloot 2,0 (+1,0). Werk en gezondheid, HfaP, PFAS, VWS.") == []
    assert any("A quiet period" in p for p in problems("2025-06 A quiet period."))
    assert any("small_wins" in p for p in problems("aanpak: small_wins"))
    assert any("(s)" in p for p in problems("4 ronde(s)"))
    assert problems("later verder met: hiap-sim resume 1; bestand /tmp/debrief/decision_log.yaml") == []


def test_the_scan_flags_a_number_with_a_decimal_point_but_not_codes_dates_versions_or_files() -> None:
    assert problems("Voorstel met omvang 0,35; 1,38 mln euro per jaar; 8% en -0,4 punten; 1.380,5 euro.") == []
    assert any("decimal point '0.35'" in p for p in problems("Voorstel met omvang 0.35 aan SZW."))
    assert any("'0.35'" in p for p in problems("vertrouwen 0.35.")) and any("'0.4'" in p for p in problems("(-0.4 punten)"))
    assert any("'12.5'" in p for p in problems("12.5%")) and any("'0.350'" in p for p in problems("0.350"))
    assert problems("2025-01 tot 2025-06; http://127.0.0.1:8000/join; Mesa 3.5.1; figuur fig2.svg; tabel0.5.csv; /tmp/ronde1.5/b; v1.2") == []
    assert problems("Kleine successen tellen. [ABD2024 5.3] Zie ook [RIVM2010; ABD2024 6.3].") == []  # sections of a cited report
    assert any("'5.3'" in p for p in problems("Kleine successen tellen 5.3 keer. [ABD2024]"))


def test_numbers_are_written_with_a_decimal_comma_in_dutch_and_a_point_in_english() -> None:
    assert number(0.35, ".2f", "nl") == "0,35" and number(0.35, ".2f", "en") == "0.35" and number(0.35, ".2f") == "0.35"
    assert number(0.08, ".0%", "nl") == "8%" and number(-0.4, "+.1f", "nl") == "-0,4" and number(0.4, "+.1f", "nl") == "+0,4"
    assert number(1380.5, ",.1f", "nl") == "1.380,5" and number(1380.5, ",.1f", "en") == "1,380.5"  # grouping only when asked
    assert number(1380.5, ".1f", "nl") == "1380,5" and number(3, "", "nl") == "3" and number(True, "", "nl") == "True"
    assert number("v0.35", "", "nl") == "v0.35"  # text is filled in as it is
    assert fill("omvang {size:.2f}, {share:.0%}, {x}", {"size": 0.35, "share": 0.08, "x": 1.5}, "nl") == "omvang 0,35, 8%, 1,5"
    assert fill("size {size:.2f}, {share:.0%}, {x}", {"size": 0.35, "share": 0.08, "x": 1.5}) == "size 0.35, 8%, 1.5"
    assert fill("{n} {n:ronde|rondes} van {x:.1f}", {"n": 2, "x": 0.25}, "nl") == "2 rondes van 0,2"
    assert Text("nl").number(0.35, ".2f") == "0,35" and Text("en").number(0.35, ".2f") == "0.35"


def scan(where: str, text: str) -> list[str]:
    return [f"{where}: {p}" for p in problems(text)]


# ------------------------------------------------------------------------------------------ the terminal
def cli(*args: str, db: Path) -> str:
    result = CliRunner().invoke(cli_app, list(args), env={"HIAP_SIM_SESSIONS": str(db), "COLUMNS": "200", "NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def scripted_games(tmp_path: Path) -> list[tuple[str, str]]:
    """Screens of scripted Dutch games (national hot-seat; municipal) and their debriefs."""
    screens = []
    db = tmp_path / "sessions.sqlite"
    for name, roles, script, scenario in (
        ("national", ["programme_director", "dg:SZW"], "small_wins.yaml", "national_2025"),
        ("municipal", ["health_officer:G32-001", "alderman:G32-001"], "health_officer_g32.yaml", "national_2025_municipalities"),
    ):
        folder = tmp_path / name
        out = cli("play", scenario, *[a for r in roles for a in ("--role", r)], "--lang", "nl", "--turns", "3", "--seed", "3",
                  "--script", str(SCRIPTS / script), "--debrief-dir", str(folder), db=db)
        screens.append((f"{name} game", out))
        screens.append((f"{name} debrief", visible_text((folder / "debrief.html").read_text())))
    return screens


def test_the_terminal_game_in_dutch_shows_no_english(tmp_path: Path) -> None:
    found = [line for where, text in scripted_games(tmp_path) for line in scan(where, text)]
    assert found == []


def test_a_municipal_game_in_dutch_reports_its_turns_and_journal_without_english() -> None:
    """The turn reports of a municipal game (news from the municipality's journal, partner decisions) and every
    journal event in the reader's words are Dutch."""
    from hiap_sim.game import GameSession
    from hiap_sim.game.script import load_script
    from hiap_sim.scenario import load_scenario

    officer, alderman = "health_officer:G32-001", "alderman:G32-001"
    session = GameSession(load_scenario("national_2025_municipalities"), [officer, alderman], seed=6, turns=3, lang="nl")
    scripts = {officer: load_script(SCRIPTS / "health_officer_g32.yaml"), alderman: load_script(SCRIPTS / "alderman_g32.yaml")}
    while not session.finished:
        for role, script in scripts.items():
            for raw in script.decisions(session.turn):
                with contextlib.suppress(Exception):  # a refused decision is skipped, as the terminal does
                    session.act(role, {k: v for k, v in raw.items() if k != "role"})
        session.end_turn()
    found = []
    local_news = 0
    for report in session.reports:
        for item in report.news:
            found += scan(f"turn {report.turn} news", item["text"])
            local_news += item["kind"] in ("initiative_started", "small_win", "maturity_up", "maturity_down", "municipal_election")
        for note in report.decisions:
            found += [line for part in ("text", "hint", "own_text", "own_hint") for line in scan(f"turn {report.turn} decision", note[part])]
    for result in session.results:
        found += [line for message in result.messages for line in scan(f"decision {result.seq}", message)]
    journal = session.seat(session.players[0]).journal_since(0)
    assert local_news and len(journal) > 20 and {"decision", "initiative_started"} <= {e.kind for e in journal}
    found += [line for event in journal for line in scan(f"journal {event.kind}", session.text.event(event, session.view))]
    assert found == []


def test_the_interactive_terminal_in_dutch_shows_no_english(tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200", "LINES": "60", "HIAP_SIM_SESSIONS": str(tmp_path / "s.sqlite")}
    child = pexpect.spawn(sys.executable, ["-m", "hiap_sim.cli", "play", "national_2025", "--role", "programme_director", "--lang", "nl",
                                           "--turns", "2", "--seed", "5"], env=env, encoding="utf-8", timeout=90, dimensions=(60, 200))
    seen: list[str] = []

    def answer(text: str) -> None:
        child.expect_exact("> ")
        seen.append(child.before)
        child.sendline(text)

    # the letter commands, a refused choice, and the forms with their defaults (Enter keeps them)
    for keys in (["d"], ["w"], ["r"], ["h"], ["99"], ["2", "5", "2", "", "", "", "", ""], ["14", "", "", "", "", "", "", ""],
                 ["15", ""], ["1", "2"], ["1", "2"], ["0"]):
        for key in keys:
            answer(key)
    child.expect_exact("> ")
    seen.append(child.before)
    child.sendline("q")
    child.expect(pexpect.EOF)
    seen.append(child.before)
    screen = "".join(seen)
    assert "Ronde 2 van 2" in screen and "Enter = " in screen
    assert scan("interactive terminal", screen) == []


# ------------------------------------------------------------------------------------------ the web app
@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """The web app served by uvicorn in this process (so that a test can change a catalogue), on a free port."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db=db, tick_seconds=3600), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def web_screens(tmp_path: Path) -> list[tuple[str, str]]:
    """Every page, fragment and API answer of a Dutch session, seen from browsers that prefer English."""
    screens: list[tuple[str, str]] = []

    def page(where: str, reply: Reply) -> None:
        assert reply.text, where
        screens.append((where, visible_text(reply.text)))

    def api(where: str, reply: Reply) -> Any:
        assert reply.data is not None, (where, reply.status, reply.text[:200])
        screens.append((where, shown_strings(reply.data)))
        return reply.data

    with serving(tmp_path / "web.sqlite") as url:
        def get(path: str, cookies: dict[str, str] | None = None, token: str | None = None) -> Reply:
            return call("GET", url + path, token=token, cookies=cookies, headers=ENGLISH_BROWSER)

        def post(path: str, body: Any = None, token: str | None = None, cookies: dict[str, str] | None = None, raw: bytes | None = None) -> Reply:
            return call("POST", url + path, body, token=token, cookies=cookies, headers=ENGLISH_BROWSER, raw=raw)

        dutch = {"hiap_lang": "nl"}  # pages outside a session follow the reader's switch
        for path in ("/", "/explorer", "/explorer?scenario=national_2025_municipalities", "/facilitate", "/join", "/no/such/page"):
            page(path, get(path, dutch))
        roles = ["programme_director", "dg:SZW", "health_officer:G4-001", "alderman:G4-001"]
        api("roles", get("/api/scenarios/national_2025_municipalities/roles", dutch))
        created = api("create", post("/api/sessions", {"scenario": "national_2025_municipalities", "roles": roles, "turns": 3, "seed": 4, "lang": "nl"}))
        code, facilitator = created["code"], created["facilitator_token"]
        fac_cookie = {f"hiap_f_{code}": facilitator}  # no language cookie: the session's language must hold
        page("facilitator", get(f"/facilitate/{code}", fac_cookie))
        page("join page", get(f"/join/{code}"))
        tokens = {role: api(f"join {role}", post(f"/api/sessions/{code}/join", {"role": role, "name": NAMES_OF_PLAYERS[index]}))["token"] for index, role in enumerate(roles)}
        cookie = {role: {f"hiap_p_{code}": token} for role, token in tokens.items()}
        for role in roles:
            page(f"lobby {role}", get(f"/play/{code}", cookie[role]))
        page("join page, roles taken", get(f"/join/{code}"))
        decisions = {
            "programme_director": [{"do": "invest_relation", "partner": "SZW"}, {"do": "propose", "topic": "work_health", "partners": ["SZW", "OCW"]},
                                   {"do": "political_cover"}, {"do": "invest_relation", "partner": "SZW"}, {"do": "publicise", "initiative": 1}],
            "dg:SZW": [{"do": "set_strategy", "focus_topics": ["debt_livelihood"], "frame": "HfaP", "approach": "area", "funding": "project"},
                       {"do": "set_answer_policy", "policy": "rule"}, {"do": "propose", "topic": "debt_livelihood", "partners": ["VWS", "BZK"], "level": 3}],
            "health_officer:G4-001": [{"do": "invest_relation", "partner": "social_affairs"}, {"do": "propose", "topic": "green_exercise", "partners": ["sport", "youth"]},
                                      {"do": "commission_evidence"}, {"do": "seize_window", "topic": "air_quality", "partners": ["environment"]}],
            "alderman:G4-001": [{"do": "political_cover"}, {"do": "policy_note", "topics": ["debt_livelihood"]}, {"do": "local_budget"}],
        }
        for round_number in (1, 2):
            post(f"/api/sessions/{code}/rounds/open", {"timer_minutes": 10}, facilitator)
            for role in roles:
                api(f"options {role}", get(f"/api/sessions/{code}/options", token=tokens[role]))
                for action in decisions[role]:
                    api(f"act {role} {action['do']}", post(f"/api/sessions/{code}/act", {"role": role, "action": action}, tokens[role]))
                page(f"player {role} round {round_number}", get(f"/play/{code}", cookie[role]))
            for kind, body in (("crisis", {"kind": "crisis", "crisis": "pfas", "size": 0.5}), ("cut", {"kind": "budget_cut", "fraction": 0.2}),
                               ("election", {"kind": "election"})):
                api(f"inject {kind}", post(f"/api/sessions/{code}/events", body, facilitator))
            page(f"facilitator round {round_number} open", get(f"/facilitate/{code}", fac_cookie))
            api("close", post(f"/api/sessions/{code}/rounds/close", None, facilitator))
            page(f"facilitator round {round_number} closed", get(f"/facilitate/{code}", fac_cookie))
            page(f"facilitator fragment {round_number}", get(f"/fragments/{code}/facilitator", token=facilitator))
            for role in roles:
                page(f"player fragment {role} {round_number}", get(f"/fragments/{code}/player", token=tokens[role]))
        page("debrief", get(f"/debrief/{code}", fac_cookie))
        page("debrief for a player", get(f"/debrief/{code}", cookie["alderman:G4-001"]))
        # refusals and errors in the session's language
        director = tokens["programme_director"]
        api("refused (round closed)", post(f"/api/sessions/{code}/act", {"role": "programme_director", "action": {"do": "political_cover"}}, director))
        post(f"/api/sessions/{code}/rounds/open", {}, facilitator)
        for action in ({"do": "propose", "topic": "work_health", "partners": ["SZW"]}, {"do": "invest_relation", "partner": "VWS"},
                       {"do": "propose", "topic": "work_health"}, {"do": "seize_window", "topic": "work_health", "partners": ["SZW"]},
                       {"do": "propose", "topic": "work_health", "partners": ["SZW"], "level": 4, "ambition": "inform"}):
            api(f"refused {action}", post(f"/api/sessions/{code}/act", {"role": "programme_director", "action": action}, director))
        api("invalid body", post(f"/api/sessions/{code}/act", {"role": 5, "action": "x", "extra": 1}, director))
        api("not json", post(f"/api/sessions/{code}/act", raw=b"{no", token=director))
        # (an unknown crisis kind or knob comes only from a hand-made API call: its answer lists the codes the API takes)
        assert "geen soort crisis" in post(f"/api/sessions/{code}/events", {"kind": "crisis", "crisis": "zombies"}, facilitator).error
        api("wrong method", call("PUT", f"{url}/api/sessions/{code}/submit", headers=ENGLISH_BROWSER))
        page("unknown session", get("/join/ZZZZZZ", dutch))
        page("not a member", get(f"/debrief/{code}"))
        api("bad scenario", post("/api/sessions", {"scenario": "../etc"}, cookies=dutch))
        # the explorer's events and networks, with municipalities
        run = api("explorer", post("/api/explorer", {"scenario": "national_2025_municipalities", "seed": 2}, cookies=dutch))
        api("explorer steps", post(f"/api/explorer/{run['run']}/step", {"months": 60}, cookies=dutch))
        assert "geen knop van de verkenner" in post("/api/explorer", {"scenario": "national_2025", "knobs": {"charm": 1}}, cookies=dutch).error
        screens.append(("explorer networks", " ".join(node["name"] for key in ("network", "sectors") for node in run[key]["nodes"])))
    return screens


def test_every_web_page_of_a_dutch_session_shows_no_english(tmp_path: Path) -> None:
    screens = web_screens(tmp_path)
    everything = "\n".join(text for _where, text in screens)
    assert "Neem een besluit" in everything and "Nabespreking" in everything and "Onderwijs, Cultuur en Wetenschap" in everything
    assert "Er is geen sessie" in everything and "Sociale zaken" in everything and "mln euro per jaar" in everything
    found = [line for where, text in screens for line in scan(where, text)]
    assert found == []


def test_the_scan_catches_an_english_string_and_a_decimal_point_in_a_dutch_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One Dutch message left in English, one Dutch message showing '0.35', and the web pages' numbers written the
    English way (all at once, so the screens are rendered once): the web and terminal scans find exactly these."""
    monkeypatch.setitem(WEB_CATALOGUE, "web.play.decide", {"en": "Take a decision", "nl": "Take a decision"})
    monkeypatch.setitem(CATALOGUE, "ui.news", {"en": "News {start} to {end}", "nl": "News {start} to {end} (omvang 0.35)"})
    terminal = [line for where, text in scripted_games(tmp_path / "terminal") for line in scan(where, text)]
    assert any("English 'News' (from game:ui.news)" in line for line in terminal), terminal
    assert any("decimal point '0.35'" in line for line in terminal), terminal
    assert all("English 'News' (from game:ui.news)" in line or "decimal point '0.35'" in line for line in terminal), terminal
    for module in (plural, game_text, web_app):  # every number written as English writes it, the pages still Dutch
        monkeypatch.setattr(module, "number", lambda value, spec="", lang="en": number(value, spec, "en"))
    web = [line for where, text in web_screens(tmp_path / "web") for line in scan(where, text)]
    assert any("'Take a decision' (from web:web.play.decide)" in line for line in web), web
    assert any("decimal point" in line for line in web), web
    assert all(re.search(r"English '(Take a decision|decision|News)'", line) or "decimal point" in line for line in web), web


# ------------------------------------------------------------------------------------------ usage errors of the game's commands
def test_usage_errors_of_the_game_commands_are_dutch_when_the_game_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hiap_sim.game.usage import run, usage_language

    assert usage_language(["play", "national_2025", "--lang", "nl"]) == "nl" and usage_language(["play", "x", "--lang=nl"]) == "nl"
    assert usage_language(["run", "national_2025", "--lang", "nl"]) == "en" and usage_language(["play", "x"]) == "en"
    db = tmp_path / "sessions.sqlite"
    cli("play", "national_2025", "--role", "programme_director", "--lang", "nl", "--turns", "1", "--no-debrief",
        "--script", str(SCRIPTS / "small_wins.yaml"), db=db)
    assert usage_language(["resume", "1", "--db", str(db)]) == "nl"  # the session was played in Dutch
    assert usage_language(["resume", "1", "--db", str(tmp_path / "none.sqlite")]) == "en" and not (tmp_path / "none.sqlite").exists()
    cases = [
        (["play", "national_2025", "--lang", "nl", "--turns", "x"], "Ongeldige waarde voor '--turns': er is een geheel getal nodig"),
        (["play", "national_2025", "--lang", "nl"], "De optie '--role' ontbreekt."),
        (["play", "national_2025", "--role", "programme_director", "--lang", "nl", "--bogus"], "Onbekende optie: --bogus"),
        (["play", "national_2025", "--role", "programme_director", "--lang", "nl", "--seed", "-5"], "die moet minstens 0 zijn"),
        (["play", "national_2025", "--role", "programme_director", "--lang", "nl", "extra"], "Onverwachte extra argumenten (extra)"),
        (["resume", "1", "--db", str(db), "--turns", "3"], "Onbekende optie: --turns"),
        (["debrief", "--lang", "nl"], "Het argument 'SESSION' ontbreekt."),
    ]
    for args, words in cases:
        assert run(cli_app, "nl", args) == 2, args
        err = capsys.readouterr().err
        assert "Gebruik: hiap-sim" in err and words in err, (args, err)
        assert scan(" ".join(args), err) == [], err
