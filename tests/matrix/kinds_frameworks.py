"""Framework configuration files as source kinds: Spring Boot properties and YAML profiles,
ASP.NET Core ``appsettings.{Environment}.json``, figaro's ``config/application.yml`` sections
and Django settings modules, each holding the credentials as literals.

The junk each can carry, as its consumer keeps it:

* ``java.util.Properties`` keeps a value's trailing blanks and decodes ``\\n``; quotes are
  ordinary characters, so a quoted value is sent with its quotes;
* YAML (Spring, figaro) keeps a ``|`` block's final newline and a single-quoted ``"…"``;
* JSON decodes ``\\n`` and keeps escaped quotes;
* a Python string literal keeps ``\\n`` and blanks as written.

The environment is written the way each framework names it: a Spring profile (file suffix or
an ``on-profile`` document), the .NET environment in the file name, a figaro section, a
Django settings module per environment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from tests.matrix.kinds_yaml import map_value
from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

SPRING_KEYS = {
    "sid": "account-sid",
    "token": "auth-token",
    "keysid": "api-key",
    "keysecret": "api-secret",
    "region": "region",
    "edge": "edge",
}
#: an empty JSON value is no literal: the .NET reader takes it as "set from the environment"
JSON_FAULTS = (
    "whitespace",
    "padded",
    "whitespace-in-sid",
    "quoted",
    "truncated",
    "placeholder",
    "key-sid-in-sid-slot",
    "swapped-fields",
    "staging-secret-in-prod",
    "staging-pair-in-prod",
    "rotation-not-propagated",
    "stale-after-rotation",
    "region-mismatch",
    "revoked-key",
    "account-suspended",
    "account-closed",
    "deprecated-host",
    "test-credentials",
    "subaccount-sid-parent-token",
    "restricted-key",
    "healthy-in-ie1",
)
DOTNET_KEYS = {
    "sid": "AccountSid",
    "token": "AuthToken",
    "keysid": "ApiKey",
    "keysecret": "ApiSecret",
    "region": "Region",
    "edge": "Edge",
}


def _properties_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return var.value + "\\n"
    if var.mark is Mark.PADDED:
        return var.value + " "
    return f'"{var.value}"' if var.mark is Mark.QUOTED else var.value


def write_spring_properties(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<service>/src/main/resources/application-<profile>.properties``, one per profile."""
    tree = Tree()
    for service in services:
        profile = folders[service.env]
        doc = Doc(f"{service.name}/src/main/resources/application-{profile}.properties")
        doc.add(f"spring.application.name={service.name}")
        doc.add("# Twilio")
        for var in service.vars:
            key = f"twilio.{SPRING_KEYS[var.field]}"
            doc.add(f"{key}={_properties_value(var)}", (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def write_spring_yaml(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """One ``application.yml`` per service, a document per profile (``on-profile``)."""
    tree = Tree()
    for name in dict.fromkeys(s.name for s in services):
        doc = Doc(f"{name}/src/main/resources/application.yml")
        doc.add(f"spring:\n  application:\n    name: {name}")
        for service in (s for s in services if s.name == name):
            doc.add("---")
            doc.add(f"spring:\n  config:\n    activate:\n      on-profile: {folders[service.env]}")
            doc.add("twilio:")
            for var in service.vars:
                line = f"  {SPRING_KEYS[var.field]}:{map_value(var, 2)}"
                doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def _json_value(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + " ")
    return json.dumps(f'"{var.value}"' if var.mark is Mark.QUOTED else var.value)


def write_dotnet_appsettings(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<Service>/appsettings.<Environment>.json`` with a ``Twilio`` section."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{service.name}/appsettings.{folders[service.env]}.json")
        doc.add('{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "Twilio": {')
        for index, var in enumerate(service.vars):
            comma = "," if index < len(service.vars) - 1 else ""
            line = f'    "{DOTNET_KEYS[var.field]}": {_json_value(var)}{comma}'
            doc.add(line, (service.env, service.name, var.field))
        doc.add("  }\n}")
        tree.include(doc)
    return tree


def write_rails_figaro(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<service>/config/application.yml`` with one figaro section per environment."""
    tree = Tree()
    for name in dict.fromkeys(s.name for s in services):
        doc = Doc(f"{name}/config/application.yml")
        doc.add("MAILER_HOST: mail.acme.io")
        for service in (s for s in services if s.name == name):
            doc.add(f"{folders[service.env]}:")
            for var in service.vars:
                line = f"  {ENV_NAMES[var.field]}:{map_value(var, 2)}"
                doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def _python_literal(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return f"'\"{var.value}\"'" if var.mark is Mark.QUOTED else f'"{var.value}"'


def write_django_settings(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<service>/<service>/settings/<env>.py`` assigning the credentials as literals."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{service.name}/{service.name}/settings/{folders[service.env]}.py")
        doc.add("from .base import *  # noqa: F403")
        doc.add("")
        doc.add("DEBUG = False")
        for var in service.vars:
            line = f"{ENV_NAMES[var.field]} = {_python_literal(var)}"
            doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree
