"""The web app closed to guessing and abuse, against real servers: security headers on every answer, request
bodies refused with 413 before they are read, limits per client (wrong codes, sessions created, explorer time),
the facilitator passphrase, room state without names for outsiders, and the token model.

A second client is a request from another loopback address (127.0.0.x): limits are per client address.
"""

from __future__ import annotations

import re
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web_helpers import Server, call, call_from, create_session, follow, join

from hiap_sim.cli import app as cli_app
from hiap_sim.web.security import CONTENT_SECURITY_POLICY, Limits, Rate, SlidingWindow

PASSPHRASE = "tulips in the atrium"
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with the default limits per client, a facilitator passphrase and a small explorer budget."""
    folder = tmp_path_factory.mktemp("strict")
    running = Server(folder / "sessions.sqlite", folder / "server.log", args=("--passphrase", PASSPHRASE, "--limit", "explorer_seconds=1/60")).start()
    yield running
    running.stop()


def resident_mb(server: Server) -> float:
    """The server process's resident memory (MB)."""
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def read_answer(sock: socket.socket, timeout: float = 10.0) -> bytes:
    """An HTTP answer's status line and headers (and what came with them)."""
    sock.settimeout(timeout)
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    return answer


# ------------------------------------------------------------------------------------------ headers
def test_every_answer_carries_the_security_headers(server: Server) -> None:
    session = create_session(server, ["programme_director"])
    player = join(server, session["code"], "programme_director", "Anna")
    answers = {
        "home": call("GET", f"{server.url}/"),
        "explorer": call("GET", f"{server.url}/explorer"),
        "new session": call("GET", f"{server.url}/facilitate"),
        "join": call("GET", f"{server.url}/join/{session['code']}"),
        "player": follow(f"{server.url}/play/{session['code']}?key={player}"),
        "script": call("GET", f"{server.url}/static/app.js"),
        "style": call("GET", f"{server.url}/static/app.css"),
        "api": call("GET", f"{server.url}/api/scenarios"),
        "page not found": call("GET", f"{server.url}/no/such/page"),
        "refused request": server.api("POST", "/api/sessions", {"scenario": 7}),
        "no token": server.api("POST", f"/api/sessions/{session['code']}/rounds/open"),
        "too large": server.api("POST", "/api/sessions", raw=b"{" + b" " * 70_000 + b"}"),
    }
    statuses = {name: reply.status for name, reply in answers.items()}
    assert statuses == {"home": 200, "explorer": 200, "new session": 200, "join": 200, "player": 200, "script": 200, "style": 200, "api": 200,
                        "page not found": 404, "refused request": 422, "no token": 401, "too large": 413}
    for name, reply in answers.items():
        if name == "player":
            continue  # followed through a redirect by a cookie-keeping opener, which does not keep headers
        for header, value in HEADERS.items():
            assert reply.headers.get(header) == value, (name, header, reply.headers)
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_pages_hold_no_inline_script_or_style_so_the_policy_allows_them(server: Server) -> None:
    """The policy refuses inline scripts, style attributes and event handlers: the pages use none (the browser
    tests check that the pages work under the policy)."""
    session = create_session(server, ["programme_director"], turns=1)
    code = session["code"]
    player = join(server, code, "programme_director", "Anna")
    assert server.api("POST", f"/api/sessions/{code}/rounds/open", None, session["facilitator_token"]).status == 200
    assert server.api("POST", f"/api/sessions/{code}/rounds/close", None, session["facilitator_token"]).status == 200
    pages = {
        "home": call("GET", f"{server.url}/").text,
        "explorer": call("GET", f"{server.url}/explorer").text,
        "new session": call("GET", f"{server.url}/facilitate").text,
        "join": call("GET", f"{server.url}/join").text,
        "roles": call("GET", f"{server.url}/join/{code}").text,
        "facilitator": follow(f"{server.url}/facilitate/{code}?key={session['facilitator_token']}").text,
        "player": follow(f"{server.url}/play/{code}?key={player}").text,
        "debrief": call("GET", f"{server.url}/debrief/{code}", cookies={f"hiap_p_{code}": player}).text,
        "facilitator panel": call("GET", f"{server.url}/fragments/{code}/facilitator", token=session["facilitator_token"]).text,
        "player panel": call("GET", f"{server.url}/fragments/{code}/player", token=player).text,
    }
    for name, page in pages.items():
        scripts = re.findall(r"<script([^>]*)>", page)
        assert all("src=" in attributes or 'type="application/json"' in attributes for attributes in scripts), (name, scripts)
        assert not re.search(r"\sstyle=", page), name
        assert not re.search(r"\son[a-z]+=", page), name
        assert "<style" not in page, name


