"""Limits that keep a crafted env file from holding a scan.

A scan reads files it did not write, so a hostile or broken file must cost time in proportion
to its size. Three limits, each turning into a note rather than a stall:

* a line longer than :data:`MAX_LINE_CHARS` is blanked before any dialect parses it (its
  line number is kept, so every other line still reports the right place);
* ``${`` expansion, python-dotenv's and compose's, is regex based and scans from every ``${``
  to the next ``}``: ``${${${…`` without a closing brace costs the square of its length
  (100 KB took minutes). :func:`expansion_work` prices a value in linear time, and a value
  over :data:`MAX_EXPANSION_WORK` is not expanded at all;
* a :class:`Deadline` per file, checked between bindings, for files that are slow in some
  way nobody priced yet.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

MAX_LINE_CHARS = 64 * 1024
MAX_EXPANSION_WORK = 2_000_000
FILE_BUDGET_SECONDS = 2.0

_LINE = re.compile(r"[^\n]*\n?")
_OPENER = re.compile(r"\$\{")


def drop_long_lines(text: str, limit: int = MAX_LINE_CHARS) -> tuple[str, list[int]]:
    """``text`` with every line longer than ``limit`` emptied, and those lines' numbers.

    The newline itself is kept so line numbers do not move. A short text is returned as is.
    """
    if len(text) <= limit:
        return text, []
    kept: list[str] = []
    dropped: list[int] = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        line = match.group()
        body = line.rstrip("\n")
        if len(body) > limit:
            dropped.append(number)
            line = line[len(body) :]
        kept.append(line)
    return "".join(kept), dropped


def long_line_message(limit: int = MAX_LINE_CHARS) -> str:
    return f"line is longer than {limit} characters; skipped"


def expansion_work(value: str) -> int:
    """Characters a ``${…}`` regex scans in ``value``: from each ``${`` to the next ``}``.

    One left-to-right pass (the next ``}`` is looked up again only once passed), so pricing
    a value never costs what expanding it would.
    """
    work = 0
    close = -1
    for opener in _OPENER.finditer(value):
        start = opener.start()
        if close < start:
            close = value.find("}", start)
            if close < 0:
                close = len(value)
        work += close - start
    return work


def too_costly(value: str) -> bool:
    """Whether expanding ``value`` would take far longer than any honest file needs."""
    return "${" in value and expansion_work(value) > MAX_EXPANSION_WORK


EXPANSION_MESSAGE = "nested '${' expansion too costly to evaluate; skipped"


class Deadline:
    """A per-file time budget; ``clock`` is injectable so tests need not sleep."""

    def __init__(
        self, seconds: float = FILE_BUDGET_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.clock = clock
        self.seconds = seconds
        self.ends = clock() + seconds

    def passed(self) -> bool:
        return self.clock() >= self.ends

    def message(self) -> str:
        return f"reading took longer than its {self.seconds:g} s time budget; file skipped"
