"""Read every version of a GCP Secret Manager secret, read-only, with the official client.

The official client (``google-cloud-secret-manager``) is used over its REST transport so one
code path serves Google and a loopback emulator alike, and so an unreachable endpoint fails
with a plain connection error instead of a gRPC channel that keeps reconnecting. It is
imported lazily: it costs about a second, and the CLI must start fast when no GCP store is
configured.

Credentials: ``anonymous`` sends none; ``default`` is Application Default Credentials, taking
``GOOGLE_APPLICATION_CREDENTIALS`` from the environment mapping the reader was given (so the
caller, not the process, decides), then gcloud's ADC file, then the metadata server. A
loopback ``http://`` endpoint without an explicit credentials file is an emulator and gets
anonymous access; any other ``http://`` endpoint is refused for real credentials, which
would otherwise travel in clear text.

Every call has a short timeout and no retries (the client retries UNAVAILABLE for up to a
minute by default): a diagnosis wants "could not read" quickly, not a perfect read late.
Only ENABLED versions are accessed (one AccessSecretVersion each, a few in parallel);
disabled and destroyed ones are kept, without a payload, because "v3 was disabled on 3 May"
is evidence too. A payload whose CRC32C does not match the service's checksum is dropped
and its version marked ``corrupt``.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sherlock.extras import requires
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef, StoreSecret

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.cloud.secretmanager_v1 import SecretManagerServiceClient

    from sherlock.config.schema import GcpSettings

__all__ = ["DEFAULT_ENDPOINT", "DEFAULT_TIMEOUT", "GcpSecretManagerReader", "crc32c"]

DEFAULT_ENDPOINT = "https://secretmanager.googleapis.com"
DEFAULT_TIMEOUT = 5.0
_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
_MAX_PARALLEL_ACCESS = 6
_NO_CREDENTIALS = (
    "no Google credentials (set GOOGLE_APPLICATION_CREDENTIALS "
    "or run gcloud auth application-default login)"
)
_PERMISSION = re.compile(r"secretmanager\.[a-zA-Z]+\.[a-zA-Z]+")
_TRANSPORT_LOGGER = "google.cloud.secretmanager_v1.services.secret_manager_service.transports.rest"

_log = logging.getLogger(__name__)


# -- CRC32C (Castagnoli), the checksum Secret Manager reports as payload.dataCrc32c ----------


def _crc32c_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC32C_TABLE = _crc32c_table()


def crc32c(data: bytes) -> int:
    """CRC-32C of ``data`` (RFC 3720): ``google_crc32c`` is not a dependency here, and
    secrets are small enough for a table-driven loop."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# -- the reader ------------------------------------------------------------------------------


class _Refused(Exception):
    """A reason, already safe to show, why no request was or could be made."""


class _HidePayloads(logging.Filter):
    """The client logs whole responses, secret payloads included, when its DEBUG logging is
    switched on (``GOOGLE_SDK_PYTHON_LOGGING_SCOPE``); keep the record, drop the payload."""

    def filter(self, record: logging.LogRecord) -> bool:
        for attribute in ("httpResponse", "httpRequest"):
            value = getattr(record, attribute, None)
            if isinstance(value, dict) and "payload" in value:
                setattr(record, attribute, {**value, "payload": "<hidden by sherlock>"})
        return True


def _hide_payloads_from_client_logs() -> None:
    logger = logging.getLogger(_TRANSPORT_LOGGER)
    if not any(isinstance(f, _HidePayloads) for f in logger.filters):
        logger.addFilter(_HidePayloads())


def _require_client_library() -> None:
    """Without the gcp extra a reader cannot be made, and the store's note says what to
    install. Checked here, not at import, so :func:`crc32c` works without google-cloud."""
    with requires("gcp", error=StoreReadError):
        import google.cloud.secretmanager_v1  # noqa: F401


def _is_loopback_http(endpoint: str) -> bool:
    parts = urlsplit(endpoint)
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def _shown_endpoint(endpoint: str) -> str:
    """The endpoint without any user:password@ part, for messages."""
    parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
    host = parts.hostname or endpoint
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