# ------------------------------------------------------------------------------------------ request bodies
def test_a_large_body_is_refused_with_413_before_the_server_reads_it(server: Server) -> None:
    before = resident_mb(server)
    # declared 500 MB: the answer comes at once, after 1 KB was sent
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500000000\r\n\r\n"
                     + b"{" + b" " * 1024)
        began = time.monotonic()
        answer = read_answer(sock)
        waited = time.monotonic() - began
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"at most 65536 bytes" in answer or b"content-length" in answer.lower()
    assert waited < 5

    # no length given (chunked): refused as soon as it passes the cap; the client is stopped long before 8 MB
    sent = 0
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /api/explorer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (16384, b" " * 16384)
        for _ in range(512):  # at most 8 MB
            readable, _, _ = select.select([sock], [], [], 0.01)
            if readable:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 16384
        answer = read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 1024 * 1024, sent
    # a body under the cap goes on to the usual checks; the server stayed small and still answers
    assert server.api("POST", "/api/sessions", {"scenario": "x" * 60_000}).status == 422
    assert resident_mb(server) - before < 50
    assert call("GET", f"{server.url}/api/scenarios").status == 200


# ------------------------------------------------------------------------------------------ what outsiders see
def test_room_state_without_a_token_shows_only_what_the_join_page_needs(server: Server) -> None:
    session = create_session(server, ["programme_director", "dg:SZW", "dg:OCW"])
    code = session["code"]
    anna = join(server, code, "programme_director", "Anna Jansen")
    outsider = server.api("GET", f"/api/sessions/{code}/state")
    assert outsider.status == 200
    assert outsider.data == {"code": code, "state": "lobby", "round": 0, "turns": 3, "free_roles": ["dg:SZW", "dg:OCW"]}
    assert server.api("GET", f"/api/sessions/{code}/state", token="made-up").data == outsider.data
    # the join page says a role is taken, not by whom
    page = call("GET", f"{server.url}/join/{code}")
    assert page.status == 200 and "Anna" not in page.text and "taken" in page.text
    # the room's own people see the names and who has submitted
    for token in (anna, session["facilitator_token"]):
        member = server.api("GET", f"/api/sessions/{code}/state", token=token).data
        assert member["players"] == [{"role": "programme_director", "name": "Anna Jansen", "submitted": False}]
    # a token of another room does not open this one
    other = create_session(server, ["programme_director"])
    assert "players" not in server.api("GET", f"/api/sessions/{code}/state", token=other["facilitator_token"]).data


