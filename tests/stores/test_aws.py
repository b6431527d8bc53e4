"""AwsSecretsManagerReader against moto over real HTTP, plus a wire-level stub for the
error shapes moto does not produce (AWS's JSON AccessDeniedException, DecryptionFailure)."""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sherlock.config.schema import AwsSettings
from sherlock.stores.aws import MAX_VERSIONS_READ, AwsSecretsManagerReader
from sherlock.stores.base import StoreReadError, StoreRef, StoreSecret
from tests.stores.moto_server import MotoHandle

TOKEN = "f3a1c0de5eed4b1ab0c2d9e8f7a6b5c4"
ROTATION_JSON = json.dumps(
    {"accountSid": "AC" + "0" * 31 + "1", "authToken": TOKEN}, separators=(",", ":")
)
MAY = datetime(2026, 5, 3, 9, 30, tzinfo=UTC)
CLOSED = "http://127.0.0.1:1"


def _read(env: dict[str, str], name: str, settings: AwsSettings | None = None) -> StoreSecret:
    reader = AwsSecretsManagerReader(settings or AwsSettings(), env)
    return reader.read(StoreRef.parse(f"aws-sm://{name}"))


def _error(env: dict[str, str], name: str, settings: AwsSettings | None = None) -> str:
    with pytest.raises(StoreReadError) as caught:
        _read(env, name, settings)
    return str(caught.value)


# -- versions, stages, dates ---------------------------------------------------------------


def test_versions_come_newest_first_with_stages_and_dates(aws_server: MotoHandle) -> None:
    dates = [MAY, MAY + timedelta(days=30), MAY + timedelta(days=60)]
    old, previous, current = aws_server.seed(
        "prod/twilio", ["t-old", "t-prev", "t-cur"], created=dates
    )
    pending = aws_server.seed_pending("prod/twilio", "t-next", created=MAY + timedelta(days=61))

    secret = _read(aws_server.environ(), "prod/twilio")

    assert [v.version for v in secret.versions] == [pending, current, previous, old]
    assert [v.labels for v in secret.versions] == [
        ("AWSPENDING",),
        ("AWSCURRENT",),
        ("AWSPREVIOUS",),
        (),
    ]
    assert [v.created for v in secret.versions] == [MAY + timedelta(days=61), *reversed(dates)]
    assert all(v.created is not None and v.created.tzinfo is not None for v in secret.versions)
    values = [v.payload.reveal() if v.payload else None for v in secret.versions]
    assert values == ["t-next", "t-cur", "t-prev", "t-old"]
    assert secret.current is not None and secret.current.version == current
    assert [v.state for v in secret.versions] == ["enabled"] * 4
    assert secret.versions[2].display.startswith("AWSPREVIOUS (")
    replaced_by, when = secret.replaced(secret.versions[2])
    assert replaced_by is secret.versions[1] and when == dates[2]


def test_order_follows_creation_dates_not_the_store_listing(aws_server: MotoHandle) -> None:
    # The value written last (AWSCURRENT) carries the older date: the date decides.
    first, second = aws_server.seed("odd", ["a", "b"], created=[MAY + timedelta(days=5), MAY])
    secret = _read(aws_server.environ(), "odd")
    assert [v.version for v in secret.versions] == [first, second]
    assert secret.versions[1].current


def test_twilio_rotation_json_comes_back_intact(aws_server: MotoHandle) -> None:
    aws_server.seed("prod/twilio", [ROTATION_JSON])
    (version,) = _read(aws_server.environ(), "prod/twilio").versions
    assert version.payload is not None
    assert version.payload.reveal() == ROTATION_JSON
    assert json.loads(version.payload.reveal())["authToken"] == TOKEN


def test_binary_secrets_decode_as_utf8_or_are_marked_unreadable(aws_server: MotoHandle) -> None:
    aws_server.seed("bin/ok", ["tøken".encode()])
    aws_server.seed("bin/bad", [b"\xff\xfe\x00"])
    (ok,) = _read(aws_server.environ(), "bin/ok").versions
    (bad,) = _read(aws_server.environ(), "bin/bad").versions
    assert ok.payload is not None and ok.payload.reveal() == "tøken"
    assert bad.payload is None and bad.state == "unreadable" and bad.current


