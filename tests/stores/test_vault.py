"""The Vault KV v2 reader against the emulator, through the real hvac client: history,
fallbacks, every failure's message, speed when Vault is down, and that it only reads."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sherlock.config.schema import VaultSettings
from sherlock.secrets import fingerprint
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef, StoreSecret
from sherlock.stores.vault import VaultKvReader, parse_vault_time
from sherlock_testing.emulators.vault import VaultEmulator
from tests.stores import vault_fixtures
from tests.stores.vault_fixtures import (
    APPROLE_TOKEN,
    CANARY_SECRETS,
    CANARY_TOKENS,
    DATA_ONLY_TOKEN,
    FIRST_CREATED,
    READER_TOKEN,
    REF,
    ROLE_ID,
    SECRET_ID,
    STAGING_TOKEN,
    seed_history,
    vault_environ,
    vault_reader,
)

vault = vault_fixtures.vault  # registers the fixture here (an import would trip ruff's F811)

URI = "vault://secret/prod/twilio"


def token_in(version: SecretVersion) -> str:
    assert version.payload is not None
    value = json.loads(version.payload.reveal())["auth_token"]
    assert isinstance(value, str)
    return value


def read_error(reader: VaultKvReader, ref: StoreRef = REF) -> str:
    with pytest.raises(StoreReadError) as failure:
        reader.read(ref)
    return str(failure.value)


# -- history ---------------------------------------------------------------------------


def test_versions_newest_first_with_dates_and_the_current_flag(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS)

    secret = vault_reader(vault).read(REF)

    assert secret.ref == REF
    assert [v.version for v in secret.versions] == ["3", "2", "1"]
    assert [token_in(v) for v in secret.versions] == list(reversed(CANARY_TOKENS))
    assert [v.created for v in secret.versions] == [
        FIRST_CREATED + timedelta(days=2),
        FIRST_CREATED + timedelta(days=1),
        FIRST_CREATED,
    ]
    assert all(v.created is not None and v.created.tzinfo is not None for v in secret.versions)
    assert [v.current for v in secret.versions] == [True, False, False]
    assert [v.labels for v in secret.versions] == [("current",), (), ()]
    assert secret.current is secret.versions[0]
    assert secret.replaced(secret.versions[1]) == (secret.versions[0], secret.versions[0].created)


def test_payload_is_the_whole_data_map_as_sorted_json(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"b": "2", "a": {"nested": True}})

    (only,) = vault_reader(vault).read(REF).versions

    assert only.payload is not None
    assert only.payload.reveal() == '{"a": {"nested": true}, "b": "2"}'


def test_deleted_and_destroyed_versions_are_kept_without_payload(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS)
    vault.delete_version("secret", "prod/twilio", 2)
    vault.destroy_version("secret", "prod/twilio", 1)

    secret = vault_reader(vault).read(REF)

    newest, deleted, destroyed = secret.versions
    assert token_in(newest) == CANARY_TOKENS[2] and newest.state == "enabled"
    assert (deleted.version, deleted.payload, deleted.state) == ("2", None, "deleted")
    assert (destroyed.version, destroyed.payload, destroyed.state) == ("1", None, "destroyed")
    assert deleted.created == FIRST_CREATED + timedelta(days=1)
    data_reads = [r.query for r in vault.requests if "/data/" in r.path]
    assert data_reads == ["version=3"]  # no point asking for data Vault no longer serves


def test_a_deleted_current_version_is_still_the_current_one(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:2])
    vault.delete_version("secret", "prod/twilio")

    secret = vault_reader(vault).read(REF)

    assert secret.current is not None
    assert (secret.current.version, secret.current.state) == ("2", "deleted")
    assert secret.current.payload is None and secret.current.labels == ("current",)
    assert token_in(secret.versions[1]) == CANARY_TOKENS[0]


def test_a_deletion_scheduled_for_later_does_not_hide_the_version(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    later = datetime.now(UTC) + timedelta(hours=1)
    vault.delete_version("secret", "prod/twilio", 1, when=later)

    (version,) = vault_reader(vault).read(REF).versions

    assert version.state == "enabled" and token_in(version) == CANARY_TOKENS[0]


def test_versions_written_now_carry_nanosecond_times_parsed_to_aware_datetimes(
    vault: VaultEmulator,
) -> None:
    before = datetime.now(UTC)
    vault.put("secret", "prod/twilio", {"auth_token": CANARY_TOKENS[0]})

    (version,) = vault_reader(vault).read(REF).versions

    assert version.created is not None
    assert before - timedelta(seconds=1) <= version.created <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-03T10:00:00.123456789Z", datetime(2026, 5, 3, 10, 0, 0, 123456, tzinfo=UTC)),
        ("2026-05-03T10:00:00.5Z", datetime(2026, 5, 3, 10, 0, 0, 500000, tzinfo=UTC)),
        ("2026-05-03T10:00:00Z", datetime(2026, 5, 3, 10, 0, tzinfo=UTC)),
        ("2026-05-03T12:00:00.1+02:00", datetime(2026, 5, 3, 10, 0, 0, 100000, tzinfo=UTC)),
        ("", None),
        ("n/a", None),
        ("2026-02-30T10:00:00Z", None),
        ("2026-05-03T10:00:00.1234567890Z", None),
        (None, None),
    ],
)
def test_parse_vault_time(text: object, expected: datetime | None) -> None:
    assert parse_vault_time(text) == expected


def test_versions_beyond_the_limit_are_simply_not_on_record() -> None:
    with vault_fixtures.running_vault(max_versions=2) as small:
        seed_history(small, REF.name, CANARY_TOKENS)
        secret = vault_reader(small).read(REF)
    assert [v.version for v in secret.versions] == ["3", "2"]


# -- narrow policies and authentication ----------------------------------------------------


def test_metadata_forbidden_falls_back_to_the_current_version(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS)

    secret = vault_reader(vault, token=DATA_ONLY_TOKEN).read(REF)

    (current,) = secret.versions
    assert (current.version, current.current, current.labels) == ("3", True, ("current",))
    assert current.created == FIRST_CREATED + timedelta(days=2)
    assert token_in(current) == CANARY_TOKENS[2]
    assert [r.status for r in vault.requests] == [403, 200]


def test_fallback_reports_a_deleted_or_destroyed_current_version(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:2])
    vault.delete_version("secret", "prod/twilio")
    reader = vault_reader(vault, token=DATA_ONLY_TOKEN)

    (deleted,) = reader.read(REF).versions
    vault.undelete_version("secret", "prod/twilio", 2)
    vault.destroy_version("secret", "prod/twilio", 2)  # destroyed without a deletion time
    (destroyed,) = reader.read(REF).versions

    assert (deleted.version, deleted.state, deleted.payload) == ("2", "deleted", None)
    assert (destroyed.version, destroyed.state, destroyed.payload) == ("2", "destroyed", None)
    assert destroyed.current and destroyed.created == FIRST_CREATED + timedelta(days=1)


def test_approle_login_then_read(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS)

    secret = vault_reader(vault, approle=True).read(REF)

    assert token_in(secret.versions[0]) == CANARY_TOKENS[2]
    login, *reads = vault.requests
    assert (login.method, login.path, login.token) == ("POST", "/v1/auth/approle/login", None)
    assert {r.token for r in reads} == {fingerprint(APPROLE_TOKEN)}


def test_approle_on_a_custom_mount_from_settings(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    vault.add_approle("ci-role", "ci-secret", APPROLE_TOKEN, mount="ci")
    environ = {
        "VAULT_ADDR": vault.base_url,
        "VAULT_ROLE_ID": "ci-role",
        "VAULT_SECRET_ID": "ci-secret",
    }
    environ["VAULT_TOKEN"] = "hvs.ignored-because-settings-say-approle"
    settings = VaultSettings(auth="approle", approle_mount="ci")

    secret = VaultKvReader(settings, environ).read(REF)

    assert token_in(secret.versions[0]) == CANARY_TOKENS[0]
    assert vault.requests[0].path == "/v1/auth/ci/login"


def test_a_token_wins_over_approle_when_both_are_set(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    environ = vault_environ(vault, approle=True) | {"VAULT_TOKEN": READER_TOKEN}

    VaultKvReader(VaultSettings(), environ).read(REF)

    assert [r.token for r in vault.requests] == [fingerprint(READER_TOKEN)] * 2


def test_address_and_namespace_come_from_settings_before_the_environment(
    vault: VaultEmulator,
) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    environ = {
        "VAULT_ADDR": "http://127.0.0.1:1",
        "VAULT_TOKEN": READER_TOKEN,
        "VAULT_NAMESPACE": "from-env",
    }
    from_settings = VaultSettings(url=vault.base_url, namespace="team-a")

    VaultKvReader(from_settings, environ).read(REF)
    VaultKvReader(VaultSettings(url=vault.base_url), environ).read(REF)

    assert [r.namespace for r in vault.requests] == ["team-a"] * 2 + ["from-env"] * 2


# -- failures --------------------------------------------------------------------------------


def test_no_credentials_at_all(vault: VaultEmulator) -> None:
    reader = vault_reader(vault, token=None)
    assert read_error(reader) == (
        f"could not read {URI}: no Vault token (set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID)"
    )
    assert vault.requests == []


@pytest.mark.parametrize(
    ("settings", "environ", "reason"),
    [
        (
            VaultSettings(),
            {"VAULT_TOKEN": "x"},
            "no Vault address (set VAULT_ADDR, or url under [stores.vault])",
        ),
        (
            VaultSettings(),
            {"VAULT_ADDR": "vault.internal:8200", "VAULT_TOKEN": "x"},
            "VAULT_ADDR is not an http(s) URL",
        ),
        (
            VaultSettings(url="ftp://vault"),
            {"VAULT_TOKEN": "x"},
            "the url under [stores.vault] is not an http(s) URL",
        ),
        (
            VaultSettings(auth="token"),
            {"VAULT_ADDR": "http://127.0.0.1:1", "VAULT_ROLE_ID": "r", "VAULT_SECRET_ID": "s"},
            "no Vault token (set VAULT_TOKEN)",
        ),
        (
            VaultSettings(),
            {"VAULT_ADDR": "http://127.0.0.1:1", "VAULT_ROLE_ID": "r"},
            "AppRole login needs VAULT_ROLE_ID and VAULT_SECRET_ID (VAULT_SECRET_ID is not set)",
        ),
        (
            VaultSettings(auth="approle"),
            {"VAULT_ADDR": "http://127.0.0.1:1", "VAULT_TOKEN": "t"},
            "(VAULT_ROLE_ID is not set)",
        ),
    ],
)
def test_configuration_mistakes_are_named(
    settings: VaultSettings, environ: dict[str, str], reason: str
) -> None:
    message = read_error(VaultKvReader(settings, environ))
    assert message.startswith(f"could not read {URI}: ")
    assert reason in message


def test_unknown_token_is_permission_denied(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    reader = vault_reader(vault, token="hvs.VaultCanaryUnknownToken3c5e7a9b1d")
    assert read_error(reader) == f"could not read {URI}: permission denied (HTTP 403)"


def test_token_without_access_to_the_path_is_permission_denied(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    reader = vault_reader(vault, token=STAGING_TOKEN)
    assert read_error(reader) == f"could not read {URI}: permission denied (HTTP 403)"
    assert [r.status for r in vault.requests] == [403, 403]  # metadata, then the fallback


def test_missing_secret_and_missing_mount(vault: VaultEmulator) -> None:
    assert read_error(vault_reader(vault)) == f"could not read {URI}: no such secret (HTTP 404)"
    vault.add_token("hvs.kv-reader", ["kv/*"], capabilities={"read"})
    other = StoreRef.parse("vault://kv/prod/twilio")
    assert read_error(vault_reader(vault, token="hvs.kv-reader"), other) == (
        "could not read vault://kv/prod/twilio: no secrets engine is mounted at kv/ (HTTP 404)"
    )


def test_sealed_vault(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS[:1])
    vault.sealed = True
    assert read_error(vault_reader(vault)) == f"could not read {URI}: Vault is sealed"


@pytest.mark.parametrize(
    ("role_id", "secret_id", "mount", "reason"),
    [
        (
            ROLE_ID,
            "VaultCanaryWrongSecretId4a6c8e0b2d",
            "approle",
            "invalid role or secret ID (HTTP 400)",
        ),
        (ROLE_ID, SECRET_ID, "not-enabled", "permission denied (HTTP 403)"),
    ],
)
def test_approle_login_failures(
    vault: VaultEmulator, role_id: str, secret_id: str, mount: str, reason: str
) -> None:
    environ = {"VAULT_ADDR": vault.base_url, "VAULT_ROLE_ID": role_id, "VAULT_SECRET_ID": secret_id}
    reader = VaultKvReader(VaultSettings(approle_mount=mount), environ)
    assert (
        read_error(reader)
        == f"could not read {URI}: AppRole login at auth/{mount} failed: {reason}"
    )
    assert len(vault.requests) == 1


def test_unreachable_vault_fails_fast() -> None:
    reader = VaultKvReader(
        VaultSettings(), {"VAULT_ADDR": "http://127.0.0.1:1", "VAULT_TOKEN": "t"}
    )
    started = time.monotonic()
    message = read_error(reader)
    assert message == f"could not read {URI}: unreachable (http://127.0.0.1:1)"
    assert time.monotonic() - started < 1.0


def test_a_vault_that_does_not_answer_times_out(vault: VaultEmulator) -> None:
    vault.latency_seconds = 1.0
    started = time.monotonic()
    message = read_error(vault_reader(vault, timeout=0.2))
    assert message == f"could not read {URI}: timed out after 0.2s ({vault.base_url})"
    assert time.monotonic() - started < 0.9


def test_https_to_a_plain_http_vault_is_a_tls_failure(vault: VaultEmulator) -> None:
    address = vault.base_url.replace("http://", "https://")
    reader = VaultKvReader(VaultSettings(url=address), {"VAULT_TOKEN": READER_TOKEN})
    assert read_error(reader) == f"could not read {URI}: TLS handshake with {address} failed"


class _NotVault(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def not_vault() -> Iterator[str]:
    """A web server that is not Vault, where VAULT_ADDR might point by mistake."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotVault)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_that_is_not_vault(not_vault: str) -> None:
    reader = VaultKvReader(VaultSettings(url=not_vault), {"VAULT_TOKEN": READER_TOKEN})
    assert read_error(reader) == (
        f"could not read {URI}: {not_vault} did not answer like Vault's KV v2 API (HTTP 200)"
    )


