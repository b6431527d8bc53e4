"""What a token shows on its own: header, issuer and subject, clock and lifetime."""

from __future__ import annotations

import time

import pytest

from sherlock.providers.twilio.tokens.decode import decode_token
from sherlock.providers.twilio.tokens.facts import header_facts, issuer_facts, time_facts
from sherlock.secrets import Secret
from tests.tokens.factory import ACCOUNT, KEY, access_token, hand_made


def _causes(facts: list) -> list[str]:  # type: ignore[type-arg]
    return [f.cause for f in facts]


def test_a_helper_library_token_has_no_header_issuer_or_time_problem() -> None:
    token = decode_token(Secret(access_token()))
    assert header_facts(token) + issuer_facts(token) + time_facts(token, time.time()) == []


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ({"alg": "HS256"}, "cty is missing"),
        ({"alg": "HS256", "cty": "twilio-fpa;v=2"}, "cty is 'twilio-fpa;v=2'"),
        ({"alg": "HS256", "cty": "twilio-fpa;v=1", "typ": "JWS"}, "typ is 'JWS'"),
    ],
)
def test_a_header_twilio_does_not_accept_is_named_field_by_field(
    header: dict[str, str], says: str
) -> None:
    facts = header_facts(decode_token(Secret(hand_made(header, {}))))
    assert "token-header-invalid" in _causes(facts)
    assert any(says in f.evidence for f in facts), [f.evidence for f in facts]


def test_swapped_issuer_and_subject_are_called_a_swap() -> None:
    facts = issuer_facts(decode_token(Secret(access_token(account=KEY, key=ACCOUNT))))
    assert _causes(facts) == ["token-issuer-not-api-key"]
    assert "swapped" in facts[0].evidence


def test_an_account_sid_as_issuer_is_not_an_api_key() -> None:
    facts = issuer_facts(decode_token(Secret(access_token(key=ACCOUNT))))
    assert _causes(facts) == ["token-issuer-not-api-key"]
    assert "an Account SID" in facts[0].evidence


def test_a_subject_that_is_not_an_account_sid_is_named_without_quoting_it() -> None:
    facts = issuer_facts(
        decode_token(Secret(hand_made({"cty": "twilio-fpa;v=1"}, {"sub": "my-app-user-42"})))
    )
    assert _causes(facts) == ["token-subject-not-account"]
    assert "my-app-user-42" not in facts[0].evidence
    assert "14-character value" in facts[0].evidence


def test_an_expired_token_says_how_long_ago_and_the_skew_allowed() -> None:
    token = decode_token(Secret(access_token(ttl=-2 * 3600)))
    facts = time_facts(token, time.time())
    assert _causes(facts) == ["token-expired"]
    assert "expired 2 h ago" in facts[0].evidence
    assert "60 s of clock skew" in facts[0].evidence


def test_a_token_just_past_exp_within_the_skew_is_not_called_expired() -> None:
    assert time_facts(decode_token(Secret(access_token(ttl=-30))), time.time()) == []


def test_a_token_whose_nbf_is_in_the_future_is_not_yet_valid() -> None:
    facts = time_facts(
        decode_token(Secret(access_token(nbf=int(time.time()) + 1800, ttl=3600))), time.time()
    )
    assert _causes(facts) == ["token-not-yet-valid"]
    assert "valid in 30 min" in facts[0].evidence or "valid in 29 min" in facts[0].evidence


def test_a_lifetime_over_24_hours_is_refused_even_though_the_token_is_current() -> None:
    facts = time_facts(decode_token(Secret(access_token(ttl=2 * 86400))), time.time())
    assert _causes(facts) == ["token-lifetime-too-long"]
    assert "at most 24 h" in facts[0].evidence


def test_a_ttl_given_in_milliseconds_is_caught_as_too_long() -> None:
    facts = time_facts(decode_token(Secret(access_token(ttl=3600 * 1000))), time.time())
    assert "token-lifetime-too-long" in _causes(facts)


@pytest.mark.parametrize("exp", ["tomorrow", None, True])
def test_an_exp_that_is_not_epoch_seconds_is_an_invalid_expiry(exp: object) -> None:
    facts = time_facts(
        decode_token(Secret(hand_made({"cty": "twilio-fpa;v=1"}, {"exp": exp}))), time.time()
    )
    assert _causes(facts) == ["token-expiry-invalid"]
