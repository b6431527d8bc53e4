"""Ways to show a knowledge-base entry: rich for terminals, Markdown, plain text, JSON.

``sherlock kb show`` and ``sherlock explain`` print the same entry, so the layouts live
here once. KB text is full of square brackets (regexes, ``[ -n ... ]``), so rich output
is built from ``Text`` objects and never parsed as console markup, which would
otherwise swallow or restyle parts of a command.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # entries come as pydantic models or as light views (sherlock.kb.views)
    from sherlock.kb.views import CauseLike as Cause
    from sherlock.kb.views import EntryLike as Entry

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}
LIKELIHOOD_STYLE = {"common": "bold", "occasional": "", "rare": "dim"}
_WIDTH = 88


def entry_dict(entry: Entry) -> dict[str, Any]:
    """The entry as plain JSON-ready data (the YAML file, validated and normalised)."""
    return entry.model_dump(mode="json")


def entry_json(entry: Entry) -> str:
    return json.dumps(entry_dict(entry), indent=2, ensure_ascii=False)


# --- Markdown -----------------------------------------------------------------------


def _numbered(steps: Iterable[str]) -> list[str]:
    return [f"{i}. {step}" for i, step in enumerate(steps, 1)]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _cause_markdown(rank: int, cause: Cause) -> list[str]:
    return [
        f"### {rank}. {cause.title} (`{cause.id}`)",
        "",
        f"Severity **{cause.severity}**, likelihood **{cause.likelihood}**.",
        "",
        cause.description,
        "",
        "Confirm:",
        "",
        *_numbered(cause.confirm),
        "",
        "Fix:",
        "",
        *_numbered(cause.fix),
        "",
    ]


def entry_markdown(entry: Entry, *, heading_level: int = 1) -> str:
    """A self-contained Markdown document, ready for a ticket or a wiki page."""
    top = "#" * heading_level
    lines = [f"{top} {entry.provider.capitalize()} {entry.code}: {entry.title}", ""]
    lines += [f"HTTP {entry.http_status} · `{entry.id}`", ""]
    if entry.aliases:
        lines += ["Also seen as: " + ", ".join(f"“{alias}”" for alias in entry.aliases), ""]
    lines += ["## What it means", "", entry.summary, ""]
    lines += [f"## Causes ({len(entry.causes)})", ""]
    for rank, cause in enumerate(entry.causes, 1):
        lines += _cause_markdown(rank, cause)
    lines += ["## How to fix it", "", *_numbered(entry.fix_steps), ""]
    if entry.prevention:
        lines += ["## Prevention", ""]
        lines += [f"- **{item.title}.** {item.detail}" for item in entry.prevention] + [""]
    if entry.related_codes:
        lines += ["## Related codes", "", "| code | title | note |", "|---|---|---|"]
        lines += [
            f"| {r.code} | {_cell(r.title)} | {_cell(r.note)} |" for r in entry.related_codes
        ] + [""]
    if entry.references:
        lines += ["## References", "", *[f"- <{url}>" for url in entry.references], ""]
    return "\n".join(lines)


# --- Plain text ---------------------------------------------------------------------


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _steps_text(steps: Sequence[str], indent: str) -> list[str]:
    lines: list[str] = []
    for i, step in enumerate(steps, 1):
        marker = f"{indent}{i}. "
        lines += _wrap(step, " " * len(marker), first=marker)
    return lines


def entry_text(entry: Entry) -> str:
    """Plain, wrapped text with no colours or markup: for logs, e-mail and pagers."""
    lines = [f"{entry.provider.upper()} {entry.code} (HTTP {entry.http_status}): {entry.title}"]
    if entry.aliases:
        lines += _wrap("Also seen as: " + "; ".join(entry.aliases))
    lines += ["", "WHAT IT MEANS", *_wrap(entry.summary, "  "), "", "CAUSES"]
    for rank, cause in enumerate(entry.causes, 1):
        lines += ["", f"  {rank}. {cause.title} [{cause.id}]"]
        lines += [f"     severity {cause.severity}, likelihood {cause.likelihood}"]
        lines += _wrap(cause.description, "     ")
        lines += ["     Confirm:", *_steps_text(cause.confirm, "       ")]
        lines += ["     Fix:", *_steps_text(cause.fix, "       ")]
    lines += ["", "HOW TO FIX IT", *_steps_text(entry.fix_steps, "  ")]
    if entry.prevention:
        lines += ["", "PREVENTION"]
        for item in entry.prevention:
            lines += _wrap(f"{item.title}: {item.detail}", "    ", first="  - ")
    if entry.related_codes:
        lines += ["", "RELATED CODES"]
        for related in entry.related_codes:
            lines += _wrap(f"{related.code} {related.title}: {related.note}", "    ", first="  - ")
    if entry.references:
        lines += ["", "REFERENCES", *[f"  - {url}" for url in entry.references]]
    return "\n".join(lines) + "\n"


def entry_brief(entry: Entry, *, max_causes: int = 5) -> str:
    """A few lines for a pager or a chat reply: what it means, the usual causes, the fix."""
    lines = [
        f"{entry.provider.capitalize()} {entry.code} (HTTP {entry.http_status}): {entry.title}"
    ]
    lines += _wrap(entry.summary.split(". ")[0].rstrip(".") + ".", "  ")
    ranked = sorted(
        entry.causes, key=lambda c: ("common", "occasional", "rare").index(c.likelihood)
    )
    lines.append("Most common causes:")
    lines += [f"  - {cause.title} [{cause.id}]" for cause in ranked[:max_causes]]
    if len(ranked) > max_causes:
        lines.append(f"  … {len(ranked) - max_causes} more: sherlock kb show {entry.id}")
    lines.append("First fix step:")
    lines += _wrap(entry.fix_steps[0], "  ")
    lines.append("Find which cause applies: sherlock diagnose PATH")
    return "\n".join(lines) + "\n"


# --- Rich ---------------------------------------------------------------------------


def _rich_steps(label: str, steps: Sequence[str]) -> Group:
    """A bold label over numbered steps, wrapped with a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for i, step in enumerate(steps, 1):
        grid.add_row(Text(f"{i}."), Text(step))
    return Group(Text(label, style="bold"), grid)