def test_the_token_model_api_takes_the_header_only_and_page_links_set_private_cookies(server: Server) -> None:
    session = create_session(server, ["programme_director", "dg:SZW"])
    code = session["code"]
    director = join(server, code, "programme_director", "Anna")
    facilitator = session["facilitator_token"]
    # a cookie alone does not act through the API (another site could make the browser send it)
    assert server.api("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": 0}, cookies={f"hiap_f_{code}": facilitator}).status == 401
    assert server.api("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": 0}, facilitator).status == 200
    act = {"role": "programme_director", "action": {"do": "political_cover"}}
    assert server.api("POST", f"/api/sessions/{code}/act", act, cookies={f"hiap_p_{code}": director}).status == 401
    # each token opens its own panel only
    assert call("GET", f"{server.url}/fragments/{code}/facilitator", token=director).status == 403
    assert call("GET", f"{server.url}/fragments/{code}/player", token=facilitator).status == 403
    assert call("GET", f"{server.url}/fragments/{code}/player", token=director).status == 200
    # the link with ?key= becomes an HttpOnly cookie of this room and the address loses the key
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"GET /play/{code}?key={director} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        redirect = read_answer(sock).decode("latin-1")
    assert redirect.startswith("HTTP/1.1 303") and f"location: /play/{code}\r\n".lower() in redirect.lower()
    cookie = next(line for line in redirect.split("\r\n") if line.lower().startswith("set-cookie:"))
    assert f"hiap_p_{code}={director}" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    # a wrong key is refused and sets nothing, whatever text it holds (tokens are compared as bytes)
    wrong = call("GET", f"{server.url}/play/{code}?key=not-{director}")
    assert wrong.status == 403 and "set-cookie" not in wrong.headers
    for key in ("%C3%BCn%C3%AFcode", "%F0%9F%94%91", "%ED%A0%80"):
        assert call("GET", f"{server.url}/facilitate/{code}?key={key}").status == 403
    assert server.api("POST", f"/api/sessions/{code}/rounds/close", None, "t\u00f6ken").status == 403


def test_the_openapi_schema_is_served_in_test_mode_only(server: Server) -> None:
    assert call("GET", f"{server.url}/openapi.json").status == 404
    assert call("GET", f"{server.url}/docs").status == 404


# ------------------------------------------------------------------------------------------ limits per client
def test_join_code_guesses_are_limited_per_client(strict: Server) -> None:
    """400 guesses as fast as one client can: the first 10 get an answer (404), the rest 429 with Retry-After;
    another client is not affected, and a blocked client cannot even open a real code."""
    real = create_session(strict, ["programme_director"], passphrase=PASSPHRASE)
    guesser = "127.0.0.2"
    statuses = []
    began = time.monotonic()
    for k in range(400):
        reply = call_from(guesser, "GET", f"{strict.url}/api/sessions/{k:06d}/state")
        statuses.append(reply.status)
    elapsed = time.monotonic() - began
    assert statuses[:10] == [404] * 10
    assert set(statuses[10:]) == {429}
    assert elapsed < 60  # all inside one window
    refused = call_from(guesser, "GET", f"{strict.url}/join/{real['code']}")
    assert refused.status == 429 and 0 < int(refused.headers["retry-after"]) <= 60
    assert "Too many wrong session codes" in refused.text
    assert call_from(guesser, "GET", f"{strict.url}/api/sessions/{real['code']}/state").status == 429
    # another client joins as usual
    assert call_from("127.0.0.3", "GET", f"{strict.url}/api/sessions/{real['code']}/state").status == 200
    assert call_from("127.0.0.3", "POST", f"{strict.url}/api/sessions/{real['code']}/join", {"role": "programme_director", "name": "Eva"}).status == 200
    # pages that need no code are not limited
    assert call_from(guesser, "GET", f"{strict.url}/join").status == 200


def test_the_window_lets_a_client_go_on_once_its_old_guesses_have_aged() -> None:
    now = [0.0]
    window = SlidingWindow(Rate(3, 60), clock=lambda: now[0])
    for _ in range(3):
        assert window.wait("a") is None
        window.add("a")
    assert window.wait("a") == pytest.approx(60)
    assert window.wait("b") is None
    now[0] = 59.5
    assert window.wait("a") == pytest.approx(0.5)
    now[0] = 60.0
    assert window.wait("a") is None
    assert Limits().with_rates(["guesses=5/30"]).guesses == Rate(5, 30)
    with pytest.raises(ValueError, match="NAME=AMOUNT/SECONDS"):
        Limits().with_rates(["speed=5/30"])
    with pytest.raises(ValueError, match="not a rate"):
        Limits().with_rates(["guesses=lots"])


