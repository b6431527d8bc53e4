"""The one place tests start moto: a real Secrets Manager (and IAM) over loopback HTTP.

Usage from a test module or a harness::

    from tests.stores.moto_server import aws_moto, aws_server  # fixtures, or:
    moto = start_moto()
    ids = moto.seed("prod/twilio", ["old", "new"])   # oldest first; last is AWSCURRENT
    reader = AwsSecretsManagerReader(AwsSettings(), moto.environ())
    ...
    moto.stop()

The server runs in this process (a thread), so one per pytest-xdist worker; ``reset()``
clears every secret and user between tests.

Seeding can pin each version's creation date, so tests and scenarios can tell a story like
"rotated on 3 May". moto stamps versions with ``time.time()`` at the moment of the write;
the helper briefly replaces that clock inside moto's Secrets Manager model (possible only
because the server is in-process) and checks that moto took the date.
"""

from __future__ import annotations

import json
import threading
import types
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any
from unittest import mock

import pytest

if TYPE_CHECKING:
    from moto.server import ThreadedMotoServer
    from mypy_boto3_secretsmanager import SecretsManagerClient

REGION = "us-east-1"
#: moto accepts any keys until IAM is enforced; these are the conventional fake ones.
ADMIN_KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

_clock_lock = threading.Lock()


class MotoHandle:
    """A running moto server and the few things tests do with it."""

    def __init__(self, server: ThreadedMotoServer) -> None:
        self._server = server
        host, port = server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.region = REGION
        self._clients: dict[str, Any] = {}

    # -- for the code under test -------------------------------------------------------------

    def environ(self, **overrides: str) -> dict[str, str]:
        """An environment for a reader: this endpoint, admin keys, nothing from the host.

        Config and credential files point at /dev/null and instance metadata is off, so a
        developer's ~/.aws never leaks in.
        """
        env = {
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.endpoint,
            "AWS_REGION": self.region,
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            **ADMIN_KEYS,
        }
        env.update(overrides)
        return {k: v for k, v in env.items() if v}

    # -- for the test itself -----------------------------------------------------------------

    def client(self, service: str = "secretsmanager") -> Any:
        """An admin client for seeding and inspecting (never handed to the code under test)."""
        if service not in self._clients:
            import boto3.session

            session = boto3.session.Session(
                aws_access_key_id=ADMIN_KEYS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=ADMIN_KEYS["AWS_SECRET_ACCESS_KEY"],
                region_name=self.region,
            )
            self._clients[service] = session.client(service, endpoint_url=self.endpoint)  # type: ignore[call-overload]
        return self._clients[service]

    def seed(
        self,
        name: str,
        values: Sequence[str | bytes],
        *,
        created: Sequence[datetime] | None = None,
    ) -> list[str]:
        """Create ``name`` with one version per value; returns VersionIds, oldest first.

        The last value is AWSCURRENT, the one before it AWSPREVIOUS, older ones deprecated.
        ``created`` (tz-aware, one per value) pins each version's CreatedDate.
        """
        if not values:
            raise ValueError("seed needs at least one value")
        if created is not None and len(created) != len(values):
            raise ValueError("created needs one date per value")
        dates: list[datetime | None] = list(created) if created else [None] * len(values)
        sm: SecretsManagerClient = self.client()
        ids = [self._write(sm, name, values[0], dates[0], create=True)]
        for value, when in zip(values[1:], dates[1:], strict=True):
            ids.append(self._write(sm, name, value, when))
        return ids

    def seed_pending(self, name: str, value: str, *, created: datetime | None = None) -> str:
        """Add an AWSPENDING version, as a rotation half-way through leaves it."""
        return self._write(self.client(), name, value, created, stages=["AWSPENDING"])

    def arn(self, name: str) -> str:
        return str(self.client().describe_secret(SecretId=name)["ARN"])

    def stages(self, name: str) -> dict[str, list[str]]:
        """VersionId → stages, as the store holds them now (to prove a read wrote nothing)."""
        sm = self.client()
        listed = sm.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)
        return {v["VersionId"]: sorted(v.get("VersionStages", [])) for v in listed["Versions"]}

    def iam_user(self, name: str, actions: Sequence[str]) -> dict[str, str]:
        """An IAM user allowed only ``actions``; returns a reader environment with its keys."""
        iam = self.client("iam")
        iam.create_user(UserName=name)
        if actions:
            policy = {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}],
            }
            iam.put_user_policy(
                UserName=name, PolicyName=f"{name}-policy", PolicyDocument=json.dumps(policy)
            )
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return self.environ(
            AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"]
        )

    @contextmanager
    def enforce_iam(self) -> Iterator[None]:
        """Inside the block every request is signed and checked against IAM, as AWS does.

        Seed and create users before entering: the admin keys are not IAM users.
        """
        self._post("/moto-api/reset-auth", b"0")
        try:
            yield
        finally:
            self._post("/moto-api/reset-auth", b"inf")

    def reset(self) -> None:
        """Forget every secret, user and key; turn IAM enforcement off."""
        self._post("/moto-api/reset-auth", b"inf")
        self._post("/moto-api/reset", b"")

    def stop(self) -> None:
        self._server.stop()

    # -- internals ---------------------------------------------------------------------------

    def _write(
        self,
        sm: SecretsManagerClient,
        name: str,
        value: str | bytes,
        when: datetime | None,
        *,
        create: bool = False,
        stages: list[str] | None = None,
    ) -> str:
        payload: dict[str, Any] = (
            {"SecretBinary": value} if isinstance(value, bytes) else {"SecretString": value}
        )
        with _moto_clock(when):
            if create:
                answer: Any = sm.create_secret(Name=name, **payload)
            elif stages:
                answer = sm.put_secret_value(SecretId=name, VersionStages=stages, **payload)
            else:
                answer = sm.put_secret_value(SecretId=name, **payload)
        version_id = str(answer["VersionId"])
        if when is not None:
            got = sm.get_secret_value(SecretId=name, VersionId=version_id)["CreatedDate"]
            if int(got.timestamp()) != int(when.timestamp()):
                raise RuntimeError("moto ignored the pinned creation date; update _moto_clock")
        return version_id

    def _post(self, path: str, body: bytes) -> None:
        request = urllib.request.Request(
            self.endpoint + path, data=body, method="POST", headers={"Content-Type": "text/plain"}
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=5) as answer:
            answer.read()


@contextmanager
def _moto_clock(when: datetime | None) -> Iterator[None]:
    if when is None:
        yield
        return
    import moto.secretsmanager.models as secrets_model

    if when.tzinfo is None:
        raise ValueError("created dates must be timezone-aware")
    clock = types.SimpleNamespace(time=lambda: when.timestamp())
    with _clock_lock, mock.patch.object(secrets_model, "time", clock):
        yield


def start_moto() -> MotoHandle:
    """Start moto on a free loopback port (about 0.3 s); call ``stop()`` when done."""
    from moto.server import ThreadedMotoServer  # imported here: moto is slow to import

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    return MotoHandle(server)


@pytest.fixture(scope="session")
def aws_moto() -> Iterator[MotoHandle]:
    """One moto server per test process (each xdist worker has its own)."""
    handle = start_moto()
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def aws_server(aws_moto: MotoHandle) -> MotoHandle:
    """The shared moto server, emptied for this test."""
    aws_moto.reset()
    return aws_moto


@pytest.fixture
def aws_endpoint(aws_server: MotoHandle) -> str:
    """The URL of an empty moto server, for tests that only need somewhere to point boto3."""
    return aws_server.endpoint
