"""The `sherlock` Typer app: one module per command, one place for errors.

Every command module exports a plain function registered here. :func:`guarded` wraps each
of them, so any SherlockError becomes one clean line on stderr and exit code 2, never a
traceback, whether the app runs from the console script or under a test runner. A bug
inside Sherlock is exit code 4, never 1: a CI job must not read a crash as "causes found".

Command modules are imported only for the commands an app is built with
(:func:`build_app`): ``sherlock explain`` is built with ``explain`` alone, so it does not
import the server, the engine or the store clients just to print a knowledge-base entry.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, TypeVar

import typer
from typer._click import exceptions as click_errors  # typer 0.29 ships its own click
from typer.core import TyperGroup

from sherlock.cli.main import EXIT_CRASH, EXIT_USAGE, report_crash
from sherlock.errors import SherlockError
from sherlock.logs import install as install_log_gate

F = TypeVar("F", bound=Callable[..., Any])

#: Command name → (module, attribute), in the order ``sherlock --help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "diagnose": ("sherlock.cli.diagnose_cmd", "diagnose"),
    "check": ("sherlock.cli.check_cmd", "check"),
    "verify": ("sherlock.cli.verify_cmd", "verify"),
    "explain": ("sherlock.cli.explain_cmd", "explain"),
    "emulator": ("sherlock.cli.emulator_cmd", "emulator"),
    "init": ("sherlock.cli.init_cmd", "init"),
    "serve": ("sherlock.cli.serve_cmd", "serve"),
    "slack": ("sherlock.cli.slack_cmd", "slack"),
    "demo": ("sherlock.cli.demo_cmd", "demo"),
    "rotate": ("sherlock.cli.rotate_cmd", "rotate"),
}
#: Command groups (a Typer app of their own) → (module, attribute).
GROUPS: dict[str, tuple[str, str]] = {"kb": ("sherlock.cli.kb_cmd", "kb_app")}


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
            report_crash(exc)
            raise typer.Exit(EXIT_CRASH) from None

    return wrapper  # type: ignore[return-value]


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


def _version(value: bool) -> None:
    if value:
        from sherlock.cli.version import installed_version

        typer.echo(f"sherlock {installed_version()}")
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """Diagnose failing API calls (Twilio error 20003 first) and explain the root cause."""


def _load(where: tuple[str, str]) -> Any:
    module, attribute = where
    return getattr(import_module(module), attribute)


def build_app(names: Iterable[str] | None = None) -> typer.Typer:
    """The app with the named commands and groups (every one for ``None``)."""
    wanted = set(COMMANDS) | set(GROUPS) if names is None else set(names)
    app = typer.Typer(
        name="sherlock",
        help="Diagnose failing API calls (Twilio error 20003 first) and explain the root cause.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        cls=OneLineErrors,
    )
    app.callback()(_root)
    for name, where in COMMANDS.items():
        if name in wanted:
            app.command(name)(_load(where))
    for name, where in GROUPS.items():
        if name in wanted:
            app.add_typer(_load(where), name=name)
    _guard_all(app)
    return app