class GcpSecretManagerReader:
    """Reads ``gcp-sm://projects/P/secrets/S`` references; one client per reader, shared by
    threads (the client and its HTTP session are safe to share)."""

    scheme = "gcp-sm"

    def __init__(
        self,
        settings: GcpSettings,
        environ: Mapping[str, str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        _require_client_library()
        self._endpoint = settings.endpoint
        self._anonymous = settings.credentials == "anonymous"
        self._credentials_file = environ.get("GOOGLE_APPLICATION_CREDENTIALS") or None
        self._timeout = timeout
        self._lock = threading.Lock()
        self._client: SecretManagerServiceClient | None = None
        self._refusal: str | None = None
        self.contacted: set[str] = set()
        _hide_payloads_from_client_logs()

    @property
    def endpoint(self) -> str:
        """Where requests go, as messages show it."""
        return _shown_endpoint(self._endpoint or DEFAULT_ENDPOINT)

    def read(self, ref: StoreRef) -> StoreSecret:
        """Every version of ``ref``'s secret, newest first; only StoreReadError escapes."""
        if ref.scheme != self.scheme:
            raise StoreReadError(f"could not read {ref.uri}: not a gcp-sm:// reference")
        try:
            client = self._get_client()
            self.contacted.add(self.endpoint)  # credentials found: the listing goes out next
            secret = self._read(client, ref)
        except _Refused as exc:
            raise StoreReadError(f"could not read {ref.uri}: {exc}") from None
        except Exception as exc:  # the boundary: every client failure becomes a safe message
            reason = self._reason(exc)
            _log.debug("gcp-sm read of %s failed: %s", ref.uri, reason)
            raise StoreReadError(f"could not read {ref.uri}: {reason}") from None
        _log.debug("gcp-sm read of %s: %d version(s)", ref.uri, len(secret.versions))
        return secret

    # -- client and credentials ----------------------------------------------------------------

    def _get_client(self) -> SecretManagerServiceClient:
        with self._lock:
            if self._refusal is not None:
                raise _Refused(self._refusal)
            if self._client is None:
                try:
                    self._client = self._make_client()
                except _Refused as exc:
                    self._refusal = str(exc)  # finding no credentials is slow; do it once
                    raise
            return self._client

    def _make_client(self) -> SecretManagerServiceClient:
        from google.api_core.client_options import ClientOptions
        from google.cloud.secretmanager_v1 import SecretManagerServiceClient

        options = ClientOptions(api_endpoint=self._endpoint) if self._endpoint else None
        return SecretManagerServiceClient(
            transport="rest", credentials=self._credentials(), client_options=options
        )

    def _credentials(self) -> Credentials:
        import google.auth
        from google.auth.credentials import AnonymousCredentials
        from google.auth.exceptions import DefaultCredentialsError

        endpoint = self._endpoint or DEFAULT_ENDPOINT
        if self._anonymous:
            return AnonymousCredentials()  # type: ignore[no-untyped-call]
        loopback = _is_loopback_http(endpoint)
        if self._credentials_file is None and loopback:
            return AnonymousCredentials()  # type: ignore[no-untyped-call]
        if urlsplit(endpoint).scheme == "http" and not loopback:
            raise _Refused(
                f"refusing to send Google credentials over plain http to {self.endpoint}"
            )
        try:
            if self._credentials_file is not None:
                # The same trust as ADC gives this variable; ADC silences this warning too.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    credentials, _ = google.auth.load_credentials_from_file(  # type: ignore[no-untyped-call]
                        self._credentials_file, scopes=_SCOPES
                    )
            else:
                credentials, _ = google.auth.default(scopes=_SCOPES)
        except DefaultCredentialsError:
            if self._credentials_file is None:
                raise _Refused(_NO_CREDENTIALS) from None
            raise _Refused(
                f"GOOGLE_APPLICATION_CREDENTIALS names {self._credentials_file}, "
                "which is not a usable Google credentials file"
            ) from None
        return credentials  # type: ignore[no-any-return]

    # -- reading -------------------------------------------------------------------------------

    def _read(self, client: SecretManagerServiceClient, ref: StoreRef) -> StoreSecret:
        listed = self._list(client, ref)
        enabled = [number for number, state, _ in listed if state == "enabled"]
        payloads = self._access_all(client, ref, enabled)
        # What "latest" resolves to now: the newest version still ENABLED after access (one
        # whose bytes were bad is still enabled; one disabled meanwhile is not).
        current = next(
            (n for n in enabled if payloads[n][1] in {"enabled", "corrupt", "unreadable"}), None
        )
        versions = []
        for number, listed_state, created in listed:
            payload, state = payloads.get(number, (None, listed_state))
            versions.append(
                SecretVersion(
                    version=str(number),
                    created=created,
                    current=number == current,
                    payload=payload,
                    labels=("latest",) if number == current else (),
                    state=state,
                )
            )
        return StoreSecret(ref, tuple(versions))

    def _list(
        self, client: SecretManagerServiceClient, ref: StoreRef
    ) -> list[tuple[int, str, datetime | None]]:
        """(number, state, created) of every version, newest first; the pager follows
        ``nextPageToken`` with the same timeout and no retry."""
        from google.cloud.secretmanager_v1 import SecretVersion as Meta

        pager = client.list_secret_versions(
            request={"parent": ref.name}, retry=None, timeout=self._timeout
        )
        found = []
        for meta in pager:
            pb = Meta.pb(meta)
            number = int(pb.name.rsplit("/", 1)[-1])  # the name carries the project number
            created = pb.create_time.ToDatetime(tzinfo=UTC) if pb.HasField("create_time") else None
            found.append((number, Meta.State(pb.state).name.lower(), created))
        return sorted(found, key=lambda item: item[0], reverse=True)

    def _access_all(
        self, client: SecretManagerServiceClient, ref: StoreRef, numbers: list[int]
    ) -> dict[int, tuple[Secret | None, str]]:
        if not numbers:
            return {}
        workers = min(_MAX_PARALLEL_ACCESS, len(numbers))
        with ThreadPoolExecutor(workers, thread_name_prefix="gcp-sm") as pool:
            results = pool.map(lambda n: self._access(client, ref, n), numbers)
            return dict(zip(numbers, results, strict=True))

    def _access(
        self, client: SecretManagerServiceClient, ref: StoreRef, number: int
    ) -> tuple[Secret | None, str]:
        """One version's payload and state; a version disabled or destroyed since the
        listing keeps its new state instead of failing the whole read."""
        from google.api_core.exceptions import BadRequest, FailedPrecondition
        from google.cloud.secretmanager_v1 import AccessSecretVersionResponse

        try:
            response = client.access_secret_version(
                request={"name": f"{ref.name}/versions/{number}"},
                retry=None,
                timeout=self._timeout,
            )
        except (BadRequest, FailedPrecondition) as exc:
            # Over REST, FAILED_PRECONDITION arrives as a plain 400 (BadRequest).
            message = str(exc.message)
            for state in ("DISABLED", "DESTROYED"):
                if f"is in {state} state" in message:
                    return None, state.lower()
            raise
        payload = AccessSecretVersionResponse.pb(response).payload
        data = payload.data
        if payload.HasField("data_crc32c") and crc32c(data) != payload.data_crc32c:
            return None, "corrupt"
        try:
            return Secret(data.decode("utf-8")), "enabled"
        except UnicodeDecodeError:
            return None, "unreadable"

    # -- errors --------------------------------------------------------------------------------

    def _reason(self, exc: Exception) -> str:
        """A safe, short reason: the exception's kind and code, never the server's text
        (beyond the name of a missing permission) and never a value."""
        import requests
        from google.api_core import exceptions as api
        from google.auth import exceptions as auth

        # Over REST the client raises by HTTP status: Forbidden, Unauthorized, BadRequest...
        if isinstance(exc, api.Forbidden):
            permission = _permission(exc)
            detail = f" on {permission} (or it may not exist)" if permission else ""
            return f"PermissionDenied (403){detail}"
        if isinstance(exc, api.NotFound):
            return "NotFound (no such secret)"
        if isinstance(exc, api.Unauthorized):
            return "Unauthenticated (401): the credentials were not accepted"
        if isinstance(exc, api.RetryError | requests.Timeout):
            return f"timed out after {self._timeout:g}s ({self.endpoint})"
        if isinstance(exc, api.GoogleAPICallError):
            return f"{type(exc).__name__} ({exc.code})"  # a 504 included: the server said so
        if isinstance(exc, requests.ConnectionError):
            return f"unreachable ({self.endpoint})"
        if isinstance(exc, auth.InvalidOperation):  # a 401 with anonymous credentials
            return "Unauthenticated (401): the endpoint wants credentials and none were sent"
        if isinstance(exc, auth.RefreshError):
            return "Google refused to issue an access token (RefreshError)"
        if isinstance(exc, auth.TransportError):
            return "could not reach Google's token service (TransportError)"
        if isinstance(exc, auth.DefaultCredentialsError):
            return _NO_CREDENTIALS
        return f"unexpected {type(exc).__name__} from the Secret Manager client"


def _permission(exc: Any) -> str | None:
    """The IAM permission a 403 names, from its ErrorInfo or else its message."""
    metadata = getattr(exc, "metadata", None) or {}
    candidates = [str(metadata.get("permission", "")), str(getattr(exc, "message", ""))]
    for text in candidates:
        match = _PERMISSION.search(text)
        if match:
            return match.group(0)
    return None
