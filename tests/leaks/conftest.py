"""Shared pieces of the leak harness: one Twilio emulator knowing every canary account, one
Slack Web API emulator, and each form's tree written once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock_testing.emulators.slack_api import SlackApiEmulator
from tests.leaks.canaries import make_canary
from tests.leaks.forms import FORMS, Form, Planted


def emulator_state() -> EmulatorState:
    """Each form's canary is a live credential, so the live checks run their probes."""
    accounts: list[Account] = []
    keys: list[ApiKey] = []
    for form in FORMS:
        canary = form.canary
        if form.kind == "token":
            accounts.append(Account(sid=canary.user, auth_token=canary.secret))
            continue
        owner = make_canary(form.name + "-account")
        accounts.append(Account(sid=owner.user, auth_token=owner.secret))
        keys.append(ApiKey(sid=canary.user, secret=canary.secret, account_sid=owner.user))
    return EmulatorState(accounts=accounts, api_keys=keys)


@pytest.fixture(scope="session")
def leak_twilio() -> Iterator[TwilioEmulator]:
    with TwilioEmulator(emulator_state()) as emulator:
        yield emulator


@pytest.fixture(scope="session")
def leak_slack() -> Iterator[SlackApiEmulator]:
    with SlackApiEmulator() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def planted_trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Planted]]:
    """Form name → (its tree, what was planted), written on first use."""
    return _Trees(tmp_path_factory.mktemp("leak-trees"))


class _Trees(dict[str, tuple[Path, Planted]]):
    def __init__(self, base: Path) -> None:
        super().__init__()
        self._base = base

    def __missing__(self, name: str) -> tuple[Path, Planted]:
        form: Form = next(f for f in FORMS if f.name == name)
        tree = self._base / name
        planted = form.write(tree)
        self[name] = (tree, planted)
        return tree, planted
