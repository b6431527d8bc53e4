"""Rotation with a GCP Secret Manager target (the GCP emulator, the official client over
REST): the new token is added as a new version, the SID kept, every moment probed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from sherlock.rotate.errors import RotationStopped
from sherlock_testing.emulators.gcp_secret_manager import GcpSecretManagerEmulator
from tests.rotate.world import OLD, SID, World

URI = "gcp-sm://projects/acme/secrets/twilio#authToken"


class Killed(BaseException):
    """Stands for SIGKILL."""


@pytest.fixture
def gcp(world: World) -> Iterator[GcpSecretManagerEmulator]:
    from sherlock.stores.fetch import GCP_ENDPOINT_VARIABLE

    server = GcpSecretManagerEmulator()
    server.start()
    server.add_version("acme", "twilio", json.dumps({"accountSid": SID, "authToken": OLD}))
    config = world.root / "sherlock.toml"
    text = config.read_text().replace('stores = ["', f'stores = ["{URI}", "', 1)
    config.write_text(text)
    world.environ = {**world.environ, GCP_ENDPOINT_VARIABLE: server.base_url}
    try:
        yield server
    finally:
        server.stop()


def _gcp_data(world: World) -> dict[str, str]:
    from sherlock.config.schema import StoresSettings
    from sherlock.stores.base import StoreRef
    from sherlock.stores.fetch import make_reader

    reader = make_reader("gcp-sm", StoresSettings(), world.environ)
    secret = reader.read(StoreRef("gcp-sm", "projects/acme/secrets/twilio"))
    current = secret.current
    assert current is not None and current.payload is not None
    return dict(json.loads(current.payload.reveal()))


def test_gcp_gets_a_new_version_with_the_sid_kept(
    world: World, gcp: GcpSecretManagerEmulator
) -> None:
    world.run(apply=True)
    assert _gcp_data(world) == {"accountSid": SID, "authToken": world.account.auth_token}
    assert world.account.auth_token != OLD
    assert [r.method for r in gcp.requests].count("POST") == 1
    assert world.leaks("\n".join(world.output)) == []


def test_killed_after_the_gcp_write_resumes_without_a_failing_probe(
    world: World, gcp: GcpSecretManagerEmulator
) -> None:
    def probe_and_kill(step: str) -> None:
        assert world.accepted(_gcp_data(world)["authToken"])
        assert world.rejected_targets() == []
        if step == f"write:{URI}":
            raise Killed

    with pytest.raises(Killed):
        world.run(probe_and_kill, apply=True)
    world.run(lambda step: None, apply=True, resume=True)
    assert _gcp_data(world)["authToken"] == world.account.auth_token != OLD
    assert [r.method for r in gcp.requests].count("POST") == 1  # the resume wrote nothing twice


def test_a_denied_gcp_write_stops_before_promotion(
    world: World, gcp: GcpSecretManagerEmulator
) -> None:
    gcp.deny("acme", "twilio", "secretmanager.versions.add")
    with pytest.raises(
        RotationStopped, match=r"could not write gcp-sm://projects/acme/secrets/twilio"
    ):
        world.run(apply=True)
    assert world.account.auth_token == OLD and world.accepted(OLD)
    assert _gcp_data(world)["authToken"] == OLD
