"""The Vault emulator's endpoints: one request in, Vault's documented answer out.

Order matters and follows Vault's request handling: ``sys/health`` answers even when
sealed; a sealed Vault answers everything else with 503; AppRole logins need no token;
every other request needs a known token (403 ``permission denied`` otherwise), then the
token's ACL must allow the path (403 with Vault's multi-error text), and only then is a
route looked up (404 ``no handler for route`` for an unmounted engine).

Endpoints: ``sys/health``; ``auth/token/lookup-self``; ``auth/{mount}/login`` (AppRole);
and per KV v2 mount ``data/*`` (read, write, delete latest), ``metadata/*`` (read, list,
write settings, delete everything), ``delete/*``, ``undelete/*``, ``destroy/*`` and
``config``. Paths are relative to ``/v1/``.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sherlock_testing.emulators.vault_auth import AppRole, Token
from sherlock_testing.emulators.vault_kv import Key, KvError, KvMount, format_time, now_ns

VAULT_VERSION = "1.17.2"

#: Vault's text when a token is valid but its ACL does not cover the path.
POLICY_DENIED = "1 error occurred:\n\t* permission denied\n\n"
_UNSUPPORTED_PATH = "1 error occurred:\n\t* unsupported path\n\n"
_UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n"
_TRUE = {"1", "t", "T", "true", "TRUE", "True"}

#: Which capability each logical operation needs (any one of them).
_NEEDS: dict[str, tuple[str, ...]] = {
    "read": ("read",),
    "list": ("list",),
    "update": ("create", "update"),
    "delete": ("delete",),
}


@dataclass(frozen=True)
class Incoming:
    """One HTTP request, already taken apart. ``path`` is unquoted and relative to /v1/."""

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    token: str | None = None
    namespace: str | None = None
    body: bytes = b""

    @property
    def operation(self) -> str:
        """Vault's logical operation: read, list, update or delete."""
        if self.method == "LIST" or (self.method == "GET" and self.query.get("list") in _TRUE):
            return "list"
        if self.method in ("GET", "HEAD"):
            return "read"
        if self.method == "DELETE":
            return "delete"
        return "update"


@dataclass(frozen=True)
class Reply:
    """Status and JSON body; a None body is sent as 204 No Content."""

    status: int
    body: dict[str, Any] | None = None


@dataclass
class VaultState:
    """Everything the emulator knows. Not thread-safe: the emulator holds its lock."""

    mounts: dict[str, KvMount] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    approles: dict[str, dict[str, AppRole]] = field(default_factory=dict)
    sealed: bool = False
    cluster_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def errors(status: int, *messages: str) -> Reply:
    return Reply(status, {"errors": list(messages)})


def envelope(data: Any, auth: dict[str, Any] | None = None) -> dict[str, Any]:
    """The wrapper every logical response has."""
    return {
        "request_id": str(uuid.uuid4()),
        "lease_id": "",
        "renewable": False,
        "lease_duration": 0,
        "data": data,
        "wrap_info": None,
        "warnings": None,
        "auth": auth,
    }


def _json_body(req: Incoming) -> dict[str, Any] | Reply:
    if not req.body.strip():
        return {}
    try:
        parsed = json.loads(req.body)
    except ValueError as exc:
        return errors(400, f"failed to parse JSON input: {exc}")
    if not isinstance(parsed, dict):
        return errors(400, "failed to parse JSON input: not a JSON object")
    return parsed


def respond(state: VaultState, req: Incoming) -> Reply:
    """Vault's answer to one request."""
    if req.path == "sys/health":
        return _health(state, req)
    if state.sealed:
        return errors(503, "Vault is sealed")
    login = _approle_login(state, req)
    if login is not None:
        return login
    token = state.tokens.get(req.token or "")
    if token is None:
        return errors(403, "permission denied")
    op = req.operation
    if req.path == "auth/token/lookup-self" and op == "read":
        return _lookup_self(req.token or "", token)
    acl_path = req.path + "/" if op == "list" and not req.path.endswith("/") else req.path
    if not any(token.allows(acl_path, cap) for cap in _NEEDS[op]):
        return errors(403, POLICY_DENIED)
    mount_name, _, rest = req.path.partition("/")
    mount = state.mounts.get(mount_name)
    if mount is None:
        return errors(404, f'no handler for route "{req.path}". route entry not found.')
    return _kv(mount, rest, req)


