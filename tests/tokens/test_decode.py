"""Reading a token without trusting it: claims out, clear errors in, nothing echoed."""

from __future__ import annotations

import pytest

from sherlock.providers.twilio.tokens.decode import TokenFormatError, decode_token, find_token
from sherlock.secrets import Secret
from tests.tokens.factory import ACCOUNT, KEY, KEY_SECRET, access_token


def test_a_real_access_token_decodes_to_its_header_and_claims() -> None:
    token = decode_token(Secret(access_token(products=("voice", "video"))))
    assert token.header == {"typ": "JWT", "alg": "HS256", "cty": "twilio-fpa;v=1"}
    assert token.claim("iss") == KEY
    assert token.claim("sub") == ACCOUNT
    assert set(token.claim("grants")) == {"voice", "video", "identity"}


def test_a_bearer_prefix_and_surrounding_whitespace_are_tolerated() -> None:
    raw = access_token()
    assert decode_token(Secret(f"  Bearer {raw}\n")).claim("iss") == KEY


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("not-a-token", "three dot-separated parts"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0", "has 2"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.", "no signature"),
        ("e30$.eyJpc3MiOiJ4In0.c2ln", "header is not base64url"),
        ("bm90IGpzb24.eyJpc3MiOiJ4In0.c2ln", "header is not JSON"),
        ("W10.eyJpc3MiOiJ4In0.c2ln", "JSON but not an object"),
        ("e30.bm90IGpzb24.c2ln", "payload is not JSON"),
    ],
)
def test_a_malformed_token_gets_a_clear_error_that_does_not_quote_it(text: str, says: str) -> None:
    with pytest.raises(TokenFormatError) as raised:
        decode_token(Secret(text))
    assert says in str(raised.value)
    if len(text) > 8:
        assert text not in str(raised.value)
        assert text.split(".")[-1] not in str(raised.value) or not text.split(".")[-1]


def test_a_truncated_real_token_is_refused_without_echoing_its_signature() -> None:
    raw = access_token()
    signature = raw.rsplit(".", 1)[1]
    with pytest.raises(TokenFormatError) as raised:
        decode_token(Secret(raw[: raw.rindex(".")]))
    assert signature[:10] not in str(raised.value)


def test_the_decoded_token_repr_holds_no_signature() -> None:
    raw = access_token()
    assert raw.rsplit(".", 1)[1] not in repr(decode_token(Secret(raw)))


def test_a_token_is_found_inside_a_log_line() -> None:
    raw = access_token()
    line = f'2026-12-03T10:00:00Z WARN video connect failed token="{raw}" code=20104'
    found = find_token(line)
    assert found is not None and found.reveal() == raw


def test_text_without_a_jwt_holds_no_token() -> None:
    assert find_token(f"error 20101 with key secret {KEY_SECRET}") is None
