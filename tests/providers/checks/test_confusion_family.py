"""The confusion family: a value well formed for another slot is re-read as what it is.

An SK… SID in the Account SID field with its key secret, an auth token in the API secret
field, an MG…/PN… SID in the username, two fields swapped: each is sid-key-confusion,
proven by the re-reading Twilio accepts, and never "malformed".
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from sherlock.models import Outcome, Proof
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks import malformed_credential as malformed
from sherlock.providers.twilio.checks import sid_key_confusion
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState, Fault
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification
from tests.providers.checks.live import (
    assert_no_secret,
    found,
    key_set,
    run_checks,
    token_set,
)

SID = "AC" + "4e" * 16
TOKEN = "5f" * 16
KEY_SID = "SK" + "6a" * 16
KEY_SECRET = "Cnfu5dKeySecretCanaryR8t2Vb7Nq4W"
CANARIES = (TOKEN, KEY_SECRET)
CHECKS = (sid_key_confusion.check, malformed.check)


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    state = EmulatorState(
        accounts=[Account(sid=SID, auth_token=TOKEN)],
        api_keys=[ApiKey(sid=KEY_SID, secret=KEY_SECRET, account_sid=SID)],
    )
    with TwilioEmulator(state) as running:
        yield running


def pair(path: str, sid_slot: str, token_slot: str) -> CredentialSet:
    return token_set(path, sid_slot, token_slot)


def test_an_sk_sid_with_its_secret_in_the_token_pair_is_read_as_an_api_key(
    emulator: TwilioEmulator,
) -> None:
    sets = [pair("checkout/.env", KEY_SID, KEY_SECRET), pair("notify/.env", SID, TOKEN)]
    checked = run_checks(emulator, sets, CHECKS)
    (finding,) = checked.findings
    assert finding.cause_id == "sid-key-confusion"
    assert finding.proof is Proof.PROVEN
    assert any("read as an API key" in line and "accepted" in line for line in finding.evidence)
    assert_no_secret(checked, *CANARIES)


def test_an_sk_sid_whose_re_reading_fails_is_still_shown_a_key_by_the_accounts_lookup(
    emulator: TwilioEmulator,
) -> None:
    wrong_secret = "Wr0ngSecretCanaryForTheKeyZ9x8Y7"
    sets = [pair("checkout/.env", KEY_SID, wrong_secret), pair("notify/.env", SID, TOKEN)]
    checked = run_checks(emulator, sets, CHECKS)
    (finding,) = checked.of("sid-key-confusion")
    assert finding.proof is Proof.PROVEN
    assert any("holds the API key" in line for line in finding.evidence)
    assert checked.of("malformed-credential") == []
    assert_no_secret(checked, *CANARIES, wrong_secret)


def test_an_auth_token_in_the_api_secret_field_is_proven_by_pairing_it_with_the_account(
    emulator: TwilioEmulator,
) -> None:
    checked = run_checks(emulator, [key_set("reports/.env", SID, KEY_SID, TOKEN)], CHECKS)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("sid-key-confusion", Proof.PROVEN)
    assert [str(loc) for loc in finding.locations] == ["reports/.env:3"]
    assert any("read as the auth token" in line for line in finding.evidence)
    assert_no_secret(checked, *CANARIES)


def test_a_key_sid_paired_with_the_auth_token_is_proven_by_using_the_token_as_such(
    emulator: TwilioEmulator,
) -> None:
    cset = CredentialSet(
        scope="jobs/.env",
        environment="prod",
        service="jobs",
        account_sid=found(Field.ACCOUNT_SID, SID, "jobs/.env", 1),
        api_key_sid=found(Field.API_KEY_SID, KEY_SID, "jobs/.env", 2),
        auth_token=found(Field.AUTH_TOKEN, TOKEN, "jobs/.env", 3),
    )
    skipped = {cset: TwilioVerification(Outcome.SKIPPED, reason="no key secret; not probed")}
    checked = run_checks(emulator, [cset], CHECKS, results=skipped)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("sid-key-confusion", Proof.PROVEN)
    assert any("instead of the key's secret" in line for line in finding.evidence)
    assert_no_secret(checked, *CANARIES)


def test_a_rejected_key_pair_with_nothing_misplaced_is_not_called_confusion(
    emulator: TwilioEmulator,
) -> None:
    stale = "0123456789abcdef0123456789abcdef"
    checked = run_checks(emulator, [key_set("reports/.env", SID, KEY_SID, stale)], CHECKS)
    assert checked.findings == []


def test_a_key_sid_and_secret_swapped_are_proven_by_swapping_them_back(
    emulator: TwilioEmulator,
) -> None:
    checked = run_checks(emulator, [key_set("sync/.envrc", SID, KEY_SECRET, KEY_SID)], CHECKS)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("sid-key-confusion", Proof.PROVEN)
    assert any("swapped" in line for line in finding.evidence)
    assert_no_secret(checked, *CANARIES)


@pytest.mark.parametrize(
    ("prefix", "named"),
    [("MG", "messaging service"), ("PN", "phone number"), ("AP", "TwiML app")],
)
def test_another_kind_of_sid_in_the_username_is_named_and_proven_with_the_trees_account(
    emulator: TwilioEmulator, prefix: str, named: str
) -> None:
    other = prefix + "7b" * 16
    sets = [pair("campaigns/.env", other, TOKEN), pair("inbound/.env", SID, TOKEN)]
    checked = run_checks(emulator, sets, CHECKS)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("sid-key-confusion", Proof.PROVEN)
    assert any(named in line for line in finding.evidence)


def test_a_network_fault_on_the_re_reading_leaves_the_confusion_likely_not_disproven(
    emulator: TwilioEmulator,
) -> None:
    sets = [pair("checkout/.env", KEY_SID, KEY_SECRET), pair("notify/.env", SID, TOKEN)]
    checked = run_checks(emulator, sets, CHECKS, fault_after_verify=Fault(kind="reset"))
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("sid-key-confusion", Proof.LIKELY)
    assert not any("accepted" in line for line in finding.evidence)


OTHER_SLOT = [
    pytest.param(Field.AUTH_TOKEN, KEY_SECRET, id="key-secret-in-token-field"),
    pytest.param(Field.ACCOUNT_SID, KEY_SID, id="key-sid-in-account-field"),
    pytest.param(Field.ACCOUNT_SID, "MG" + "1c" * 16, id="messaging-sid-in-account-field"),
    pytest.param(Field.ACCOUNT_SID, TOKEN, id="token-in-account-field"),
    pytest.param(Field.ACCOUNT_SID, KEY_SECRET, id="key-secret-in-account-field"),
    pytest.param(Field.API_KEY_SID, KEY_SECRET, id="key-secret-in-key-sid-field"),
    pytest.param(Field.API_KEY_SID, TOKEN, id="token-in-key-sid-field"),
    pytest.param(Field.API_KEY_SECRET, KEY_SID, id="key-sid-in-secret-field"),
    pytest.param(Field.AUTH_TOKEN, SID, id="account-sid-in-token-field"),
]


def offline(value_field: Field, raw: str) -> CheckContext:
    value = found(value_field, raw, "svc/.env", 4)
    cset = CredentialSet(
        scope="svc/.env",
        environment="prod",
        service="svc",
        account_sid=value if value_field is Field.ACCOUNT_SID else None,
        auth_token=value if value_field is Field.AUTH_TOKEN else None,
        api_key_sid=value if value_field is Field.API_KEY_SID else None,
        api_key_secret=value if value_field is Field.API_KEY_SECRET else None,
    )
    results = {cset: TwilioVerification(Outcome.SKIPPED, reason="offline")}
    return CheckContext((cset,), (value,), results)


@pytest.mark.parametrize(("slot", "raw"), OTHER_SLOT)
def test_a_value_well_formed_for_another_slot_is_never_called_malformed(
    slot: Field, raw: str
) -> None:
    ctx = offline(slot, raw)
    assert asyncio.run(malformed.check(ctx)) == []
    confusion = asyncio.run(sid_key_confusion.check(ctx))
    assert [f.cause_id for f in confusion] == ["sid-key-confusion"]


@pytest.mark.parametrize(
    ("slot", "raw"),
    [
        pytest.param(Field.AUTH_TOKEN, TOKEN[:31], id="truncated-token"),
        pytest.param(Field.AUTH_TOKEN, "your_auth_token", id="placeholder"),
        pytest.param(Field.AUTH_TOKEN, "changemechangemechangemechangeme", id="long-placeholder"),
        pytest.param(Field.ACCOUNT_SID, SID[:20], id="truncated-sid"),
    ],
)
def test_a_value_no_slot_could_take_is_still_malformed(slot: Field, raw: str) -> None:
    (finding,) = asyncio.run(malformed.check(offline(slot, raw)))
    assert finding.cause_id == "malformed-credential"
