"""The GCP Secret Manager reader against the emulator, through the official client."""

from __future__ import annotations

import base64
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sherlock.stores.base import StoreReadError, StoreRef, StoreSecret
from sherlock_testing.emulators.gcp_secret_manager import GcpSecretManagerEmulator
from tests.stores.gcp_fixtures import (
    CANARY_TOKENS,
    PROJECT,
    REF,
    SECRET_ID,
    gcp_fixture,  # noqa: F401  (registers the `gcp` fixture)
    gcp_reader,
    seed_versions,
    service_account_key,
)

OLD, MID, NEW = CANARY_TOKENS


def read_error(reader: Any, ref: StoreRef = REF) -> str:
    with pytest.raises(StoreReadError) as caught:
        reader.read(ref)
    return str(caught.value)


def test_versions_newest_first_with_dates_states_and_payloads(
    gcp: GcpSecretManagerEmulator,
) -> None:
    seed_versions(gcp, [OLD, MID, NEW, "a token of the future\n"])
    gcp.disable_version(PROJECT, SECRET_ID, 4)
    gcp.destroy_version(PROJECT, SECRET_ID, 1)
    gcp.set_page_size_cap(2)  # the reader must follow pages

    secret = gcp_reader(gcp).read(REF)

    assert secret.ref == REF
    assert [v.version for v in secret.versions] == ["4", "3", "2", "1"]
    assert [v.state for v in secret.versions] == ["disabled", "enabled", "enabled", "destroyed"]
    assert [v.created for v in secret.versions] == [
        datetime(2026, 5, day, 9, 30, 0, 123456, tzinfo=UTC) for day in (4, 3, 2, 1)
    ]
    assert all(v.created is not None and v.created.tzinfo is not None for v in secret.versions)
    disabled, current, previous, destroyed = secret.versions
    assert secret.current is current and current.labels == ("latest",)
    assert [v.current for v in secret.versions] == [False, True, False, False]
    assert current.payload is not None and current.payload.reveal() == NEW
    assert previous.payload is not None and previous.payload.reveal() == MID
    assert disabled.payload is None and destroyed.payload is None
    assert secret.replaced(previous) == (current, current.created)


def test_payload_bytes_are_kept_exactly(gcp: GcpSecretManagerEmulator) -> None:
    gcp.add_version(PROJECT, SECRET_ID, f"\ufeff{NEW} \r\n")
    payload = gcp_reader(gcp).read(REF).versions[0].payload
    assert payload is not None and payload.reveal() == f"\ufeff{NEW} \r\n"


def test_a_secret_with_nothing_enabled_has_no_current(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD, NEW])
    gcp.disable_version(PROJECT, SECRET_ID, 2)
    gcp.destroy_version(PROJECT, SECRET_ID, 1)
    secret = gcp_reader(gcp).read(REF)
    assert secret.current is None
    assert [(v.state, v.payload) for v in secret.versions] == [
        ("disabled", None),
        ("destroyed", None),
    ]
    assert not any(r.path.endswith(":access") for r in gcp.requests)


def test_an_empty_secret_reads_as_no_versions(gcp: GcpSecretManagerEmulator) -> None:
    gcp.add_secret(PROJECT, SECRET_ID)
    assert gcp_reader(gcp).read(REF) == StoreSecret(REF, ())


def test_a_checksum_mismatch_marks_the_version_corrupt(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD, MID, NEW])
    gcp.set_payload_crc32c(PROJECT, SECRET_ID, 3, 12345)
    gcp.set_payload_crc32c(PROJECT, SECRET_ID, 2, None)  # no checksum: nothing to verify
    newest, middle, _ = gcp_reader(gcp).read(REF).versions
    assert (newest.state, newest.payload, newest.current) == ("corrupt", None, True)
    assert newest.labels == ("latest",)
    assert middle.payload is not None and middle.payload.reveal() == MID


def test_an_undecodable_payload_is_unreadable(gcp: GcpSecretManagerEmulator) -> None:
    gcp.add_version(PROJECT, SECRET_ID, b"\xff\xfe\x00binary")
    version = gcp_reader(gcp).read(REF).versions[0]
    assert (version.state, version.payload, version.current) == ("unreadable", None, True)


