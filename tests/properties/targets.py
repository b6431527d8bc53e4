"""Every parser Sherlock runs on text it did not write, as one table shared by the property
tests and ``benchmarks/fuzz.py``.

A target takes one text and runs one parser on it the way Sherlock does. ``allowed`` lists
the exceptions that are the parser's documented way of refusing input (a Dockerfile with an
invalid escape directive, a config that is not valid TOML); anything else escaping is a
crash. Collectors have no allowed exceptions: bad input must come back as a note.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sherlock.collect.base import Collector, ScanContext, SourceFile
from sherlock.collect.dialects import PARSERS as DIALECT_PARSERS
from sherlock.collect.dockerfile_syntax import DockerfileSyntaxError, expand_word, parse
from sherlock.collect.env_consumers import (
    MAKE_INCLUDE,
    SHELL_SOURCE,
    SYSTEMD_FILE,
    read_as,
    word_split_dialect,
)
from sherlock.collect.node_config_files import read_file
from sherlock.collect.platform_secrets import platform_commands
from sherlock.collect.registry import COLLECTORS
from sherlock.collect.shell import assignments
from sherlock.collect.yamlio import DocumentCache
from sherlock.config.load import parse_config
from sherlock.engine.scrub import scrub_text
from sherlock.errors import InputError
from sherlock.explain import recognise
from sherlock.redact import redact_secrets
from sherlock.secrets import KnownSecrets, Secret, mask
from sherlock.server.alerts import PARSERS as ALERT_PARSERS
from sherlock.slack.question import parse_command, parse_question
from sherlock.stores.base import SecretVersion, StoreRef, StoreSecret
from sherlock.stores.values import history_values

#: A root with nothing in it: collectors that follow references (compose ``env_file:``)
#: find nothing there and say so in a note.
EMPTY_ROOT = Path(tempfile.gettempdir()) / "sherlock-properties-empty-root"


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[str], object]
    #: the format's structure-aware strategy in tests/properties/strategies.py
    shape: str
    allowed: tuple[type[BaseException], ...] = ()


def _collect(kind: str, relpath: str) -> Callable[[str], object]:
    collector: Collector = COLLECTORS[kind]

    def run(text: str) -> object:
        data = text.encode("utf-8", "surrogatepass")
        return collector.collect(SourceFile(relpath, data), text, ScanContext(root=EMPTY_ROOT))

    return run


def _payload(text: str) -> Any:
    """What a webhook body holds: the JSON in the text, or the text itself."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _alerts(text: str) -> object:
    payload = _payload(text)
    return [parser(payload) for parser in ALERT_PARSERS.values()]


#: The run's own secrets, for the scrub every report string passes through.
KNOWN = KnownSecrets(
    [Secret("5f0c3b7a9e1d4c2b8a6f0e3d7c1b9a4f"), Secret("Xy7pQ2mN8vB4kL6tR1wZ3sD5fG9hJ0aC")]
)


def _store_payload(text: str) -> object:
    """A store secret's payload as the store values reader sees it (JSON object or plain)."""
    version = SecretVersion("1", None, True, Secret(text), ("AWSCURRENT",))
    secret = StoreSecret(StoreRef("aws-sm", "prod/twilio"), (version,))
    return history_values(secret, "prod")


def _expand(text: str) -> object:
    known = {"A": "a", "TWILIO_AUTH_TOKEN": "0" * 32, "EMPTY": ""}
    return expand_word(text, known.get)


#: Every env-file dialect a consumer may read a file with (see collect/env_consumers.py).
ENV_DIALECTS = [
    *DIALECT_PARSERS,
    SHELL_SOURCE,
    SYSTEMD_FILE,
    MAKE_INCLUDE,
    word_split_dialect("export", xargs=False, drop_comments=False),
    word_split_dialect("env", xargs=True, drop_comments=True),
]


def _dialect(name: str) -> Callable[[str], object]:
    return lambda text: read_as(name, text)


ENV_TARGETS = [Target(f"env:{name}", _dialect(name), "env") for name in ENV_DIALECTS]

