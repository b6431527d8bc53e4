"""One cause must not hide another: quotes and whitespace are judged by the cleaned value.

When the value without its quotes or newline is still rejected, the stale, environment and
region checks look at it as well, and the real cause is found beside the quoting finding,
which becomes "possible". A cleaned value Twilio could not be asked about is "could not
verify", never "still rejected".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from sherlock.models import Proof
from sherlock.providers.twilio.checks import (
    environment_mismatch,
    region_mismatch,
    rotation_not_propagated,
)
from sherlock.providers.twilio.checks import (
    quoted_credential as quotes,
)
from sherlock.providers.twilio.checks import (
    stale_credential_after_rotation as stale_credential,
)
from sherlock.providers.twilio.checks import (
    whitespace_in_credential as whitespace,
)
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState, Fault
from sherlock.providers.twilio.records import Field
from tests.providers.checks.live import Checked, assert_no_secret, found, run_checks, token_set

PROD_SID = "AC" + "17" * 16
PROD_TOKEN = "28" * 16
OLD_PROD_TOKEN = "39" * 16
STAGING_SID = "AC" + "4a" * 16
STAGING_TOKEN = "5b" * 16
IRISH_SID = "AC" + "6c" * 16
IRISH_TOKEN = "7d" * 16
CANARIES = (PROD_TOKEN, OLD_PROD_TOKEN, STAGING_TOKEN, IRISH_TOKEN)
CHECKS = (
    quotes.check,
    whitespace.check,
    stale_credential.check,
    rotation_not_propagated.check,
    environment_mismatch.check,
    region_mismatch.check,
)


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    state = EmulatorState(
        accounts=[
            Account(sid=PROD_SID, auth_token=PROD_TOKEN),
            Account(sid=STAGING_SID, auth_token=STAGING_TOKEN),
            Account(sid=IRISH_SID, auth_token=IRISH_TOKEN, region="ie1"),
        ]
    )
    with TwilioEmulator(state) as running:
        yield running


def proofs(checked: Checked) -> dict[str, Proof]:
    return {f.cause_id: f.proof for f in checked.findings}


@pytest.mark.parametrize(
    ("written", "junk"),
    [('"{}"', "quoted-credential"), ("{}\n", "whitespace-in-credential")],
    ids=["quotes", "newline"],
)
def test_an_old_token_in_junk_is_found_stale_and_the_junk_stays_secondary(
    emulator: TwilioEmulator, written: str, junk: str
) -> None:
    sets = [
        token_set("sms/prod.env", PROD_SID, written.format(OLD_PROD_TOKEN)),
        token_set("notifier/secret.yaml", PROD_SID, PROD_TOKEN),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    assert proofs(checked) == {"rotation-not-propagated": Proof.PROVEN, junk: Proof.POSSIBLE}
    assert_no_secret(checked, *CANARIES)


def test_a_quoted_current_token_is_only_the_quotes(emulator: TwilioEmulator) -> None:
    sets = [
        token_set("sms/prod.env", PROD_SID, f'"{PROD_TOKEN}"'),
        token_set("notifier/secret.yaml", PROD_SID, PROD_TOKEN),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    assert proofs(checked) == {"quoted-credential": Proof.PROVEN}


def test_a_padded_token_of_another_environment_is_placed_there(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("k8s/prod/secret.yaml", PROD_SID, STAGING_TOKEN + "\n", "prod"),
        token_set("k8s/staging/secret.yaml", STAGING_SID, STAGING_TOKEN, "staging"),
    ]
    checked = run_checks(emulator, sets, CHECKS)
    assert proofs(checked) == {
        "environment-mismatch": Proof.PROVEN,
        "whitespace-in-credential": Proof.POSSIBLE,
    }
    assert_no_secret(checked, *CANARIES)


def test_a_quoted_token_sent_to_the_wrong_region_is_placed_in_its_region(
    emulator: TwilioEmulator,
) -> None:
    plain = token_set("eu/api.env", IRISH_SID, IRISH_TOKEN)
    irish = replace(
        plain,
        region=found(Field.REGION, "ie1", "eu/api.env", 3),
        edge=found(Field.EDGE, "dublin", "eu/api.env", 4),
    )
    sets = [token_set("eu/worker.env", IRISH_SID, f"'{IRISH_TOKEN}'"), irish]
    checked = run_checks(emulator, sets, CHECKS)
    assert proofs(checked) == {"region-mismatch": Proof.PROVEN, "quoted-credential": Proof.POSSIBLE}


def test_a_cleaned_value_twilio_could_not_be_asked_about_is_not_called_rejected(
    emulator: TwilioEmulator,
) -> None:
    sets = [
        token_set("sms/prod.env", PROD_SID, f'"{OLD_PROD_TOKEN}"'),
        token_set("notifier/secret.yaml", PROD_SID, PROD_TOKEN),
    ]
    checked = run_checks(emulator, sets, CHECKS, fault_after_verify=Fault(kind="500"))
    assert proofs(checked) == {"quoted-credential": Proof.LIKELY}
    assert any("could not be asked" in line for line in checked.findings[0].evidence)
    assert not any("still failed" in line for line in checked.findings[0].evidence)
