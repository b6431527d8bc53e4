"""A spinner on a terminal when live verification takes a while; nothing when piped.

Most diagnoses finish well under a second, and a spinner that flashes for 200 ms is noise,
so it only appears after ``delay`` seconds. Piped output, CI logs and JSON consumers never
see it: it goes to stderr, and only when stderr is a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console


@contextmanager
def progress_after(delay: float, message: str, console: Console | None = None) -> Iterator[None]:
    """Show ``message`` with a spinner if the block is still running after ``delay`` s."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    status = console.status(message)
    lock = threading.Lock()
    finished = False

    def start() -> None:
        with lock:
            if not finished:
                status.start()

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            finished = True
            timer.cancel()
            status.stop()
