"""Who may do what in the Vault emulator: tokens, their ACL, and AppRole logins.

A token carries one policy: a list of Vault ACL paths and the capabilities granted on
them. Paths follow Vault's policy syntax, relative to ``/v1/``: ``secret/data/prod/twilio``
matches itself only, a trailing ``*`` makes a prefix (``secret/data/prod/*``, and ``*``
alone is everything, like a root token), and ``+`` stands for exactly one path segment
(``secret/+/prod/twilio`` covers both the ``data`` and ``metadata`` paths). Vault checks
the ACL before it looks for a route, so a denied path on an unmounted engine is a 403,
not a 404; the emulator does the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

ALL_CAPABILITIES: frozenset[str] = frozenset({"create", "read", "update", "delete", "list"})
READ_CAPABILITIES: frozenset[str] = frozenset({"read", "list"})


def _segment_match(pattern: str, path: str, *, prefix: bool) -> bool:
    wanted = pattern.split("/")
    given = path.split("/")
    if len(given) < len(wanted) or (not prefix and len(given) != len(wanted)):
        return False
    for index, (want, got) in enumerate(zip(wanted, given, strict=False)):
        if want == "+":
            continue
        last = index == len(wanted) - 1
        if last and prefix:
            return got.startswith(want)
        if want != got:
            return False
    return True


def acl_matches(pattern: str, path: str) -> bool:
    """Does a Vault policy path (``*`` suffix glob, ``+`` segment wildcard) cover ``path``?"""
    prefix = pattern.endswith("*")
    body = pattern[:-1] if prefix else pattern
    if "+" in body.split("/"):
        return _segment_match(body, path, prefix=prefix)
    return path.startswith(body) if prefix else path == body


@dataclass(frozen=True)
class Token:
    """A token the emulator accepts, with the one policy it carries."""

    paths: tuple[str, ...]
    capabilities: frozenset[str]
    accessor: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def is_root(self) -> bool:
        return self.paths == ("*",) and self.capabilities >= ALL_CAPABILITIES

    @property
    def policies(self) -> list[str]:
        return ["root"] if self.is_root else ["default", "sherlock-emulated"]

    def allows(self, path: str, capability: str) -> bool:
        return capability in self.capabilities and any(acl_matches(p, path) for p in self.paths)


def make_token(allow: str | Iterable[str], capabilities: Iterable[str]) -> Token:
    paths = (allow,) if isinstance(allow, str) else tuple(allow)
    granted = frozenset(capabilities)
    unknown = granted - ALL_CAPABILITIES
    if unknown:
        raise ValueError(f"unknown capabilities: {sorted(unknown)}")
    return Token(paths=paths, capabilities=granted)


@dataclass(frozen=True)
class AppRole:
    """A role on an AppRole mount whose login hands out a pre-registered token."""

    secret_id: str
    token: str
    role_name: str
