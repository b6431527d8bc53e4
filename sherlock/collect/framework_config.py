"""What the framework-config collectors share: which slot a config key fills, whose service a
project folder is, and the readings and entries they turn references and literals into.

Framework config files (Spring properties, Laravel ``config/*.php``, Supabase ``config.toml``)
hold two kinds of thing: literal credentials, read like any other value, and *references* to
variables (``env('TWILIO_SID')``, ``${TWILIO_TOKEN}``, ``env(NAME)``). A reference is recorded
as a :class:`~sherlock.collect.readings.CodeReading`; the slot it fills is the provider's
answer for the config key first (``sid`` inside a ``twilio`` block is the Account SID), then for
the variable's own name.
"""

from __future__ import annotations

from sherlock.collect.context import service_from_path
from sherlock.collect.vocabulary import classify, credential_roles, mentions_provider

#: HTTP basic-auth words that clients take credentials as (``Client(username, password)``):
#: the username is the identifier a bare ``sid`` names, the password the secret ``token`` does.
_BASIC_AUTH = {"username": "sid", "user": "sid", "password": "token", "pass": "token"}


def slot_of(*names: str) -> str | None:
    """The credential role the first recognised name plays, read in a provider's context."""
    for name in names:
        if not name:
            continue
        match = classify(_BASIC_AUTH.get(name.lower(), name), "", in_context=True)
        if match is not None and str(match.field) in credential_roles():
            return str(match.field)
    return None


def project_service(project_dir: str, root_name: str) -> str:
    """The service a project folder (the one holding ``config/``, ``supabase/``…) names."""
    probe = f"{project_dir}/_" if project_dir else "_"
    return service_from_path(probe, root_name)


def parent_of(relpath: str, marker: str) -> str:
    """The folder above the ``marker`` folder in ``relpath`` (``app`` for
    ``app/config/services.php`` and ``config``), or ``""`` at the root."""
    parts = relpath.split("/")[:-1]
    for index in range(len(parts) - 1, -1, -1):
        if parts[index] == marker:
            return "/".join(parts[:index])
    return "/".join(parts)


def names_a_provider(data: bytes) -> bool:
    """A cheap first look: only files whose bytes name a provider are parsed at all."""
    return mentions_provider(data.decode("latin-1"))
