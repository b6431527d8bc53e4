"""api-key-revoked is proven only when the key's own account, asked with its working auth
token, says it holds no such key (and no other account in the tree accepts it)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence

import pytest

from sherlock.models import Finding, FoundValue, Location, Outcome, Proof
from sherlock.providers.twilio.checking.common import probe_for
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks.api_key_revoked import check
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState, Fault
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification
from sherlock.secrets import Secret

MAIN_SID = "AC" + "6d" * 16
MAIN_TOKEN = "7e" * 16
SUB_SID = "AC" + "8f" * 16
SUB_TOKEN = "9a" * 16
REVOKED_KEY_SID = "SK" + "1b" * 16
REVOKED_KEY_SECRET = "Rv0kedKeySecretCanaryQ7w3Lx9Zt2M"
STANDARD_KEY_SID = "SK" + "2c" * 16
STANDARD_KEY_SECRET = "StdKeySecretCanaryPn4Hs8Kp1Mn6Yr"
CANARIES = (MAIN_TOKEN, SUB_TOKEN, REVOKED_KEY_SECRET, STANDARD_KEY_SECRET)


def state() -> EmulatorState:
    """Well-formed keys (32-character secrets), so only Twilio's verdict decides."""
    return EmulatorState(
        accounts=[
            Account(sid=MAIN_SID, auth_token=MAIN_TOKEN),
            Account(sid=SUB_SID, auth_token=SUB_TOKEN, parent_sid=MAIN_SID),
        ],
        api_keys=[
            ApiKey(sid=REVOKED_KEY_SID, secret=REVOKED_KEY_SECRET, account_sid=MAIN_SID),
            ApiKey(sid=STANDARD_KEY_SID, secret=STANDARD_KEY_SECRET, account_sid=MAIN_SID),
        ],
    )


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    current = state()
    current.api_keys[0].revoked = True
    with TwilioEmulator(current) as running:
        yield running


def found(field: Field, raw: str, path: str, line: int) -> FoundValue:
    return FoundValue(
        field=field,
        name=f"TWILIO_{field.value.upper()}",
        value=Secret(raw, identifier=field.is_identifier),
        location=Location(path, line),
        source_kind="dotenv",
        consumer="python-dotenv",
        scope=path,
        environment="prod",
        service=path.split("/")[0],
    )


def key_set(path: str, sid: str, key_sid: str, secret: str) -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment="prod",
        service=path.split("/")[0],
        account_sid=found(Field.ACCOUNT_SID, sid, path, 1),
        api_key_sid=found(Field.API_KEY_SID, key_sid, path, 2),
        api_key_secret=found(Field.API_KEY_SECRET, secret, path, 3),
    )


def token_set(path: str, sid: str, token: str, region: str | None = None) -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment="prod",
        service=path.split("/")[0],
        account_sid=found(Field.ACCOUNT_SID, sid, path, 1),
        auth_token=found(Field.AUTH_TOKEN, token, path, 2),
        region=found(Field.REGION, region, path, 3) if region else None,
    )


def diagnose_sets(
    emulator: TwilioEmulator,
    sets: Sequence[CredentialSet],
    *,
    offline: bool = False,
    results: dict[CredentialSet, TwilioVerification] | None = None,
    fault_after_verify: Fault | None = None,
) -> tuple[list[Finding], int]:
    """Verify every set like diagnose() does, then run the check; returns its lookups too."""

    async def go() -> list[Finding]:
        async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
            verdicts = dict(results or {})
            for cset in sets:
                if cset not in verdicts:
                    request = probe_for(cset)
                    assert request is not None
                    verdicts[cset] = await verifier.verify(request)
            if fault_after_verify is not None:
                emulator.add_fault(fault_after_verify)
            values = tuple(v for s in sets for v in s.values())
            probe = None if offline else verifier.verify
            return await check(CheckContext(tuple(sets), values, verdicts, probe))

    findings = asyncio.run(go())
    lookups = sum("/Keys/" in r.path for r in emulator.requests)
    return findings, lookups


def text(findings: list[Finding]) -> str:
    return " ".join(" ".join(f.evidence + f.fix) for f in findings)


def assert_no_secret(findings: list[Finding]) -> None:
    shown = text(findings)
    for secret in CANARIES:
        assert secret not in shown


def test_a_deleted_key_is_proven_by_the_accounts_own_lookup(emulator: TwilioEmulator) -> None:
    sets = [
        key_set("sms/.env", MAIN_SID, REVOKED_KEY_SID, REVOKED_KEY_SECRET),
        token_set("api/.env", MAIN_SID, MAIN_TOKEN),
    ]
    (finding,), lookups = diagnose_sets(emulator, sets)
    assert finding.proof is Proof.PROVEN
    assert [str(loc) for loc in finding.locations] == ["sms/.env:2"]
    assert any("holds no API key" in line and "404" in line for line in finding.evidence)
    assert lookups == 1
    assert_no_secret([finding])


