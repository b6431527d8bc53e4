"""What the GCP Secret Manager emulator answers: routing, Google's error shape, paging, enums.

Pure functions over :class:`~sherlock_testing.emulators.gcp_sm_model.Model`; the HTTP layer hands in
an :class:`ApiRequest` and writes back the :class:`ApiResponse`. Only the read methods of
the v1 REST API exist (GetSecret, ListSecretVersions, GetSecretVersion,
AccessSecretVersion); any other method or path is a 404, so a reader that tries to write
gets an error rather than silently succeeding.

Behaviour matched to the real service (and why):

* Accessing a DISABLED or DESTROYED version is ``400 FAILED_PRECONDITION`` ("Secret Version
  [...] is in DISABLED state."): the version exists, it is the version's state that forbids
  the call, which is what FAILED_PRECONDITION means in Google's error model; the service
  answers that for both states, and GetSecretVersion still describes them.
* ``latest`` is the highest-numbered ENABLED version; with none, access is ``404 NOT_FOUND``
  ("Secret [...] not found or has no versions.").
* An unknown project, or a secret the caller may not read, is ``403 PERMISSION_DENIED``
  ("Permission '...' denied for resource '...' (or it may not exist)."): Google does not
  reveal whether a project it will not let you see exists. A missing secret in a project
  you can see is ``404``.
* Versions are listed newest first; ``int64`` fields (``dataCrc32c``) are JSON strings;
  ``$alt=json;enum-encoding=int`` (what the official REST transport sends) makes enums
  numbers, otherwise they are names.
* Error messages for malformed names and page tokens are our own wording; the codes and
  statuses are the real ones.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sherlock.stores.gcp import crc32c
from sherlock_testing.emulators.gcp_sm_model import (
    PROJECT_ID,
    SECRET_ID,
    STATE_NUMBERS,
    Model,
    StoredSecret,
    Version,
    project_number_for,
    rfc3339,
)

_HTTP_STATUS = {
    "INVALID_ARGUMENT": 400,
    "FAILED_PRECONDITION": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "UNAVAILABLE": 503,
}

_ROUTE = re.compile(
    r"/v1/projects/(?P<project>[^/]+)/secrets/(?P<secret>[^/:]+)"
    r"(?:(?P<versions>/versions(?:/(?P<version>[^/:]+))?)?(?P<access>:access)?|(?P<add>:addVersion))"
)
_FILTER = re.compile(r"\s*state\s*[:=]\s*(?P<state>[A-Za-z_]+)\s*")


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    authorization: str | None = None
    body: bytes = b""


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: dict[str, Any]

    def encode(self) -> bytes:
        return json.dumps(self.body, indent=2).encode()


class ApiError(Exception):
    """A Google-shaped error on its way to becoming a response."""

    def __init__(self, status: str, message: str, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []

    def response(self) -> ApiResponse:
        code = _HTTP_STATUS[self.status]
        error: dict[str, Any] = {"code": code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return ApiResponse(code, {"error": error})


def _error_info(reason: str, domain: str, **metadata: str) -> dict[str, Any]:
    return {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": reason,
        "domain": domain,
        "metadata": metadata,
    }


def respond(model: Model, req: ApiRequest) -> ApiResponse:
    """One request, one answer; every failure in Google's JSON error shape."""
    try:
        match = _ROUTE.fullmatch(req.path)
        expected = "POST" if match is not None and match["add"] else "GET"
        if match is None or req.method != expected:
            raise ApiError("NOT_FOUND", f"Method not found: {req.method} {req.path}")
        if model.unavailable == "all" or (
            model.unavailable == "access" and req.path.endswith(":access")
        ):
            raise ApiError("UNAVAILABLE", "The service is currently unavailable.")
        _authenticate(model, req)
        return _route(model, req, match)
    except ApiError as exc:
        return exc.response()


def _authenticate(model: Model, req: ApiRequest) -> None:
    if model.callers.open:
        return
    scheme, _, token = (req.authorization or "").partition(" ")
    if not token or scheme.lower() != "bearer":
        raise ApiError(
            "UNAUTHENTICATED",
            "Request is missing required authentication credential. Expected OAuth 2 access "
            "token, login cookie or other valid authentication credential.",
            [_error_info("CREDENTIALS_MISSING", "googleapis.com")],
        )
    if not model.callers.accepts(token):
        raise ApiError(
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential.",
            [_error_info("ACCESS_TOKEN_TYPE_UNSUPPORTED", "googleapis.com")],
        )


