"""The default report: the top cause first, readable at 3 a.m. in an 80-column terminal.

Every string that came from the scanned tree is passed as plain ``Text``, never as markup,
so a value like ``[bold]`` in a file cannot restyle (or hide part of) the report.

The layout follows the width it gets: a table of credentials from :data:`WIDE` columns up, a
compact two-line list below that (a seven-column table squeezed into 80 columns folds
"location" into "locati/on"). The one-line verdict is printed first and again last, so it
is on screen after a long report scrolls by, and a large healthy tree gets one summary line
instead of thousands of rows unless every row is asked for.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sherlock.models import Cause, Diagnosis, Location, Proof
from sherlock.render.check_text import render_check_text
from sherlock.render.options import RenderOptions
from sherlock.render.verdict import incomplete_banner, quiet_verdict

PROOF_STYLE = {Proof.PROVEN: "bold red", Proof.LIKELY: "yellow", Proof.POSSIBLE: "dim"}

#: From this width on the credentials are a table; below it, a compact list (a seven-column
#: table at 100 columns still folds paths mid-word).
WIDE = 120
#: A healthy report lists at most this many credential rows unless asked for all.
MAX_HEALTHY_ROWS = 20


def _where(locations: Sequence[Location]) -> str:
    return ", ".join(str(location) for location in locations)


def _cause_panel(rank: int, cause: Cause) -> Panel:
    body = Text()
    body.append("where:    ", style="bold")
    body.append(_where(cause.locations) + "\n")
    body.append("evidence:\n", style="bold")
    for line in cause.evidence:
        body.append(f"  • {line}\n")
    body.append("fix:\n", style="bold")
    for i, step in enumerate(cause.fix, 1):
        body.append(f"  {i}. {step}\n")
    title = Text(f"#{rank} {cause.title} ")
    title.append(
        f"[{cause.proof.value}, {cause.confidence:.0%}, {cause.severity}]",
        style=PROOF_STYLE[cause.proof],
    )
    return Panel(body, title=title, title_align="left", subtitle=cause.id, subtitle_align="right")


def _advice(advice: tuple[Cause, ...]) -> Text:
    """Advice about accepted credentials: worth doing, but not why Twilio said 401."""
    text = Text("Advice (not a cause of this error):\n", style="bold")
    for item in advice:
        text.append(f"  - {item.title} ({item.id}) at {_where(item.locations[:3])}\n")
        for line in item.evidence[:2]:
            text.append(f"      {line}\n", style="dim")
    return text


def _credentials_table(diagnosis: Diagnosis) -> Table:
    table = Table(title="Credentials found", title_justify="left", expand=False)
    for column in ("env", "service", "location", "kind", "fingerprint", "masked", "verification"):
        table.add_column(column, overflow="fold", no_wrap=column in ("kind", "fingerprint"))
    for row in diagnosis.credentials:
        table.add_row(
            *(
                Text(x)
                for x in (
                    row.environment,
                    row.service,
                    row.location,
                    row.kind,
                    row.fingerprint,
                    row.masked,
                    _short(row.verification),
                )
            )
        )
    return table


def _short(verdict: str) -> str:
    """The outcome and the wire status; the full text stays in JSON and Markdown."""
    return ", ".join(verdict.split(", ")[:2])[:40]


def _compact_rows(diagnosis: Diagnosis) -> Text:
    """Two lines per value: who and what, then where and what Twilio said."""
    text = Text("Credentials found\n", style="bold")
    for row in diagnosis.credentials:
        text.append(f"  • {row.environment}/{row.service}  {row.kind}  ")
        text.append(f"{row.fingerprint}  {row.masked}\n", style="dim")
        text.append(f"      {row.location}  {_short(row.verification)}\n")
    return text


def _credentials(diagnosis: Diagnosis, width: int, all_rows: bool) -> Table | Text:
    rows = diagnosis.credentials
    if diagnosis.healthy and len(rows) > MAX_HEALTHY_ROWS and not all_rows:
        environments = len({row.environment for row in rows})
        return Text(
            f"Credentials: {len(rows)} values in {environments} environment(s); "
            "add --all to list every one.",
            style="dim",
        )
    return _credentials_table(diagnosis) if width >= WIDE else _compact_rows(diagnosis)


def _verdict(diagnosis: Diagnosis) -> Text:
    """The one line an on-call engineer needs: the top cause, or why there is none."""
    if diagnosis.healthy:
        style = "green" if diagnosis.complete else "bold red"
        return Text(quiet_verdict(diagnosis), style=style)
    top = diagnosis.causes[0]
    text = Text("Most likely: ", style="bold")
    text.append(
        f"{top.title} ({top.proof.value}) at {_where(top.locations[:3])}",
        style=PROOF_STYLE[top.proof],
    )
    return text


def _headline(diagnosis: Diagnosis) -> Text:
    text = Text(f"Sherlock · {diagnosis.error} · scanned {diagnosis.root} · ", style="bold")
    text.append(f"{len(diagnosis.credentials)} values, {diagnosis.requests} live request(s)\n")
    return text.append_text(_verdict(diagnosis))


def render_terminal(diagnosis: Diagnosis, console: Console, *, all_rows: bool = False) -> None:
    parts: list[Panel | Table | Text] = [_headline(diagnosis)]
    banner = incomplete_banner(diagnosis)
    if banner:
        parts.append(Panel(Text("\n".join(banner)), title="Incomplete", border_style="red"))
    parts += [_cause_panel(i, c) for i, c in enumerate(diagnosis.causes, 1)]
    if diagnosis.advice:
        parts.append(_advice(diagnosis.advice))
    if diagnosis.credentials:
        parts.append(_credentials(diagnosis, console.width, all_rows))
    if diagnosis.notes:
        parts.append(Text("Notes:\n" + "\n".join(f"  - {n}" for n in diagnosis.notes), style="dim"))
    if len(parts) > 2:
        parts.append(Text("Verdict: ", style="bold").append_text(_verdict(diagnosis)))
    console.print(Group(*parts))


def render(diagnosis: Diagnosis, options: RenderOptions) -> str:
    """The registry's entry point: the report at ``options.width``, in colour only when
    asked (a terminal), or `sherlock check`'s linter lines when its summary is given."""
    if options.check is not None:
        return render_check_text(diagnosis, options.check, list(options.check_notes))
    console = Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
    )
    with console.capture() as captured:
        render_terminal(diagnosis, console, all_rows=options.all_rows)
    return captured.get().rstrip("\n")