def test_arn_is_accepted_and_its_region_wins(aws_server: MotoHandle) -> None:
    ids = aws_server.seed("prod/twilio", ["one", "two"])
    arn = aws_server.arn("prod/twilio")
    # The environment names another region; the ARN says where the secret lives.
    secret = _read(aws_server.environ(AWS_REGION="eu-west-1"), arn)
    assert secret.ref.name == arn
    assert [v.version for v in secret.versions] == ids[::-1]


def test_a_secret_scheduled_for_deletion_keeps_its_history(aws_server: MotoHandle) -> None:
    aws_server.seed("gone", ["a", "b"])
    aws_server.client().delete_secret(SecretId="gone", RecoveryWindowInDays=7)
    secret = _read(aws_server.environ(), "gone")
    assert [v.state for v in secret.versions] == ["deleted", "deleted"]
    assert all(v.payload is None for v in secret.versions)
    assert "deleted" in secret.versions[0].display


def test_many_versions_read_only_the_newest(aws_server: MotoHandle) -> None:
    count = MAX_VERSIONS_READ + 3
    ids = aws_server.seed("busy", [f"v{i}" for i in range(count)])
    secret = _read(aws_server.environ(), "busy")
    assert [v.version for v in secret.versions][:MAX_VERSIONS_READ] == ids[::-1][:MAX_VERSIONS_READ]
    assert [v.state for v in secret.versions[MAX_VERSIONS_READ:]] == ["skipped"] * 3
    assert secret.versions[0].payload is not None
    assert secret.versions[0].payload.reveal() == f"v{count - 1}"


def test_a_read_writes_nothing(aws_server: MotoHandle) -> None:
    aws_server.seed("prod/twilio", ["a", "b", "c"])
    aws_server.seed_pending("prod/twilio", "d")
    before = aws_server.stages("prod/twilio")
    _read(aws_server.environ(), "prod/twilio")
    assert aws_server.stages("prod/twilio") == before


def test_one_reader_serves_many_threads(aws_server: MotoHandle) -> None:
    for i in range(6):
        aws_server.seed(f"svc{i}", [f"old{i}", f"new{i}"])
    reader = AwsSecretsManagerReader(AwsSettings(), aws_server.environ())
    with ThreadPoolExecutor(max_workers=6) as pool:
        secrets = list(pool.map(lambda i: reader.read(StoreRef("aws-sm", f"svc{i}")), range(6)))
    for i, secret in enumerate(secrets):
        assert secret.current is not None and secret.current.payload is not None
        assert secret.current.payload.reveal() == f"new{i}"


# -- where settings come from ----------------------------------------------------------------


def test_service_endpoint_beats_generic_and_settings_beat_both(aws_server: MotoHandle) -> None:
    aws_server.seed("s", ["v"])
    env = aws_server.environ(AWS_ENDPOINT_URL=CLOSED)
    assert _read(env, "s").current is not None
    env = aws_server.environ(AWS_ENDPOINT_URL_SECRETS_MANAGER=CLOSED)
    assert "unreachable" in _error(env, "s")
    assert _read(env, "s", AwsSettings(endpoint_url=aws_server.endpoint)).current is not None


def test_region_precedence_and_not_found_names_the_region(aws_server: MotoHandle) -> None:
    aws_server.seed("prod/twilio", ["v"])
    wrong = aws_server.environ(AWS_REGION="eu-west-1", AWS_DEFAULT_REGION="us-east-1")
    assert _error(wrong, "prod/twilio") == (
        "could not read aws-sm://prod/twilio: "
        "ResourceNotFoundException (no such secret in eu-west-1)"
    )
    assert _read(wrong, "prod/twilio", AwsSettings(region="us-east-1")).current is not None
    fallback = aws_server.environ(AWS_REGION="", AWS_DEFAULT_REGION="us-east-1")
    assert _read(fallback, "prod/twilio").current is not None


def test_no_region_and_a_bad_endpoint_are_named(aws_server: MotoHandle) -> None:
    assert _error(aws_server.environ(AWS_REGION=""), "prod/twilio") == (
        "could not read aws-sm://prod/twilio: no AWS region (set AWS_REGION or [stores.aws] region)"
    )
    bad = aws_server.environ(AWS_ENDPOINT_URL_SECRETS_MANAGER="not a url")
    assert "invalid endpoint URL" in _error(bad, "prod/twilio")


def test_missing_secret(aws_server: MotoHandle) -> None:
    assert _error(aws_server.environ(), "prod/nope") == (
        "could not read aws-sm://prod/nope: ResourceNotFoundException (no such secret in us-east-1)"
    )


