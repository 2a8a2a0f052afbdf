"""Helpers for the web tests: a real ``hiap-sim serve`` in a subprocess on a free port, and plain HTTP calls."""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
TOKEN_HEADER = "X-Hiap-Token"
# limits for servers that many tests share from one address (the limits themselves are tested on servers of their own)
GENEROUS = ("--limit", "sessions=10000/3600", "--limit", "guesses=10000/60", "--limit", "explorer_seconds=10000/60")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Reply:
    """An HTTP answer: status, parsed JSON (or None) and the raw text."""

    status: int
    data: Any
    text: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def error(self) -> str:
        return self.data.get("error", "") if isinstance(self.data, dict) else ""


def call(method: str, url: str, body: Any = None, token: str | None = None, raw: bytes | None = None,
         headers: dict[str, str] | None = None, cookies: dict[str, str] | None = None) -> Reply:
    """One HTTP request (JSON in and out); HTTP errors come back as a Reply, not an exception."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header(TOKEN_HEADER, token)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, content, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        status, content, answer_headers = exc.code, exc.read(), exc.headers
    text = content.decode("utf-8", "replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return Reply(status, parsed, text, content, {k.lower(): v for k, v in answer_headers.items()})


def call_from(source: str, method: str, url: str, body: Any = None, token: str | None = None, headers: dict[str, str] | None = None) -> Reply:
    """One HTTP request sent from another loopback address (``127.0.0.x``): a second client of the same server."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=60, source_address=(source, 0))
    data = json.dumps(body).encode() if body is not None else None
    sent = {"Accept": "application/json", **({"Content-Type": "application/json"} if data is not None else {}),
            **({TOKEN_HEADER: token} if token else {}), **(headers or {})}
    try:
        connection.request(method, parsed.path + (f"?{parsed.query}" if parsed.query else ""), body=data, headers=sent)
        response = connection.getresponse()
        content = response.read()
        status = response.status
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()
    text = content.decode("utf-8", "replace")
    try:
        parsed_body = json.loads(text)
    except ValueError:
        parsed_body = None
    return Reply(status, parsed_body, text, content, answer_headers)


def follow(url: str) -> Reply:
    """GET a link as a browser would: following redirects and keeping the cookies they set."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        with opener.open(url, timeout=60) as response:
            status, content = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, content = exc.code, exc.read()
    return Reply(status, None, content.decode("utf-8", "replace"), content)


class Server:
    """``hiap-sim serve`` on 127.0.0.1 and a free port, with its own session file and log."""

    def __init__(self, db: Path, log: Path, port: int | None = None, args: tuple[str, ...] = ()) -> None:
        self.db = db
        self.log = log
        self.port = port or free_port()
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> Server:
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "hiap_sim.cli", "serve", "--port", str(self.port), "--db", str(self.db), *self.args]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start-up:\n{self.log.read_text()}")
            with contextlib.suppress(OSError):
                if call("GET", f"{self.url}/api/scenarios").status == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        """A normal stop (Ctrl+C)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def crash(self) -> None:
        """The server dies at once (power cut, killed process): nothing gets to clean up."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def api(self, method: str, path: str, body: Any = None, token: str | None = None, **extra: Any) -> Reply:
        return call(method, f"{self.url}{path}", body, token, **extra)


def create_session(server: Server, roles: list[str], turns: int = 3, **settings: Any) -> dict[str, Any]:
    reply = server.api("POST", "/api/sessions", {"scenario": "national_2025", "roles": roles, "turns": turns, **settings})
    assert reply.status == 200, reply.text
    return reply.data


def join(server: Server, code: str, role: str, name: str) -> str:
    reply = server.api("POST", f"/api/sessions/{code}/join", {"role": role, "name": name})
    assert reply.status == 200, reply.text
    return reply.data["token"]
