"""`sherlock explain`: paste an error, get what it means and how to fix it.

The text comes from the argument, or from stdin when there is no argument (or it is
``-``), so a log excerpt can be piped straight in. Recognition lives in
:mod:`sherlock.explain`; this module only reads input and prints. Output is built from
the redacted text only, so a token or an Authorization header in the paste is never
echoed back. Input Sherlock cannot place prints a one-line reason and exits 2, the
same code the CLI uses for every other refusal.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sherlock.errors import SherlockError

if TYPE_CHECKING:
    from sherlock.explain import Recognised
    from sherlock.kb import KBEntry


#: Enough for any error report or log excerpt; more is almost certainly the wrong file.
MAX_INPUT_CHARS = 1_000_000


class ExplainFormat(StrEnum):
    RICH = "rich"
    JSON = "json"
    MARKDOWN = "markdown"


def _fail(message: str) -> NoReturn:
    typer.echo(f"sherlock: {message}", err=True)
    raise typer.Exit(2)


def _read_input(text: str | None) -> str:
    """The argument, or stdin for no argument or ``-``; never blocks on a terminal."""
    if text is not None and text != "-":
        return text
    if sys.stdin is None or sys.stdin.isatty():
        _fail("error: give the error text as an argument, or pipe it in on stdin")
    return sys.stdin.read(MAX_INPUT_CHARS)


def _bare_code(raw: str) -> Recognised | None:
    """A bare code typed on the command line (``20003``, ``401``), looked up directly in
    the knowledge base; None for anything else, which goes through text recognition."""
    stripped = raw.strip()
    if not stripped.isdigit() or len(stripped) > 6:
        return None
    from sherlock.explain import Recognised
    from sherlock.kb import load_entry
    from sherlock.kb.loader import resolve_entry_id

    try:
        entry = load_entry(resolve_entry_id(stripped))
    except SherlockError:
        return None
    return Recognised(
        entry_id=entry.id,
        provider=entry.provider,
        code=entry.code,
        http_status=entry.http_status,
        code_stated=str(entry.code) == stripped,
        form="a bare code" if str(entry.code) == stripped else "a bare HTTP status",
    )


def _facts(found: Recognised) -> list[tuple[str, str]]:
    rows = [
        ("error", f"{found.provider.capitalize()} {found.code} (HTTP {found.http_status})"),
        ("code", f"{found.code}, {found.code_basis}"),
        ("seen as", found.form),
    ]
    optional = (("message", found.message), ("request id", found.request_id), ("uri", found.uri))
    rows += [(label, value) for label, value in optional if value]
    rows.append(("knowledge base", found.entry_id))
    return rows


def _recognised_panel(found: Recognised) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in _facts(found):
        grid.add_row(Text(label), Text(value))
    hint = Text("\nTo find which cause applies here, run `sherlock diagnose` in the project.")
    return Panel(Group(grid, hint), title="Recognised", title_align="left")


def _markdown(found: Recognised, entry: KBEntry) -> str:
    lines = ["# Recognised error", ""]
    lines += [f"- **{label}:** `{value}`" for label, value in _facts(found)]
    from sherlock.kb.present import entry_markdown

    return "\n".join(lines) + "\n\n" + entry_markdown(entry, heading_level=1)


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
    raw = _read_input(text)
    if not raw.strip():
        _fail("error: the input is empty; nothing to explain")
    from sherlock.explain import recognise
    from sherlock.kb import load_entry
    from sherlock.kb.present import entry_brief, entry_renderable

    found = _bare_code(raw) or recognise(raw)
    if found is None:
        _fail(
            "not recognised: no Twilio error code Sherlock knows (such as 20003) and no "
            "HTTP 401 from a Twilio API request in the input"
        )
    entry = load_entry(found.entry_id)
    if brief and output is not ExplainFormat.JSON:
        typer.echo(entry_brief(entry), nl=False)
    elif output is ExplainFormat.JSON:
        from sherlock.explain_report import explanation

        typer.echo(json.dumps(explanation(found), indent=2, ensure_ascii=False))
    elif output is ExplainFormat.MARKDOWN:
        typer.echo(_markdown(found, entry))
    else:
        console = Console()
        console.print(_recognised_panel(found))
        console.print(entry_renderable(entry))
