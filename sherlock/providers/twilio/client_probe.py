"""What the verifier is asked to check: one credential pair as a client would send it.

Values stay raw (wrapped in :class:`~sherlock.secrets.Secret`) because the point is to
send exactly what the failing program sends; :func:`core` gives a value's shape without
its surrounding junk, for deciding what a value *is* (an Account SID? an API key SID?)
without changing what gets sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sherlock.providers.twilio.hosts import BadHostPartError, clean_host_part
from sherlock.secrets import Secret, fingerprint

_KEY_SID = re.compile(r"SK[0-9a-f]{32}", re.IGNORECASE)
_JUNK = " \t\r\n\v\f\u00a0\u200b\u200c\u200d\u2060\ufeff'\""


def core(value: str) -> str:
    """A value without surrounding whitespace, invisible characters, quotes or a literal
    trailing ``\\n``: its shape, for deciding what it is (never what gets sent)."""
    text = value.strip(_JUNK)
    while text.endswith("\\n"):
        text = text[:-2].strip(_JUNK)
    return text


def shown_label(value: str | None) -> str:
    """A region/edge for display and dedup keys: as is when it is a plausible host label,
    otherwise only its fingerprint (it may be a secret pasted into the wrong variable)."""
    if value is None:
        return ""
    try:
        clean_host_part(value, "region")
    except BadHostPartError:
        return fingerprint(value)
    return value


@dataclass(frozen=True, repr=False)
class ProbeRequest:
    """What one client would send: raw values exactly as found, plus region and edge.

    With ``lookup_key`` set the request is not about these credentials but a question asked
    with them: does the account hold this API key (``GET .../Keys/{KeySid}.json``)? It is
    part of the dedup key, so the answer never stands in for the credentials' own verdict.

    ``repr`` shows secrets as fingerprints and masks, and region/edge only when they look
    like host labels.
    """

    username: Secret
    password: Secret
    account_sid: Secret | None
    region: str | None = None
    edge: str | None = None
    lookup_key: Secret | None = None

    @property
    def uses_api_key(self) -> bool:
        return bool(_KEY_SID.fullmatch(core(self.username.reveal())))

    @property
    def key(self) -> tuple[str, ...]:
        """Identity for dedup: fingerprints, never values."""
        account = self.account_sid.fingerprint if self.account_sid is not None else "-"
        parts = (self.username.fingerprint, self.password.fingerprint, account)
        where = (shown_label(self.region), shown_label(self.edge))
        if self.lookup_key is None:
            return (*parts, *where)
        return (*parts, *where, "key-lookup", self.lookup_key.fingerprint)

    def __repr__(self) -> str:
        lookup = "" if self.lookup_key is None else f", lookup_key={self.lookup_key!r}"
        return (
            f"ProbeRequest(username={self.username!r}, password={self.password!r}, "
            f"account_sid={self.account_sid!r}, region={shown_label(self.region)!r}, "
            f"edge={shown_label(self.edge)!r}{lookup})"
        )

    @property
    def path_account(self) -> Secret | None:
        """The account SID for the URL path (for token auth the username stands in)."""
        if self.account_sid is not None:
            return self.account_sid
        return None if self.uses_api_key else self.username
