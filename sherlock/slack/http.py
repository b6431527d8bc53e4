"""Serving the Slack app inside ``sherlock serve``'s FastAPI application.

Slack sends events, slash commands and button clicks as POSTs; the manifest points all
three at one URL (``/slack/events`` by default), and Bolt tells them apart by payload.
Request verification (signature and the five-minute replay window) is Bolt's, so a
request that fails it is answered 401 before any Sherlock code runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp

from sherlock.slack.app import close_slack_app

DEFAULT_PATH = "/slack/events"


def mount_slack(api: FastAPI, bolt: AsyncApp, path: str = DEFAULT_PATH) -> None:
    """Add ``POST path`` to ``api``, handled by ``bolt`` (see :func:`build_slack_app`).

    ``api``'s lifespan is wrapped so the app's connections to Slack close when it stops.
    """
    handler = AsyncSlackRequestHandler(bolt)

    async def slack_events(request: Request) -> Response:
        return await handler.handle(request)

    # A plain Starlette route: Bolt reads the raw body itself, so FastAPI's parameter
    # parsing and response validation would only add time to every acknowledgement.
    api.add_route(
        path, slack_events, methods=["POST"], include_in_schema=False, name="slack_events"
    )
    inner = api.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        context: AbstractAsyncContextManager[Any] = inner(app)
        async with context as state:
            try:
                yield state
            finally:
                await close_slack_app(bolt)

    api.router.lifespan_context = lifespan
