"""Recognise a provider's error in pasted text, and say which knowledge-base entry explains it.

People arrive with whatever they have: an exception's ``str()`` or ``repr()``, a traceback,
a JSON or XML error body, an access-log line, or just "error 20003". This module is the
neutral front that ``sherlock explain``, ``POST /v1/explain``, the alert webhooks and the
Slack question parser share:

1. the text is cleaned first (escape sequences dropped, anything credential-shaped masked by
   :func:`sherlock.redact.redact_secrets`), so nothing read from it can carry a raw secret;
2. each provider's recogniser reads the cleaned text (Twilio's rules live in
   :mod:`sherlock.providers.twilio.recognise`) and returns a :class:`Reading` or ``None``;
3. the first reading is matched to its knowledge-base entry and becomes a
   :class:`Recognised`.

Recognisers are imported on first use, so importing this module stays cheap for the
commands that only need the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from importlib import import_module
from typing import Any

from sherlock.errors import SherlockError
from sherlock.providers.registry import RECOGNISER_MODULES
from sherlock.redact import looks_random, redact_secrets, redact_shapes

__all__ = [
    "Reading",
    "Recognised",
    "looks_random",
    "recognise",
    "recognise_bare",
    "redact_secrets",
    "redact_shapes",
]

#: Modules with a ``read(clean: str) -> Reading | None``, asked in order.
#: Each provider's recogniser module, from the registry (imported only when text arrives).
_RECOGNISERS = RECOGNISER_MODULES

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: How a code inferred from a pasted access token (no code in the text) was seen.
TOKEN_FORM = "an access token"


@dataclass(frozen=True)
class Reading:
    """What one provider's recogniser read in a text, before the knowledge base is asked.

    ``statuses`` are every HTTP status the text names, in order; the entry's own status
    wins when it is among them. Every string is taken from redacted text and made inert.
    """

    provider: str
    code: int
    code_stated: bool
    statuses: tuple[int, ...]
    form: str
    message: str | None = None
    request_id: str | None = None
    uri: str | None = None


@dataclass(frozen=True)
class Recognised:
    """What was recognised in a text, and which knowledge-base entry explains it."""

    entry_id: str
    provider: str
    code: int
    http_status: int
    code_stated: bool
    form: str
    message: str | None = None
    request_id: str | None = None
    uri: str | None = None
    #: A pasted access token read offline (masked claims, problems with their codes).
    token: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def code_basis(self) -> str:
        """Why Sherlock believes the code: stated in the text or inferred from a 401."""
        if self.code_stated:
            return "stated in the text"
        if self.form == TOKEN_FORM:
            return "inferred from the pasted access token's own claims"
        return "inferred: HTTP 401 on a request to Twilio's API"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "code_basis": self.code_basis}


def _readers() -> list[Callable[[str], Reading | None]]:
    readers: list[Callable[[str], Reading | None]] = []
    for name in _RECOGNISERS:
        readers.append(import_module(name).read)
    return readers


def _status_rules() -> list[tuple[str, Callable[[int], int | None]]]:
    return [
        (module.PROVIDER, module.code_for_status) for module in map(import_module, _RECOGNISERS)
    ]


def _result(reading: Reading) -> Recognised | None:
    """The reading beside its entry; None when the knowledge base has no entry for it."""
    from sherlock.kb.loader import entry_id_for_code, load_view

    entry_id = entry_id_for_code(reading.provider, reading.code)
    if entry_id is None:
        return None
    entry = load_view(entry_id)
    statuses = reading.statuses
    status = entry.http_status if not statuses or entry.http_status in statuses else statuses[0]
    return Recognised(
        entry_id=entry.id,
        provider=entry.provider,
        code=reading.code,
        http_status=status,
        code_stated=reading.code_stated,
        form=reading.form,
        message=reading.message,
        request_id=reading.request_id,
        uri=reading.uri,
    )


def _entry_for_number(number: int) -> str | None:
    """An entry id for a bare number: a code with an entry, else what a provider says the
    HTTP status means alone (Twilio: 401 is 20003), else the one entry with that status."""
    from sherlock.kb.loader import entry_id_for_code, resolve_entry_id

    for provider, code_for_status in _status_rules():
        found = entry_id_for_code(provider, number)
        meant = code_for_status(number)
        if found is None and meant is not None:
            found = entry_id_for_code(provider, meant)
        if found is not None:
            return found
    try:
        return resolve_entry_id(str(number))
    except SherlockError:
        return None


def recognise_bare(text: str) -> Recognised | None:
    """A bare code or HTTP status typed on its own (``20003``, ``401``), looked up directly
    in the knowledge base; None for anything else, which :func:`recognise` reads as text."""
    stripped = text.strip()
    if not stripped.isdigit() or len(stripped) > 6:
        return None
    from sherlock.kb.loader import load_view

    entry_id = _entry_for_number(int(stripped))
    if entry_id is None:
        return None
    entry = load_view(entry_id)
    stated = str(entry.code) == stripped
    return Recognised(
        entry_id=entry.id,
        provider=entry.provider,
        code=entry.code,
        http_status=entry.http_status,
        code_stated=stated,
        form="a bare code" if stated else "a bare HTTP status",
    )


def _token_reading(text: str) -> dict[str, Any] | None:
    """A JWT in the raw text, read offline before redaction would hide it (masked output)."""
    if "eyJ" not in text:
        return None
    from sherlock.providers.twilio.tokens.reading import explain_token

    return explain_token(_ANSI.sub("", text))


def _from_token(token: dict[str, Any] | None) -> Recognised | None:
    """For a text that names no code: the error its access token would get, if any."""
    problems = token["problems"] if token else []
    if not problems:
        return None
    reading = Reading("twilio", int(problems[0]["code"]), False, (), TOKEN_FORM)
    found = _result(reading)
    return replace(found, token=token) if found is not None else None


def recognise(text: str) -> Recognised | None:
    """The error in ``text`` if a provider recognises it and Sherlock has an entry for it."""
    clean = redact_secrets(_ANSI.sub("", text))
    token = _token_reading(text)
    for read in _readers():
        reading = read(clean)
        if reading is not None:
            found = _result(reading)
            return replace(found, token=token) if found is not None and token else found
    return _from_token(token)
