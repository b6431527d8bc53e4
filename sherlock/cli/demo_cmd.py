"""`sherlock demo`: diagnose a bundled sample deployment against the Twilio emulator.

The same run as `make demo`, for an installed Sherlock with no Makefile at hand. The sample
lives in a temporary folder removed at the end unless ``--keep DIR`` asks for it to stay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            help="Write the sample deployment to this (new or empty) folder and leave it there.",
        ),
    ] = None,
) -> None:
    """Diagnose a sample deployment (three environments) against a local Twilio emulator."""
    from rich.console import Console

    from sherlock.demo.run import quiet_teardown, run_demo

    try:
        code = run_demo(Console(highlight=False), keep=keep)
    except KeyboardInterrupt:
        quiet_teardown()
        raise typer.Exit(130) from None
    raise typer.Exit(code)
