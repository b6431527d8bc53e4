"""`sherlock explain` without the CLI framework: read the text, recognise it, print.

The Typer command (:mod:`sherlock.cli.explain_cmd`) and the console script's fast path
(:mod:`sherlock.cli.main`) both end here, so the output is one code path whichever way in.
The fast path exists because Typer 0.29 builds a pydantic adapter for every parameter, and
that alone costs several times a bare interpreter's start: :func:`plain_arguments` reads the
command lines people actually type and leaves everything else (``--help``, a typo, an
unknown option) to Typer, so help and usage errors stay exactly Typer's.

Output is built from the redacted text only, so a token or an Authorization header in the
paste is never echoed back. Input Sherlock cannot place prints a one-line reason and exits
2, the same code the CLI uses for every other refusal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.panel import Panel

    from sherlock.explain import Recognised
    from sherlock.kb.views import EntryView

#: Enough for any error report or log excerpt; more is almost certainly the wrong file.
MAX_INPUT_CHARS = 1_000_000
EXIT_REFUSED = 2


class ExplainFormat(StrEnum):
    """``--format``: rich for a terminal, JSON for tools (the API's shape), Markdown for tickets."""

    RICH = "rich"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class ExplainArgs:
    """One explain request as typed: the text (None or ``-`` for stdin), format, brevity."""

    text: str | None = None
    output: ExplainFormat = ExplainFormat.RICH
    brief: bool = False


class Refused(Exception):
    """Input explain cannot use; the message is printed after ``sherlock: ``."""


def _format_value(arg: str, rest: Iterator[str]) -> ExplainFormat | None:
    """The format an option names (``--format X``, ``--format=X``, ``-f X``, ``-fX``), or
    None when ``arg`` is not that option or the value is not a format."""
    if arg in ("--format", "-f"):
        value = next(rest, "")
    elif arg.startswith("--format="):
        value = arg.partition("=")[2]
    elif arg.startswith("-f"):
        value = arg[2:]
    else:
        return None
    return ExplainFormat(value) if value in {member.value for member in ExplainFormat} else None


def plain_arguments(args: list[str]) -> ExplainArgs | None:
    """``explain``'s arguments when they are plainly valid (one TEXT or ``-``, a format,
    ``--brief``, ``--``); None for anything else, which Typer then reads and answers."""
    positional: list[str] = []
    output, brief = ExplainFormat.RICH, False
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            positional += list(rest)
        elif arg == "-" or not arg.startswith("-"):
            positional.append(arg)
        elif arg == "--brief":
            brief = True
        else:
            chosen = _format_value(arg, rest)
            if chosen is None:
                return None
            output = chosen
    if len(positional) > 1:
        return None
    return ExplainArgs(positional[0] if positional else None, output, brief)


def _read_input(text: str | None) -> str:
    """The argument, or stdin for no argument or ``-``; never blocks on a terminal."""
    if text is not None and text != "-":
        return text
    if sys.stdin is None or sys.stdin.isatty():
        raise Refused("error: give the error text as an argument, or pipe it in on stdin")
    return sys.stdin.read(MAX_INPUT_CHARS)


def _facts(found: Recognised) -> list[tuple[str, str]]:
    rows = [
        ("error", f"{found.provider.capitalize()} {found.code} (HTTP {found.http_status})"),
        ("code", f"{found.code}, {found.code_basis}"),
        ("seen as", found.form),
    ]
    optional = (("message", found.message), ("request id", found.request_id), ("uri", found.uri))
    rows += [(label, value) for label, value in optional if value]
    rows += _token_rows(found)
    rows.append(("knowledge base", found.entry_id))
    return rows


def _token_rows(found: Recognised) -> list[tuple[str, str]]:
    """A pasted access token's masked claims and its problems (each with its code)."""
    if not found.token:
        return []
    rows = [("token", "; ".join(found.token["claims"]) or found.token["fingerprint"])]
    problems = found.token["problems"]
    rows += [(f"token {p['code']}", f"{p['evidence']} ({p['cause']})") for p in problems]
    if not problems:
        rows.append(("token check", "nothing wrong on its face; its signature needs diagnose"))
    return rows


def _recognised_panel(found: Recognised) -> Panel:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in _facts(found):
        grid.add_row(Text(label), Text(value))
    hint = Text("\nTo find which cause applies here, run `sherlock diagnose` in the project.")
    return Panel(Group(grid, hint), title="Recognised", title_align="left")


def _markdown(found: Recognised, entry: EntryView) -> str:
    from sherlock.kb.present import entry_markdown

    lines = ["# Recognised error", ""]
    lines += [f"- **{label}:** `{value}`" for label, value in _facts(found)]
    return "\n".join(lines) + "\n\n" + entry_markdown(entry, heading_level=1)


def _echo(text: str, *, newline: bool = True) -> None:
    sys.stdout.write(text + ("\n" if newline else ""))
    sys.stdout.flush()


def _recognised(raw: str) -> Recognised:
    if not raw.strip():
        raise Refused("error: the input is empty; nothing to explain")
    from sherlock.explain import recognise, recognise_bare

    found = recognise_bare(raw) or recognise(raw)
    if found is None:
        raise Refused(
            "not recognised: no Twilio error code Sherlock knows (such as 20003) and no "
            "HTTP 401 from a Twilio API request in the input"
        )
    return found


def _print(found: Recognised, output: ExplainFormat, brief: bool) -> None:
    from sherlock.kb.loader import load_view
    from sherlock.kb.present import entry_brief, entry_renderable

    entry = load_view(found.entry_id)
    if brief and output is not ExplainFormat.JSON:
        _echo(entry_brief(entry), newline=False)
    elif output is ExplainFormat.JSON:
        from sherlock.explain_report import explanation

        _echo(json.dumps(explanation(found), indent=2, ensure_ascii=False))
    elif output is ExplainFormat.MARKDOWN:
        _echo(_markdown(found, entry))
    else:
        from rich.console import Console

        console = Console()
        console.print(_recognised_panel(found))
        console.print(entry_renderable(entry))


def run(args: ExplainArgs) -> int:
    """Explain and print; the exit code (0, or 2 with one line on stderr)."""
    try:
        found = _recognised(_read_input(args.text))
    except Refused as refused:
        sys.stderr.write(f"sherlock: {refused}\n")
        return EXIT_REFUSED
    _print(found, args.output, args.brief)
    return 0