def test_a_key_that_still_exists_has_a_wrong_secret_so_deletion_is_only_possible(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        key_set("sms/.env", MAIN_SID, STANDARD_KEY_SID, "W" * 32),
        token_set("api/.env", MAIN_SID, MAIN_TOKEN),
    ]
    (finding,), _ = diagnose_sets(emulator, sets)
    assert finding.proof is Proof.POSSIBLE
    assert any("still exists" in line for line in finding.evidence)


def test_offline_there_is_no_lookup_and_the_finding_stays_likely(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        key_set("sms/.env", MAIN_SID, REVOKED_KEY_SID, REVOKED_KEY_SECRET),
        token_set("api/.env", MAIN_SID, MAIN_TOKEN),
    ]
    (finding,), lookups = diagnose_sets(emulator, sets, offline=True)
    assert (finding.proof, lookups) == (Proof.LIKELY, 0)


def test_a_lookup_twilio_could_not_answer_leaves_it_likely(emulator: TwilioEmulator) -> None:
    sets = [
        key_set("sms/.env", MAIN_SID, REVOKED_KEY_SID, REVOKED_KEY_SECRET),
        token_set("api/.env", MAIN_SID, MAIN_TOKEN),
    ]
    fault = Fault(kind="500", username=MAIN_SID)
    (finding,), _ = diagnose_sets(emulator, sets, fault_after_verify=fault)
    assert finding.proof is Proof.LIKELY
    assert any("could not ask the account" in line for line in finding.evidence)


def test_a_working_token_of_another_region_is_not_asked(emulator: TwilioEmulator) -> None:
    key = key_set("sms/.env", MAIN_SID, REVOKED_KEY_SID, REVOKED_KEY_SECRET)
    elsewhere = token_set("api/.env", MAIN_SID, MAIN_TOKEN, region="ie1")
    results = {elsewhere: TwilioVerification(Outcome.VALID, http_status=200)}
    (finding,), lookups = diagnose_sets(emulator, [key, elsewhere], results=results)
    assert (finding.proof, lookups) == (Proof.LIKELY, 0)


def test_a_key_accepted_on_another_account_is_not_called_deleted(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        key_set("campaigns/.env", SUB_SID, STANDARD_KEY_SID, STANDARD_KEY_SECRET),
        token_set("billing/.env", SUB_SID, SUB_TOKEN),
        token_set("api/.env", MAIN_SID, MAIN_TOKEN),
    ]
    findings, lookups = diagnose_sets(emulator, sets)
    assert findings == []
    assert lookups == 1


MAIN_KEY_SID = "SK" + "3d" * 16
MAIN_KEY_SECRET = "MainKeySecretCanaryJ5k2Wq8Rt3Zs6"


@pytest.fixture
def keys_only() -> Iterator[TwilioEmulator]:
    """An account whose only credentials in the tree are API keys: a revoked one, a Main
    one and a Standard one."""
    current = state()
    current.api_keys[0].revoked = True
    current.api_keys.append(
        ApiKey(sid=MAIN_KEY_SID, secret=MAIN_KEY_SECRET, account_sid=MAIN_SID, type="main")
    )
    with TwilioEmulator(current) as running:
        yield running


def test_a_main_key_of_the_account_can_prove_the_deletion_without_an_auth_token(
    keys_only: TwilioEmulator,
) -> None:
    sets = [
        key_set("sms/.env", MAIN_SID, REVOKED_KEY_SID, REVOKED_KEY_SECRET),
        key_set("admin/.env", MAIN_SID, MAIN_KEY_SID, MAIN_KEY_SECRET),
    ]
    (finding,), lookups = diagnose_sets(keys_only, sets)
    assert finding.proof is Proof.PROVEN
    assert any("Main API key" in line and "holds no API key" in line for line in finding.evidence)
    assert lookups == 1
    assert_no_secret([finding])
    assert MAIN_KEY_SECRET not in text([finding])


def test_a_standard_key_cannot_read_keys_so_it_is_not_asked(keys_only: TwilioEmulator) -> None:
    sets = [
        key_set("sms/.env", MAIN_SID, REVOKED_KEY_SID, REVOKED_KEY_SECRET),
        key_set("reports/.env", MAIN_SID, STANDARD_KEY_SID, STANDARD_KEY_SECRET),
    ]
    (finding,), lookups = diagnose_sets(keys_only, sets)
    assert (finding.proof, lookups) == (Proof.LIKELY, 0)
