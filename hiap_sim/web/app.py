"""The web app: explorer, facilitator, player and debrief pages, and the JSON API behind them (FastAPI).

Pages are rendered on the server (Jinja2) and kept up to date by small scripts served from ``/static`` (no
outside assets). Tokens: the facilitator's and each player's token travel in a cookie for pages and in the
``X-Hiap-Token`` header for the API (so another web site cannot act with a user's cookie). Every request body
is checked (pydantic) and every game decision by the engine; a refused request gets a 4xx answer with a
message in the user's language and leaves the session as it was. Security headers, the cap on request bodies
and the limits per client are in :mod:`hiap_sim.web.security`.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import shutil
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from hiap_sim.control import LEVERS
from hiap_sim.game import debrief as game_debrief
from hiap_sim.game import teams as game_teams
from hiap_sim.game.actions import ACTIONS, ActionError, available
from hiap_sim.game.feedback import dashboard, initiative_rows, relations
from hiap_sim.game.requests import PendingRequest
from hiap_sim.game.session import GameSession, Player
from hiap_sim.game.text import SECTOR_CODES
from hiap_sim.plots import LEVEL_COLOURS
from hiap_sim.scenario.defaults import CRISIS_THEMES
from hiap_sim.scenario.loader import shipped_scenarios
from hiap_sim.text import number
from hiap_sim.web import live
from hiap_sim.web.explorer import CHARTS, KNOB_RANGES, KNOBS, MUNICIPAL_CHART, PERCENT, ZOOMED, Explorer
from hiap_sim.web.rooms import Room, Rooms, WebError, same_token
from hiap_sim.web.security import ClientLimits, EdgeMiddleware, Limits, SlidingWindow, client_key
from hiap_sim.web.teams import MAX_TEAMS
from hiap_sim.web.text import LANGUAGES, WebText, pick_language

HERE = Path(__file__).resolve().parent
TOKEN_HEADER = "X-Hiap-Token"
LANG_COOKIE = "hiap_lang"
FIGURES = ("score.png", "outcomes.png", "initiatives.png")
FIGURE_LOCK = threading.Lock()
CLEANUP_SECONDS = 60.0  # how often idle sessions are looked for
# paths that look a session up by its join code: a client that guessed too many wrong codes is refused here
CODE_PATHS = ("/join/", "/play/", "/facilitate/", "/debrief/", "/fragments/", "/api/sessions/", "/room/")
GUESS_KEYS = ("web.err.no_session", "web.err.passphrase")
SESSION_PAGE = re.compile(r"^/(?:join|play|facilitate|debrief|room|fragments)/([A-Za-z0-9]{1,16})(?:[/?]|$)")
log = logging.getLogger("hiap_sim.web")

ActionValue = str | int | float | bool | list[str | int] | None


# ------------------------------------------------------------------------------------------ request bodies
class Body(BaseModel):
    """Request bodies refuse fields they do not know."""

    model_config = ConfigDict(extra="forbid")


class ExplorerStart(Body):
    scenario: str = Field(min_length=1, max_length=120)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    knobs: dict[str, float] = Field(default_factory=dict)
    levers: dict[str, bool] = Field(default_factory=dict)


class ExplorerStep(Body):
    months: int = Field(default=1, ge=1, le=60)


class LeverSwitch(Body):
    name: str = Field(min_length=1, max_length=60)
    on: bool


class NewSession(Body):
    scenario: str = Field(min_length=1, max_length=120)
    passphrase: str | None = Field(default=None, max_length=200)
    roles: list[str] = Field(default_factory=list, max_length=60)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    turns: int | None = Field(default=None, ge=1, le=60)
    months_per_turn: int | None = Field(default=None, ge=1, le=24)
    lang: Literal["en", "nl"] = "en"
    teams: int = Field(default=1, ge=1, le=MAX_TEAMS)


class JoinRequest(Body):
    role: str = Field(min_length=1, max_length=60)
    name: str = Field(default="", max_length=60)
    team: int = Field(default=1, ge=1, le=MAX_TEAMS)


class AnswerRequest(Body):
    request: int = Field(ge=1, le=10**9)
    accept: bool
    reason: str | None = Field(default=None, max_length=40)
    partner: str | None = Field(default=None, max_length=40)


class ActRequest(Body):
    role: str = Field(min_length=1, max_length=60)
    action: dict[str, ActionValue]
    check_only: bool = False


class RoleRequest(Body):
    role: str = Field(min_length=1, max_length=60)


class OpenRound(Body):
    timer_minutes: float = Field(default=0.0, ge=0.0, le=240.0)


class EventRequest(Body):
    kind: Literal["crisis", "budget_cut", "election"]
    crisis: str | None = Field(default=None, max_length=40)
    size: float | None = Field(default=None, ge=0.0, le=1.0)
    half_life: float | None = Field(default=None, ge=1.0, le=240.0)
    departments: list[str] = Field(default_factory=list, max_length=20)
    fraction: float | None = Field(default=None, ge=0.0, le=0.9)


# ------------------------------------------------------------------------------------------ helpers
def language(request: Request) -> str:
    """The reader's language. On the pages and calls of a session (a path with a join code): the language the
    reader switched to in that session, else the session's own language. Elsewhere: the switch's cookie, else the
    browser's preference, else English."""
    code = request.path_params.get("code")
    if code:
        chosen = request.cookies.get(session_lang_cookie(str(code)))
        if chosen in LANGUAGES:
            return str(chosen)
        rooms = getattr(request.app.state, "rooms", None)
        if rooms is not None:
            try:
                return rooms.room(str(code)).lang
            except WebError:
                pass  # no such session: the page says so in the reader's own language
    return pick_language(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def session_lang_cookie(code: str) -> str:
    """Cookie holding the language a reader switched to in session ``code``."""
    return f"hiap_lang_{code.upper()}"


def session_of_path(path: str) -> str | None:
    """The join code in the path of a session's page ('/play/AB12CD' -> 'AB12CD'), if any."""
    match = SESSION_PAGE.match(path)
    return match.group(1).upper() if match else None


def header_token(request: Request) -> str | None:
    """The token an API call carries (the header only: cookies would let other sites act for the user)."""
    return request.headers.get(TOKEN_HEADER)


def facilitator_cookie(code: str) -> str:
    """Cookie holding the facilitator's token of session ``code`` (for pages)."""
    return f"hiap_f_{code.upper()}"


def player_cookie(code: str) -> str:
    """Cookie holding a player's token of session ``code`` (for pages)."""
    return f"hiap_p_{code.upper()}"


def wants_json(request: Request) -> bool:
    """Errors of the API and of page fragments are JSON; errors of pages are pages."""
    return request.url.path.startswith(("/api/", "/fragments/"))


def check_scenario(name: str) -> str:
    """Only shipped scenarios are offered in the browser (no file paths from a request)."""
    known = shipped_scenarios()
    if name not in known:
        raise WebError(400, "web.err.not_shipped", found=name[:60], known=", ".join(known))
    return name


def safe_next(target: str | None) -> str:
    """A local path to go back to (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def validation_message(exc: RequestValidationError, text: WebText | None = None) -> str:
    """What is wrong with a request body, in one line (field and problem, at most five), in the reader's language
    (pydantic's own wording is English: other languages get the catalogue's wording of the kind of problem)."""
    text = text or WebText("en")
    parts = []
    for error in exc.errors()[:5]:
        kind = str(error.get("type", ""))
        if kind == "json_invalid":
            parts.append(text("web.err.json"))
            continue
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        context = {k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v) for k, v in (error.get("ctx") or {}).items()}
        if kind in ("extra_forbidden", "missing"):
            message = text(f"web.err.value.{kind}")
        elif text.lang == "en":
            message = str(error.get("msg", "invalid"))
        elif text.has(f"web.err.value.{kind}"):
            try:
                message = text(f"web.err.value.{kind}", **context)
            except (KeyError, IndexError, ValueError):
                message = text("web.err.value")
        else:
            message = text("web.err.value")
        parts.append(f"'{where}' {message}" if where else message)
    return "; ".join(parts) or text("web.err.malformed")


def role_labels(rooms: Rooms, room: Room, text: WebText) -> dict[str, str]:
    """Each role of the room in words ('Director-general at SZW')."""
    return {role_id: text(f"role.{kind}", org=org) for role_id, (kind, org) in rooms.role_orgs(room).items()}


@pass_context
def number_filter(context: Any, value: Any, spec: str = "") -> str:
    """``{{ value | num(".2f") }}``: a number as the page's reader writes it (the page's ``lang``)."""
    return number(value, spec, context.get("lang", "en"))


def md_inline(value: Any) -> Markup:
    """The debrief's inline markup (bold, line breaks) as safe HTML."""
    escaped = html.escape(str(value)).replace("&lt;br&gt;", "<br>")
    return Markup(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped))


