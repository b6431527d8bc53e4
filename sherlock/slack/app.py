"""The Bolt app: Slack's events, the slash command and the buttons, wired to the responder.

One app serves both transports: HTTP (mounted into ``sherlock serve`` by
:func:`sherlock.slack.http.mount_slack`) and Socket Mode (``sherlock slack``). In HTTP
mode Bolt checks every request's signature and timestamp first (a missing, wrong or
more-than-five-minutes-old signature is a 401 before any handler runs).

Acknowledging fast is Slack's rule (three seconds, or it retries) and Sherlock's promise,
so the app runs with ``process_before_response=False``: events are acknowledged by Bolt
before the handler starts, and the command and button handlers call ``ack()`` first.
Everything slow (the diagnosis, the Slack posts) happens after the HTTP response is gone;
a global middleware only notes each verified arrival, so the responder can hold answers back
while a burst is still being acknowledged. Slack's retries of an event already seen (same
``event_id``) are dropped.

Handlers only pick fields out of Slack's payloads; what to answer is decided in
:mod:`sherlock.slack.responder` and how it looks in :mod:`sherlock.render.slack`.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.config.schema import SlackSettings
from sherlock.engine.runner import Runner
from sherlock.errors import UsageError
from sherlock.render.slack import (
    ACTION_ALL_CAUSES,
    ACTION_PICK_PREFIX,
    ACTION_RERUN,
    ACTION_RESOLVED,
    help_blocks,
)
from sherlock.slack.question import parse_command
from sherlock.slack.responder import Responder, failure_text
from sherlock.slack.web_api import slack_api_url

log = logging.getLogger("sherlock.slack")

Ack = Callable[..., Awaitable[Any]]
Payload = Mapping[str, Any]

_SEEN_EVENTS = 2048
#: The slash command, as slack/manifest.yaml declares it.
COMMAND = "/sherlock"

#: The responder behind each app built here, so the app can be closed without a wrapper type.
_RESPONDERS: weakref.WeakKeyDictionary[AsyncApp, Responder] = weakref.WeakKeyDictionary()


class _SeenEvents:
    """The last few thousand event ids, so a retried delivery is answered once."""

    def __init__(self, size: int = _SEEN_EVENTS) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first_time(self, body: Payload) -> bool:
        event_id = body.get("event_id")
        if not isinstance(event_id, str):
            return True
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _where_clicked(body: Payload) -> tuple[str | None, str | None, str | None]:
    """(channel, message ts, user) of a button click."""
    container = body.get("container") or {}
    channel = _str(container.get("channel_id")) or _str((body.get("channel") or {}).get("id"))
    ts = _str(container.get("message_ts")) or _str((body.get("message") or {}).get("ts"))
    return channel, ts, _str((body.get("user") or {}).get("id"))


def _action_value(body: Payload) -> str | None:
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return _str(actions[0].get("value"))
    return None


class _NoTokenUnusedWarning(logging.Filter):
    """Drops Bolt's "As you gave `client` as well, `token` will be unused." warning.

    Sherlock always hands Bolt a client that already holds the bot token (read from the
    variable ``[slack] bot_token_env`` names); Bolt also reads ``SLACK_BOT_TOKEN`` from the
    environment on its own and warns that this second copy goes unused, which is the intent.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_token_warning(logger: logging.Logger) -> logging.Logger:
    if not any(isinstance(f, _NoTokenUnusedWarning) for f in logger.filters):
        logger.addFilter(_NoTokenUnusedWarning())
    return logger


