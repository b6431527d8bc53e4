"""The terminal form of `sherlock check`: one line per finding, like a linter, then a summary.

``path:line  cause-id  [proof]  title`` is what editors and terminals turn into links, and
what a developer scans in a pre-commit failure. Advice follows, marked as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sherlock.models import Cause, Diagnosis


def _lines(causes: Iterable[Cause], tag: str) -> list[str]:
    lines = []
    for cause in causes:
        for location in cause.locations:
            lines.append(f"{location}  {cause.id}  [{tag or cause.proof.value}]  {cause.title}")
    return lines


def render_check_text(diagnosis: Diagnosis, summary: Mapping[str, Any], notes: list[str]) -> str:
    lines = _lines(diagnosis.causes, "") + _lines(diagnosis.advice, "advice")
    suppressed = summary["suppressed"]
    lines.append(
        f"sherlock check: {len(diagnosis.causes)} finding(s), {summary['failing']} failing "
        f"(--fail-on {summary['fail_on']}), {len(diagnosis.advice)} advice; suppressed "
        f"{suppressed['total']} (baseline {suppressed['baseline']}, inline "
        f"{suppressed['inline']}, excluded {suppressed['excluded']})"
    )
    lines += [f"note: {note}" for note in notes]
    lines += [f"incomplete: {reason}" for reason in diagnosis.completeness.reasons]
    return "\n".join(lines)
