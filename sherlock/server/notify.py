"""Posting an alert's diagnosis to the Slack alert channel, without ever failing the webhook.

A monitoring tool that gets a 500 retries, and a retry would diagnose and post again; so
every Slack problem (no channel configured, no bot token, Slack said ``ok: false``, Slack
unreachable) becomes a short reason in the webhook's answer and a log line, never an
exception. Alert storms are common (one failing deploy fires the same alert every few
seconds), so an identical diagnosis for the same channel and environment is posted once per
``repost_after`` seconds.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sherlock.explain import Recognised
from sherlock.models import Diagnosis

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("sherlock.server")

#: Slack's limit on blocks in one message.
MAX_BLOCKS = 50

_SOURCE_NAMES = {
    "sentry": "Sentry",
    "datadog": "Datadog",
    "alertmanager": "Alertmanager",
    "generic": "A webhook",
}


@dataclass(frozen=True)
class PostOutcome:
    """Whether the diagnosis reached Slack; ``reason`` says why not."""

    posted: bool
    channel: str | None
    reason: str | None = None

    @property
    def label(self) -> str:
        """The metrics label: posted, skipped (on purpose) or failed."""
        if self.posted:
            return "posted"
        return "failed" if self.reason and self.reason.startswith("slack:") else "skipped"


def _identity(diagnosis: Diagnosis, environment: str | None) -> tuple[Any, ...]:
    causes = tuple((c.id, c.locations) for c in diagnosis.causes)
    return (environment, causes)


def _header_block(source: str, found: Recognised) -> dict[str, Any]:
    who = _SOURCE_NAMES.get(source, "A webhook")
    words = (
        f"{who} alert recognised as {found.provider.capitalize()} {found.code} "
        f"(HTTP {found.http_status}); Sherlock diagnosed the deployment:"
    )
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": words}]}


def _slack_reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None else None
    if isinstance(error, str) and error:
        return f"slack: {error}"
    return f"slack: could not reach Slack ({type(exc).__name__})"


class SlackNotifier:
    """Posts diagnoses to one channel with one client; both may be missing (then it says so)."""

    def __init__(
        self,
        client: AsyncWebClient | None,
        channel: str | None,
        *,
        repost_after: float = 600.0,
    ) -> None:
        self.client = client
        self.channel = channel
        self.repost_after = repost_after
        self._posted_at: dict[tuple[Any, ...], float] = {}

    def _recently_posted(self, key: tuple[Any, ...]) -> float | None:
        now = time.monotonic()
        self._posted_at = {k: t for k, t in self._posted_at.items() if now - t < self.repost_after}
        when = self._posted_at.get(key)
        return None if when is None else now - when

    async def post(
        self, diagnosis: Diagnosis, environment: str | None, source: str, found: Recognised
    ) -> PostOutcome:
        if not self.channel:
            return PostOutcome(False, None, "no [slack] alert_channel configured")
        if self.client is None:
            return PostOutcome(False, self.channel, "no Slack bot token configured")
        key = _identity(diagnosis, environment)
        ago = self._recently_posted(key)
        if ago is not None:
            reason = f"the same diagnosis was posted {ago:.0f} s ago"
            return PostOutcome(False, self.channel, reason)
        # Claimed before the await, so two identical alerts arriving together post once.
        self._posted_at[key] = time.monotonic()
        from sherlock.render.slack import render_blocks, render_text

        rendered = render_blocks(diagnosis, environment=environment)
        blocks = [_header_block(source, found), *rendered][:MAX_BLOCKS]
        try:
            await self.client.chat_postMessage(
                channel=self.channel,
                text=render_text(diagnosis, environment=environment),
                blocks=blocks,
            )
        except Exception as exc:  # every Slack failure is reported, none may fail the webhook
            self._posted_at.pop(key, None)
            reason = _slack_reason(exc)
            log.warning("posting an alert diagnosis to Slack failed: %s", reason)
            return PostOutcome(False, self.channel, reason)
        return PostOutcome(True, self.channel)
