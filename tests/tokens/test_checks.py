"""Every token check on real tokens: offline proofs from the token and the tree's secrets,
live proofs through read-only key lookups on the emulator, and no secret in any finding."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sherlock.models import Proof
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState
from sherlock.providers.twilio.tokens.leftovers import explain_missing_token
from tests.tokens.factory import (
    ACCOUNT,
    AUTH_TOKEN,
    CANARIES,
    KEY,
    KEY_SECRET,
    OTHER_ACCOUNT,
    OTHER_KEY,
    OTHER_KEY_SECRET,
    access_token,
)
from tests.tokens.live import Checked, check_live, check_offline, key_set, token_set

OTHER_AUTH_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
UNKNOWN_SECRET = "Xo6tR0kUv2Jp7LaZ5wFq1IbN4eDc9SyH"
TOKEN_SERVER = key_set("tokens/.env", ACCOUNT, KEY, KEY_SECRET)


def _clean(checked: Checked, token: str) -> None:
    text = checked.text()
    for secret in (*CANARIES, OTHER_AUTH_TOKEN, UNKNOWN_SECRET):
        assert secret[:10] not in text and secret[-10:] not in text
    for part in token.split("."):
        assert part[:16] not in text


def test_a_sound_token_signed_by_the_servers_key_has_no_finding() -> None:
    raw = access_token()
    assert check_offline(raw, [TOKEN_SERVER]).findings == []


def test_an_expired_token_is_proven_expired_at_the_token() -> None:
    raw = access_token(ttl=-900)
    checked = check_offline(raw, [TOKEN_SERVER])
    assert checked.causes() == {"token-expired"}
    finding = checked.of("token-expired")[0]
    assert finding.proof is Proof.PROVEN
    assert str(finding.locations[0]).startswith("access token fp:")
    _clean(checked, raw)


def test_a_token_signed_with_the_auth_token_names_the_auth_tokens_place() -> None:
    raw = access_token(secret=AUTH_TOKEN)
    tree = [TOKEN_SERVER, token_set("api/.env", ACCOUNT, AUTH_TOKEN)]
    checked = check_offline(raw, tree)
    assert checked.causes() == {"token-signed-with-auth-token"}
    finding = checked.of("token-signed-with-auth-token")[0]
    assert finding.proof is Proof.PROVEN
    assert "api/.env:2" in map(str, finding.locations)
    _clean(checked, raw)


def test_a_token_naming_one_key_but_signed_with_anothers_secret_is_a_mixed_pair() -> None:
    raw = access_token(key=KEY, secret=OTHER_KEY_SECRET)
    tree = [TOKEN_SERVER, key_set("worker/.env", ACCOUNT, OTHER_KEY, OTHER_KEY_SECRET)]
    checked = check_offline(raw, tree)
    assert checked.causes() == {"token-signed-with-other-key"}
    finding = checked.of("token-signed-with-other-key")[0]
    assert {"worker/.env:3", "worker/.env:2"} <= set(map(str, finding.locations))
    _clean(checked, raw)


def test_a_signature_the_keys_stored_secret_cannot_make_is_likely_an_outdated_secret() -> None:
    raw = access_token(secret=UNKNOWN_SECRET)
    checked = check_offline(raw, [TOKEN_SERVER])
    assert checked.causes() == {"token-signer-unknown"}
    finding = checked.of("token-signer-unknown")[0]
    assert finding.proof is Proof.LIKELY
    assert "tokens/.env:3" in map(str, finding.locations)
    _clean(checked, raw)


def test_without_the_keys_secret_in_the_tree_the_signature_is_only_possibly_wrong() -> None:
    raw = access_token(secret=UNKNOWN_SECRET)
    checked = check_offline(raw, [token_set("api/.env", ACCOUNT, AUTH_TOKEN)])
    assert [f.proof for f in checked.of("token-signer-unknown")] == [Proof.POSSIBLE]


def test_swapped_issuer_and_subject_are_found_without_a_tree() -> None:
    raw = access_token(account=KEY, key=ACCOUNT)
    checked = check_offline(raw, [])
    assert "token-issuer-not-api-key" in checked.causes()
    assert "token-subject-not-account" not in checked.causes()


@pytest.mark.parametrize(
    ("kwargs", "cause"),
    [
        ({"nbf": 3600, "ttl": 7200}, "token-not-yet-valid"),  # nbf: seconds from now
        ({"ttl": 3 * 86400}, "token-lifetime-too-long"),
        ({"products": ()}, "token-grant-missing"),
        ({"products": ("sync",), "identity": None}, "token-grant-missing"),
    ],
)
def test_each_offline_cause_is_proven_from_the_token(kwargs: dict[str, object], cause: str) -> None:
    if "nbf" in kwargs:
        kwargs = {**kwargs, "nbf": int(time.time()) + int(kwargs["nbf"])}  # type: ignore[call-overload]
    raw = access_token(**kwargs)  # type: ignore[arg-type]
    checked = check_offline(raw, [TOKEN_SERVER])
    assert checked.causes() == {cause}
    assert checked.of(cause)[0].proof is Proof.PROVEN


def test_a_damaged_token_is_malformed_and_nothing_else() -> None:
    raw = access_token()
    checked = check_offline(raw[: raw.rindex(".")], [TOKEN_SERVER])
    assert checked.causes() == {"token-malformed"}
    _clean(checked, raw)


def test_no_token_gives_a_possible_cause_saying_how_to_pass_one() -> None:
    ctx = CheckContext((TOKEN_SERVER,), tuple(TOKEN_SERVER.values()), {}, None)
    found = explain_missing_token(ctx, [])
    assert [f.cause_id for f in found] == ["token-not-provided"]
    assert found[0].proof is Proof.POSSIBLE and "--token-file" in found[0].fix[0]


def test_the_tree_pairing_the_key_with_another_account_makes_the_subject_likely_wrong() -> None:
    raw = access_token(account=ACCOUNT, key=OTHER_KEY, secret=OTHER_KEY_SECRET)
    tree = [key_set("staging/.env", OTHER_ACCOUNT, OTHER_KEY, OTHER_KEY_SECRET)]
    checked = check_offline(raw, tree)
    assert [f.proof for f in checked.of("token-subject-other-account")] == [Proof.LIKELY]


# --- live lookups -------------------------------------------------------------------------


def _state(
    *, revoked: bool = False, key_account: str = ACCOUNT, status: str = "active"
) -> EmulatorState:
    return EmulatorState(
        inactive_response="20403",
        accounts=[
            Account(sid=ACCOUNT, auth_token=AUTH_TOKEN, status=status),  # type: ignore[arg-type]
            Account(sid=OTHER_ACCOUNT, auth_token=OTHER_AUTH_TOKEN),
        ],
        api_keys=[ApiKey(sid=KEY, secret=KEY_SECRET, account_sid=key_account, revoked=revoked)],
    )


@pytest.fixture
def revoked() -> Iterator[TwilioEmulator]:
    with TwilioEmulator(_state(revoked=True)) as running:
        yield running


def test_a_deleted_signing_key_is_proven_by_the_accounts_own_lookup(
    revoked: TwilioEmulator,
) -> None:
    raw = access_token()
    tree = [
        token_set("api/.env", ACCOUNT, AUTH_TOKEN),
        token_set("ops/.env", OTHER_ACCOUNT, OTHER_AUTH_TOKEN),
    ]
    checked = check_live(revoked, raw, tree)
    finding = checked.of("token-issuer-key-revoked")
    assert [f.proof for f in finding] == [Proof.PROVEN]
    assert "holds no API key" in finding[0].evidence[0]
    assert checked.lookups == 2  # one read-only Keys lookup per account, nothing else
    _clean(checked, raw)


def test_a_key_that_exists_on_the_tokens_account_is_not_called_deleted() -> None:
    with TwilioEmulator(_state()) as emulator:
        checked = check_live(emulator, access_token(), [token_set("api/.env", ACCOUNT, AUTH_TOKEN)])
    assert "token-issuer-key-revoked" not in checked.causes()
    assert "token-subject-other-account" not in checked.causes()


def test_other_accounts_are_not_asked_once_the_tokens_own_account_holds_the_key() -> None:
    tree = [
        token_set("api/.env", ACCOUNT, AUTH_TOKEN),
        token_set("ops/.env", OTHER_ACCOUNT, OTHER_AUTH_TOKEN),
    ]
    with TwilioEmulator(_state()) as emulator:
        checked = check_live(emulator, access_token(), tree)
    assert not checked.causes() & {"token-issuer-key-revoked", "token-subject-other-account"}
    assert checked.lookups == 1


def test_a_key_found_on_another_account_proves_the_subject_wrong() -> None:
    raw = access_token(account=ACCOUNT)
    tree = [
        token_set("api/.env", ACCOUNT, AUTH_TOKEN),
        token_set("ops/.env", OTHER_ACCOUNT, OTHER_AUTH_TOKEN),
    ]
    with TwilioEmulator(_state(key_account=OTHER_ACCOUNT)) as emulator:
        checked = check_live(emulator, raw, tree)
    assert checked.causes() >= {"token-subject-other-account"}
    assert "token-issuer-key-revoked" not in checked.causes()
    assert checked.of("token-subject-other-account")[0].proof is Proof.PROVEN
    _clean(checked, raw)


def test_a_suspended_account_is_proven_inactive_for_the_token() -> None:
    """Twilio answers a suspended account's own credentials with 403/20403 (or 20003)."""
    raw = access_token()
    with TwilioEmulator(_state(status="suspended")) as emulator:
        checked = check_live(emulator, raw, [token_set("api/.env", ACCOUNT, AUTH_TOKEN)])
    assert [f.proof for f in checked.of("token-account-inactive")] == [Proof.PROVEN]


