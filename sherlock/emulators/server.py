"""What every emulator shares: a real HTTP server on its own port, run in a background thread.

The stand-ins for Twilio, Vault, GCP Secret Manager and Slack's Web API are real HTTP
servers so that the real clients (httpx, twilio-python, hvac, google-cloud, slack_sdk) talk
to them unchanged. How such a server starts, stops and behaves on the socket is the same for
all of them and lives here once; each emulator keeps only what it answers.

Three things here are easy to get wrong, which is why they are not repeated:

* ``stop`` also cuts idle keep-alive connections. Clients pool connections, and without
  that a handler thread could still answer a pooled connection after ``stop``, or a client
  could hang on it instead of failing at once.
* Handlers speak HTTP/1.1 with ``TCP_NODELAY``: on a reused connection, Nagle plus delayed
  ACKs would add 40 ms between a reply's header and body writes.
* Logging is silent and clients that hang up mid-reply are not errors: each emulator keeps
  its own request log, and tests print what they need.

Like the real services, a server keeps a connection open between requests until the client
closes it or it idles for :attr:`EmulatorHandler.timeout` seconds. It counts the connections
it accepted (:attr:`BackgroundServer.connections_opened`), so a test or benchmark can tell a
client that reuses its connections from one that reconnects for every request.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast

__all__ = ["BackgroundServer", "EmulatorHandler"]

AppT = TypeVar("AppT")
RecordT = TypeVar("RecordT")


class BackgroundServer(Generic[RecordT]):
    """Serves ``handler`` on ``host``:``port`` (``port=0`` picks a free one) in a daemon thread.

    Emulators subclass it; their handler reaches them as :attr:`EmulatorHandler.app`. Use it
    as a context manager, or call :meth:`start` and :meth:`stop`. Each emulator logs what it
    saw in ``_log`` (entries of type ``RecordT``), so tests can assert what a client asked.
    ``_lock`` guards the log and the subclass's own state alike, so that a reply and its log
    entry can be made in one hold.
    """

    def __init__(self, handler: type[EmulatorHandler[Any]], *, host: str, port: int) -> None:
        self._lock = threading.Lock()
        self._log: list[RecordT] = []
        self._handler = handler
        self._address = (host, port)
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._opened = 0
        self._server: _ThreadingServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        host, port = cast(tuple[str, int], self._server.server_address[:2])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def start(self) -> None:
        """Bind and serve; returns once the port accepts connections (it listens on return)."""
        if self._server is not None:
            return
        self._stopping.clear()
        self._server = _ThreadingServer(self._address, self._handler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and cut open keep-alive connections so no thread answers later."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            open_connections = list(self._connections)
        for conn in open_connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def requests(self) -> list[RecordT]:
        """A snapshot of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    @property
    def connections_opened(self) -> int:
        """TCP connections accepted since the server was made (across restarts): with
        keep-alive this stays at the client's pool size however many requests it sends."""
        with self._lock:
            return self._opened

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    def pause(self, seconds: float) -> None:
        """Simulated latency that :meth:`stop` cuts short, so stopping never waits it out."""
        self._stopping.wait(seconds)

    def track(self, conn: socket.socket, *, add: bool) -> None:
        """Remember open connections so :meth:`stop` can close them."""
        with self._lock:
            if add:
                self._opened += 1
                self._connections.add(conn)
            else:
                self._connections.discard(conn)


class _ThreadingServer(ThreadingHTTPServer):
    # A hundred clients connecting at once must not wait on SYN retries.
    request_queue_size = 1024

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[EmulatorHandler[Any]],
        owner: BackgroundServer[Any],
    ) -> None:
        self.owner = owner
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-reply (timeouts in tests) are normal here; stay quiet."""


class EmulatorHandler(BaseHTTPRequestHandler, Generic[AppT]):
    """One connection to an emulator: HTTP/1.1 keep-alive, silent, known to its server.

    Subclasses set ``server_version``, route their verbs (``do_GET = ... = _serve``) and
    answer through :attr:`app`, the emulator that started the server.
    """

    protocol_version = "HTTP/1.1"  # httpx, requests and hvac all reuse connections
    sys_version = ""
    timeout = 60  # seconds an idle keep-alive connection stays open

    @property
    def app(self) -> AppT:
        return cast(AppT, self._owner)

    @property
    def _owner(self) -> BackgroundServer[Any]:
        return cast(_ThreadingServer, self.server).owner

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._owner.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._owner.track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the emulator keeps its own request log."""

    def read_body(self) -> bytes:
        """The request body, read in full even when unused: unread bytes would be taken
        for the next request on a keep-alive connection."""
        declared = self.headers.get("Content-Length") or "0"
        length = int(declared) if declared.isdigit() else 0
        return self.rfile.read(length) if length > 0 else b""

    def send_payload(
        self,
        status: int,
        payload: bytes,
        content_type: str,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        """A complete response; the body is left out for HEAD, as HTTP requires."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def drop_connection(self) -> None:
        """Close abruptly (RST, no HTTP response), as a reset or a dead host does."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
