"""Serving the Slack app inside ``sherlock serve``'s FastAPI application.

Slack sends events, slash commands and button clicks as POSTs; the manifest points all
three at one URL (``/slack/events`` by default), and Bolt tells them apart by payload.
Request verification (signature and the five-minute replay window) is Bolt's, so a
request that fails it is answered 401 before any Sherlock code runs.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp

DEFAULT_PATH = "/slack/events"


def mount_slack(api: FastAPI, bolt: AsyncApp, path: str = DEFAULT_PATH) -> None:
    """Add ``POST path`` to ``api``, handled by ``bolt`` (see :func:`build_slack_app`)."""
    handler = AsyncSlackRequestHandler(bolt)

    async def slack_events(request: Request) -> Response:
        return await handler.handle(request)

    api.add_api_route(
        path, slack_events, methods=["POST"], include_in_schema=False, name="slack_events"
    )