def _route(model: Model, req: ApiRequest, match: re.Match[str]) -> ApiResponse:
    project, secret_id = match["project"], match["secret"]
    version, access = match["version"], bool(match["access"])
    listing = bool(match["versions"]) and version is None
    if access and version is None:
        raise ApiError("NOT_FOUND", f"Method not found: {req.method} {req.path}")
    if not PROJECT_ID.fullmatch(project) or not SECRET_ID.fullmatch(secret_id):
        raise ApiError(
            "INVALID_ARGUMENT",
            f"Invalid resource name [projects/{project}/secrets/{secret_id}]: "
            "expected projects/PROJECT/secrets/SECRET_ID.",
        )
    if match["add"]:
        permission = "secretmanager.versions.add"
    elif access:
        permission = "secretmanager.versions.access"
    elif listing:
        permission = "secretmanager.versions.list"
    elif version is not None:
        permission = "secretmanager.versions.get"
    else:
        permission = "secretmanager.secrets.get"
    shown = f"projects/{project}/secrets/{secret_id}" + (f"/versions/{version}" if version else "")
    known_project = project_number_for(project) in model.secrets
    if not known_project or model.is_denied(project, secret_id, permission):
        raise ApiError(
            "PERMISSION_DENIED",
            f"Permission '{permission}' denied for resource '{shown}' (or it may not exist).",
            [
                _error_info(
                    "IAM_PERMISSION_DENIED",
                    "secretmanager.googleapis.com",
                    permission=permission,
                    resource=shown,
                )
            ],
        )
    secret = model.secret(project, secret_id)
    name = f"projects/{project_number_for(project)}/secrets/{secret_id}"
    ints = "enum-encoding=int" in req.query.get("$alt", "")
    if match["add"]:
        if secret is None:
            raise ApiError("NOT_FOUND", f"Secret [{name}] not found.")
        number = model.add_version(project, secret_id, _payload(req.body), None, "ENABLED")
        return ApiResponse(200, _version_json(secret.versions[number], name, ints))
    if secret is None:
        tail = " or has no versions." if access else "."
        raise ApiError("NOT_FOUND", f"Secret [{name}] not found{tail}")
    if listing:
        return _list_versions(secret, name, req.query, ints, model.page_size_cap)
    if version is None:
        return ApiResponse(200, _secret_json(secret, name))
    found = _resolve(secret, name, version)
    if not access:
        return ApiResponse(200, _version_json(found, name, ints))
    return _access(found, name)


def _payload(body: bytes) -> bytes:
    """``{"payload": {"data": base64, "dataCrc32c": "…"}}``, checked as Google checks it."""
    try:
        data = json.loads(body or b"{}")["payload"]
        raw = base64.b64decode(data["data"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise ApiError("INVALID_ARGUMENT", "Invalid payload: expected base64 data.") from None
    checksum = data.get("dataCrc32c")
    if checksum is not None and str(checksum) != str(crc32c(raw)):
        raise ApiError("INVALID_ARGUMENT", "Checksum mismatch for the secret payload.")
    return raw


def _resolve(secret: StoredSecret, name: str, version: str) -> Version:
    if version == "latest":
        latest = secret.latest()
        if latest is None:
            raise ApiError("NOT_FOUND", f"Secret [{name}] not found or has no versions.")
        return latest
    if not version.isdigit() or int(version) < 1:
        raise ApiError(
            "INVALID_ARGUMENT",
            f"Invalid version [{version}]: a version is a positive number or 'latest'.",
        )
    found = secret.versions.get(int(version))
    if found is None:
        raise ApiError("NOT_FOUND", f"Secret Version [{name}/versions/{version}] not found.")
    return found


def _secret_json(secret: StoredSecret, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "replication": {"automatic": {}},
        "createTime": rfc3339(secret.created),
        "etag": secret.etag,
    }


def _version_json(version: Version, name: str, ints: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"{name}/versions/{version.number}",
        "createTime": rfc3339(version.created),
        "state": STATE_NUMBERS[version.state] if ints else version.state,
        "replicationStatus": {"automatic": {}},
        "etag": version.etag,
        "clientSpecifiedPayloadChecksum": True,
    }
    if version.destroyed is not None:
        body["destroyTime"] = rfc3339(version.destroyed)
    return body


def _access(version: Version, name: str) -> ApiResponse:
    shown = f"{name}/versions/{version.number}"
    if version.state != "ENABLED" or version.data is None:
        raise ApiError(
            "FAILED_PRECONDITION", f"Secret Version [{shown}] is in {version.state} state."
        )
    payload: dict[str, Any] = {"data": base64.b64encode(version.data).decode("ascii")}
    if version.crc32c is not None:
        payload["dataCrc32c"] = str(version.crc32c)
    return ApiResponse(200, {"name": shown, "payload": payload})


def _list_versions(
    secret: StoredSecret, name: str, query: dict[str, str], ints: bool, cap: int
) -> ApiResponse:
    versions = secret.newest_first()
    wanted = query.get("filter", "").strip()
    if wanted:
        match = _FILTER.fullmatch(wanted)
        if match is None or match["state"].upper() not in STATE_NUMBERS:
            raise ApiError("INVALID_ARGUMENT", f"Invalid filter [{wanted}].")
        versions = [v for v in versions if v.state == match["state"].upper()]
    size_text = query.get("pageSize", "0")
    if not size_text.lstrip("-").isdigit() or int(size_text) < 0:
        raise ApiError("INVALID_ARGUMENT", f"Invalid page size [{size_text}].")
    size = min(int(size_text) or cap, cap)
    start = _page_start(query.get("pageToken", ""), name, len(versions))
    page = versions[start : start + size]
    body: dict[str, Any] = {
        "versions": [_version_json(v, name, ints) for v in page],
        "totalSize": len(versions),
    }
    if start + size < len(versions):
        body["nextPageToken"] = _page_token(name, start + size)
    if not page:
        del body["versions"]  # proto3 JSON omits empty repeated fields
    return ApiResponse(200, body)


def _page_token(name: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{name}|{offset}".encode()).decode("ascii")


def _page_start(token: str, name: str, total: int) -> int:
    if not token:
        return 0
    try:
        owner, _, offset = base64.urlsafe_b64decode(token.encode()).decode().rpartition("|")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        owner, offset = "", ""
    if owner != name or not offset.isdigit() or int(offset) > total:
        raise ApiError("INVALID_ARGUMENT", "Invalid page token.")
    return int(offset)
