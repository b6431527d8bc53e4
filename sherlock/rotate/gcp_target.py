"""A GCP Secret Manager secret as a rotation target: a new version added, the old ones kept.

Reading and the client (endpoint, credentials, refusal of plain http off the machine) are
the read-only reader's own (:mod:`sherlock.stores.gcp`, built as a diagnosis builds it), so
a rotation writes where a diagnosis reads. ``AddSecretVersion`` makes the new version the
one ``latest`` resolves to; older versions stay enabled, so a consumer that pinned one keeps
working until the old token is retired by promotion. The payload carries its CRC32C, which
Secret Manager checks. A JSON payload keeps its other keys (the SID, ...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sherlock.config.schema import StoresSettings
from sherlock.rotate.errors import RotationError
from sherlock.rotate.store_target import StoreTarget
from sherlock.secrets import Secret
from sherlock.stores.base import StoreRef
from sherlock.stores.gcp import GcpSecretManagerReader, crc32c


@dataclass
class GcpTarget(StoreTarget):
    """``gcp-sm://projects/P/secrets/S[#key]``: the secret, or one key of its JSON payload."""

    ref: StoreRef
    settings: StoresSettings
    environ: Mapping[str, str]
    _reader: GcpSecretManagerReader | None = field(default=None, init=False, repr=False)

    @property
    def reader(self) -> GcpSecretManagerReader:
        if self._reader is None:
            from sherlock.stores.fetch import make_reader

            reader = make_reader("gcp-sm", self.settings, self.environ)
            assert isinstance(reader, GcpSecretManagerReader)
            self._reader = reader
        return self._reader

    def write(self, value: Secret) -> None:
        versions = self.versions()
        document = self.document(versions[0]) if versions else None
        if isinstance(document, dict):
            key = self.ref.key or (next(iter(document)) if len(document) == 1 else None)
            if key is None:
                raise RotationError(f"{self.ref.uri} holds several keys; name one with #key")
            self._add(json.dumps({**document, key: value.reveal()}))
        elif self.ref.key is not None:
            self._add(json.dumps({self.ref.key: value.reveal()}))
        else:
            self._add(value.reveal())

    def write_fields(self, values: Mapping[str, Secret]) -> None:
        versions = self.versions()
        document = self.document(versions[0]) if versions else None
        base = document if isinstance(document, dict) else {}
        self._add(json.dumps({**base, **{k: v.reveal() for k, v in values.items()}}))

    def _add(self, text: str) -> None:
        data = text.encode("utf-8")
        try:
            client = self.reader._get_client()
            client.add_secret_version(
                request={
                    "parent": self.ref.name,
                    "payload": {"data": data, "data_crc32c": crc32c(data)},
                },
                timeout=self.reader._timeout,
            )
        except Exception as exc:  # the client raises many types; never echo them
            reason = self.reader._reason(exc)
            raise RotationError(f"could not write {self.ref.uri}: {reason}") from None
