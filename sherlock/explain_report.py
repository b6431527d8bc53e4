"""The explanation of a recognised error as data: one shape for the CLI's JSON and the API.

``sherlock explain --format json`` and ``POST /v1/explain`` must print the same thing, so
the payload is built here once. It is made only from the :class:`~sherlock.explain.Recognised`
record (itself built from redacted text) and the knowledge-base entry, so nothing a user
pasted can come back verbatim. The entry is read through the light view
(:func:`sherlock.kb.loader.load_view`), whose JSON is the schema model's, so the CLI's JSON
needs no pydantic.
"""

from __future__ import annotations

from typing import Any

from sherlock.explain import Recognised


def explanation(found: Recognised) -> dict[str, Any]:
    """``{"recognised": ..., "entry": ...}`` for a recognised error."""
    from sherlock.kb.loader import load_view

    return {"recognised": found.to_dict(), "entry": load_view(found.entry_id).model_dump()}
