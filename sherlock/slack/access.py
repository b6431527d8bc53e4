"""Who may make Sherlock call Twilio from Slack.

A live diagnosis sends the deployment's real credentials to Twilio and shows where each one
lives and whether it works. That is the right answer in the incident channel, and too much
for every channel the app is invited to, so live checks run only when the channel or the
person asking is listed in ``[slack]`` of ``sherlock.toml``:

    allowed_channels = ["C0123ABCD", "#ops-incidents"]   # ids, or names (needs channels:read)
    allowed_users = ["U0456EFGH"]                          # member ids

Everyone else gets the static explanation from the knowledge base, with the reason. An
empty config allows no one: live checks are opt-in. A channel name is resolved with
``conversations.info`` (cached); if Slack cannot say the name, the answer is "not
allowed", never "allowed".
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.config.schema import SlackSettings

_ID = re.compile(r"[CGDUW][A-Z0-9]{2,}")
_NAME_TTL = 600.0

log = logging.getLogger("sherlock.slack")


@dataclass(frozen=True)
class Decision:
    """Whether to verify live, and the sentence that explains a "no" to the asker."""

    live: bool
    reason: str = ""


NOT_CONFIGURED = (
    "Live checks are off: no channel or person is allowed to run them yet "
    "([slack] allowed_channels / allowed_users in sherlock.toml). Here is the general "
    "explanation instead."
)
NOT_ALLOWED = (
    "Live checks against Twilio run only in the channels and for the people allowed in "
    "sherlock.toml ([slack] allowed_channels / allowed_users). Here is the general "
    "explanation instead; ask in an allowed channel for a check of the deployment."
)


class LiveAccess:
    """Decides per request; channel names are looked up once per ten minutes."""

    def __init__(self, settings: SlackSettings, client: AsyncWebClient) -> None:
        self._client = client
        entries = [entry.strip() for entry in settings.allowed_channels if entry.strip()]
        self._channel_ids = {entry for entry in entries if _ID.fullmatch(entry)}
        self._channel_names = {
            entry.lstrip("#").lower() for entry in entries if not _ID.fullmatch(entry)
        }
        self._users = {user.strip() for user in settings.allowed_users if user.strip()}
        self._names: dict[str, tuple[float, str | None]] = {}

    @property
    def configured(self) -> bool:
        return bool(self._channel_ids or self._channel_names or self._users)

    async def decide(self, *, channel: str | None, user: str | None) -> Decision:
        if not self.configured:
            return Decision(False, NOT_CONFIGURED)
        if user and user in self._users:
            return Decision(True)
        if channel and channel in self._channel_ids:
            return Decision(True)
        if channel and self._channel_names:
            name = await self._channel_name(channel)
            if name is not None and name.lower() in self._channel_names:
                return Decision(True)
        return Decision(False, NOT_ALLOWED)

    async def _channel_name(self, channel: str) -> str | None:
        cached = self._names.get(channel)
        if cached is not None and time.monotonic() - cached[0] < _NAME_TTL:
            return cached[1]
        name: str | None = None
        try:
            reply = await self._client.conversations_info(channel=channel)
            info = reply.get("channel")
            if isinstance(info, dict) and isinstance(info.get("name"), str):
                name = info["name"]
        except SlackApiError as exc:
            log.warning("could not look up channel %s: %s", channel, exc.response.get("error"))
        except Exception as exc:  # a network fault means "could not tell", hence not allowed
            log.warning("could not look up channel %s: %s", channel, type(exc).__name__)
        self._names[channel] = (time.monotonic(), name)
        return name
