"""`sherlock emulator` (placeholder, owned by the emulator work)."""

from __future__ import annotations


def emulator() -> None:
    """Run the Twilio API emulator."""