def test_session_creation_needs_the_passphrase_and_is_capped_per_client(strict: Server) -> None:
    body = {"scenario": "national_2025", "roles": ["programme_director"], "turns": 2}
    creator = "127.0.0.4"
    assert call_from(creator, "POST", f"{strict.url}/api/sessions", body).status == 403
    wrong = call_from(creator, "POST", f"{strict.url}/api/sessions", {**body, "passphrase": "tulips"})
    assert wrong.status == 403 and "passphrase" in wrong.error
    # a refused setting creates nothing and does not count
    assert call_from(creator, "POST", f"{strict.url}/api/sessions", {**body, "roles": ["dg:NOPE"], "passphrase": PASSPHRASE}).status == 400
    codes = set()
    for _ in range(10):
        reply = call_from(creator, "POST", f"{strict.url}/api/sessions", {**body, "passphrase": PASSPHRASE})
        assert reply.status == 200, reply.text
        codes.add(reply.data["code"])
    assert len(codes) == 10
    capped = call_from(creator, "POST", f"{strict.url}/api/sessions", {**body, "passphrase": PASSPHRASE})
    assert capped.status == 429 and int(capped.headers["retry-after"]) > 3000 and "most sessions" in capped.error
    # another facilitator is not affected; the form asks for the passphrase
    assert call_from("127.0.0.5", "POST", f"{strict.url}/api/sessions", {**body, "passphrase": PASSPHRASE}).status == 200
    form = call("GET", f"{strict.url}/facilitate")
    assert 'id="new-passphrase"' in form.text and 'type="password"' in form.text
    dutch = call("GET", f"{strict.url}/facilitate", cookies={"hiap_lang": "nl"})
    assert "Wachtwoord voor spelleiders" in dutch.text


def test_wrong_passphrases_count_as_guesses(strict: Server) -> None:
    body = {"scenario": "national_2025", "passphrase": "guess"}
    statuses = [call_from("127.0.0.6", "POST", f"{strict.url}/api/sessions", body).status for _ in range(12)]
    assert statuses == [403] * 10 + [429] * 2
    assert call_from("127.0.0.6", "POST", f"{strict.url}/api/sessions", {**body, "passphrase": PASSPHRASE}).status == 429


def test_explorer_time_is_capped_per_client(strict: Server) -> None:
    """With a budget of 1 s of server time a minute, a client stepping long runs is refused within a few steps;
    another client still explores."""
    heavy = "127.0.0.7"
    start = call_from(heavy, "POST", f"{strict.url}/api/explorer", {"scenario": "national_2025"})
    assert start.status == 200, start.text
    run = start.data["run"]
    statuses = []
    for _ in range(40):
        reply = call_from(heavy, "POST", f"{strict.url}/api/explorer/{run}/step", {"months": 60})
        statuses.append(reply.status)
        if reply.status == 429:
            assert int(reply.headers["retry-after"]) <= 60 and "share of the server's time" in reply.error
            break
        if reply.data["finished"]:
            restart = call_from(heavy, "POST", f"{strict.url}/api/explorer", {"scenario": "national_2025"})
            if restart.status == 429:
                statuses.append(429)
                break
            run = restart.data["run"]
    assert statuses[-1] == 429 and len(statuses) < 40
    other = call_from("127.0.0.8", "POST", f"{strict.url}/api/explorer", {"scenario": "national_2025"})
    assert other.status == 200


def test_serve_refuses_bad_limits_and_an_empty_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIAP_SIM_PASSPHRASE", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    for args, words in ((["--limit", "speed=1/2"], "is not a limit"), (["--limit", "guesses=many"], "not a rate"), (["--passphrase", " "], "passphrase is empty")):
        done = CliRunner().invoke(cli_app, ["serve", "--port", "1", "--db", str(tmp_path / "s.sqlite"), *args])
        assert done.exit_code == 2, (args, done.output)
        assert words in done.output and "Traceback" not in done.output
