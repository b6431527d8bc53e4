"""A local fake of GCP Secret Manager's v1 REST API, for tests and demos.

No Secret Manager emulator can be installed here, and the official client
(``google-cloud-secret-manager`` with ``transport="rest"``) talks plain HTTP to any
``api_endpoint``, so this fake lets the real client, and Sherlock's reader through it, run
unchanged against real sockets. Usage::

    with GcpSecretManagerEmulator() as gcp:
        gcp.add_version("acme", "twilio-prod", '{"authToken": "..."}')
        client = SecretManagerServiceClient(
            transport="rest",
            credentials=AnonymousCredentials(),
            client_options={"api_endpoint": gcp.base_url},
        )

State is seeded from Python (the reader never writes, so the API has no write methods);
what the API answers and why is described in :mod:`.gcp_sm_api`, the state in
:mod:`.gcp_sm_model`, who may call in :mod:`.gcp_sm_auth`. Every request is logged as (method, path, query, status), never
with its headers, so tests can prove a reader only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from sherlock.emulators.server import BackgroundServer, EmulatorHandler
from sherlock_testing.emulators.gcp_sm_api import ApiRequest, ApiResponse, respond
from sherlock_testing.emulators.gcp_sm_model import Model, project_number_for

__all__ = ["GcpSecretManagerEmulator", "LoggedRequest"]


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: str
    status: int


class GcpSecretManagerEmulator(BackgroundServer[LoggedRequest]):
    """A running fake of Secret Manager on a loopback port (``port=0`` picks a free one).

    Seeding and permission methods may be called before or while it runs; they take effect
    on the next request.
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(_Handler, host=host, port=port)
        self._model = Model()
        self._latency = 0.0

    # -- seeding ---------------------------------------------------------------------------

    def add_secret(self, project: str, secret_id: str, created: datetime | None = None) -> str:
        """Create an empty secret (idempotent); returns its name as the API spells it."""
        with self._lock:
            self._model.add_secret(project, secret_id, created)
        return self.secret_name(project, secret_id)

    def add_version(
        self,
        project: str,
        secret_id: str,
        data: bytes | str,
        created: datetime | None = None,
        state: str = "ENABLED",
    ) -> int:
        """Add the next version (creating the secret if needed); returns its number.

        ``created`` defaults to now; a naive datetime is taken as UTC. ``state`` may be
        ENABLED, DISABLED or DESTROYED (a destroyed version keeps no data).
        """
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with self._lock:
            return self._model.add_version(project, secret_id, raw, created, state)

    def enable_version(self, project: str, secret_id: str, version: int) -> None:
        with self._lock:
            self._model.set_state(project, secret_id, version, "ENABLED")

    def disable_version(self, project: str, secret_id: str, version: int) -> None:
        with self._lock:
            self._model.set_state(project, secret_id, version, "DISABLED")

    def destroy_version(self, project: str, secret_id: str, version: int) -> None:
        with self._lock:
            self._model.set_state(project, secret_id, version, "DESTROYED")

    def set_payload_crc32c(
        self, project: str, secret_id: str, version: int, value: int | None
    ) -> None:
        """Override the checksum the service reports (None: report none), to fake corruption."""
        with self._lock:
            self._model.version(project, secret_id, version).crc32c = value

    # -- permissions and credentials -------------------------------------------------------

    def deny(self, project: str, secret_id: str, permission: str | None = None) -> None:
        """Answer 403 for ``permission`` (e.g. ``secretmanager.versions.access``) on this
        secret, or for every permission when None."""
        with self._lock:
            self._model.deny(project, secret_id, permission)

    def allow(self, project: str, secret_id: str) -> None:
        with self._lock:
            self._model.allow(project, secret_id)

    def require_bearer_token(self, token: str) -> None:
        """Accept ``Authorization: Bearer <token>``; from the first token or service account
        on, every API call must authenticate (401 UNAUTHENTICATED otherwise)."""
        with self._lock:
            self._model.callers.tokens.add(token)

    def trust_service_account(self, email: str, public_key_pem: bytes) -> None:
        """Accept the self-signed JWTs Google's libraries make from this account's key file."""
        with self._lock:
            self._model.callers.service_accounts[email] = public_key_pem

    def open_to_anyone(self) -> None:
        """Forget every token and service account: no authentication needed again."""
        with self._lock:
            self._model.callers.tokens.clear()
            self._model.callers.service_accounts.clear()

    # -- knobs and introspection -----------------------------------------------------------

    def set_page_size_cap(self, cap: int) -> None:
        """The most versions one page holds (the real service's cap is 25000)."""
        if cap < 1:
            raise ValueError("the page size cap must be at least 1")
        with self._lock:
            self._model.page_size_cap = cap

    def set_unavailable(
        self, unavailable: bool = True, *, calls: Literal["all", "access"] = "all"
    ) -> None:
        """Answer API calls (all, or only AccessSecretVersion, which the official client
        retries for a minute by default) with 503 UNAVAILABLE."""
        with self._lock:
            self._model.unavailable = calls if unavailable else None

    def set_latency(self, seconds: float) -> None:
        """Delay every later answer, to test client timeouts."""
        with self._lock:
            self._latency = max(0.0, seconds)

    @staticmethod
    def project_number(project: str) -> str:
        """The number the API uses in names for ``project``."""
        return project_number_for(project)

    def secret_name(self, project: str, secret_id: str) -> str:
        return f"projects/{project_number_for(project)}/secrets/{secret_id}"

    # -- called by the HTTP handler --------------------------------------------------------

    def handle(self, req: ApiRequest, query_string: str) -> ApiResponse:
        with self._lock:
            latency = self._latency
        if latency:
            self.pause(latency)
        with self._lock:
            reply = respond(self._model, req)
            self._log.append(LoggedRequest(req.method, req.path, query_string, reply.status))
        return reply


class _Handler(EmulatorHandler[GcpSecretManagerEmulator]):
    server_version = "sherlock-gcp-secret-manager-emulator"

    def _serve(self) -> None:
        body = self.read_body()  # read in full even when unused: the connection stays usable
        parts = urlsplit(self.path)
        req = ApiRequest(
            method=self.command,
            path=unquote(parts.path),
            query=dict(parse_qsl(parts.query)),
            authorization=self.headers.get("Authorization"),
            body=body,
        )
        reply = self.app.handle(req, parts.query)
        self.send_payload(reply.status, reply.encode(), "application/json; charset=UTF-8")

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve
