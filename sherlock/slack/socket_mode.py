"""Serving the Slack app over Socket Mode: no public URL, for a laptop or a private network.

Slack pushes the same events, commands and clicks over a WebSocket that the app opens with
its app-level token (``xapp-...``, scope ``connections:write``). Bolt acknowledges each one
on the socket; the handlers are the HTTP mode's, unchanged.
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from sherlock.errors import UsageError

log = logging.getLogger("sherlock.slack")


def socket_mode_handler(bolt: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    """The handler for ``bolt``; refuses a token that is not an app-level token."""
    if not app_token.startswith("xapp-"):
        raise UsageError(
            "Socket Mode needs an app-level token (xapp-...) with connections:write; "
            "create one under Basic Information > App-Level Tokens"
        )
    return AsyncSocketModeHandler(bolt, app_token)


async def run_socket_mode(
    bolt: AsyncApp, app_token: str, *, stop: asyncio.Event | None = None
) -> None:
    """Connect and serve until ``stop`` is set (forever without one), then disconnect."""
    handler = socket_mode_handler(bolt, app_token)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("connected to Slack over Socket Mode")
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
