"""Usage errors of the game's commands in the player's language.

The command-line parser words its usage errors in English. When a game command is given in Dutch (``--lang nl``
on ``play``, ``resume`` or ``debrief``, or ``resume N`` / ``debrief N`` of a session played in Dutch), the
errors are said again from the catalogue (``cli.*`` keys): the kind of error, the parameter, and the usage line.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer

from hiap_sim.game.text import LANGUAGES, Text

GAME_COMMANDS = ("play", "resume", "debrief")
UsageError: type[Exception] = typer.BadParameter.__mro__[1]  # the parser's own classes, as typer exposes them
ClickException: type[Exception] = typer.BadParameter.__mro__[2]

# the parser's English problem with a value -> catalogue key (and the number it names, if any)
VALUE_PROBLEMS = (
    (re.compile(r"valid integer"), "cli.value.integer"),
    (re.compile(r"valid number|valid float"), "cli.value.number"),
    (re.compile(r"greater than or equal to (?P<bound>-?[\d.]+)"), "cli.value.at_least"),
    (re.compile(r"less than or equal to (?P<bound>-?[\d.]+)"), "cli.value.at_most"),
    (re.compile(r"does not exist"), "cli.value.no_file"),
)


def usage_language(args: Sequence[str]) -> str:
    """The language the game command ``args`` is given in ('en' for any other command)."""
    if not args or args[0] not in GAME_COMMANDS:
        return "en"
    for index, arg in enumerate(args):
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else arg.partition("=")[2] if arg.startswith("--lang=") else None
        if value is not None:
            return value if value in LANGUAGES else "en"
    if args[0] in ("resume", "debrief") and len(args) > 1 and args[1].isdigit():
        return _session_language(int(args[1]), args)
    return "en"


def _session_language(session_id: int, args: Sequence[str]) -> str:
    from hiap_sim.game.store import SessionStore, default_path

    db = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--db"), None) or next((a.partition("=")[2] for a in args if a.startswith("--db=")), None)
    path = Path(db) if db else default_path()
    if not path.is_file():
        return "en"  # never create a session file just to find a language
    with contextlib.suppress(Exception):  # an unreadable file or unknown session: the command itself says so
        return SessionStore(path).record(session_id).lang
    return "en"


def describe(error: Exception, text: Text) -> str:
    """A usage error of the parser in the catalogue's words."""
    param = getattr(error, "param", None)
    name = ""
    if param is not None:  # an option by its flag, an argument by the name the usage line shows
        is_option = getattr(param, "param_type_name", "") == "option" and getattr(param, "opts", None)
        name = param.opts[0] if is_option else (getattr(param, "metavar", None) or getattr(param, "human_readable_name", None) or str(param.name).upper())
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or error)
    if kind == "MissingParameter":
        return text("cli.missing_option" if getattr(param, "param_type_name", "") == "option" else "cli.missing_argument", name=name)
    if kind == "NoSuchOption":
        possibilities = getattr(error, "possibilities", None) or []
        hint = text("cli.did_you_mean", options=", ".join(possibilities)) if possibilities else ""
        return text("cli.no_such_option", option=getattr(error, "option_name", "")) + hint
    if kind == "BadParameter":
        for pattern, key in VALUE_PROBLEMS:
            match = pattern.search(message)
            if match:
                return text("cli.bad_value", name=name, problem=text(key, **match.groupdict()))
        return text("cli.bad_value", name=name, problem=message)
    extra = re.search(r"unexpected extra argument(?:\(s\)|s)? \((?P<found>.*)\)", message)
    if extra:
        return text("cli.extra_arguments", found=extra.group("found"))
    return text("cli.usage_error", message=message)


def run(app: Callable[..., Any], lang: str, args: Sequence[str] | None = None) -> int:
    """Run the command line with its usage errors said in ``lang``; returns the exit code."""
    text = Text(lang)
    args = list(sys.argv[1:] if args is None else args)
    try:
        result = app(args, standalone_mode=False, prog_name="hiap-sim")
    except UsageError as error:
        context = getattr(error, "ctx", None)
        if context is not None:
            usage = context.get_usage().replace("Usage:", text("cli.usage"), 1).replace("[OPTIONS]", text("cli.options"))
            print(usage, file=sys.stderr)
            print(text("cli.try_help", command=context.command_path), file=sys.stderr)
        print(text("cli.error", message=describe(error, text)), file=sys.stderr)
        return int(getattr(error, "exit_code", 2))
    except ClickException as error:
        print(text("cli.error", message=str(getattr(error, "message", error))), file=sys.stderr)
        return int(getattr(error, "exit_code", 1))
    except typer.Abort:
        print(text("cli.aborted"), file=sys.stderr)
        return 1
    return result if isinstance(result, int) else 0


__all__ = ["describe", "run", "usage_language"]
