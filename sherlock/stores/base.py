"""What every secret-store reader shares: references, versions, and the reader protocol.

A store reference is a URI in ``sherlock.toml`` (``aws-sm://prod/twilio#authToken``). A
reader turns one reference into a :class:`StoreSecret`: every version the store still
knows, newest first, each with its payload wrapped in a :class:`~sherlock.secrets.Secret`
and the dates that make version history usable as evidence ("replaced on 3 May").

Readers are read-only by contract and never raise anything but :class:`StoreReadError`,
whose message is safe to show: it names the store and the reason, never a value.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sherlock.secrets import Secret

#: URI scheme → human name of the store.
STORE_SCHEMES: dict[str, str] = {
    "aws-sm": "AWS Secrets Manager",
    "vault": "HashiCorp Vault (KV v2)",
    "gcp-sm": "GCP Secret Manager",
}


class StoreReadError(Exception):
    """A store could not be read (permission, network, missing secret); the message is safe."""


@dataclass(frozen=True, order=True)
class StoreRef:
    """``scheme://name[#key]``: one secret in one store, optionally one JSON key of it.

    ``name`` is the part a reader needs: an AWS secret id or ARN, ``MOUNT/PATH`` for Vault,
    ``projects/P/secrets/S`` for GCP.
    """

    scheme: str
    name: str
    key: str | None = None

    @property
    def uri(self) -> str:
        """The secret's URI without the key: what versions belong to."""
        return f"{self.scheme}://{self.name}"

    def __str__(self) -> str:
        return f"{self.uri}#{self.key}" if self.key else self.uri

    @property
    def store(self) -> str:
        return STORE_SCHEMES[self.scheme]

    @classmethod
    def parse(cls, text: str) -> StoreRef:
        """Parse a store URI; ValueError says what is wrong in words a config author can act on.

        Messages never repeat the text: a token pasted where a URI belongs must not be echoed
        (the config loader names the line instead).
        """
        scheme, sep, rest = text.partition("://")
        if not sep or scheme not in STORE_SCHEMES:
            known = ", ".join(f"{s}://" for s in STORE_SCHEMES)
            raise ValueError(f"not a store URI (expected one of {known})")
        name, _, key = rest.partition("#")
        name = name.strip("/") if scheme != "aws-sm" else name
        if not name:
            raise ValueError(f"this {scheme}:// URI names no secret")
        if scheme == "vault" and "/" not in name:
            raise ValueError("a Vault URI is vault://MOUNT/PATH")
        if scheme == "gcp-sm":
            parts = name.split("/")
            if len(parts) != 4 or parts[0] != "projects" or parts[2] != "secrets" or not all(parts):
                raise ValueError("a GCP URI is gcp-sm://projects/PROJECT/secrets/SECRET")
        return cls(scheme, name, key or None)


def is_store_uri(text: str) -> bool:
    return text.partition("://")[0] in STORE_SCHEMES and "://" in text


@dataclass(frozen=True)
class SecretVersion:
    """One version of a stored secret.

    ``version`` is the store's own id (AWS VersionId, Vault's version number, GCP's version
    number); ``labels`` are the store's names for it (AWSCURRENT, AWSPREVIOUS, "latest");
    ``payload`` is None when the store keeps the version but not its data (destroyed,
    disabled or deleted), so history still shows the version existed.
    """

    version: str
    created: datetime | None
    current: bool
    payload: Secret | None
    labels: tuple[str, ...] = ()
    state: str = "enabled"

    @property
    def short(self) -> str:
        """A stable name for locations: ``AWSCURRENT`` / ``v3`` (AWS version ids are random)."""
        stage = next((label for label in self.labels if label.startswith("AWS")), None)
        if stage is not None:
            return stage
        return f"v{self.version}" if self.version.isdigit() else self.version[:8]

    @property
    def display(self) -> str:
        """``AWSPREVIOUS (v-1a2b3c4d…)`` / ``v3 (current)`` / ``v2 (disabled)``: for evidence."""
        labels = [label for label in self.labels if label != self.version]
        if self.state != "enabled":
            labels.append(self.state)
        if self.version.isdigit():
            return f"v{self.version}" + (f" ({', '.join(labels)})" if labels else "")
        name = self.version if len(self.version) <= 12 else self.version[:8] + "…"
        if not labels:
            return name
        return f"{labels[0]} ({', '.join([name, *labels[1:]])})"


@dataclass(frozen=True)
class StoreSecret:
    """Everything a reader learned about one secret: versions newest first."""

    ref: StoreRef
    versions: tuple[SecretVersion, ...]

    @property
    def current(self) -> SecretVersion | None:
        return next((v for v in self.versions if v.current), None)

    def replaced(self, version: SecretVersion) -> tuple[SecretVersion | None, datetime | None]:
        """The version that came right after ``version`` and when: "replaced on … by …".

        Readers list versions newest first, so the successor is the one just before it;
        creation dates are only shown, never used to order (stores round them, and a
        rotation can write two versions within one second).
        """
        for later, earlier in itertools.pairwise(self.versions):
            if earlier is version:
                return later, later.created
        return None, None


class StoreReader(Protocol):
    """Reads one kind of store. Implementations are synchronous (the store SDKs are);
    the engine runs them in threads, concurrently."""

    scheme: str
    #: ``scheme://host[:port]`` of every endpoint a request was sent (or attempted) to.
    contacted: set[str]

    def read(self, ref: StoreRef) -> StoreSecret:
        """Every version of ``ref``'s secret; raises only :class:`StoreReadError`."""
        ...


Environ = Mapping[str, str]
