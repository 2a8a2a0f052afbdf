"""Seats: where a player sits in the model, one interface for every level of government.

A seat is one organisation whose choices a player makes: a ministry on the national level
(:class:`NationalSeat`, over :class:`hiap_sim.model.HiapModel` and an organisation index) or public health in a
municipality (:class:`MunicipalSeat`, over :class:`hiap_sim.municipal.MunicipalLevel`, a municipality index and
its public health sector). A seat answers what a front end asks of a role (its partners, its joint work, free
staff time and money, strategy, the records to score on, trust with partners) and carries out the verbs the
game's actions map to, each by calling a public method of its level that the model's own rules and policy
experiments use as well; a seat adds no mechanics. A verb its level does not offer is declared in
``unavailable``: the front end asks :meth:`Seat.offers` instead of testing what kind of role it plays.

Seats return engine values (indices, codes, numbers, message keys for the front end to translate); joint work
is shown through :class:`WorkView`, a read-only view of a row of the level's joint-work table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.pipeline import ACTIVE_MAX, APPROACHES, FUNDINGS, PHASES, STALLED
from hiap_sim.scenario.municipal import MATURITY_STAGES, SECTORS
from hiap_sim.scenario.schema import RANKS, THEMES

if TYPE_CHECKING:
    from hiap_sim.events import Event
    from hiap_sim.model import HiapModel
    from hiap_sim.municipal import MunicipalLevel
    from hiap_sim.pipeline.table import WorkTable

PUBLIC_HEALTH = "public_health"
LADDER_KINDS = ("initiative_started", "escalation", "scale_down", "initiative_stalled", "initiative_revived")  # events that move work on the ladder


@dataclass(frozen=True)
class Partner:
    """An organisation the seat can work with: its index on the level, code and name."""

    index: int
    code: str
    name: str


@dataclass(frozen=True)
class Relation:
    """The seat's relation with a partner: mutual trust and the topic that suits the partner best."""

    partner: Partner
    trust: float
    best_topic: int
    in_window: bool = False


@dataclass
class Indicator:
    """A row of a seat's dashboard. ``label`` is a message key (``label_values`` fill it in); ``kind`` is
    ``number`` (value, previous, autopilot as numbers, shown with ``fmt``), ``text`` (value, change, autopilot
    already written), ``keys`` (value: message keys to list) or ``levers`` (value: lever names to list).
    ``unit`` names the unit: ``percent`` (values in %, changes in percentage points), ``scale`` (0-1), ``count``,
    ``stage``, or empty when ``suffix`` carries it; ``counts`` (part, whole) shows the count behind a percentage."""

    key: str
    label: str
    value: Any
    previous: Any = None
    autopilot: Any = None
    fmt: str = ".2f"
    kind: str = "number"
    label_values: dict[str, Any] = field(default_factory=dict)
    suffix: str = ""
    unit: str = ""
    counts: tuple[int, int] | None = None


class WorkView:
    """One piece of joint work (a row of a level's joint-work table), read-only."""

    def __init__(self, table: WorkTable, row: int, unique_id: int, handle: Any = None) -> None:
        self.table = table
        self.row = row
        self.unique_id = unique_id
        self.handle = row if handle is None else handle  # what the level's verbs take: the row or the national agent

    def _get(self, column: str) -> Any:
        return getattr(self.table, column)[self.row]

    @property
    def topic(self) -> int:
        return int(self._get("topic"))

    @property
    def lead(self) -> int:
        return int(self._get("lead"))

    @property
    def partners(self) -> dict[int, int]:
        """Partner organisation -> its contact person."""
        table = self.table
        return {int(s): int(table.contact[self.row, s]) for s in np.flatnonzero(table.partners[self.row])}

    @property
    def members(self) -> list[int]:
        return self.table.members(self.row)

    @property
    def phase(self) -> str:
        return PHASES[int(self._get("phase"))]

    @property
    def active(self) -> bool:
        return int(self._get("phase")) <= ACTIVE_MAX

    @property
    def alive(self) -> bool:
        return self.active or int(self._get("phase")) == STALLED

    @property
    def level_now(self) -> int:
        return int(self._get("level"))

    @property
    def target(self) -> int:
        return int(self._get("target"))

    @property
    def small_wins(self) -> int:
        return int(self._get("small_wins"))

    @property
    def progress(self) -> float:
        return float(self._get("progress"))

    @property
    def frame(self) -> str:
        return "HfaP" if self._get("hfap") else "HiaP"

    @property
    def approach(self) -> str:
        return APPROACHES[int(self._get("approach"))]

    @property
    def funding(self) -> str:
        return FUNDINGS[int(self._get("funding"))]

    @property
    def started(self) -> int:
        return int(self._get("started"))

    @property
    def ended(self) -> int | None:
        value = int(self._get("ended"))
        return None if value < 0 else value


