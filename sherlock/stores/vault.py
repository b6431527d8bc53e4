"""Read a secret's whole version history from HashiCorp Vault's KV v2 engine, read-only.

``vault://secret/prod/twilio`` names mount ``secret`` and path ``prod/twilio``. The reader
asks for the key's metadata (every version, when each was written, which is current,
which were deleted or destroyed), then reads the data of each version that still has
some, so a diagnosis can say "the Kubernetes Secret still holds version 2; version 3
replaced it on 3 May". Many teams grant applications ``read`` on ``secret/data/...`` but
nothing on ``secret/metadata/...``; then the reader falls back to the current version
alone rather than failing, because the current value is still worth comparing.

Where Vault is and who we are come from ``[stores.vault]`` in ``sherlock.toml`` or the
variables the Vault CLI reads: ``VAULT_ADDR``, ``VAULT_NAMESPACE``, ``VAULT_TOKEN`` or
``VAULT_ROLE_ID`` + ``VAULT_SECRET_ID`` (AppRole login), ``VAULT_CACERT`` /
``VAULT_CAPATH`` / ``VAULT_SKIP_VERIFY``. Only the mapping given to the reader is
consulted, never ``os.environ`` or ``~/.vault-token`` behind the caller's back.

Every call builds its own hvac client and HTTP session, so one reader serves many threads.
Timeouts are short (3 s) because a diagnosis should say "Vault unreachable" quickly rather
than hang. Every failure becomes a :class:`~sherlock.stores.base.StoreReadError` whose
message names the secret and the reason in our own words (plus Vault's text for a 400,
with any credential we sent scrubbed from it); the token, AppRole secret and values never
appear in messages or logs.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, NoReturn
from urllib.parse import urlsplit

from sherlock.config.schema import VaultSettings
from sherlock.extras import requires
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef, StoreSecret
from sherlock.stores.endpoints import Endpoint, plain_http_problem

# Without the vault extra, importing this module is the store's note: what to install.
with requires("vault", error=StoreReadError):
    import hvac
    import hvac.exceptions
    import requests

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 3.0
"""Seconds to wait for Vault to connect or answer one request."""

_VAULT_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})"
)

#: hvac raises one class per status; used when no response status was captured.
_STATUS_OF: tuple[tuple[type[hvac.exceptions.VaultError], int], ...] = (
    (hvac.exceptions.InvalidRequest, 400),
    (hvac.exceptions.Unauthorized, 401),
    (hvac.exceptions.Forbidden, 403),
    (hvac.exceptions.InvalidPath, 404),
    (hvac.exceptions.RateLimitExceeded, 429),
    (hvac.exceptions.InternalServerError, 500),
    (hvac.exceptions.VaultNotInitialized, 501),
    (hvac.exceptions.BadGateway, 502),
    (hvac.exceptions.VaultDown, 503),
)


def parse_vault_time(text: object) -> datetime | None:
    """Vault's RFC 3339 timestamps (nanoseconds, which datetime cannot hold, are cut to
    microseconds) as aware UTC datetimes; None for ``""`` or anything malformed."""
    if not isinstance(text, str):
        return None
    match = _VAULT_TIME.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, zone = match.group(7) or "", match.group(8)
    micros = int(fraction.ljust(6, "0")[:6]) if fraction else 0
    if zone in ("Z", "z"):
        tz = UTC
    else:
        sign = -1 if zone[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    try:
        return datetime(year, month, day, hour, minute, second, micros, tzinfo=tz).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


class _Unexpected(Exception):
    """Vault's answer did not have the shape its API documents."""


@dataclass(frozen=True)
class _Target:
    """Where and how to reach Vault for one read; credentials stay wrapped."""

    url: str
    shown: str
    namespace: str | None
    verify: bool | str
    mode: Literal["token", "approle"]
    approle_mount: str = "approle"
    token: Secret | None = None
    role_id: Secret | None = None
    secret_id: Secret | None = None

    def secrets(self) -> tuple[str, ...]:
        held = (self.token, self.role_id, self.secret_id)
        return tuple(s.reveal() for s in held if s)


