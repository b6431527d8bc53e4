"""The explanation of a recognised error as data: one shape for the CLI's JSON and the API.

``sherlock explain --format json`` and ``POST /v1/explain`` must print the same thing, so
the payload is built here once. It is made only from the :class:`~sherlock.explain.Recognised`
record (itself built from redacted text) and the knowledge-base entry, so nothing a user
pasted can come back verbatim.
"""

from __future__ import annotations

from typing import Any

from sherlock.explain import Recognised


def explanation(found: Recognised) -> dict[str, Any]:
    """``{"recognised": ..., "entry": ...}`` for a recognised error."""
    from sherlock.kb import load_entry
    from sherlock.kb.present import entry_dict

    return {"recognised": found.to_dict(), "entry": entry_dict(load_entry(found.entry_id))}
