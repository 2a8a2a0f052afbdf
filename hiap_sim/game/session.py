"""A game session: players in roles, the turn cycle, the autopilot yardstick and the decision log.

Turn cycle (In2Action, World Climate): players decide (each action is carried out at once on the model and
answered at once by partners) -> the model runs ``months_per_turn`` months -> feedback (news, every partner
decision with its reason and a hint, the dashboard, the score against autopilot).

The autopilot is a second simulation of the same scenario and seed in which the model's own rules make every
choice; because world events come from their own random streams (common random numbers) both face the same
elections, crises and staff turnover, so the score difference measures the players' decisions.

A session is fully determined by scenario, seed, roles and the decision log: :meth:`GameSession.replay`
rebuilds it exactly, which is also how a saved session is resumed.

What a decision did and each turn's feedback are put in words in every language as they happen (they read the
model's typed events and the state of that moment); :meth:`GameSession.reading` shows the same game in another
language without running anything again.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from hiap_sim.control import Decision, Event, Seat, Simulation
from hiap_sim.game import actions as action_rules
from hiap_sim.game import feedback
from hiap_sim.game import requests as request_rules
from hiap_sim.game.actions import ActionError
from hiap_sim.game.requests import PendingRequest
from hiap_sim.game.roles import Role, parse_role
from hiap_sim.game.scoring import Score, combine, score
from hiap_sim.game.text import LANGUAGES, Text
from hiap_sim.scenario.fields import month_label
from hiap_sim.scenario.schema import Scenario


class GameError(ValueError):
    """A problem with how a game is set up or driven; ``key`` names the message, ``values`` fill it in."""

    def __init__(self, message: str, key: str = "", **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


@dataclass
class Player:
    """A player holding a role; how the role's organisation answers proposals is the player's choice."""

    role: Role
    answer_policy: str = "rule"


@dataclass
class ActionResult:
    """What one decision did, in the session's language."""

    seq: int
    turn: int
    role: str
    action: dict[str, Any]
    date: str
    month: int  # months simulated before the decision (it acts from the month after)
    messages: list[str]
    decisions: list[dict[str, Any]]
    initiative: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TurnReport:
    """Feedback after a turn: the period, its news, partner decisions, indicators and scores."""

    turn: int
    start: str
    end: str
    first_month: int
    last_month: int
    news: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    indicators: dict[str, float] = field(default_factory=dict)
    score: dict[str, float] = field(default_factory=dict)
    autopilot: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TurnReport:
        return cls(**data)


INDICATORS = ("trust_cross", "trust_coordinator", "level_share_2", "level_share_3", "level_share_4", "initiatives_active", "initiatives_stalled",
              "initiatives_completed", "initiatives_abandoned", "small_wins", "health_gap_secured", "urgency_mean", "commitment_mean", "fte_used")


