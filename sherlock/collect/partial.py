"""Units that hold only half a credential because the other half arrives at run time.

An image's ``ENV TWILIO_ACCOUNT_SID=AC…`` with the token injected by the orchestrator, or a
CI job with a literal SID and its token in the CI's secret store, are healthy designs. Such a
lone half cannot be verified, and reporting it would blame a "missing" token that is simply
kept elsewhere; so for these sources a scope without a complete set (what is complete is the
provider's word: for Twilio an Account SID + auth token, or API key SID + secret + Account
SID) keeps its credential values back, with a note. Platform files are the same: Netlify's
UI, Heroku's config vars, the shell a Procfile runner or PM2 starts from can each supply the
token a file leaves out. Region and edge values are left alone: they form no set by themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sherlock.collect.base import CollectResult
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.vocabulary import credential_roles, is_complete
from sherlock.models import FoundValue, Note


def hold_partial(values: Sequence[FoundValue]) -> tuple[list[FoundValue], list[FoundValue]]:
    """(kept, held): credential values of scopes that hold no complete set are held."""
    by_scope: dict[str, set[str]] = defaultdict(set)
    for value in values:
        by_scope[value.scope].add(value.field)
    kept: list[FoundValue] = []
    held: list[FoundValue] = []
    for value in values:
        partial = not is_complete(by_scope[value.scope])
        (held if partial and value.field in credential_roles() else kept).append(value)
    return kept, held


def held_note(value: FoundValue, where: str, rest_from: str) -> Note:
    """Why a lone half is not checked, at its own location."""
    message = (
        f"{value.name} is not checked: {where} holds no complete credential set, "
        f"so the rest must come from {rest_from}"
    )
    return Note(str(value.location), message)


def hold_halves(result: CollectResult, where: str, rest_from: str) -> CollectResult:
    """``result`` with the credential values of incomplete sets moved to notes."""
    kept, held = hold_partial(result.values)
    result.values = kept
    result.notes.extend(held_note(value, where, rest_from) for value in held)
    return result


def emit_with_outside(
    entries: Sequence[Entry],
    unit: Unit,
    outside: Sequence[Note],
    hold: bool,
    where: str,
    rest_from: str,
) -> CollectResult:
    """One unit's values when part of its environment lives outside the tree (a platform's
    store, the dashboard): the notes that say so come first, and with ``hold`` a lone half is
    held back with a note (:func:`hold_halves`) instead of being called incomplete."""
    found = emit(entries, unit)
    found.notes[:0] = outside
    return hold_halves(found, where, rest_from) if hold else found
