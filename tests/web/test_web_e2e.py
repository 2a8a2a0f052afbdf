"""End-to-end browser tests: Playwright drives Debian's headless Chromium against ``hiap-sim serve``.

A facilitator creates a session, two players join in their own browser contexts, two rounds are played (with
an injected crisis and a language switch), and the debrief renders with its figures. A town hall session has
a health officer and an alderman of one municipality. The explorer is stepped and its time per step measured. Screenshots of every page go to ``test-artifacts/web/``.

The pages run under their Content-Security-Policy: a script error, a refused script or a console error fails a
test. Waits are written as functions (``"() => ..."``): a plain expression would be evaluated as a string,
which the policy refuses.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from web_helpers import Server, free_port

from hiap_sim.web.app import create_app
from hiap_sim.web.security import Limits

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 950}

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = "Chromium is not installed at /usr/bin/chromium (make test installs it: tests/web/install_browser.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watcher:
    """Collects script errors and failed requests of a page: a page in these tests must show none."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.refused: list[str] = []  # requests the server refused (4xx): the page shows why

    def watch(self, page: Any, name: str) -> Any:
        page.on("pageerror", lambda error: self.problems.append(f"{name}: script error {error}"))
        page.on("console", lambda message: self._console(name, message))
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    def _console(self, name: str, message: Any) -> None:
        if message.type != "error":
            return
        if "status of 4" in message.text:
            self.refused.append(f"{name}: {message.text}")
        else:
            self.problems.append(f"{name}: console {message.text}")


def new_page(browser: Any, watcher: Watcher, name: str) -> Any:
    context = browser.new_context(viewport=VIEWPORT)
    return watcher.watch(context.new_page(), name)


def test_explorer_steps_the_default_scenario_at_interactive_speed(server: Server, browser: Any, artifacts: Path) -> None:
    watcher = Watcher()
    page = new_page(browser, watcher, "explorer")
    home = page.goto(f"{server.url}/")
    assert "script-src 'self'" in home.headers["content-security-policy"] and home.headers["x-frame-options"] == "DENY"
    page.screenshot(path=str(artifacts / "01_home.png"))
    page.click("#go-explorer")
    page.wait_for_selector("#network line")
    assert page.locator("#network g.node").count() == 9
    for k in range(30):
        page.click("#step")
        page.wait_for_function(f"() => window.hiapStepTimes.length >= {k + 1}")
    times = page.evaluate("window.hiapStepTimes")
    assert page.locator("#clock").inner_text().startswith("Month 30 of 192")
    # levers switch on the running model; the knobs rebuild it
    page.check("#lever-coordinating_minister")
    page.click("#step-year")
    page.wait_for_function("() => document.querySelector('#clock').textContent.startsWith('Month 42')")
    assert page.is_checked("#lever-coordinating_minister")
    assert "coordinating minister for health starts" in page.locator("#events").inner_text()  # the lever as the reader's language names it
    page.click("#run")
    page.wait_for_function("() => document.querySelector('#clock').textContent.match(/Month (\\d+)/)[1] > 60", timeout=60000)
    page.click("#stop")
    charts = page.locator(".chart path")
    assert charts.count() >= 12
    page.screenshot(path=str(artifacts / "02_explorer.png"), full_page=True)

    single = [t["total"] for t in times[1:]]  # the first step also warms the page up
    model = [t["model"] for t in times[1:]]
    measured = {"scenario": "national_2025", "steps": len(single), "median_ms": statistics.median(single), "mean_ms": statistics.mean(single),
                "max_ms": max(single), "model_median_ms": statistics.median(model)}
    (artifacts / "explorer_step_times.json").write_text(json.dumps(measured, indent=2))
    print(f"\nexplorer time per step (request + model + drawing): {measured}")
    assert measured["median_ms"] < 250, measured  # no noticeable lag, even on a busy machine

    # a scenario with municipalities adds the sector network
    page.select_option("#scenario", "national_2025_municipalities")
    page.wait_for_selector("#sectors line")
    page.click("#step-year")
    page.wait_for_function("() => document.querySelector('#clock').textContent.startsWith('Month 12')")
    assert page.locator("#sectors g.node").count() == 12
    assert page.locator(".chart[data-chart=municipal]").count() == 1
    page.screenshot(path=str(artifacts / "03_explorer_municipalities.png"), full_page=True)
    assert watcher.problems == [] and watcher.refused == []


