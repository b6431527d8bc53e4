"""Slack's side of a Socket Mode connection, for tests: hello, envelopes out, acks in.

Slack's Socket Mode protocol over a WebSocket: on connect Slack sends ``{"type": "hello"}``;
each event, slash command or click arrives as an envelope ``{"envelope_id", "type":
"events_api" | "slash_commands" | "interactive", "payload", "accepts_response_payload"}``;
the app acknowledges with ``{"envelope_id", "payload"?}``. Served with aiohttp (already a
dependency of slack_sdk's socket client) on a loopback port in its own thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import threading
import uuid
from typing import Any

from aiohttp import WSMsgType, web


class FakeSocketMode:
    """Start with :meth:`start`; give :attr:`url` to the Slack API emulator's socket_url."""

    def __init__(self) -> None:
        self.connected = threading.Event()
        self._acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self._loop = asyncio.new_event_loop()
        self._outbox: asyncio.Queue[str] | None = None
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=5)

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    async def _serve(self) -> None:
        self._outbox = asyncio.Queue()
        app = web.Application()
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0SHERLOCK"}}
        )
        self.connected.set()
        assert self._outbox is not None
        sender = asyncio.create_task(self._send_all(socket, self._outbox))
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    self._acks.put(json.loads(message.data))
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        return socket

    @staticmethod
    async def _send_all(socket: web.WebSocketResponse, outbox: asyncio.Queue[str]) -> None:
        while True:
            await socket.send_str(await outbox.get())

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Push one envelope to the app; returns its envelope id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        assert self._outbox is not None
        self._loop.call_soon_threadsafe(self._outbox.put_nowait, json.dumps(envelope))
        return envelope_id

    def ack_for(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The app's acknowledgement of one envelope (others are kept for later calls)."""
        pending: list[dict[str, Any]] = []
        try:
            while True:
                ack = self._acks.get(timeout=timeout)
                if ack.get("envelope_id") == envelope_id:
                    return ack
                pending.append(ack)
        finally:
            for ack in pending:
                self._acks.put(ack)
