"""Protection at the edge of the web app: security headers, a cap on request bodies, and limits per client.

- **Headers** on every answer (pages, fragments, API, static files, errors): a Content-Security-Policy that
  allows only the app's own scripts, styles and images (no inline script, no other site), framing refused,
  no content sniffing, and no referrer (page links carry tokens in ``?key=``).
- **Request bodies** are capped at :attr:`Limits.max_body_bytes`: a request that declares a larger
  ``Content-Length`` is answered 413 before a byte of its body is read, and a body sent without a length
  (chunked) is answered 413 as soon as it passes the cap; the rest is never read.
- **Limits per client** (the client's IP address), each a sliding window: wrong join codes and wrong
  passphrases (guesses), sessions created, and seconds of explorer computation. A client over a limit gets
  429 with ``Retry-After``; other clients are not affected.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from hiap_sim.web.text import WebText, pick_language

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
MAX_CLIENTS = 10_000  # clients remembered per limit; the least recently seen are forgotten first


@dataclass(frozen=True)
class Rate:
    """At most ``amount`` in any ``seconds``."""

    amount: float
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        """'10/60' -> 10 per 60 seconds."""
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*", text)
        if match is None or float(match.group(2)) <= 0:
            raise ValueError(f"'{text}' is not a rate such as 10/60 (an amount per a number of seconds)")
        return cls(float(match.group(1)), float(match.group(2)))

    def __str__(self) -> str:
        return f"{self.amount:g}/{self.seconds:g}"


@dataclass
class Limits:
    """The web app's limits (``hiap-sim serve --limit NAME=AMOUNT/SECONDS`` changes the rates)."""

    max_body_bytes: int = 64 * 1024  # the largest legitimate body (a session with 60 roles) is under 5 KB
    guesses: Rate = field(default_factory=lambda: Rate(10, 60))  # wrong join codes or passphrases per client
    sessions: Rate = field(default_factory=lambda: Rate(10, 3600))  # sessions created per client
    explorer_seconds: Rate = field(default_factory=lambda: Rate(30, 60))  # seconds of explorer computation per client
    explorer_runs: int = 3  # explorer runs kept per client (its oldest is dropped for a new one)
    explorer_step_seconds: float = 2.0  # one explorer request stops after this much computation (months done so far are kept)
    idle_hours: float = 168.0  # a session untouched this long is removed (a week, as long as the facilitator's link cookie)
    lobby_idle_hours: float = 12.0  # a session still in the lobby (never started) untouched this long is removed

    RATES = ("guesses", "sessions", "explorer_seconds")

    def with_rates(self, settings: list[str]) -> Limits:
        """A copy with rates set from 'name=amount/seconds' strings."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for setting in settings:
            name, sep, rate = setting.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in self.RATES:
                raise ValueError(f"'{setting}' is not a limit; use NAME=AMOUNT/SECONDS with NAME one of {', '.join(self.RATES)}")
            values[name] = Rate.parse(rate)
        return Limits(**values)


class SlidingWindow:
    """How much each client used in the last ``rate.seconds``, and whether it may use more."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self._used: OrderedDict[str, deque[tuple[float, float]]] = OrderedDict()
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[tuple[float, float]]:
        entries = self._used.get(key)
        if entries is None:
            entries = self._used[key] = deque()
            while len(self._used) > MAX_CLIENTS:
                self._used.popitem(last=False)
        self._used.move_to_end(key)
        while entries and entries[0][0] <= now - self.rate.seconds:
            entries.popleft()
        return entries

    def wait(self, key: str) -> float | None:
        """Seconds until ``key`` may go on (None: it may now)."""
        with self._lock:
            now = self.clock()
            entries = self._trim(key, now)
            used = sum(amount for _, amount in entries)
            if used < self.rate.amount:
                return None
            # when enough of the oldest use has left the window
            excess = used - self.rate.amount
            for moment, amount in entries:
                excess -= amount
                if excess < 0:
                    return max(0.0, moment + self.rate.seconds - now)
            return self.rate.seconds  # pragma: no cover - the loop always returns

    def add(self, key: str, amount: float = 1.0) -> None:
        """Record use by ``key``."""
        with self._lock:
            self._trim(key, self.clock()).append((self.clock(), float(amount)))

    def refund(self, key: str) -> None:
        """Take back the last use recorded for ``key`` (work that was refused after all)."""
        with self._lock:
            entries = self._used.get(key)
            if entries:
                entries.pop()

    def used(self, key: str) -> float:
        with self._lock:
            return sum(amount for _, amount in self._trim(key, self.clock()))


class ClientLimits:
    """The limits per client of one running app."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.guesses = SlidingWindow(limits.guesses, clock)
        self.sessions = SlidingWindow(limits.sessions, clock)
        self.explorer = SlidingWindow(limits.explorer_seconds, clock)


def client_key(scope: Scope) -> str:
    """The client's address (all tabs and browsers of one machine share it)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _language(scope: Scope) -> str:
    """The reader's language, from the headers alone (the body is not read)."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    match = re.search(r"(?:^|;)\s*hiap_lang=(\w+)", headers.get("cookie", ""))
    return pick_language(match.group(1) if match else None, headers.get("accept-language"))


class EdgeMiddleware:
    """Pure ASGI middleware: security headers on every answer and the cap on request bodies."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((n, v) for n, v in SECURITY_HEADERS if n not in present)]
            await send(message)

        length = None
        for name, value in scope.get("headers", []):
            if name.lower() == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    await self._refuse(scope, send_with_headers, 400, "web.err.bad_length")
                    return
                if length < 0:
                    await self._refuse(scope, send_with_headers, 400, "web.err.bad_length")
                    return
        if length is not None and length > self.max_body_bytes:
            await self._refuse(scope, send_with_headers, 413, "web.err.too_large")  # before a byte of the body is read
            return

        received = 0
        refused = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    refused = True
                    if not started:
                        await self._refuse(scope, send_with_headers, 413, "web.err.too_large")
                    return {"type": "http.disconnect"}  # the app stops reading; the rest of the body is never read
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent: whatever the app answers is dropped
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: Scope, send: Send, status: int, key: str) -> None:
        message = WebText(_language(scope))(key, limit=self.max_body_bytes)
        body = json.dumps({"error": message}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


__all__ = ["CONTENT_SECURITY_POLICY", "ClientLimits", "EdgeMiddleware", "Limits", "Rate", "SECURITY_HEADERS", "SlidingWindow", "client_key"]