class GameSession:
    """One game: a scenario and seed, one or more players (hot-seat), the turn cycle and its record.

    Example::

        session = GameSession(load_scenario("national_2025"), ["programme_director"], seed=7, turns=4)
        session.act("programme_director", {"do": "invest_relation", "partner": "SZW"})
        report = session.end_turn()
    """

    def __init__(
        self,
        scenario: Scenario,
        roles: list[str],
        seed: int | None = None,
        lang: str = "en",
        turns: int | None = None,
        months_per_turn: int | None = None,
        scenario_name: str | None = None,
    ) -> None:
        self.scenario = scenario
        self.scenario_name = scenario_name or scenario.name
        self.seed = scenario.seed if seed is None else int(seed)
        self.lang = lang
        self.text = Text(lang)
        self.months_per_turn = int(months_per_turn or scenario.game.months_per_turn)
        if self.months_per_turn < 1:
            raise GameError("months per turn must be at least 1")
        most = scenario.months // self.months_per_turn
        self.turns = int(turns or min(scenario.game.turns, most))
        if self.turns < 1 or self.turns > most:
            raise GameError(f"this scenario runs {scenario.months} months: with {self.months_per_turn} months per turn it allows 1 to {most} turns, not {self.turns}")
        horizon = self.turns * self.months_per_turn
        self.sim = Simulation(scenario, seed=self.seed, months=horizon)  # the players' run
        self.autopilot = Simulation(scenario, seed=self.seed, months=horizon)  # the yardstick
        self.view = self.sim.view
        if not roles:
            raise GameError("a game needs at least one role")
        self.players: list[Player] = []
        self._seats: dict[str, Seat] = {}  # role id -> its seat in the played model
        self._autopilot_seats: dict[str, Seat] = {}  # role id -> the same seat in the autopilot
        for name in roles:
            role = parse_role(self.view, name)
            seat = self.sim.open_seat(role.level, role.org_index)
            if any(self._seats[p.role.id].key(p.role.kind) == seat.key(role.kind) for p in self.players):
                raise GameError(f"two players cannot steer the same organisation ({role.org_code})")
            self.players.append(Player(role))
            self._seats[role.id] = seat
        for player in self.players:
            self._seats[player.role.id].occupy(player.role.kind)
            self._autopilot_seats[player.role.id] = self.autopilot.open_seat(player.role.level, player.role.org_index)
            self._autopilot_seats[player.role.id].watch()
        # the game is scored on every level a player sits at (a mixed game on the national indicators and those of the
        # players' municipality, summed); the widest seat comes first and is the one the outcome figures show
        scored: dict[Any, Player] = {}
        for p in sorted(self.players, key=lambda p: self._seats[p.role.id].breadth):
            seat = self._seats[p.role.id]
            scored.setdefault(seat.level if seat.level == "national" else (seat.level, seat.index), p)
        self.scoring_players = list(scored.values())
        self.scoring_player = self.scoring_players[0]
        self.scoring_seat = self._seats[self.scoring_player.role.id]
        # a level that keeps its own journal (a municipality) adds its news and decisions to every turn's report
        self.journal_seat = next((self._seats[p.role.id] for p in self.players if self._seats[p.role.id].keeps_journal), None)
        self._journal_start = self.journal_seat.journal_mark() if self.journal_seat is not None else 0
        self.world = self.sim.open_seat("national", self.view.coordinator_org)  # reads the national level for the news of every game
        self.sim.answer_for_players(self._answer)
        self.turn = 1
        self.log: list[dict[str, Any]] = []
        # what decisions did and the turns' feedback, in every language (``reading``); the session's own are ``results`` and ``reports``
        self._rendered: dict[str, tuple[list[ActionResult], list[TurnReport]]] = {lang: ([], []) for lang in LANGUAGES}
        self.results, self.reports = self._rendered[self.lang]
        self.reading_of: GameSession | None = None  # the session this one reads in another language, if it is a reading
        self._turn_event_start = self.view.events.mark()
        self._turn_turnover = 0
        self._turn_decisions: list[dict[str, Any]] = []
        self._memory: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.store: Any = None
        self.session_id: int | None = None
        # a facilitated session: actions addressed to an organisation another participant plays wait for that
        # participant's answer (``ask``, ``answer``); the terminal's hot-seat game answers at once by the answer policy
        self.wait_for_players = False
        self.requests: list[PendingRequest] = []  # this turn's requests between participants
        self._forced: dict[int, tuple[bool, str]] = {}  # while a request is carried out: partner -> the participant's answer
        self._answered: dict[tuple[str, str, str, int, bool], tuple[str, str]] = {}  # this turn: decision -> (answering role, how)

    # ------------------------------------------------------------------------------------ languages
    def reading(self, lang: str) -> GameSession:
        """The same game read in ``lang``: the same model, players and seats (nothing is run again), with the
        results of decisions and the turn reports in that language. A reading is for reading: it cannot play."""
        if lang == self.lang:
            return self
        if lang not in LANGUAGES:
            raise GameError(f"unknown language '{lang}'; choose one of: {', '.join(LANGUAGES)}")
        reader = copy.copy(self)
        reader.lang, reader.text = lang, Text(lang)
        reader.results, reader.reports = self._rendered[lang]
        reader.reading_of = self
        return reader

    def _readings(self) -> list[GameSession]:
        """The session in each language, its own first."""
        return [self] + [self.reading(lang) for lang in LANGUAGES if lang != self.lang]

    def _check_playing(self) -> None:
        if self.reading_of is not None:
            raise GameError("a reading of a session in another language cannot play; play the session itself")

    # ------------------------------------------------------------------------------------ queries
    @property
    def finished(self) -> bool:
        return self.turn > self.turns

    def player(self, role_id: str) -> Player:
        for player in self.players:
            if player.role.id == role_id or player.role.id.lower() == str(role_id).lower():
                return player
        raise ActionError("error.unknown_player", role=role_id, known=", ".join(p.role.id for p in self.players))

    def role_name(self, player: Player) -> str:
        return self.text(f"role.{player.role.kind}", org=player.role.org_code)

    @property
    def municipality(self) -> int | None:
        """The municipality whose journal the turn reports read (the first municipal player's), if any."""
        return self.journal_seat.index if self.journal_seat is not None else None

    def seat(self, player: Player) -> Seat:
        """Where the player sits in the model: the seat through which the player's actions go."""
        return self._seats[player.role.id]

    def autopilot_seat(self, player: Player) -> Seat:
        """The player's seat in the autopilot (the yardstick)."""
        return self._autopilot_seats[player.role.id]

    def players_at(self, seat: Seat) -> list[Player]:
        """The players who sit at ``seat`` (a health officer and an alderman share their town's)."""
        return [p for p in self.players if self._seats[p.role.id].key("") == seat.key("")]

    def org_label(self, seat: Seat, code: str) -> str:
        """How an organisation of the seat's level is named in running text (ministries by code, sectors by name)."""
        return self.text.org_name(code, seat.label(code))

    def partner_orgs(self, player: Player) -> list[Any]:
        """Organisations the player can work with: the other active ministries (municipal roles: the other sectors)."""
        return self.seat(player).partners()

    def initiatives_of(self, player: Player) -> list[Any]:
        """Joint work (active or stalled) the player's organisation takes part in."""
        return self.seat(player).work()

    def initiative(self, unique_id: int, player: Player | None = None) -> Any:
        """Joint work by number, on the level of ``player``'s seat (default: the first player's)."""
        return self.seat(player or self.players[0]).find_work(unique_id)

    def cost_of(self, action: str, player: Player | None = None) -> Any:
        """Staff time and money an action takes (municipal roles: FTE of public health and k EUR / year)."""
        return self.seat(player or self.players[0]).costs(self.scenario.game)[action]

    def free_resources(self, player: Player) -> tuple[float, float]:
        """Staff time (FTE) and money (M EUR / year; municipal roles: k EUR / year) the player's organisation has not committed."""
        return self.seat(player).free()

    def money_unit(self, player: Player) -> str:
        return self.seat(player).money_unit

    def strategy_of(self, player: Player) -> Any:
        """The strategy the player sets (defaults of proposals, focus topics)."""
        return self.seat(player).strategy()

    def topic_fit(self, player: Player) -> Any:
        """How well each topic suits the player's organisation (municipal roles: the local agenda)."""
        return self.seat(player).topic_fit()

    def focus_topics(self, player: Player) -> list[str]:
        return [self.view.topic_names[k] for k in self.seat(player).focus_topics()]

    def outcome_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Monthly metric rows the score reads: those of the scoring seat's level, in the game and the autopilot."""
        return self.scoring_seat.records(), self.autopilot_seat(self.scoring_player).records()

    def turn_memory(self, player: Player, action: str) -> list[Any]:
        return self._memory[(player.role.id, action)]

    def date_of(self, month: int) -> str:
        return month_label(self.scenario.start, max(month, 1) - 1)

    def turn_months(self, turn: int) -> tuple[int, int]:
        return (turn - 1) * self.months_per_turn + 1, turn * self.months_per_turn

    def scored_records(self) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """Per scored level (widest first): the monthly metric rows of the game and of the autopilot."""
        return [(self.seat(p).records(), self.autopilot_seat(p).records()) for p in self.scoring_players]

    def scores(self, month: int | None = None) -> tuple[Score, Score]:
        """The players' score and the autopilot's, now or at ``month``: the sum over the levels the players sit at."""
        weights = self.scenario.game.score
        levels = [(score(you, weights, month), score(autopilot, weights, month)) for you, autopilot in self.scored_records()]
        return combine([you for you, _ in levels]), combine([autopilot for _, autopilot in levels])

    # ------------------------------------------------------------------------------------ decisions
    def check(self, role_id: str, action: dict[str, Any]) -> dict[str, Any]:
        """The action in canonical form if it can be taken now; ActionError says why not."""
        if self.finished:
            raise ActionError("error.game_over")
        return action_rules.normalise(self, self.player(role_id), action)

    def act(self, role_id: str, action: dict[str, Any], answers: dict[str, dict[str, Any]] | None = None, late: list[str] | None = None,
            request: int | None = None) -> ActionResult:
        """Take a decision now: checked, carried out on the model, logged and saved.

        ``answers`` (partner code -> ``{"accept", "reason"}``) are the answers participants gave to it as a request
        (``ask``); the partners in ``late`` are played organisations the model answered for at round close."""
        self._check_playing()
        player = self.player(role_id)
        checked = self.check(role_id, action)
        date = self.date_of(self.view.month + 1)
        waiting = request_rules.addressees(self, player, checked) if (answers or late) else {}
        seat = self.seat(player)
        self._forced = {seat.partner_index(code): (bool(a["accept"]), str(a.get("reason", ""))) for code, a in (answers or {}).items()}
        for code, answering in waiting.items():
            how = "player" if code in (answers or {}) else "model"
            for key in self._decision_keys(player, checked, code):
                self._answered[key] = (answering, how)
        try:
            outcome = action_rules.apply(self, player, checked)
        finally:
            self._forced = {}
        name = checked["do"]
        self._memory[(player.role.id, name)].append(checked.get("partner", checked.get("lever", True)))
        logged = dict(checked)
        if answers:
            logged["answers"] = {code: {"accept": bool(a["accept"]), "reason": str(a.get("reason", ""))} for code, a in answers.items()}
        if late:
            logged["late"] = list(late)
        if request is not None:
            logged["request"] = int(request)
        entry = {"seq": len(self.log) + 1, "turn": self.turn, "role": player.role.id, "action": logged}
        self.log.append(entry)
        self._turn_decisions.extend({**d, "date": date} for d in outcome.unlogged)
        for reader in self._readings():
            reader.results.append(ActionResult(
                seq=entry["seq"], turn=self.turn, role=player.role.id, action=checked, date=date, month=self.view.month,
                messages=[reader.text(key, **reader.localise(values)) for key, values in outcome.messages],
                decisions=[feedback.explain_decision(reader, seat, {**d, "date": date}).to_dict() for d in outcome.decisions],
                initiative=outcome.initiative,
            ))
        result = self.results[-1]
        if self.store is not None:
            self.store.save_action(self.session_id, entry, result.to_dict())
        return result

    def redo(self, entry: dict[str, Any]) -> ActionResult:
        """Take a logged decision again (a replay): with the answers participants gave, if it was a request."""
        action = dict(entry["action"])
        answers, late, request = action.pop("answers", None), action.pop("late", None), action.pop("request", None)
        return self.act(entry["role"], action, answers=answers, late=late, request=request)

    def _decision_keys(self, player: Player, action: dict[str, Any], code: str) -> list[tuple[str, str, str, int, bool]]:
        """How the partner decisions an action triggers are recognised in the turn's record (partner, lead, topic,
        level, escalation)."""
        seat = self.seat(player)
        if action["do"] in ("propose", "seize_window"):
            return [(code, seat.own_code, action["topic"], int(action.get("level", 2)), False)]
        work = seat.find_work(action["initiative"])
        if work is None:
            return []
        topic = self.view.topic_names[work.topic]
        lead = seat.code_of(work.lead)
        if action["do"] == "escalate":
            return [(code, lead, topic, work.level_now + 1, True)]
        return [(code, lead, topic, work.level_now, False)]

    def answered(self, event: dict[str, Any]) -> tuple[str, str] | None:
        """Who answered a partner decision of this turn for a played organisation, and how: ``player`` (the
        participant), ``model`` (the model, at round close) or ``policy`` (at once, by the answer policy)."""
        key = (event.get("partner"), event.get("lead"), event.get("topic"), int(event.get("level", 2)), bool(event.get("escalation", False)))
        found = self._answered.get(key)  # type: ignore[arg-type]
        if found is not None:
            return found
        answering = next((p for p in self.players if self.seat(p).answers(event)), None)
        return (answering.role.id, "policy") if answering is not None else None

    # ------------------------------------------------------------------------------------ requests between participants
    def ask(self, role_id: str, action: dict[str, Any]) -> ActionResult | PendingRequest:
        """A participant's decision in a facilitated session: carried out at once, unless it asks an organisation
        another participant plays, who answers first (the request waits; see :mod:`hiap_sim.game.requests`)."""
        self._check_playing()
        player = self.player(role_id)
        checked = self.check(role_id, action)
        waiting = request_rules.addressees(self, player, checked) if self.wait_for_players else {}
        if not waiting:
            return self.act(role_id, checked)
        request = PendingRequest(id=self.next_request_id(), turn=self.turn, role=player.role.id, action=checked, waiting=waiting)
        self.requests.append(request)
        return request

    def next_request_id(self) -> int:
        return 1 + max((r.id for r in self.requests), default=self._request_base)

    _request_base = 0  # the largest request number of earlier turns (the web app numbers requests across the game)

    def restore_request(self, request: PendingRequest) -> None:
        """A request still waiting when the server stopped (its answers so far kept)."""
        done = {int(e["action"]["request"]) for e in self.log if "request" in e["action"]}
        if request.turn == self.turn and request.id not in done and all(r.id != request.id for r in self.requests):
            self.requests.append(request)
        self._request_base = max(self._request_base, request.id)

    def request(self, request_id: int) -> PendingRequest:
        found = next((r for r in self.requests if r.id == int(request_id)), None)
        if found is None:
            raise ActionError("error.request_unknown", request=request_id)
        return found

    def waiting_for(self, role_id: str) -> list[PendingRequest]:
        """Requests this turn that wait for the answer of ``role_id``."""
        return [r for r in self.requests if r.outcome == "waiting" and any(role == role_id and code not in r.answers for code, role in r.waiting.items())]

    def asked_by(self, role_id: str) -> list[PendingRequest]:
        return [r for r in self.requests if r.role == role_id]

    def answer(self, role_id: str, request_id: int, accept: Any, reason: Any = None, partner: str | None = None) -> ActionResult | None:
        """A participant answers a request for the organisation they play; the request is carried out when its last
        answer is in (returns what it did), else None."""
        self._check_playing()
        if self.finished:
            raise ActionError("error.game_over")
        request = self.request(request_id)
        code, yes, why = request_rules.check_answer(request, self.player(role_id).role.id, partner, accept, reason)
        request.answers[code] = {"accept": yes, "reason": why}
        if request.missing():
            return None
        return self._carry_out(request)

    def _carry_out(self, request: PendingRequest) -> ActionResult | None:
        late = request.missing()
        try:
            result = self.act(request.role, request.action, answers=dict(request.answers), late=late, request=request.id)
        except ActionError as exc:
            request.outcome, request.error = "failed", {"key": exc.key, "values": {k: str(v) for k, v in exc.values.items()}}
            return None
        request.outcome, request.result_seq = "done", result.seq
        return result

    def settle(self) -> list[PendingRequest]:
        """Round close: every request still waiting is carried out, the model answering for whoever did not."""
        settled = []
        for request in self.requests:
            if request.outcome == "waiting":
                self._carry_out(request)
                settled.append(request)
        return settled

    def localise(self, values: dict[str, Any]) -> dict[str, Any]:
        return self.text.localise(values, self.view)

    def _answer(self, topic: int, partner: int, decision: Decision) -> Decision:
        """How a player's organisation answers a proposal: by the model's rule, only its focus topics, or
        whatever it can staff; a full capacity stays a hard no."""
        player = next((p for p in self.players if self.seat(p).answers_for(partner)), None)
        if partner in self._forced and player is not None:
            accept, reason = self._forced[partner]
            if decision.reason == "no_capacity" and decision.probability == 0.0:
                return decision  # a full capacity stays a hard no, whatever the participant said
            return Decision(accept, decision.value, decision.probability, "" if accept else (reason or decision.reason or "no_fit"))
        if player is None or player.answer_policy == "rule":
            return decision
        if decision.reason == "no_capacity" and decision.probability == 0.0:
            return decision
        if player.answer_policy == "focus" and topic not in set(self.seat(player).focus_topics()):
            return Decision(False, decision.value, 0.0, "no_fit")
        return Decision(True, decision.value, 1.0, "")

    # ------------------------------------------------------------------------------------ turns
    def end_turn(self) -> TurnReport:
        """The model (and the autopilot) run the turn's months; the feedback of the period comes back."""
        self._check_playing()
        if self.finished:
            raise ActionError("error.game_over")
        self.settle()
        view = self.view
        turnover_before = view.counters.get("turnover", 0)
        self.sim.run_for(self.months_per_turn)
        self.autopilot.run_for(self.months_per_turn)
        first, last = self.turn_months(self.turn)
        # decisions taken at the start of the turn are logged in the month before it: date them in the turn
        events = [(self.date_of(max(e.month, first)), e) for e in view.events.since(self._turn_event_start)]
        decisions = [{**e.record(), "date": date} for date, e in events if e.kind == "decision"] + self._turn_decisions
        news = [(date, e) for date, e in events if e.kind != "decision"]
        turnover = view.counters.get("turnover", 0) - turnover_before
        journal: list[tuple[str, Event]] = []
        if self.journal_seat is not None:
            journal = [(self.date_of(max(e.month, first)), e) for e in self.journal_seat.journal_since(self._journal_start)]
            self._journal_start = self.journal_seat.journal_mark()
        for reader in self._readings():
            reader.reports.append(reader.compose_report(first, last, news, decisions, turnover, journal))
        report = self.reports[-1]
        self.turn += 1
        self._turn_event_start = view.events.mark()
        self._turn_decisions = []
        self._memory.clear()
        self._request_base = max([self._request_base] + [r.id for r in self.requests])
        self.requests = []
        self._answered = {}
        if self.store is not None:
            self.store.save_turn(self.session_id, report.to_dict(), self.turn, self.finished)
        return report

    def compose_report(self, first: int, last: int, news: list[tuple[str, Any]], decisions: list[dict[str, Any]], turnover: int,
                journal: list[tuple[str, Event]]) -> TurnReport:
        """The turn's feedback in this session's language: news of the period's events, partner decisions, indicators, scores."""
        you, autopilot = self.scores()
        row = self.view.records[-1]
        news_items = [n.to_dict() for n in feedback.news(self, news, self.months_per_turn, turnover)]
        notes = []
        for decision in decisions:
            seat = next((self.seat(p) for p in self.players if self.seat(p).concerns(decision)), None)
            if seat is not None:
                notes.append(feedback.explain_decision(self, seat, decision).to_dict())
        indicators = {k: float(row[k]) for k in INDICATORS}
        if self.journal_seat is not None:
            seat = self.journal_seat
            news_items = [n for n in news_items if n["kind"] not in ("quiet",)] + feedback.journal_news(self, seat, journal)
            journal_decisions = [{**e.record(), "date": date} for date, e in journal if e.kind == "decision"]
            notes += [feedback.explain_decision(self, seat, d).to_dict() for d in journal_decisions if seat.concerns(d)]
            indicators.update({f"municipal_{k}": float(v) for k, v in seat.records()[-1].items() if k != "month"})
        return TurnReport(
            turn=self.turn, start=self.date_of(first), end=self.date_of(last), first_month=first, last_month=last,
            news=news_items or [feedback.NewsItem(self.date_of(last), "quiet", self.text("news.nothing")).to_dict()],
            decisions=notes,
            indicators=indicators,
            score=you.as_dict(), autopilot=autopilot.as_dict(),
        )

    # ------------------------------------------------------------------------------------ replay
    def decision_log(self) -> list[dict[str, Any]]:
        """The decisions so far: turn, role and the action in canonical form."""
        return [dict(entry) for entry in self.log]

    def settings(self) -> dict[str, Any]:
        """What, besides the decision log, determines this session."""
        return {"scenario_name": self.scenario_name, "seed": self.seed, "roles": [p.role.id for p in self.players], "lang": self.lang,
                "turns": self.turns, "months_per_turn": self.months_per_turn}

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        roles: list[str],
        log: list[dict[str, Any]],
        seed: int | None = None,
        lang: str = "en",
        turns: int | None = None,
        months_per_turn: int | None = None,
        turns_done: int | None = None,
        scenario_name: str | None = None,
    ) -> GameSession:
        """Rebuild a session from its settings and decision log (exactly: same seed, same decisions, same order).

        ``turns_done`` is the number of turns that were ended; decisions of the turn after it are re-taken
        without ending it (a session interrupted mid-turn). Without it, every turn with decisions is ended.
        """
        session = cls(scenario, roles, seed=seed, lang=lang, turns=turns, months_per_turn=months_per_turn, scenario_name=scenario_name)
        if turns_done is None:
            turns_done = max((int(e["turn"]) for e in log), default=0)
        by_turn: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for entry in sorted(log, key=lambda e: int(e.get("seq", 0))):
            by_turn[int(entry["turn"])].append(entry)
        for turn in range(1, turns_done + 2):
            if session.finished:
                break
            for entry in by_turn.get(turn, []):
                session.redo(entry)
            if turn <= turns_done:
                session.end_turn()
        return session
