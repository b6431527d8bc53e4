"""The `sherlock` command: one Typer app, one module per command, one place for errors.

Every command module exports a plain function registered here. :func:`guarded` wraps each
of them, so any SherlockError becomes one clean line on stderr and exit code 2, never a
traceback, whether the app runs from the console script or under a test runner. A bug
inside Sherlock is exit code 4, never 1: a CI job must not read a crash as "causes found".

Exit codes: 0 nothing wrong (and the diagnosis was complete), 1 causes found, 2 usage or
input error, 3 incomplete (nothing found to judge, or Twilio could not be asked), 4 crash.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer._click import exceptions as click_errors  # typer 0.29 ships its own click
from typer.core import TyperGroup

from sherlock.cli import (
    check_cmd,
    demo_cmd,
    diagnose_cmd,
    emulator_cmd,
    explain_cmd,
    init_cmd,
    kb_cmd,
    rotate_cmd,
    serve_cmd,
    slack_cmd,
    verify_cmd,
)
from sherlock.errors import SherlockError
from sherlock.logs import install as install_log_gate

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2
EXIT_CRASH = 4


def guarded(command: F) -> F:
    """Turn SherlockError into `sherlock: error: ...` and exit 2, and a bug into exit 4."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        install_log_gate()  # no library warning or log line may quote a scanned file
        try:
            return command(*args, **kwargs)
        except SherlockError as exc:
            typer.echo(f"sherlock: error: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except (typer.Exit, typer.Abort, click_errors.ClickException):
            raise
        except Exception as exc:
            _report_crash(exc)
            raise typer.Exit(EXIT_CRASH) from None

    return wrapper  # type: ignore[return-value]


def _report_crash(exc: Exception) -> None:
    """One line naming the exception type; its message is left out, since it could quote a
    value read from the tree. SHERLOCK_DEBUG=1 adds the stack frames (code, not values)."""
    typer.echo(
        f"sherlock: internal error ({type(exc).__name__}): this is a bug in Sherlock, "
        "please report it; set SHERLOCK_DEBUG=1 to see where it happened",
        err=True,
    )
    if os.environ.get("SHERLOCK_DEBUG"):
        sys.stderr.write("".join(traceback.format_tb(exc.__traceback__)))


class OneLineErrors(TyperGroup):
    """Usage errors as the one line every other refusal uses (``sherlock: error: …``,
    exit 2), instead of click's usage block or a framed box."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(EXIT_USAGE)
        except click_errors.ClickException as exc:
            ctx = _ctx_of(exc)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            typer.echo(f"sherlock: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("sherlock: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _ctx_of(exc: click_errors.ClickException) -> Any:
    return getattr(exc, "ctx", None)


def _guard_all(group: typer.Typer) -> None:
    for info in group.registered_commands:
        if info.callback is not None:
            info.callback = guarded(info.callback)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _guard_all(sub.typer_instance)


app = typer.Typer(
    name="sherlock",
    help="Diagnose failing API calls (Twilio error 20003 first) and explain the root cause.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=OneLineErrors,
)


def _version(value: bool) -> None:
    if value:
        from sherlock.cli.check_cmd import sherlock_version

        typer.echo(f"sherlock {sherlock_version()}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """Diagnose failing API calls (Twilio error 20003 first) and explain the root cause."""


app.command("diagnose")(diagnose_cmd.diagnose)
app.command("check")(check_cmd.check)
app.command("verify")(verify_cmd.verify)
app.command("explain")(explain_cmd.explain)
app.command("emulator")(emulator_cmd.emulator)
app.command("init")(init_cmd.init)
app.command("serve")(serve_cmd.serve)
app.command("slack")(slack_cmd.slack)
app.command("demo")(demo_cmd.demo)
app.command("rotate")(rotate_cmd.rotate)
app.add_typer(kb_cmd.kb_app, name="kb")
_guard_all(app)


def main() -> None:
    """Console-script entry point."""
    install_log_gate()
    app()
