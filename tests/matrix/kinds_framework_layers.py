"""Framework config files layered over a base file that holds a stale decoy token.

The credentials live where the plain Spring and .NET kinds put them (a profile file, an
``appsettings.{Environment}.json``), and each project also has the base file those override
key by key, holding an old token no process sends:

* Spring Boot: ``application.properties`` activates the prod profile
  (``spring.profiles.active``) and sets the secret (``twilio.auth-token`` or
  ``twilio.api-secret``, whichever every profile overrides) to the decoy;
* ASP.NET Core: ``appsettings.json`` sets that secret key to the decoy, and the
  project's Dockerfile runs the host as the prod environment (``ASPNETCORE_ENVIRONMENT``),
  so ``appsettings.json`` is never read alone.

A healthy base must stay healthy (the decoy is only ever a hidden value), and every fault
injected into the overriding file must still be found there: the hidden decoy is rejected
too, so ``source-precedence`` never takes the blame.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_frameworks import (
    DOTNET_KEYS,
    SPRING_KEYS,
    write_dotnet_appsettings,
    write_spring_properties,
)
from tests.matrix.model import Doc, Service, Tree


def _decoy(name: str) -> str:
    """An old token of the service: well formed, unknown to every account."""
    return hashlib.sha256(f"decoy-token-{name}".encode()).hexdigest()[:32]


def _secrets(services: Sequence[Service]) -> dict[str, str | None]:
    """Per project, the secret field every profile of it overrides (``token`` or
    ``keysecret``), else None: a base value no profile overrides would be sent, no decoy."""
    fields: dict[str, set[str]] = {}
    for service in services:
        own = {v.field for v in service.vars} & {"token", "keysecret"}
        fields[service.name] = fields.get(service.name, own) & own
    return {name: next(iter(found), None) for name, found in fields.items()}


def write_spring_profile_layers(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """The Spring profile files, plus ``application.properties`` with the decoy under them."""
    tree = write_spring_properties(services, folders)
    for name, secret in _secrets(services).items():
        doc = Doc(f"{name}/src/main/resources/application.properties")
        doc.add(f"spring.application.name={name}")
        doc.add(f"spring.profiles.active={folders['prod']}")
        doc.add("# Twilio: the profile files override the secret")
        if secret:
            doc.add(f"twilio.{SPRING_KEYS[secret]}={_decoy(name)}")
        tree.include(doc)
    return tree


def write_dotnet_layers(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """The ``appsettings.{Environment}.json`` files, ``appsettings.json`` with the decoy, and
    a Dockerfile that runs the host as the prod environment."""
    tree = write_dotnet_appsettings(services, folders)
    for name, secret in _secrets(services).items():
        base = Doc(f"{name}/appsettings.json")
        base.add('{\n  "AllowedHosts": "*",\n  "Twilio": {')
        if secret:
            base.add(f'    "{DOTNET_KEYS[secret]}": "{_decoy(name)}"')
        base.add("  }\n}")
        tree.include(base)
        image = Doc(f"{name}/Dockerfile")
        image.add("FROM mcr.microsoft.com/dotnet/aspnet:8.0")
        image.add(f"ENV ASPNETCORE_ENVIRONMENT={folders['prod']}")
        image.add(f'ENTRYPOINT ["dotnet", "{name}.dll"]')
        tree.include(image)
    return tree
