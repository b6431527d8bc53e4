"""Small pieces several checks share: building probes from sets, and wording evidence.

Evidence is what a person reads to trust a verdict, so it always names the place
(file:line), the variable, the masked value and its fingerprint, and never the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from weakref import WeakKeyDictionary

from sherlock.models import FoundValue, Location, Outcome
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.credentials import (
    QUOTE_CHARS,
    WHITESPACE_CHARS,
    shape_problem,
    strip_junk,
)
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification, field_of
from sherlock.secrets import Secret

SECRET_FIELDS = (Field.ACCOUNT_SID, Field.AUTH_TOKEN, Field.API_KEY_SID, Field.API_KEY_SECRET)


def credential_values(cset: CredentialSet) -> list[FoundValue]:
    """The values that authenticate (not region or edge)."""
    return [v for v in cset.values() if v.field in SECRET_FIELDS]


def describe(value: FoundValue) -> str:
    """``TWILIO_AUTH_TOKEN at services/api/.env:3 = ****9f2a (32 chars) [fp:1a2b…]``."""
    return f"{value.name} at {value.location} = {value.masked} [{value.fingerprint}]"


def wire(result: TwilioVerification) -> str:
    """The live evidence in one phrase: what Twilio answered, and the request id."""
    return result.describe()


def locations(values: Iterable[FoundValue]) -> tuple[Location, ...]:
    seen: dict[Location, None] = {}
    for value in values:
        seen.setdefault(value.location, None)
    return tuple(seen)


def has_invisible(raw: str) -> bool:
    return any(ch in WHITESPACE_CHARS for ch in raw) or "\\n" in raw


def has_quotes(raw: str) -> bool:
    return len(raw.strip(WHITESPACE_CHARS)) >= 1 and raw.strip(WHITESPACE_CHARS)[0] in QUOTE_CHARS


def is_clean(cset: CredentialSet) -> bool:
    """True when nothing about the set's values explains a rejection by itself."""
    return all(
        strip_junk(v.value.reveal()) == v.value.reveal()
        and shape_problem(field_of(v), v.value.reveal()) is None
        for v in credential_values(cset)
    )


def _region_values(cset: CredentialSet) -> tuple[str | None, str | None]:
    region = strip_junk(cset.region.value.reveal()).lower() if cset.region else None
    edge = strip_junk(cset.edge.value.reveal()).lower() if cset.edge else None
    return region or None, edge or None


def probe_for(
    cset: CredentialSet,
    *,
    transform: Callable[[str], str] | None = None,
    username: Secret | None = None,
    password: Secret | None = None,
    account_sid: Secret | None = None,
    region: tuple[str | None, str | None] | None = None,
) -> ProbeRequest | None:
    """The probe a client using ``cset`` would make, optionally with parts replaced.

    ``transform`` rewrites every raw value (e.g. trimming) before it is sent, which is how
    counter-tests ask "would the cleaned value work?".
    """
    user = username or (cset.username.value if cset.username else None)
    secret = password or (cset.password.value if cset.password else None)
    if user is None or secret is None:
        return None
    account = account_sid
    if account is None:
        account = cset.account_sid.value if cset.uses_api_key and cset.account_sid else user
    if transform is not None:
        user, secret, account = (s.derive(transform(s.reveal())) for s in (user, secret, account))
    reg, edge = region if region is not None else _region_values(cset)
    return ProbeRequest(username=user, password=secret, account_sid=account, region=reg, edge=edge)


def region_of(cset: CredentialSet) -> tuple[str | None, str | None]:
    return _region_values(cset)


def failed(result: TwilioVerification | None) -> bool:
    return result is not None and result.outcome is Outcome.INVALID


def accepted(result: TwilioVerification | None) -> bool:
    return result is not None and result.outcome in (Outcome.VALID, Outcome.INACTIVE)


def same_secret(a: FoundValue | None, b: FoundValue | None) -> bool:
    return a is not None and b is not None and a.fingerprint == b.fingerprint


_ACCOUNT_KEYS: WeakKeyDictionary[CredentialSet, str | None] = WeakKeyDictionary()


def account_key(cset: CredentialSet) -> str | None:
    """Fingerprint of the cleaned Account SID the set works on: how sets are grouped by account.

    Remembered per set (sets are immutable; only the fingerprint is kept, and only while the
    set lives): checks compare every rejected set with the whole tree, which re-cleaned and
    re-hashed the same SIDs hundreds of thousands of times in a 1,000-set tree."""
    try:
        return _ACCOUNT_KEYS[cset]
    except KeyError:
        pass
    key = None if cset.account_sid is None else core_fingerprint(cset.account_sid)
    _ACCOUNT_KEYS[cset] = key
    return key


def core_fingerprint(value: FoundValue) -> str:
    """The fingerprint of the value without its quotes and invisible characters, so a quoted
    copy of a token and a clean copy are recognised as the same token."""
    raw = value.value.reveal()
    core = strip_junk(raw)
    return value.fingerprint if core == raw else value.value.derive(core).fingerprint


def cleaned(value: FoundValue) -> Secret:
    """The value without surrounding quotes, whitespace or a literal ``\\n``."""
    return value.value.derive(strip_junk(value.value.reveal()))


def cleanable(cset: CredentialSet) -> bool:
    """True when every value is well formed once its quotes and whitespace are removed: such
    a set can be asked about as cleaned, and whatever still fails is not the junk's fault."""
    return all(
        shape_problem(field_of(v), v.value.reveal()) is None for v in credential_values(cset)
    )
