"""The rotation's Twilio calls: where they may go, and what a failure says."""

from __future__ import annotations

import asyncio

import pytest

from sherlock.errors import UnsafeDestinationError
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState, Fault
from sherlock.providers.twilio.hosts import check_destination
from sherlock.rotate.admin import TwilioAdmin
from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret

SID = "AC" + "4" * 32
TOKEN = "c0ffee" + "5" * 26


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://accounts.twilio.com/v1/AuthTokens/Promote", True),
        ("https://iam.twilio.com/v1/Keys", True),
        ("http://accounts.twilio.com/v1/AuthTokens/Promote", False),
        ("https://accounts.twilio.com.evil.example/v1/AuthTokens/Promote", False),
    ],
)
def test_rotation_hosts_are_reachable_only_over_https_on_twilio(url: str, allowed: bool) -> None:
    if allowed:
        check_destination(url, base_url=None)
    else:
        with pytest.raises(UnsafeDestinationError):
            check_destination(url, base_url=None)


def test_an_admin_pointed_off_loopback_is_refused() -> None:
    with pytest.raises(UnsafeDestinationError):
        TwilioAdmin(base_url="http://10.0.0.1:8080")


def _create(emulator: TwilioEmulator, token: str) -> Secret:
    async def go() -> Secret:
        async with TwilioAdmin(base_url=emulator.base_url, timeout=2.0) as admin:
            return await admin.create_secondary(SID, Secret(token))

    return asyncio.run(go())


@pytest.fixture
def emulator() -> TwilioEmulator:
    running = TwilioEmulator(EmulatorState(accounts=[Account(sid=SID, auth_token=TOKEN)]))
    running.start()
    return running


def test_a_dropped_connection_is_could_not_reach_never_a_bad_token(
    emulator: TwilioEmulator,
) -> None:
    emulator.add_fault(Fault(kind="reset"))
    try:
        with pytest.raises(RotationError) as failed:
            _create(emulator, TOKEN)
    finally:
        emulator.stop()
    message = str(failed.value)
    assert "could not reach Twilio" in message and TOKEN not in message
    assert SID not in message


def test_a_wrong_token_is_refused_with_twilios_code_and_no_value(
    emulator: TwilioEmulator,
) -> None:
    wrong = "d" * 32
    try:
        with pytest.raises(RotationError) as failed:
            _create(emulator, wrong)
    finally:
        emulator.stop()
    assert "HTTP 401 (Twilio 20003)" in str(failed.value)
    assert wrong not in str(failed.value)


def test_the_secondary_token_comes_back_wrapped(emulator: TwilioEmulator) -> None:
    try:
        secondary = _create(emulator, TOKEN)
    finally:
        emulator.stop()
    assert secondary.reveal() == emulator.state.accounts[0].secondary_token
    assert secondary.reveal() not in repr(secondary)
