"""Serving the Slack app over Socket Mode: no public URL, for a laptop or a private network.

Slack pushes the same events, commands and clicks over a WebSocket that the app opens with
its app-level token (``xapp-...``, scope ``connections:write``). Bolt acknowledges each one
on the socket; the handlers are the HTTP mode's, unchanged.

Both tokens are tried once before connecting (``auth.test``, ``apps.connections.open``):
slack_sdk's socket client retries a failed connection forever, logging a traceback each
time, which would turn a mistyped token into an endless loop instead of one clear error.
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from sherlock.errors import UsageError
from sherlock.slack.app import close_slack_app

log = logging.getLogger("sherlock.slack")


async def _check_tokens(bolt: AsyncApp, app_token: str) -> str:
    """The WebSocket URL to use; UsageError for a refused token or an unreachable Slack."""
    which = "bot"
    try:
        await bolt.client.auth_test()
        which = "app-level"
        opened = await bolt.client.apps_connections_open(app_token=app_token)
    except SlackApiError as exc:
        raise UsageError(
            f"Slack refused the {which} token: {exc.response.get('error', 'unknown error')}"
        ) from None
    except Exception as exc:
        raise UsageError(f"could not reach Slack ({type(exc).__name__})") from None
    return str(opened["url"])


async def run_socket_mode(
    bolt: AsyncApp, app_token: str, *, stop: asyncio.Event | None = None
) -> None:
    """Connect and serve until ``stop`` is set (forever without one), then disconnect."""
    if not app_token.startswith("xapp-"):
        raise UsageError("Socket Mode needs an app-level token (xapp-...)")
    url = await _check_tokens(bolt, app_token)
    handler = AsyncSocketModeHandler(bolt, app_token)
    handler.client.wss_uri = url
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("connected to Slack over Socket Mode")
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await close_slack_app(bolt)
