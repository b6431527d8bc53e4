"""The one place tests start the GCP Secret Manager emulator, and helpers around it.

Use from a test module (or a ``conftest.py``)::

    from tests.stores.gcp_fixtures import gcp_fixture  # noqa: F401  (registers `gcp`)

    def test_x(gcp: GcpSecretManagerEmulator) -> None:
        seed_versions(gcp, ["old", "new"])
        secret = gcp_reader(gcp).read(REF)

or, outside pytest fixtures (the scenario harness), ``with running_gcp() as gcp: ...``.
Values seeded by tests are canaries: unique, fake, and searched for in every output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

from sherlock.config.schema import GcpSettings
from sherlock.stores.base import StoreRef
from sherlock.stores.gcp import GcpSecretManagerReader
from sherlock_testing.emulators.gcp_secret_manager import GcpSecretManagerEmulator

if TYPE_CHECKING:
    from google.cloud.secretmanager_v1 import SecretManagerServiceClient

PROJECT = "acme"
SECRET_ID = "twilio-prod"
REF = StoreRef.parse(f"gcp-sm://projects/{PROJECT}/secrets/{SECRET_ID}#authToken")
#: The first version's date in :func:`seed_versions`; later ones follow a day apart.
FIRST_CREATED = datetime(2026, 5, 1, 9, 30, 0, 123456, tzinfo=UTC)

#: Canary payloads: a rotation history of one auth token, oldest first.
CANARY_TOKENS = (
    "GcpCanaryOld0c4e9b7a1f2d3e6b8a9c",
    "GcpCanaryMid7d2a9e4c1b6f8e3a0d5c",
    "GcpCanaryNew3b8f1a6d9c2e7b4a0f1e",
)
#: A static bearer token for the authentication tests (also a canary).
ACCESS_TOKEN = "ya29.GcpCanaryAccessToken5e1c8a3f7b2d9e0c"
SERVICE_ACCOUNT = "sherlock-reader@acme.iam.gserviceaccount.com"


@contextmanager
def running_gcp() -> Iterator[GcpSecretManagerEmulator]:
    """A started emulator on a free loopback port, stopped on exit."""
    with GcpSecretManagerEmulator() as emulator:
        yield emulator


@pytest.fixture(name="gcp")
def gcp_fixture() -> Iterator[GcpSecretManagerEmulator]:
    """``gcp``: a running emulator per test. Import ``gcp_fixture`` to register it (the
    import name differs from the fixture's so test parameters do not shadow it)."""
    with running_gcp() as emulator:
        yield emulator


def seed_versions(
    emulator: GcpSecretManagerEmulator,
    values: Sequence[str | bytes] = CANARY_TOKENS,
    *,
    project: str = PROJECT,
    secret_id: str = SECRET_ID,
    start: datetime = FIRST_CREATED,
    step: timedelta = timedelta(days=1),
) -> list[int]:
    """Add ``values`` as versions, oldest first, ``step`` apart; returns their numbers."""
    return [
        emulator.add_version(project, secret_id, value, created=start + i * step)
        for i, value in enumerate(values)
    ]


def gcp_reader(
    emulator: GcpSecretManagerEmulator | None = None,
    *,
    endpoint: str | None = None,
    credentials: Literal["default", "anonymous"] = "default",
    environ: Mapping[str, str] | None = None,
    timeout: float = 2.0,
) -> GcpSecretManagerReader:
    """A reader pointed at ``emulator`` (or at ``endpoint``), as ``sherlock.toml`` would set it."""
    url = endpoint if endpoint is not None else emulator.base_url if emulator else None
    settings = GcpSettings(endpoint=url, credentials=credentials)
    return GcpSecretManagerReader(settings, environ or {}, timeout=timeout)


def gcp_client(emulator: GcpSecretManagerEmulator) -> SecretManagerServiceClient:
    """The official client, as its documentation says to point it at another endpoint."""
    from google.api_core.client_options import ClientOptions
    from google.auth.credentials import AnonymousCredentials
    from google.cloud.secretmanager_v1 import SecretManagerServiceClient

    return SecretManagerServiceClient(
        transport="rest",
        credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
        client_options=ClientOptions(api_endpoint=emulator.base_url),
    )


@dataclass(frozen=True)
class ServiceAccountKey:
    """A fresh service-account key file, as the Cloud console downloads it."""

    path: Path
    email: str
    public_pem: bytes


def service_account_key(directory: Path, email: str = SERVICE_ACCOUNT) -> ServiceAccountKey:
    """Write a key file for ``email`` with a new RSA key; trust it with
    ``emulator.trust_service_account(key.email, key.public_pem)``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    info = {
        "type": "service_account",
        "project_id": PROJECT,
        "private_key_id": "0123456789abcdef0123456789abcdef01234567",
        "private_key": private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii"),
        "client_email": email,
        "client_id": "100000000000000000001",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    path = directory / "sherlock-reader-key.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return ServiceAccountKey(path, email, public_pem)
