"""Secret stores for scenario trees: start the servers a scenario names, seed them, and hand
the CLI the environment that points at them.

``scenario.yaml`` may hold::

    stores:
      aws:                                  # moto_server, real boto3
        - name: prod/twilio
          versions:                         # oldest first; the last is AWSCURRENT
            - {accountSid: "{{sid:prod}}", authToken: "{{token:prod}}"}
            - {accountSid: "{{sid:prod}}", authToken: "{{token:prod:rotated}}"}
      vault:                                # the Vault KV v2 emulator, real hvac
        - path: secret/prod/twilio          # MOUNT/PATH; the last version is current
          versions: [...]
          denied: false                     # true: the reader's token may not read it
      gcp:                                  # the Secret Manager emulator, official client
        - name: projects/acme/secrets/twilio-prod
          versions: [...]
          denied: false

Values are rendered through the scenario's :class:`CredentialBook`, so store contents are
canaries like every file in the tree. Version ``i`` is dated ``BASE + i days``, which keeps
the "replaced on ..." evidence readable and stable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sherlock.demo.book import CredentialBook

BASE_DATE = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


def _render(value: Any, book: CredentialBook) -> str:
    if isinstance(value, Mapping):
        return json.dumps({str(k): book.render(str(v)) for k, v in value.items()})
    return book.render(str(value))


def _dates(count: int) -> list[datetime]:
    return [BASE_DATE + timedelta(days=i) for i in range(count)]


#: Checks run after the scenario: each asserts that a store was only read.
ReadOnlyCheck = Callable[[], None]


def _start_aws(
    stack: ExitStack,
    entries: list[Mapping[str, Any]],
    book: CredentialBook,
    after: list[ReadOnlyCheck],
) -> dict[str, str]:
    from tests.stores.moto_server import start_moto

    handle = start_moto()
    stack.callback(handle.stop)
    handle.reset()  # moto keeps its state per process, not per server
    for entry in entries:
        values = [_render(v, book) for v in entry["versions"]]
        handle.seed(entry["name"], values, created=_dates(len(values)))
    before = {entry["name"]: handle.stages(entry["name"]) for entry in entries}

    def unchanged() -> None:
        after_run = {name: handle.stages(name) for name in before}
        assert after_run == before, "a diagnosis changed a secret's versions or stages"

    after.append(unchanged)
    return handle.environ()


#: The Vault token the scenario's reader uses (not a Twilio secret; tests may show it).
VAULT_READER_TOKEN = "hvs.scenario-reader"


def _data(value: Any, book: CredentialBook) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): book.render(str(v)) for k, v in value.items()}
    return {"value": book.render(str(value))}


def _start_vault(
    stack: ExitStack,
    entries: list[Mapping[str, Any]],
    book: CredentialBook,
    after: list[ReadOnlyCheck],
) -> dict[str, str]:
    from sherlock_testing.emulators.vault import VaultEmulator

    vault = VaultEmulator()
    vault.start()
    stack.callback(vault.stop)
    allowed: list[str] = []
    for entry in entries:
        mount, _, path = str(entry["path"]).partition("/")
        dates = _dates(len(entry["versions"]))
        for value, when in zip(entry["versions"], dates, strict=True):
            vault.put(mount, path, _data(value, book), created=when)
        if not entry.get("denied"):
            allowed += [f"{mount}/data/{path}", f"{mount}/metadata/{path}"]
    vault.add_token(VAULT_READER_TOKEN, allowed or ["nothing/"])
    vault.reset_log()

    def only_reads() -> None:
        writes = [r for r in vault.requests if r.is_write]
        assert not writes, f"a diagnosis wrote to Vault: {writes}"

    after.append(only_reads)
    return {"VAULT_ADDR": vault.base_url, "VAULT_TOKEN": VAULT_READER_TOKEN}


def _start_gcp(
    stack: ExitStack,
    entries: list[Mapping[str, Any]],
    book: CredentialBook,
    after: list[ReadOnlyCheck],
) -> dict[str, str]:
    from sherlock.stores.fetch import GCP_ENDPOINT_VARIABLE
    from sherlock_testing.emulators.gcp_secret_manager import GcpSecretManagerEmulator

    gcp = GcpSecretManagerEmulator()
    gcp.start()
    stack.callback(gcp.stop)
    for entry in entries:
        _, project, _, secret = str(entry["name"]).split("/")
        dates = _dates(len(entry["versions"]))
        for value, when in zip(entry["versions"], dates, strict=True):
            gcp.add_version(project, secret, _render(value, book), created=when)
        if entry.get("denied"):
            gcp.deny(project, secret)

    def only_gets() -> None:
        other = [r for r in gcp.requests if r.method != "GET"]
        assert not other, f"a diagnosis sent more than reads to Secret Manager: {other}"

    after.append(only_gets)
    return {GCP_ENDPOINT_VARIABLE: gcp.base_url}


@contextmanager
def running_stores(spec: Mapping[str, Any], book: CredentialBook) -> Iterator[dict[str, str]]:
    """The environment variables that point Sherlock's readers at freshly seeded stores.

    When the block ends, every store is checked to have been only read: no new version, no
    moved stage, no write request.
    """
    stores = spec.get("stores") or {}
    environ: dict[str, str] = {}
    after: list[ReadOnlyCheck] = []
    with ExitStack() as stack:
        if stores.get("aws"):
            environ.update(_start_aws(stack, stores["aws"], book, after))
        if stores.get("vault"):
            environ.update(_start_vault(stack, stores["vault"], book, after))
        if stores.get("gcp"):
            environ.update(_start_gcp(stack, stores["gcp"], book, after))
        yield environ
        for check in after:
            check()
