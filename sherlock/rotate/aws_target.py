"""An AWS Secrets Manager secret as a rotation target: a new version made current.

The client is built exactly as the read-only reader builds it (settings from
``[stores.aws]`` and the ``AWS_*`` variables given, never ``~/.aws`` behind the caller's
back), so a rotation talks to the same endpoint, region and identity a diagnosis reads from.

Writing is one ``PutSecretValue`` whose ``ClientRequestToken`` is derived from the secret
and the new value's fingerprint: AWS treats a repeat with the same token and value as the
same version, so a resumed rotation that writes again creates nothing new. The new version
gets ``AWSCURRENT`` at once (the old one becomes ``AWSPREVIOUS``); that is safe because
Twilio accepts both tokens until promotion, and it is what lets consumers that read
``AWSCURRENT`` pick the new token up before the old one stops working.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sherlock.config.schema import AwsSettings
from sherlock.extras import requires
from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret
from sherlock.stores.base import StoreReadError, StoreRef

if TYPE_CHECKING:
    # boto3 comes with the aws extra: a rotation of files only must not need it.
    from sherlock.stores.aws import AwsSecretsManagerReader

_NAMESPACE = uuid.UUID("5d0c3c8e-6a55-4d6e-9f0e-2b8f1c7a9e31")


def _field(payload: str, key: str | None) -> str | None:
    """The token inside a payload: the JSON key ``key`` names, or the whole payload."""
    if key is None:
        return payload
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _replaced(payload: str | None, key: str | None, value: Secret) -> str:
    """The payload with the token replaced; other JSON keys (the SID, ...) kept as they were."""
    if key is None:
        return value.reveal()
    data: dict[str, Any] = {}
    if payload:
        try:
            loaded = json.loads(payload)
        except ValueError:
            loaded = None
        if not isinstance(loaded, dict):
            raise RotationError("the current version is not a JSON object; not overwritten")
        data = loaded
    data[key] = value.reveal()
    return json.dumps(data)


def _reason(exc: Exception, region: str) -> str:
    """The reader's own wording (the error code, never the server's message)."""
    from botocore.exceptions import ClientError

    from sherlock.stores.aws import _client_error_reason

    if isinstance(exc, ClientError):
        return _client_error_reason(exc, region)
    return type(exc).__name__


@dataclass
class AwsTarget:
    """``aws-sm://NAME[#key]``: one secret (or one JSON key of it) in Secrets Manager."""

    ref: StoreRef
    settings: AwsSettings
    environ: Mapping[str, str]
    _reader: AwsSecretsManagerReader | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        return str(self.ref)

    @property
    def reader(self) -> AwsSecretsManagerReader:
        if self._reader is None:
            from sherlock.stores.aws import AwsSecretsManagerReader

            self._reader = AwsSecretsManagerReader(self.settings, self.environ)
        return self._reader

    def _payloads(self) -> list[Secret | None]:
        """Every version's payload, current first."""
        try:
            secret = self.reader.read(StoreRef(self.ref.scheme, self.ref.name))
        except StoreReadError as exc:
            raise RotationError(str(exc)) from None
        ordered = sorted(secret.versions, key=lambda v: not v.current)
        return [v.payload for v in ordered]

    def _current_payload(self) -> str | None:
        payloads = self._payloads()
        return payloads[0].reveal() if payloads and payloads[0] is not None else None

    def read(self) -> Secret | None:
        payload = self._current_payload()
        value = _field(payload, self.ref.key) if payload is not None else None
        return Secret(value) if value is not None else None

    def history(self) -> list[Secret]:
        found = [_field(p.reveal(), self.ref.key) for p in self._payloads()[1:] if p]
        return [Secret(v) for v in found if v is not None]

    def read_fields(self, names: Sequence[str]) -> dict[str, Secret]:
        """Several JSON keys of the current version (an API key's SID and secret)."""
        payload = self._current_payload()
        found = {name: _field(payload, name) for name in names} if payload else {}
        return {name: Secret(value) for name, value in found.items() if value is not None}

    def write(self, value: Secret) -> None:
        payload = _replaced(self._current_payload(), self.ref.key, value)
        self._put(payload, value.fingerprint)

    def write_fields(self, values: Mapping[str, Secret]) -> None:
        """Replace several JSON keys in one new version: never half a pair."""
        payload = self._current_payload()
        for name, value in values.items():
            payload = _replaced(payload, name, value)
        self._put(payload or "{}", "|".join(v.fingerprint for v in values.values()))

    def _put(self, payload: str, identity: str) -> None:
        """One new current version; the same secret and value always make the same version."""
        token = str(uuid.uuid5(_NAMESPACE, f"{self.ref.uri}|{identity}"))
        region = "the configured region"
        with requires("aws", error=RotationError):
            from botocore.exceptions import BotoCoreError, ClientError
        try:
            client, region = self.reader._client_for(self.ref)
            client.put_secret_value(
                SecretId=self.ref.name, SecretString=payload, ClientRequestToken=token
            )
        except (ClientError, BotoCoreError, ValueError) as exc:
            raise RotationError(f"could not write {self.ref.uri}: {_reason(exc, region)}") from None