class Seat:
    """What every seat answers and does; the levels fill it in."""

    level = ""  # the level's name: 'national' or 'municipal'
    breadth = 0  # 0: the widest level; a game is scored on its widest seat
    money_unit = ""
    keeps_journal = False  # whether the seat's level keeps its own journal besides the model's event log
    unavailable: frozenset[str] = frozenset()  # verbs (and strategy fields) this level does not offer
    keys: Mapping[str, str] = {}  # message keys the level words in its own way
    index = 0  # the organisation (national) or municipality (municipal)
    own = 0  # the seat's organisation among the level's organisations
    own_code = ""
    event_log_org: int | None = None  # the seat's organisation in the model's own event log (national seats), if any

    def offers(self, verb: str) -> bool:
        return verb not in self.unavailable

    def key(self, kind: str) -> tuple[Any, ...]:
        """The choices a role of ``kind`` steers in this seat (two roles with the same key cannot play together)."""
        raise NotImplementedError

    def occupy(self, kind: str) -> None:
        """A player of ``kind`` takes the seat: the level's rules stop making its choices."""
        raise NotImplementedError

    def watch(self) -> None:
        """Keep the seat's records (in the autopilot: the yardstick)."""
        raise NotImplementedError

    def costs(self, game: Any) -> Mapping[str, Any]:
        """The staff time and money of each action on this level (``scenario.game``)."""
        raise NotImplementedError

    def partners(self) -> list[Partner]:
        """The organisations the seat can work with."""
        raise NotImplementedError

    def match_partner(self, value: Any) -> tuple[str | None, bool, str]:
        """(code of the organisation ``value`` names or None, whether it is the seat's own, the text as read)."""
        raise NotImplementedError

    def partner_index(self, code: str) -> int:
        """An organisation's index on the level."""
        raise NotImplementedError

    def code_of(self, index: int) -> str:
        """An organisation's code."""
        raise NotImplementedError

    def label(self, code: str) -> str:
        """How the level names an organisation in running text."""
        raise NotImplementedError

    def concerns(self, event: Mapping[str, Any]) -> bool:
        """Whether a decision or event of the level involves the seat's organisation."""
        raise NotImplementedError

    def answers(self, event: Mapping[str, Any]) -> bool:
        """Whether the seat's organisation is the one deciding."""
        raise NotImplementedError

    def answers_for(self, org: int) -> bool:
        """Whether the seat answers the model's national decisions of organisation ``org``."""
        raise NotImplementedError

    def advice(self, code: str, topic: int, level: int, frame: str, work: WorkView | None = None, first: str | None = None) -> tuple[float, str]:
        """What the model's rule would answer for organisation ``code`` to a request of this seat (a proposal on
        ``topic`` at ``level``; with ``work``: an invitation to it, or, when ``level`` is above its level, an
        escalation): the chance that it agrees and what weighs against it most. Nothing is drawn or changed."""
        raise NotImplementedError

    def work(self) -> list[WorkView]:
        """Joint work (active or stalled) the seat's organisation takes part in."""
        raise NotImplementedError

    def all_work(self) -> list[WorkView]:
        """Joint work the organisation takes part in, ended work too."""
        raise NotImplementedError

    def touched_work(self) -> list[WorkView]:
        """Joint work the organisation took part in during the run."""
        raise NotImplementedError

    def find_work(self, unique_id: int) -> WorkView | None:
        """Joint work on the level by number."""
        raise NotImplementedError

    def leading(self, topic: int) -> int | None:
        """The number of the joint work the organisation already leads on ``topic``, if any."""
        raise NotImplementedError

    def publicised(self, work: WorkView) -> int:
        """Small wins of ``work`` already made public."""
        raise NotImplementedError

    def reinforced(self, work: WorkView) -> bool:
        """Whether ``work`` has extra staff and money now."""
        raise NotImplementedError

    def history(self, work: WorkView) -> list[tuple[int, int, str]]:
        """(from month, to month, state) segments of ``work``."""
        raise NotImplementedError

    def free(self) -> tuple[float, float]:
        """Staff time (FTE) and money (``money_unit``) not committed."""
        raise NotImplementedError

    def strategy(self) -> Any:
        """The strategy in force (defaults of proposals, focus topics)."""
        raise NotImplementedError

    def topic_fit(self) -> np.ndarray:
        """How well each topic suits the organisation (or the local agenda)."""
        raise NotImplementedError

    def focus_topics(self) -> list[int]:
        """The topics the organisation pursues."""
        raise NotImplementedError

    def records(self) -> list[dict[str, Any]]:
        """The monthly metric rows to score on."""
        raise NotImplementedError

    def standing(self) -> dict[str, float]:
        """The seat's political backing, by name."""
        raise NotImplementedError

    def window_open(self, topic: int) -> bool:
        """Whether a crisis window is open on ``topic``."""
        raise NotImplementedError

    def window_topics(self) -> list[int]:
        """Topics with an open crisis window."""
        raise NotImplementedError

    def relation(self, partner: Partner) -> Relation:
        """Trust with ``partner`` and the topic that suits it best."""
        raise NotImplementedError

    def partner_fit(self, partner: int, topic: int) -> float:
        """How well ``topic`` fits ``partner``."""
        raise NotImplementedError

    def best_topic(self, partner: int, besides: int) -> int:
        """The topic that suits ``partner`` best, other than ``besides``."""
        raise NotImplementedError

    def goal_theme(self, partner: int, topic: int) -> str:
        """The partner's own goal a proposal on ``topic`` serves best."""
        raise NotImplementedError

    def evidence_exists(self) -> bool:
        """Whether evidence is in hand or under way."""
        raise NotImplementedError

    def narrative_exists(self) -> bool:
        """Whether a shared narrative is in force."""
        raise NotImplementedError

    def lever_exists(self, lever: str) -> bool:
        """Whether ``lever`` is in force or adopted."""
        raise NotImplementedError

    def note_until(self) -> int | None:
        """The last month of a health policy note in force, if any."""
        raise NotImplementedError

    def budget_earmarked(self) -> bool:
        """Whether structural money for joint work is earmarked."""
        raise NotImplementedError

    def indicators(self, autopilot: Any, months: int) -> list[Indicator]:
        """The dashboard rows, against the same seat in the autopilot."""
        raise NotImplementedError

    def comparison(self, orgs: set[int], codes: set[str]) -> dict[str, float]:
        """Counts that explain the score (proposals, acceptance, work started and ended, wins)."""
        raise NotImplementedError

    def turnover_news(self, months: int) -> tuple[int, list[tuple[int, WorkView]]]:
        """Own officials who changed posts, and lead work whose partner contact is new."""
        raise NotImplementedError

    def mark(self) -> int:
        """A position in the log the level's decisions go to."""
        raise NotImplementedError

    def decisions_since(self, mark: int) -> list[dict[str, Any]]:
        """Partner decisions logged since ``mark``."""
        raise NotImplementedError

    def journal_mark(self) -> int:
        """A position in the level's own journal (0 without one)."""
        raise NotImplementedError

    def journal_since(self, mark: int, *kinds: str) -> list[Event]:
        """The events of the level's own journal about the seat's place (its municipality) after ``mark``, in order;
        only those of ``kinds`` if given."""
        raise NotImplementedError

    def journal_latest(self, kind: str, mark: int = 0) -> Event | None:
        """The last event of ``kind`` in the seat's place after ``mark`` (None: there is none)."""
        raise NotImplementedError

    def reserve(self, fte: float, budget: float, months: int) -> None:
        """Commit staff time and money for ``months`` months."""
        raise NotImplementedError

    def invest_relation(self, code: str, months: int) -> list[tuple[int, int]]:
        """Regular meetings with a partner; the pairs of officials."""
        raise NotImplementedError

    def propose(self, topic: int, codes: list[str], level: int, target: int, frame: str, approach: str, funding: str,
                origin: str = "player") -> tuple[WorkView | None, str]:
        """Propose joint work; the new work (None if nobody joined) and the proposer's rank."""
        raise NotImplementedError

    def invite(self, work: WorkView, code: str) -> bool:
        """Invite a partner; whether it joined."""
        raise NotImplementedError

    def reinforce(self, work: WorkView, months: int) -> None:
        """Extra staff and money for ``work``."""
        raise NotImplementedError

    def escalate(self, work: WorkView) -> tuple[bool, int, list[dict[str, Any]]]:
        """Try the next rung: done, level asked, decisions the level does not log."""
        raise NotImplementedError

    def scale_down(self, work: WorkView) -> None:
        """One rung down."""
        raise NotImplementedError

    def end(self, work: WorkView) -> None:
        """Leave (or, as lead, end) ``work``."""
        raise NotImplementedError

    def publicise(self, work: WorkView) -> int:
        """Make new small wins visible; how many."""
        raise NotImplementedError

    def commission_evidence(self) -> int:
        """Commission evidence; the month from which it counts."""
        raise NotImplementedError

    def political_cover(self) -> bool:
        """Ask for political backing; whether it was granted."""
        raise NotImplementedError

    def propose_lever(self, lever: str) -> tuple[bool, int | None]:
        """Lobby for a structural lever: adopted, and the month it starts."""
        raise NotImplementedError

    def shared_narrative(self) -> None:
        """Start the shared narrative."""
        raise NotImplementedError

    def policy_note(self, topics: list[int]) -> bool:
        """Put a health policy note to the council; whether it was adopted."""
        raise NotImplementedError

    def local_budget(self) -> tuple[bool, float]:
        """Ask the council for structural money: adopted, and the amount."""
        raise NotImplementedError

    def set_strategy(self, update: dict[str, Any]) -> None:
        """Replace fields of the strategy."""
        raise NotImplementedError

    def set_answer_policy(self, policy: str) -> None:
        """How the organisation answers proposals: rule, focus or open."""
        raise NotImplementedError


class NationalSeat(Seat):
    """A ministry on the national level: the programme director's coordinator or a DG's department."""

    level = "national"
    breadth = 0
    money_unit = "M EUR/yr"
    unavailable = frozenset({"policy_note", "local_budget"})  # the council's instruments

    def __init__(self, model: HiapModel, org: int) -> None:
        self._model = model
        self.index = self.own = org
        self.own_code = model.organisations[org].code

    @property
    def event_log_org(self) -> int:  # type: ignore[override]
        return self.index

    @property
    def org(self) -> Any:
        """The organisation (read each time: reorganisations replace organisations)."""
        return self._model.organisations[self.index]

    # ------------------------------------------------------------------------------ who and what
    def key(self, kind: str) -> tuple[Any, ...]:
        return ("national", self.index)

    def occupy(self, kind: str) -> None:
        """A player takes the seat: the model's rules stop making the organisation's choices."""
        self._model.player_orgs.add(self.index)

    def watch(self) -> None:
        """The national records are kept for every run."""

    def costs(self, game: Any) -> Mapping[str, Any]:
        return game.costs

    def partners(self) -> list[Partner]:
        model = self._model
        return [Partner(o.index, o.code, o.name) for o in model.organisations[: model.n_departments] if o.active and o.index != self.index]

    def match_partner(self, value: Any) -> tuple[str | None, bool, str]:
        """(code of the organisation named by ``value`` or None, whether it is the seat's own, the text as read)."""
        text = str(value).strip()
        match = next((o for o in self._model.organisations if o.code.lower() == text.lower()), None)
        return (None if match is None else match.code), match is not None and match.index == self.index, text

    def partner_index(self, code: str) -> int:
        return self._model.org_codes[code]

    def code_of(self, index: int) -> str:
        return self._model.organisations[index].code

    def label(self, code: str) -> str:
        """How the level names an organisation in running text: ministries by their code."""
        return code

    def concerns(self, event: Mapping[str, Any]) -> bool:
        return "municipality" not in event and self.own_code in (event.get("partner"), event.get("lead"))

    def answers(self, event: Mapping[str, Any]) -> bool:
        return "municipality" not in event and event.get("partner") == self.own_code

    def answers_for(self, org: int) -> bool:
        """Whether the seat's organisation is ``org`` of the national decisions (the session's answer policy)."""
        return org == self.index

    # ------------------------------------------------------------------------------ joint work
    def _view(self, initiative: Any) -> WorkView:
        return WorkView(self._model.work.table, initiative.row, initiative.unique_id, initiative)

    def work(self) -> list[WorkView]:
        """Joint work (active or stalled) the organisation takes part in."""
        return [self._view(i) for i in self._model.initiatives if i.alive and self.index in i.members]

    def all_work(self) -> list[WorkView]:
        """Joint work the organisation takes part in, or led until it ended."""
        org = self.index
        return [self._view(i) for i in self._model.initiatives if org in i.members or (i.ended and org == i.lead)]

    def touched_work(self) -> list[WorkView]:
        """Joint work the organisation took part in during the run, also when it left."""
        left = {e.initiative for e in self._model.event_log.where("partner_left", partner=self.own_code)}
        return [self._view(i) for i in self._model.initiatives if self.index in i.members or i.unique_id in left]

    def work_index(self) -> dict[int, WorkView]:
        """Every piece of national joint work by number (the model's event log names work by number)."""
        return {i.unique_id: self._view(i) for i in self._model.initiatives}

    def find_work(self, unique_id: int) -> WorkView | None:
        found = next((i for i in self._model.initiatives if i.unique_id == unique_id), None)
        return None if found is None else self._view(found)

    def leading(self, topic: int) -> int | None:
        """The joint work the organisation already leads on ``topic``, if any."""
        return next((i.unique_id for i in self._model.initiatives if i.alive and i.lead == self.index and i.topic == topic), None)

    def publicised(self, work: WorkView) -> int:
        return self._model.was_publicised(work.handle)

    def reinforced(self, work: WorkView) -> bool:
        return self._model.reinforced_until(work.handle) > self._model.month

    def history(self, work: WorkView) -> list[tuple[int, int, str]]:
        """(from month, to month, state) segments; state is a level '2'..'4' or 'stalled'."""
        model = self._model
        end = work.ended if work.ended is not None else model.month
        changes: list[tuple[int, str]] = []
        level = None
        for event in model.event_log.about(work.unique_id, LADDER_KINDS):
            kind = event.kind
            if kind == "initiative_started":
                level = str(event.get("level", 2))
                changes.append((event.month, level))
            elif kind in ("escalation", "scale_down"):
                level = str(event.get("level"))
                changes.append((event.month, level))
            elif kind == "initiative_stalled":
                changes.append((event.month, "stalled"))
            elif kind == "initiative_revived":
                changes.append((event.month, level or str(work.level_now)))
        if not changes:
            changes = [(work.started, str(work.level_now))]
        segments = []
        for (start, state), (stop, _next) in zip(changes, [*changes[1:], (end, "")], strict=True):
            if stop > start or (stop == start and state == changes[-1][1]):
                segments.append((start, max(stop, start + 1), state))
        return segments

    # ------------------------------------------------------------------------------ state
    def free(self) -> tuple[float, float]:
        """Staff time (FTE) and money (M EUR / year) the organisation has not committed."""
        return self.org.capacity_fte - self.org.fte_committed, self.org.budget - self.org.budget_committed

    def strategy(self) -> Any:
        return self.org.strategy

    def topic_fit(self) -> np.ndarray:
        return self._model.org_fit[self.index]

    def focus_topics(self) -> list[int]:
        return [int(k) for k in self.org.focus_topics()]

    def records(self) -> list[dict[str, Any]]:
        return self._model.records

    def standing(self) -> dict[str, float]:
        """The organisation's political backing (the minister's commitment)."""
        return {"commitment": self.org.political_commitment}

    def window_open(self, topic: int) -> bool:
        return topic in self._model.window_topics

    def window_topics(self) -> list[int]:
        return sorted(self._model.window_topics)

    def relation(self, partner: Partner) -> Relation:
        model = self._model
        best = int(np.argmax(model.org_fit[partner.index] * (0.5 + model.topic_potential)))
        return Relation(partner, float(model.org_trust_matrix()[self.index, partner.index]), best, best in model.window_topics)

    def partner_fit(self, partner: int, topic: int) -> float:
        return float(self._model.org_fit[partner, topic])

    def best_topic(self, partner: int, besides: int) -> int:
        scores = self._model.org_fit[partner] * (0.5 + self._model.topic_potential)
        scores[besides] = -1.0
        return int(np.argmax(scores))

    def goal_theme(self, partner: int, topic: int) -> str:
        """The partner's own goal a proposal on ``topic`` serves best (its department's priorities)."""
        model = self._model
        spec = model.config.departments.get(model.organisations[partner].code)
        priorities = np.zeros(len(THEMES)) if spec is None else np.array([spec.priorities.get(theme, 0.0) for theme in THEMES])
        overlap = model.topic_themes[topic] * priorities
        return THEMES[int(np.argmax(overlap if overlap.max() > 0 else priorities))]

    def evidence_exists(self) -> bool:
        return bool(self._model.lever_active["quantification"] or "quantification" in self._model.pending_levers)

    def narrative_exists(self) -> bool:
        return bool(self._model.lever_active["shared_narrative"])

    def lever_exists(self, lever: str) -> bool:
        return bool(self._model.lever_active[lever] or lever in self._model.pending_levers)

    def note_until(self) -> int | None:
        return None

    def budget_earmarked(self) -> bool:
        return False

    def indicators(self, autopilot: NationalSeat, months: int) -> list[Indicator]:
        """The dashboard: cross-government trust and depth, joint work, health, politics, free resources, levers."""
        model, auto = self._model, autopilot._model
        now, auto_now = model.records[-1], auto.records[-1]
        before = model.records[max(0, len(model.records) - 1 - months)]

        def depth(row: dict[str, Any]) -> float:
            return row["level_share_2"] + row["level_share_3"] + row["level_share_4"]

        others = [p.index for p in self.partners()]
        trust, auto_trust = model.org_trust_matrix()[:, self.index], auto.org_trust_matrix()[:, self.index]
        fte, money = self.free()
        return [
            Indicator("trust_cross", "dash.trust_cross", now["trust_cross"], before["trust_cross"], auto_now["trust_cross"], unit="scale"),
            Indicator("trust_own", "dash.trust_own", float(np.nanmean(trust[others])), None, float(np.nanmean(auto_trust[others])), label_values={"org": self.own_code},
                      unit="scale"),
            Indicator("depth", "dash.depth_share", 100 * depth(now), 100 * depth(before), 100 * depth(auto_now), ".0f", unit="percent",
                      counts=(int(now["level_pairs_2"] + now["level_pairs_3"] + now["level_pairs_4"]), int(now["department_pairs"]))),
            Indicator("initiatives", "dash.initiatives_active", f"{now['initiatives_active']} / {now['initiatives_stalled']}", "",
                      f"{auto_now['initiatives_active']} / {auto_now['initiatives_stalled']}", kind="text", unit="count"),
            Indicator("ended", "dash.initiatives_ended", f"{now['initiatives_completed']} / {now['initiatives_abandoned']}", "",
                      f"{auto_now['initiatives_completed']} / {auto_now['initiatives_abandoned']}", kind="text", unit="count"),
            Indicator("small_wins", "dash.small_wins", now["small_wins"], before["small_wins"], auto_now["small_wins"], ".0f", unit="count"),
            Indicator("health", "dash.health_secured", 100 * now["health_gap_secured"], 100 * before["health_gap_secured"], 100 * auto_now["health_gap_secured"],
                      unit="percent"),
            Indicator("urgency", "dash.urgency", now["urgency_mean"], before["urgency_mean"], auto_now["urgency_mean"], unit="scale"),
            Indicator("commitment", "dash.commitment", now["commitment_mean"], before["commitment_mean"], auto_now["commitment_mean"], unit="scale"),
            Indicator("own_commitment", "dash.own_commitment", self.org.political_commitment, None, autopilot.org.political_commitment, unit="scale"),
            Indicator("free_staff", "dash.free_staff", fte, suffix=" (FTE)"),
            Indicator("free_money", "dash.free_money", money, suffix=f" ({self.money_unit})"),
            Indicator("levers", "dash.levers", [name for name, on in model.lever_active.items() if on], kind="levers"),
        ]

    def comparison(self, orgs: set[int], codes: set[str]) -> dict[str, float]:
        """Counts that explain the score for the players' organisations ``orgs`` (codes ``codes``)."""
        model = self._model
        asked = [e for e in model.event_log.of_kind("decision") if e.get("lead") in codes]
        started = [i for i in model.initiatives if orgs & {i.lead, *i.partners} or i.lead in orgs]
        return {
            "proposals": len({(e.month, e.get("topic")) for e in asked}),
            "acceptance": sum(e.get("accept") for e in asked) / len(asked) if asked else 0.0,
            "started": len(started),
            "completed": sum(i.phase == "completed" for i in started),
            "abandoned": sum(i.phase == "abandoned" for i in started),
            "wins": sum(i.small_wins for i in started),
        }

    def turnover_news(self, months: int) -> tuple[int, list[tuple[int, WorkView]]]:
        """Officials of the organisation who changed posts in the last ``months`` months, and the (partner, joint
        work) pairs of its active lead work whose contact person at the partner is new."""
        model = self._model
        left = int(np.count_nonzero((model.staff_org == self.index) & model.staff_active & (model.staff_tenure < months)))
        contacts = []
        for work in self.work():
            if work.lead != self.index or not work.active:
                continue
            contacts += [(partner, work) for partner, contact in work.partners.items() if model.staff_tenure[contact] < months]
        return left, contacts

    # ------------------------------------------------------------------------------ verbs
    def mark(self) -> int:
        return self._model.event_log.mark()

    def decisions_since(self, mark: int) -> list[dict[str, Any]]:
        return [e.record() for e in self._model.event_log.of_kind("decision", since=mark)]

    def reserve(self, fte: float, budget: float, months: int) -> None:
        self._model.reserve_resources(self.index, fte, budget, months)

    def invest_relation(self, code: str, months: int) -> list[tuple[int, int]]:
        return self._model.invest_relation(self.index, self._model.org_codes[code], months)

    def proposer(self, partner: int) -> int:
        """The official who puts the proposal: the one with the strongest tie to the partner (lower rank first
        on a tie: ideas start low in the hierarchy [HHS2016 #8])."""
        model, org = self._model, self.index
        own = np.flatnonzero((model.staff_org == org) & model.staff_active)
        theirs = np.flatnonzero((model.staff_org == partner) & model.staff_active)
        if len(theirs) == 0:
            return int(own[np.argmin(model.staff_rank[own])])
        best = model.trust[np.ix_(own, theirs)].max(axis=1) - 0.001 * model.staff_rank[own]
        return int(own[int(np.argmax(best))])

    def propose(self, topic: int, codes: list[str], level: int, target: int, frame: str, approach: str, funding: str,
                origin: str = "player") -> tuple[WorkView | None, str]:
        """Put a proposal for joint work to partners; the new work (None if nobody joined) and the proposer's rank."""
        model = self._model
        partners = [model.org_codes[c] for c in codes]
        proposer = self.proposer(partners[0])
        initiative = model.propose(proposer, topic, partners, level, target, frame, approach, funding, origin)
        return (None if initiative is None else self._view(initiative)), RANKS[int(model.staff_rank[proposer])]

    def advice(self, code: str, topic: int, level: int, frame: str, work: WorkView | None = None, first: str | None = None) -> tuple[float, str]:
        model = self._model
        national = model.work.level
        partner = model.org_codes[code]
        hfap = frame == "HfaP"
        if work is None:  # a proposal: put by the official closest to its first partner (as ``propose`` does)
            coordinator = self.proposer(model.org_codes[first or code])
            decision = model.work.advise(0, topic, self.index, coordinator, partner, national.contact_person(0, partner, coordinator), level, hfap, True)
        else:
            table, row = model.work.table, work.row
            coordinator = int(table.coordinator[row])
            if level > work.level_now:  # an escalation: a member weighs the next rung
                decision = model.work.advise(0, work.topic, work.lead, coordinator, partner, int(table.contact[row, partner]), level,
                                             work.frame == "HfaP", False, work.level_now)
            else:
                decision = model.work.advise(0, work.topic, work.lead, coordinator, partner, national.contact_person(0, partner, coordinator),
                                             work.level_now, work.frame == "HfaP", True)
        return float(decision.probability), decision.reason

    def invite(self, work: WorkView, code: str) -> bool:
        partner = self._model.org_codes[code]
        self._model.invite(work.handle, partner, None)
        return partner in work.partners

    def reinforce(self, work: WorkView, months: int) -> None:
        self._model.reinforce(work.handle, months)

    def escalate(self, work: WorkView) -> tuple[bool, int, list[dict[str, Any]]]:
        """Try the next rung; whether it worked, the level asked, and the partners' decisions (not logged by the model)."""
        model = self._model
        level = work.level_now + 1
        done = model.try_escalate(work.handle, level)
        decisions = [{
            "month": max(model.month, 1), "date": model.date, "kind": "decision", "partner": model.organisations[partner].code,
            "lead": model.organisations[work.lead].code, "topic": model.topic_names[work.topic], "accept": bool(decision.accept),
            "reason": decision.reason, "probability": round(decision.probability, 3), "level": level, "frame": work.frame, "escalation": True,
            "new_work": False,
        } for partner, decision in model.last_escalation]
        return done, level, decisions

    def scale_down(self, work: WorkView) -> None:
        self._model.scale_down(work.handle)

    def end(self, work: WorkView) -> None:
        self._model.withdraw(work.handle, self.index)

    def publicise(self, work: WorkView) -> int:
        return self._model.publicise(work.handle)

    def commission_evidence(self) -> int:
        """Commission evidence; the month from which it counts."""
        return self._model.commission_evidence(self.index)

    def political_cover(self) -> bool:
        return self._model.seek_political_cover(self.index)

    def propose_lever(self, lever: str) -> tuple[bool, int | None]:
        adopted = self._model.lobby_for_lever(lever, self.index)
        return adopted, self._model.pending_levers.get(lever)

    def shared_narrative(self) -> None:
        self._model.set_lever("shared_narrative", True)

    def policy_note(self, topics: list[int]) -> bool:
        raise NotImplementedError("the national level has no local health policy note")

    def local_budget(self) -> tuple[bool, float]:
        raise NotImplementedError("the national level has no local budget")

    def set_strategy(self, update: dict[str, Any]) -> None:
        self.org.strategy = self.org.strategy.model_copy(update=update)

    def set_answer_policy(self, policy: str) -> None:
        """National answers go through the session's decision override (the player's answer policy)."""

    def journal_mark(self) -> int:
        return 0

    def journal_since(self, mark: int, *kinds: str) -> list[Event]:
        return []  # the national level has no journal beside the model's event log

    def journal_latest(self, kind: str, mark: int = 0) -> Event | None:
        return None


