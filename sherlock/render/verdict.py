"""The one-line verdict every renderer leads with, worded once so the formats agree.

"No cause found" is an all-clear only when the diagnosis was complete; otherwise the line
says what could not be checked, because a false all-clear sends the on-call engineer away
from the fault.
"""

from __future__ import annotations

from sherlock.models import Diagnosis

INCOMPLETE = "Incomplete: no cause found, but Sherlock could not check everything."


def error_code(error: str) -> str:
    """``twilio-20005`` → ``20005``: how on-call people name the error they are chasing."""
    return error.rpartition("-")[2] or error


def all_clear(error: str) -> str:
    """The all-clear for the error this diagnosis was about (never another error's code)."""
    return f"No cause found: nothing in the scanned tree explains a {error_code(error)}."


def static_all_clear(error: str) -> str:
    """The all-clear of an offline run: only what the static checks can see was looked at."""
    return (
        "No cause found by the static checks; nothing was verified live (--offline), "
        f"so a {error_code(error)} from a credential Twilio rejects would not show here."
    )


def quiet_verdict(diagnosis: Diagnosis) -> str:
    """The verdict line for a report without causes."""
    if not diagnosis.complete:
        return INCOMPLETE
    if diagnosis.completeness.static_only:
        return static_all_clear(diagnosis.error)
    return all_clear(diagnosis.error)


def incomplete_banner(diagnosis: Diagnosis) -> list[str]:
    """The reasons the diagnosis is incomplete, one line each (empty when complete)."""
    return list(diagnosis.completeness.reasons)
