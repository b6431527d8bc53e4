"""The fault matrix: whatever a hostile network path answers, only Twilio's own 401 condemns.

Every case runs the verifier against the emulator with one fault that stands in for a
proxy, a gateway or a broken server, with a small ``--timeout``, and checks the verdict,
the reason (which names the URL actually contacted) and that the whole verification ended
within the documented bound. ``benchmarks/faults.py`` runs the same matrix with timings.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import pytest

from sherlock.models import Outcome
from sherlock.providers.twilio.client import ProbeRequest, TwilioVerifier
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Fault
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret
from tests.twilio_fixtures import CANARY_SECRETS, MAIN_SID, MAIN_TOKEN

TIMEOUT = 0.3
RETRIES = 1
WRONG_TOKEN = "f" * 32
SHOWN_PATH = f"/2010-04-01/Accounts/{Secret(MAIN_SID, identifier=True).masked}.json"
NO_TWILIO_BODY = "HTTP 401 without Twilio's error body"


@dataclass(frozen=True)
class Case:
    fault: Fault | None
    token: str
    outcome: Outcome
    reason: str = ""


CASES: dict[str, Case] = {
    "bodiless 401": Case(
        Fault(kind="bare", status=401), WRONG_TOKEN, Outcome.UNVERIFIED, NO_TWILIO_BODY
    ),
    "HTML 401": Case(
        Fault(kind="non-json", status=401), WRONG_TOKEN, Outcome.UNVERIFIED, NO_TWILIO_BODY
    ),
    "foreign JSON 401": Case(
        Fault(kind="gateway-json", status=401), WRONG_TOKEN, Outcome.UNVERIFIED, NO_TWILIO_BODY
    ),
    "half a Twilio 401": Case(
        Fault(kind="truncated-json"), WRONG_TOKEN, Outcome.UNVERIFIED, NO_TWILIO_BODY
    ),
    "proxy 407": Case(
        Fault(kind="407"), MAIN_TOKEN, Outcome.UNVERIFIED, "proxy requires authentication"
    ),
    "429 forever": Case(
        Fault(kind="429", retry_after=0), MAIN_TOKEN, Outcome.UNVERIFIED, "HTTP 429"
    ),
    "503 claiming 20003": Case(
        Fault(kind="20003-body", status=503), WRONG_TOKEN, Outcome.UNVERIFIED, "HTTP 503 code 20003"
    ),
    "429 claiming 20003": Case(
        Fault(kind="20003-body", status=429), WRONG_TOKEN, Outcome.UNVERIFIED, "HTTP 429 code 20003"
    ),
    "500": Case(Fault(kind="500"), MAIN_TOKEN, Outcome.UNVERIFIED, "HTTP 500"),
    "slow drip of a 200": Case(
        Fault(kind="drip", seconds=0.05), MAIN_TOKEN, Outcome.UNVERIFIED, "timed out after 0.3 s"
    ),
    "slow drip of a 401": Case(
        Fault(kind="drip", seconds=0.05), WRONG_TOKEN, Outcome.UNVERIFIED, "timed out after 0.3 s"
    ),
    "reset": Case(Fault(kind="reset"), MAIN_TOKEN, Outcome.UNVERIFIED, "connection"),
    "body cut off": Case(Fault(kind="cut-off"), MAIN_TOKEN, Outcome.UNVERIFIED, "complete"),
    "half the account JSON": Case(
        Fault(kind="truncated-json"), MAIN_TOKEN, Outcome.UNVERIFIED, "not Twilio's"
    ),
    "200 with foreign JSON": Case(
        Fault(kind="junk-200"), MAIN_TOKEN, Outcome.UNVERIFIED, "not Twilio's"
    ),
    "200 with HTML": Case(
        Fault(kind="non-json", status=200), MAIN_TOKEN, Outcome.UNVERIFIED, "not Twilio's"
    ),
    "Twilio's XML 401": Case(Fault(kind="xml"), WRONG_TOKEN, Outcome.INVALID),
    "Twilio's JSON 401": Case(None, WRONG_TOKEN, Outcome.INVALID),
    "Twilio's account JSON": Case(None, MAIN_TOKEN, Outcome.VALID),
}


def _verify(emulator: TwilioEmulator, token: str) -> tuple[TwilioVerification, float, float]:
    """The verdict, the seconds it took and the verifier's documented bound."""

    async def run() -> tuple[TwilioVerification, float, float]:
        user = Secret(MAIN_SID, identifier=True)
        probe = ProbeRequest(user, Secret(token), user)
        async with TwilioVerifier(
            base_url=emulator.base_url, timeout=TIMEOUT, retries=RETRIES
        ) as verifier:
            started = time.monotonic()
            result = await verifier.verify(probe)
            return result, time.monotonic() - started, verifier.request_bound

    return asyncio.run(run())


@pytest.mark.parametrize("name", list(CASES))
def test_only_twilios_own_answer_settles_a_verdict_within_the_bound(
    emulator: TwilioEmulator, name: str
) -> None:
    case = CASES[name]
    if case.fault is not None:
        emulator.add_fault(case.fault)
    result, elapsed, bound = _verify(emulator, case.token)
    assert result.outcome is case.outcome, result
    assert case.reason in (result.reason or ""), result.reason
    assert elapsed <= bound + 0.5, (elapsed, bound)
    assert result.url == emulator.base_url + SHOWN_PATH
    shown = f"{result!r} {result.describe()}"
    assert not any(secret in shown for secret in (*CANARY_SECRETS, MAIN_SID, WRONG_TOKEN))


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.outcome is Outcome.UNVERIFIED])
def test_every_could_not_verify_names_the_url_actually_contacted(
    emulator: TwilioEmulator, name: str
) -> None:
    case = CASES[name]
    assert case.fault is not None
    emulator.add_fault(case.fault)
    result, _, _ = _verify(emulator, case.token)
    assert result.reason is not None and result.reason.startswith("could not verify")
    assert emulator.base_url + SHOWN_PATH in result.reason


def test_the_bound_is_timeout_times_attempts_plus_capped_backoff() -> None:
    verifier = TwilioVerifier(timeout=1.5, retries=2)
    assert verifier.request_bound == pytest.approx(1.5 * 3 + 2 * 2.0)
    asyncio.run(verifier.aclose())
