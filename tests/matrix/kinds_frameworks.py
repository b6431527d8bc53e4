"""Framework configuration files as source kinds: Spring Boot properties and YAML profiles,
ASP.NET Core ``appsettings.{Environment}.json``, figaro's ``config/application.yml`` sections
and Django settings modules, each holding the credentials as literals; and the frameworks that
read them from an env file: Laravel (``config/services.php`` over ``.env``), Supabase
(``config.toml``'s ``env()`` over ``.env``) and Twilio Functions (twilio-run's env file).

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


#: what a consumer holding only an Account SID and an auth token can carry: no API key, no
#: region or edge setting (Supabase's SMS block and twilio-run's env file have none)
PAIR_FAULTS = (
    "whitespace",
    "padded",
    "whitespace-in-sid",
    "quoted",
    "truncated",
    "placeholder",
    "empty-token",
    "key-sid-in-sid-slot",
    "swapped-fields",
    "staging-secret-in-prod",
    "staging-pair-in-prod",
    "rotation-not-propagated",
    "stale-after-rotation",
    "account-suspended",
    "account-closed",
    "test-credentials",
    "subaccount-sid-parent-token",
)
LARAVEL_KEYS = {
    "sid": "account_sid",
    "token": "auth_token",
    "keysid": "api_key",
    "keysecret": "api_secret",
    "region": "region",
    "edge": "edge",
}


def _env_file_value(var: Var) -> str:
    """phpdotenv, twilio-run's dotenv and python-dotenv agree: ``\\n`` in double quotes is a
    newline, a blank inside quotes stays, and single quotes keep the double quotes inside."""
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return f"'\"{var.value}\"'" if var.mark is Mark.QUOTED else var.value


def _laravel_services(relpath: str) -> Doc:
    """``config/services.php``: every Twilio key read from the name a ``.env`` sets."""
    doc = Doc(relpath)
    doc.add(
        "<?php\n\nreturn [\n    'mailgun' => [\n        'domain' => env('MAILGUN_DOMAIN'),\n    ],"
    )
    doc.add("    'twilio' => [")
    for field, key in LARAVEL_KEYS.items():
        doc.add(f"        '{key}' => env('{ENV_NAMES[field]}'),")
    doc.add("        'from' => env('TWILIO_FROM'),\n    ],\n];")
    return doc


def write_laravel(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/.env`` loaded by phpdotenv, read through ``config/services.php``."""
    tree = Tree()
    for service in services:
        root = f"{folders[service.env]}/{service.name}"
        tree.include(_laravel_services(f"{root}/config/services.php"))
        doc = Doc(f"{root}/.env")
        doc.add(f"APP_NAME={service.name}\nAPP_ENV={folders[service.env]}\nAPP_DEBUG=false")
        for var in service.vars:
            line = f"{ENV_NAMES[var.field]}={_env_file_value(var)}"
            doc.add(line, (service.env, service.name, var.field))
        tree.include(doc)
    return tree


def _toml_string(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return json.dumps(var.value + "\n")
    if var.mark is Mark.PADDED:
        return json.dumps(var.value + " ")
    return json.dumps(f'"{var.value}"' if var.mark is Mark.QUOTED else var.value)


def write_supabase(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/supabase/config.toml``: the SID in place, the token through
    ``env(SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN)`` set in the project's ``.env``."""
    tree = Tree()
    for service in services:
        root = f"{folders[service.env]}/{service.name}"
        config = Doc(f"{root}/supabase/config.toml")
        config.add(f'project_id = "{service.name}"\n\n[auth.sms]\nenable_signup = true\n')
        config.add("[auth.sms.twilio]\nenabled = true")
        env = Doc(f"{root}/.env")
        env.add("# read by the supabase CLI for env() references in config.toml")
        for var in service.vars:
            place = (service.env, service.name, var.field)
            if var.field == "sid":
                config.add(f"account_sid = {_toml_string(var)}", place)
            else:
                name = "SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN"
                config.add(f'auth_token = "env({name})"')
                env.add(f"{name}={_env_file_value(var)}", place)
        config.add('message_service_sid = "MG4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1a"')
        tree.include(config)
        tree.include(env)
    return tree


FUNCTIONS_NAMES = {"sid": "ACCOUNT_SID", "token": "AUTH_TOKEN"}


def write_twilio_functions(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<service>/.twilioserverlessrc`` naming one env file per environment, each with the
    unprefixed ``ACCOUNT_SID``/``AUTH_TOKEN`` twilio-run deploys with."""
    tree = Tree()
    for name in dict.fromkeys(s.name for s in services):
        mine = [s for s in services if s.name == name]
        entries = ",\n".join(
            f'    "{folders[s.env]}": {{ "env": ".env.{folders[s.env]}" }}' for s in mine
        )
        rc = Doc(f"{name}/.twilioserverlessrc")
        rc.add(f'{{\n  "projectName": "{name}",\n  "environments": {{\n{entries}\n  }}\n}}')
        tree.include(rc)
        for service in mine:
            doc = Doc(f"{name}/.env.{folders[service.env]}")
            doc.add("# twilio-run deploys with these; the Functions read context.* at runtime")
            for var in service.vars:
                line = f"{FUNCTIONS_NAMES[var.field]}={_env_file_value(var)}"
                doc.add(line, (service.env, service.name, var.field))
            tree.include(doc)
    return tree