class VaultKvReader:
    """Reads ``vault://MOUNT/PATH`` references from a KV v2 engine (see the module doc)."""

    scheme = "vault"

    def __init__(
        self,
        settings: VaultSettings,
        environ: Mapping[str, str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._settings = settings
        self._environ = dict(environ)
        self._timeout = timeout
        self.contacted: set[str] = set()

    def read(self, ref: StoreRef) -> StoreSecret:
        """Every version of ``ref``'s secret, newest first; raises only StoreReadError."""
        if ref.scheme != self.scheme:
            raise StoreReadError(f"could not read {ref}: not a vault:// reference")
        mount, _, path = ref.name.partition("/")
        if not mount or not path:
            raise StoreReadError(f"could not read {ref.uri}: a Vault URI is vault://MOUNT/PATH")
        target = self._target(ref)
        self.contacted.add(target.shown)  # every call starts with a request to it
        log.debug("vault: reading %s at %s with %s auth", ref.uri, target.shown, target.mode)
        call = _Call(ref, target, self._timeout)
        try:
            versions = call.run(mount, path)
        except StoreReadError:
            raise
        except Exception as exc:  # the contract: nothing but StoreReadError leaves read()
            reason = call.reason(exc)
            log.debug("vault: %s failed: %s", ref.uri, reason)
            raise StoreReadError(f"could not read {ref.uri}: {reason}") from None
        finally:
            call.close()
        log.debug("vault: %s has %d version(s) on record", ref.uri, len(versions))
        return StoreSecret(ref, versions)

    def _target(self, ref: StoreRef) -> _Target:
        def fail(reason: str) -> NoReturn:
            raise StoreReadError(f"could not read {ref.uri}: {reason}")

        env = self._environ
        source = "the url under [stores.vault]" if self._settings.url else "VAULT_ADDR"
        url = (self._settings.url or env.get("VAULT_ADDR") or "").strip()
        if not url:
            fail("no Vault address (set VAULT_ADDR, or url under [stores.vault])")
        shown = _shown_url(url)
        if shown is None:
            fail(f"{source} is not an http(s) URL such as https://vault.example.com:8200")
        if plain_http_problem(Endpoint(url, source, from_config=False)) is not None:
            fail(f"refusing to send a Vault credential over plain http to {shown}")
        namespace = (self._settings.namespace or env.get("VAULT_NAMESPACE") or "").strip()
        token = env.get("VAULT_TOKEN", "").strip()
        role_id = env.get("VAULT_ROLE_ID", "").strip()
        secret_id = env.get("VAULT_SECRET_ID", "").strip()
        mode = self._settings.auth
        if mode is None and token:
            mode = "token"
        elif mode is None and (role_id or secret_id):
            mode = "approle"
        if mode is None:
            fail("no Vault token (set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID)")
        if mode == "token" and not token:
            fail("no Vault token (set VAULT_TOKEN)")
        if mode == "approle" and not (role_id and secret_id):
            missing = "VAULT_ROLE_ID" if not role_id else "VAULT_SECRET_ID"
            fail(f"AppRole login needs VAULT_ROLE_ID and VAULT_SECRET_ID ({missing} is not set)")
        return _Target(
            url=url,
            shown=shown,
            namespace=namespace or None,
            verify=_verify(env),
            mode=mode,
            approle_mount=self._settings.approle_mount.strip("/") or "approle",
            token=Secret(token) if mode == "token" else None,
            role_id=Secret(role_id) if mode == "approle" else None,
            secret_id=Secret(secret_id) if mode == "approle" else None,
        )


def _shown_url(url: str) -> str | None:
    """``scheme://host:port`` for messages (no user info, path or query); None if unusable."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def _verify(env: Mapping[str, str]) -> bool | str:
    """TLS verification as the Vault CLI decides it."""
    if env.get("VAULT_SKIP_VERIFY", "").strip().lower() in ("1", "t", "true", "yes"):
        return False
    return env.get("VAULT_CACERT") or env.get("VAULT_CAPATH") or True


def _flatten(message: object) -> str:
    """Vault's ``1 error occurred:\\n\\t* permission denied\\n\\n`` as one plain line."""
    text = str(message)
    bullets = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("* ")]
    return "; ".join(bullets) if bullets else " ".join(text.split())


class _Call:
    """One read: its own session and hvac client, and the statuses Vault answered with."""

    def __init__(self, ref: StoreRef, target: _Target, timeout: float) -> None:
        self.ref = ref
        self.target = target
        self.timeout = timeout
        self.statuses: list[int] = []
        self.session = requests.Session()
        self.session.hooks["response"].append(self._remember)
        self.client: Any = hvac.Client(
            url=target.url,
            token=target.token.reveal() if target.token else "",
            namespace=target.namespace,
            verify=target.verify,
            timeout=timeout,
            session=self.session,
        )

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.statuses.append(response.status_code)

    def close(self) -> None:
        self.session.close()

    # -- the read ----------------------------------------------------------------------

    def run(self, mount: str, path: str) -> tuple[SecretVersion, ...]:
        if self.target.mode == "approle":
            self._login()
        kv = self.client.secrets.kv.v2
        try:
            answer = kv.read_secret_metadata(path=path, mount_point=mount)
        except hvac.exceptions.Forbidden:
            log.debug("vault: %s metadata is forbidden; reading the current version", self.ref.uri)
            return (self._current_only(mount, path),)
        data = _block(self._json(answer), "data")
        current, listed = data.get("current_version"), data.get("versions")
        if not isinstance(current, int) or not isinstance(listed, dict):
            raise _Unexpected
        numbers = sorted((int(n) for n in listed if str(n).isdigit()), reverse=True)
        found = (self._version(mount, path, n, listed[str(n)], current) for n in numbers)
        return tuple(v for v in found if v is not None)

    def _login(self) -> None:
        mount = self.target.approle_mount
        role_id, secret_id = self.target.role_id, self.target.secret_id
        assert role_id is not None and secret_id is not None
        try:
            self.client.auth.approle.login(
                role_id=role_id.reveal(), secret_id=secret_id.reveal(), mount_point=mount
            )
        except hvac.exceptions.VaultError as exc:
            raise StoreReadError(
                f"could not read {self.ref.uri}: AppRole login at auth/{mount} failed: "
                f"{self.reason(exc)}"
            ) from None
        except (TypeError, KeyError):
            raise StoreReadError(
                f"could not read {self.ref.uri}: AppRole login at auth/{mount} failed: "
                "the answer held no client token"
            ) from None

    def _version(
        self, mount: str, path: str, number: int, listed: object, current: int
    ) -> SecretVersion | None:
        if not isinstance(listed, dict):
            raise _Unexpected
        created = parse_vault_time(listed.get("created_time"))
        labels = ("current",) if number == current else ()
        if listed.get("destroyed") is True:
            return SecretVersion(str(number), created, number == current, None, labels, "destroyed")
        deleted_at = parse_vault_time(listed.get("deletion_time"))
        if deleted_at is not None and deleted_at <= datetime.now(UTC):
            return SecretVersion(str(number), created, number == current, None, labels, "deleted")
        answer = self._read_data(mount, path, number)
        if answer is None:  # gone between the two requests (trimmed past max_versions)
            return None
        return _from_data(answer, number, created, current=number == current)

    def _read_data(self, mount: str, path: str, number: int | None) -> dict[str, Any] | None:
        """One version's data answer; deleted and destroyed versions come back with their
        metadata (Vault sends them as a 404 with a body); None if the version is gone."""
        kv = self.client.secrets.kv.v2
        try:
            answer = kv.read_secret_version(
                path=path, version=number, mount_point=mount, raise_on_deleted_version=False
            )
        except hvac.exceptions.InvalidPath as exc:
            if isinstance(exc.json, dict) and isinstance(exc.json.get("data"), dict):
                return exc.json
            if number is None:
                raise
            return None
        return self._json(answer)

    def _current_only(self, mount: str, path: str) -> SecretVersion:
        answer = self._read_data(mount, path, None)
        if answer is None:
            raise _Unexpected
        metadata = _block(_block(answer, "data"), "metadata")
        number = metadata.get("version")
        if not isinstance(number, int):
            raise _Unexpected
        created = parse_vault_time(metadata.get("created_time"))
        return _from_data(answer, number, created, current=True)

    def _json(self, answer: object) -> dict[str, Any]:
        """hvac hands back a dict for a JSON 200 and the raw response otherwise."""
        if not isinstance(answer, dict):
            raise _Unexpected
        return answer

    # -- failures ----------------------------------------------------------------------

    def reason(self, exc: BaseException) -> str:
        """Why the read failed, in words safe to show anywhere."""
        shown = self.target.shown
        if isinstance(exc, requests.exceptions.SSLError):
            return f"TLS handshake with {shown} failed"
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return f"unreachable ({shown}): no connection within {self.timeout:g}s"
        if isinstance(exc, requests.exceptions.Timeout):
            return f"timed out after {self.timeout:g}s ({shown})"
        if isinstance(exc, requests.exceptions.ConnectionError):
            return f"unreachable ({shown})"
        if isinstance(exc, requests.exceptions.RequestException):
            return f"request to {shown} failed ({type(exc).__name__})"
        if isinstance(exc, hvac.exceptions.VaultError):
            return self._vault_reason(exc)
        if isinstance(exc, _Unexpected):
            status = f"HTTP {self.statuses[-1]}" if self.statuses else "no status"
            return f"{shown} did not answer like Vault's KV v2 API ({status})"
        return f"unexpected {type(exc).__name__}"

    def _status(self, exc: hvac.exceptions.VaultError) -> int | None:
        failed = [s for s in self.statuses if s >= 400]
        if failed:
            return failed[-1]
        return next((code for cls, code in _STATUS_OF if isinstance(exc, cls)), None)

    def _vault_reason(self, exc: hvac.exceptions.VaultError) -> str:
        status = self._status(exc)
        texts = [_flatten(e) for e in (exc.errors or []) if str(e).strip()]
        mount = self.ref.name.partition("/")[0]
        if status == 403:
            return "permission denied (HTTP 403)"
        if status == 404 and any("no handler for route" in t for t in texts):
            return f"no secrets engine is mounted at {mount}/ (HTTP 404)"
        if status == 404:
            return "no such secret (HTTP 404)"
        if status == 503 and any("sealed" in t.lower() for t in texts):
            return "Vault is sealed"
        if status == 503:
            return "Vault is unavailable (HTTP 503)"
        label = f"HTTP {status}" if status else "an error"
        detail = self._scrub(texts[0]) if texts else ""
        return f"{detail} ({label})" if detail else f"Vault answered {label}"

    def _scrub(self, text: str) -> str:
        """Vault's own words, minus anything we sent it, on one short line."""
        for secret in self.target.secrets():
            text = text.replace(secret, "****")
        return text[:160]


def _block(answer: Mapping[str, Any], name: str) -> dict[str, Any]:
    block = answer.get(name)
    if not isinstance(block, dict):
        raise _Unexpected
    return block


def _from_data(
    answer: Mapping[str, Any], number: int, created: datetime | None, *, current: bool
) -> SecretVersion:
    """A version from a data read: the payload as sorted JSON, or None if deleted/destroyed."""
    data = _block(answer, "data")
    metadata = _block(data, "metadata")
    labels = ("current",) if current else ()
    payload = data.get("data")
    if metadata.get("destroyed") is True:
        return SecretVersion(str(number), created, current, None, labels, "destroyed")
    if payload is None:
        return SecretVersion(str(number), created, current, None, labels, "deleted")
    if not isinstance(payload, dict):
        raise _Unexpected
    value = Secret(json.dumps(payload, sort_keys=True))
    return SecretVersion(str(number), created, current, value, labels)
