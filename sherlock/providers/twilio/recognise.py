"""Recognise a Twilio error in pasted text: an exception, a response body, a log line.

People arrive with whatever they have: ``str()`` or ``repr()`` of a twilio-python
exception, a traceback, a JSON or XML error body, an access-log line, or just "error
20003". :func:`read` finds Twilio's error code in any of those, with the status, the
message, the request id and the URI around it; :mod:`sherlock.explain` turns that reading
into a result next to the knowledge-base entry.

Two rules keep it honest:

* It matches on the **code**, never on message text: Twilio's wording varies
  ("Authenticate", "Authentication Error - invalid username", ...) and the same words can
  come from anything. Which codes count is the knowledge base's answer (a code is known when
  ``sherlock/kb/data/twilio/<code>.yaml`` exists), so a new entry needs no change here.
* Without a code, the only accepted evidence is an HTTP 401 on a request that was visibly
  to Twilio's API (a Twilio host or API path, or twilio-python's own exception format),
  because Twilio reports every authentication failure it does not name otherwise as 20003.
  A text that names another code is that code, or nothing when Sherlock has no entry for it.

The text handed in is already redacted by the caller; this module only reads it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from sherlock.explain import Reading
from sherlock.kb.loader import entry_id_for_code
from sherlock.secrets import strip_controls

PROVIDER = "twilio"
#: What Twilio means by an HTTP 401 that names no code.
AUTH_FAILURE_CODE = 20003
_MAX_MESSAGE = 300

_CODE_PATTERNS = (
    re.compile(r"(?i)\b(?:error[_ ]?)?code\b[\"']?\s*[:=]?\s*[\"']?(\d{5})\b"),
    re.compile(r"(?i)<Code>\s*(\d{5})\s*</Code>"),
    re.compile(r"(?i)\b(?:twilio|error)\s+(?:error\s+)?(?:code\s+)?#?(\d{5})\b"),
    re.compile(r"(?i)twilio\.com/docs/(?:api/)?errors/(\d{5})\b"),
    # The client SDKs' own errors: twilio-video.js "TwilioError 20104: ...", and
    # twilio-voice.js "AccessTokenExpired (20104): ..." (class name, code, message).
    re.compile(r"\bTwilioError:?\s+(\d{5})\b"),
    re.compile(r"\b[A-Z][A-Za-z]{2,40} \((\d{5})\): "),
    re.compile(
        r"Twilio\w*Exception\(\s*\d{3}\s*,\s*(?:'[^']*'|\"[^\"]*\")\s*,\s*"
        r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,\s*(\d{5})\b"
    ),
)
_STATUS_PATTERNS = (
    re.compile(r"Twilio\w*Exception\(\s*(\d{3})\b"),
    re.compile(r"\bHTTP\s+(\d{3})\b"),
    re.compile(r"\bHTTP/\d(?:\.\d)?\"?\s+(\d{3})\b"),
    re.compile(r"(?i)[\"']?\bstatus(?:[_ ]?code)?[\"']?\s*[:=]\s*[\"']?(\d{3})\b"),
    re.compile(r"(?i)<Status>\s*(\d{3})\s*</Status>"),
    re.compile(r"(?i)twilio\.com/docs/(?:api/)?errors/(\d{3})\b"),
    re.compile(r"\b(401) Unauthorized\b"),
)
#: ``.twilio.com`` not followed by ``/docs``; the host before it is checked apart, walking
#: back from the match, since a pattern that starts at the host's first label is tried at
#: every dot of a long dotted run (quadratic: a 1 MiB body would take most of an hour).
_TWILIO_DOMAIN = re.compile(r"(?i)\.twilio\.com\b(?!/docs)")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_TWILIO_SIGNS = (
    re.compile(r"/20\d\d-\d\d-\d\d/Accounts\b"),
    re.compile(r"/Accounts/AC[0-9a-fA-F]{32}\b"),
    re.compile(r"\bTwilio\w*Exception\b"),
    re.compile(r"\bHTTP \d{3} error: "),
    re.compile(r"\bUnable to (?:fetch|create|update|delete) (?:record|page)\b"),
)
_REQUEST_ID = re.compile(r"\bRQ[0-9a-fA-F]{32}\b")
_REQUEST_LINE = re.compile(r"\"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/[\d.]+\"")
_TWILIO_URL = re.compile(
    r"(?i)https?://(?:[^/\s@]+@)?(?!www\.twilio\.com/docs)[a-z0-9.-]+\.twilio\.com/[^\s'\"<>)\]]*"
)
_USERINFO = re.compile(r"(?<=://)[^/\s@]+@")
_REPR_URI = re.compile(r"Twilio\w*Exception\(\s*\d{3}\s*,\s*'([^']*)'")
_REPR_MESSAGE = re.compile(r"Twilio\w*Exception\(\s*\d{3}\s*,\s*'[^']*'\s*,\s*'((?:[^'\\]|\\.)*)'")
_API_PATH = re.compile(r"(/(?:20\d\d-\d\d-\d\d/)?Accounts/AC[0-9a-fA-F]{32}[^\s'\"<>)\]]*)")

_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"TwilioServiceException"), "twilio-python TwilioServiceException"),
    (re.compile(r"TwilioRestException"), "twilio-python TwilioRestException"),
    (re.compile(r"Unable to fetch page"), "twilio-python TwilioException from list()/stream()"),
    (re.compile(r"\bHTTP \d{3} error: "), "twilio-python exception message"),
    (re.compile(r"Your request was:"), "twilio-python exception message"),
    (re.compile(r"\"type\"\s*:.*\"title\"\s*:", re.S), "RFC 9457 problem details body"),
    (re.compile(r"(?i)<(?:TwilioResponse|RestException)>"), "XML error body"),
    (re.compile(r"\"code\"\s*:"), "JSON error body"),
    (_REQUEST_LINE, "HTTP access log line"),
)


_MESSAGES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"\"message\"\s*:\s*\"((?:[^\"\\]|\\.)*)\""), True),
    # XML escapes "<" in text; stopping there keeps many unclosed tags linear.
    (re.compile(r"(?i)<Message>([^<]*)</Message>"), False),
    (re.compile(r"\"title\"\s*:\s*\"((?:[^\"\\]|\\.)*)\""), True),
    (re.compile(r"\bHTTP \d{3} error: ([^\n]+)"), False),
    (_REPR_MESSAGE, False),
    (re.compile(r"(?m)^Title: ([^\n]+)"), False),
    (re.compile(r"\b(Unable to (?:fetch|create|update|delete) (?:record|page)[^\n'\"]*)"), False),
)


def _all_matches(patterns: Iterable[re.Pattern[str]], text: str) -> list[tuple[int, str]]:
    found = [(m.start(), m[1]) for pattern in patterns for m in pattern.finditer(text)]
    return sorted(found)


def _codes(text: str) -> list[int]:
    return [int(value) for _, value in _all_matches(_CODE_PATTERNS, text)]


def _statuses(text: str) -> list[int]:
    return [int(value) for _, value in _all_matches(_STATUS_PATTERNS, text)]


def _twilio_api_host(text: str) -> bool:
    """A ``*.twilio.com`` host other than ``www.`` (the docs and marketing site)."""
    for match in _TWILIO_DOMAIN.finditer(text):
        start = match.start()
        while start > 0 and match.start() - start < 253 and text[start - 1] in _HOST_CHARS:
            start -= 1
        host = text[start : match.start()]
        if host and host[-1] != "." and not (host + ".").lower().startswith("www."):
            return True
    return False


def _mentions_twilio_api(text: str) -> bool:
    return _twilio_api_host(text) or any(pattern.search(text) for pattern in _TWILIO_SIGNS)


def _known(code: int) -> bool:
    return entry_id_for_code(PROVIDER, code) is not None


def _pick_code(text: str) -> tuple[int, bool] | None:
    """(code, stated) for the first code Sherlock has an entry for, or the 401 rule."""
    codes = _codes(text)
    if codes:
        known = [code for code in codes if _known(code)]
        return (known[0], True) if known else None
    if 401 in _statuses(text) and _mentions_twilio_api(text):
        return AUTH_FAILURE_CODE, False
    return None


def _json_string(raw: str) -> str:
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def _message(text: str) -> str | None:
    """The error's own words, from whichever form carries them."""
    for pattern, is_json in _MESSAGES:
        match = pattern.search(text)
        if match and match[1].strip():
            value = _json_string(match[1]) if is_json else match[1]
            return value.strip()[:_MAX_MESSAGE]
    return None


