"""The Vault emulator on the wire, driven by the real hvac client (and raw requests where
hvac hides the status or headers): the shapes here are the ones Vault documents."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime
from typing import Any

import hvac
import hvac.exceptions
import pytest
import requests

from sherlock.secrets import fingerprint
from sherlock_testing.emulators.vault import VaultEmulator
from sherlock_testing.emulators.vault_kv import format_time
from tests.stores import vault_fixtures
from tests.stores.vault_fixtures import (
    APPROLE_TOKEN,
    DATA_ONLY_TOKEN,
    READER_TOKEN,
    ROLE_ID,
    ROOT_TOKEN,
    SECRET_ID,
    STAGING_TOKEN,
    hvac_client,
    running_vault,
)

vault = vault_fixtures.vault  # registers the fixture here (an import would trip ruff's F811)

RFC3339_NANO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z")
ENVELOPE_KEYS = {
    "request_id",
    "lease_id",
    "renewable",
    "lease_duration",
    "data",
    "wrap_info",
    "warnings",
    "auth",
}


def raw(
    vault: VaultEmulator, method: str, path: str, token: str | None = ROOT_TOKEN, **kw: Any
) -> requests.Response:
    headers = {"X-Vault-Token": token} if token else {}
    headers |= kw.pop("headers", {})
    return requests.request(method, vault.base_url + path, headers=headers, timeout=3, **kw)


def test_write_then_read_every_version(vault: VaultEmulator) -> None:
    kv = hvac_client(vault).secrets.kv.v2
    first = kv.create_or_update_secret("prod/twilio", {"auth_token": "one"})
    kv.create_or_update_secret("prod/twilio", {"auth_token": "two"})

    assert set(first) == ENVELOPE_KEYS
    assert first["data"]["version"] == 1 and first["data"]["deletion_time"] == ""
    latest = kv.read_secret_version("prod/twilio", raise_on_deleted_version=True)
    assert set(latest) == ENVELOPE_KEYS
    assert (latest["lease_id"], latest["renewable"], latest["lease_duration"]) == ("", False, 0)
    assert latest["wrap_info"] is None and latest["warnings"] is None and latest["auth"] is None
    assert latest["data"]["data"] == {"auth_token": "two"}
    metadata = latest["data"]["metadata"]
    assert set(metadata) == {
        "created_time",
        "custom_metadata",
        "deletion_time",
        "destroyed",
        "version",
    }
    assert metadata["version"] == 2 and metadata["destroyed"] is False
    assert metadata["custom_metadata"] is None
    assert RFC3339_NANO.fullmatch(metadata["created_time"])
    older = kv.read_secret_version("prod/twilio", version=1, raise_on_deleted_version=True)
    assert older["data"]["data"] == {"auth_token": "one"}


def test_metadata_lists_every_version_with_its_dates(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"}, created=datetime(2026, 5, 1, 9, 30, tzinfo=UTC))
    vault.put(
        "secret",
        "prod/twilio",
        {"k": "b"},
        created=datetime(2026, 5, 3, 10, 0, 0, 123456, tzinfo=UTC),
    )

    data = hvac_client(vault).secrets.kv.v2.read_secret_metadata("prod/twilio")["data"]

    assert set(data) == {
        "cas_required",
        "created_time",
        "current_version",
        "custom_metadata",
        "delete_version_after",
        "max_versions",
        "oldest_version",
        "updated_time",
        "versions",
    }
    assert data["current_version"] == 2 and data["oldest_version"] == 0
    assert data["created_time"] == "2026-05-01T09:30:00Z"
    assert data["updated_time"] == "2026-05-03T10:00:00.123456Z"
    assert data["delete_version_after"] == "0s" and data["max_versions"] == 0
    assert data["versions"] == {
        "1": {"created_time": "2026-05-01T09:30:00Z", "deletion_time": "", "destroyed": False},
        "2": {
            "created_time": "2026-05-03T10:00:00.123456Z",
            "deletion_time": "",
            "destroyed": False,
        },
    }


def test_timestamps_are_go_rfc3339_with_nanoseconds() -> None:
    base = int(datetime(2026, 5, 3, 10, 0, tzinfo=UTC).timestamp()) * 1_000_000_000
    assert format_time(base + 123456789) == "2026-05-03T10:00:00.123456789Z"
    assert format_time(base + 120000000) == "2026-05-03T10:00:00.12Z"
    assert format_time(base) == "2026-05-03T10:00:00Z"
    assert format_time(None) == ""


def test_writing_past_the_version_limit_forgets_the_oldest() -> None:
    with running_vault(max_versions=3) as vault:
        kv = hvac_client(vault).secrets.kv.v2
        for n in range(5):
            kv.create_or_update_secret("prod/twilio", {"n": str(n)})
        data = kv.read_secret_metadata("prod/twilio")["data"]
        assert sorted(data["versions"]) == ["3", "4", "5"]
        assert (data["current_version"], data["oldest_version"]) == (5, 3)
        with pytest.raises(hvac.exceptions.InvalidPath) as gone:
            kv.read_secret_version("prod/twilio", version=1, raise_on_deleted_version=False)
        assert gone.value.errors == []


def test_soft_deleted_version_is_a_404_with_its_metadata(vault: VaultEmulator) -> None:
    kv = hvac_client(vault).secrets.kv.v2
    kv.create_or_update_secret("prod/twilio", {"k": "a"})
    kv.create_or_update_secret("prod/twilio", {"k": "b"})
    kv.delete_secret_versions("prod/twilio", [1])

    answer = raw(vault, "GET", "/v1/secret/data/prod/twilio?version=1")
    assert answer.status_code == 404
    assert answer.headers["Content-Type"] == "application/json"
    body = answer.json()
    assert "errors" not in body and body["data"]["data"] is None
    assert body["data"]["metadata"]["version"] == 1
    assert RFC3339_NANO.fullmatch(body["data"]["metadata"]["deletion_time"])
    via_hvac = kv.read_secret_version("prod/twilio", version=1, raise_on_deleted_version=False)
    assert via_hvac["data"]["data"] is None
    with pytest.raises(hvac.exceptions.InvalidPath):
        kv.read_secret_version("prod/twilio", version=1, raise_on_deleted_version=True)
    meta = kv.read_secret_metadata("prod/twilio")["data"]["versions"]
    assert meta["1"]["deletion_time"] != "" and meta["2"]["deletion_time"] == ""

    kv.undelete_secret_versions("prod/twilio", [1])
    restored = kv.read_secret_version("prod/twilio", version=1, raise_on_deleted_version=True)
    assert restored["data"]["data"] == {"k": "a"}


def test_destroyed_version_keeps_metadata_but_no_data(vault: VaultEmulator) -> None:
    kv = hvac_client(vault).secrets.kv.v2
    kv.create_or_update_secret("prod/twilio", {"k": "a"})
    kv.create_or_update_secret("prod/twilio", {"k": "b"})
    kv.destroy_secret_versions("prod/twilio", [1])
    kv.undelete_secret_versions("prod/twilio", [1])  # cannot bring destroyed data back

    answer = raw(vault, "GET", "/v1/secret/data/prod/twilio?version=1")
    assert answer.status_code == 404
    metadata = answer.json()["data"]["metadata"]
    assert answer.json()["data"]["data"] is None
    assert metadata["destroyed"] is True and metadata["deletion_time"] == ""
    # hvac only forgives a deleted version (deletion_time set), so a destroyed one raises
    with pytest.raises(hvac.exceptions.InvalidPath) as destroyed:
        kv.read_secret_version("prod/twilio", version=1, raise_on_deleted_version=False)
    assert destroyed.value.json["data"]["metadata"]["destroyed"] is True
    assert kv.read_secret_metadata("prod/twilio")["data"]["versions"]["1"]["destroyed"] is True


def test_delete_latest_and_seeding_helpers(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"})
    vault.put("secret", "prod/twilio", {"k": "b"})
    raw(vault, "DELETE", "/v1/secret/data/prod/twilio")
    vault.destroy_version("secret", "prod/twilio", 1)

    versions = hvac_client(vault).secrets.kv.v2.read_secret_metadata("prod/twilio")["data"][
        "versions"
    ]
    assert versions["2"]["deletion_time"] != "" and versions["1"]["destroyed"] is True
    assert raw(vault, "GET", "/v1/secret/data/prod/twilio").status_code == 404
    vault.undelete_version("secret", "prod/twilio", 2)
    assert raw(vault, "GET", "/v1/secret/data/prod/twilio").json()["data"]["data"] == {"k": "b"}
    with pytest.raises(ValueError, match="timezone-aware"):
        vault.put("secret", "prod/twilio", {"k": "c"}, created=datetime(2026, 5, 1))


def test_list_with_the_list_verb_and_the_query_flag(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"})
    vault.put("secret", "prod/stripe", {"k": "a"})
    vault.put("secret", "prod/eu/twilio", {"k": "a"})

    listed = hvac_client(vault).secrets.kv.v2.list_secrets("prod")
    assert listed["data"]["keys"] == ["eu/", "stripe", "twilio"]
    flagged = raw(vault, "GET", "/v1/secret/metadata/prod/?list=true").json()
    assert flagged["data"]["keys"] == ["eu/", "stripe", "twilio"]
    empty = raw(vault, "LIST", "/v1/secret/metadata/staging")
    assert (empty.status_code, empty.json()) == (404, {"errors": []})
    assert [r.method for r in vault.requests] == ["LIST", "GET", "LIST"]


def test_check_and_set_is_enforced(vault: VaultEmulator) -> None:
    kv = hvac_client(vault).secrets.kv.v2
    kv.create_or_update_secret("prod/twilio", {"k": "a"}, cas=0)
    with pytest.raises(hvac.exceptions.InvalidRequest) as refused:
        kv.create_or_update_secret("prod/twilio", {"k": "b"}, cas=0)
    assert refused.value.errors == ["check-and-set parameter did not match the current version"]
    assert kv.create_or_update_secret("prod/twilio", {"k": "b"}, cas=1)["data"]["version"] == 2
    no_data = raw(vault, "POST", "/v1/secret/data/prod/twilio", json={"options": {}})
    assert (no_data.status_code, no_data.json()) == (400, {"errors": ["no data provided"]})


def test_missing_or_unknown_token_is_a_bare_permission_denied(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"})
    for token in (None, "hvs.not-a-token"):
        answer = raw(vault, "GET", "/v1/secret/data/prod/twilio", token=token)
        assert (answer.status_code, answer.json()) == (403, {"errors": ["permission denied"]})
    with pytest.raises(hvac.exceptions.Forbidden) as denied:
        hvac_client(vault, "hvs.not-a-token").secrets.kv.v2.read_secret_metadata("prod/twilio")
    assert denied.value.errors == ["permission denied"]


def test_policy_denial_uses_vaults_multierror_text(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"})
    narrow = hvac_client(vault, DATA_ONLY_TOKEN).secrets.kv.v2
    assert narrow.read_secret_version("prod/twilio", raise_on_deleted_version=True)["data"]["data"]
    with pytest.raises(hvac.exceptions.Forbidden) as denied:
        narrow.read_secret_metadata("prod/twilio")
    assert denied.value.errors == ["1 error occurred:\n\t* permission denied\n\n"]
    with pytest.raises(hvac.exceptions.Forbidden):  # read-only: no writes, even on its paths
        narrow.create_or_update_secret("prod/twilio", {"k": "b"})
    # ACL comes before routing: a denied path on an unmounted engine is still a 403
    assert raw(vault, "GET", "/v1/nope/data/x", token=READER_TOKEN).status_code == 403


def test_segment_wildcard_policy_covers_data_and_metadata(vault: VaultEmulator) -> None:
    vault.put("secret", "staging/twilio", {"k": "a"})
    vault.put("secret", "prod/twilio", {"k": "a"})
    kv = hvac_client(vault, STAGING_TOKEN).secrets.kv.v2
    assert kv.read_secret_metadata("staging/twilio")["data"]["current_version"] == 1
    assert kv.read_secret_version("staging/twilio", raise_on_deleted_version=True)["data"]["data"]
    with pytest.raises(hvac.exceptions.Forbidden):
        kv.read_secret_version("prod/twilio", raise_on_deleted_version=True)


def test_unknown_path_and_unknown_mount(vault: VaultEmulator) -> None:
    missing = raw(vault, "GET", "/v1/secret/data/prod/nothing-here")
    assert (missing.status_code, missing.json()) == (404, {"errors": []})
    with pytest.raises(hvac.exceptions.InvalidPath) as unmounted:
        hvac_client(vault).secrets.kv.v2.read_secret_metadata("x", mount_point="kv")
    assert unmounted.value.errors == [
        'no handler for route "kv/metadata/x". route entry not found.'
    ]
    not_api = raw(vault, "GET", "/ui/")
    assert not_api.status_code == 404 and not_api.headers["Content-Type"].startswith("text/plain")


def test_approle_login_hands_out_the_roles_token(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"})
    client = hvac.Client(url=vault.base_url, token="", timeout=3)

    login = client.auth.approle.login(role_id=ROLE_ID, secret_id=SECRET_ID)

    assert set(login) == ENVELOPE_KEYS and login["data"] is None
    auth = login["auth"]
    assert auth["client_token"] == APPROLE_TOKEN and auth["metadata"] == {"role_name": "sherlock"}
    assert auth["token_type"] == "service" and "default" in auth["policies"]
    assert client.secrets.kv.v2.read_secret_metadata("prod/twilio")["data"]["current_version"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"role_id": ROLE_ID, "secret_id": "wrong"}, "invalid role or secret ID"),
        ({"role_id": "no-such-role", "secret_id": SECRET_ID}, "invalid role or secret ID"),
        ({"secret_id": SECRET_ID}, "missing role_id"),
    ],
)
def test_approle_login_failures(vault: VaultEmulator, body: dict[str, str], message: str) -> None:
    answer = raw(vault, "POST", "/v1/auth/approle/login", token=None, json=body)
    assert (answer.status_code, answer.json()) == (400, {"errors": [message]})


def test_login_on_a_mount_that_is_not_approle_needs_a_token(vault: VaultEmulator) -> None:
    client = hvac.Client(url=vault.base_url, token="", timeout=3)
    with pytest.raises(hvac.exceptions.Forbidden):
        client.auth.approle.login(role_id=ROLE_ID, secret_id=SECRET_ID, mount_point="ci")


def test_lookup_self_and_bearer_and_namespace_headers(vault: VaultEmulator) -> None:
    looked = hvac_client(vault, READER_TOKEN).auth.token.lookup_self()["data"]
    assert looked["policies"] == ["default", "sherlock-emulated"] and looked["type"] == "service"
    assert hvac_client(vault).auth.token.lookup_self()["data"]["policies"] == ["root"]
    vault.put("secret", "prod/twilio", {"k": "a"})

    bearer = raw(
        vault,
        "GET",
        "/v1/secret/metadata/prod/twilio",
        token=None,
        headers={"Authorization": f"Bearer {READER_TOKEN}", "X-Vault-Namespace": "team-a/"},
    )

    assert bearer.status_code == 200
    assert vault.requests[-1].namespace == "team-a/"
    assert vault.requests[-1].token == fingerprint(READER_TOKEN)


def test_sealed_vault_answers_503_except_health(vault: VaultEmulator) -> None:
    client = hvac_client(vault)
    health = client.sys.read_health_status(method="GET")
    assert health["sealed"] is False and health["initialized"] is True
    vault.sealed = True

    sealed_health = raw(vault, "GET", "/v1/sys/health", token=None)
    assert sealed_health.status_code == 503 and sealed_health.json()["sealed"] is True
    with pytest.raises(hvac.exceptions.VaultDown) as down:
        client.secrets.kv.v2.read_secret_metadata("prod/twilio")
    assert down.value.errors == ["Vault is sealed"]
    vault.sealed = False
    with pytest.raises(hvac.exceptions.InvalidPath):
        client.secrets.kv.v2.read_secret_metadata("prod/twilio")


def test_request_log_names_tokens_by_fingerprint_only(vault: VaultEmulator) -> None:
    vault.put("secret", "prod/twilio", {"k": "a"})
    hvac_client(vault, READER_TOKEN).secrets.kv.v2.read_secret_metadata("prod/twilio")
    hvac_client(vault).secrets.kv.v2.create_or_update_secret("prod/twilio", {"k": "b"})

    read, write = vault.requests
    assert (read.method, read.operation, read.is_write) == ("GET", "read", False)
    assert (write.method, write.operation, write.is_write) == ("POST", "update", True)
    assert read.token == fingerprint(READER_TOKEN) and write.token == fingerprint(ROOT_TOKEN)
    assert READER_TOKEN not in repr(vault.requests) and ROOT_TOKEN not in repr(vault.requests)
    vault.reset_log()
    assert vault.requests == []


def test_stop_frees_the_port() -> None:
    with running_vault() as vault:
        host, port = vault.base_url.removeprefix("http://").split(":")
        hvac_client(vault).sys.read_health_status(method="GET")  # leaves a keep-alive open
    with pytest.raises(OSError), socket.create_connection((host, int(port)), timeout=1):
        pass
    with pytest.raises(RuntimeError, match="not running"):
        _ = vault.base_url
