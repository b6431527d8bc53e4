"""What every secret-store rotation target shares: reading the current version and the
history of a secret whose payload is a JSON object (or, for GCP, possibly a bare token).

A store target subclass supplies its reader and how a version's payload becomes a document;
reading the token (the key the URI names, or the secret's only value), the history and
several fields at once is the same for all of them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef, StoreSecret

Document = dict[str, Any] | str | None


class _Reader(Protocol):
    def read(self, ref: StoreRef) -> StoreSecret: ...


def json_document(version: SecretVersion | None) -> Document:
    """The payload as a JSON object when it is one, else its text; None without a payload."""
    if version is None or version.payload is None:
        return None
    text = version.payload.reveal()
    try:
        loaded = json.loads(text)
    except ValueError:
        return text
    return loaded if isinstance(loaded, dict) else text


def token_in(document: Document, key: str | None) -> str | None:
    """The token: the key the URI names, the object's only value, or a bare payload."""
    if isinstance(document, str):
        return document if key is None else None
    if document is None:
        return None
    if key is None:
        values = [v for v in document.values() if isinstance(v, str)]
        return values[0] if len(values) == 1 else None
    value = document.get(key)
    return value if isinstance(value, str) else None


class StoreTarget:
    """Reading side of a store target; subclasses add ``reader`` and the writes."""

    ref: StoreRef

    @property
    def name(self) -> str:
        return str(self.ref)

    @property
    def reader(self) -> _Reader:
        raise NotImplementedError

    def document(self, version: SecretVersion | None) -> Document:
        return json_document(version)

    def versions(self) -> list[SecretVersion]:
        """Versions with a payload, current first."""
        try:
            secret = self.reader.read(StoreRef(self.ref.scheme, self.ref.name))
        except StoreReadError as exc:
            raise RotationError(str(exc)) from None
        readable = [v for v in secret.versions if v.payload is not None or v.current]
        return sorted(readable, key=lambda v: not v.current)

    def read(self) -> Secret | None:
        versions = self.versions()
        value = token_in(self.document(versions[0]), self.ref.key) if versions else None
        return Secret(value) if value is not None else None

    def history(self) -> list[Secret]:
        found = [token_in(self.document(v), self.ref.key) for v in self.versions()[1:]]
        return [Secret(v) for v in found if v is not None]

    def read_fields(self, names: Sequence[str]) -> dict[str, Secret]:
        """Several keys of the current version (an API key's SID and secret)."""
        versions = self.versions()
        document = self.document(versions[0]) if versions else None
        if not isinstance(document, dict):
            return {}
        return {n: Secret(document[n]) for n in names if isinstance(document.get(n), str)}