# ------------------------------------------------------------------------------------------ views of a game
def org_heading(row: dict[str, Any]) -> str:
    """A partner in a menu: a ministry as 'SZW — Sociale Zaken en Werkgelegenheid', a sector by its name alone."""
    return row["name"] if row["org"] in SECTOR_CODES else f"{row['org']} — {row['name']}"


def action_options(session: GameSession, player: Player, text: WebText) -> list[dict[str, Any]]:
    """The player's actions with their fields and the choices each field offers now (for the decision form)."""
    view = session.view
    game_text = session.text
    strategy = session.strategy_of(player)
    partner_rows = relations(session, player)
    own_fit = session.topic_fit(player)
    work = [r for r in initiative_rows(session, player) if r["alive"]]
    out = []
    for name in available(session, player):
        spec = ACTIONS[name]
        cost = session.cost_of(name, player)
        fields = []
        for field in spec.fields:
            entry: dict[str, Any] = {"name": field.name, "label": game_text(f"field.{field.name}"), "kind": field.kind, "optional": field.optional,
                                     "options": [], "default": None}
            if field.kind in ("org", "orgs"):
                entry["options"] = [{"value": r["org"], "label": f"{org_heading(r)} · {game_text('dash.trust')} {game_text.number(r['trust'], '.2f')} · "
                                                                   f"{game_text('dash.fit')}: {r['best_topic']}"} for r in partner_rows]
            elif field.kind in ("topic", "topics"):
                names = view.topic_names
                if name == "seize_window":
                    names = [view.topic_names[k] for k in sorted(view.window_topics)]
                options = []
                for topic in names:
                    index = view.topic_index[topic]
                    window = f" ({game_text('ui.window')})" if index in view.window_topics else ""
                    options.append({"value": topic, "label": f"{game_text.topic(view, topic)} · {game_text('ui.fit')} {game_text.number(own_fit[index], '.2f')}{window}"})
                entry["options"] = options
                if field.kind == "topics" and name == "set_strategy":
                    entry["default"] = session.focus_topics(player)
            elif field.kind == "level":
                entry["options"] = [{"value": level, "label": game_text.level(level)} for level in (2, 3, 4)]
            elif field.kind in ("choice", "lever"):
                entry["options"] = [{"value": c, "label": game_text.name(f"choice.{c}", game_text.lever(c) if field.kind == "lever" else c)} for c in field.choices]
                if field.name == "policy":
                    entry["default"] = player.answer_policy
                elif field.optional:
                    entry["default"] = getattr(strategy, field.name, None)
            elif field.kind == "share":
                entry["default"] = strategy.relation_share
            elif field.kind == "initiative":
                entry["options"] = [{"value": r["id"], "label": f"#{r['id']} {r['topic']} ({r['members']}) · {game_text('dash.col.level')} {r['level']} · {r['phase']}"}
                                    for r in work]
            fields.append(entry)
        out.append({"name": name, "label": game_text(f"action.{name}"), "help": game_text(f"help.{name}"),
                    "cost": {"fte": cost.fte, "budget": cost.budget, "unit": game_text.unit(session.money_unit(player))}, "fields": fields})
    return out


