"""Everything a run says besides its answer: log records at DEBUG and Python warnings.

Log records are formatted with their traceback text, since an exception message is where
a value most easily slips out. Warnings matter because ruamel.yaml's quote the source line.
A warning is recorded as Python would print it to stderr: whatever ``warnings.showwarning``
the code under test installs (Sherlock's log gate) takes over from that default, exactly as
it would in a real process.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(threadName)s %(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def captured(into: dict[str, str], prefix: str) -> Iterator[None]:
    """Collect every log record (every logger, every thread) and warning raised inside the
    block into ``into[prefix + " logs"]`` and ``into[prefix + " warnings"]``."""
    root = logging.getLogger()
    handler = _Collect()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    shown: list[str] = []

    def as_python_prints(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        shown.append(warnings.formatwarning(message, category, filename, lineno, line))

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = as_python_prints
            yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    into[f"{prefix} logs"] = "\n".join(handler.lines)
    into[f"{prefix} warnings"] = "\n".join(shown)
