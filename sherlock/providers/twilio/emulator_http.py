"""The HTTP layer of the Twilio emulator: a threaded stdlib server and its handler.

It only turns bytes into an :class:`Incoming` request and a :class:`Reply` back into
bytes; every decision is taken by the application object (:class:`App`, in practice
:class:`~sherlock.providers.twilio.emulator.TwilioEmulator`). HTTP/1.1 keep-alive is
supported because httpx and requests reuse connections, and a ``None`` reply drops the
connection with a TCP reset and no HTTP response at all, as a dead host does.
"""

from __future__ import annotations

import contextlib
import socket
import struct
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from sherlock.providers.twilio.emulator_wire import (
    Incoming,
    Reply,
    encode,
    parse_basic_auth,
    request_id,
    wants_xml,
)


class App(Protocol):
    """What the handler needs from the emulator."""

    def handle(self, req: Incoming) -> Reply | None: ...

    def control(self, req: Incoming) -> Reply: ...

    def track(self, conn: socket.socket, *, add: bool) -> None: ...


_CONTROL_PREFIX = "/_emulator/"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: App) -> None:
        self.emulator = emulator
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-reply are normal here; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sherlock-twilio-emulator"
    sys_version = ""
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging: tests and the demo print their own."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    @property
    def emulator(self) -> App:
        return cast(Server, self.server).emulator

    def setup(self) -> None:
        """Register the connection; disable Nagle so a reused keep-alive connection does
        not wait on delayed ACKs between the header and body writes (40 ms each)."""
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.emulator.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.emulator.track(self.connection, add=False)

    def _serve(self) -> None:
        req = self._incoming()
        if req.path.startswith(_CONTROL_PREFIX):
            self._send(self.emulator.control(req), as_xml=False)
            return
        reply = self.emulator.handle(req)
        if reply is None:
            self._drop()
        else:
            self._send(reply, as_xml=wants_xml(req.path))

    def _incoming(self) -> Incoming:
        declared = self.headers.get("Content-Length") or "0"
        length = int(declared) if declared.isdigit() else 0
        raw_body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        has_auth, user, password = parse_basic_auth(self.headers.get("Authorization"))
        return Incoming(
            method=self.command,
            host=self.headers.get("Host", ""),
            path=unquote(parts.path),
            query=dict(parse_qsl(parts.query)),
            query_string=parts.query,
            form=dict(parse_qsl(raw_body.decode("utf-8", "replace"))),
            has_auth=has_auth,
            username=user,
            password=password,
        )

    def _send(self, reply: Reply, *, as_xml: bool) -> None:
        payload, content_type = encode(reply, as_xml=as_xml)
        self.send_response(reply.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Twilio-Request-Id", request_id())
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _drop(self) -> None:
        """Close abruptly (RST, no HTTP response), as a reset or a dead host does."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