def player_view(session: GameSession, role_id: str) -> dict[str, Any]:
    """What the player panel shows: the dashboard, this round's decisions and answers, the last round's news."""
    player = session.player(role_id)
    fte, money = session.free_resources(player)
    report = session.reports[-1] if session.reports else None
    decisions = []
    news = []
    if report is not None:
        # each participant reads an answer from their own side: the one who gave it as theirs
        decisions = [{**d, "text": d["own_text"], "hint": d["own_hint"]} if d.get("answered_by") == role_id and d.get("own_text") else d
                     for d in sorted(report.decisions, key=lambda d: role_id not in d.get("roles", []))]
        news = [n for n in report.news if not n.get("roles") or role_id in n["roles"]]  # 'your officials' only to that organisation's players
    asked, own = live.requests_for(session, role_id)
    return {
        "news": news,
        "asked": asked, "own_requests": own, "reasons": live.reason_options(session),
        "player": player,
        "role_name": session.role_name(player),
        "brief": session.text(f"role.brief.{player.role.kind}", org=player.role.org_code),
        "free_fte": fte, "free_money": money,
        "results": [r for r in session.results if r.turn == session.turn and (r.role == player.role.id or any(
            d.get("answered_by") == role_id for d in r.decisions))],
        "report": report,
        "report_decisions": decisions,
        "dashboard": dashboard(session, player),
        "relations": relations(session, player),
        "work": initiative_rows(session, player),
        "date": session.view.date,
        "turn": min(session.turn, session.turns),
        "turn_start": session.date_of(session.turn_months(min(session.turn, session.turns))[0]),
        "turn_end": session.date_of(session.turn_months(min(session.turn, session.turns))[1]),
    }


def event_line(text: WebText, event: dict[str, Any]) -> str:
    """An injected event in words, for the facilitator's list and the debrief."""
    params = event["params"]
    if event["kind"] == "crisis":
        where = (": " + ", ".join(params["departments"])) if params["departments"] else ""
        return text("web.event.crisis", crisis=text.game.name(f"crisis.{params['crisis']}", params["crisis"]), size=params["size"], where=where)
    if event["kind"] == "budget_cut":
        return text("web.event.budget_cut", fraction=params["fraction"], departments=", ".join(params["departments"]) or text("web.event.all"))
    return text("web.event.election")


