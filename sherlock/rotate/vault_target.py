"""A Vault KV v2 secret as a rotation target: a new version, written with check-and-set.

Reading and the connection (address, namespace, token or AppRole, TLS settings) are the
read-only reader's own (:mod:`sherlock.stores.vault`), so a rotation writes where a
diagnosis reads. The write is ``create_or_update_secret`` with ``cas`` set to the version
just read: if someone else wrote in between, Vault refuses and the rotation stops before
promotion instead of silently overwriting their change. Other keys of the secret (the
SID, ...) are kept as they were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sherlock.config.schema import VaultSettings
from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef
from sherlock.stores.vault import VaultKvReader, _Call


def _data(version: SecretVersion | None) -> dict[str, Any]:
    if version is None or version.payload is None:
        return {}
    loaded = json.loads(version.payload.reveal())
    return loaded if isinstance(loaded, dict) else {}


def _token_in(data: Mapping[str, Any], key: str | None) -> str | None:
    """The token: the key the URI names, or the secret's only value."""
    if key is None:
        values = [v for v in data.values() if isinstance(v, str)]
        return values[0] if len(values) == 1 else None
    value = data.get(key)
    return value if isinstance(value, str) else None


@dataclass
class VaultTarget:
    """``vault://MOUNT/PATH[#key]``: one key of a KV v2 secret."""

    ref: StoreRef
    settings: VaultSettings
    environ: Mapping[str, str]
    _reader: VaultKvReader | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        return str(self.ref)

    @property
    def reader(self) -> VaultKvReader:
        if self._reader is None:
            self._reader = VaultKvReader(self.settings, self.environ)
        return self._reader

    def _versions(self) -> list[SecretVersion]:
        """Every version, current first."""
        try:
            secret = self.reader.read(StoreRef(self.ref.scheme, self.ref.name))
        except StoreReadError as exc:
            raise RotationError(str(exc)) from None
        return sorted(secret.versions, key=lambda v: not v.current)

    def read(self) -> Secret | None:
        versions = self._versions()
        value = _token_in(_data(versions[0]), self.ref.key) if versions else None
        return Secret(value) if value is not None else None

    def history(self) -> list[Secret]:
        found = [_token_in(_data(v), self.ref.key) for v in self._versions()[1:]]
        return [Secret(v) for v in found if v is not None]

    def read_fields(self, names: Sequence[str]) -> dict[str, Secret]:
        """Several keys of the current version (an API key's SID and secret)."""
        versions = self._versions()
        data = _data(versions[0]) if versions else {}
        return {n: Secret(data[n]) for n in names if isinstance(data.get(n), str)}

    def write(self, value: Secret) -> None:
        versions = self._versions()
        current = versions[0] if versions and versions[0].current else None
        data = _data(current)
        key = self.ref.key or (next(iter(data)) if len(data) == 1 else None)
        if key is None:
            raise RotationError(f"{self.ref.uri} holds several keys; name one with #key")
        self._put(current, {key: value})

    def write_fields(self, values: Mapping[str, Secret]) -> None:
        versions = self._versions()
        self._put(versions[0] if versions and versions[0].current else None, values)

    def _put(self, current: SecretVersion | None, values: Mapping[str, Secret]) -> None:
        """A new version with ``values`` set and every other key kept, checked-and-set."""
        data = _data(current)
        data.update({name: value.reveal() for name, value in values.items()})
        cas = int(current.version) if current is not None else 0
        mount, _, path = self.ref.name.partition("/")
        try:
            call = _Call(self.ref, self.reader._target(self.ref), self.reader._timeout)
        except StoreReadError as exc:
            raise RotationError(str(exc)) from None
        try:
            if call.target.mode == "approle":
                call._login()
            kv = call.client.secrets.kv.v2
            kv.create_or_update_secret(path=path, secret=data, mount_point=mount, cas=cas)
        except StoreReadError as exc:
            raise RotationError(str(exc).replace("could not read", "could not write")) from None
        except Exception as exc:  # hvac and requests raise many types; never echo them
            raise RotationError(f"could not write {self.ref.uri}: {call.reason(exc)}") from None
        finally:
            call.close()
