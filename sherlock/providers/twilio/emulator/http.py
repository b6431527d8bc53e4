"""The HTTP layer of the Twilio emulator: bytes in, an :class:`Incoming`; a :class:`Reply`, bytes out.

Every decision is taken by the application object (:class:`App`, in practice
:class:`~sherlock.providers.twilio.emulator.TwilioEmulator`); the server's lifecycle and
keep-alive handling are :mod:`sherlock.emulators.server`'s. A ``None`` reply drops the
connection with a TCP reset and no HTTP response at all, as a dead host does.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from sherlock.emulators.server import EmulatorHandler
from sherlock.providers.twilio.emulator.wire import (
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

    def pause(self, seconds: float) -> None: ...


_CONTROL_PREFIX = "/_emulator/"
_MAX_DRIP = 4096  # bytes a dripping reply sends at most before it gives up


class TwilioHandler(EmulatorHandler[App]):
    server_version = "sherlock-twilio-emulator"

    def _serve(self) -> None:
        req = self._incoming()
        if req.path.startswith(_CONTROL_PREFIX):
            self._send(self.app.control(req), as_xml=False)
            return
        reply = self.app.handle(req)
        if reply is None:
            self.drop_connection()
        else:
            self._send(reply, as_xml=wants_xml(req.path))

    do_GET = do_POST = do_DELETE = do_PUT = _serve

    def _incoming(self) -> Incoming:
        raw_body = self.read_body()
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
        headers = (("Twilio-Request-Id", request_id()), *reply.headers)
        if reply.drip or reply.cut_off:
            self._send_damaged(reply, payload, content_type, headers)
            return
        self.send_payload(reply.status, payload, content_type, headers)

    def _send_damaged(
        self,
        reply: Reply,
        payload: bytes,
        content_type: str,
        headers: tuple[tuple[str, str], ...],
    ) -> None:
        """A response that arrives a byte at a time or stops halfway; the connection then
        closes. Bounded: at most ``_MAX_DRIP`` bytes, and :meth:`pause` ends at ``stop``."""
        self.close_connection = True
        wire = _response_bytes(reply.status, payload, content_type, headers)
        if reply.cut_off:
            wire = wire[: len(wire) - len(payload) // 2]
        try:
            if not reply.drip:
                self.wfile.write(wire)
                return
            for index in range(min(len(wire), _MAX_DRIP)):
                self.wfile.write(wire[index : index + 1])
                self.app.pause(reply.drip)
        except OSError:
            return  # the client gave up, as it should


def _response_bytes(
    status: int, payload: bytes, content_type: str, headers: tuple[tuple[str, str], ...]
) -> bytes:
    """Status line, headers and body as they go on the wire."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [f"HTTP/1.1 {status} {phrase}", f"Content-Type: {content_type}"]
    lines += [f"Content-Length: {len(payload)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload
