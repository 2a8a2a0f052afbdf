"""Terminal play behind ``hiap-sim play``, ``resume``, ``debrief``, ``sessions`` and ``roles``.

A rich terminal interface on :class:`hiap_sim.game.session.GameSession`: numbered menus, tables, the
dashboard each turn, partner answers with reasons and hints, and the debrief at the end. Every choice is
checked by the engine; a choice that is not possible is refused with the engine's explanation and the menu
comes back. The command signatures live in :mod:`hiap_sim.game.cli`, which imports this module only when a
game command runs.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from hiap_sim.game.actions import ACTIONS, ActionError, FieldSpec, available
from hiap_sim.game.feedback import dashboard, initiative_rows, relations
from hiap_sim.game.roles import RoleError, available_roles
from hiap_sim.game.script import Script, ScriptError, expand, load_script
from hiap_sim.game.session import GameError, GameSession, Player, TurnReport
from hiap_sim.game.store import SessionStore
from hiap_sim.game.text import LANGUAGES, SECTOR_CODES, Text
from hiap_sim.scenario import ScenarioError, resolve_scenario

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


class Quit(Exception):
    """The player saves and leaves."""


class Back(Exception):
    """The player steps back out of a form."""


def fail(message: str, code: int = 2) -> None:
    errors.print(f"[bold red]Error:[/bold red] {message}", soft_wrap=True, markup=True)
    raise typer.Exit(code)


# ------------------------------------------------------------------------------------------ terminal
class Terminal:
    """Plays a session in the terminal, interactively or from a script."""

    def __init__(self, session: GameSession, out: Console = console, db: Path | None = None) -> None:
        self.session = session
        self.out = out
        self.t: Text = session.text
        self.db = db

    def command(self, verb: str = "resume") -> str:
        """The command that continues (or debriefs) this session, with the session file when it is not the default."""
        return session_command(verb, self.session.session_id, self.db)

    # -------------------------------------------------------------------------------- input helpers
    def ask(self, prompt: str) -> str:
        try:
            answer = self.out.input(f"[bold]{prompt}[/bold] > ")
        except EOFError:
            raise Quit() from None
        return answer.strip()

    def refuse(self, message: str) -> None:
        self.out.print(f"[red]{self.t('ui.refused', message=message)}[/red]")

    def choose(self, title: str, options: list[tuple[Any, str]], default: Any = None, letters: dict[str, str] | None = None,
               back: bool = True, zero: str | None = None, default_label: str | None = None) -> Any:
        """A numbered menu; returns the chosen value, a letter command ('0' when ``zero`` names it), or raises Back."""
        letters = dict(letters or {})
        if zero is not None:
            letters["0"] = "end"
        while True:
            self.out.print(f"\n[bold cyan]{title}[/bold cyan]")
            for number, (_value, label) in enumerate(options, start=1):
                self.out.print(f"  [bold]{number:>2}[/bold]  {label}")
            if zero is not None:
                self.out.print(f"  [bold] 0[/bold]  {zero}")
            notes = []
            if back:
                notes.append(self.t("ui.back"))
            if default is not None:
                notes.append(self.t("ui.default", default=default if default_label is None else default_label))
            if notes:
                self.out.print("  [dim]" + "; ".join(notes) + "[/dim]")
            answer = self.ask(self.t("ui.choose"))
            if answer == "" and default is not None:
                return default
            if answer.lower() in letters:
                return letters[answer.lower()]
            if answer == "0" and back:
                raise Back()
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1][0]
            shown = [k for k in letters if k != "0"]
            extra = self.t("ui.not_a_choice_extra", letters=", ".join(shown)) if shown else ""
            low = 0 if (back or zero is not None) else 1
            self.out.print("[red]" + self.t("ui.not_a_choice", found=answer, low=low, high=len(options), extra=extra) + "[/red]")

    def choose_many(self, title: str, options: list[tuple[Any, str]], default: list[Any] | None = None, default_labels: list[str] | None = None) -> list[Any]:
        while True:
            self.out.print(f"\n[bold cyan]{title}[/bold cyan]")
            for number, (_value, label) in enumerate(options, start=1):
                self.out.print(f"  [bold]{number:>2}[/bold]  {label}")
            self.out.print("  [dim]" + self.t("ui.back") + (("; " + self.t("ui.default", default=", ".join(map(str, default_labels or default)))) if default else "") + "[/dim]")
            answer = self.ask(self.t("ui.choose_many"))
            if answer == "" and default:
                return default
            if answer == "0":
                raise Back()
            parts = [p.strip() for p in answer.replace(" ", ",").split(",") if p.strip()]
            if parts and all(p.isdigit() and 1 <= int(p) <= len(options) for p in parts):
                return list(dict.fromkeys(options[int(p) - 1][0] for p in parts))
            bad = next((p for p in parts if not (p.isdigit() and 1 <= int(p) <= len(options))), answer)
            self.out.print("[red]" + self.t("ui.not_a_choice", found=bad, low=1, high=len(options), extra="") + "[/red]")

    # -------------------------------------------------------------------------------- forms
    def form(self, player: Player, name: str) -> dict[str, Any]:
        """Ask for each field of an action; Enter keeps a default where there is one."""
        t = self.t
        strategy = self.session.strategy_of(player)
        action: dict[str, Any] = {"do": name}
        for spec in ACTIONS[name].fields:
            title = t(f"field.{spec.name}")
            value = self.field(player, name, spec, title, strategy)
            if value is not None:
                action[spec.name] = value
        return action

    def field(self, player: Player, action: str, spec: FieldSpec, title: str, strategy: Any) -> Any:
        session, view, t = self.session, self.session.view, self.t
        keep = action == "set_strategy"
        if spec.kind in ("org", "orgs"):
            rows = {r["org"]: r for r in relations(session, player)}
            options = [(code, f"{'' if code in SECTOR_CODES else code:<5} {r['name'][:38]:<38} {t('dash.trust')} {t.number(r['trust'], '.2f')}  {t('dash.fit')}: {r['best_topic']}")
                       for code, r in rows.items()]
            return self.choose(title, options) if spec.kind == "org" else self.choose_many(title, options)
        if spec.kind in ("topic", "topics"):
            own = session.topic_fit(player)
            names = view.topic_names
            if action == "seize_window":
                names = tuple(view.topic_names[k] for k in sorted(view.window_topics))
                if not names:
                    self.refuse(t("ui.window_none"))
                    raise Back()
            options = []
            for name in names:
                index = view.topic_index[name]
                window = f"  [yellow]({t('ui.window')})[/yellow]" if index in view.window_topics else ""
                options.append((name, f"{t.topic(view, name):<34} {t('ui.fit')} {t.number(own[index], '.2f')}{window}"))
            if spec.kind == "topic":
                return self.choose(title, options)
            current = session.focus_topics(player)
            return self.choose_many(title, options, default=current if keep else None, default_labels=[t.topic(view, c) for c in current])
        if spec.kind == "level":
            options = [(level, t.level(level)) for level in (2, 3, 4)]
            return self.choose(title, options, default=2, default_label=t.level(2))
        if spec.kind in ("choice", "lever"):
            options = [(c, t.name(f"choice.{c}", t.lever(c) if spec.kind == "lever" else c)) for c in spec.choices]
            default = getattr(strategy, spec.name, None) if spec.optional else None
            if spec.name == "policy":
                default = player.answer_policy
            return self.choose(title, options, default=default, default_label=None if default is None else t.choice(default))
        if spec.kind == "share":
            while True:
                answer = self.ask(f"{title} [{t('ui.default', default=t.number(strategy.relation_share))}]")
                if answer == "":
                    return strategy.relation_share
                if answer == "0":
                    raise Back()
                try:
                    value = float(answer.replace(",", "."))
                except ValueError:
                    value = -1.0
                if 0.1 <= value <= 0.9:
                    return value
                self.out.print("[red]" + t("error.bad_share", found=answer) + "[/red]")
        if spec.kind == "initiative":
            rows = [r for r in initiative_rows(session, player) if r["alive"]]
            if not rows:
                self.refuse(t("ui.no_initiatives"))
                raise Back()
            options = [(r["id"], f"#{r['id']:<4} {r['topic'][:30]:<30} {r['members']:<18} {t('dash.col.level')} {r['level']}  {r['phase']}  "
                                 f"{t('dash.col.wins')} {r['wins']}") for r in rows]
            return self.choose(title, options)
        raise AssertionError(spec.kind)

    # -------------------------------------------------------------------------------- display
    def show_dashboard(self, player: Player) -> None:
        t = self.t
        table = Table(title=t("dash.title", date=self.session.view.date, turn=self.session.turn, turns=self.session.turns), title_justify="left")
        for column in (t("dash.indicator"), t("dash.value"), t("dash.change"), t("dash.autopilot")):
            table.add_column(column, overflow="fold")
        for row in dashboard(self.session, player):
            table.add_row(row["label"], row["value"], row["change"], row["autopilot"])
        self.out.print(table)

    def show_relations(self, player: Player) -> None:
        t = self.t
        table = Table(title=t("dash.relations"), title_justify="left")
        for column in (t("dash.org"), t("dash.trust"), t("dash.fit"), t("dash.joint")):
            table.add_column(column)
        for row in relations(self.session, player):
            table.add_row(f"{row['org']} {row['name']}", t.number(row["trust"], ".2f"), row["best_topic"], row["joint"])
        self.out.print(table)

    def show_work(self, player: Player) -> None:
        t = self.t
        rows = initiative_rows(self.session, player)
        if not rows:
            self.out.print(t("ui.no_initiatives"))
            return
        table = Table(title=t("dash.your_work"), title_justify="left")
        for key in ("id", "topic", "members", "level", "how", "phase", "progress", "wins"):
            table.add_column(t(f"dash.col.{key}"))
        for row in rows:
            table.add_row(*(str(row[k]) for k in ("id", "topic", "members", "level", "how", "phase", "progress", "wins")))
        self.out.print(table)

    def show_result(self, result: Any) -> None:
        for message in result.messages:
            self.out.print(f"  [green]{message}[/green]")
        for decision in result.decisions:
            self.print_decision(decision)

    def print_decision(self, decision: dict[str, Any]) -> None:
        mark = "[green]✓[/green]" if decision["accept"] else "[red]✗[/red]"
        line = f"  {mark} {decision['text']}"
        if decision["hint"]:
            line += f" [yellow]— {decision['hint']}[/yellow]"
        self.out.print(line)

    def show_report(self, report: TurnReport) -> None:
        t = self.t
        table = Table(title=t("ui.news", start=report.start, end=report.end), title_justify="left", show_header=False)
        table.add_column("date", style="dim")
        table.add_column("news", overflow="fold")
        for item in report.news:
            table.add_row(item["date"], ("[bold]" + item["text"] + "[/bold]") if item["mine"] else item["text"])
        self.out.print(table)
        self.out.print(f"\n[bold]{t('ui.decisions')}[/bold]")
        if not report.decisions:
            self.out.print("  " + t("ui.no_decisions"))
        for decision in report.decisions:
            self.print_decision(decision)
        self.out.print(Panel(t("score.line", you=report.score["total"], autopilot=report.autopilot["total"],
                                 diff=report.score["total"] - report.autopilot["total"]), expand=False))

    def header(self) -> None:
        s, t = self.session, self.t
        self.out.print(Panel(t("ui.welcome", scenario=s.scenario_name) + "\n" + (t("ui.session", session=s.session_id, command=self.command()) if s.session_id else ""), expand=False))
        for player in s.players:
            self.out.print(f"[bold]{s.role_name(player)}[/bold]: " + t(f"role.brief.{player.role.kind}", org=player.role.org_code))

    def turn_header(self) -> None:
        s = self.session
        first, last = s.turn_months(s.turn)
        self.out.rule(self.t("ui.turn", turn=s.turn, turns=s.turns, start=s.date_of(first), end=s.date_of(last)))

    # -------------------------------------------------------------------------------- play
    def interactive(self) -> None:
        """Play until the game ends or the player quits (everything is saved as it happens)."""
        s, t = self.session, self.t
        while not s.finished:
            self.turn_header()
            for player in s.players:
                if len(s.players) > 1:
                    self.out.print(Panel(t("ui.pass", role=s.role_name(player)), expand=False))
                self.show_dashboard(player)
                self.player_turn(player)
            self.out.print(t("ui.running", months=s.months_per_turn))
            self.show_report(s.end_turn())
        self.out.print(f"\n[bold]{t('ui.game_over')}[/bold]")

    def player_turn(self, player: Player) -> None:
        s, t = self.session, self.t
        names = available(s, player)
        letters = {"d": "dashboard", "w": "work", "r": "relations", "h": "help", "q": "quit"}
        while True:
            fte, money = s.free_resources(player)
            suffix = "_local" if s.money_unit(player).startswith("k") else ""
            options = []
            for name in names:
                cost = s.cost_of(name, player)
                price = t("ui.cost", fte=cost.fte, money=t("ui.cost_money" + suffix, budget=cost.budget) if cost.budget else "") if (cost.fte or cost.budget) else ""
                options.append((name, f"{t(f'action.{name}'):<52} [dim]{price}[/dim]"))
            self.out.print(f"\n[bold]{t('ui.player', role=s.role_name(player))}[/bold]  [dim]{t('ui.free' + suffix, fte=fte, budget=money)}[/dim]")
            self.out.print("[dim]" + t("ui.menu_dashboard") + "[/dim]")
            try:
                choice = self.choose(t("ui.menu"), options, letters=letters, back=False, zero=t("ui.menu_end", months=s.months_per_turn))
            except Back:
                continue
            if choice == "end":
                return
            if choice == "quit":
                raise Quit()
            if choice == "dashboard":
                self.show_dashboard(player)
                continue
            if choice == "work":
                self.show_work(player)
                continue
            if choice == "relations":
                self.show_relations(player)
                continue
            if choice == "help":
                self.out.print(t("ui.help"))
                for name in names:
                    self.out.print(f"  [bold]{t(f'action.{name}')}[/bold]: {t(f'help.{name}')}")
                continue
            self.out.print(f"[dim]{t(f'help.{choice}')}[/dim]")
            try:
                action = self.form(player, choice)
            except Back:
                continue
            try:
                result = s.act(player.role.id, action)
            except ActionError as exc:
                self.refuse(t.refusal(exc, s.view))
                continue
            self.show_result(result)

    def scripted(self, script: Script, strict: bool = False) -> None:
        """Play the remaining turns from a decisions file."""
        s, t = self.session, self.t
        default_role = s.players[0].role.id
        while not s.finished:
            self.turn_header()
            decisions = script.decisions(s.turn)
            self.out.print(t("ui.script_turn", turn=s.turn, count=len(script.turns.get(s.turn, []))))
            for number, raw in enumerate(decisions, start=1):
                role = raw.get("role", default_role)
                action = {k: v for k, v in raw.items() if k != "role"}
                try:
                    for concrete in expand(s, role, action):
                        self.show_result(s.act(role, concrete))
                except ActionError as exc:
                    message = t("ui.script_refused", turn=s.turn, number=number, action=raw.get("do"), message=t.refusal(exc, s.view))
                    if strict:
                        fail(f"{script.path}: {message}")
                    self.refuse(message)
            self.show_report(s.end_turn())
        if script.last_turn > s.turns:
            errors.print(t("ui.script_extra", path=script.path, last=script.last_turn, turns=s.turns))
        self.out.print(f"\n[bold]{t('ui.game_over')}[/bold]")

    def finish(self, folder: Path | None) -> None:
        """Write the debrief and show its score table."""
        from hiap_sim.game.debrief import write_debrief

        s, t = self.session, self.t
        folder = folder or Path("results") / f"debrief_session{s.session_id}"
        try:
            paths = write_debrief(s, folder)
        except OSError as exc:
            fail(f"the debrief cannot be written to {folder} ({exc.strerror or exc}); choose another folder with --debrief-dir "
                 f"(the game is saved: hiap-sim debrief {s.session_id} --out FOLDER)")
        you, auto = s.scores()
        table = Table(title=t("debrief.score"), title_justify="left")
        for column in (t("debrief.component"), t("score.you"), t("score.autopilot")):
            table.add_column(column)
        for key, value in you.as_dict().items():
            if key != "month":
                table.add_row(t(f"score.{key}"), t.number(value, ".1f"), t.number(auto.as_dict()[key], ".1f"))
        self.out.print(table)
        self.out.print(t("debrief.files", folder=folder) + f"\n  {paths['markdown']}\n  {paths['html']}\n  {paths['log']}")


# ------------------------------------------------------------------------------------------ commands
def session_command(verb: str, session_id: Any, db: Path | None) -> str:
    """'hiap-sim resume N', with '--db FILE' when the session is kept in another file than the default."""
    return f"hiap-sim {verb} {session_id}" + (f" --db {shlex.quote(str(db))}" if db is not None else "")


def _store(db: Path | None, session_id: str | None = None) -> SessionStore:
    if session_id is not None:  # reading a saved session: never create an empty session file
        from hiap_sim.game.store import default_path

        path = db if db is not None else default_path()
        if not path.is_file():
            fail(f"no game session '{session_id}': there is no session file {path}. Give the file the game was saved in with --db "
                 "(the --db given to play), or list sessions with: hiap-sim sessions --db FILE")
    try:
        return SessionStore(db)
    except GameError as exc:
        fail(str(exc))
        raise


def _lang(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGUAGES:
        fail(f"unknown language '{lang}'; choose one of: {', '.join(LANGUAGES)} (e.g. --lang nl)")
    return lang


def _run(terminal: Terminal, script: Script | None, strict: bool, debrief_dir: Path | None, debrief: bool) -> None:
    session = terminal.session
    try:
        if script is not None:
            terminal.scripted(script, strict)
        else:
            terminal.interactive()
    except (Quit, KeyboardInterrupt):
        console.print("\n" + session.text("ui.saved_quit", command=terminal.command()))
        raise typer.Exit(0) from None
    if debrief:
        terminal.finish(debrief_dir)


def play(
    scenario: str,
    role: list[str],
    lang: str = "en",
    turns: int | None = None,
    seed: int | None = None,
    months_per_turn: int | None = None,
    script: Path | None = None,
    strict: bool = False,
    db: Path | None = None,
    debrief_dir: Path | None = None,
    debrief: bool = True,
) -> None:
    """Play a training game: take a role, decide each turn, see what partners do and why, get a debrief.

    Example: [bold]hiap-sim play national_2025 --role programme_director --lang nl[/bold]

    Hot-seat: [bold]--role programme_director --role dg:SZW[/bold]. Scripted: [bold]--script decisions.yaml[/bold]
    (see the format below). The session is saved after every decision; continue with [bold]hiap-sim resume N[/bold].
    """
    _lang(lang)
    try:
        spec, provenance = resolve_scenario(scenario)
    except ScenarioError as exc:
        fail(str(exc))
    plan = None
    if script is not None:
        try:
            plan = load_script(script)
        except ScriptError as exc:
            fail(str(exc))
    if seed is None and plan is not None:
        seed = plan.seed
    try:
        session = GameSession(spec, role, seed=seed, lang=lang, turns=turns, months_per_turn=months_per_turn, scenario_name=spec.name)
    except RoleError as exc:
        fail(f"{exc} Example: --role programme_director")
    except GameError as exc:
        fail(str(exc))
    store = _store(db)
    store.create(session)
    terminal = Terminal(session, db=db)
    terminal.header()
    _run(terminal, plan, strict, debrief_dir, debrief)


def resume(
    session_id: str,
    lang: str | None = None,
    script: Path | None = None,
    strict: bool = False,
    db: Path | None = None,
    debrief_dir: Path | None = None,
    debrief: bool = True,
) -> None:
    """Continue a saved game where it stopped (after a crash or a closed terminal nothing is lost).

    Example: [bold]hiap-sim resume 3[/bold]
    """
    _lang(lang)
    store = _store(db, session_id)
    plan = None
    if script is not None:
        try:
            plan = load_script(script)
        except ScriptError as exc:
            fail(str(exc))
    try:
        session = store.load(session_id, lang=lang)
    except GameError as exc:
        fail(str(exc))
    if session.finished:
        console.print(session.text("ui.game_over") + " " + session_command("debrief", session.session_id, db))
        return
    terminal = Terminal(session, db=db)
    terminal.header()
    current = [r for r in session.results if r.turn == session.turn]
    console.print(session.text("ui.resumed", session=session.session_id, turn=session.turn, done=len(session.log)))
    for result in current:
        terminal.show_result(result)
    _run(terminal, plan, strict, debrief_dir, debrief)


def debrief_command(
    session_id: str,
    out: Path | None = None,
    lang: str | None = None,
    db: Path | None = None,
) -> None:
    """Write the debrief of a saved game (Markdown, HTML and PNG figures), finished or not.

    Example: [bold]hiap-sim debrief 3 --out my_debrief[/bold]
    """
    _lang(lang)
    store = _store(db, session_id)
    try:
        session = store.load(session_id, lang=lang, remember=False)
    except GameError as exc:
        fail(str(exc))
    Terminal(session).finish(out)


def sessions(
    db: Path | None = None,
) -> None:
    """List saved game sessions.

    Example: [bold]hiap-sim sessions[/bold]
    """
    store = _store(db)
    rows = []
    for row in store.sessions():
        state = "finished" if row["finished"] else "resume: " + session_command("resume", row["id"], db)
        turn = f"{min(row['turn'], row['turns'])}/{row['turns']}"
        rows.append((str(row["id"]), row["updated"], row["scenario"], str(row["seed"]), ", ".join(row["roles"]), turn, str(row["decisions"]), state))
    title = f"Game sessions in {store.path}"
    if console.width < 120:  # too narrow for a table with whole names: one session per block
        console.print(title, style="bold", highlight=False, markup=False)
        for number, updated, scenario, seed, roles, turn, decisions, state in rows:
            console.print(f"{number}  {scenario}  seed {seed}  {roles}  turn {turn}  {decisions} decisions  (saved {updated})\n    {state}",
                          highlight=False, markup=False)
        return
    table = Table(title=title, title_justify="left")
    for column in ("session", "last saved", "scenario", "seed", "roles", "turn", "decisions", "state"):
        table.add_column(column, no_wrap=column != "state", overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def roles(
    scenario: str = "national_2025",
    lang: str = "en",
) -> None:
    """List the roles a scenario offers for the training game.

    Example: [bold]hiap-sim roles national_2025[/bold]
    """
    from hiap_sim.control import Simulation

    _lang(lang)
    try:
        spec, _ = resolve_scenario(scenario)
    except ScenarioError as exc:
        fail(str(exc))
    text = Text(lang)
    sim = Simulation(spec, months=1)
    table = Table(title=f"Roles in {spec.name}", title_justify="left")
    table.add_column("--role")
    table.add_column("role")
    for role in available_roles(sim.view):
        table.add_row(role.id, text(f"role.{role.kind}", org=role.org_code))
    console.print(table)


__all__ = ["Terminal", "debrief_command", "play", "resume", "roles", "sessions"]
