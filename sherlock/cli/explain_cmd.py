"""`sherlock explain` (placeholder, owned by the knowledge-base work)."""

from __future__ import annotations


def explain() -> None:
    """Recognise an error in text and print its knowledge-base entry."""
