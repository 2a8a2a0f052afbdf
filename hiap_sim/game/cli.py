"""The game commands of ``hiap-sim``: ``play``, ``resume``, ``debrief``, ``sessions`` and ``roles``.

Only the signatures and help live here, so that ``hiap-sim --help`` starts at once; the terminal front end
(:mod:`hiap_sim.game.terminal`) and the model are imported when a game command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

SCRIPT_HELP = """Decisions file (YAML), e.g.:

  turns:
    1:
      - {do: invest_relation, partner: SZW}
      - {do: propose, topic: work_health, partners: [SZW], frame: HfaP, approach: small_wins}
    2:
      - {do: publicise, initiative: "*"}
"""

def play(
    scenario: Annotated[str, typer.Argument(help="Scenario file (YAML) or the name of a shipped scenario, e.g. national_2025.")],
    role: Annotated[list[str], typer.Option("--role", help="Role to play: programme_director, or dg:<CODE> (e.g. dg:SZW). Repeat for hot-seat play.")],
    lang: Annotated[str, typer.Option(help="Language of the game: en or nl.")] = "en",
    turns: Annotated[int | None, typer.Option(min=1, help="Number of turns (default: the scenario's game.turns, 8).")] = None,
    seed: Annotated[int | None, typer.Option(min=0, max=2**32 - 1, help="Random seed (default: the script's or the scenario's seed).")] = None,
    months_per_turn: Annotated[int | None, typer.Option(min=1, max=24, help="Months the model runs per turn (default: game.months_per_turn, 6).")] = None,
    script: Annotated[Path | None, typer.Option(help="Play non-interactively from a YAML file of decisions per turn.")] = None,
    strict: Annotated[bool, typer.Option(help="With --script: stop at the first decision that is not possible.")] = False,
    db: Annotated[Path | None, typer.Option(help="Session file (SQLite); default results/game_sessions.sqlite or $HIAP_SIM_SESSIONS.")] = None,
    debrief_dir: Annotated[Path | None, typer.Option(help="Folder for the debrief (default results/debrief_session<N>).")] = None,
    debrief: Annotated[bool, typer.Option(help="Write the debrief at the end.")] = True,
) -> None:
    """Play a training game: take a role, decide each turn, see what partners do and why, get a debrief.

    Example: [bold]hiap-sim play national_2025 --role programme_director --lang nl[/bold]

    Hot-seat: [bold]--role programme_director --role dg:SZW[/bold]. Scripted: [bold]--script decisions.yaml[/bold]
    (see the format below). The session is saved after every decision; continue with [bold]hiap-sim resume N[/bold].
    """
    from hiap_sim.game import terminal

    terminal.play(scenario=scenario, role=role, lang=lang, turns=turns, seed=seed, months_per_turn=months_per_turn, script=script, strict=strict, db=db, debrief_dir=debrief_dir, debrief=debrief)


play.__doc__ = (play.__doc__ or "") + "\n\n" + SCRIPT_HELP


def resume(
    session_id: Annotated[str, typer.Argument(metavar="SESSION", help="Number of a saved session (see: hiap-sim sessions).")],
    lang: Annotated[str | None, typer.Option(help="Switch the language: en or nl.")] = None,
    script: Annotated[Path | None, typer.Option(help="Play the remaining turns from a YAML file of decisions.")] = None,
    strict: Annotated[bool, typer.Option(help="With --script: stop at the first decision that is not possible.")] = False,
    db: Annotated[Path | None, typer.Option(help="Session file (SQLite); default results/game_sessions.sqlite or $HIAP_SIM_SESSIONS.")] = None,
    debrief_dir: Annotated[Path | None, typer.Option(help="Folder for the debrief (default results/debrief_session<N>).")] = None,
    debrief: Annotated[bool, typer.Option(help="Write the debrief at the end.")] = True,
) -> None:
    """Continue a saved game where it stopped (after a crash or a closed terminal nothing is lost).

    Example: [bold]hiap-sim resume 3[/bold]
    """
    from hiap_sim.game import terminal

    terminal.resume(session_id=session_id, lang=lang, script=script, strict=strict, db=db, debrief_dir=debrief_dir, debrief=debrief)


def debrief_command(
    session_id: Annotated[str, typer.Argument(metavar="SESSION", help="Number of a saved session (see: hiap-sim sessions).")],
    out: Annotated[Path | None, typer.Option(help="Folder for the debrief (default results/debrief_session<N>).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the debrief: en or nl (default: the session's).")] = None,
    db: Annotated[Path | None, typer.Option(help="Session file (SQLite); default results/game_sessions.sqlite or $HIAP_SIM_SESSIONS.")] = None,
) -> None:
    """Write the debrief of a saved game (Markdown, HTML and PNG figures), finished or not.

    Example: [bold]hiap-sim debrief 3 --out my_debrief[/bold]
    """
    from hiap_sim.game import terminal

    terminal.debrief_command(session_id=session_id, out=out, lang=lang, db=db)


def sessions(
    db: Annotated[Path | None, typer.Option(help="Session file (SQLite); default results/game_sessions.sqlite or $HIAP_SIM_SESSIONS.")] = None,
) -> None:
    """List saved game sessions.

    Example: [bold]hiap-sim sessions[/bold]
    """
    from hiap_sim.game import terminal

    terminal.sessions(db=db)


def roles(
    scenario: Annotated[str, typer.Argument(help="Scenario file (YAML) or the name of a shipped scenario.")] = "national_2025",
    lang: Annotated[str, typer.Option(help="Language: en or nl.")] = "en",
) -> None:
    """List the roles a scenario offers for the training game.

    Example: [bold]hiap-sim roles national_2025[/bold]
    """
    from hiap_sim.game import terminal

    terminal.roles(scenario=scenario, lang=lang)


def register(app: typer.Typer) -> None:
    """Add the game commands to the ``hiap-sim`` command."""
    app.command("play")(play)
    app.command("resume")(resume)
    app.command("debrief")(debrief_command)
    app.command("sessions")(sessions)
    app.command("roles")(roles)
