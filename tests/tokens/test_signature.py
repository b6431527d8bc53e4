"""Which secret in the tree signed a token, found offline and shown by location only."""

from __future__ import annotations

from sherlock.providers.twilio.records import Field
from sherlock.providers.twilio.tokens.decode import decode_token
from sherlock.providers.twilio.tokens.signature import find_signers
from sherlock.secrets import Secret
from tests.tokens.factory import (
    AUTH_TOKEN,
    KEY_SECRET,
    OTHER_KEY_SECRET,
    access_token,
    found,
    hand_made,
)

TREE = [
    found(Field.API_KEY_SECRET, OTHER_KEY_SECRET, "web/.env", 3),
    found(Field.API_KEY_SECRET, KEY_SECRET, "api/.env", 3),
    found(Field.AUTH_TOKEN, AUTH_TOKEN, "worker/.env", 2),
    found(Field.ACCOUNT_SID, KEY_SECRET, "odd/.env", 1),  # a secret in the SID slot signs nothing
]


def _signers(raw: str, values: list = TREE) -> list[str]:  # type: ignore[type-arg]
    return [str(s.value.location) for s in find_signers(decode_token(Secret(raw)), values)]


def test_the_key_secret_that_signed_the_token_is_named_by_its_location() -> None:
    assert _signers(access_token(secret=KEY_SECRET)) == ["api/.env:3"]


def test_a_token_signed_with_the_auth_token_is_traced_to_the_auth_token() -> None:
    token = decode_token(Secret(access_token(secret=AUTH_TOKEN)))
    signers = find_signers(token, TREE)
    assert [s.is_auth_token for s in signers] == [True]
    assert str(signers[0].value.location) == "worker/.env:2"


def test_a_token_signed_with_a_secret_outside_the_tree_has_no_signer() -> None:
    assert _signers(access_token(secret="Xo6tR0kUv2Jp7LaZ5wFq1IbN4eDc9SyH")) == []


def test_a_secret_read_with_a_trailing_newline_still_matches_and_says_it_was_cleaned() -> None:
    padded = [found(Field.API_KEY_SECRET, KEY_SECRET + "\n", "k8s/secret.yaml", 7)]
    signers = find_signers(decode_token(Secret(access_token())), padded)
    assert [(str(s.value.location), s.cleaned) for s in signers] == [("k8s/secret.yaml:7", True)]


def test_every_place_holding_the_signing_secret_is_reported() -> None:
    twice = [*TREE, found(Field.API_KEY_SECRET, KEY_SECRET, "compose.yml", 12)]
    assert _signers(access_token(), twice) == ["api/.env:3", "compose.yml:12"]


def test_a_token_not_signed_with_hs256_matches_no_secret() -> None:
    raw = hand_made({"alg": "HS256", "cty": "twilio-fpa;v=1"}, {})
    token = decode_token(Secret(raw))
    forged = type(token)(
        {**token.header, "alg": "none"}, token.claims, token.signing_input, token.signature
    )
    assert find_signers(forged, TREE) == []
