"""`sherlock diagnose` (placeholder until the engine lands)."""

from __future__ import annotations


def diagnose() -> None:
    """Find, verify and rank the causes of Twilio error 20003."""