def _cause_panel(rank: int, cause: Cause) -> Panel:
    title = Text(f"{rank}. {cause.title} [")
    title.append(cause.severity, style=SEVERITY_STYLE[cause.severity])
    title.append(" · ")
    title.append(cause.likelihood, style=LIKELIHOOD_STYLE[cause.likelihood])
    title.append("]")
    body = Group(
        Text(cause.description),
        Text(),
        _rich_steps("Confirm", cause.confirm),
        Text(),
        _rich_steps("Fix", cause.fix),
    )
    return Panel(body, title=title, title_align="left", subtitle=cause.id, subtitle_align="right")


def _header(entry: Entry) -> Panel:
    body = Text()
    body.append(entry.title + "\n", style="bold")
    if entry.aliases:
        body.append("Also seen as: ", style="dim")
        body.append("; ".join(entry.aliases) + "\n", style="dim")
    body.append("\n" + entry.summary)
    title = Text(f"{entry.provider.capitalize()} {entry.code} · HTTP {entry.http_status}")
    return Panel(body, title=title, title_align="left", subtitle=entry.id, subtitle_align="right")


def _related_table(entry: Entry) -> Table:
    table = Table(title="Related codes", title_justify="left", show_lines=False)
    for column in ("code", "title", "note"):
        table.add_column(column, overflow="fold")
    for related in entry.related_codes:
        table.add_row(Text(str(related.code)), Text(related.title), Text(related.note))
    return table


def _prevention(entry: Entry) -> Group:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in entry.prevention:
        line = Text(item.title, style="bold")
        line.append(f": {item.detail}", style="")
        grid.add_row(Text("•"), line)
    return Group(Text("Prevention", style="bold"), grid, Text())


def entry_renderable(entry: Entry) -> RenderableType:
    """The whole entry as one rich renderable, causes as panels."""
    parts: list[RenderableType] = [_header(entry), Text(f"\nCauses ({len(entry.causes)})", "bold")]
    parts += [_cause_panel(rank, cause) for rank, cause in enumerate(entry.causes, 1)]
    parts += [Text(), _rich_steps("How to fix it", entry.fix_steps), Text()]
    if entry.prevention:
        parts.append(_prevention(entry))
    if entry.related_codes:
        parts.append(_related_table(entry))
    if entry.references:
        parts.append(Text("\nReferences\n", style="bold") + Text("\n".join(entry.references)))
    return Group(*parts)


def entries_table(entries: Iterable[Entry]) -> Table:
    """One row per entry, for ``sherlock kb list``."""
    table = Table(title="Knowledge base", title_justify="left")
    for column in ("id", "provider", "title"):
        table.add_column(column, overflow="fold")
    for column in ("code", "HTTP", "causes"):
        table.add_column(column, justify="right")
    for entry in entries:
        table.add_row(
            Text(entry.id),
            Text(entry.provider),
            Text(entry.title),
            Text(str(entry.code)),
            Text(str(entry.http_status)),
            Text(str(len(entry.causes))),
        )
    return table
