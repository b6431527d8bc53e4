"""The Vault emulator's HTTP layer: a threaded stdlib server that only moves bytes.

It turns a request into an :class:`~sherlock.emulators.vault_routes.Incoming` (token from
``X-Vault-Token`` or ``Authorization: Bearer``, namespace from ``X-Vault-Namespace``) and
a :class:`~sherlock.emulators.vault_routes.Reply` back into JSON, with the exact
``Content-Type: application/json`` that hvac checks before it reads an error body. It
speaks HTTP/1.1 keep-alive because hvac's requests session reuses connections, and it
understands Vault's ``LIST`` verb. Paths outside ``/v1/`` get Vault's plain-text 404.
"""

from __future__ import annotations

import contextlib
import json
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from sherlock.emulators.vault_routes import Incoming, Reply


class App(Protocol):
    """What the handler needs from the emulator."""

    def handle(self, req: Incoming, raw_path: str) -> Reply: ...

    def track(self, conn: socket.socket, *, add: bool) -> None: ...


class VaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-reply (timeouts in tests) are expected; stay quiet."""


def _token(headers: Any) -> str | None:
    token = headers.get("X-Vault-Token")
    if not token:
        scheme, _, value = (headers.get("Authorization") or "").partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else None
    return token or None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sherlock-vault-emulator"
    sys_version = ""
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; the emulator keeps its own request log."""

    @property
    def app(self) -> App:
        return cast(VaultServer, self.server).app

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.app.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.app.track(self.connection, add=False)

    def _serve(self) -> None:
        declared = self.headers.get("Content-Length") or "0"
        length = int(declared) if declared.isdigit() else 0
        body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        if not parts.path.startswith("/v1/"):
            self._send_raw(404, b"404 page not found\n", "text/plain; charset=utf-8")
            return
        req = Incoming(
            method=self.command,
            path=unquote(parts.path[len("/v1/") :]),
            query=dict(parse_qsl(parts.query)),
            token=_token(self.headers),
            namespace=self.headers.get("X-Vault-Namespace") or None,
            body=body,
        )
        self._send(self.app.handle(req, parts.path))

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_LIST = _serve

    def _send(self, reply: Reply) -> None:
        if reply.body is None:
            self.send_response(reply.status)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return
        payload = (json.dumps(reply.body) + "\n").encode()
        self._send_raw(reply.status, payload, "application/json")

    def _send_raw(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
