"""How a token's own fields may appear in a report.

Everything inside a token was written by someone else and may be anything, a secret
included. SIDs are shown masked in their documented shape, short plain words (``HS256``,
``JWT``) as they are, times as UTC; anything else only by its length.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sherlock.secrets import mask

_PLAIN_WORD = re.compile(r"[A-Za-z0-9;=._-]{1,24}")
_SID = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")


def shown_word(value: Any) -> str:
    """A header value or grant name, quoted only when it is short plain text."""
    if value is None:
        return "missing"
    if isinstance(value, str) and _PLAIN_WORD.fullmatch(value):
        return f"'{value}'"
    if isinstance(value, str):
        return f"a {len(value)}-character value"
    return f"a {type(value).__name__} value"


def shown_sid(value: Any) -> str:
    """A claimed SID: masked when SID-shaped (``SKa1b2c3…9f0e``), else only its length."""
    if isinstance(value, str) and _SID.fullmatch(value):
        return mask(value, identifier=True)
    if isinstance(value, str):
        return f"a {len(value)}-character value" if value else "empty"
    return shown_word(value)


def shown_time(epoch: float) -> str:
    """``2026-12-03 09:00:00 UTC``; an out-of-range number says so instead of crashing."""
    try:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return f"{epoch:.0f} (outside the calendar)"


def shown_span(seconds: float) -> str:
    """A duration a person reads at a glance: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``."""
    seconds = abs(seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
