"""API key rotation: create a key, roll it out to AWS and an env file, verify, delete the old.

Killed after every step in turn and resumed; between every two steps both targets' pairs
are probed against the emulator and must be accepted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
import pytest

from sherlock.config.load import load_config
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock.rotate.errors import RotationError, RotationStopped
from sherlock.rotate.session import RotateRequest, rotate
from sherlock.rotate.steps import Hook
from sherlock.secrets import Secret
from tests.rotate.world import BOOK
from tests.stores.moto_server import MotoHandle

SID = BOOK.sid("keys")
TOKEN = BOOK.value("token", "keys")
OLD_KEY = BOOK.value("keysid", "keys")
OLD_SECRET = BOOK.value("keysecret", "keys")
ENV_FILE = "services/api/.env"
CONFIG = f"""
[environments.prod]
account = "{SID}"
stores = ["aws-sm://prod/twilio-key"]
rotate_files = ["{ENV_FILE}"]

[environments.prod.services.api]
sources = ["{ENV_FILE}"]
"""
STEPS = [
    "create-key",
    "write:aws-sm://prod/twilio-key",
    f"write:{ENV_FILE}",
    "verify-before-delete",
    "delete-old-key",
]


class Killed(BaseException):
    """Stands for SIGKILL."""


@dataclass
class KeyWorld:
    root: Path
    emulator: TwilioEmulator
    moto: MotoHandle
    output: list[str] = field(default_factory=list)

    def run(self, hook: Hook | None = None, **changes: object) -> None:
        request = RotateRequest(
            root=self.root,
            environment="prod",
            config=load_config(self.root / "sherlock.toml"),
            store_environ=self.moto.environ(),
            twilio_base_url=self.emulator.base_url,
            timeout=5.0,
            api_key=True,
            apply=True,
            admin_token=Secret(TOKEN),
        )
        request = replace(request, **changes)  # type: ignore[arg-type]
        asyncio.run(rotate(request, self.output.append, hook))

    def pairs(self) -> dict[str, tuple[str, str]]:
        stored = self.moto.client().get_secret_value(SecretId="prod/twilio-key")["SecretString"]
        data = json.loads(stored)
        lines = dict(line.split("=", 1) for line in (self.root / ENV_FILE).read_text().splitlines())
        return {
            "aws": (data["TWILIO_API_KEY"], data["TWILIO_API_SECRET"]),
            "env": (lines["TWILIO_API_KEY"], lines["TWILIO_API_SECRET"]),
        }

    def accepted(self, pair: tuple[str, str]) -> bool:
        answer = httpx.get(
            f"{self.emulator.base_url}/2010-04-01/Accounts/{SID}/Messages.json",
            auth=pair,
            headers={"Host": "api.twilio.com"},
            timeout=5.0,
        )
        return answer.status_code == 200

    def probe(self, step: str) -> None:
        rejected = [name for name, pair in self.pairs().items() if not self.accepted(pair)]
        assert rejected == [], f"after {step}: {rejected} rejected"

    def secrets_ever(self) -> set[str]:
        return {TOKEN, OLD_SECRET} | {k.secret for k in self.emulator.state.api_keys}


@pytest.fixture
def keys(tmp_path: Path, aws_server: MotoHandle) -> Iterator[KeyWorld]:
    (tmp_path / "sherlock.toml").write_text(CONFIG)
    (tmp_path / ENV_FILE).parent.mkdir(parents=True)
    (tmp_path / ENV_FILE).write_text(
        f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_API_KEY={OLD_KEY}\nTWILIO_API_SECRET={OLD_SECRET}\n"
    )
    payload = {"accountSid": SID, "TWILIO_API_KEY": OLD_KEY, "TWILIO_API_SECRET": OLD_SECRET}
    aws_server.seed("prod/twilio-key", [json.dumps(payload)])
    state = EmulatorState(
        accounts=[Account(sid=SID, auth_token=TOKEN)],
        api_keys=[ApiKey(sid=OLD_KEY, secret=OLD_SECRET, account_sid=SID)],
    )
    with TwilioEmulator(state) as emulator:
        yield KeyWorld(tmp_path, emulator, aws_server)


def _finished(keys: KeyWorld) -> None:
    pairs = set(keys.pairs().values())
    assert len(pairs) == 1
    (new,) = pairs
    assert new[0] != OLD_KEY and keys.accepted(new)
    assert not keys.accepted((OLD_KEY, OLD_SECRET))


def test_full_key_rotation_rolls_out_the_new_key_and_deletes_the_old(keys: KeyWorld) -> None:
    keys.run(keys.probe)
    _finished(keys)
    text = "\n".join(keys.output)
    journal = (keys.root / ".sherlock" / "rotation-prod-api-key.json").read_text()
    assert not [s for s in keys.secrets_ever() if s in text or s in journal]


@pytest.mark.parametrize("kill_at", STEPS)
def test_key_rotation_killed_after_a_step_resumes_with_no_failing_probe(
    keys: KeyWorld, kill_at: str
) -> None:
    def killing(step: str) -> None:
        keys.probe(step)
        if step == kill_at:
            raise Killed

    with pytest.raises(Killed):
        keys.run(killing)
    keys.probe("killed")
    keys.run(keys.probe, resume=True)
    _finished(keys)
    live = [k for k in keys.emulator.state.api_keys if not k.revoked]
    assert len(live) == 1  # a key lost to a kill was deleted, not left behind


def test_a_consumer_on_the_old_key_keeps_it_alive(keys: KeyWorld) -> None:
    worker = keys.root / "services" / "worker" / ".env"
    worker.parent.mkdir(parents=True)
    worker.write_text(
        f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_API_KEY={OLD_KEY}\nTWILIO_API_SECRET={OLD_SECRET}\n"
    )
    config = keys.root / "sherlock.toml"
    config.write_text(
        config.read_text()
        + '\n[environments.prod.services.worker]\nsources = ["services/worker/.env"]\n'
    )
    with pytest.raises(RotationStopped, match="still uses the old key") as stopped:
        keys.run()
    assert "old key: it still works" in str(stopped.value)
    assert keys.accepted((OLD_KEY, OLD_SECRET))


def test_key_rotation_without_an_admin_token_changes_nothing(keys: KeyWorld) -> None:
    with pytest.raises(RotationError, match="TWILIO_AUTH_TOKEN"):
        keys.run(admin_token=None)
    assert len(keys.emulator.state.api_keys) == 1


def test_a_target_without_a_key_pair_is_never_given_one(keys: KeyWorld) -> None:
    (keys.root / ENV_FILE).write_text(f"TWILIO_ACCOUNT_SID={SID}\n")
    with pytest.raises(RotationError, match="does not hold both"):
        keys.run()
    assert (keys.root / ENV_FILE).read_text() == f"TWILIO_ACCOUNT_SID={SID}\n"
    assert len(keys.emulator.state.api_keys) == 1


def test_cli_api_key_rotation_takes_the_admin_token_from_the_environment(
    keys: KeyWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from sherlock.cli.main import app

    for name, value in {**keys.moto.environ(), "TWILIO_AUTH_TOKEN": TOKEN}.items():
        monkeypatch.setenv(name, value)
    base = ["rotate", str(keys.root), "--env", "prod", "--api-key"]
    args = [*base, "--apply", "--twilio-base-url", keys.emulator.base_url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "Rotation complete" in result.stdout
    _finished(keys)
    shown = result.stdout + result.stderr
    assert not [s for s in keys.secrets_ever() if s in shown]
