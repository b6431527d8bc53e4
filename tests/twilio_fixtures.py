"""Shared Twilio fixtures: canary credentials, a standard emulator state, a running emulator.

Use them from a ``conftest.py``::

    from tests.twilio_fixtures import emulator  # noqa: F401  (registers the fixture)

and in tests ``def test_x(emulator: TwilioEmulator) -> None``. Every value below is a
*canary*: fake, unique, and searched for in outputs, so a leak shows up as a failing
assertion. ``standard_state()`` returns a fresh state each call; mutate it freely.

The standard state (all us1 unless noted):

======================  =====================================================
MAIN_SID/MAIN_TOKEN     active Full main account, with test credentials
SUB_SID/SUB_TOKEN       active subaccount of MAIN
SIBLING_SID/..._TOKEN   a second subaccount of MAIN
SUSPENDED_SUB_SID/...   a suspended subaccount of MAIN
SUSPENDED_SID/...       a suspended main account
IE1_SID/IE1_TOKEN       an active account in region ie1
TEST_SID/TEST_TOKEN     MAIN's test credentials
MAIN_KEY_*              main key of MAIN
STANDARD_KEY_*          standard key of MAIN
RESTRICTED_KEY_*        restricted key of MAIN, may only read messages
REVOKED_KEY_*           revoked standard key of MAIN
IE1_KEY_*               standard key of the ie1 account (region ie1)
======================  =====================================================
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState

MAIN_SID = "ACa4f9078d58e7520edfb73f8a4456f60e"
MAIN_TOKEN = "260bbd2272b2f6d4c2585a63f18ff828"
SUB_SID = "ACa5726a5e171b0de3912ded39b7c7cbe7"
SUB_TOKEN = "3278ab0964750115dbb18907b3160625"
SIBLING_SID = "ACaf1d13e93c5eb50d9452c7c594cb2ddb"
SIBLING_TOKEN = "5901576222afd9ca2f3f65ff1e78d75f"
SUSPENDED_SUB_SID = "AC8d0c90b22e2bb8feb7aff98f4c4f4c20"
SUSPENDED_SUB_TOKEN = "e5ec9b52d401f9216af85f9317f97242"
SUSPENDED_SID = "ACdf9d67608ee7339d8bb66a7c740865a4"
SUSPENDED_TOKEN = "aeab2dbdb8800662a5ded731dd6b9f1f"
IE1_SID = "ACda5dd5d41105cf3f4a6dd1547d2bb22d"
IE1_TOKEN = "42776c96342273295855b06395fe5d44"
TEST_SID = "AC777e5972f9d247595caa18bdd97c7252"
TEST_TOKEN = "1a12ed034a5fcb8c07a76668cf8ccf85"
MAIN_KEY_SID = "SKd56d27f6b16d9d31a8ca00531b10f7e6"
MAIN_KEY_SECRET = "MainKeySecretCanary7f3Qx9Lw2Zt8Vb"
STANDARD_KEY_SID = "SK6f2cdb5b86ed81a197dd093a937654f4"
STANDARD_KEY_SECRET = "StdKeySecretCanary4Hs8Kp1Mn6Yr3Dq"
RESTRICTED_KEY_SID = "SK527208c2a1c1d545bb862c1c3a2fc5e4"
RESTRICTED_KEY_SECRET = "RstKeySecretCanary9Jd2Wc5Tf7Gx1Np"
REVOKED_KEY_SID = "SKbc36a20b6b8bd568954a98c5978adebc"
REVOKED_KEY_SECRET = "RevKeySecretCanary3Lb6Vz8Qe2Hm5Ks"
IE1_KEY_SID = "SKb34bab8d13b6d63168143a6ca4104a99"
IE1_KEY_SECRET = "Ie1KeySecretCanary6Pw1Xn4Rg9Ct2Fy"

#: Every secret above: none may ever appear in Sherlock's output.
CANARY_SECRETS: tuple[str, ...] = (
    MAIN_TOKEN,
    SUB_TOKEN,
    SIBLING_TOKEN,
    SUSPENDED_SUB_TOKEN,
    SUSPENDED_TOKEN,
    IE1_TOKEN,
    TEST_TOKEN,
    MAIN_KEY_SECRET,
    STANDARD_KEY_SECRET,
    RESTRICTED_KEY_SECRET,
    REVOKED_KEY_SECRET,
    IE1_KEY_SECRET,
)


def _accounts() -> list[Account]:
    return [
        Account(
            sid=MAIN_SID,
            auth_token=MAIN_TOKEN,
            friendly_name="Main",
            test_account_sid=TEST_SID,
            test_auth_token=TEST_TOKEN,
        ),
        Account(sid=SUB_SID, auth_token=SUB_TOKEN, parent_sid=MAIN_SID, friendly_name="Sub"),
        Account(
            sid=SIBLING_SID, auth_token=SIBLING_TOKEN, parent_sid=MAIN_SID, friendly_name="Sibling"
        ),
        Account(
            sid=SUSPENDED_SUB_SID,
            auth_token=SUSPENDED_SUB_TOKEN,
            parent_sid=MAIN_SID,
            status="suspended",
        ),
        Account(sid=SUSPENDED_SID, auth_token=SUSPENDED_TOKEN, status="suspended", type="Trial"),
        Account(sid=IE1_SID, auth_token=IE1_TOKEN, region="ie1", friendly_name="Dublin"),
    ]


def _keys() -> list[ApiKey]:
    return [
        ApiKey(sid=MAIN_KEY_SID, secret=MAIN_KEY_SECRET, account_sid=MAIN_SID, type="main"),
        ApiKey(sid=STANDARD_KEY_SID, secret=STANDARD_KEY_SECRET, account_sid=MAIN_SID),
        ApiKey(
            sid=RESTRICTED_KEY_SID,
            secret=RESTRICTED_KEY_SECRET,
            account_sid=MAIN_SID,
            type="restricted",
            permissions=["/twilio/messaging/messages/read"],
        ),
        ApiKey(sid=REVOKED_KEY_SID, secret=REVOKED_KEY_SECRET, account_sid=MAIN_SID, revoked=True),
        ApiKey(sid=IE1_KEY_SID, secret=IE1_KEY_SECRET, account_sid=IE1_SID, region="ie1"),
    ]


def standard_state(**overrides: Any) -> EmulatorState:
    """A fresh copy of the standard state; keyword arguments replace top-level fields
    (e.g. ``inactive_response="20403"``, ``faults=[Fault(kind="500")]``)."""
    return EmulatorState(accounts=_accounts(), api_keys=_keys(), **overrides)


@pytest.fixture
def emulator() -> Iterator[TwilioEmulator]:
    """A running emulator serving :func:`standard_state` on a free loopback port."""
    with TwilioEmulator(standard_state()) as running:
        yield running


class EmulatorHttpClient(TwilioHttpClient):
    """twilio-python's own HTTP client, sending to the emulator with the real Host header,
    so ``Client(region=..., edge=...)`` builds its hosts exactly as in production."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self._target = urlsplit(base_url)

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, headers: dict[str, str] | None = None, **kw: Any
    ) -> Response:
        parts = urlsplit(url)
        redirected = urlunsplit(
            parts._replace(scheme=self._target.scheme, netloc=self._target.netloc)
        )
        headers = {**(headers or {}), "Host": parts.netloc}
        return super().request(method, redirected, *args, headers=headers, **kw)


def twilio_client(
    emulator: TwilioEmulator,
    username: str,
    password: str,
    *,
    account_sid: str | None = None,
    region: str | None = None,
    edge: str | None = None,
) -> Client:
    """An official twilio-python ``Client`` wired to the emulator."""
    return Client(
        username,
        password,
        account_sid=account_sid,
        region=region,
        edge=edge,
        http_client=EmulatorHttpClient(emulator.base_url),
    )