def same_text(given: str, secret: str) -> bool:
    """A passphrase check in constant time."""
    return same_token(given, secret)


def wait_or_refuse(window: SlidingWindow, client: str, key: str) -> None:
    """A 429 with Retry-After when the client is over the window's limit."""
    wait = window.wait(client)
    if wait is not None:
        seconds = max(1, int(wait + 0.999))
        raise WebError(429, key, headers={"Retry-After": str(seconds)}, seconds=seconds)


class HiapApp(FastAPI):
    """FastAPI with the edge middleware outermost, so that every answer (errors included) carries the security
    headers and no body over the cap is read."""

    max_body_bytes: int = Limits().max_body_bytes

    def build_middleware_stack(self) -> Any:
        return EdgeMiddleware(super().build_middleware_stack(), self.max_body_bytes)


# ------------------------------------------------------------------------------------------ the app
def create_app(db: str | Path | None = None, tick_seconds: float = 1.0, limits: Limits | None = None, passphrase: str | None = None,
               test_mode: bool = False) -> FastAPI:
    """The web app on the session file ``db`` (default: the game's session file).

    ``limits``: body cap, limits per client and idle times (:class:`~hiap_sim.web.security.Limits`);
    ``passphrase``: needed to create a session (None: anyone who can reach the app may); ``test_mode``: the
    OpenAPI schema at ``/openapi.json`` (for API fuzzing), never served otherwise, and live streams that end after
    ``live.TEST_STREAM_SECONDS`` (a fuzz pass sends dozens of stream requests)."""
    limits = limits or Limits()
    guard = ClientLimits(limits)
    rooms = Rooms(db)
    explorer = Explorer(runs_per_owner=limits.explorer_runs)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["md"] = md_inline
    templates.env.filters["num"] = number_filter  # numbers as the page's reader writes them (Dutch: 0,35)
    templates.env.globals["sector_codes"] = SECTOR_CODES  # sectors are named, not coded, in the relations table
    debrief_cache: dict[tuple[int, str], tuple[tuple[int, ...], list[Any]]] = {}

    def remove_idle() -> list[str]:
        """Idle rooms go, with their debrief figures."""
        removed = rooms.cleanup(limits.idle_hours * 3600, limits.lobby_idle_hours * 3600)
        for code in removed:
            for lang in LANGUAGES:
                shutil.rmtree(rooms.path.parent / "web_debriefs" / f"{code}_{lang}", ignore_errors=True)
        return removed

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async def ticker() -> None:
            last_cleanup = 0.0
            while True:
                try:
                    for code in await anyio.to_thread.run_sync(rooms.recover):
                        log.info("round closed after a restart (every player had submitted) in session %s", code)
                    closed = await anyio.to_thread.run_sync(rooms.tick)
                    for code in closed:
                        log.info("round closed by the timer in session %s", code)
                    if time.monotonic() - last_cleanup >= CLEANUP_SECONDS:
                        last_cleanup = time.monotonic()
                        removed = await anyio.to_thread.run_sync(remove_idle)
                        if removed:
                            log.info("removed %d idle sessions: %s", len(removed), ", ".join(removed))
                except Exception:  # keep the timer alive whatever one session does
                    log.exception("timer check failed")
                await asyncio.sleep(tick_seconds)

        task = asyncio.create_task(ticker())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def guess_gate(request: Request) -> None:
        """A client that guessed too many wrong join codes or passphrases waits before it looks up any session."""
        path = request.url.path
        if path.startswith(CODE_PATHS) or (path == "/api/sessions" and request.method == "POST"):
            wait_or_refuse(guard.guesses, client_key(request.scope), "web.err.too_many_guesses")

    app = HiapApp(title="hiap-sim", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url="/openapi.json" if test_mode else None,
                  dependencies=[Depends(guess_gate)])
    app.max_body_bytes = limits.max_body_bytes
    app.state.rooms = rooms
    app.state.explorer = explorer
    app.state.limits = guard
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request)
        text = WebText(lang)
        base: dict[str, Any] = {"t": text, "lang": lang, "other_lang": "nl" if lang == "en" else "en", "path": request.url.path, "labels": {}}
        room = context.get("room")
        if isinstance(room, Room):
            base["labels"] = role_labels(rooms, room, text)
        return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)

    # ------------------------------------------------------------------------------ errors
    def error_response(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        return render(request, "error.html", status=status, message=message)

    @app.exception_handler(WebError)
    async def on_web_error(request: Request, exc: WebError) -> Response:
        if exc.key in GUESS_KEYS:
            guard.guesses.add(client_key(request.scope))
        response = error_response(request, exc.status, WebText(language(request))(exc.key, **exc.values))
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(ActionError)
    async def on_action_error(request: Request, exc: ActionError) -> Response:
        text = WebText(language(request))
        return error_response(request, 400, text("ui.refused", message=text.game.refusal(exc)))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, (text := WebText(language(request)))("web.err.request", message=validation_message(exc, text)))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        text = WebText(language(request))
        if exc.status_code == 404:
            message = text("web.err.not_found")
        elif exc.status_code == 405:
            message = text("web.err.method", method=request.method)
        else:
            message = text("web.err.request", message=str(exc.detail))
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, WebText(language(request))("web.err.internal", message=type(exc).__name__))

    # ------------------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return render(request, "index.html")

    @app.get("/lang/{lang}")
    def set_language(lang: str, next: str = "/") -> Response:
        target = safe_next(next)
        response = RedirectResponse(target, status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
            code = session_of_path(target)
            if code is not None:  # a switch inside a session holds for that session, over the session's language
                response.set_cookie(session_lang_cookie(code), lang, max_age=7 * 24 * 3600, samesite="lax")
        return response

    @app.get("/explorer", response_class=HTMLResponse)
    def explorer_page(request: Request, scenario: str = "national_2025") -> Response:
        text = WebText(language(request))
        labels = {m: text(f"web.metric.{m}") for chart in (*CHARTS.values(), MUNICIPAL_CHART) for m in chart}
        charts = [{"key": k, "title": text(f"web.chart.{k}"), "metrics": list(v), "percent": [m in PERCENT for m in v], "zoom": k in ZOOMED}
                  for k, v in CHARTS.items()]
        municipal = {"key": "municipal", "title": text("web.chart.municipal"), "metrics": list(MUNICIPAL_CHART), "percent": [m in PERCENT for m in MUNICIPAL_CHART]}
        config = {"charts": charts, "municipal": municipal, "labels": labels, "levels": LEVEL_COLOURS,
                  "level_names": [text(f"web.level.{k}") for k in range(5)], "levers": list(LEVERS),
                  "text": {"month": text("web.explorer.month"), "of": text("web.explorer.of"), "finished": text("web.explorer.finished"),
                           "step_time": text("web.explorer.step_time")}}
        return render(request, "explorer.html", scenarios=shipped_scenarios(), scenario=scenario if scenario in shipped_scenarios() else "national_2025",
                      knobs=[(k, text(f"web.knob.{k}"), KNOB_RANGES[k]) for k in KNOBS], levers=[(name, text.game.lever(name)) for name in LEVERS],
                      config=config)

    @app.get("/facilitate", response_class=HTMLResponse)
    def new_session_page(request: Request) -> Response:
        return render(request, "new_session.html", scenarios=shipped_scenarios(), passphrase_required=passphrase is not None)

    @app.get("/facilitate/{code}", response_class=HTMLResponse)
    def facilitator_page(request: Request, code: str, key: str | None = None) -> Response:
        room = rooms.room(code)
        if key is not None:
            rooms.require_facilitator(room.code, key)
            response = RedirectResponse(f"/facilitate/{room.code}", status_code=303)
            response.set_cookie(facilitator_cookie(room.code), key, httponly=True, samesite="lax", max_age=7 * 24 * 3600)
            return response
        token = request.cookies.get(facilitator_cookie(room.code))
        room = rooms.require_facilitator(room.code, token)
        departments = [org for kind, org in rooms.role_orgs(room).values() if kind in ("programme_director", "dg")]
        base_url = str(request.base_url).rstrip("/")
        return render(request, "facilitator.html", token=token, crises=list(CRISIS_THEMES), departments=departments,
                      join_url=f"{base_url}/join/{room.code}", private_url=f"{base_url}/facilitate/{room.code}?key={token}",
                      **facilitator_panel_context(request, room))

    @app.get("/join", response_class=HTMLResponse)
    def join_page(request: Request, code: str | None = None) -> Response:
        if code:
            return RedirectResponse(f"/join/{code.strip().upper()}", status_code=303)
        return render(request, "join.html")

    @app.get("/join/{code}", response_class=HTMLResponse)
    def join_roles_page(request: Request, code: str) -> Response:
        room = rooms.owner(rooms.room(code))
        text = WebText(language(request))
        labels = role_labels(rooms, room, text)
        teams = []
        for team in rooms.family(room):
            seats = {s.role for s in rooms.players(team)}
            teams.append({"team": team.team, "roles": [{"id": r, "label": labels.get(r, r), "taken": r in seats} for r in team.roles]})  # not who took it
        return render(request, "join_roles.html", room=room, roles=teams[0]["roles"], teams=teams)

    @app.get("/play/{code}", response_class=HTMLResponse)
    def player_page(request: Request, code: str, key: str | None = None) -> Response:
        room = rooms.room(code)
        if key is not None:
            rooms.require_player(room.code, key)
            response = RedirectResponse(f"/play/{room.code}", status_code=303)
            response.set_cookie(player_cookie(room.code), key, httponly=True, samesite="lax", max_age=7 * 24 * 3600)
            return response
        token = request.cookies.get(player_cookie(room.code))
        try:
            room, seat = rooms.require_player(room.code, token)
        except WebError:
            return RedirectResponse(f"/join/{room.code}", status_code=303)
        return render(request, "player.html", seat=seat, token=token, **player_panel_context(request, room, seat.role))

    @app.get("/debrief/{code}", response_class=HTMLResponse)
    def debrief_page(request: Request, code: str) -> Response:
        room = rooms.room(code)
        token = request.cookies.get(facilitator_cookie(room.code)) or request.cookies.get(player_cookie(room.code))
        room = rooms.is_member(room.code, token)
        lang = language(request)
        text = WebText(lang)
        if room.game_id is None:
            return render(request, "debrief.html", room=room, blocks=None, events=[], comparison=[])
        with rooms.lock(room.id):
            session = rooms.view(room, lang)
            if not session.reports:
                return render(request, "debrief.html", room=room, blocks=None, events=[], comparison=[])
            blocks, version = debrief_blocks(room, session, lang)
        events = [(text("web.event.turn", turn=e["turn"]), event_line(text, e)) for e in rooms.events(room)]
        teams = []
        for team in rooms.family(room):
            if team.game_id is not None:
                with rooms.lock(team.id):
                    teams.append((team.team, rooms.view(team, lang)))
        return render(request, "debrief.html", room=room, blocks=blocks, events=events, version=version, comparison=game_teams.compare(teams))

    def debrief_folder(room: Room, lang: str) -> Path:
        return rooms.path.parent / "web_debriefs" / f"{room.code}_{lang}"  # removed with the room (remove_idle)

    def debrief_blocks(room: Room, session: GameSession, lang: str) -> tuple[list[Any], str]:
        key = (len(session.log), session.turn, len(rooms.events(room)))
        cached = debrief_cache.get((room.id, lang))
        if cached is None or cached[0] != key:
            folder = debrief_folder(room, lang)
            folder.mkdir(parents=True, exist_ok=True)
            with FIGURE_LOCK:  # matplotlib's pyplot is not thread-safe; requests run in a thread pool
                blocks = game_debrief.build(session, folder)
            cached = (key, blocks)
            debrief_cache[(room.id, lang)] = cached
        return cached[1], "-".join(map(str, key))

    @app.get("/debrief/{code}/figures/{name}")
    def debrief_figure(request: Request, code: str, name: str) -> Response:
        room = rooms.room(code)
        token = request.cookies.get(facilitator_cookie(room.code)) or request.cookies.get(player_cookie(room.code))
        room = rooms.is_member(room.code, token)
        if name not in FIGURES:
            raise WebError(404, "web.err.not_found")
        path = debrief_folder(room, language(request)) / name
        if not path.is_file():
            raise WebError(404, "web.err.not_found")
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "no-store"})

    # ------------------------------------------------------------------------------ fragments (kept fresh by the pages' scripts)
    def player_panel_context(request: Request, room: Room, role_id: str) -> dict[str, Any]:
        lang = language(request)
        context: dict[str, Any] = {"room": room, "state": rooms.state(room), "view": None, "submitted": False}
        if room.game_id is not None:
            with rooms.lock(room.id):
                session = rooms.view(room, lang)
                context["view"] = player_view(session, role_id)
                context["turns"] = session.turns
                context["live"] = live.live_items(rooms, room, session, event_line, WebText(lang)) if room.state == "open" else []
            context["submitted"] = role_id in rooms.submitted(room)
        else:
            text = WebText(lang)
            kind, _, org = role_id.partition(":")
            context["brief"] = text(f"role.brief.{kind}", org=org or "VWS")
        return context

    def facilitator_panel_context(request: Request, room: Room) -> dict[str, Any]:
        lang = language(request)
        text = WebText(lang)
        state = rooms.state(room)
        context: dict[str, Any] = {"room": room, "state": state, "reports": [], "counts": {}, "events": [],
                                   "seats": rooms.players(room), "teams": []}
        family = rooms.family(room)
        if len(family) > 1:
            for team in family:
                summary = live.team_summary(rooms, team, lang)
                summary["players"] = rooms.players(team)
                summary["submitted"] = rooms.submitted(team) if team.state == "open" else set()
                context["teams"].append(summary)
        if room.game_id is not None:
            with rooms.lock(room.id):
                session = rooms.view(room, lang)
                context["reports"] = list(session.reports)
                context["counts"] = {p.role.id: sum(1 for r in session.results if r.turn == session.turn and r.role == p.role.id) for p in session.players}
                you, auto = session.scores()
                context["score_now"] = (you.total, auto.total)
        context["events"] = [(text("web.event.turn", turn=e["turn"]), event_line(text, e)) for e in rooms.events(room)]
        return context

    @app.get("/fragments/{code}/player", response_class=HTMLResponse)
    def player_fragment(request: Request, code: str) -> Response:
        room, seat = rooms.require_player(code, header_token(request))
        return render(request, "player_panel.html", seat=seat, **player_panel_context(request, room, seat.role))

    @app.get("/fragments/{code}/facilitator", response_class=HTMLResponse)
    def facilitator_fragment(request: Request, code: str) -> Response:
        room = rooms.require_facilitator(code, header_token(request))
        return render(request, "facilitator_panel.html", **facilitator_panel_context(request, room))

    # ------------------------------------------------------------------------------ API: scenarios and explorer
    @app.get("/api/scenarios")
    def api_scenarios() -> dict[str, Any]:
        return {"scenarios": shipped_scenarios()}

    @app.get("/api/scenarios/{name}/roles")
    def api_roles(request: Request, name: str) -> dict[str, Any]:
        text = WebText(language(request))
        roles = rooms.scenario_roles(check_scenario(name))
        return {"roles": [{"id": r, "label": text(f"role.{kind}", org=org)} for r, kind, org in roles]}

    @contextlib.contextmanager
    def explorer_work(request: Request) -> Any:
        """Explorer computation counts against the client's budget of server seconds."""
        client = client_key(request.scope)
        wait_or_refuse(guard.explorer, client, "web.err.explorer_busy")
        began = time.perf_counter()
        try:
            yield
        finally:
            guard.explorer.add(client, time.perf_counter() - began)

    @app.post("/api/explorer")
    def api_explorer_start(request: Request, body: ExplorerStart) -> dict[str, Any]:
        scenario = check_scenario(body.scenario)
        with explorer_work(request):
            return explorer.start(scenario, seed=body.seed, knobs=body.knobs, levers=body.levers, owner=client_key(request.scope), lang=language(request))

    @app.post("/api/explorer/{run_id}/step")
    def api_explorer_step(request: Request, run_id: str, body: ExplorerStep) -> dict[str, Any]:
        explorer.run(run_id)  # an unknown run is a 404 whatever the budget
        with explorer_work(request):
            return explorer.step(run_id, body.months, max_seconds=limits.explorer_step_seconds, lang=language(request))

    @app.post("/api/explorer/{run_id}/lever")
    def api_explorer_lever(run_id: str, body: LeverSwitch) -> dict[str, Any]:
        return {"levers": explorer.set_lever(run_id, body.name, body.on)}

    # ------------------------------------------------------------------------------ API: sessions
    @app.post("/api/sessions")
    def api_create(request: Request, body: NewSession) -> dict[str, Any]:
        client = client_key(request.scope)
        if passphrase is not None and not same_text(body.passphrase or "", passphrase):
            raise WebError(403, "web.err.passphrase")
        wait_or_refuse(guard.sessions, client, "web.err.too_many_sessions")
        scenario = check_scenario(body.scenario)
        guard.sessions.add(client)  # counted before the work, so that parallel requests cannot pass the cap together
        try:
            room = rooms.create(scenario, roles=body.roles, seed=body.seed, turns=body.turns, months_per_turn=body.months_per_turn, lang=body.lang,
                                teams=body.teams)
        except WebError:
            guard.sessions.refund(client)  # a refused setting creates nothing
            raise
        return {"code": room.code, "facilitator_token": room.facilitator_token, "facilitator_url": f"/facilitate/{room.code}?key={room.facilitator_token}",
                "roles": room.roles, "turns": room.turns, "months_per_turn": room.months_per_turn, "seed": room.seed, "teams": body.teams,
                "room_url": f"/room/{room.code}"}

    @app.get("/api/sessions/{code}/state")
    def api_state(request: Request, code: str) -> dict[str, Any]:
        """The full state (players' names, who has submitted) for the room's facilitator and players; for anyone
        else only what the join page needs."""
        room = rooms.room(code)
        if rooms.holds(room, header_token(request)):
            return rooms.state(room)
        return rooms.public_state(room)

    @app.post("/api/sessions/{code}/join")
    def api_join(code: str, body: JoinRequest) -> dict[str, Any]:
        seat = rooms.join(code, body.role, body.name, body.team)
        room = rooms.team_room(rooms.room(code), body.team)  # a team's players play in their team's room
        return {"role": seat.role, "name": seat.name, "token": seat.token, "team": room.team, "code": room.code,
                "player_url": f"/play/{room.code}?key={seat.token}"}

    @app.get("/api/sessions/{code}/options")
    def api_options(request: Request, code: str) -> dict[str, Any]:
        room, seat = rooms.require_player(code, header_token(request))
        text = WebText(language(request))
        if room.game_id is None:
            return {"role": seat.role, "actions": [], "state": room.state}
        with rooms.lock(room.id):
            session = rooms.view(room, text.lang)
            player = session.player(seat.role)
            fte, money = session.free_resources(player)
            return {"role": seat.role, "state": room.state, "free": {"fte": fte, "budget": money, "unit": text.game.unit(session.money_unit(player))},
                    "actions": action_options(session, player, text)}

    @app.post("/api/sessions/{code}/act")
    def api_act(request: Request, code: str, body: ActRequest) -> dict[str, Any]:
        token = header_token(request)
        if body.check_only:
            return {"action": rooms.check_action(code, token, body.role, dict(body.action))}
        text = WebText(language(request))
        result, session = rooms.act(code, token, body.role, dict(body.action), lang=text.lang)
        if isinstance(result, PendingRequest):
            player = session.player(result.role)
            fte, money = session.free_resources(player)
            shown = live.request_view(session, result, result.role)
            return {"request": result.id, "waiting": result.missing(), "role": result.role, "action": result.action,
                    "messages": [shown["text"], shown["status"]], "decisions": [], "initiative": None,
                    "free": {"fte": fte, "budget": money, "unit": text.game.unit(session.money_unit(player))}}
        player = session.player(result.role)
        fte, money = session.free_resources(player)
        return {"seq": result.seq, "turn": result.turn, "role": result.role, "action": result.action, "messages": result.messages,
                "decisions": result.decisions, "initiative": result.initiative, "free": {"fte": fte, "budget": money, "unit": text.game.unit(session.money_unit(player))}}

    @app.post("/api/sessions/{code}/answer")
    def api_answer(request: Request, code: str, body: AnswerRequest) -> dict[str, Any]:
        """A participant answers a request for the organisation they play."""
        result = rooms.answer(code, header_token(request), body.request, body.accept, body.reason, body.partner)
        if result is None:
            return {"request": body.request, "carried_out": False, "decisions": []}
        room, seat = rooms.require_player(code, header_token(request))
        with rooms.lock(room.id):
            session = rooms.view(room, language(request))
            shown = next((r for r in session.results if r.seq == result.seq), result)
        own = [{**d, "text": d["own_text"], "hint": d["own_hint"]} for d in shown.decisions if d.get("answered_by") == seat.role]
        return {"request": body.request, "carried_out": True, "decisions": own}

    @app.post("/api/sessions/{code}/submit")
    def api_submit(request: Request, code: str, body: RoleRequest) -> dict[str, Any]:
        closed = rooms.submit(code, header_token(request), body.role)
        return {"submitted": True, "round_closed": closed, "state": rooms.state(rooms.room(code))}

    @app.post("/api/sessions/{code}/rounds/open")
    def api_open(request: Request, code: str, body: OpenRound | None = None) -> dict[str, Any]:
        room = rooms.open_round(code, header_token(request), (body or OpenRound()).timer_minutes)
        return rooms.state(room)

    @app.post("/api/sessions/{code}/rounds/close")
    def api_close(request: Request, code: str) -> dict[str, Any]:
        report = rooms.close_round(code, header_token(request))
        return {"report": report.to_dict(), "state": rooms.state(rooms.room(code))}

    @app.post("/api/sessions/{code}/pause")
    def api_pause(request: Request, code: str) -> dict[str, Any]:
        return rooms.state(rooms.pause(code, header_token(request)))

    @app.post("/api/sessions/{code}/resume")
    def api_resume(request: Request, code: str) -> dict[str, Any]:
        return rooms.state(rooms.resume(code, header_token(request)))

    @app.post("/api/sessions/{code}/events")
    def api_event(request: Request, code: str, body: EventRequest) -> dict[str, Any]:
        entry = rooms.inject(code, header_token(request), body.kind, crisis=body.crisis, size=body.size, half_life=body.half_life,
                             departments=body.departments, fraction=body.fraction)
        text = WebText(language(request))
        return {"event": entry, "text": event_line(text, entry), "state": rooms.state(rooms.room(code))}

    live.register(app, rooms, render, language, event_line, stream_seconds=live.TEST_STREAM_SECONDS if test_mode else live.STREAM_SECONDS)
    return app

__all__ = ["create_app", "player_view", "action_options"]
