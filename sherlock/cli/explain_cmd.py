"""`sherlock explain`: paste an error, get what it means and how to fix it.

The text comes from the argument, or from stdin when there is no argument (or it is
``-``), so a log excerpt can be piped straight in. Recognition lives in
:mod:`sherlock.explain`, reading and printing in :mod:`sherlock.cli.explain_run`; this
module only declares the command's arguments for Typer (help, completion, usage errors).
"""

from __future__ import annotations

from typing import Annotated

import typer

from sherlock.cli.explain_run import ExplainArgs, ExplainFormat, run

__all__ = ["ExplainFormat", "explain"]


def explain(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="Error text (an exception, a response body, a log line) or a bare code "
            "(20003, 401). Omit or '-' for stdin.",
        ),
    ] = None,
    output: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExplainFormat.RICH,
    brief: Annotated[
        bool, typer.Option("--brief", help="A few lines: meaning, usual causes, first fix.")
    ] = False,
) -> None:
    """Recognise an error in text and print its knowledge-base entry."""
    code = run(ExplainArgs(text, output, brief))
    if code:
        raise typer.Exit(code)
