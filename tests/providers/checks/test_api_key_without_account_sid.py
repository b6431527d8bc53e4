"""api-key-without-account-sid: code that builds the client from a key and secret alone.

The readings say which names feed the account slot; the check resolves them to the tree's
values and, live, proves the cause by the key being accepted with the tree's Account SID.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from sherlock.collect.readings import CodeReading
from sherlock.models import Finding, FoundValue, Location, Proof
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks.api_key_without_account_sid import check
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock.providers.twilio.records import Field
from tests.providers.checks.live import found

SID = "AC" + "3e" * 16
TOKEN = "4f" * 16
KEY_SID = "SK" + "5a" * 16
KEY_SECRET = "KeyOnlyCanarySecretQ7w3Lx9Zt2Mp"
OTHER_SID = "AC" + "6b" * 16
CALL_SITE = Location("notify/app.py", 11)


def _reading(slot: str, name: str, where: Location = CALL_SITE) -> CodeReading:
    return CodeReading(slot, name, "notify", "prod", where, "twilio-python")


def _values(*extra: FoundValue) -> tuple[FoundValue, ...]:
    return (
        found(Field.ACCOUNT_SID, SID, "notify/.env", 1, name="TWILIO_ACCOUNT_SID"),
        found(Field.API_KEY_SID, KEY_SID, "notify/.env", 2, name="TWILIO_API_KEY"),
        found(Field.API_KEY_SECRET, KEY_SECRET, "notify/.env", 3, name="TWILIO_API_SECRET"),
        *extra,
    )


KEY_ONLY = (_reading("account_sid", "TWILIO_API_KEY"), _reading("auth_token", "TWILIO_API_SECRET"))


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    state = EmulatorState(
        accounts=[Account(sid=SID, auth_token=TOKEN)],
        api_keys=[ApiKey(sid=KEY_SID, secret=KEY_SECRET, account_sid=SID)],
    )
    with TwilioEmulator(state) as running:
        yield running


def _run(
    readings: tuple[CodeReading, ...],
    values: tuple[FoundValue, ...],
    emulator: TwilioEmulator | None,
) -> list[Finding]:
    async def go() -> list[Finding]:
        if emulator is None:
            return await check(CheckContext((), values, {}, None, readings=readings))
        async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
            ctx = CheckContext((), values, {}, verifier.verify, readings=readings)
            return await check(ctx)

    return asyncio.run(go())


def _shown(findings: list[Finding]) -> str:
    return " ".join(" ".join(f.evidence + f.fix) for f in findings)


def test_key_read_into_the_account_slot_is_proven_when_the_tree_sid_makes_it_work(
    emulator: TwilioEmulator,
) -> None:
    findings = _run(KEY_ONLY, _values(), emulator)
    assert [(f.cause_id, f.proof) for f in findings] == [
        ("api-key-without-account-sid", Proof.PROVEN)
    ]
    assert findings[0].locations == (CALL_SITE,)
    assert "accepted" in _shown(findings)
    assert "Client(api_key, api_secret, account_sid)" in _shown(findings)
    assert KEY_SECRET not in _shown(findings) and KEY_SECRET[:10] not in _shown(findings)
    assert TOKEN not in _shown(findings)


def test_the_counter_test_sends_the_account_sid_in_the_path_and_the_key_as_user(
    emulator: TwilioEmulator,
) -> None:
    _run(KEY_ONLY, _values(), emulator)
    paths = [r.path for r in emulator.requests]
    assert any(f"/Accounts/{SID}/" in p for p in paths)
    assert not any(f"/Accounts/{KEY_SID}" in p for p in paths)


def test_a_client_given_the_account_sid_is_not_reported(emulator: TwilioEmulator) -> None:
    readings = (
        _reading("api_key_sid", "TWILIO_API_KEY"),
        _reading("api_key_secret", "TWILIO_API_SECRET"),
        _reading("account_sid", "TWILIO_ACCOUNT_SID"),
    )
    assert _run(readings, _values(), emulator) == []


def test_an_account_sid_read_into_the_account_slot_is_not_reported(
    emulator: TwilioEmulator,
) -> None:
    readings = (
        _reading("account_sid", "TWILIO_ACCOUNT_SID"),
        _reading("auth_token", "TWILIO_AUTH_TOKEN"),
    )
    values = _values(found(Field.AUTH_TOKEN, TOKEN, "notify/.env", 4, name="TWILIO_AUTH_TOKEN"))
    assert _run(readings, values, emulator) == []


def test_offline_the_key_in_the_account_slot_is_likely() -> None:
    findings = _run(KEY_ONLY, _values(), None)
    assert [(f.cause_id, f.proof) for f in findings] == [
        ("api-key-without-account-sid", Proof.LIKELY)
    ]
    assert "offline" in _shown(findings)


def test_without_the_secret_in_the_tree_it_stays_likely_and_sends_nothing(
    emulator: TwilioEmulator,
) -> None:
    values = _values()[:2]
    findings = _run(KEY_ONLY, values, emulator)
    assert [f.proof for f in findings] == [Proof.LIKELY]
    assert len(emulator.requests) == 0


def test_a_tree_sid_the_key_does_not_belong_to_leaves_it_likely(
    emulator: TwilioEmulator,
) -> None:
    values = (
        found(Field.ACCOUNT_SID, OTHER_SID, "notify/.env", 1, name="TWILIO_ACCOUNT_SID"),
        *_values()[1:],
    )
    findings = _run(KEY_ONLY, values, emulator)
    assert [f.proof for f in findings] == [Proof.LIKELY]


def test_the_emulator_answers_a_key_sid_in_the_account_slot_as_twilio_does(
    emulator: TwilioEmulator,
) -> None:
    url = f"{emulator.base_url}/2010-04-01/Accounts/{KEY_SID}/Messages.json"
    reply = httpx.get(url, auth=(KEY_SID, KEY_SECRET), headers={"Host": "api.twilio.com"})
    assert reply.status_code == 401
    assert reply.json()["code"] == 20003
    right = f"{emulator.base_url}/2010-04-01/Accounts/{SID}/Messages.json"
    assert httpx.get(right, auth=(KEY_SID, KEY_SECRET)).status_code == 200
