"""What the store checks share: matching values in use against store version history.

A value equal (by fingerprint) to a version the store has since replaced is the strongest
evidence of a stale copy there is: it names the secret, the version and the day it was
replaced. Values read from a store's current version are the store's own word, and are
judged by :mod:`rotation_not_finished` rather than by the copy-based rotation checks.
"""

from __future__ import annotations

from sherlock.models import FoundValue
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet
from sherlock.stores.base import STORE_SCHEMES
from sherlock.stores.values import HistoryValue


def from_store(value: FoundValue | None) -> bool:
    """Whether a value was read from a secret store's current version."""
    return value is not None and value.source_kind in STORE_SCHEMES


def store_uri(value: FoundValue) -> str:
    return value.location.path.split("#", 1)[0]


def replaced_versions(ctx: CheckContext, value: FoundValue | None) -> list[HistoryValue]:
    """Non-current store versions holding exactly ``value`` (same field), newest first,
    where the store's current version holds something else."""
    if value is None or from_store(value):
        return []
    matches = [
        h
        for h in ctx.history
        if not h.version.current
        and h.value.field is value.field
        and h.value.fingerprint == value.fingerprint
        and current_value(ctx, h) is not None
    ]
    return sorted(matches, key=lambda h: h.secret.versions.index(h.version))


def current_value(ctx: CheckContext, old: HistoryValue) -> HistoryValue | None:
    """The same field in the current version of ``old``'s secret, if it differs from ``old``."""
    for h in ctx.history:
        if (
            h.secret is old.secret
            and h.version.current
            and h.value.field is old.value.field
            and h.value.fingerprint != old.value.fingerprint
        ):
            return h
    return None


def history_of(ctx: CheckContext, value: FoundValue) -> list[HistoryValue]:
    """Every version of the store secret ``value`` was read from, same field, newest first."""
    uri = store_uri(value)
    found = [h for h in ctx.history if h.secret.ref.uri == uri and h.value.field is value.field]
    return sorted(found, key=lambda h: h.secret.versions.index(h.version))


def explained_by_history(ctx: CheckContext, cset: CredentialSet) -> bool:
    """The set's secret is an old store version: the store checks own this set."""
    return bool(replaced_versions(ctx, cset.password))
