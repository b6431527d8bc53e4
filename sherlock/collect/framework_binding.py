"""Which config property a deployment's environment variable fills, in Spring Boot and .NET.

A framework project's process reads its credentials through properties (``twilio.auth-token``,
``Twilio:AuthToken``), and the deployment's variables reach those properties whether or not a
config file sets them: a project may keep only its SID in ``application.yml`` or
``appsettings.json`` and take the token from compose. So a variable joins the project's run
when it binds a property the project uses:

* Spring Boot: relaxed binding (``SystemEnvironmentPropertyMapper``: ``TWILIO_AUTH_TOKEN`` and
  ``TWILIO_AUTHTOKEN`` reach ``twilio.auth-token``; camelCase ``twilio.authToken`` only
  ``TWILIO_AUTHTOKEN``), and a whole-value placeholder ``${NAME}`` that Spring resolves from
  the OS environment at start-up. A relaxed match beats a placeholder: the environment
  property source ranks above the file that holds the placeholder.
* .NET: the environment-variables configuration provider, ``__`` for ``:``, keys compared
  without case (``Twilio__AuthToken`` is ``Twilio:AuthToken``).

Which properties the project uses: the keys its config files name (set, emptied or a
placeholder; the emitter then keeps only the provider's). For a credential role the files name no key for, the project's code is
taken to bind the provider's usual key, the one the variable's own name spells
(``TWILIO_AUTH_TOKEN`` → ``twilio.auth-token``; ``Twilio__AuthToken`` → ``Twilio:AuthToken``):
a ``@ConfigurationProperties("twilio")`` class or ``GetSection("Twilio")``. When the files do
name a key for the role, only that key counts, so ``TWILIO_ACCOUNT_SID`` does not stand in for
a ``twilio.accountSid`` the code reads (Spring binds that from ``TWILIO_ACCOUNTSID`` only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sherlock.collect.framework_config import slot_of
from sherlock.collect.vocabulary import mentions_provider

_WHOLE_PLACEHOLDER = re.compile(r"^\s*\$\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::[^}]*)?\}\s*$")
_SPRING_VARIABLE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


@dataclass(frozen=True)
class Binding:
    """The property a variable fills: as written (or spelled from the variable), its
    canonical form (what layers compare), and whether the variable binds the property itself
    (``direct``) or only the placeholder written in it."""

    key: str
    slot: str
    direct: bool = True


def relaxed_names(key: str) -> tuple[str, ...]:
    """The environment variables Spring Boot binds to ``key`` (its current and legacy forms)."""
    upper = key.upper().replace(".", "_")
    return tuple(dict.fromkeys((upper.replace("-", ""), upper.replace("-", "_"))))


def relaxed_key(key: str) -> str:
    """The form Spring compares property names in: lower case, no dashes or underscores
    (``twilio.authToken``, ``twilio.auth-token`` and ``twilio.auth_token`` are one property)."""
    return key.lower().replace("-", "").replace("_", "")


def placeholder_name(value: str) -> str | None:
    """``NAME`` of a value that is one ``${NAME}`` (or ``${NAME:default}``) and nothing else."""
    found = _WHOLE_PLACEHOLDER.match(value)
    return found["name"] if found else None


def _credential_roles(keys: Iterable[str]) -> set[str]:
    """The credential roles the files name a key for."""
    return {role for role in map(slot_of, keys) if role is not None}


def spring_binding(name: str, leaves: Iterable[tuple[str, str]]) -> Binding | None:
    """The property of the project's config (``leaves``: key and value as written) that the
    environment variable ``name`` fills, by relaxed binding, placeholder or usual key."""
    pairs = list(leaves)
    for key, _value in pairs:
        if name in relaxed_names(key):
            return Binding(key, relaxed_key(key))
    for key, value in pairs:
        if placeholder_name(value) == name:
            return Binding(key, relaxed_key(key), direct=False)
    return _spring_usual(name, _credential_roles(k for k, _v in pairs))


def _spring_usual(name: str, named: set[str]) -> Binding | None:
    """``TWILIO_AUTH_TOKEN`` → ``twilio.auth-token`` when the files name no key of its role."""
    if not _SPRING_VARIABLE.fullmatch(name):
        return None
    prefix, _sep, rest = name.partition("_")
    role = slot_of(name)
    if role is None or role in named or not mentions_provider(prefix):
        return None
    key = f"{prefix.lower()}.{rest.lower().replace('_', '-')}"
    return Binding(key, relaxed_key(key))


def dotnet_binding(name: str, paths: Iterable[str]) -> Binding | None:
    """The ``Section:Key`` of the project's config (``paths`` as written, set or emptied) that
    the variable ``name`` fills through the environment-variables provider, or its usual key."""
    if "__" not in name:
        return None
    spelled = name.replace("__", ":")
    named = list(paths)
    for path in named:
        if path.lower() == spelled.lower():
            return Binding(path, path.lower())
    role = slot_of(spelled) or slot_of(name)
    section = spelled.split(":", 1)[0]
    if role is None or role in _credential_roles(named) or not mentions_provider(section):
        return None
    return Binding(spelled, spelled.lower())
