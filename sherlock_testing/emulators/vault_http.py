"""The Vault emulator's HTTP layer: it only moves bytes.

It turns a request into an :class:`~sherlock_testing.emulators.vault_routes.Incoming` (token from
``X-Vault-Token`` or ``Authorization: Bearer``, namespace from ``X-Vault-Namespace``) and
a :class:`~sherlock_testing.emulators.vault_routes.Reply` back into JSON, with the exact
``Content-Type: application/json`` that hvac checks before it reads an error body. It
understands Vault's ``LIST`` verb. Paths outside ``/v1/`` get Vault's plain-text 404.
"""

from __future__ import annotations

import json
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from sherlock.emulators.server import EmulatorHandler
from sherlock_testing.emulators.vault_routes import Incoming, Reply

_NO_STORE = (("Cache-Control", "no-store"),)


class App(Protocol):
    """What the handler needs from the emulator."""

    def handle(self, req: Incoming, raw_path: str) -> Reply: ...


def _token(headers: Any) -> str | None:
    token = headers.get("X-Vault-Token")
    if not token:
        scheme, _, value = (headers.get("Authorization") or "").partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else None
    return token or None


class VaultHandler(EmulatorHandler[App]):
    server_version = "sherlock-vault-emulator"
    timeout = 30

    def _serve(self) -> None:
        body = self.read_body()
        parts = urlsplit(self.path)
        if not parts.path.startswith("/v1/"):
            self.send_payload(404, b"404 page not found\n", "text/plain; charset=utf-8", _NO_STORE)
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
        self.send_payload(reply.status, payload, "application/json", _NO_STORE)
