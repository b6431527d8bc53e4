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
from sherlock.collect.dialects import (
    parse_compose_env_file,
    parse_docker_env_file,
    parse_python_dotenv,
)
from sherlock.collect.dockerfile_syntax import DockerfileSyntaxError, expand_word, parse
from sherlock.collect.registry import COLLECTORS
from sherlock.collect.shell import assignments
from sherlock.config.load import parse_config
from sherlock.errors import InputError
from sherlock.explain import recognise, redact_secrets
from sherlock.secrets import mask
from sherlock.server.alerts import PARSERS as ALERT_PARSERS
from sherlock.slack.question import parse_command, parse_question

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


def _expand(text: str) -> object:
    known = {"A": "a", "TWILIO_AUTH_TOKEN": "0" * 32, "EMPTY": ""}
    return expand_word(text, known.get)


TARGETS: list[Target] = [
    Target("env:python-dotenv", parse_python_dotenv, "env"),
    Target("env:docker-env-file", parse_docker_env_file, "env"),
    Target("env:compose-env-file", parse_compose_env_file, "env"),
    Target("collect:dotenv", _collect("dotenv", "prod/api/.env"), "env"),
    Target("collect:compose", _collect("compose", "prod/docker-compose.yml"), "yaml"),
    Target("collect:k8s", _collect("k8s", "k8s/prod/secret.yaml"), "yaml"),
    Target(
        "collect:github-actions", _collect("github-actions", ".github/workflows/ci.yml"), "yaml"
    ),
    Target("collect:gitlab-ci", _collect("gitlab-ci", ".gitlab-ci.yml"), "yaml"),
    Target("collect:circleci", _collect("circleci", ".circleci/config.yml"), "yaml"),
    Target("collect:dockerfile", _collect("dockerfile", "prod/Dockerfile"), "dockerfile"),
    Target("collect:shell", _collect("shell", "scripts/deploy.sh"), "shell"),
    Target("collect:twilio-cli", _collect("twilio-cli", ".twilio-cli/config.json"), "json"),
    Target("shell:assignments", lambda text: list(assignments(text)), "shell"),
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
    Target("slack:question", lambda text: parse_question(text, ["prod", "staging"]), "paste"),
    Target("slack:command", lambda text: parse_command(text, ["prod", "staging"]), "paste"),
    Target("server:alert-payloads", _alerts, "json"),
]