def _uri(text: str) -> str | None:
    for pattern in (_TWILIO_URL, _REQUEST_LINE, _REPR_URI, _API_PATH):
        match = pattern.search(text)
        if match:
            return _USERINFO.sub("", match[1] if pattern.groups else match[0])
    return None


def _form(text: str) -> str:
    for pattern, name in _FORMS:
        if pattern.search(text):
            return name
    return "error code mention"


def _shown(found: str | None) -> str | None:
    """A piece of the pasted text as it may be printed: no escape sequence or control."""
    return None if found is None else strip_controls(found)


def code_for_status(status: int) -> int | None:
    """The code a bare HTTP status means on its own: a 401 is Twilio's 20003."""
    return AUTH_FAILURE_CODE if status == 401 else None


def read(clean: str) -> Reading | None:
    """What ``clean`` (redacted text, escape sequences removed) says about a Twilio error
    Sherlock has an entry for; ``None`` when it names none."""
    picked = _pick_code(clean)
    if picked is None:
        return None
    code, stated = picked
    request_id = _REQUEST_ID.search(clean)
    return Reading(
        provider=PROVIDER,
        code=code,
        code_stated=stated,
        statuses=tuple(_statuses(clean)),
        form=_form(clean),
        message=_shown(_message(clean)),
        request_id=request_id[0] if request_id else None,
        uri=_shown(_uri(clean)),
    )
