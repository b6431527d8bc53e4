"""subaccount-parent-suspended: 10001 beside an inactive parent is likely; 10001 alone is
possible; an account suspended in its own right (parent readable) is not this cause."""

from __future__ import annotations

from sherlock.models import Proof
from sherlock.providers.twilio.checks.subaccount_parent_suspended import CAUSE, check
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState
from tests.providers.checks.live import assert_no_secret, run_checks, token_set

PARENT_SID = "AC" + "c1" * 16
PARENT_TOKEN = "d2" * 16
SUB_SID = "AC" + "e3" * 16
SUB_TOKEN = "f4" * 16


def _state(parent: str = "suspended", sub: str = "active") -> EmulatorState:
    return EmulatorState(
        accounts=[
            Account(sid=PARENT_SID, auth_token=PARENT_TOKEN, status=parent),  # type: ignore[arg-type]
            Account(sid=SUB_SID, auth_token=SUB_TOKEN, parent_sid=PARENT_SID, status=sub),  # type: ignore[arg-type]
        ],
        inactive_response="20403",
    )


def _sets() -> list:  # type: ignore[type-arg]
    return [
        token_set("shop/.env", SUB_SID, SUB_TOKEN),
        token_set("admin/.env", PARENT_SID, PARENT_TOKEN),
    ]


def test_a_10001_subaccount_beside_a_refused_parent_is_likely() -> None:
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, _sets(), [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.LIKELY
    assert [str(loc) for loc in finding.locations] == ["shop/.env:1", "shop/.env:2"]
    assert_no_secret(outcome, SUB_TOKEN, PARENT_TOKEN)


def test_10001_alone_is_only_possible() -> None:
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, [token_set("shop/.env", SUB_SID, SUB_TOKEN)], [check])
    [finding] = outcome.of(CAUSE)
    assert finding.proof is Proof.POSSIBLE


def test_a_subaccount_suspended_itself_under_a_working_parent_is_not_this_cause() -> None:
    with TwilioEmulator(_state(parent="active", sub="suspended")) as emulator:
        outcome = run_checks(emulator, _sets(), [check])
    assert outcome.of(CAUSE) == []


def test_the_refused_parent_itself_is_not_called_a_subaccount() -> None:
    with TwilioEmulator(_state()) as emulator:
        outcome = run_checks(emulator, _sets(), [check])
    blamed = {str(loc) for f in outcome.of(CAUSE) for loc in f.locations}
    assert not any(place.startswith("admin/") for place in blamed)
