"""A Vault KV v2 secret as a rotation target: a new version, written with check-and-set.

Reading and the connection (address, namespace, token or AppRole, TLS settings) are the
read-only reader's own (:mod:`sherlock.stores.vault`), so a rotation writes where a
diagnosis reads. The write is ``create_or_update_secret`` with ``cas`` set to the version
just read: if someone else wrote in between, Vault refuses and the rotation stops before
promotion instead of silently overwriting their change. Other keys of the secret (the
SID, ...) are kept as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sherlock.config.schema import VaultSettings
from sherlock.rotate.errors import RotationError
from sherlock.rotate.store_target import Document, StoreTarget
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef

if TYPE_CHECKING:
    # hvac comes with the vault extra: a rotation of files only must not need it.
    from sherlock.stores.vault import VaultKvReader


def _data(document: Document) -> dict[str, Any]:
    return document if isinstance(document, dict) else {}


@dataclass
class VaultTarget(StoreTarget):
    """``vault://MOUNT/PATH[#key]``: one key of a KV v2 secret."""

    ref: StoreRef
    settings: VaultSettings
    environ: Mapping[str, str]
    _reader: VaultKvReader | None = field(default=None, init=False, repr=False)

    @property
    def reader(self) -> VaultKvReader:
        if self._reader is None:
            from sherlock.stores.vault import VaultKvReader

            self._reader = VaultKvReader(self.settings, self.environ)
        return self._reader

    def write(self, value: Secret) -> None:
        versions = self.versions()
        current = versions[0] if versions and versions[0].current else None
        data = _data(self.document(current))
        key = self.ref.key or (next(iter(data)) if len(data) == 1 else None)
        if key is None:
            raise RotationError(f"{self.ref.uri} holds several keys; name one with #key")
        self._put(current, {key: value})

    def write_fields(self, values: Mapping[str, Secret]) -> None:
        versions = self.versions()
        self._put(versions[0] if versions and versions[0].current else None, values)

    def _put(self, current: SecretVersion | None, values: Mapping[str, Secret]) -> None:
        """A new version with ``values`` set and every other key kept, checked-and-set."""
        data = _data(self.document(current))
        data.update({name: value.reveal() for name, value in values.items()})
        cas = int(current.version) if current is not None else 0
        mount, _, path = self.ref.name.partition("/")
        try:
            from sherlock.stores.vault import _Call

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