def wait_state(page: Any, words: str, timeout: float = 30000) -> None:
    page.wait_for_function(f"() => document.querySelector('#state-badge').textContent.includes({json.dumps(words)})", timeout=timeout)


def choose_action(page: Any, action: str) -> None:
    page.wait_for_selector(f"#action-select option[value={action}]", state="attached")
    page.wait_for_function("() => !document.querySelector('#action-select').disabled")
    page.select_option("#action-select", action)


def take_decision(page: Any) -> str:
    page.click("#take-decision")
    page.wait_for_selector("#action-result .messages p")
    return page.locator("#action-result").inner_text()


def test_a_facilitated_session_with_two_players_two_rounds_and_a_debrief(server: Server, browser: Any, artifacts: Path) -> None:
    watcher = Watcher()
    facilitator = new_page(browser, watcher, "facilitator")
    facilitator.goto(f"{server.url}/facilitate")
    facilitator.wait_for_selector("#new-roles input[value='dg:SZW']")
    facilitator.fill("#new-turns", "2")
    facilitator.screenshot(path=str(artifacts / "04_new_session.png"), full_page=True)
    facilitator.click("#create-session")
    facilitator.wait_for_url("**/facilitate/*")
    code = facilitator.locator("#join-code").inner_text().strip()
    assert len(code) == 6
    wait_state(facilitator, "waiting for players")
    assert facilitator.is_disabled("#open-round")  # nobody has joined yet

    players = {}
    for role, name in (("programme_director", "Anna"), ("dg:SZW", "Bram")):
        page = new_page(browser, watcher, role)
        page.goto(f"{server.url}/join")
        page.fill("#join-code", code.lower())
        page.click("#join-next")
        page.wait_for_selector("#join-form")
        page.fill("#join-name", name)
        page.check(f"input[data-role='{role}']")
        if role == "dg:SZW":
            assert page.is_disabled("input[value='programme_director']")  # taken by Anna
            page.screenshot(path=str(artifacts / "05_join.png"), full_page=True)
        page.click("#take-role")
        page.wait_for_url(f"**/play/{code}")
        page.wait_for_selector("#waiting-start")
        players[role] = page
    director, szw = players["programme_director"], players["dg:SZW"]

    facilitator.wait_for_selector("#players-table tr[data-role='dg:SZW']")
    facilitator.screenshot(path=str(artifacts / "06_facilitator_lobby.png"), full_page=True)
    facilitator.click("#open-round")
    wait_state(facilitator, "round 1 open")

    # round 1: the programme director builds a relation and proposes joint work; the DG seeks political cover
    wait_state(director, "round 1 open")
    choose_action(director, "invest_relation")
    director.select_option("#field-partner", "SZW")
    assert "SZW" in take_decision(director)
    choose_action(director, "propose")
    director.select_option("#field-topic", "work_health")
    director.check("#field-partners input[value=SZW]")
    director.check("#field-partners input[value=OCW]")
    director.select_option("#field-frame", "HfaP")
    answer = take_decision(director)
    assert "SZW" in answer and "OCW" in answer  # SZW is played by Bram: the proposal waits for him (the model answers at round close)
    director.wait_for_selector("#round-results li")
    director.screenshot(path=str(artifacts / "07_player_round1.png"), full_page=True)
    # a decision that cannot be taken is refused with the reason, and the page carries on
    choose_action(director, "invest_relation")
    director.select_option("#field-partner", "SZW")
    director.click("#take-decision")
    director.wait_for_selector("#play-error:not([hidden])")
    assert "already invest" in director.locator("#play-error").inner_text()

    wait_state(szw, "round 1 open")
    choose_action(szw, "political_cover")
    assert "minister" in take_decision(szw)
    szw.click("#submit-round")
    szw.wait_for_selector("#submitted-notice")
    facilitator.wait_for_selector("#players-table tr[data-role='dg:SZW'] .yes")
    director.click("#submit-round")  # the last submission closes the round
    wait_state(facilitator, "round 1 closed")
    for page in (director, szw):
        page.wait_for_selector("#waiting-round")
        page.wait_for_selector("#news li")
    assert director.locator("#partner-decisions li").count() >= 1 or director.locator("#news li").count() >= 1
    director.screenshot(path=str(artifacts / "08_player_after_round1.png"), full_page=True)

    # between the rounds the facilitator injects a crisis, then opens round 2 with a timer
    facilitator.wait_for_selector("#scores-table tbody tr")
    facilitator.select_option("#crisis-kind", "pandemic")
    facilitator.click("#event-crisis input[value=SZW]")
    facilitator.click("#inject-crisis")
    facilitator.wait_for_selector("#control-ok:not([hidden])")
    facilitator.wait_for_selector("#events-done li")
    facilitator.fill("#timer-minutes", "10")
    facilitator.click("#open-round")
    wait_state(facilitator, "round 2 open")
    facilitator.wait_for_function("() => document.querySelector('#timer').textContent.includes('9:')")
    facilitator.screenshot(path=str(artifacts / "09_facilitator_round2.png"), full_page=True)

    # round 2: a seized crisis window or a new relation; the DG's player reads the game in Dutch
    wait_state(director, "round 2 open")
    choose_action(director, "invest_relation")
    director.select_option("#field-partner", "OCW")
    take_decision(director)
    szw.click("#lang-switch")
    szw.wait_for_selector("html[lang=nl]")
    wait_state(szw, "ronde 2 open")
    choose_action(szw, "invest_relation")
    szw.select_option("#field-partner", "VWS")
    assert "ambtenaren" in take_decision(szw)
    szw.screenshot(path=str(artifacts / "10_player_round2_dutch.png"), full_page=True)
    facilitator.click("#close-round")
    wait_state(facilitator, "game over")
    for page in (director, szw):
        page.wait_for_selector("#game-over")

    # the debrief, shown to the room from the facilitator's screen
    facilitator.click("#show-debrief")
    facilitator.wait_for_url(f"**/debrief/{code}")
    facilitator.wait_for_function("() => [...document.querySelectorAll('#debrief img')].length === 3 && "
                                  "[...document.querySelectorAll('#debrief img')].every(i => i.complete && i.naturalWidth > 0)", timeout=60000)
    text = facilitator.locator("#debrief").inner_text()
    assert "autopilot" in text and "Timeline" in text and "pandemic" in text
    facilitator.screenshot(path=str(artifacts / "11_debrief.png"), full_page=True)
    # a player opens it from the game-over notice, in Dutch
    szw.click("#player-debrief")
    szw.wait_for_function("() => [...document.querySelectorAll('#debrief img')].every(i => i.complete && i.naturalWidth > 0)", timeout=60000)
    assert "automatische piloot" in szw.locator("#debrief").inner_text()
    szw.screenshot(path=str(artifacts / "12_debrief_dutch.png"))
    assert watcher.problems == []
    assert len(watcher.refused) == 1 and watcher.refused[0].startswith("programme_director")  # the decision refused on purpose


