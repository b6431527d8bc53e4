"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

``::error file=…,line=…,col=…,title=…::message`` lines are read by the Actions runner from
a step's output and shown on the pull request's diff. Property values and messages are
escaped the way the runner expects, so a path or evidence text can never end the command
early or start a new one.
"""

from __future__ import annotations

from pathlib import Path

from sherlock.models import Cause, Diagnosis, Proof
from sherlock.render.options import RenderOptions
from sherlock.render.sarif import column_of, evidence_for

COMMANDS = {Proof.PROVEN: "error", Proof.LIKELY: "error", Proof.POSSIBLE: "warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotations(root: Path, cause: Cause, command: str) -> list[str]:
    lines: list[str] = []
    fix = f"\nFix: {cause.fix[0]}" if cause.fix else ""
    title = f"{cause.title} [{cause.id}, {cause.proof.value}]"
    for site in cause.sites:
        message = evidence_for(cause, site) + fix
        props = [f"file={escape_property(site.path)}"]
        if site.line:
            props.append(f"line={site.line}")
            column = column_of(root, site)
            if column is not None:
                props.append(f"col={column}")
        props.append(f"title={escape_property(title)}")
        lines.append(f"::{command} {','.join(props)}::{escape_data(message)}")
    return lines


def render_github(diagnosis: Diagnosis, *, root: Path) -> str:
    """One workflow command per site; advice as notices."""
    lines: list[str] = []
    for cause in diagnosis.causes:
        lines += _annotations(root, cause, COMMANDS[cause.proof])
    for item in diagnosis.advice:
        lines += _annotations(root, item, "notice")
    for reason in diagnosis.completeness.reasons:
        lines.append(f"::warning title=Sherlock could not check everything::{escape_data(reason)}")
    return "\n".join(lines)


def render(diagnosis: Diagnosis, options: RenderOptions) -> str:
    """The registry's entry point: columns are read from the files under ``options.root``."""
    return render_github(diagnosis, root=options.root)