def test_a_lookup_that_twilio_never_answers_proves_nothing(revoked: TwilioEmulator) -> None:
    from sherlock.providers.twilio.emulator.state import Fault

    raw = access_token()
    tree = [token_set("api/.env", ACCOUNT, AUTH_TOKEN)]
    checked = check_live(revoked, raw, tree, fault_after_verify=Fault(kind="500"))
    assert checked.lookups >= 1  # the account was asked, and Twilio failed to answer
    assert not any(f.proof is Proof.PROVEN for f in checked.of("token-issuer-key-revoked"))


def test_a_key_the_tree_uses_in_another_region_is_likely_the_wrong_region() -> None:
    tree = [key_set("tokens/.env", ACCOUNT, KEY, KEY_SECRET, region="ie1")]
    checked = check_offline(access_token(), tree)
    assert checked.causes() == {"token-issuer-other-region"}
    assert checked.of("token-issuer-other-region")[0].proof is Proof.LIKELY
    assert "no twr header" in " ".join(checked.of("token-issuer-other-region")[0].evidence)


def test_a_token_issued_for_the_keys_region_is_not_questioned() -> None:
    tree = [key_set("tokens/.env", ACCOUNT, KEY, KEY_SECRET, region="ie1")]
    assert check_offline(access_token(region="ie1"), tree).findings == []