def test_a_town_hall_session_with_the_health_officer_and_the_alderman(server: Server, browser: Any, artifacts: Path) -> None:
    """The municipal roles in a facilitated session: the health officer proposes joint work to the town hall's
    sectors, the alderman puts a health policy note to the council, and the debrief renders."""
    watcher = Watcher()
    facilitator = new_page(browser, watcher, "facilitator")
    facilitator.goto(f"{server.url}/facilitate")
    facilitator.select_option("#new-scenario", "national_2025_municipalities")
    facilitator.wait_for_selector("#new-roles input[value='alderman:G32-001']")
    for box in facilitator.locator("#new-roles input").all():  # only the two municipal roles
        box.uncheck()
    roles = ("health_officer:G32-001", "alderman:G32-001")
    for role in roles:
        facilitator.check(f"#new-roles input[value='{role}']")
    facilitator.fill("#new-turns", "1")
    facilitator.click("#create-session")
    facilitator.wait_for_url("**/facilitate/*", timeout=60000)
    code = facilitator.locator("#join-code").inner_text().strip()
    wait_state(facilitator, "waiting for players")

    players = {}
    for role, name in zip(roles, ("Carla", "Daan"), strict=True):
        page = new_page(browser, watcher, role)
        page.goto(f"{server.url}/join")
        page.fill("#join-code", code)
        page.click("#join-next")
        page.wait_for_selector("#join-form")
        page.fill("#join-name", name)
        page.check(f"input[data-role='{role}']")
        page.click("#take-role")
        page.wait_for_url(f"**/play/{code}")
        page.wait_for_selector("#waiting-start")
        players[role] = page
    officer, alderman = players[roles[0]], players[roles[1]]
    facilitator.wait_for_selector(f"#players-table tr[data-role='{roles[1]}']")
    facilitator.click("#open-round")

    wait_state(officer, "round 1 open")
    choose_action(officer, "propose")
    officer.select_option("#field-topic", "green_exercise")
    officer.check("#field-partners input[value=sport]")
    answer = take_decision(officer)
    assert "green" in answer.lower() or "exercise" in answer.lower(), answer
    officer.screenshot(path=str(artifacts / "13_health_officer.png"), full_page=True)

    wait_state(alderman, "round 1 open")
    choose_action(alderman, "policy_note")
    alderman.check("#field-topics input[value=green_exercise]")
    answer = take_decision(alderman)
    assert "council" in answer.lower(), answer
    alderman.screenshot(path=str(artifacts / "14_alderman.png"), full_page=True)
    for page in (officer, alderman):
        page.click("#submit-round")
    wait_state(facilitator, "game over", timeout=60000)

    facilitator.click("#show-debrief")
    facilitator.wait_for_url(f"**/debrief/{code}")
    facilitator.wait_for_function("() => [...document.querySelectorAll('#debrief img')].length >= 3 && "
                                  "[...document.querySelectorAll('#debrief img')].every(i => i.complete && i.naturalWidth > 0)", timeout=60000)
    text = facilitator.locator("#debrief").inner_text()
    assert "G32-001" in text and "autopilot" in text
    facilitator.screenshot(path=str(artifacts / "15_town_hall_debrief.png"), full_page=True)
    assert watcher.problems == [] and watcher.refused == []


