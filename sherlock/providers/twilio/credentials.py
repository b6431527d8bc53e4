"""What Twilio credentials look like, so checks can tell a bad shape from a bad value.

Shapes (from Twilio's API and CLI): Account SID ``AC`` + 32 hex, API Key SID ``SK`` + 32 hex,
Auth Token 32 hex, API Key Secret 32 alphanumerics. Other SID prefixes (PN, MG, ...) are
names of other resources that get pasted into the wrong field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sherlock.providers.twilio.records import Field

SID_RE = re.compile(r"^([A-Z]{2})[0-9a-fA-F]{32}$")
ACCOUNT_SID_RE = re.compile(r"^AC[0-9a-fA-F]{32}$")
API_KEY_SID_RE = re.compile(r"^SK[0-9a-fA-F]{32}$")
AUTH_TOKEN_RE = re.compile(r"^[0-9a-fA-F]{32}$")
API_SECRET_RE = re.compile(r"^[0-9A-Za-z]{32}$")

#: What other two-letter prefixes name, for messages like "PN… is a phone number SID".
OTHER_SID_PREFIXES: dict[str, str] = {
    "PN": "a phone number",
    "MG": "a messaging service",
    "CN": "a connect app",
    "AP": "a TwiML app",
    "CA": "a call",
    "SM": "a message",
    "MM": "a media message",
    "US": "a user",
    "VA": "a Verify service",
    "IS": "a sync service",
    "KS": "a signing key",
    "CR": "a credential",
    "OQ": "a query",
    "SK": "an API key",
    "AC": "an account",
}

WHITESPACE_CHARS = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff"
QUOTE_CHARS = "\"'"

PLACEHOLDER_RE = re.compile(
    r"(your[_-]?|changeme|change[_-]me|replace[_-]?me|placeholder|example|dummy|xxxx|<.*>|"
    r"\$\{.*\}|todo|fixme|secret_here|token_here|^\*+$|^x+$|^0+$)",
    re.IGNORECASE,
)

EXPECTED_SHAPE: dict[Field, tuple[re.Pattern[str], str]] = {
    Field.ACCOUNT_SID: (ACCOUNT_SID_RE, "AC followed by 32 hex characters (34 in all)"),
    Field.API_KEY_SID: (API_KEY_SID_RE, "SK followed by 32 hex characters (34 in all)"),
    Field.AUTH_TOKEN: (AUTH_TOKEN_RE, "32 hex characters"),
    Field.API_KEY_SECRET: (API_SECRET_RE, "32 letters and digits"),
}


def strip_junk(value: str) -> str:
    """The value without surrounding whitespace, invisible characters, quotes or a literal \\n."""
    previous = None
    while previous != value:
        previous = value
        value = value.strip(WHITESPACE_CHARS).strip(QUOTE_CHARS)
        if value.endswith("\\n"):
            value = value[:-2]
    return value


def sid_prefix(value: str) -> str | None:
    """The two-letter prefix when the (cleaned) value is shaped like any Twilio SID."""
    match = SID_RE.match(strip_junk(value))
    return match.group(1).upper() if match else None


def looks_like_token(value: str) -> bool:
    return bool(AUTH_TOKEN_RE.match(strip_junk(value)))


def is_placeholder(value: str) -> bool:
    return bool(PLACEHOLDER_RE.search(strip_junk(value)))


@dataclass(frozen=True)
class ShapeProblem:
    """Why a cleaned value cannot be valid for its field."""

    reason: str
    placeholder: bool = False


def shape_problem(field: Field, value: str) -> ShapeProblem | None:
    """None when the cleaned value fits its field's shape; otherwise what is wrong with it."""
    if field not in EXPECTED_SHAPE:
        return None
    pattern, expected = EXPECTED_SHAPE[field]
    cleaned = strip_junk(value)
    if pattern.match(cleaned):
        return None
    if not cleaned:
        return ShapeProblem("it is empty")
    if is_placeholder(cleaned):
        return ShapeProblem("it is a placeholder, not a real value", placeholder=True)
    if len(cleaned) < len(_example(field)):
        return ShapeProblem(
            f"it is {len(cleaned)} characters long, expected {expected} (truncated?)"
        )
    if len(cleaned) > len(_example(field)):
        return ShapeProblem(f"it is {len(cleaned)} characters long, expected {expected}")
    return ShapeProblem(f"it has characters outside the expected shape: {expected}")


def _example(field: Field) -> str:
    return {
        Field.ACCOUNT_SID: "AC" + "0" * 32,
        Field.API_KEY_SID: "SK" + "0" * 32,
    }.get(field, "0" * 32)
