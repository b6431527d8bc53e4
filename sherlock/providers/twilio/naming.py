"""Which variable names (and which value shapes) hold Twilio credentials.

Names are split into upper-case tokens (``PROD_TWILIO_AUTH_TOKEN``, ``twilio-auth-token`` and
``authToken`` all tokenise alike). A name that contains ``TWILIO`` is classified by what follows
it, so ``MYAPP_TWILIO_SID`` and ``TWILIO_TOKEN`` count. Environment words before ``TWILIO``
or at either end of the rest (``PROD_…``, ``…_STAGING``, ``TWILIO_TEST_…``) are lifted out
and label the value's environment.

Bare names (``ACCOUNT_SID``, ``AUTH_TOKEN``, ``accountSid``) are ambiguous: ``AUTH_TOKEN``
could belong to any API. They count only in a *Twilio context*: a file, secret or object whose
name mentions Twilio, or a unit that also holds a bare account-SID name with an ``AC…`` value
(the shape of AWS's Twilio rotation secret). Finally, an ``AC``/``SK`` + 32 hex value under
a name that does not mention Twilio is an Account / API Key SID by shape alone; a random
32-hex string is never taken for a token, because nothing distinguishes it from any other
secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sherlock.collect.context import ENVIRONMENT_WORDS
from sherlock.providers.twilio.credentials import is_placeholder
from sherlock.providers.twilio.records import Field
from sherlock.providers.vocabulary import NameMatch, Strength

ACCOUNT_SID_SHAPE = re.compile(r"AC[0-9a-fA-F]{32}")
API_KEY_SID_SHAPE = re.compile(r"SK[0-9a-fA-F]{32}")
_SID_BYTES = re.compile(rb"(?:AC|SK)[0-9a-fA-F]{32}")

#: The token sequences (after ``TWILIO`` and environment words are removed) and their field.
_CORE: dict[tuple[str, ...], Field] = {
    ("ACCOUNT", "SID"): Field.ACCOUNT_SID,
    ("ACCOUNT", "ID"): Field.ACCOUNT_SID,  # TWILIO_ACCOUNT_ID: common in real repositories
    ("ACCOUNTSID",): Field.ACCOUNT_SID,
    ("ACCT", "SID"): Field.ACCOUNT_SID,
    ("ACCOUNT",): Field.ACCOUNT_SID,
    ("SID",): Field.ACCOUNT_SID,
    ("AUTH", "TOKEN"): Field.AUTH_TOKEN,
    ("AUTHTOKEN",): Field.AUTH_TOKEN,
    ("TOKEN",): Field.AUTH_TOKEN,
    ("API", "KEY"): Field.API_KEY_SID,
    ("API", "KEY", "SID"): Field.API_KEY_SID,
    ("API", "SID"): Field.API_KEY_SID,
    ("KEY", "SID"): Field.API_KEY_SID,
    ("API", "SECRET"): Field.API_KEY_SECRET,
    ("API", "KEY", "SECRET"): Field.API_KEY_SECRET,
    ("KEY", "SECRET"): Field.API_KEY_SECRET,
    ("REGION",): Field.REGION,
    ("EDGE",): Field.EDGE,
}

#: Twilio products a name may put between ``TWILIO`` and the credential word
#: (Supabase's ``[auth.sms.twilio_verify]`` → ``SUPABASE_AUTH_SMS_TWILIO_VERIFY_AUTH_TOKEN``).
#: Only a credential core may follow: ``TWILIO_MESSAGING_SERVICE_SID`` stays a non-credential.
_PRODUCTS = frozenset({"VERIFY", "SMS", "VOICE", "MESSAGING", "WHATSAPP", "VIDEO", "NOTIFY"})

#: Names a Twilio client reads verbatim; preferred when a scope has several for one field.
CANONICAL_NAMES: frozenset[str] = frozenset(
    {
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "TWILIO_REGION",
        "TWILIO_EDGE",
        "accountSid",
        "authToken",
        "apiKey",
        "apiSecret",
        "region",
        "edge",
    }
)

_PART_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def tokens(name: str) -> list[str]:
    """Upper-case tokens of a name, splitting on punctuation and camelCase humps."""
    found: list[str] = []
    for part in _PART_SPLIT.split(name):
        found.extend(t.upper() for t in _CAMEL_SPLIT.split(part) if t)
    return found


def _env_word(token: str) -> str | None:
    return ENVIRONMENT_WORDS.get(token.lower())


def _strip_env(parts: Sequence[str]) -> tuple[list[str], str | None]:
    """Drop environment words at both ends; return the core and the environment named."""
    core = list(parts)
    env: str | None = None
    while core and _env_word(core[0]):
        env = env or _env_word(core.pop(0))
    while core and _env_word(core[-1]):
        env = env or _env_word(core.pop())
    return core, env


def _split_twilio(parts: list[str]) -> tuple[list[str], str | None] | None:
    """For names containing TWILIO: the core after it and the environment around it."""
    if "TWILIO" not in parts:
        return None
    at = parts.index("TWILIO")
    prefix_env = next((e for e in map(_env_word, parts[:at]) if e), None)
    core, env = _strip_env(parts[at + 1 :])
    if core[:1] == ["CLIENT"]:  # Twilio.AspNet.Core's section: Twilio:Client:AccountSid
        core, inner = _strip_env(core[1:])
        env = env or inner
    while len(core) > 1 and core[0] in _PRODUCTS and tuple(core[1:]) in _CORE:
        core = core[1:]  # TWILIO_VERIFY_AUTH_TOKEN: the product's credential is the account's
    return core, prefix_env or env


def is_sid_shaped(value: str) -> Field | None:
    """The field an ``AC…``/``SK…`` value is by shape alone (quotes and blanks ignored)."""
    core = value.strip().strip("'\"").strip()
    if ACCOUNT_SID_SHAPE.fullmatch(core):
        return Field.ACCOUNT_SID
    if API_KEY_SID_SHAPE.fullmatch(core):
        return Field.API_KEY_SID
    return None


def classify(name: str, value: str, *, twilio_context: bool = False) -> NameMatch | None:
    """The Twilio field a name/value pair holds, or None when it is not a Twilio value."""
    parts = tokens(name)
    twilio = _split_twilio(parts)
    if twilio is not None:
        core, env = twilio
        field = _CORE.get(tuple(core))
        if field is None:  # TWILIO_MAIN_ACCOUNT=AC…: still a SID by its shape
            shaped = is_sid_shaped(value)
            return NameMatch(shaped, env, Strength.SHAPE, True) if shaped else None
        strength = Strength.CANONICAL if name in CANONICAL_NAMES else Strength.NAMED
        return NameMatch(field, env, strength, field.is_identifier)
    core, env = _strip_env(parts)
    field = _CORE.get(tuple(core))
    if field is not None and twilio_context:
        strength = Strength.CANONICAL if name in CANONICAL_NAMES else Strength.CONTEXT
        return NameMatch(field, env, strength, field.is_identifier)
    shaped = is_sid_shaped(value)
    return NameMatch(shaped, env, Strength.SHAPE, True) if shaped else None


def mentions_twilio(*hints: str) -> bool:
    """Whether any hint (a path, a secret or object name) names Twilio."""
    return any("twilio" in hint.lower() for hint in hints)


def _bare_field(name: str) -> Field | None:
    """The field a name without ``TWILIO`` in it would hold in a Twilio context."""
    core, _ = _strip_env(tokens(name))
    return _CORE.get(tuple(core))


def is_twilio_unit(pairs: Iterable[tuple[str, str]], hints: Iterable[str] = ()) -> bool:
    """Whether bare names like ``AUTH_TOKEN`` in this unit should be read as Twilio's.

    True when a hint names Twilio, or when the unit holds a bare account-SID name
    (``ACCOUNT_SID``, ``accountSid``, ``sid``) whose value is shaped like an Account SID, or
    the bare pair with its values swapped: an Account SID under the token's name beside the
    SID's name (twilio-run's ``ACCOUNT_SID``/``AUTH_TOKEN`` pasted crosswise). Without that
    last rule the swapped file would show only a SID by shape, and the token would go unread.
    """
    if mentions_twilio(*hints):
        return True
    bare = [(_bare_field(name), value) for name, value in pairs]
    if any(f is Field.ACCOUNT_SID and is_sid_shaped(v) for f, v in bare):
        return True
    crossed = any(f is Field.AUTH_TOKEN and is_sid_shaped(v) is Field.ACCOUNT_SID for f, v in bare)
    return crossed and any(f is Field.ACCOUNT_SID for f, _ in bare)


def strength_of(name: str, field: Field, value: str) -> Strength:
    """Re-derive how strongly a found value's name marks it (used to rank duplicates)."""
    match = classify(name, value, twilio_context=True)
    if match is None or match.field is not field:
        return Strength.SHAPE
    return match.strength


