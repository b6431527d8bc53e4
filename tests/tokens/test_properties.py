"""Whatever is pasted, the token reader answers with a reading or a clear refusal: never a
traceback, never the text's own long runs."""

from __future__ import annotations

import base64
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.providers.twilio.tokens.decode import TokenFormatError, decode_token
from sherlock.providers.twilio.tokens.reading import read_token_in
from sherlock.secrets import Secret

NOW = 1_800_000_000.0
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


def _part(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_decodes_or_is_refused_cleanly(text: str) -> None:
    try:
        decode_token(Secret(text))
    except TokenFormatError as refused:
        assert len(str(refused)) < 200


@settings(max_examples=300, deadline=None)
@given(header=json_values, claims=json_values, signature=st.binary(min_size=1, max_size=40))
def test_any_json_in_a_jwt_shape_reads_without_crashing(
    header: object, claims: object, signature: bytes
) -> None:
    sig = base64.urlsafe_b64encode(signature).decode().rstrip("=")
    token = f"{_part(header)}.{_part(claims)}.{sig}"
    reading = read_token_in(f"log: {token}", now=NOW)
    if reading is not None:
        shown = json.dumps(reading.to_dict())
        if len(sig) >= 12:
            assert sig not in shown


def test_an_infinite_or_huge_expiry_is_reported_not_raised() -> None:
    for exp in ("Infinity", "-Infinity", "1e308", "123456789012345678901234567890"):
        header = _part({"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"})
        claims = base64.urlsafe_b64encode(f'{{"exp": {exp}, "nbf": 0}}'.encode()).decode()
        reading = read_token_in(f"{header}.{claims.rstrip('=')}.c2lnbmF0dXJl", now=NOW)
        assert reading is not None and reading.facts
