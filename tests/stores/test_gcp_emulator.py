"""The GCP Secret Manager emulator, over the wire: through the official client where it can
say it, and raw HTTP where the exact JSON shape matters."""

from __future__ import annotations

import base64
import json
import socket
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
from google.api_core import exceptions as api
from google.auth.exceptions import InvalidOperation
from google.cloud.secretmanager_v1 import SecretVersion

from sherlock.stores.gcp import crc32c
from sherlock_testing.emulators.gcp_secret_manager import GcpSecretManagerEmulator
from tests.stores.gcp_fixtures import (
    ACCESS_TOKEN,
    CANARY_TOKENS,
    PROJECT,
    SECRET_ID,
    gcp_client,
    gcp_fixture,  # noqa: F401  (registers the `gcp` fixture)
    running_gcp,
    seed_versions,
    service_account_key,
)

PARENT = f"projects/{PROJECT}/secrets/{SECRET_ID}"
State = SecretVersion.State


def call(
    emulator: GcpSecretManagerEmulator,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(emulator.base_url + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_crc32c_matches_the_castagnoli_check_values() -> None:
    assert crc32c(b"") == 0
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(bytes(32)) == 0x8A9136AA  # RFC 3720, B.4
    assert crc32c(b"\xff" * 32) == 0x62A8AB43


def test_versions_are_listed_newest_first_across_pages(gcp: GcpSecretManagerEmulator) -> None:
    numbers = seed_versions(gcp, [f"value-{i}" for i in range(5)])
    gcp.set_page_size_cap(2)
    listed = list(gcp_client(gcp).list_secret_versions(request={"parent": PARENT}))
    assert [v.name.rsplit("/", 1)[-1] for v in listed] == [str(n) for n in reversed(numbers)]
    assert listed[0].create_time == datetime(2026, 5, 5, 9, 30, 0, 123456, tzinfo=UTC)
    assert all(v.state == State.ENABLED for v in listed)
    pages = [r.query for r in gcp.requests]
    assert len(pages) == 3
    assert "pageToken" not in pages[0] and all("pageToken=" in q for q in pages[1:])


def test_page_size_next_token_and_total(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a", "b", "c"])
    status, first = call(gcp, f"/v1/{PARENT}/versions?pageSize=2")
    assert status == 200 and first["totalSize"] == 3
    assert [v["name"].rsplit("/", 1)[-1] for v in first["versions"]] == ["3", "2"]
    status, second = call(
        gcp, f"/v1/{PARENT}/versions?pageSize=2&pageToken={first['nextPageToken']}"
    )
    assert [v["name"].rsplit("/", 1)[-1] for v in second["versions"]] == ["1"]
    assert "nextPageToken" not in second
    status, body = call(gcp, f"/v1/{PARENT}/versions?pageToken=bogus")
    assert status == 400 and body["error"]["status"] == "INVALID_ARGUMENT"


def test_filter_by_state(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a", "b", "c"])
    gcp.disable_version(PROJECT, SECRET_ID, 2)
    client = gcp_client(gcp)
    enabled = client.list_secret_versions(request={"parent": PARENT, "filter": "state:ENABLED"})
    assert [v.name.rsplit("/", 1)[-1] for v in enabled] == ["3", "1"]
    with pytest.raises(api.BadRequest, match="Invalid filter"):
        list(client.list_secret_versions(request={"parent": PARENT, "filter": "name:x"}))


def test_access_returns_the_payload_and_its_checksum(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["old", "naïve-token\n"])
    response = gcp_client(gcp).access_secret_version(name=f"{PARENT}/versions/2")
    assert response.payload.data == "naïve-token\n".encode()
    assert response.payload.data_crc32c == crc32c(response.payload.data)
    _, raw = call(gcp, f"/v1/{PARENT}/versions/2:access")
    assert raw["payload"]["dataCrc32c"] == str(crc32c("naïve-token\n".encode()))  # int64: a string
    assert base64.b64decode(raw["payload"]["data"]) == "naïve-token\n".encode()


def test_names_carry_the_project_number_and_either_form_is_accepted(
    gcp: GcpSecretManagerEmulator,
) -> None:
    seed_versions(gcp, ["a"])
    number = gcp.project_number(PROJECT)
    assert number.isdigit() and len(number) == 12
    client = gcp_client(gcp)
    response = client.access_secret_version(
        name=f"projects/{number}/secrets/{SECRET_ID}/versions/1"
    )
    assert response.name == f"projects/{number}/secrets/{SECRET_ID}/versions/1"
    assert client.get_secret(name=PARENT).name == f"projects/{number}/secrets/{SECRET_ID}"


def test_a_secret_may_be_called_versions(gcp: GcpSecretManagerEmulator) -> None:
    gcp.add_version(PROJECT, "versions", "a")
    status, body = call(gcp, f"/v1/projects/{PROJECT}/secrets/versions")
    assert status == 200 and body["name"].endswith("/secrets/versions") and "replication" in body


def test_get_secret_has_the_documented_shape(gcp: GcpSecretManagerEmulator) -> None:
    gcp.add_secret(PROJECT, SECRET_ID, created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    status, body = call(gcp, f"/v1/{PARENT}")
    assert status == 200
    assert body["replication"] == {"automatic": {}}
    assert body["createTime"] == "2026-01-02T03:04:05.000000Z"
    assert body["etag"].startswith('"') and body["name"].endswith(f"/secrets/{SECRET_ID}")


def test_latest_is_the_highest_enabled_version(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["one", "two", "three"])
    client = gcp_client(gcp)
    assert client.access_secret_version(name=f"{PARENT}/versions/latest").payload.data == b"three"
    gcp.disable_version(PROJECT, SECRET_ID, 3)
    latest = client.get_secret_version(name=f"{PARENT}/versions/latest")
    assert latest.name.endswith("/versions/2") and latest.state == State.ENABLED
    gcp.disable_version(PROJECT, SECRET_ID, 2)
    gcp.destroy_version(PROJECT, SECRET_ID, 1)
    with pytest.raises(api.NotFound, match=r"not found or has no versions\."):
        client.access_secret_version(name=f"{PARENT}/versions/latest")


def test_disabled_and_destroyed_versions_cannot_be_accessed(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["one", "two", "three"])
    gcp.disable_version(PROJECT, SECRET_ID, 2)
    gcp.destroy_version(PROJECT, SECRET_ID, 1)
    status, body = call(gcp, f"/v1/{PARENT}/versions/2:access")
    assert (status, body["error"]["status"]) == (400, "FAILED_PRECONDITION")
    assert body["error"]["message"].endswith("/versions/2] is in DISABLED state.")
    client = gcp_client(gcp)
    with pytest.raises(api.BadRequest, match="is in DESTROYED state"):
        client.access_secret_version(name=f"{PARENT}/versions/1")
    destroyed = client.get_secret_version(name=f"{PARENT}/versions/1")
    assert destroyed.state == State.DESTROYED and destroyed.destroy_time is not None
    assert client.get_secret_version(name=f"{PARENT}/versions/2").state == State.DISABLED
    gcp.enable_version(PROJECT, SECRET_ID, 2)
    assert client.access_secret_version(name=f"{PARENT}/versions/2").payload.data == b"two"


def test_enums_follow_the_requested_encoding(gcp: GcpSecretManagerEmulator) -> None:
    gcp.add_version(PROJECT, SECRET_ID, "a", state="DISABLED")
    _, named = call(gcp, f"/v1/{PARENT}/versions/1")
    _, numbered = call(gcp, f"/v1/{PARENT}/versions/1?%24alt=json%3Benum-encoding%3Dint")
    assert (named["state"], numbered["state"]) == ("DISABLED", 2)


def test_not_found_shapes(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a"])
    number = gcp.project_number(PROJECT)
    status, body = call(gcp, f"/v1/projects/{PROJECT}/secrets/missing/versions/latest:access")
    assert status == 404
    assert body == {
        "error": {
            "code": 404,
            "message": f"Secret [projects/{number}/secrets/missing] not found or has no versions.",
            "status": "NOT_FOUND",
        }
    }
    status, body = call(gcp, f"/v1/{PARENT}/versions/7")
    assert status == 404 and body["error"]["message"].endswith("/versions/7] not found.")
    with pytest.raises(api.NotFound):
        list(
            gcp_client(gcp).list_secret_versions(
                request={"parent": f"projects/{PROJECT}/secrets/nope"}
            )
        )


def test_permission_denied_shape_and_scope(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a"])
    gcp.deny(PROJECT, SECRET_ID, "secretmanager.versions.access")
    client = gcp_client(gcp)
    assert len(list(client.list_secret_versions(request={"parent": PARENT}))) == 1
    status, body = call(gcp, f"/v1/{PARENT}/versions/1:access")
    assert (status, body["error"]["code"], body["error"]["status"]) == (
        403,
        403,
        "PERMISSION_DENIED",
    )
    assert body["error"]["message"] == (
        f"Permission 'secretmanager.versions.access' denied for resource "
        f"'{PARENT}/versions/1' (or it may not exist)."
    )
    with pytest.raises(api.Forbidden) as caught:  # over REST: by HTTP status
        client.access_secret_version(name=f"{PARENT}/versions/1")
    assert caught.value.reason == "IAM_PERMISSION_DENIED"
    assert caught.value.metadata == {
        "permission": "secretmanager.versions.access",
        "resource": f"{PARENT}/versions/1",
    }
    gcp.deny(PROJECT, SECRET_ID)
    with pytest.raises(api.Forbidden, match=r"secretmanager\.versions\.list"):
        list(client.list_secret_versions(request={"parent": PARENT}))
    gcp.allow(PROJECT, SECRET_ID)
    assert client.access_secret_version(name=f"{PARENT}/versions/1").payload.data == b"a"


def test_an_unknown_project_is_denied_not_missing(gcp: GcpSecretManagerEmulator) -> None:
    status, body = call(gcp, "/v1/projects/someone-else/secrets/x/versions")
    assert status == 403 and body["error"]["status"] == "PERMISSION_DENIED"


def test_malformed_names_are_invalid_arguments(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a"])
    for path in (
        f"/v1/{PARENT}/versions/abc:access",
        f"/v1/{PARENT}/versions/0",
        "/v1/projects/acme/secrets/bad%21id",
    ):
        status, body = call(gcp, path)
        assert (status, body["error"]["status"]) == (400, "INVALID_ARGUMENT"), path


def test_bearer_tokens_are_required_once_configured(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a"])
    assert call(gcp, f"/v1/{PARENT}/versions")[0] == 200
    gcp.require_bearer_token(ACCESS_TOKEN)
    status, body = call(gcp, f"/v1/{PARENT}/versions")
    assert (status, body["error"]["status"]) == (401, "UNAUTHENTICATED")
    assert "missing required authentication credential" in body["error"]["message"]
    status, body = call(gcp, f"/v1/{PARENT}/versions", headers={"Authorization": "Bearer nope"})
    assert status == 401 and "invalid authentication credentials" in body["error"]["message"]
    good = {"Authorization": f"Bearer {ACCESS_TOKEN}"}
    assert call(gcp, f"/v1/{PARENT}/versions", headers=good)[0] == 200
    # On a 401 the client refreshes its credentials and retries; anonymous ones cannot.
    with pytest.raises(InvalidOperation, match="Anonymous credentials cannot be refreshed"):
        list(gcp_client(gcp).list_secret_versions(request={"parent": PARENT}))


def test_a_service_account_key_signs_its_way_in(
    gcp: GcpSecretManagerEmulator, tmp_path: Path
) -> None:
    from google.api_core.client_options import ClientOptions
    from google.cloud.secretmanager_v1 import SecretManagerServiceClient
    from google.oauth2 import service_account

    seed_versions(gcp, ["a"])
    key = service_account_key(tmp_path)
    (tmp_path / "other").mkdir()
    stranger = service_account_key(tmp_path / "other")
    gcp.trust_service_account(key.email, key.public_pem)

    def client_for(path: Path) -> SecretManagerServiceClient:
        credentials = service_account.Credentials.from_service_account_file(str(path))
        return SecretManagerServiceClient(
            transport="rest",
            credentials=credentials,
            client_options=ClientOptions(api_endpoint=gcp.base_url),
        )

    assert (
        client_for(key.path).access_secret_version(name=f"{PARENT}/versions/1").payload.data == b"a"
    )
    with pytest.raises(api.Unauthorized):  # same email, a key the emulator does not trust
        client_for(stranger.path).access_secret_version(name=f"{PARENT}/versions/1")


def test_an_outage_answers_503_unavailable(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a"])
    gcp.set_unavailable()
    status, body = call(gcp, f"/v1/{PARENT}/versions")
    assert (status, body["error"]["status"]) == (503, "UNAVAILABLE")
    gcp.set_unavailable(calls="access")
    assert call(gcp, f"/v1/{PARENT}/versions")[0] == 200
    assert call(gcp, f"/v1/{PARENT}/versions/1:access")[0] == 503
    gcp.set_unavailable(False)
    assert call(gcp, f"/v1/{PARENT}/versions/1:access")[0] == 200


def test_add_version_is_the_one_write_and_every_write_is_logged(
    gcp: GcpSecretManagerEmulator,
) -> None:
    seed_versions(gcp, ["a"])
    status, body = call(gcp, f"/v1/{PARENT}/versions/1:disable", method="POST")
    assert status == 404 and body["error"]["status"] == "NOT_FOUND"
    added = gcp_client(gcp).add_secret_version(parent=PARENT, payload={"data": b"x"})
    assert added.name.endswith("/versions/2")
    assert [(r.method, r.status) for r in gcp.requests] == [("POST", 404), ("POST", 200)]
    assert (
        gcp_client(gcp).access_secret_version(name=f"{PARENT}/versions/latest").payload.data == b"x"
    )


def test_add_version_checks_the_payload_checksum(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, ["a"])
    with pytest.raises(api.BadRequest, match="Checksum mismatch"):
        gcp_client(gcp).add_secret_version(
            parent=PARENT, payload={"data": b"x", "data_crc32c": 12345}
        )


def test_seeding_rejects_what_the_service_would(gcp: GcpSecretManagerEmulator) -> None:
    with pytest.raises(ValueError):
        gcp.add_version(PROJECT, "bad id!", "x")
    with pytest.raises(ValueError):
        gcp.add_version(PROJECT, SECRET_ID, "x", state="PAUSED")
    gcp.destroy_version(PROJECT, SECRET_ID, gcp.add_version(PROJECT, SECRET_ID, CANARY_TOKENS[0]))
    with pytest.raises(ValueError):
        gcp.enable_version(PROJECT, SECRET_ID, 1)
    with pytest.raises(KeyError):
        gcp.disable_version(PROJECT, SECRET_ID, 9)


def test_stop_closes_the_port_and_base_url_needs_a_running_server() -> None:
    with running_gcp() as emulator:
        host, port = emulator.base_url.removeprefix("http://").split(":")
        assert call(emulator, "/v1/projects/x/secrets/y")[0] == 403
    with pytest.raises(RuntimeError):
        _ = emulator.base_url
    with socket.socket() as probe:
        assert probe.connect_ex((host, int(port))) != 0