def test_a_server_with_a_passphrase_asks_for_it_before_creating_a_session(browser: Any, artifacts: Path, tmp_path: Path) -> None:
    """Under the Content-Security-Policy the form still works: a wrong passphrase is refused on the page, the
    right one opens the facilitator's page."""
    guarded = Server(tmp_path / "sessions.sqlite", tmp_path / "server.log", args=("--passphrase", "tulips in the atrium")).start()
    try:
        watcher = Watcher()
        page = new_page(browser, watcher, "facilitator")
        page.goto(f"{guarded.url}/facilitate")
        page.wait_for_selector("#new-roles input[value='dg:SZW']")
        page.fill("#new-passphrase", "tulips")
        page.click("#create-session")
        page.wait_for_selector("#form-error:not([hidden])")
        assert "passphrase is not right" in page.locator("#form-error").inner_text()
        page.screenshot(path=str(artifacts / "16_new_session_passphrase.png"), full_page=True)
        page.fill("#new-passphrase", "tulips in the atrium")
        page.click("#create-session")
        page.wait_for_url("**/facilitate/*")
        wait_state(page, "waiting for players")
        assert len(page.locator("#join-code").inner_text().strip()) == 6
        assert watcher.problems == []
        assert len(watcher.refused) == 1  # the wrong passphrase
    finally:
        guarded.stop()


def test_the_explorer_page_asks_for_the_rest_when_the_server_stops_a_long_step(browser: Any, artifacts: Path, tmp_path: Path) -> None:
    """With the server's time per request at its lowest (one month per request), *Step a year* still reaches
    month 12: the page asks again for the months that are left."""
    application = create_app(tmp_path / "sessions.sqlite", limits=Limits(explorer_step_seconds=0.0))
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if running.started:
                break
            time.sleep(0.05)
        assert running.started
        watcher = Watcher()
        page = new_page(browser, watcher, "explorer")
        steps = []
        page.on("request", lambda request: steps.append(request.url) if request.url.endswith("/step") else None)
        page.goto(f"http://127.0.0.1:{port}/explorer")
        page.wait_for_selector("#network line")
        page.click("#step-year")
        page.wait_for_function("() => document.querySelector('#clock').textContent.startsWith('Month 12 ')")
        assert len(steps) == 12
        assert watcher.problems == [] and watcher.refused == []
    finally:
        running.should_exit = True
        thread.join(timeout=20)
