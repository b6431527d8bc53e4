"""Cross-environment reasoning by proof: a rejected secret is tried on the other accounts.

A prod token sitting in staging is proven prod's by Twilio accepting it on prod's Account
SID, even when prod's own copy is damaged and no fingerprint matches. The probing is
bounded (one per other account, capped) and shared through the verifier's cache. A test
Account SID (it answered 20008 somewhere) with a live secret is test/live mixing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sherlock.models import Proof
from sherlock.providers.twilio.checking.crosscheck import MAX_CANDIDATES
from sherlock.providers.twilio.checks import (
    account_scope_mismatch as account_scope,
)
from sherlock.providers.twilio.checks import (
    environment_mismatch,
    rotation_not_propagated,
)
from sherlock.providers.twilio.checks import (
    stale_credential_after_rotation as stale_credential,
)
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState, Fault
from tests.providers.checks.live import assert_no_secret, run_checks, token_set

PROD_SID = "AC" + "a1" * 16
PROD_TOKEN = "b2" * 16
STAGING_SID = "AC" + "c3" * 16
STAGING_TOKEN = "d4" * 16
TEST_SID = "AC" + "e5" * 16
TEST_TOKEN = "f6" * 16
CANARIES = (PROD_TOKEN, STAGING_TOKEN, TEST_TOKEN)
CHECKS = (
    environment_mismatch.check,
    stale_credential.check,
    rotation_not_propagated.check,
    account_scope.check,
)


def filler_sid(n: int) -> str:
    return f"AC{n:032x}"


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    state = EmulatorState(
        accounts=[
            Account(
                sid=PROD_SID,
                auth_token=PROD_TOKEN,
                test_account_sid=TEST_SID,
                test_auth_token=TEST_TOKEN,
            ),
            Account(sid=STAGING_SID, auth_token=STAGING_TOKEN),
            *(Account(sid=filler_sid(n), auth_token=f"{n:032x}") for n in range(1, 11)),
        ]
    )
    with TwilioEmulator(state) as running:
        yield running


def test_a_prod_token_in_staging_is_proven_prods_although_prods_own_copy_is_damaged(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("deploy/prod/api.env", PROD_SID, PROD_TOKEN[:31], "prod"),
        token_set("deploy/staging/api.env", STAGING_SID, PROD_TOKEN, "staging"),
        token_set("deploy/staging/worker.env", STAGING_SID, STAGING_TOKEN, "staging"),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("environment-mismatch", Proof.PROVEN)
    assert [str(loc) for loc in finding.locations] == ["deploy/staging/api.env:2"]
    assert any("accepted on prod's account" in line for line in finding.evidence)
    assert_no_secret(checked, *CANARIES)


def test_a_rejected_token_no_account_of_the_tree_accepts_stays_a_stale_token(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("deploy/staging/api.env", STAGING_SID, "0f" * 16, "staging"),
        token_set("deploy/staging/worker.env", STAGING_SID, STAGING_TOKEN, "staging"),
        token_set("deploy/prod/api.env", PROD_SID, PROD_TOKEN, "prod"),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    assert {f.cause_id for f in checked.findings} == {"rotation-not-propagated"}


def test_cross_environment_probes_are_capped_and_asked_once_for_all_checks(
    emulator: TwilioEmulator,
) -> None:
    stale = "0e" * 16
    sets = [
        token_set("deploy/staging/api.env", STAGING_SID, stale, "staging"),
        token_set("deploy/staging/worker.env", STAGING_SID, STAGING_TOKEN, "staging"),
        *(
            token_set(f"deploy/prod/svc{n}.env", filler_sid(n), f"{n:032x}", "prod")
            for n in range(1, 11)
        ),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    assert checked.counter_tests == MAX_CANDIDATES
    assert {f.cause_id for f in checked.findings} == {"rotation-not-propagated"}


def test_an_unreachable_twilio_never_turns_a_cross_environment_guess_into_proof(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("deploy/prod/api.env", PROD_SID, PROD_TOKEN[:31], "prod"),
        token_set("deploy/staging/api.env", STAGING_SID, PROD_TOKEN, "staging"),
    ]
    checked = run_checks(emulator, sets, CHECKS, fault_after_verify=Fault(kind="500"))
    assert checked.findings == []


def test_a_test_sid_seen_answering_20008_paired_with_a_live_token_is_test_live_mixing(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("k8s/test/otp.yaml", TEST_SID, TEST_TOKEN, "test"),
        token_set("k8s/prod/otp.yaml", TEST_SID, PROD_TOKEN, "prod"),
        token_set("k8s/prod/billing.yaml", PROD_SID, PROD_TOKEN, "prod"),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("environment-mismatch", Proof.PROVEN)
    assert [str(loc) for loc in finding.locations] == ["k8s/prod/otp.yaml:1"]
    assert any("test Account SID" in line for line in finding.evidence)
    assert any("that secret is live" in line for line in finding.evidence)
    assert_no_secret(checked, *CANARIES)


def test_a_test_sid_with_a_secret_no_live_account_accepts_is_likely_mixing(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("k8s/test/otp.yaml", TEST_SID, TEST_TOKEN, "test"),
        token_set("k8s/prod/otp.yaml", TEST_SID, "0d" * 16, "prod"),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    (finding,) = checked.findings
    assert (finding.cause_id, finding.proof) == ("environment-mismatch", Proof.LIKELY)


def test_a_test_token_seen_answering_20008_paired_with_a_live_sid_is_test_live_mixing(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("ci/otp.env", TEST_SID, TEST_TOKEN, "default"),
        token_set("k8s/prod/otp.yaml", PROD_SID, TEST_TOKEN, "prod"),
        token_set("k8s/prod/billing.yaml", PROD_SID, PROD_TOKEN, "prod"),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    mixing = [f for f in checked.of("environment-mismatch") if f.environment == "prod"]
    (finding,) = mixing
    assert finding.proof is Proof.PROVEN
    assert [str(loc) for loc in finding.locations] == ["k8s/prod/otp.yaml:2"]
    assert any("is a test auth token" in line for line in finding.evidence)
    assert checked.of("rotation-not-propagated") == []
    assert_no_secret(checked, *CANARIES)
