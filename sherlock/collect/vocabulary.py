"""The names and shapes discovery listens for, as the registered providers define them.

Collectors read files; only a provider knows which of the names in them hold its
credentials. This module is the one door between the two: collectors ask here, and the
answer comes from each provider's vocabulary (:func:`sherlock.providers.registry.vocabularies`),
so a new provider teaches discovery its names without any collector changing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sherlock.providers.registry import vocabularies
from sherlock.providers.vocabulary import NameMatch, Strength, Vocabulary

__all__ = [
    "NameMatch",
    "Strength",
    "classify",
    "credential_roles",
    "is_complete",
    "is_placeholder",
    "is_provider_name",
    "is_provider_unit",
    "may_hold_credentials",
    "mentions_provider",
    "tokens",
]


def _vocabularies() -> tuple[Vocabulary, ...]:
    return vocabularies()


def classify(name: str, value: str, *, in_context: bool = False) -> NameMatch | None:
    """The role ``name = value`` plays for the first provider that claims it, else None.

    ``in_context``: the file or object is known to belong to a provider (its name says so, or
    it holds that provider's unmistakable identifiers), so bare names like ``AUTH_TOKEN`` count.
    """
    for vocabulary in _vocabularies():
        match = vocabulary.classify(name, value, in_context=in_context)
        if match is not None:
            return match
    return None


def is_provider_name(name: str, value: str = "", *, context: bool = False) -> bool:
    """Whether a name would be collected; decides if a skipped value deserves a note."""
    return classify(name, value, in_context=context) is not None


def mentions_provider(*hints: str) -> bool:
    """Whether a path, secret or object name names any provider (``twilio-creds.env``)."""
    return any(vocabulary.mentions(*hints) for vocabulary in _vocabularies())


def may_hold_credentials(data: bytes) -> bool:
    """Whether raw bytes could hold a value any provider would claim by its name or shape
    alone; a collector may skip parsing bytes that cannot (see ``Vocabulary.may_hold``)."""
    return any(vocabulary.may_hold(data) for vocabulary in _vocabularies())


def is_provider_unit(pairs: Iterable[tuple[str, str]], hints: Iterable[str] = ()) -> bool:
    """Whether bare names in this unit (a file, an object) should be read as a provider's."""
    pairs, hints = tuple(pairs), tuple(hints)
    return any(vocabulary.is_unit(pairs, hints) for vocabulary in _vocabularies())


def tokens(name: str) -> list[str]:
    """``prodTwilio-auth_token`` → ``['PROD', 'TWILIO', 'AUTH', 'TOKEN']``: how names are split."""
    return _vocabularies()[0].tokens(name)


@cache
def credential_roles() -> frozenset[str]:
    """Roles that authenticate (a region or edge setting does not)."""
    return frozenset().union(*(vocabulary.credential_roles for vocabulary in _vocabularies()))


def is_complete(roles: set[str]) -> bool:
    """Whether these roles, seen together, make credentials some provider could check."""
    return any(vocabulary.is_complete(roles) for vocabulary in _vocabularies())


def is_placeholder(value: str) -> bool:
    """``your_auth_token``, ``${TWILIO_AUTH_TOKEN}``, ``changeme``: text standing in for a value."""
    return any(vocabulary.is_placeholder(value) for vocabulary in _vocabularies())
