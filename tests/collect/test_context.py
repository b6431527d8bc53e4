"""Environment and service inference from paths, names and APP_ENV-style variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.context import (
    environment_from_path,
    environment_from_variables,
    is_generic_folder,
    service_from_name,
    service_from_path,
)

from .builders import SID, TOKEN, scan, write_tree


@pytest.mark.parametrize(
    ("relpath", "environment"),
    [
        (".env.production", "prod"),
        (".env.prod", "prod"),
        (".env.local", "dev"),
        (".env.development", "dev"),
        (".env", None),
        ("k8s/prod/secret.yaml", "prod"),
        ("k8s/live/secret.yaml", "prod"),
        ("deploy/prd/app.env", "prod"),
        ("deploy/staging/api.env", "staging"),
        ("deploy/stg/api.env", "staging"),
        ("config.staging.json", "staging"),
        ("stage/docker-compose.yml", "staging"),
        ("ci/run.sh", "test"),
        ("testing/.env", "test"),
        ("docker-compose.test.yml", "test"),
        ("envs/prod/.env.local", "dev"),  # the file's own name is nearest
        ("services/billing/.env", None),
        ("product/.env", None),  # words, not substrings
        ("devops/.env", None),
    ],
)
def test_environment_is_the_nearest_environment_word_in_the_path(
    relpath: str, environment: str | None
) -> None:
    assert environment_from_path(relpath) == environment


@pytest.mark.parametrize(
    ("relpath", "service"),
    [
        ("services/billing/.env.production", "billing"),
        ("services/api/config/.env", "api"),
        ("k8s/prod/secret.yaml", "myrepo"),
        ("deploy/staging/api.env", "api"),
        ("deploy/staging/billing-staging.env", "billing"),
        ("deploy/staging/prod.env", "myrepo"),
        (".env", "myrepo"),
        ("worker/.env", "worker"),
        (".twilio-cli/config.json", "myrepo"),
        ("apps/notifier/deploy/prod/.env", "notifier"),
    ],
)
def test_service_is_the_nearest_non_generic_folder(relpath: str, service: str) -> None:
    assert service_from_path(relpath, "myrepo") == service


@pytest.mark.parametrize(
    ("name", "service"),
    [
        ("notifier-secret", "notifier"),
        ("billing-staging", "billing"),
        ("api-prod-credentials", "api"),
        ("prod", None),
        ("worker-twilio", "worker"),
        ("notifications-twilio", "notifications"),
        ("twilio-notifications", "notifications"),
        ("api-twilio-credentials", "api"),
        ("prod-billing-twilio-creds", "billing"),
        ("twilio-secret", None),
        ("twilio", None),
        ("twilio-credentials", None),
        ("Twilio_Credential", None),
    ],
)
def test_object_names_lose_environment_secret_and_twilio_words(
    name: str, service: str | None
) -> None:
    assert service_from_name(name) == service


def _secret_manifest(name: str) -> str:
    return (
        "apiVersion: v1\nkind: Secret\nmetadata:\n"
        f"  name: {name}\n  namespace: prod\ntype: Opaque\nstringData:\n"
        f"  TWILIO_ACCOUNT_SID: {SID}\n  TWILIO_AUTH_TOKEN: {TOKEN}\n"
    )


@pytest.mark.parametrize(
    ("relpath", "name", "service"),
    [
        ("k8s/prod/notifications.yaml", "notifications-twilio", "notifications"),
        ("k8s/prod/api.yaml", "api-twilio-credentials", "api"),
        ("services/billing/k8s/secret.yaml", "twilio-credentials", "billing"),
        ("services/billing/k8s/secret.yaml", "twilio", "billing"),
        ("k8s/prod/secret.yaml", "twilio-secret", "myrepo"),
    ],
)
def test_a_kubernetes_secret_is_labelled_with_its_service_not_its_content(
    tmp_path: Path, relpath: str, name: str, service: str
) -> None:
    root = write_tree(tmp_path / "myrepo", {relpath: _secret_manifest(name)})
    found = scan(root).values
    assert len(found) == 2
    assert {(v.environment, v.service) for v in found} == {("prod", service)}


@pytest.mark.parametrize("folder", ["prod", "staging", "config", "deploy", "k8s", ".", ".github"])
def test_generic_folders(folder: str) -> None:
    assert is_generic_folder(folder)


@pytest.mark.parametrize(
    ("pairs", "environment"),
    [
        ([("APP_ENV", "production")], "prod"),
        ([("NODE_ENV", "development")], "dev"),
        ([("ENVIRONMENT", "staging")], "staging"),
        ([("ENV", "prod")], "prod"),
        ([("APP_ENV", "eu-west")], None),
        ([("ENV_FILE", "prod")], None),
    ],
)
def test_environment_variables_that_name_the_environment(
    pairs: list[tuple[str, str]], environment: str | None
) -> None:
    assert environment_from_variables(pairs) == environment