MUNICIPAL_KEYS = {
    "result.publicise": "result.local_publicise",
    "result.evidence": "result.local_evidence",
    "result.cover_yes": "result.local_cover_yes",
    "result.cover_no": "result.local_cover_no",
    "error.evidence_exists": "error.local_evidence_exists",
    "error.cover_asked": "error.local_cover_asked",
    "hint.no_political_cover": "hint.local.no_political_cover",
    "hint.no_urgency": "hint.local.no_urgency",
    "hint.no_budget": "hint.local.no_budget",
    "hint.silo": "hint.local.silo",
    "figure.trust": "figure.local.trust",
    "figure.depth": "figure.local.depth",
    "figure.work_label": "label.initiative",
    "event.political_cover": "event.local_cover",
    "event.evidence": "event.local_evidence",
}


class MunicipalSeat(Seat):
    """Public health in one municipality: the health officer's and the alderman's seat [RIVM2010]."""

    level = "municipal"
    breadth = 1
    money_unit = "k EUR/yr"
    keeps_journal = True
    unavailable = frozenset({"seize_window", "propose_lever", "shared_narrative", "relation_share"})
    keys = MUNICIPAL_KEYS

    def __init__(self, level: MunicipalLevel, m: int) -> None:
        self._level = level
        self.index = m
        self.own = level.ph
        self.own_code = PUBLIC_HEALTH
        self.name = level.names[m]

    # ------------------------------------------------------------------------------ who and what
    def key(self, kind: str) -> tuple[Any, ...]:
        return ("municipal", self.index, kind)  # a health officer and an alderman of one town may play together

    def occupy(self, kind: str) -> None:
        self._level.take(self.index, kind)

    def watch(self) -> None:
        self._level.watch(self.index)

    def costs(self, game: Any) -> Mapping[str, Any]:
        return game.municipal_costs

    def partners(self) -> list[Partner]:
        """The other sectors of the town hall."""
        return [Partner(s, name, self.label(name)) for s, name in enumerate(SECTORS) if s != self.own]

    def match_partner(self, value: Any) -> tuple[str | None, bool, str]:
        text = str(value).strip().lower().replace(" ", "_")
        return (text if text in SECTORS else None), text == PUBLIC_HEALTH, str(value)

    def partner_index(self, code: str) -> int:
        return SECTORS.index(code)

    def code_of(self, index: int) -> str:
        return SECTORS[index]

    def label(self, code: str) -> str:
        return self._level.sector_specs[SECTORS.index(code)].label or code.replace("_", " ")

    def concerns(self, event: Mapping[str, Any]) -> bool:
        return event.get("municipality") == self.name and PUBLIC_HEALTH in (event.get("partner"), event.get("lead"))

    def answers(self, event: Mapping[str, Any]) -> bool:
        return event.get("municipality") == self.name and event.get("partner") == PUBLIC_HEALTH

    def answers_for(self, org: int) -> bool:
        return False

    def advice(self, code: str, topic: int, level: int, frame: str, work: WorkView | None = None, first: str | None = None) -> tuple[float, str]:
        raise NotImplementedError("a municipality's sectors are not played: their answers need no advice")

    # ------------------------------------------------------------------------------ joint work
    def _rows(self, alive: bool) -> np.ndarray:
        level, table = self._level, self._level.initiatives
        n = table.n
        mask = (table.group[:n] == self.index) & ((table.lead[:n] == level.ph) | table.partners[:n, level.ph])
        if alive:
            mask &= (table.phase[:n] <= ACTIVE_MAX) | (table.phase[:n] == STALLED)
        return np.flatnonzero(mask)

    def work(self) -> list[WorkView]:
        """Joint work (active or stalled) in the municipality that public health takes part in."""
        return [WorkView(self._level.initiatives, int(r), int(r)) for r in self._rows(alive=True)]

    def all_work(self) -> list[WorkView]:
        """Every initiative with public health in the municipality, ended ones too."""
        return [WorkView(self._level.initiatives, int(r), int(r)) for r in self._rows(alive=False)]

    def touched_work(self) -> list[WorkView]:
        return self.all_work()

    def find_work(self, unique_id: int) -> WorkView | None:
        return WorkView(self._level.initiatives, int(unique_id), int(unique_id))

    def leading(self, topic: int) -> int | None:
        return self._level.alive_work(self.index, self.own, topic)

    def publicised(self, work: WorkView) -> int:
        return self._level.work.publicised.get(work.row, 0)

    def reinforced(self, work: WorkView) -> bool:
        return self._level.work.reinforced.get(work.row, -1) > self._level.month

    def history(self, work: WorkView) -> list[tuple[int, int, str]]:
        """(from month, to month, state) segments of one initiative, from the level's journal."""
        level = self._level
        end = work.ended if work.ended is not None else level.month
        changes: list[tuple[int, str]] = [(work.started, str(work.level_now))]
        levels = {}
        for entry in level.journal.of_kind(*LADDER_KINDS):
            if entry.get("row") != work.row:
                continue
            month = entry.month
            if entry.kind == "initiative_started":
                changes = [(month, str(entry.get("level", 2)))]
                levels["now"] = str(entry.get("level", 2))
            elif entry.kind in ("escalation", "scale_down"):
                levels["now"] = str(entry.get("level"))
                changes.append((month, levels["now"]))
            elif entry.kind == "initiative_stalled":
                changes.append((month, "stalled"))
            elif entry.kind == "initiative_revived":
                changes.append((month, levels.get("now", str(work.level_now))))
        segments = []
        for (start, state), (stop, _next) in zip(changes, [*changes[1:], (end + 1, "")], strict=True):
            if stop > start:
                segments.append((start, stop, state))
        return segments or [(changes[0][0], changes[0][0] + 1, changes[0][1])]

    # ------------------------------------------------------------------------------ state
    def free(self) -> tuple[float, float]:
        """Public health's free staff time (FTE) and the municipality's free joint-work budget (k EUR / year)."""
        level, m = self._level, self.index
        return float(level.capacity[m, level.ph] - level.fte_committed[m, level.ph]), float(level.total_budget()[m] - level.budget_committed[m])

    def strategy(self) -> Any:
        """The health officer's strategy (the player's, or the municipal default for the alderman)."""
        return self._level.player_strategy.get(self.index, self._level.config.strategy)

    def topic_fit(self) -> np.ndarray:
        """How well each topic fits the local agenda (priority)."""
        return np.clip(self._level.priority[self.index], 0.0, 1.0)

    def focus_topics(self) -> list[int]:
        return list(dict.fromkeys(int(k) for k in self._level.focus[self.index, self.own]))

    def records(self) -> list[dict[str, Any]]:
        """The monthly indicator rows of the municipality (kept for watched municipalities)."""
        return self._level.watch_records[self.index]

    def standing(self) -> dict[str, float]:
        """The alderman's support in the college."""
        return {"support": float(self._level.support[self.index])}

    def window_open(self, topic: int) -> bool:
        return False

    def window_topics(self) -> list[int]:
        return []

    def relation(self, partner: Partner) -> Relation:
        level, m, s = self._level, self.index, partner.index
        trust = 0.5 * (level.sector_trust[m, level.ph, s] + level.sector_trust[m, s, level.ph])
        return Relation(partner, float(trust), int(np.argmax(level.fit[s] * (0.5 + level.priority[m]))))

    def partner_fit(self, partner: int, topic: int) -> float:
        return float(self._level.fit[partner, topic])

    def best_topic(self, partner: int, besides: int) -> int:
        scores = self._level.fit[partner] * (0.5 + self._level.priority[self.index])
        scores[besides] = -1.0
        return int(np.argmax(scores))

    def goal_theme(self, partner: int, topic: int) -> str:
        priorities = self._level.sector_specs[partner].priorities
        return max(priorities, key=priorities.get) if priorities else THEMES[0]

    def evidence_exists(self) -> bool:
        return self._level.evidence_pending(self.index)

    def narrative_exists(self) -> bool:
        return False

    def lever_exists(self, lever: str) -> bool:
        return False

    def note_until(self) -> int | None:
        """The last month of the council's health policy note, while one is in force."""
        level = self._level
        return int(level.note_until[self.index]) if level.note_in_force()[self.index] else None

    def budget_earmarked(self) -> bool:
        return bool(self._level.earmarked is not None and self._level.earmarked[self.index])

    def indicators(self, autopilot: MunicipalSeat, months: int) -> list[Indicator]:
        """The municipality's dashboard: maturity, alderman support, local trust, sectors in joint work, ..."""
        level, m = self._level, self.index
        you, auto = self.records(), autopilot.records()
        now, auto_now = you[-1], auto[-1]
        before = you[max(0, len(you) - 1 - months)]

        def stage(row: dict[str, Any]) -> str:
            return f"{row['maturity']} {MATURITY_STAGES[row['maturity'] - 1]}"

        structures = ["dash.local.lead"] if now["has_lead"] else []
        structures += ["dash.local.igb"] if now["igb_assigned"] else []
        structures += ["dash.local.note"] if level.note_in_force()[m] else []
        structures += ["dash.local.budget"] if self.budget_earmarked() else []
        evidence = level.local_evidence is not None and level.local_evidence[m] > 0
        fte, money = self.free()
        return [
            Indicator("maturity", "dash.local.maturity", stage(now), format(now["maturity"] - before["maturity"], "+d"), stage(auto_now), kind="text", unit="stage"),
            Indicator("support", "dash.local.support", now["alderman_support"], before["alderman_support"], auto_now["alderman_support"], unit="scale"),
            Indicator("trust_cross", "dash.local.trust", now["trust_cross"], before["trust_cross"], auto_now["trust_cross"], unit="scale"),
            Indicator("sectors", "dash.local.sectors", now["sectors_collaborating"], before["sectors_collaborating"], auto_now["sectors_collaborating"], "d",
                      label_values={"total": len(SECTORS) - 1}, unit="count"),
            Indicator("initiatives", "dash.initiatives_active", f"{now['initiatives_active']} / {now['initiatives_stalled']}", "",
                      f"{auto_now['initiatives_active']} / {auto_now['initiatives_stalled']}", kind="text", unit="count"),
            Indicator("ended", "dash.initiatives_ended", f"{now['initiatives_completed']} / {now['initiatives_abandoned']}", "",
                      f"{auto_now['initiatives_completed']} / {auto_now['initiatives_abandoned']}", kind="text", unit="count"),
            Indicator("small_wins", "dash.small_wins", now["small_wins"], before["small_wins"], auto_now["small_wins"], ".0f", unit="count"),
            Indicator("health", "dash.local.health_secured", 100 * now["health_gap_secured"], 100 * before["health_gap_secured"], 100 * auto_now["health_gap_secured"],
                      unit="percent"),
            Indicator("urgency", "dash.local.urgency", now["urgency"], before["urgency"], auto_now["urgency"], unit="scale"),
            Indicator("structures", "dash.local.structures", structures, kind="keys"),
            Indicator("evidence", "dash.local.evidence", ["dash.local.yes" if evidence else "dash.local.no"], kind="keys"),
            Indicator("free_staff", "dash.local.free_staff", fte, suffix=" (FTE)"),
            Indicator("free_money", "dash.local.free_money", money, fmt=".0f", suffix=f" ({self.money_unit})"),
        ]

    def comparison(self, orgs: set[int], codes: set[str]) -> dict[str, float]:
        """Counts that explain the score: public health's proposals, their acceptance, joint work and how it ended."""
        level = self._level
        asked = level.journal.where("decision", lead=PUBLIC_HEALTH, escalation=False, municipality=self.name)
        table = level.initiatives
        rows = self._rows(alive=False)
        return {
            "proposals": len({(e.month, e.get("topic")) for e in asked}),
            "acceptance": sum(e.get("accept") for e in asked) / len(asked) if asked else 0.0,
            "started": len(rows),
            "completed": int((table.phase[rows] == PHASES.index("completed")).sum()),
            "abandoned": int((table.phase[rows] == PHASES.index("abandoned")).sum()),
            "wins": int(table.small_wins[rows].sum()),
        }

    def turnover_news(self, months: int) -> tuple[int, list[tuple[int, WorkView]]]:
        return 0, []

    # ------------------------------------------------------------------------------ verbs
    def mark(self) -> int:
        return self._level.journal.mark()

    def decisions_since(self, mark: int) -> list[dict[str, Any]]:
        return [e.record() for e in self._level.journal.of_kind("decision", since=mark)]

    def reserve(self, fte: float, budget: float, months: int) -> None:
        self._level.reserve(self.index, fte, budget, months)

    def invest_relation(self, code: str, months: int) -> list[tuple[int, int]]:
        return self._level.invest_relation(self.index, SECTORS.index(code), months)

    def propose(self, topic: int, codes: list[str], level: int, target: int, frame: str, approach: str, funding: str,
                origin: str = "player") -> tuple[WorkView | None, str]:
        municipal, m = self._level, self.index
        partners = [SECTORS.index(code) for code in codes]
        proposer = municipal.health_officer_proposer(m, partners[0])
        row = municipal.propose(m, proposer, topic, partners, level, target, frame=frame, approach=approach, funding=funding)
        rank = "local_officer" if municipal.slot_rank[proposer] == 0 else "local_head"
        return (None if row is None else self.find_work(row)), rank

    def invite(self, work: WorkView, code: str) -> bool:
        partner = SECTORS.index(code)
        self._level.work.invite(work.row, partner, None)
        return partner in work.partners

    def reinforce(self, work: WorkView, months: int) -> None:
        self._level.work.reinforce(work.row, months)

    def escalate(self, work: WorkView) -> tuple[bool, int, list[dict[str, Any]]]:
        level = work.level_now + 1
        return self._level.work.try_escalate(work.row, level), level, []  # the level's journal logs the decisions

    def scale_down(self, work: WorkView) -> None:
        self._level.work.scale_down(work.row)

    def end(self, work: WorkView) -> None:
        self._level.work.withdraw(work.row, self.own)

    def publicise(self, work: WorkView) -> int:
        return self._level.publicise(work.row)

    def commission_evidence(self) -> int:
        return self._level.commission_evidence(self.index) + 1

    def political_cover(self) -> bool:
        return self._level.seek_political_cover(self.index)

    def propose_lever(self, lever: str) -> tuple[bool, int | None]:
        raise NotImplementedError("a municipality cannot propose national levers")

    def shared_narrative(self) -> None:
        raise NotImplementedError("the shared narrative is a national lever")

    def policy_note(self, topics: list[int]) -> bool:
        return self._level.adopt_policy_note(self.index, topics)

    def local_budget(self) -> tuple[bool, float]:
        """Ask the council for structural money: adopted or not, and the amount asked (k EUR / year)."""
        level = self._level
        adopted = level.earmark_budget(self.index)
        return adopted, level.params.actions.budget_per_inhabitant * float(level.population[self.index]) / 1000.0

    def set_strategy(self, update: dict[str, Any]) -> None:
        self._level.player_strategy[self.index] = self.strategy().model_copy(update=update)

    def set_answer_policy(self, policy: str) -> None:
        self._level.answer_policy[self.index] = policy

    def journal_mark(self) -> int:
        return self._level.journal.mark()

    def journal_since(self, mark: int, *kinds: str) -> list[Event]:
        journal = self._level.journal
        events = journal.of_kind(*kinds, since=mark) if kinds else journal.since(mark)
        return [e for e in events if e.municipality == self.name]

    def journal_latest(self, kind: str, mark: int = 0) -> Event | None:
        return self._level.journal.latest(kind, since=mark, municipality=self.name)


SEATS = {"national": NationalSeat, "municipal": MunicipalSeat}


def open_seat(model: HiapModel, level: str, index: int) -> NationalSeat | MunicipalSeat:
    """The seat of organisation (national) or municipality (municipal) ``index`` in ``model``."""
    if level == "municipal":
        if model.municipal is None:
            raise ValueError("this scenario has no municipalities")
        return MunicipalSeat(model.municipal, index)
    return NationalSeat(model, index)