def test_unreachable_endpoint_fails_fast(aws_server: MotoHandle) -> None:
    started = time.monotonic()
    message = _error(aws_server.environ(AWS_ENDPOINT_URL_SECRETS_MANAGER=CLOSED), "prod/twilio")
    assert (
        message == "could not read aws-sm://prod/twilio: unreachable (endpoint http://127.0.0.1:1)"
    )
    assert time.monotonic() - started < 3


def test_no_credentials_even_if_the_process_has_some(
    aws_server: MotoHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_server.seed("prod/twilio", ["v"])
    for name, value in aws_server.environ().items():
        monkeypatch.setenv(name, value)  # the process could read it; the mapping cannot
    env = aws_server.environ(AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY="")
    assert _error(env, "prod/twilio") == "could not read aws-sm://prod/twilio: no AWS credentials"


def test_profile_from_the_environment_and_a_missing_profile(
    aws_server: MotoHandle, tmp_path: Any
) -> None:
    aws_server.seed("prod/twilio", ["v"])
    credentials = tmp_path / "credentials"
    credentials.write_text("[ops]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    env = aws_server.environ(
        AWS_ACCESS_KEY_ID="",
        AWS_SECRET_ACCESS_KEY="",
        AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_PROFILE="ops",
    )
    assert _read(env, "prod/twilio").current is not None
    assert _error(env, "prod/twilio", AwsSettings(profile="nope")) == (
        "could not read aws-sm://prod/twilio: no AWS profile named 'nope'"
    )


# -- access denied -------------------------------------------------------------------------


def test_iam_denials_from_moto(aws_server: MotoHandle) -> None:
    """moto enforces IAM for real, but answers in IAM's XML, which botocore cannot parse
    for a JSON service: the reader falls back to the HTTP status."""
    aws_server.seed("prod/twilio", ["v1", "v2"])
    lister = aws_server.iam_user("lister", ["secretsmanager:ListSecretVersionIds"])
    nobody = aws_server.iam_user("nobody", [])
    reader = aws_server.iam_user(
        "reader",
        ["secretsmanager:ListSecretVersionIds", "secretsmanager:GetSecretValue"],
    )
    with aws_server.enforce_iam():
        assert _error(lister, "prod/twilio") == (
            "could not read aws-sm://prod/twilio: HTTP 403 access denied (GetSecretValue)"
        )
        assert _error(nobody, "prod/twilio") == (
            "could not read aws-sm://prod/twilio: HTTP 403 access denied (ListSecretVersionIds)"
        )
        # DescribeSecret denied is not fatal: it only tells us about deletion.
        assert len(_read(reader, "prod/twilio").versions) == 2


class _AwsStub:
    """A loopback server speaking Secrets Manager's JSON protocol with canned answers.

    ``answers`` maps an operation (``GetSecretValue``) to a function of the request body
    returning (status, json body); it records every operation it was asked for.
    """

    def __init__(self, answers: dict[str, Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]]):
        self.answers = answers
        self.operations: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                operation = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
                stub.operations.append(operation)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                answer = stub.answers.get(operation)
                status, payload = answer(body) if answer else (400, _aws_error("UnknownOperation"))
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                if status >= 400:
                    self.send_header("x-amzn-ErrorType", payload["__type"])
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.endpoint,
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "AKIDSTUB",
            "AWS_SECRET_ACCESS_KEY": "stub",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        }

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _aws_error(code: str, message: str = "denied") -> dict[str, Any]:
    return {"__type": code, "message": message}


def _vid(i: int) -> str:
    return f"{i:08d}-0000-4000-8000-000000000000"


def _listing(*stages: list[str]) -> Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]:
    versions = [
        {"VersionId": _vid(i), "VersionStages": s, "CreatedDate": MAY.timestamp() + i * 86400}
        for i, s in enumerate(stages)
    ]
    return lambda _body: (200, {"ARN": "arn", "Name": "prod/twilio", "Versions": versions})


@pytest.fixture
def aws_stub() -> Iterator[Callable[..., _AwsStub]]:
    stubs: list[_AwsStub] = []

    def make(**answers: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]) -> _AwsStub:
        stubs.append(_AwsStub(answers))
        return stubs[-1]

    yield make
    for stub in stubs:
        stub.close()


