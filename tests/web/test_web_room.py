"""The game in a real room, in a browser: two teams, five participants on phones, a facilitator, in Dutch.

Playwright drives Debian's headless Chromium against ``hiap-sim serve``. The facilitator creates a session with
two teams on a laptop; five participants join from phone-sized browsers (390 x 844) whose language is Dutch.
A proposal to an organisation another participant plays waits for that participant, who answers it with the
model's advice in view; a crisis the facilitator injects reaches every player's page within 2 seconds (server-
sent events); no phone page scrolls sideways; the room view for the projector (1920 x 1080) shows both teams;
the Dutch debrief compares the teams. Screenshots go to ``test-artifacts/web/`` (some are in docs/figures).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from test_web_e2e import Watcher, browser, choose_action, take_decision, wait_state  # noqa: F401 (browser is a fixture)
from web_helpers import Server

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1400, "height": 950}
PROJECTOR = {"width": 1920, "height": 1080}


def open_page(chromium: Any, watcher: Watcher, name: str, viewport: dict[str, int], phone: bool = False) -> Any:
    context = chromium.new_context(viewport=viewport, locale="nl-NL", extra_http_headers={"Accept-Language": "nl-NL,nl;q=0.9"},
                                  is_mobile=phone, has_touch=phone)
    return watcher.watch(context.new_page(), name)


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_two_teams_of_phones_answer_each_other_see_a_crisis_live_and_compare_in_the_debrief(server: Server, browser: Any, artifacts: Path) -> None:  # noqa: F811
    watcher = Watcher()
    facilitator = open_page(browser, watcher, "facilitator", LAPTOP)
    facilitator.goto(f"{server.url}/facilitate")
    facilitator.wait_for_selector("#new-roles input[value='dg:SZW']")
    for box in facilitator.locator("#new-roles input[name=roles]").all():
        box.uncheck()
    for role in ("programme_director", "dg:SZW", "dg:BZK"):
        facilitator.check(f"#new-roles input[value='{role}']")
    facilitator.fill("#new-turns", "2")
    facilitator.fill("#new-seed", "11")
    facilitator.fill("#new-teams", "2")
    facilitator.select_option("#new-lang", "nl")
    facilitator.click("#create-session")
    facilitator.wait_for_url("**/facilitate/*")
    code = facilitator.locator("#join-code").inner_text().strip()

    people = {}
    for team, role, name in ((1, "programme_director", "Anna"), (1, "dg:SZW", "Bram"), (1, "dg:BZK", "Carla"),
                             (2, "programme_director", "Daan"), (2, "dg:SZW", "Eva")):
        page = open_page(browser, watcher, f"{team}:{role}", PHONE, phone=True)
        page.goto(f"{server.url}/join/{code}")
        page.fill("#join-name", name)
        page.check(f"input[data-role='{role}'][data-team='{team}']")
        if (team, role) == (2, "dg:SZW"):
            assert page.is_disabled("input[value='programme_director'][data-team='1']")  # taken in team 1
            assert no_sideways_scroll(page)
        page.click("#take-role")
        page.wait_for_url("**/play/*")
        page.wait_for_selector("#waiting-start")
        people[(team, role)] = page
    anna, bram, daan, eva = people[(1, "programme_director")], people[(1, "dg:SZW")], people[(2, "programme_director")], people[(2, "dg:SZW")]

    facilitator.wait_for_selector("#teams-table tr[data-team='2']")
    facilitator.click("#open-round")
    wait_state(facilitator, "ronde 1 open")
    for page in people.values():
        wait_state(page, "ronde 1 open")

    # a proposal to SZW, which Bram plays: it waits for Bram, who sees it with the model's advice and answers it
    choose_action(anna, "propose")
    anna.select_option("#field-topic", "healthy_school")
    anna.check("#field-partners input[value=SZW]")
    anna.check("#field-partners input[value=OCW]")
    asked = take_decision(anna)
    assert "SZW" in asked and "Wacht op het antwoord" in asked
    bram.wait_for_selector("#asked-of-you .answer-yes", timeout=5000)
    request = bram.locator("#asked-of-you").inner_text()
    assert "Advies van het model voor SZW" in request and "kans" in request
    assert no_sideways_scroll(bram)
    bram.screenshot(path=str(artifacts / "20_phone_request.png"), full_page=True)
    bram.click("#asked-of-you .answer-yes")
    bram.wait_for_selector("#action-result li.accept")
    assert "U (SZW) sloot aan" in bram.locator("#action-result").inner_text()
    anna.wait_for_function("() => document.querySelector('#round-results') && "
                           "document.querySelector('#round-results').textContent.includes('die dit antwoord gaf')", timeout=5000)
    results = anna.locator("#round-results").inner_text()
    assert "SZW sluit aan" in results and "rule —" not in results  # the answer of the participant, no internal codes

    # team 2 plays too: Daan invests in a relation; Eva asks for political cover
    choose_action(daan, "invest_relation")
    daan.select_option("#field-partner", "SZW")
    take_decision(daan)
    choose_action(eva, "political_cover")
    take_decision(eva)

    # a crisis injected now reaches every player's page within 2 seconds
    facilitator.select_option("#crisis-kind", "pandemic")
    began = time.monotonic()
    facilitator.click("#inject-crisis")
    arrival = {}
    for key, page in people.items():
        page.wait_for_function("() => document.querySelector('#live-items') && document.querySelector('#live-items').textContent.length > 0", timeout=5000)
        arrival[key] = time.monotonic() - began
    print(f"\ncrisis on the players' pages after (s): { {f'{t}:{r}': round(s, 2) for (t, r), s in arrival.items()} }")
    assert max(arrival.values()) < 2.0, arrival
    for page in people.values():
        assert no_sideways_scroll(page)
    anna.screenshot(path=str(artifacts / "21_phone_player.png"), full_page=True)

    # the room view on the projector shows both teams
    room = open_page(browser, watcher, "room", PROJECTOR)
    room.goto(f"{server.url}/room/{code}")
    room.wait_for_function("() => document.querySelectorAll('.room-team').length === 2 && document.querySelectorAll('.room-team line').length > 0")
    assert "Team 2" in room.locator("#room-teams").inner_text()
    assert "pandemie" in room.locator("#room-events").inner_text().lower() or room.locator("#room-events li").count() == 1

    # everybody submits: each team's round closes; the facilitator opens round 2 and closes it: the game is over
    for page in people.values():
        page.click("#submit-round")
        page.wait_for_selector("#submitted-notice, #waiting-round")
    wait_state(facilitator, "ronde 1 gesloten")
    room.wait_for_function("() => document.querySelectorAll('.room-team .big').length >= 8")
    room.screenshot(path=str(artifacts / "22_room_view.png"))
    facilitator.click("#open-round")
    wait_state(facilitator, "ronde 2 open")
    wait_state(anna, "ronde 2 open")
    facilitator.screenshot(path=str(artifacts / "23_facilitator_teams.png"), full_page=True)
    facilitator.click("#close-round")
    wait_state(facilitator, "spel afgelopen")

    facilitator.click("#show-debrief")
    facilitator.wait_for_url(f"**/debrief/{code}")
    facilitator.wait_for_function("() => [...document.querySelectorAll('#debrief img')].every(i => i.complete && i.naturalWidth > 0)", timeout=60000)
    text = facilitator.locator("#debrief").inner_text()
    assert "automatische piloot" in text and "De teams vergeleken" in text and "Team 2" in text
    facilitator.screenshot(path=str(artifacts / "24_debrief_teams.png"), full_page=True)
    assert watcher.problems == [], watcher.problems
