"""What the server may repeat back from a request: short plain labels that are not credentials.

Answers and logs quote a few things the client chose (an X-Request-Id for tracing, the
environment an alert names, the name of an unknown field). Each must be a short plain
token, and must not look like a credential by the same rules that redact pasted text, so
a 32-character token sent in the wrong place is never echoed into an answer or a log.
"""

from __future__ import annotations

import re

from sherlock.explain import redact_secrets


def echoable(text: str, shape: re.Pattern[str]) -> bool:
    """Whether ``text`` has ``shape`` and nothing in it would be redacted as a secret."""
    return bool(shape.fullmatch(text)) and redact_secrets(text) == text
