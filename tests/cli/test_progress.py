"""Progress shows on a terminal when verification is slow, and never when piped."""

from __future__ import annotations

import io
import time

from rich.console import Console

from sherlock.cli.progress import progress_after


def test_nothing_is_printed_when_piped() -> None:
    out = io.StringIO()
    with progress_after(0.01, "Verifying…", Console(file=out, force_terminal=False)):
        time.sleep(0.1)
    assert out.getvalue() == ""


def test_a_slow_run_on_a_terminal_shows_the_message() -> None:
    out = io.StringIO()
    with progress_after(0.01, "Verifying…", Console(file=out, force_terminal=True)):
        time.sleep(0.3)
    assert "Verifying…" in out.getvalue()


def test_a_fast_run_on_a_terminal_shows_nothing() -> None:
    out = io.StringIO()
    with progress_after(5.0, "Verifying…", Console(file=out, force_terminal=True)):
        pass
    assert "Verifying" not in out.getvalue()
