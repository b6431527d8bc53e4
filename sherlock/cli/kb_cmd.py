"""`sherlock kb`: browse the knowledge base that diagnoses and explanations draw on.

``list`` gives the inventory; ``show`` prints one entry in full (meaning, every cause
with how to confirm and fix it, prevention, related codes), as rich output for people or
as JSON, Markdown or plain text for scripts, tickets and chat; ``check`` validates every
shipped entry (and any entry file named) against the pydantic schema, the full rules that
``sherlock explain``'s light reading relies on. An unknown id raises
KnowledgeBaseError, which the CLI entry point turns into one line and exit code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


class ListFormat(StrEnum):
    RICH = "rich"
    JSON = "json"


class ShowFormat(StrEnum):
    RICH = "rich"
    JSON = "json"
    MARKDOWN = "markdown"
    TEXT = "text"


kb_app = typer.Typer(help="Browse the knowledge base.", no_args_is_help=True)


@kb_app.command("list")
def list_command(
    output: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.RICH,
) -> None:
    """List every knowledge-base entry."""
    from sherlock.kb import list_entries
    from sherlock.kb.present import entries_table, entry_dict

    entries = list_entries()
    if output is ListFormat.JSON:
        summary = [{**entry_dict(entry), "causes": list(entry.cause_ids)} for entry in entries]
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    Console().print(entries_table(entries))


@kb_app.command("show")
def show_command(
    entry_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Entry id or bare code: twilio-20003, 20003 or 401."),
    ],
    output: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ShowFormat.RICH,
    brief: Annotated[
        bool, typer.Option("--brief", help="A few lines: meaning, usual causes, first fix.")
    ] = False,
) -> None:
    """Show one entry in full: meaning, causes, fixes, prevention, related codes."""
    from sherlock.explain import recognise_bare
    from sherlock.kb import load_entry
    from sherlock.kb.loader import resolve_entry_id
    from sherlock.kb.present import (
        entry_brief,
        entry_json,
        entry_markdown,
        entry_renderable,
        entry_text,
    )

    bare = recognise_bare(entry_id)  # 401 alone is Twilio's 20003, as in `sherlock explain`
    entry = load_entry(bare.entry_id if bare else resolve_entry_id(entry_id))
    if brief and output is not ShowFormat.JSON:
        typer.echo(entry_brief(entry), nl=False)
    elif output is ShowFormat.JSON:
        typer.echo(entry_json(entry))
    elif output is ShowFormat.MARKDOWN:
        typer.echo(entry_markdown(entry))
    elif output is ShowFormat.TEXT:
        typer.echo(entry_text(entry), nl=False)
    else:
        Console().print(entry_renderable(entry))


@kb_app.command("check")
def check_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE]...", help="Entry files to validate too (a draft)."),
    ] = None,
) -> None:
    """Validate every shipped entry, and each FILE, against the schema (exit 2 on the first
    problem, naming the file and the field)."""
    from sherlock.kb import list_entries, load_entry_file

    count = len(list_entries()) + len([load_entry_file(path) for path in files or []])
    typer.echo(f"{count} knowledge-base entries valid")