def test_a_reference_of_another_store_is_refused() -> None:
    reader = VaultKvReader(VaultSettings(), {})
    aws = StoreRef.parse("aws-sm://prod/twilio")
    assert (
        read_error(reader, aws) == "could not read aws-sm://prod/twilio: not a vault:// reference"
    )


# -- safety ----------------------------------------------------------------------------------


def test_the_reader_only_reads(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS)
    vault.delete_version("secret", "prod/twilio", 1)

    vault_reader(vault).read(REF)
    vault_reader(vault, approle=True).read(REF)
    vault_reader(vault, token=DATA_ONLY_TOKEN).read(REF)

    assert vault.requests
    assert not [r for r in vault.requests if r.is_write]
    assert {r.method for r in vault.requests if not r.is_login} == {"GET"}
    assert {r.path for r in vault.requests if r.is_login} == {"/v1/auth/approle/login"}


def test_canaries_never_reach_messages_logs_or_reprs(
    vault: VaultEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seed_history(vault, REF.name, CANARY_TOKENS)
    vault.delete_version("secret", "prod/twilio", 2)
    texts: list[str] = []
    readers = [
        vault_reader(vault),
        vault_reader(vault, approle=True),
        vault_reader(vault, token=DATA_ONLY_TOKEN),
        vault_reader(vault, token=STAGING_TOKEN),
        vault_reader(vault, token="hvs.VaultCanaryUnknownToken3c5e7a9b1d"),
        VaultKvReader(
            VaultSettings(), vault_environ(vault, approle=True) | {"VAULT_SECRET_ID": "x"}
        ),
        VaultKvReader(VaultSettings(url="http://127.0.0.1:1"), {"VAULT_TOKEN": READER_TOKEN}),
    ]
    for reader in readers:
        try:
            secret: StoreSecret | None = reader.read(REF)
        except StoreReadError as failure:
            texts += [str(failure), repr(failure)]
        else:
            texts += [repr(secret), *(v.display for v in secret.versions)]
    vault.sealed = True
    texts.append(read_error(vault_reader(vault)))
    texts += [record.getMessage() for record in caplog.records]
    texts.append(repr(vault.requests))

    joined = "\n".join(texts)
    assert "permission denied" in joined and "Vault is sealed" in joined  # failures did happen
    for secret_value in (*CANARY_SECRETS, "hvs.VaultCanaryUnknownToken3c5e7a9b1d"):
        for start in range(len(secret_value) - 9):
            assert secret_value[start : start + 10] not in joined, "part of a canary leaked"


def test_one_reader_serves_many_threads(vault: VaultEmulator) -> None:
    seed_history(vault, REF.name, CANARY_TOKENS)
    seed_history(vault, "secret/staging/twilio", CANARY_TOKENS[:2])
    staging = StoreRef.parse("vault://secret/staging/twilio")
    reader = vault_reader(vault)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(reader.read, [REF, staging] * 12))

    assert [len(r.versions) for r in results] == [3, 2] * 12
    assert {token_in(r.versions[0]) for r in results} == {CANARY_TOKENS[2], CANARY_TOKENS[1]}
