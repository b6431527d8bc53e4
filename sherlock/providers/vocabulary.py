"""What a provider tells discovery: which names and value shapes hold its credentials.

Kept in its own light module (no HTTP client, no checks) because every scan asks it about
every name it reads, and ``sherlock explain`` must start fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol


class Strength(IntEnum):
    """How surely a name marks a value; the stronger name wins when two give one role."""

    SHAPE = 1  # only the value's shape (an AC… under an unrelated name)
    CONTEXT = 2  # a bare name (AUTH_TOKEN) inside something known to be the provider's
    NAMED = 3  # the name says the provider (MYAPP_TWILIO_TOKEN)
    CANONICAL = 4  # the name the provider's own SDK reads (TWILIO_AUTH_TOKEN)


@dataclass(frozen=True)
class NameMatch:
    """A name's verdict: the role its value plays, the environment word it carries, how surely."""

    field: str
    environment: str | None
    strength: Strength
    identifier: bool = False  # an id (account SID, region) rather than a secret: shown in part


class Vocabulary(Protocol):
    """A provider's naming rules, asked by every collector through :mod:`sherlock.collect.vocabulary`."""

    name: str
    credential_roles: frozenset[str]  # the roles that authenticate

    def is_complete(self, roles: set[str]) -> bool:
        """Whether these roles together make credentials a client could send."""
        ...

    def is_placeholder(self, value: str) -> bool: ...

    def classify(self, name: str, value: str, *, in_context: bool = False) -> NameMatch | None: ...

    def mentions(self, *hints: str) -> bool: ...

    def may_hold(self, data: bytes) -> bool:
        """A cheap look at raw bytes: False only when no name or value in them could be
        classified as this provider's without outside context (a file or object name that
        mentions the provider is such context, and is checked separately)."""
        ...

    def is_unit(self, pairs: Iterable[tuple[str, str]], hints: Iterable[str] = ()) -> bool: ...

    def tokens(self, name: str) -> list[str]: ...
