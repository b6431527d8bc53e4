"""Turning what a store holds into credential values (what services read) and history.

The current version of a store secret is a credential in use: it becomes
:class:`~sherlock.models.FoundValue` records that are grouped, verified and checked like
values from files. Every other version is evidence only: :class:`HistoryValue` records that
let a check say "this Kubernetes Secret holds Vault version 2, replaced on 3 May by version
3". Both are read with the same rules as an env file (last key wins, names classified by
:mod:`sherlock.collect.naming`), in a Twilio context: the config said this is where Twilio
credentials live.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from sherlock.collect.base import CollectResult
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.models import FoundValue, Location
from sherlock.stores.base import SecretVersion, StoreRef, StoreSecret


@dataclass(frozen=True)
class HistoryValue:
    """One value from a version of a store secret, with what came after it."""

    value: FoundValue
    secret: StoreSecret
    version: SecretVersion

    @property
    def replaced(self) -> tuple[SecretVersion | None, datetime | None]:
        return self.secret.replaced(self.version)

    def describe(self) -> str:
        """``aws-sm://prod/twilio AWSPREVIOUS (v-1a2b…), created 2026-05-01, replaced …``."""
        text = f"{self.secret.ref.uri} {self.version.display}"
        if self.version.created:
            text += f", created {when(self.version.created)}"
        if self.version.current:
            return text + " (the current version)"
        later, at = self.replaced
        if later is not None:
            text += f", replaced {when(at)} by {later.display}"
        return text


def when(moment: datetime | None) -> str:
    """Dates as people on call read them: ``2026-05-03 10:00 UTC``."""
    if moment is None:
        return "at an unknown time"
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.utcoffset() is not None else str(moment)


def _pairs(raw: str, ref: StoreRef) -> Iterator[tuple[str, str]]:
    """Name/value pairs in a payload: a JSON object's string members, or one plain value."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # nested past the parser's depth: not an object
        data = None
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (ref.key is None or key == ref.key):
                yield str(key), value
        return
    yield ref.key or ref.name.rsplit("/", 1)[-1], raw


def version_location(ref: StoreRef, name: str, version: SecretVersion) -> Location:
    return Location.in_store(ref.uri, name, version.short)


def version_values(
    secret: StoreSecret, version: SecretVersion, ref: StoreRef, unit: Unit
) -> CollectResult:
    """The Twilio values in one version of a secret, stamped with ``unit``'s labels."""
    if version.payload is None:
        return CollectResult()
    entries = [
        Entry(name, raw, version_location(ref, name, version))
        for name, raw in _pairs(version.payload.reveal(), ref)
    ]
    result = emit(entries, unit)
    result.values = [_with_version(v, version) for v in result.values]
    if ref.key is not None and not entries:
        result.note(str(ref), f"{secret.ref.uri} has no key {ref.key!r} in {version.display}")
    return result


def _with_version(value: FoundValue, version: SecretVersion) -> FoundValue:
    return replace(value, version=version.version)


def history_values(secret: StoreSecret, environment: str) -> list[HistoryValue]:
    """Every version's values (current ones too), as evidence for comparisons."""
    unit = Unit(
        scope=f"{secret.ref.uri} (history)",
        source_kind=secret.ref.scheme,
        consumer=secret.ref.store,
        environment=environment,
        service="(store history)",
        hints=("twilio",),
        named_environment=False,
    )
    history: list[HistoryValue] = []
    for version in secret.versions:
        whole = StoreRef(secret.ref.scheme, secret.ref.name)
        for value in version_values(secret, version, whole, unit).values:
            history.append(HistoryValue(value, secret, version))
    return history
