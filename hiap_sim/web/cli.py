"""``hiap-sim serve``: start the web app (explorer, facilitated sessions, debrief) with uvicorn."""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def _fail(message: str) -> None:
    errors.print(f"[bold red]Error:[/bold red] {message}", soft_wrap=True)
    raise typer.Exit(2)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Say clearly when the address cannot be used (taken, or not an address of this machine)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        _fail(f"'{host}' is not a host name or address of this machine; use 127.0.0.1 (this computer only) or 0.0.0.0 (the whole network)")
        return
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                _fail(f"port {port} on {host} is in use (another hiap-sim serve?); choose another with --port, e.g. --port {port + 1}")
            _fail(f"cannot listen on {host}:{port}: {exc.strerror}")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on. The default serves this computer only; 0.0.0.0 lets laptops in the room connect.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[Path | None, typer.Option(help="Session file (SQLite); default results/game_sessions.sqlite or $HIAP_SIM_SESSIONS.")] = None,
    passphrase: Annotated[str | None, typer.Option(envvar="HIAP_SIM_PASSPHRASE", show_envvar=True,
                                                   help="Facilitator passphrase: creating a session asks for it (default: none needed). "
                                                        "Prefer the environment variable: a command line can be seen by other users.")] = None,
    idle_hours: Annotated[float, typer.Option(min=0.01, help="Remove a session nobody has touched for this many hours (one still in the lobby "
                                                             "after 12 hours, or this, whichever is shorter).")] = 168.0,
    limit: Annotated[list[str] | None, typer.Option(help="Change a limit per client, as NAME=AMOUNT/SECONDS: guesses (wrong codes or "
                                                         "passphrases, default 10/60), sessions (created, 10/3600), explorer_seconds "
                                                         "(server time, 30/60). Repeat for several.")] = None,
    test_mode: Annotated[bool, typer.Option("--test-mode", hidden=True, help="Serve the OpenAPI schema at /openapi.json and end live streams after half a second (API tests only).")] = False,
) -> None:
    """Start the web app: the explorer, facilitated training sessions (players join with a code) and debriefs.

    Example: [bold]hiap-sim serve --port 8000[/bold], then open http://127.0.0.1:8000 in a browser.

    Sessions are saved in the session file after every decision; stop the server with Ctrl+C and start it again
    with the same --db and every session continues where it was.
    """
    import uvicorn

    from hiap_sim.game.session import GameError
    from hiap_sim.web.app import create_app
    from hiap_sim.web.security import Limits

    if passphrase is not None and not passphrase.strip():
        _fail("the passphrase is empty; give one, or leave --passphrase out to let anyone who reaches the app create sessions")
    try:
        limits = Limits(idle_hours=idle_hours, lobby_idle_hours=min(idle_hours, Limits().lobby_idle_hours)).with_rates(limit or [])
    except ValueError as exc:
        _fail(str(exc))
        return
    _check_port(host, port)
    try:
        application = create_app(db, limits=limits, passphrase=passphrase, test_mode=test_mode)
    except GameError as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"cannot open the session file {db or ''}: {exc.strerror or exc}")
        return
    where = f"http://{host}:{port}"
    console.print(f"hiap-sim web app on [bold]{where}[/bold] (sessions in {application.state.rooms.path}); stop with Ctrl+C")
    if not _is_loopback(host):
        guard = "a passphrase protects session creation" if passphrase else "anyone can create sessions (set --passphrase to prevent that)"
        console.print(f"[yellow]Listening on {host}: anyone on this network can open the app. Join codes and tokens protect the sessions; "
                      f"{guard}.[/yellow]")
    if test_mode:
        console.print("[yellow]Test mode: the API schema is served at /openapi.json.[/yellow]")
    uvicorn.run(application, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)  # live streams do not hold up a stop


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``hiap-sim`` command."""
    app.command("serve")(serve)


__all__ = ["register", "serve"]
