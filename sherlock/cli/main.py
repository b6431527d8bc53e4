"""The `sherlock` console script: start fast, then hand over to the Typer app.

A CLI that takes most of a second to print its version is one people stop running, and
``sherlock explain`` is meant to be pasted into while an incident is on. So this module
imports nothing heavy at import time:

* ``sherlock --version`` is answered here, before the CLI framework is imported;
* ``sherlock explain`` with plainly valid arguments runs :mod:`sherlock.cli.explain_run`
  directly: Typer 0.29 builds a pydantic adapter per parameter, which alone costs more than
  explain's whole start-up budget (help and usage errors still come from Typer);
* any other command line builds the app (:mod:`sherlock.cli.app`) with only the command it
  names, so ``sherlock explain`` never imports the server, the engine or the store clients;
  ``--help``, no command or an unknown one gets the whole app, as before.

Exit codes: 0 nothing wrong (and the diagnosis was complete), 1 causes found, 2 usage or
input error, 3 incomplete (nothing found to judge, or Twilio could not be asked), 4 crash.

``app`` (the whole Typer app, for tests and ``typer.testing``) is built on first access.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

EXIT_USAGE = 2
EXIT_CRASH = 4

#: True once :func:`main` runs: this process is the console script, running one command.
_one_shot = False


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command the line starts with; the whole app otherwise (root
    help lists every command, and an unknown command is refused as before)."""
    from sherlock.cli.app import COMMANDS, GROUPS, build_app

    first = args[0] if args else ""
    return build_app([first] if first in COMMANDS or first in GROUPS else None)


def report_crash(exc: Exception) -> None:
    """One line naming the exception type; its message is left out, since it could quote a
    value read from the tree. SHERLOCK_DEBUG=1 adds the stack frames (code, not values)."""
    sys.stderr.write(
        f"sherlock: internal error ({type(exc).__name__}): this is a bug in Sherlock, "
        "please report it; set SHERLOCK_DEBUG=1 to see where it happened\n"
    )
    if os.environ.get("SHERLOCK_DEBUG"):
        import traceback

        sys.stderr.write("".join(traceback.format_tb(exc.__traceback__)))


def run_guarded(command: Callable[[], int]) -> int:
    """A command run outside Typer with the app's promises: a SherlockError is one line
    and exit 2, a bug one line and exit 4, never a traceback."""
    from sherlock.errors import SherlockError

    try:
        return command()
    except SherlockError as exc:
        sys.stderr.write(f"sherlock: error: {exc}\n")
        return EXIT_USAGE
    except Exception as exc:
        report_crash(exc)
        return EXIT_CRASH


def settle_heap() -> None:
    """Before a one-shot command reads a large tree: what was imported lives until exit, so
    it is moved out of the cyclic collector's sight, and collections are made rarer. On a
    50,000-file scan the collector ran 266 times for 0.4 s, going over every imported
    module's objects again and again; it now runs about a dozen times for 0.05 s.
    Reference counting still frees everything without cycles at once. Only in the console
    script's own process: a test runner that calls commands in-process keeps its heap."""
    if _one_shot:
        gc.freeze()
        gc.set_threshold(10_000, 20, 20)


def _fast_explain(args: list[str]) -> int | None:
    """``sherlock explain …`` with plainly valid arguments, without Typer; None otherwise."""
    from sherlock.cli.explain_run import plain_arguments, run

    parsed = plain_arguments(args)
    if parsed is None:
        return None
    # A short-lived command with bounded input (1 MB at most): the cyclic collector's passes
    # over the objects of every module just imported cost about a tenth of the run and could
    # free almost nothing; reference counting still frees everything else.
    gc.disable()
    return run_guarded(lambda: run(parsed))


def main() -> None:
    """Console-script entry point."""
    global _one_shot
    _one_shot = True
    args = sys.argv[1:]
    if args == ["--version"]:
        from sherlock.cli.version import installed_version

        sys.stdout.write(f"sherlock {installed_version()}\n")
        return
    from sherlock.logs import install as install_log_gate

    install_log_gate()
    if args[:1] == ["explain"]:
        code = _fast_explain(args[1:])
        if code is not None:
            sys.exit(code)
    _app_for(args)()


def __getattr__(name: str) -> typer.Typer:
    """``from sherlock.cli.main import app``: the whole app, built once on first use."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sherlock.cli.app import build_app

    app = build_app()
    globals()["app"] = app
    return app
