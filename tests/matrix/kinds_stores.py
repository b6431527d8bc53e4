"""Secret stores named by ``sherlock.toml``: AWS Secrets Manager, Vault KV v2 and GCP Secret
Manager, one secret per service, seeded through ``tests/store_harness.py``.

Each store gets the JSON shape its users most often write (AWS's Twilio rotation secret uses
``accountSid``/``authToken``; Vault paths snake_case; GCP the variable names). A value with
invisible junk carries a trailing newline, as ``--secret-string "$(cat token.txt)"`` or a
console paste leaves it. A service's ``history`` becomes older versions of its secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tests.matrix.model import ENV_NAMES, Mark, Service, Tree, Var

_SNAKE = {
    "sid": "account_sid",
    "token": "auth_token",
    "keysid": "api_key",
    "keysecret": "api_secret",
}
_CAMEL = {"sid": "accountSid", "token": "authToken", "keysid": "apiKey", "keysecret": "apiSecret"}


@dataclass(frozen=True)
class Store:
    """One store's naming: its config URI, its seeding entry and its version labels."""

    scheme: str
    keys: Mapping[str, str]
    secret: Callable[[str, str], str]  # (folder, service) -> the store's own name
    entry_key: str  # "name" or "path" in the store harness
    current: Callable[[int], str]  # number of versions -> the current version's label

    def uri(self, folder: str, service: str) -> str:
        return f"{self.scheme}://{self.secret(folder, service)}"


AWS = Store("aws-sm", _CAMEL, lambda f, s: f"{f}/twilio-{s}", "name", lambda count: "AWSCURRENT")
VAULT = Store(
    "vault", _SNAKE, lambda f, s: f"secret/{f}/twilio-{s}", "path", lambda count: f"v{count}"
)
GCP = Store(
    "gcp-sm",
    dict(ENV_NAMES),
    lambda f, s: f"projects/acme/secrets/twilio-{f}-{s}",
    "name",
    lambda count: f"v{count}",
)
STORES = {"aws": AWS, "vault": VAULT, "gcp": GCP}


def _payload(vars: Sequence[Var], keys: Mapping[str, str]) -> dict[str, str]:
    junk = {Mark.INVISIBLE: "\n", Mark.PADDED: " "}
    return {keys[v.field]: v.value + junk.get(v.mark, "") for v in vars if v.field in keys}


def _config(services: Sequence[Service], folders: Mapping[str, str], store: Store) -> str:
    lines: list[str] = []
    for env in dict.fromkeys(s.env for s in services):
        lines.append(f"[environments.{env}]")
        for service in (s for s in services if s.env == env):
            uri = store.uri(folders[env], service.name)
            lines += ["", f"[environments.{env}.services.{service.name}]", f'sources = ["{uri}"]']
        lines.append("")
    return "\n".join(lines)


def write_store(kind: str, services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``sherlock.toml`` naming one secret per service, and the store's seeded contents."""
    store = STORES[kind]
    tree = Tree(files={"sherlock.toml": _config(services, folders, store)})
    entries: list[dict[str, Any]] = []
    for service in services:
        versions = [*service.history, service.vars]
        secret = store.secret(folders[service.env], service.name)
        entries.append(
            {store.entry_key: secret, "versions": [_payload(v, store.keys) for v in versions]}
        )
        label = store.current(len(versions))
        for var in service.vars:
            if var.field in store.keys:
                where = f"{store.uri(folders[service.env], service.name)}#{store.keys[var.field]}@{label}"
                tree.places[(service.env, service.name, var.field)] = where
    tree.stores[kind] = entries
    return tree


def store_writer(kind: str) -> Callable[[Sequence[Service], Mapping[str, str]], Tree]:
    """A writer with the same signature as the file kinds' writers."""
    return lambda services, folders: write_store(kind, services, folders)
