"""Terminal output shared by the ``hiap-sim`` commands: the consoles and the one way a command reports a user's
mistake (a message and exit code 2, never a traceback)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
errors = Console(stderr=True)


class UserError(Exception):
    """A mistake the user can fix; reported without a traceback."""


def fail(message: str, code: int = 2) -> None:
    errors.print(f"[bold red]Error:[/bold red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
