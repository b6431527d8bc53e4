"""The `sherlock` command: one Typer app, one module per command, one place for errors.

Every command module exports a plain function registered here; any SherlockError that
escapes a command is printed as one clean line and exits 2, never as a traceback.
"""

from __future__ import annotations

import sys

import typer

from sherlock.cli import diagnose_cmd, emulator_cmd, explain_cmd, kb_cmd
from sherlock.errors import SherlockError

app = typer.Typer(
    name="sherlock",
    help="Diagnose failing API calls (Twilio error 20003 first) and explain the root cause.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("diagnose")(diagnose_cmd.diagnose)
app.command("explain")(explain_cmd.explain)
app.command("emulator")(emulator_cmd.emulator)
app.add_typer(kb_cmd.kb_app, name="kb")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SherlockError as exc:
        typer.echo(f"sherlock: error: {exc}", err=True)
        sys.exit(2)
