"""What the server may repeat back from a request: short plain labels that are not credentials.

Answers and logs quote a few things the client chose (an X-Request-Id for tracing, the
environment an alert names, the name of an unknown field). Each must be a short plain
token, and must not look like a credential by the same rules that redact pasted text, so
a 32-character token sent in the wrong place is never echoed into an answer or a log.
Secrets the server itself holds (its API token, Slack's signing secret and bot token) are
refused by value too, whatever their shape: a random ``token_urlsafe`` looks like a label.
"""

from __future__ import annotations

import re

from sherlock.redact import redact_secrets

#: Secrets this process serves with; never repeated, even when they look like labels.
_HELD: set[str] = set()


def hold(*secrets: str) -> None:
    """Register secrets the server holds so no answer or log line ever repeats them."""
    _HELD.update(s for s in secrets if len(s) >= 8)


def echoable(text: str, shape: re.Pattern[str]) -> bool:
    """Whether ``text`` has ``shape``, is none of the server's own secrets, and nothing in
    it would be redacted as a secret."""
    if not shape.fullmatch(text) or any(secret in text for secret in _HELD):
        return False
    return redact_secrets(text) == text