def test_access_denied_in_aws_wire_shape(aws_stub: Callable[..., _AwsStub]) -> None:
    stub = aws_stub(ListSecretVersionIds=lambda _b: (400, _aws_error("AccessDeniedException")))
    assert _error(stub.env(), "prod/twilio") == (
        "could not read aws-sm://prod/twilio: AccessDeniedException (ListSecretVersionIds)"
    )


def test_one_denied_version_is_kept_as_unreadable(aws_stub: Callable[..., _AwsStub]) -> None:
    def get(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if body["VersionId"] == _vid(1):
            return 200, {
                "VersionId": _vid(1),
                "SecretString": "current",
                "CreatedDate": MAY.timestamp(),
            }
        return 400, _aws_error("AccessDeniedException")

    stub = aws_stub(
        ListSecretVersionIds=_listing(["AWSPREVIOUS"], ["AWSCURRENT"]),
        DescribeSecret=lambda _b: (200, {"Name": "prod/twilio"}),
        GetSecretValue=get,
    )
    current, previous = _read(stub.env(), "prod/twilio").versions
    assert current.payload is not None and current.payload.reveal() == "current"
    assert (previous.version, previous.payload, previous.state) == (_vid(0), None, "unreadable")
    assert previous.created == MAY and previous.labels == ("AWSPREVIOUS",)
    assert set(stub.operations) == {"ListSecretVersionIds", "DescribeSecret", "GetSecretValue"}


def test_decryption_failure(aws_stub: Callable[..., _AwsStub]) -> None:
    stub = aws_stub(
        ListSecretVersionIds=_listing(["AWSCURRENT"]),
        DescribeSecret=lambda _b: (400, _aws_error("AccessDeniedException")),
        GetSecretValue=lambda _b: (400, _aws_error("DecryptionFailure", "KMS said no")),
    )
    assert _error(stub.env(), "prod/twilio") == (
        "could not read aws-sm://prod/twilio: DecryptionFailure (GetSecretValue)"
    )


# -- the canary ------------------------------------------------------------------------------


def test_no_value_reaches_an_error_or_a_log(
    aws_server: MotoHandle,
    aws_stub: Callable[..., _AwsStub],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    canary = "canary" + "7e57c0ffee" * 3
    aws_server.seed("prod/twilio", [f"old-{canary}", ROTATION_JSON.replace(TOKEN, canary)])
    denied = aws_server.iam_user("lister", ["secretsmanager:ListSecretVersionIds"])
    echo = aws_stub(  # a server that echoes the value into its error messages
        ListSecretVersionIds=_listing(["AWSCURRENT"]),
        DescribeSecret=lambda _b: (400, _aws_error("AccessDeniedException", canary)),
        GetSecretValue=lambda _b: (400, _aws_error(f"Bad{canary[:20]}", canary)),
    )
    weird = aws_stub(ListSecretVersionIds=lambda _b: (400, _aws_error(canary, canary)))
    caplog.set_level(logging.DEBUG)
    for name, value in aws_server.environ().items():
        monkeypatch.setenv(name, value)

    secret = _read(aws_server.environ(), "prod/twilio")  # success, with debug logging on
    assert secret.current is not None and secret.current.payload is not None
    errors: list[StoreReadError] = []
    cases: list[tuple[dict[str, str], str]] = [
        (aws_server.environ(), "prod/missing"),
        (aws_server.environ(AWS_ENDPOINT_URL_SECRETS_MANAGER=CLOSED), "prod/twilio"),
        (aws_server.environ(AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY=""), "prod/twilio"),
        (echo.env(), "prod/twilio"),
        (weird.env(), "prod/twilio"),
    ]
    for env, name in cases:
        with pytest.raises(StoreReadError) as caught:
            _read(env, name)
        errors.append(caught.value)
    with aws_server.enforce_iam(), pytest.raises(StoreReadError) as caught:
        _read(denied, "prod/twilio")
    errors.append(caught.value)

    assert len(errors) == 6
    texts = [str(e) for e in errors] + ["".join(traceback.format_exception(e)) for e in errors]
    texts += [repr(secret), *(repr(v) for v in secret.versions)]
    texts += [r.getMessage() for r in caplog.records] + [caplog.text]
    assert caplog.records, "debug logging should have recorded the requests"
    for text in texts:
        assert canary not in text
        assert canary[6:26] not in text
    assert all(e.__cause__ is None and e.__context__ is None for e in errors)
