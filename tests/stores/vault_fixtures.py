"""The one place tests start the Vault emulator, and the canaries and helpers around it.

Use from a test module (or a ``conftest.py``)::

    from tests.stores.vault_fixtures import vault  # noqa: F401  (registers the fixture)

    def test_x(vault: VaultEmulator) -> None:
        seed_history(vault, REF.name, CANARY_TOKENS)
        secret = vault_reader(vault).read(REF)

or, outside pytest fixtures (the scenario harness), ``with running_vault() as vault: ...``.

Every emulator started here knows these tokens (none is a Twilio secret, but all are
canaries: no Sherlock output may show them):

=================  ==========================================================
ROOT_TOKEN         everything (seeding through hvac in tests)
READER_TOKEN       read + list on ``secret/data/*`` and ``secret/metadata/*``
DATA_ONLY_TOKEN    read on ``secret/data/*`` only: metadata is forbidden, a
                   common narrow application policy
STAGING_TOKEN      read + list on ``secret/+/staging/*`` only
ROLE_ID/SECRET_ID  AppRole at ``auth/approle`` handing out APPROLE_TOKEN
                   (the same rights as READER_TOKEN)
=================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import hvac
import pytest

from sherlock.config.schema import VaultSettings
from sherlock.stores.base import StoreRef
from sherlock.stores.vault import VaultKvReader
from sherlock_testing.emulators.vault import READ_CAPABILITIES, VaultEmulator

MOUNT = "secret"
REF = StoreRef.parse("vault://secret/prod/twilio#auth_token")

ROOT_TOKEN = "hvs.VaultCanaryRoot4c1e8b2f7a9d3e6c0b5a"
READER_TOKEN = "hvs.VaultCanaryReader7e3a9c1f5b8d2e4a6c0b"
DATA_ONLY_TOKEN = "hvs.VaultCanaryDataOnly2b6d8f1a3c5e7a9b0d4f"
STAGING_TOKEN = "hvs.VaultCanaryStaging9a1c3e5b7d2f4a6c8e0b"
APPROLE_TOKEN = "hvs.VaultCanaryAppRole5d7f9b1c3e6a8d0b2f4c"
ROLE_ID = "6f3a9c1e-canary-role-4b8d-2e7a5c9f1b3d"
SECRET_ID = "VaultCanarySecretId8c2e4a6b9d1f3a5c7e0b"

#: A rotation history of one Twilio auth token, oldest first (canaries).
CANARY_TOKENS = (
    "VaultCanaryTwilioOld1a7c3e9b5d2f4a6c",
    "VaultCanaryTwilioMid8e2b4d6f1a3c5e7b",
    "VaultCanaryTwilioNew4f6a8c0e2b5d7f9a",
)

#: Every secret above: none may appear in a message, a log record or a report.
CANARY_SECRETS: tuple[str, ...] = (
    ROOT_TOKEN,
    READER_TOKEN,
    DATA_ONLY_TOKEN,
    STAGING_TOKEN,
    APPROLE_TOKEN,
    ROLE_ID,
    SECRET_ID,
    *CANARY_TOKENS,
)

#: The first version's date in :func:`seed_history`; later ones follow a day apart.
FIRST_CREATED = datetime(2026, 5, 1, 9, 30, 0, 123456, tzinfo=UTC)


def register_standard_access(vault: VaultEmulator) -> None:
    """The tokens and AppRole described in the module docstring."""
    vault.add_token(ROOT_TOKEN)
    everything = [f"{MOUNT}/data/*", f"{MOUNT}/metadata/*"]
    vault.add_token(READER_TOKEN, everything, capabilities=READ_CAPABILITIES)
    vault.add_token(DATA_ONLY_TOKEN, [f"{MOUNT}/data/*"], capabilities={"read"})
    vault.add_token(STAGING_TOKEN, [f"{MOUNT}/+/staging/*"], capabilities=READ_CAPABILITIES)
    vault.add_token(APPROLE_TOKEN, everything, capabilities=READ_CAPABILITIES)
    vault.add_approle(ROLE_ID, SECRET_ID, APPROLE_TOKEN)


@contextmanager
def running_vault(*, max_versions: int = 0) -> Iterator[VaultEmulator]:
    """A started emulator with the standard tokens, on a free loopback port, stopped on exit."""
    with VaultEmulator(max_versions=max_versions) as vault:
        register_standard_access(vault)
        yield vault


@pytest.fixture
def vault() -> Iterator[VaultEmulator]:
    """A running emulator with the standard tokens and no secrets yet."""
    with running_vault() as running:
        yield running


def seed_history(
    vault: VaultEmulator,
    name: str,
    values: Sequence[str | Mapping[str, str]],
    *,
    key: str = "auth_token",
    first: datetime = FIRST_CREATED,
    step: timedelta = timedelta(days=1),
) -> list[int]:
    """Write one version per value at ``MOUNT/PATH`` (oldest first, ``step`` apart, from
    ``first``); a plain string becomes ``{key: value}``. Returns the version numbers."""
    mount, _, path = name.partition("/")
    numbers = []
    for index, value in enumerate(values):
        data = {key: value} if isinstance(value, str) else dict(value)
        numbers.append(vault.put(mount, path, data, created=first + index * step))
    return numbers


def vault_environ(
    vault: VaultEmulator,
    *,
    token: str | None = READER_TOKEN,
    approle: bool = False,
    namespace: str | None = None,
) -> dict[str, str]:
    """The variables that point a reader (or the CLI) at ``vault``: a token, or AppRole."""
    environ = {"VAULT_ADDR": vault.base_url}
    if approle:
        environ |= {"VAULT_ROLE_ID": ROLE_ID, "VAULT_SECRET_ID": SECRET_ID}
    elif token is not None:
        environ["VAULT_TOKEN"] = token
    if namespace is not None:
        environ["VAULT_NAMESPACE"] = namespace
    return environ


def vault_reader(
    vault: VaultEmulator,
    settings: VaultSettings | None = None,
    *,
    token: str | None = READER_TOKEN,
    approle: bool = False,
    namespace: str | None = None,
    timeout: float = 3.0,
) -> VaultKvReader:
    """A reader aimed at ``vault``, authenticated as :func:`vault_environ` arranges."""
    environ = vault_environ(vault, token=token, approle=approle, namespace=namespace)
    return VaultKvReader(settings or VaultSettings(), environ, timeout=timeout)


def hvac_client(vault: VaultEmulator, token: str = ROOT_TOKEN) -> hvac.Client:
    """The real hvac client, for wire tests and for seeding through the API."""
    return hvac.Client(url=vault.base_url, token=token, timeout=3)