#: A path each registered collector reads, and the shape of text to feed it. A collector
#: registered later without an entry here fails ``test_every_registered_collector_is_a_target``.
COLLECTOR_INPUTS: dict[str, tuple[str, str]] = {
    "dotenv": ("prod/api/.env", "env"),
    "compose": ("prod/docker-compose.yml", "yaml"),
    "k8s": ("k8s/prod/secret.yaml", "yaml"),
    "github-actions": (".github/workflows/ci.yml", "yaml"),
    "gitlab-ci": (".gitlab-ci.yml", "yaml"),
    "circleci": (".circleci/config.yml", "yaml"),
    "dockerfile": ("prod/Dockerfile", "dockerfile"),
    "shell": ("scripts/deploy.sh", "shell"),
    "shell-profile": ("home/dev/.bashrc", "shell"),
    "direnv": ("app/.envrc", "shell"),
    "systemd": ("deploy/systemd/api.service", "unit"),
    "twilio-cli": (".twilio-cli/config.json", "json"),
    "laravel-config": ("shop/config/services.php", "any"),
    "laravel-config-cache": ("shop/bootstrap/cache/config.php", "any"),
    "supabase-config": ("supabase/config.toml", "toml"),
    "rails-config": ("shop/config/application.yml", "yaml"),
    "spring-config": ("api/src/main/resources/application-prod.yml", "yaml"),
    "dotnet-appsettings": ("api/appsettings.Production.json", "json"),
    "twilio-functions": ("hotline/.twilioserverlessrc", "json"),
    "twilio-run-scripts": ("hotline/package.json", "json"),
    "framework-dotenv": ("web/package.json", "json"),
    "python-settings": ("web/settings/production.py", "any"),
    "python-decouple": ("shop/settings.ini", "unit"),
    "dynaconf": ("billing/.secrets.toml", "toml"),
    "pydantic-settings": ("notify/app/config.py", "any"),
    "code": ("api/sms.js", "any"),
    "helm": ("charts/api/values-prod.yaml", "yaml"),
    "kustomize": ("k8s/overlays/prod/kustomization.yaml", "yaml"),
    "terraform": ("infra/main.tf", "any"),
    "ansible": ("ansible/group_vars/prod.yml", "yaml"),
    "vercel-pull": ("web/.vercel/.env.production.local", "env"),
    "netlify": ("site/netlify.toml", "toml"),
    "heroku-app-json": ("app.json", "json"),
    "fly": ("fly.staging.toml", "toml"),
    "makefile-platform-commands": ("deploy/Makefile", "shell"),
    "procfile": ("Procfile.prod", "shell"),
    "pm2": ("api/ecosystem.config.js", "any"),
    "serverless": ("svc/serverless.yml", "yaml"),
    "sam": ("stack/template.yaml", "yaml"),
    "ecs-task-definition": (".aws/task-definition.json", "json"),
    "app-engine": ("web/app.yaml", "yaml"),
    "azure-local-settings": ("func/local.settings.json", "json"),
    "render-blueprint": ("render.yaml", "yaml"),
    "do-app-spec": (".do/app.yaml", "yaml"),
    "node-config": ("api/config/production.json", "json"),
}

COLLECTOR_TARGETS: list[Target] = [
    Target(f"collect:{kind}", _collect(kind, relpath), shape)
    for kind, (relpath, shape) in COLLECTOR_INPUTS.items()
    if kind in COLLECTORS
]

TARGETS: list[Target] = [
    *COLLECTOR_TARGETS,
    *ENV_TARGETS,
    Target("shell:assignments", lambda text: list(assignments(text)), "shell"),
    Target("platform:commands", lambda text: list(platform_commands(text)), "shell"),
    Target("dockerfile:parse", parse, "dockerfile", (DockerfileSyntaxError,)),
    Target("dockerfile:expand-word", _expand, "refs", (DockerfileSyntaxError,)),
    Target(
        "config:sherlock.toml",
        lambda t: parse_config(t, Path("sherlock.toml")),
        "toml",
        (InputError,),
    ),
    Target("explain:recognise", recognise, "paste"),
    Target("redact:redact-secrets", redact_secrets, "paste"),
    Target("redact:mask", mask, "any"),
    Target("redact:scrub-known-secrets", lambda text: scrub_text(text, KNOWN), "paste"),
    Target("slack:question", lambda text: parse_question(text, ["prod", "staging"]), "paste"),
    Target("slack:command", lambda text: parse_command(text, ["prod", "staging"]), "paste"),
    Target("server:alert-payloads", _alerts, "json"),
    Target("store:uri", StoreRef.parse, "paste", (ValueError,)),
    Target("store:payload", _store_payload, "json"),
    Target(
        "node-config:json5", lambda t: read_file("config/default.json", t, DocumentCache()), "json"
    ),
    Target(
        "node-config:js", lambda t: read_file("config/production.js", t, DocumentCache()), "any"
    ),
]
