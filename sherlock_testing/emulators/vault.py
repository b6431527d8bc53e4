"""A fake HashiCorp Vault (KV v2, tokens, AppRole) over real HTTP, for tests and demos.

No Vault binary can be installed where Sherlock is built, and a mock of hvac would only
test our assumptions about hvac. So the real hvac client talks to this server, which
answers as Vault's HTTP API documents: the same JSON envelopes, the 404-with-metadata
for a soft-deleted or destroyed version, the two different 403 texts (unknown token
versus a policy that does not cover the path), ``no handler for route`` for an unmounted
engine, 503 ``Vault is sealed``, and RFC 3339 timestamps with nanoseconds. Usage::

    with VaultEmulator() as vault:
        vault.add_token("hvs.reader", allow=["secret/data/prod/*", "secret/metadata/prod/*"])
        vault.put("secret", "prod/twilio", {"auth_token": "..."})
        ...  # hvac.Client(url=vault.base_url, token="hvs.reader")

State lives in memory and can be seeded from Python (:meth:`VaultEmulator.put`,
:meth:`~VaultEmulator.delete_version`, :meth:`~VaultEmulator.destroy_version`, tokens,
AppRoles) or through hvac, since writes are served too. :attr:`VaultEmulator.requests`
logs every request with the token's fingerprint (never the token), so a test can prove a
client only read. Storage rules live in :mod:`.vault_kv`, ACL and AppRole in
:mod:`.vault_auth`, endpoints in :mod:`.vault_routes`, the HTTP layer in :mod:`.vault_http`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sherlock.emulators.server import BackgroundServer
from sherlock.secrets import fingerprint
from sherlock_testing.emulators.vault_auth import (
    ALL_CAPABILITIES,
    READ_CAPABILITIES,
    AppRole,
    make_token,
)
from sherlock_testing.emulators.vault_http import VaultHandler
from sherlock_testing.emulators.vault_kv import KvMount, now_ns, to_ns
from sherlock_testing.emulators.vault_routes import Incoming, Reply, VaultState, respond

__all__ = ["ALL_CAPABILITIES", "READ_CAPABILITIES", "RecordedRequest", "VaultEmulator"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the emulator saw it. ``token`` is a fingerprint, never the token."""

    method: str
    path: str
    operation: str
    token: str | None
    namespace: str | None
    status: int
    query: str = ""

    @property
    def is_login(self) -> bool:
        return self.path.startswith("/v1/auth/") and self.path.endswith("/login")

    @property
    def is_write(self) -> bool:
        """Did this request ask Vault to change something (logins do not count)?"""
        return self.operation in ("update", "delete") and not self.is_login


class VaultEmulator(BackgroundServer[RecordedRequest]):
    """A running fake Vault on a loopback port (``port=0`` picks a free one).

    ``mounts`` are the KV v2 engines enabled at start; :meth:`put` enables more on demand.
    ``max_versions`` is the mount-wide limit (0 means Vault's default of 10).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        mounts: Iterable[str] = ("secret",),
        max_versions: int = 0,
    ) -> None:
        super().__init__(VaultHandler, host=host, port=port)
        self._max_versions = max_versions
        self._state = VaultState(mounts={m: KvMount(max_versions) for m in mounts})
        self.latency_seconds = 0.0

    # -- faults ------------------------------------------------------------------------

    @property
    def sealed(self) -> bool:
        with self._lock:
            return self._state.sealed

    @sealed.setter
    def sealed(self, value: bool) -> None:
        """A sealed Vault answers 503 ``Vault is sealed`` to everything but sys/health."""
        with self._lock:
            self._state.sealed = value

    # -- seeding -----------------------------------------------------------------------

    def enable_kv(self, mount: str) -> None:
        """Mount a KV v2 engine at ``mount`` (no-op if one is there)."""
        with self._lock:
            self._state.mounts.setdefault(mount.strip("/"), KvMount(self._max_versions))

    def put(
        self,
        mount: str,
        path: str,
        data: Mapping[str, Any],
        created: datetime | None = None,
    ) -> int:
        """Add a version (created now, or at the timezone-aware ``created``); its number."""
        path = _check_path(path)
        when = to_ns(created) if created is not None else now_ns()
        self.enable_kv(mount)
        with self._lock:
            kv = self._state.mounts[mount.strip("/")]
            _, version = kv.write(path, copy.deepcopy(dict(data)), when)
            return version.number

    def delete_version(
        self, mount: str, path: str, version: int | None = None, *, when: datetime | None = None
    ) -> None:
        """Soft-delete ``version`` (default: the current one), as ``vault kv delete`` does."""
        with self._lock:
            kv, cleaned = self._mount(mount), _check_path(path)
            key = kv.keys.get(cleaned)
            if key is None:
                raise KeyError(f"no secret at {mount}/{cleaned}")
            number = version if version is not None else key.current_version
            kv.soft_delete(cleaned, [number], to_ns(when) if when else now_ns())

    def undelete_version(self, mount: str, path: str, version: int) -> None:
        with self._lock:
            self._mount(mount).undelete(_check_path(path), [version])

    def destroy_version(self, mount: str, path: str, version: int) -> None:
        """Throw away a version's data for good; its metadata stays, marked destroyed."""
        with self._lock:
            self._mount(mount).destroy(_check_path(path), [version])

    def _mount(self, mount: str) -> KvMount:
        kv = self._state.mounts.get(mount.strip("/"))
        if kv is None:
            raise KeyError(f"no KV mount at {mount}/")
        return kv

    def add_token(
        self,
        token: str,
        allow: str | Iterable[str] = "*",
        *,
        capabilities: Iterable[str] = ALL_CAPABILITIES,
    ) -> None:
        """Accept ``token``, allowed ``capabilities`` on the Vault ACL paths in ``allow``
        (``"*"``: everything; ``secret/data/prod/*``: a prefix; ``+``: one segment)."""
        made = make_token(allow, capabilities)
        with self._lock:
            self._state.tokens[token] = made

    def revoke_token(self, token: str) -> None:
        with self._lock:
            self._state.tokens.pop(token, None)

    def add_approle(
        self,
        role_id: str,
        secret_id: str,
        token: str,
        *,
        mount: str = "approle",
        role_name: str = "sherlock",
    ) -> None:
        """Let ``auth/{mount}/login`` with this pair hand out ``token`` (added beforehand)."""
        with self._lock:
            if token not in self._state.tokens:
                raise ValueError("add_token() the AppRole's token first: it defines its policy")
            roles = self._state.approles.setdefault(mount.strip("/"), {})
            roles[role_id] = AppRole(secret_id=secret_id, token=token, role_name=role_name)

    # -- serving and the log -------------------------------------------------------------

    def handle(self, req: Incoming, raw_path: str) -> Reply:
        """Vault's answer to one request; every request is logged (token as fingerprint)."""
        if self.latency_seconds:
            self.pause(self.latency_seconds)
        with self._lock:
            reply = respond(self._state, req)
            self._log.append(
                RecordedRequest(
                    method=req.method,
                    path=raw_path,
                    operation=req.operation,
                    token=fingerprint(req.token) if req.token else None,
                    namespace=req.namespace,
                    status=reply.status,
                    query="&".join(f"{k}={v}" for k, v in sorted(req.query.items())),
                )
            )
        return reply


def _check_path(path: str) -> str:
    cleaned = path.strip("/")
    if not cleaned:
        raise ValueError("a secret path cannot be empty")
    return cleaned