def test_a_version_disabled_between_list_and_access_keeps_its_new_state(
    gcp: GcpSecretManagerEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from google.cloud.secretmanager_v1 import SecretManagerServiceClient

    seed_versions(gcp, [OLD, MID, NEW])
    original = SecretManagerServiceClient.list_secret_versions

    def list_then_disable(self: Any, *args: Any, **kwargs: Any) -> Any:
        pager = original(self, *args, **kwargs)  # the first page is fetched here
        gcp.disable_version(PROJECT, SECRET_ID, 3)
        return pager

    monkeypatch.setattr(SecretManagerServiceClient, "list_secret_versions", list_then_disable)
    secret = gcp_reader(gcp).read(REF)
    assert [(v.version, v.state, v.current) for v in secret.versions] == [
        ("3", "disabled", False),
        ("2", "enabled", True),
        ("1", "enabled", False),
    ]


def test_a_reference_by_project_number_reads_the_same_secret(
    gcp: GcpSecretManagerEmulator,
) -> None:
    seed_versions(gcp, [OLD, NEW])
    by_number = StoreRef.parse(
        f"gcp-sm://projects/{gcp.project_number(PROJECT)}/secrets/{SECRET_ID}"
    )
    versions = gcp_reader(gcp).read(by_number).versions
    assert [v.payload.reveal() if v.payload else None for v in versions] == [NEW, OLD]


def test_the_reader_only_reads(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD, MID, NEW])
    gcp.disable_version(PROJECT, SECRET_ID, 1)
    gcp_reader(gcp).read(REF)
    log = gcp.requests
    assert {r.method for r in log} == {"GET"}
    assert sorted(r.path.rsplit("/", 1)[-1] for r in log) == ["2:access", "3:access", "versions"]


# -- errors ------------------------------------------------------------------------------------


def test_a_missing_secret(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD])
    ref = StoreRef.parse(f"gcp-sm://projects/{PROJECT}/secrets/nope#authToken")
    assert read_error(gcp_reader(gcp), ref) == (
        "could not read gcp-sm://projects/acme/secrets/nope: NotFound (no such secret)"
    )


def test_permission_denied_names_the_missing_permission(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD, NEW])
    gcp.deny(PROJECT, SECRET_ID)
    assert read_error(gcp_reader(gcp)) == (
        "could not read gcp-sm://projects/acme/secrets/twilio-prod: PermissionDenied (403) "
        "on secretmanager.versions.list (or it may not exist)"
    )
    gcp.allow(PROJECT, SECRET_ID)
    gcp.deny(PROJECT, SECRET_ID, "secretmanager.versions.access")  # a viewer, not an accessor
    assert read_error(gcp_reader(gcp)).endswith(
        ": PermissionDenied (403) on secretmanager.versions.access (or it may not exist)"
    )


def test_an_unknown_project_is_permission_denied(gcp: GcpSecretManagerEmulator) -> None:
    ref = StoreRef.parse("gcp-sm://projects/not-ours/secrets/x")
    assert read_error(gcp_reader(gcp), ref).startswith(
        "could not read gcp-sm://projects/not-ours/secrets/x: PermissionDenied (403)"
    )


def test_an_unreachable_endpoint_fails_fast() -> None:
    started = time.monotonic()
    message = read_error(gcp_reader(endpoint="http://127.0.0.1:1"))
    assert (
        message
        == "could not read gcp-sm://projects/acme/secrets/twilio-prod: unreachable (http://127.0.0.1:1)"
    )
    assert time.monotonic() - started < 1.5


def test_a_slow_endpoint_times_out_without_retrying(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD])
    gcp.set_latency(3)
    started = time.monotonic()
    message = read_error(gcp_reader(gcp, timeout=0.3))
    assert message.endswith(f": timed out after 0.3s ({gcp.base_url})")
    assert time.monotonic() - started < 1.5
    assert len(gcp.requests) <= 1  # no retry (the first may still be sleeping)


def test_an_outage_is_reported_at_once_not_retried(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD])
    gcp.set_unavailable(calls="access")  # the call the client retries for a minute by default
    started = time.monotonic()
    assert read_error(gcp_reader(gcp)).endswith(": ServiceUnavailable (503)")
    assert time.monotonic() - started < 1.0
    assert [r.status for r in gcp.requests] == [200, 503]
    gcp.set_unavailable()
    assert read_error(gcp_reader(gcp)).endswith(": ServiceUnavailable (503)")


def test_anonymous_access_to_an_endpoint_that_wants_credentials(
    gcp: GcpSecretManagerEmulator,
) -> None:
    seed_versions(gcp, [OLD])
    gcp.require_bearer_token("ya29.some-token-the-reader-does-not-have")
    for credentials in ("anonymous", "default"):
        assert read_error(gcp_reader(gcp, credentials=credentials)).endswith(  # type: ignore[arg-type]
            ": Unauthenticated (401): the endpoint wants credentials and none were sent"
        )


def test_a_wrong_reference_scheme() -> None:
    ref = StoreRef.parse("vault://secret/twilio")
    assert "not a gcp-sm:// reference" in read_error(gcp_reader(endpoint="http://127.0.0.1:1"), ref)


# -- credentials -------------------------------------------------------------------------------


def test_default_credentials_come_from_the_given_environment(
    gcp: GcpSecretManagerEmulator, tmp_path: Path
) -> None:
    seed_versions(gcp, [OLD, NEW])
    key = service_account_key(tmp_path)
    gcp.trust_service_account(key.email, key.public_pem)
    environ = {"GOOGLE_APPLICATION_CREDENTIALS": str(key.path)}

    assert read_error(gcp_reader(gcp)).endswith(
        ": Unauthenticated (401): the endpoint wants credentials and none were sent"
    )
    current = gcp_reader(gcp, environ=environ).read(REF).current
    assert current is not None and current.payload is not None and current.payload.reveal() == NEW

    (tmp_path / "other").mkdir()
    stranger = service_account_key(tmp_path / "other")  # same account, a key nobody trusts
    environ = {"GOOGLE_APPLICATION_CREDENTIALS": str(stranger.path)}
    assert read_error(gcp_reader(gcp, environ=environ)).endswith(
        ": Unauthenticated (401): the credentials were not accepted"
    )


