"""Half a credential in a platform file is normal: the other half lives in the platform.

Netlify's UI, Heroku's config vars, the shell a Procfile runner or PM2 starts from: each can
supply the token a file leaves out (or the SID). As for Dockerfiles and CI jobs
(:mod:`.partial`), a set that is not complete in the file is held back with a note rather than
reported as a missing credential.
"""

from __future__ import annotations

from sherlock.collect.base import CollectResult
from sherlock.collect.partial import held_note, hold_partial


def hold_halves(result: CollectResult, where: str, rest_from: str) -> CollectResult:
    """``result`` with the credential values of incomplete sets moved to notes."""
    kept, held = hold_partial(result.values)
    result.values = kept
    result.notes.extend(held_note(value, where, rest_from) for value in held)
    return result