def build_slack_app(
    runner: Runner,
    settings: SlackSettings,
    *,
    signing_secret: str,
    token: str | None,
    client: AsyncWebClient | None = None,
    diagnose_timeout: float = 120.0,
    max_concurrent_answers: int = 8,
    reuse_answers_for: float = 5.0,
    logger: logging.Logger | None = None,
) -> AsyncApp:
    """The Sherlock Slack app over ``runner``'s deployment.

    ``client`` lets tests and benchmarks point the Web API at an emulator
    (``AsyncWebClient(base_url=...)``); it gets ``token`` if it has none. In Socket Mode the
    signing secret is not used (Slack signs nothing on the socket) but must still be given.
    ``max_concurrent_answers`` and ``reuse_answers_for`` tune the responder (see
    :mod:`sherlock.slack.responder`); call :func:`close_slack_app` on shutdown
    (:func:`~sherlock.slack.http.mount_slack` arranges that for a FastAPI app).
    """
    if not signing_secret:
        raise UsageError("the Slack signing secret is empty")
    if client is None:
        if not token:
            raise UsageError("the Slack bot token is empty")
        base_url = slack_api_url(settings)
        client = (
            AsyncWebClient(token=token)
            if base_url is None
            else AsyncWebClient(token=token, base_url=base_url)
        )
    elif client.token is None:
        client.token = token
    if not client.token:
        raise UsageError("the Slack bot token is empty")

    if logger is None:
        # Bolt logs the whole body of a request whose signature fails at INFO, and a body can
        # carry a secret someone pasted; its own loggers say only warnings and errors.
        logger = logging.getLogger("sherlock.slack.bolt")
        logger.setLevel(logging.WARNING)
    app = AsyncApp(
        # Bolt configures a logger named after the app on every request: a name of its own
        # keeps it from resetting the level of the whole "sherlock" logger tree.
        name="sherlock.slack.bolt",
        signing_secret=signing_secret,
        client=client,
        process_before_response=False,
        logger=_quiet_token_warning(logger),
    )
    responder = Responder(
        runner,
        settings,
        client,
        diagnose_timeout=diagnose_timeout,
        max_concurrent=max_concurrent_answers,
        reuse_for=reuse_answers_for,
        button_key=signing_secret.encode("utf-8"),  # buttons stay valid across restarts
    )
    seen = _SeenEvents()
    _RESPONDERS[app] = responder

    @app.middleware
    async def note_arrival(next: Callable[[], Awaitable[Any]]) -> Any:
        responder.note_arrival()
        return await next()

    async def answer_in_thread(event: Payload, body: Payload) -> None:
        """A mention or a DM: once per event (Slack retries), answered in its thread."""
        channel = _str(event.get("channel"))
        if channel is None or not seen.first_time(body):
            return
        await responder.question(
            str(event.get("text") or ""),
            channel=channel,
            user=_str(event.get("user")),
            thread_ts=_str(event.get("thread_ts")) or _str(event.get("ts")),
        )

    @app.event("app_mention")
    async def on_mention(event: Payload, body: Payload) -> None:
        await answer_in_thread(event, body)

    @app.event("message")
    async def on_message(event: Payload, body: Payload) -> None:
        """Direct messages only; edits, bot posts and channel chatter are not questions."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await answer_in_thread(event, body)

    @app.command(COMMAND)
    async def on_command(ack: Ack, command: Payload) -> None:
        text = str(command.get("text") or "")
        if parse_command(text).is_help:
            await ack(text="How to ask Sherlock", blocks=help_blocks())
            return
        await ack()
        channel = _str(command.get("channel_id"))
        if channel is None:
            return
        await responder.question(
            text, channel=channel, user=_str(command.get("user_id")), thread_ts=None, command=True
        )

    async def _rerun(ack: Ack, body: Payload, *, all_causes: bool, fresh: bool) -> None:
        await ack()
        channel, ts, user = _where_clicked(body)
        if channel and ts:
            await responder.rerun(
                channel=channel,
                ts=ts,
                user=user,
                value=_action_value(body),
                all_causes=all_causes,
                fresh=fresh,
            )

    @app.action(ACTION_RERUN)
    async def on_rerun(ack: Ack, body: Payload) -> None:
        await _rerun(ack, body, all_causes=False, fresh=True)

    @app.action(re.compile(f"^{ACTION_PICK_PREFIX}[0-9]+$"))
    async def on_pick(ack: Ack, body: Payload) -> None:
        await _rerun(ack, body, all_causes=False, fresh=False)

    @app.action(ACTION_ALL_CAUSES)
    async def on_all_causes(ack: Ack, body: Payload) -> None:
        await _rerun(ack, body, all_causes=True, fresh=False)

    @app.action(ACTION_RESOLVED)
    async def on_resolved(ack: Ack, body: Payload) -> None:
        await ack()
        channel, ts, user = _where_clicked(body)
        message = body.get("message")
        if channel and ts and isinstance(message, Mapping):
            await responder.resolve(channel=channel, ts=ts, user=user, message=message)

    @app.error
    async def on_error(error: Exception) -> None:
        log.error("Slack handler failed: %s", failure_text(error))

    return app


async def close_slack_app(app: AsyncApp) -> None:
    """Release what the app holds open (its connection pool to Slack); call on shutdown."""
    responder = _RESPONDERS.get(app)
    if responder is not None:
        await responder.aclose()