def test_an_unusable_credentials_file(gcp: GcpSecretManagerEmulator, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    reader = gcp_reader(gcp, environ={"GOOGLE_APPLICATION_CREDENTIALS": str(missing)})
    assert read_error(reader) == (
        "could not read gcp-sm://projects/acme/secrets/twilio-prod: GOOGLE_APPLICATION_CREDENTIALS "
        f"names {missing}, which is not a usable Google credentials file"
    )
    assert gcp.requests == []


def test_no_application_default_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from google.auth.compute_engine import _metadata

    probes: list[object] = []
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path))  # no gcloud ADC file
    monkeypatch.setattr(_metadata, "is_on_gce", lambda request: probes.append(request) or False)
    reader = gcp_reader()  # Google's own endpoint, so no emulator shortcut
    expected = (
        "could not read gcp-sm://projects/acme/secrets/twilio-prod: no Google credentials "
        "(set GOOGLE_APPLICATION_CREDENTIALS or run gcloud auth application-default login)"
    )
    assert read_error(reader) == expected
    assert read_error(reader) == expected
    assert len(probes) == 1  # looking for credentials is slow off GCP: once per reader


def test_credentials_never_go_over_plain_http_to_a_remote_host(tmp_path: Path) -> None:
    key = service_account_key(tmp_path)
    reader = gcp_reader(
        endpoint="http://10.20.30.40:8080",
        environ={"GOOGLE_APPLICATION_CREDENTIALS": str(key.path)},
    )
    assert read_error(reader).endswith(
        ": refusing to send Google credentials over plain http to http://10.20.30.40:8080"
    )


def test_one_reader_serves_many_threads(gcp: GcpSecretManagerEmulator) -> None:
    seed_versions(gcp, [OLD, MID, NEW])
    reader = gcp_reader(gcp)
    results: list[StoreSecret] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            results.append(reader.read(REF))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == [] and len(results) == 8
    fingerprints = {tuple(v.payload.fingerprint for v in r.versions if v.payload) for r in results}
    assert len(fingerprints) == 1


# -- secrets stay secret -----------------------------------------------------------------------


@pytest.fixture
def google_debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Switch on the client's own DEBUG logging, as GOOGLE_SDK_PYTHON_LOGGING_SCOPE would."""
    google = logging.getLogger("google")
    level = google.level
    google.addHandler(caplog.handler)
    google.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        google.removeHandler(caplog.handler)
        google.setLevel(level)


def _pieces(secret: str) -> list[str]:
    encoded = base64.b64encode(secret.encode()).decode()
    return [secret, secret[5:17], encoded, encoded[4:20]]


def test_no_payload_reaches_a_message_or_a_log(
    gcp: GcpSecretManagerEmulator,
    google_debug_logs: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    seed_versions(gcp, [OLD, MID, NEW])
    gcp.disable_version(PROJECT, SECRET_ID, 1)
    shown: list[str] = []
    secret = gcp_reader(gcp).read(REF)
    shown += [repr(secret), str(secret.versions), *(v.display for v in secret.versions)]
    gcp.set_payload_crc32c(PROJECT, SECRET_ID, 3, 1)
    shown.append(repr(gcp_reader(gcp).read(REF)))
    key = service_account_key(tmp_path)
    gcp.trust_service_account(key.email, key.public_pem)
    shown.append(read_error(gcp_reader(gcp)))
    shown.append(
        repr(gcp_reader(gcp, environ={"GOOGLE_APPLICATION_CREDENTIALS": str(key.path)}).read(REF))
    )
    gcp.deny(PROJECT, SECRET_ID, "secretmanager.versions.access")
    shown.append(read_error(gcp_reader(gcp, credentials="anonymous")))

    records = google_debug_logs.records
    responses = [
        r for r in records if r.name.endswith("transports.rest") and hasattr(r, "httpResponse")
    ]
    assert responses, "the client logged no responses: the log check would prove nothing"
    assert all(r.httpResponse["payload"] == "<hidden by sherlock>" for r in responses)
    everything = "\n".join(shown + [r.getMessage() + repr(r.__dict__) for r in records])
    private_key = key.path.read_text()
    for canary in CANARY_TOKENS:
        for piece in _pieces(canary):
            assert piece not in everything
    assert private_key[40:80] not in everything


def test_importing_the_reader_and_emulator_does_not_load_the_client() -> None:
    code = (
        "import sys, sherlock.stores.gcp, sherlock_testing.emulators.gcp_secret_manager;"
        "print(sorted(m for m in sys.modules if m.startswith(('google.cloud', 'google.auth', 'grpc'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