def _health(state: VaultState, req: Incoming) -> Reply:
    wanted = req.query.get("sealedcode" if state.sealed else "activecode", "")
    status = int(wanted) if wanted.isdigit() else (503 if state.sealed else 200)
    body: dict[str, Any] = {
        "initialized": True,
        "sealed": state.sealed,
        "standby": state.sealed,
        "performance_standby": False,
        "replication_performance_mode": "disabled",
        "replication_dr_mode": "disabled",
        "server_time_utc": int(time.time()),
        "version": VAULT_VERSION,
        "enterprise": False,
    }
    if not state.sealed:
        body |= {"cluster_name": "vault-cluster-emulated", "cluster_id": state.cluster_id}
    return Reply(status, body)


def _approle_login(state: VaultState, req: Incoming) -> Reply | None:
    """None unless this is a login on a known AppRole mount."""
    parts = req.path.split("/")
    if len(parts) != 3 or parts[0] != "auth" or parts[2] != "login":
        return None
    roles = state.approles.get(parts[1])
    if roles is None or req.operation != "update":
        return None
    body = _json_body(req)
    if isinstance(body, Reply):
        return body
    role_id, secret_id = body.get("role_id"), body.get("secret_id")
    if not isinstance(role_id, str) or not role_id:
        return errors(400, "missing role_id")
    role = roles.get(role_id)
    if role is None or not isinstance(secret_id, str) or secret_id != role.secret_id:
        return errors(400, "invalid role or secret ID")
    token = state.tokens.get(role.token)
    if token is None:
        return errors(400, "invalid role or secret ID")
    auth = {
        "client_token": role.token,
        "accessor": token.accessor,
        "policies": token.policies,
        "token_policies": token.policies,
        "metadata": {"role_name": role.role_name},
        "lease_duration": 2764800,
        "renewable": True,
        "entity_id": "",
        "token_type": "service",
        "orphan": True,
        "mfa_requirement": None,
        "num_uses": 0,
    }
    return Reply(200, envelope(None, auth=auth))


def _lookup_self(raw: str, token: Token) -> Reply:
    """Vault echoes the caller's own token as ``id``; only the caller ever sees it."""
    data = {
        "accessor": token.accessor,
        "creation_time": int(time.time()),
        "creation_ttl": 0,
        "display_name": "token",
        "entity_id": "",
        "expire_time": None,
        "explicit_max_ttl": 0,
        "id": raw,
        "issue_time": format_time(now_ns()),
        "meta": None,
        "num_uses": 0,
        "orphan": True,
        "path": "auth/token/create",
        "policies": token.policies,
        "renewable": False,
        "ttl": 0,
        "type": "service",
    }
    return Reply(200, envelope(data))


_Handler = Callable[[KvMount, str, str, Incoming], Reply]


def _kv(mount: KvMount, rest: str, req: Incoming) -> Reply:
    kind, _, path = rest.partition("/")
    op = req.operation
    if kind == "config" and not path:
        return _config(mount, req)
    handlers: dict[str, _Handler]
    if kind == "data":
        if not path or path.endswith("/"):
            return errors(404, _UNSUPPORTED_PATH)
        handlers = {"read": _read_data, "update": _write_data, "delete": _delete_latest}
    elif kind == "metadata":
        handlers = {
            "read": _read_metadata,
            "list": _list,
            "update": _write_metadata,
            "delete": _delete_metadata,
        }
    elif kind in ("delete", "undelete", "destroy") and path:
        handlers = {"update": _change_versions}
    else:
        return errors(404, _UNSUPPORTED_PATH)
    handler = handlers.get(op)
    if handler is None:
        return errors(405, _UNSUPPORTED_OPERATION)
    return handler(mount, kind, path, req)


