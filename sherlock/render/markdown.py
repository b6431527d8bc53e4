"""A Markdown report, for incident tickets, pull-request comments and CI summaries."""

from __future__ import annotations

from collections.abc import Sequence

from sherlock.models import Cause, Diagnosis, Location
from sherlock.render.options import RenderOptions
from sherlock.render.verdict import incomplete_banner, quiet_verdict


def _where(locations: Sequence[Location]) -> str:
    return ", ".join(f"`{location}`" for location in locations)


def _cause(rank: int, cause: Cause) -> list[str]:
    lines = [
        f"### {rank}. {cause.title} (`{cause.id}`)",
        "",
        f"**{cause.proof.value}**, confidence {cause.confidence:.0%}, severity {cause.severity}",
        "",
        "Where: " + _where(cause.locations),
        "",
        "Evidence:",
        *[f"- {line}" for line in cause.evidence],
        "",
        "Fix:",
        *[f"{i}. {step}" for i, step in enumerate(cause.fix, 1)],
        "",
    ]
    return lines


def render_markdown(diagnosis: Diagnosis) -> str:
    lines = [f"## Sherlock: {diagnosis.error}", ""]
    if diagnosis.healthy:
        lines += [quiet_verdict(diagnosis), ""]
    banner = incomplete_banner(diagnosis)
    if banner:
        lines += ["> **Incomplete**", *[f"> {reason}" for reason in banner], ""]
    for rank, cause in enumerate(diagnosis.causes, 1):
        lines += _cause(rank, cause)
    if diagnosis.advice:
        lines += ["### Advice (not a cause of this error)", ""]
        lines += [
            f"- {item.title} (`{item.id}`) at "
            + _where(item.locations)
            + "".join(f"\n  - {line}" for line in item.evidence)
            for item in diagnosis.advice
        ]
        lines.append("")
    if diagnosis.credentials:
        lines += [
            "### Credentials",
            "",
            "| env | service | location | kind | fingerprint | masked | verification |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {c.environment} | {c.service} | `{c.location}` | {c.kind} | `{c.fingerprint}` | "
            f"`{c.masked}` | {c.verification} |"
            for c in diagnosis.credentials
        ]
        lines.append("")
    if diagnosis.notes:
        lines += ["### Notes", "", *[f"- {note}" for note in diagnosis.notes], ""]
    return "\n".join(lines)


def render(diagnosis: Diagnosis, options: RenderOptions) -> str:
    """The registry's entry point (Markdown needs no options)."""
    return render_markdown(diagnosis)
