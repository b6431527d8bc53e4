"""A deployment whose prod Auth Token lives in AWS Secrets Manager, a secret file and an env
file, with the Twilio emulator holding the account: what every rotation test starts from.

Tokens are canaries from :class:`CredentialBook`; ``World.leaks`` says whether any token
the emulator ever held (old, secondary, promoted) appears in a text.
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
from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState
from sherlock.rotate.session import RotateRequest, rotate
from sherlock.rotate.steps import Hook
from tests.stores.moto_server import MotoHandle

BOOK = CredentialBook("rotate-tests")
SID = BOOK.sid("prod")
OLD = BOOK.value("token", "prod")
SECRET_NAME = "prod/twilio"
TOKEN_FILE = "secrets/twilio_auth_token"
ENV_FILE = "services/api/.env"

CONFIG = f"""
[environments.prod]
account = "{SID}"
stores = ["aws-sm://{SECRET_NAME}#authToken"]
rotate_files = ["{TOKEN_FILE}", "{ENV_FILE}#TWILIO_AUTH_TOKEN"]

[environments.prod.services.api]
sources = ["{ENV_FILE}"]
"""


@dataclass
class World:
    root: Path
    emulator: TwilioEmulator
    moto: MotoHandle
    environ: dict[str, str]
    seen: set[str] = field(default_factory=set)
    output: list[str] = field(default_factory=list)

    @property
    def account(self) -> Account:
        account = self.emulator.state.account(SID)
        assert account is not None
        return account

    def remember_tokens(self) -> None:
        """Every token the emulator holds now becomes a canary."""
        self.seen |= {t for t in (self.account.auth_token, self.account.secondary_token) if t}

    def request(self, **changes: object) -> RotateRequest:
        base = RotateRequest(
            root=self.root,
            environment="prod",
            config=load_config(self.root / "sherlock.toml"),
            store_environ=self.environ,
            twilio_base_url=self.emulator.base_url,
            timeout=5.0,
        )
        return replace(base, **changes)  # type: ignore[arg-type]

    def run(self, hook: Hook | None = None, **changes: object) -> None:
        def say(line: str) -> None:
            self.output.append(line)

        def watching(step: str) -> None:
            self.remember_tokens()
            if hook is not None:
                hook(step)

        try:
            asyncio.run(rotate(self.request(**changes), say, watching))
        finally:
            self.remember_tokens()

    # -- what consumers see ------------------------------------------------------------------

    def aws_token(self) -> str:
        value = self.moto.client().get_secret_value(SecretId=SECRET_NAME)["SecretString"]
        return str(json.loads(value)["authToken"])

    def file_token(self) -> str:
        return (self.root / TOKEN_FILE).read_text().strip()

    def env_token(self) -> str:
        for line in (self.root / ENV_FILE).read_text().splitlines():
            if line.startswith("TWILIO_AUTH_TOKEN="):
                return line.partition("=")[2]
        raise AssertionError("the env file lost its token line")

    def copies(self) -> dict[str, str]:
        return {"aws": self.aws_token(), "file": self.file_token(), "env": self.env_token()}

    def accepted(self, token: str) -> bool:
        """A consumer's probe: the account fetched with this token over real HTTP."""
        answer = httpx.get(
            f"{self.emulator.base_url}/2010-04-01/Accounts/{SID}.json",
            auth=(SID, token),
            headers={"Host": "api.twilio.com"},
            timeout=5.0,
        )
        return answer.status_code == 200

    def rejected_targets(self) -> list[str]:
        return [name for name, token in self.copies().items() if not self.accepted(token)]

    def leaks(self, text: str) -> list[str]:
        """Fingerprint-free check: no canary token, nor either half of one, in ``text``."""
        pieces = {p for t in self.seen for p in (t, t[:16], t[16:])}
        return [p[:4] + "…" for p in pieces if p in text]


def _write_tree(root: Path) -> None:
    (root / "sherlock.toml").write_text(CONFIG)
    (root / TOKEN_FILE).parent.mkdir(parents=True)
    (root / TOKEN_FILE).write_text(OLD + "\n")
    (root / ENV_FILE).parent.mkdir(parents=True)
    (root / ENV_FILE).write_text(
        f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={OLD}\nLOG_LEVEL=info\n"
    )


@pytest.fixture
def world(tmp_path: Path, aws_server: MotoHandle) -> Iterator[World]:
    """The seeded tree, moto secret and emulator account, all holding the old token."""
    _write_tree(tmp_path)
    aws_server.seed(SECRET_NAME, [json.dumps({"accountSid": SID, "authToken": OLD})])
    state = EmulatorState(accounts=[Account(sid=SID, auth_token=OLD)])
    with TwilioEmulator(state) as emulator:
        made = World(tmp_path, emulator, aws_server, aws_server.environ(), seen={OLD})
        yield made
