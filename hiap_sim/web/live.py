"""Live pages of a facilitated session: server-sent events, what happens now in a round, requests between
participants in words, and the room view for the projector.

- **Server-sent events** (``/api/sessions/{code}/stream``, ``text/event-stream``): a page opens one stream
  and gets a short message whenever its room (or, for the room view, any team of the session) changes: a
  round opens or closes, the facilitator injects an event or pauses, a player decides or answers. The message
  carries only what anyone with the join code may see (state, round, a change counter); the page then fetches
  its own panel with its token. A stream ends after ``STREAM_SECONDS`` and the browser reconnects by itself
  (so that a stopping server is never held up by open streams); pages keep a slow poll as a fallback.
- **Now, in this round**: the events the facilitator injected in the running round and the crisis windows open
  now, on every player's page at once (the options that depend on them are fetched again with the panel).
- **The room view** (``/room/{code}``): each team's score against the autopilot after every round, the trust
  network between the ministries, the health gap secured and the events, for a projector; it shows no names,
  so the join code is enough to open it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from hiap_sim.game.requests import ANSWER_REASONS, PendingRequest, advice
from hiap_sim.game.session import GameSession
from hiap_sim.plots import LEVEL_COLOURS
from hiap_sim.web.explorer import department_network
from hiap_sim.web.rooms import Room, Rooms
from hiap_sim.web.teams import WebError
from hiap_sim.web.text import WebText

STREAM_SECONDS = 30.0  # a stream's lifetime; the browser reconnects after it
TEST_STREAM_SECONDS = 0.5  # in test mode (API fuzzing): each generated stream request ends at once
STREAM_CHECK_SECONDS = 0.25  # how often a stream looks for a change (events reach pages well within 2 s)


# ------------------------------------------------------------------------------------------ requests in words
def request_view(session: GameSession, request: PendingRequest, role: str) -> dict[str, Any]:
    """A request as ``role`` reads it: what is asked, of whom, and (for the one who answers) the model's advice."""
    text, view = session.text, session.view
    asker = session.player(request.role)
    seat = session.seat(asker)
    action = request.action
    values: dict[str, Any] = {"asker": asker.role.org_code}
    if action["do"] in ("propose", "seize_window"):
        values.update(topic=text.topic(view, action["topic"]), level=int(action.get("level", 2)), partners=", ".join(action["partners"]))
    else:
        work = seat.find_work(action["initiative"])
        topic = text.topic(view, view.topic_names[work.topic]) if work is not None else "-"
        level = (work.level_now + (action["do"] == "escalate")) if work is not None else 0
        partners = action["partner"] if action["do"] == "invite" else ", ".join(seat.code_of(p) for p in (work.partners if work is not None else []))
        values.update(initiative=action["initiative"], topic=topic, level=level, partners=partners)
    mine = [code for code, answering in request.waiting.items() if answering == role and code not in request.answers]
    advices = []
    for code in mine:
        probability, reason = advice(session, request, code)
        line = text("request.advice", partner=code, probability=probability)
        if reason:
            line += " " + text("request.advice_against", reason=text.name(f"reason_own.{reason}", text.reason(reason)))
        advices.append({"partner": code, "text": line, "reason": reason})
    waiting_on = [code for code in request.missing()]
    status = ""
    if request.outcome == "failed":
        message = text(request.error.get("key", ""), **request.error.get("values", {})) if request.error.get("key") else ""
        status = text("request.failed" if role == request.role else "request.failed_other", message=message)
    elif request.role == role and waiting_on:
        status = text("request.waiting", partners=", ".join(waiting_on))
    given = [text("request.you_said", answer=text("request.yes" if request.answers[c]["accept"] else "request.no"))
             for c, answering in request.waiting.items() if answering == role and c in request.answers]
    return {"id": request.id, "text": text(f"request.{action['do']}", **values), "advice": advices, "status": status, "given": given,
            "outcome": request.outcome}


