"""A stand-in for an attacker's host: a TCP listener on 127.0.0.2 that counts and drops every
connection. The proof that a credential was not sent is that no connection arrived.

Use from a test module::

    from tests.stores.rogue_listener import Rogue, rogue  # noqa: F401  (registers `rogue`)
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest


class Rogue:
    """A TCP listener on 127.0.0.2 that accepts, counts and drops every connection."""

    def __init__(self) -> None:
        self.accepted = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.2", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.2:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()


@pytest.fixture
def rogue() -> Iterator[Rogue]:
    listener = Rogue()
    try:
        yield listener
    finally:
        listener.close()