_TOKEN_PAIR = frozenset({Field.ACCOUNT_SID, Field.AUTH_TOKEN})
_KEY_SET = frozenset({Field.ACCOUNT_SID, Field.API_KEY_SID, Field.API_KEY_SECRET})


class TwilioVocabulary:
    """Twilio's naming rules as discovery asks for them (:mod:`sherlock.collect.vocabulary`)."""

    name = "twilio"
    credential_roles: frozenset[str] = frozenset(
        {Field.ACCOUNT_SID, Field.AUTH_TOKEN, Field.API_KEY_SID, Field.API_KEY_SECRET}
    )

    def is_complete(self, roles: set[str]) -> bool:
        return roles.issuperset(_TOKEN_PAIR) or roles.issuperset(_KEY_SET)

    def is_placeholder(self, value: str) -> bool:
        return is_placeholder(value)

    def classify(self, name: str, value: str, *, in_context: bool = False) -> NameMatch | None:
        return classify(name, value, twilio_context=in_context)

    def mentions(self, *hints: str) -> bool:
        return mentions_twilio(*hints)

    def may_hold(self, data: bytes) -> bool:
        """Without a hint, only a name containing ``TWILIO`` or a SID-shaped value makes
        anything Twilio's (bare names need one of the two beside them: see the module)."""
        return b"twilio" in data.lower() or _SID_BYTES.search(data) is not None

    def is_unit(self, pairs: Iterable[tuple[str, str]], hints: Iterable[str] = ()) -> bool:
        return is_twilio_unit(pairs, hints)

    def tokens(self, name: str) -> list[str]:
        return tokens(name)


VOCABULARY = TwilioVocabulary()