def requests_for(session: GameSession, role: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(requests waiting for ``role``'s answer, ``role``'s own requests still waiting or failed), in words."""
    asked = [request_view(session, r, role) for r in session.waiting_for(role)]
    own = [request_view(session, r, role) for r in session.asked_by(role) if r.outcome in ("waiting", "failed")]
    return asked, own


def reason_options(session: GameSession) -> list[tuple[str, str]]:
    """The reasons a participant can give for a 'no', in their own voice."""
    text = session.text
    return [(r, text.name(f"reason_own.{r}", text.reason(r))) for r in ANSWER_REASONS]


def live_items(rooms: Rooms, room: Room, session: GameSession, event_line: Callable[[WebText, dict[str, Any]], str], text: WebText) -> list[str]:
    """What happened in the running round so far: the injected events, and the crisis windows open now."""
    lines = [event_line(text, e) for e in rooms.events(room) if int(e["turn"]) == session.turn]
    view = session.view
    if view.window_topics and not session.finished:
        lines.append(text("web.play.window_now", topics=", ".join(text.game.topic(view, view.topic_names[t]) for t in sorted(view.window_topics))))
    return lines


# ------------------------------------------------------------------------------------------ the room view
def team_summary(rooms: Rooms, room: Room, lang: str) -> dict[str, Any]:
    """One team on the room view: state, scores after each round and now, the health gap secured, the network."""
    out: dict[str, Any] = {"team": room.team, "state": room.state, "round": room.round, "started": room.game_id is not None}
    if room.game_id is None:
        return out
    with rooms.lock(room.id):
        session = rooms.view(room, lang)
        you, autopilot = session.scores()
        row = session.view.records[-1]
        out.update(score=round(you.total, 1), autopilot=round(autopilot.total, 1), difference=round(you.total - autopilot.total, 1),
                   secured=round(float(row["health_gap_secured"]), 2),
                   rounds=[{"turn": r.turn, "score": round(r.score["total"], 1), "autopilot": round(r.autopilot["total"], 1)} for r in session.reports],
                   network=department_network(session.view))
    return out


def register(app: FastAPI, rooms: Rooms, render: Callable[..., HTMLResponse], language: Callable[[Request], str],
             event_line: Callable[[WebText, dict[str, Any]], str], stream_seconds: float = STREAM_SECONDS) -> None:
    """Add the stream (each lasting ``stream_seconds``), the room view and its data to the app."""

    def live_state(code: str) -> dict[str, Any]:
        room = rooms.room(code)
        return {"state": room.state, "round": room.round, "paused": room.paused, "revision": room.revision, "live": rooms.family_revision(room)}

    @app.get("/api/sessions/{code}/stream")
    async def api_stream(request: Request, code: str) -> Response:
        """Server-sent events: a message whenever the room or another team of its session changes."""
        first = await anyio.to_thread.run_sync(live_state, code)  # an unknown code is a 404 like any other

        async def messages() -> AsyncIterator[str]:
            yield "retry: 1000\n\n"
            last: dict[str, Any] | None = None
            current: dict[str, Any] | None = first
            began = time.monotonic()
            while time.monotonic() - began < stream_seconds:
                if current is not None and current != last:
                    yield f"data: {json.dumps(current)}\n\n"
                    last = current
                await asyncio.sleep(STREAM_CHECK_SECONDS)
                if await request.is_disconnected():
                    return
                try:
                    current = await anyio.to_thread.run_sync(live_state, code)
                except WebError:  # the session was removed
                    return

        return StreamingResponse(messages(), media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def room_data(code: str, lang: str) -> dict[str, Any]:
        room = rooms.owner(rooms.room(code))
        text = WebText(lang)
        events = [{"round": e["turn"], "text": event_line(text, e)} for e in rooms.events(room)]
        return {"code": room.code, "state": room.state, "round": room.round, "turns": room.turns, "live": rooms.family_revision(room),
                "teams": [team_summary(rooms, team, lang) for team in rooms.family(room)], "events": events}

    @app.get("/api/sessions/{code}/room")
    def api_room(request: Request, code: str) -> dict[str, Any]:
        """The room view's data: every team's scores, network and health gap secured, and the events (no names)."""
        return room_data(code, language(request))

    @app.get("/room/{code}", response_class=HTMLResponse)
    def room_page(request: Request, code: str) -> Response:
        lang = language(request)
        text = WebText(lang)
        data = room_data(code, lang)
        room = rooms.owner(rooms.room(code))
        config = {"code": room.code, "levels": LEVEL_COLOURS, "level_names": [text(f"web.level.{k}") for k in range(5)],
                  "text": {"team": text("web.room.team", team="{team}"), "score": text("web.room.score"), "autopilot": text("web.room.autopilot"),
                           "difference": text("web.room.difference"), "secured": text("web.room.secured"), "not_started": text("web.room.not_started"),
                           "rounds": text("web.room.rounds"), "network": text("web.room.network")}}
        return render(request, "room.html", room=room, data=data, config=config)


__all__ = ["STREAM_SECONDS", "TEST_STREAM_SECONDS", "live_items", "reason_options", "register", "request_view", "requests_for", "team_summary"]
