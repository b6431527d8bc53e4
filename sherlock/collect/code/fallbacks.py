"""Defaults written in code, settled once every source is known.

``os.getenv("TWILIO_AUTH_TOKEN", "…")`` sends the literal only while the variable is unset
(python's ``os.getenv``, Node's ``||``/``??``, PHP's ``?:`` and Laravel's ``env()``, Ruby's
``ENV.fetch`` and C#'s ``??`` all fall back the same way). One file cannot tell whether the
variable is set, so the code reader emits the literal as a ``fallback`` value named by its
variable, and this step, run over the whole scan's values, drops each fallback whose variable
some other source sets (an env file, compose, a manifest, the process environment) with a
note saying where it is set. The default thus never shadows a set variable and is never
blamed beside it; when nothing sets the variable it is the value the client sends, and is
judged like any other. A variable set anywhere in the tree counts, whatever its environment:
Sherlock would rather leave a default unjudged than blame one the process never reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from sherlock.models import FoundValue, Note


def settle_fallbacks(values: Sequence[FoundValue]) -> tuple[list[FoundValue], list[Note]]:
    """(values in use, notes): fallbacks whose variable another source sets are dropped."""
    setters: dict[str, FoundValue] = {}
    for value in values:
        if not value.fallback:
            setters.setdefault(value.name, value)
    kept: list[FoundValue] = []
    notes: list[Note] = []
    for value in values:
        winner = setters.get(value.name) if value.fallback else None
        if winner is None:
            kept.append(value)
            continue
        message = (
            f"the default written for {value.name} is not used: "
            f"{value.name} is set at {winner.location}"
        )
        notes.append(Note(str(value.location), message))
    return kept, notes
