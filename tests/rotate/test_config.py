"""The rotation's config: rotate_files must stay inside the config's directory, and a store
the rotation cannot write yet is planned but refused before any change."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.config.load import load_config
from sherlock.errors import InputError
from sherlock.rotate.errors import RotationError
from tests.rotate.world import OLD, World

SID = "AC" + "6" * 32


@pytest.mark.parametrize(
    "entry", ["/etc/twilio_token", "../outside/token", "a/../../b#VAR", "#VAR"]
)
def test_rotate_files_outside_the_config_directory_are_refused(tmp_path: Path, entry: str) -> None:
    config = tmp_path / "sherlock.toml"
    config.write_text(f'[environments.prod]\naccount = "{SID}"\nrotate_files = ["{entry}"]\n')
    with pytest.raises(InputError, match="rotate_files"):
        load_config(config)


def test_rotate_files_inside_the_tree_are_accepted(tmp_path: Path) -> None:
    config = tmp_path / "sherlock.toml"
    config.write_text(
        f'[environments.prod]\naccount = "{SID}"\nrotate_files = ["secrets/token", "a/.env#V"]\n'
    )
    env = load_config(config).config.environments["prod"]
    assert env.rotate_files == ["secrets/token", "a/.env#V"]


def _point_aws_at(world: World, endpoint: str) -> None:
    config = world.root / "sherlock.toml"
    config.write_text(config.read_text() + f'\n[stores.aws]\nendpoint_url = "{endpoint}"\n')


def test_an_in_tree_config_may_not_move_a_store_the_rotation_writes(world: World) -> None:
    _point_aws_at(world, "http://127.0.0.1:9")  # e.g. a listener planted by the tree's author
    with pytest.raises(RotationError, match="--trust-config") as refused:
        world.run(apply=True)
    assert "stores.aws" in str(refused.value)
    assert world.account.secondary_token is None
    assert set(world.copies().values()) == {OLD}


def test_a_trusted_in_tree_config_may_name_the_store_endpoint(world: World) -> None:
    _point_aws_at(world, world.moto.endpoint)
    world.environ = {k: v for k, v in world.environ.items() if "ENDPOINT" not in k}
    world.run(apply=True, trust_config=True)
    assert set(world.copies().values()) == {world.account.auth_token} != {OLD}