def _read_data(mount: KvMount, _kind: str, path: str, req: Incoming) -> Reply:
    raw = req.query.get("version", "0") or "0"
    if not raw.isdigit():
        return errors(400, f'error converting input {raw} for field "version"')
    found = mount.lookup(path, int(raw) or None)
    if found is None:
        return errors(404)
    key, version = found
    metadata = key.version_metadata(version)
    if version.destroyed or version.is_deleted(now_ns()):
        return Reply(404, envelope({"data": None, "metadata": metadata}))
    return Reply(200, envelope({"data": version.data, "metadata": metadata}))


def _write_data(mount: KvMount, _kind: str, path: str, req: Incoming) -> Reply:
    body = _json_body(req)
    if isinstance(body, Reply):
        return body
    if "data" not in body:
        return errors(400, "no data provided")
    data, options = body["data"], body.get("options") or {}
    if not isinstance(data, dict) or not isinstance(options, dict):
        return errors(400, 'error converting input for field "data"')
    cas = options.get("cas")
    if cas is not None and not isinstance(cas, int):
        return errors(400, "error parsing check-and-set parameter")
    try:
        key, version = mount.write(path, data, now_ns(), cas=cas)
    except KvError as exc:
        return errors(400, str(exc))
    return Reply(200, envelope(key.version_metadata(version)))


def _delete_latest(mount: KvMount, _kind: str, path: str, _req: Incoming) -> Reply:
    key = mount.keys.get(path)
    if key is not None:
        mount.soft_delete(path, [key.current_version], now_ns())
    return Reply(204)


def _change_versions(mount: KvMount, kind: str, path: str, req: Incoming) -> Reply:
    body = _json_body(req)
    if isinstance(body, Reply):
        return body
    numbers = body.get("versions")
    if not isinstance(numbers, list) or not numbers:
        return errors(400, "no version number provided")
    if not all(isinstance(n, int) for n in numbers):
        return errors(400, 'error converting input for field "versions"')
    if kind == "delete":
        mount.soft_delete(path, numbers, now_ns())
    elif kind == "undelete":
        mount.undelete(path, numbers)
    else:
        mount.destroy(path, numbers)
    return Reply(204)


def _read_metadata(mount: KvMount, _kind: str, path: str, _req: Incoming) -> Reply:
    key = mount.keys.get(path)
    if key is None:
        return errors(404)
    return Reply(200, envelope(key.metadata()))


def _list(mount: KvMount, _kind: str, path: str, _req: Incoming) -> Reply:
    keys = mount.list(path)
    if not keys:
        return errors(404)
    return Reply(200, envelope({"keys": keys}))


def _write_metadata(mount: KvMount, _kind: str, path: str, req: Incoming) -> Reply:
    body = _json_body(req)
    if isinstance(body, Reply):
        return body
    if not path or path.endswith("/"):
        return errors(400, "missing path")
    key = mount.keys.get(path)
    if key is None:
        key = mount.keys[path] = Key(created_ns=now_ns(), updated_ns=now_ns())
    if isinstance(body.get("max_versions"), int):
        key.max_versions = body["max_versions"]
    if isinstance(body.get("cas_required"), bool):
        key.cas_required = body["cas_required"]
    custom = body.get("custom_metadata")
    if isinstance(custom, dict):
        key.custom_metadata = {str(k): str(v) for k, v in custom.items()}
    return Reply(204)


def _delete_metadata(mount: KvMount, _kind: str, path: str, _req: Incoming) -> Reply:
    mount.delete_key(path)
    return Reply(204)


def _config(mount: KvMount, req: Incoming) -> Reply:
    if req.operation == "read":
        data = {"cas_required": False, "delete_version_after": "0s"}
        return Reply(200, envelope(data | {"max_versions": mount.max_versions}))
    if req.operation == "update":
        body = _json_body(req)
        if isinstance(body, Reply):
            return body
        if isinstance(body.get("max_versions"), int):
            mount.max_versions = body["max_versions"]
        return Reply(204)
    return errors(405, _UNSUPPORTED_OPERATION)
