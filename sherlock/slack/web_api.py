"""Where Slack's Web API is: Slack's own, GovSlack (``slack-gov.com``) or an egress gateway.

Kept apart from the Bolt app so ``sherlock serve`` can check ``[slack] api_url`` at start-up
without importing Bolt.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sherlock.config.schema import SlackSettings
from sherlock.errors import UsageError
from sherlock.providers.twilio.hosts import is_loopback_host


def slack_api_url(settings: SlackSettings) -> str | None:
    """``[slack] api_url`` as slack_sdk wants it (ending in ``/``), or None for Slack's own.

    The bot token travels to this URL, so it must be https (plain http only to a loopback
    address, for an emulator or a local gateway). The value is not echoed in the error: a
    gateway URL may carry credentials of its own.
    """
    url = settings.api_url
    if url is None:
        return None
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    secure = parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host))
    if not (host and secure):
        raise UsageError(
            "[slack] api_url must be an https:// URL such as https://slack-gov.com/api/ "
            "(http:// only on a loopback address): the bot token is sent there"
        )
    return url.strip().rstrip("/") + "/"
