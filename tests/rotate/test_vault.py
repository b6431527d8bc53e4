"""Rotation with a Vault KV v2 target (the Vault emulator, real hvac) beside AWS and files."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from sherlock.rotate.errors import RotationStopped
from sherlock_testing.emulators.vault import VaultEmulator
from tests.rotate.world import OLD, SID, World

VAULT_TOKEN = "hvs.rotation-writer"  # a Vault token, not a Twilio secret
URI = "vault://secret/prod/twilio#authToken"


class Killed(BaseException):
    """Stands for SIGKILL."""


@pytest.fixture
def vault(world: World) -> Iterator[VaultEmulator]:
    server = VaultEmulator()
    server.start()
    server.put("secret", "prod/twilio", {"accountSid": SID, "authToken": OLD})
    server.add_token(VAULT_TOKEN, "*")
    config = world.root / "sherlock.toml"
    text = config.read_text().replace('stores = ["', f'stores = ["{URI}", "', 1)
    config.write_text(text)
    world.environ = {**world.environ, "VAULT_ADDR": server.base_url, "VAULT_TOKEN": VAULT_TOKEN}
    try:
        yield server
    finally:
        server.stop()


def _vault_data(world: World) -> dict[str, str]:
    from sherlock.config.schema import VaultSettings
    from sherlock.stores.base import StoreRef
    from sherlock.stores.vault import VaultKvReader

    secret = VaultKvReader(VaultSettings(), world.environ).read(
        StoreRef("vault", "secret/prod/twilio")
    )
    current = secret.current
    assert current is not None and current.payload is not None
    return dict(json.loads(current.payload.reveal()))


def test_vault_gets_a_new_version_with_the_sid_kept(world: World, vault: VaultEmulator) -> None:
    world.run(apply=True)
    data = _vault_data(world)
    assert data == {"accountSid": SID, "authToken": world.account.auth_token}
    assert world.account.auth_token != OLD
    assert world.leaks("\n".join(world.output)) == []


def test_killed_after_the_vault_write_resumes_without_a_failing_probe(
    world: World, vault: VaultEmulator
) -> None:
    def probe_and_kill(step: str) -> None:
        assert world.accepted(_vault_data(world)["authToken"])
        assert world.rejected_targets() == []
        if step == f"write:{URI}":
            raise Killed

    with pytest.raises(Killed):
        world.run(probe_and_kill, apply=True)
    world.run(lambda step: None, apply=True, resume=True)
    assert _vault_data(world)["authToken"] == world.account.auth_token != OLD


def test_a_vault_token_without_write_access_stops_before_promotion(
    world: World, vault: VaultEmulator
) -> None:
    vault.add_token("hvs.reader", "*", capabilities=["read", "list"])
    world.environ = {**world.environ, "VAULT_TOKEN": "hvs.reader"}
    with pytest.raises(RotationStopped, match=r"could not write vault://secret/prod/twilio"):
        world.run(apply=True)
    assert world.account.auth_token == OLD and world.accepted(OLD)
    assert _vault_data(world)["authToken"] == OLD
