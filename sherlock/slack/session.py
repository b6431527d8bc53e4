"""One pool of HTTP connections to Slack's Web API per app, instead of one per call.

slack_sdk's ``AsyncWebClient`` opens a new aiohttp session (a new TCP and TLS connection to
slack.com) for every call unless it is given one. An answer costs at least two calls
(``chat.postMessage`` then ``chat.update``), so during a burst of questions that is hundreds
of handshakes competing with the acknowledgements Slack is waiting for. The session is
created lazily, inside the running event loop (aiohttp sessions belong to one loop), and
closed by :func:`sherlock.slack.app.close_slack_app` when the server or socket stops.
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient


class SharedSession:
    """Attaches one aiohttp session to ``client`` (and closes only the one it made)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._owned: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def ensure(self) -> None:
        """Call from inside the event loop before using the client."""
        loop = asyncio.get_running_loop()
        current = self._client.session
        if (
            current is not None
            and not current.closed
            and (current is not self._owned or self._loop is loop)
        ):
            return
        self._owned = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self._client.timeout),
            trust_env=self._client.trust_env_in_session,
        )
        self._loop = loop
        self._client.session = self._owned

    async def aclose(self) -> None:
        owned, self._owned = self._owned, None
        if owned is None:
            return
        if self._client.session is owned:
            self._client.session = None
        if not owned.closed:
            await owned.close()
