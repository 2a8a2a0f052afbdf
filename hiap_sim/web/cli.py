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
) -> None:
    """Start the web app: the explorer, facilitated training sessions (players join with a code) and debriefs.

    Example: [bold]hiap-sim serve --port 8000[/bold], then open http://127.0.0.1:8000 in a browser.

    Sessions are saved in the session file after every decision; stop the server with Ctrl+C and start it again
    with the same --db and every session continues where it was.
    """
    import uvicorn

    from hiap_sim.game.session import GameError
    from hiap_sim.web.app import create_app

    _check_port(host, port)
    try:
        application = create_app(db)
    except GameError as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"cannot open the session file {db or ''}: {exc.strerror or exc}")
        return
    where = f"http://{host}:{port}"
    console.print(f"hiap-sim web app on [bold]{where}[/bold] (sessions in {application.state.rooms.path}); stop with Ctrl+C")
    if not _is_loopback(host):
        console.print(f"[yellow]Listening on {host}: anyone on this network can open the app. Join codes and tokens protect the sessions.[/yellow]")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``hiap-sim`` command."""
    app.command("serve")(serve)


__all__ = ["register", "serve"]
