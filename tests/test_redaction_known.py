"""A secret collected in this run is masked wherever it shows up again in text (issue 9, point 3).

Free text from the tree (a CI step name, a job key) may hold a token anywhere: inside a longer
word, twice, split by an invisible character, URL-encoded or base64-encoded (alone or as the
password of ``AC…:token``). :class:`~sherlock.secrets.KnownSecrets` must find every one.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.secrets import KnownSecrets, Secret, strip_controls

TOKEN = "c0ffee00c0ffee00c0ffee00deadbeef"
API_SECRET = "Zq7LmN2pR4sT6uV8wX0yA1bC3dE5fG7h"
SID = "AC" + "0123456789abcdef" * 2


def pieces(secret: str, size: int = 8) -> set[str]:
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


def leaked(text: str, secret: str) -> set[str]:
    return {piece for piece in pieces(secret) if piece in text}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _b64url_bare(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


#: Forms a secret takes in free text; each returns (text shown, what must not survive).
FORMS: dict[str, Callable[[str], tuple[str, str]]] = {
    "raw": lambda s: (f"step {s} done", s),
    "inside a word": lambda s: (f"smoke-x{s}y-job", s),
    "doubled": lambda s: (s + s, s),
    "split by ZWSP": lambda s: (s[:10] + "\u200b" + s[10:], s),
    "split by NBSP": lambda s: (s[:20] + "\u00a0" + s[20:], s),
    "uppercased": lambda s: (s.upper(), s.upper()),
    "url-encoded": lambda s: (quote(s + "\n", safe=""), quote(s, safe="")),
    "form-encoded": lambda s: (f"a={quote_plus(s + ' x')}", quote_plus(s)),
    "base64": lambda s: (_b64(s), _b64(s)[:40]),
    "base64 of sid:token": lambda s: (f"Basic{_b64(SID + ':' + s)}", _b64(SID + ":" + s)[48:]),
    "base64 offset 1": lambda s: (_b64("x" + s), _b64("x" + s)[4:40]),
    "urlsafe base64 unpadded": lambda s: (_b64url_bare("xy" + s), _b64url_bare("xy" + s)[4:40]),
    "curl -u": lambda s: (f"curl -u {SID}:{s}x https://api.twilio.com", s),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("secret", [TOKEN, API_SECRET])
def test_a_known_secret_is_masked_in_every_form(form: str, secret: str) -> None:
    text, core = FORMS[form](secret)
    shown = KnownSecrets([Secret(secret)]).mask(text)
    assert not leaked(shown, core), shown
    assert "[redacted]" in shown


def test_text_without_a_known_secret_is_unchanged() -> None:
    text = f"TWILIO_AUTH_TOKEN at services/api/.env:3 = ****beef (32 chars) [fp:0123456789ab] {SID}"
    assert KnownSecrets([Secret(TOKEN), Secret(API_SECRET)]).mask(text) == text


def test_a_well_formed_sid_is_a_name_and_stays_readable() -> None:
    text = f"/Accounts/{SID}.json"
    assert KnownSecrets([Secret(SID, identifier=True)]).mask(text) == text


def test_an_identifier_field_holding_a_token_piece_is_masked_everywhere() -> None:
    piece = TOKEN[:12]
    known = KnownSecrets([Secret(piece, identifier=True)])
    assert known.mask(f"clients call api.{piece}.twilio.com") == (
        "clients call api.[redacted].twilio.com"
    )


def test_a_short_region_label_is_not_treated_as_a_secret() -> None:
    known = KnownSecrets([Secret("ie1", identifier=True), Secret("dublin", identifier=True)])
    assert known.mask("api.dublin.ie1.twilio.com") == "api.dublin.ie1.twilio.com"


def test_the_secret_with_a_trailing_newline_is_known_by_its_trimmed_form_too() -> None:
    shown = KnownSecrets([Secret(TOKEN + "\n")]).mask(f"name: smoke {TOKEN}")
    assert not leaked(shown, TOKEN)


def test_known_secrets_do_not_give_their_values_away() -> None:
    known = KnownSecrets([Secret(TOKEN)])
    assert not leaked(repr(known) + str(known), TOKEN)
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(known)


# --- property: any string, any token, any position, any encoding ------------------------

_HEX = "0123456789abcdef"
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

_ENCODINGS: dict[str, Callable[[str], str]] = {
    "raw": lambda t: t,
    "doubled": lambda t: t + t,
    "quote": lambda t: quote(t, safe=""),
    "quote_plus": lambda t: quote_plus(t),
    "base64": _b64,
    "urlsafe bare": _b64url_bare,
    "zwsp": lambda t: "\u200b".join(t[i : i + 5] for i in range(0, len(t), 5)),
}


def _random_token(seed: int, alphabet: str) -> str:
    return "".join(random.Random(seed).choice(alphabet) for _ in range(32))


@settings(max_examples=300, deadline=None)
@given(
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    seed=st.integers(0, 2**32),
    alphabet=st.sampled_from([_HEX, _ALNUM]),
    encoding=st.sampled_from(sorted(_ENCODINGS)),
    prefix=st.sampled_from(["", "x", "AC:", SID + ":"]),
)
def test_property_no_8_character_piece_of_a_known_token_survives(
    before: str, after: str, seed: int, alphabet: str, encoding: str, prefix: str
) -> None:
    token = _random_token(seed, alphabet)
    if encoding.startswith(("base", "urlsafe")):
        inserted = _ENCODINGS[encoding](prefix + token)
        core = inserted[len(prefix) * 4 // 3 + 4 : -4]
    else:
        inserted = prefix + _ENCODINGS[encoding](token)
        core = token
    shown = KnownSecrets([Secret(token)]).mask(before + inserted + after)
    assert not leaked(shown, core)
    assert not leaked(shown, token)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_property_shown_text_never_holds_a_control_character(text: str) -> None:
    shown = strip_controls(text)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert not any(ch in shown for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize(
    "text",
    [
        "a-" * 100_000,
        "c0ffee00" * 25_000,
        "\u200b".join(["c0ffee00c0ffee00"] * 10_000),
        "QUMw/" * 40_000,
    ],
)
def test_scrubbing_a_long_text_stays_fast(text: str) -> None:
    """Free text can be a whole webhook body: every step reads it in linear time."""
    import time

    from sherlock.redact import redact_shapes

    started = time.perf_counter()
    shown = strip_controls(redact_shapes(KnownSecrets([Secret(TOKEN)]).mask(text)))
    assert time.perf_counter() - started < 5.0  # quadratic would take minutes; load varies
    assert not leaked(shown, TOKEN)


def test_a_short_misshapen_region_is_masked_as_a_whole_word() -> None:
    known = KnownSecrets([Secret(TOKEN[:6], identifier=True)])
    assert known.mask(f"clients call api.{TOKEN[:6]}.twilio.com") == (
        "clients call api.[redacted].twilio.com"
    )
    assert known.mask(f"x{TOKEN[:6]}y") == f"x{TOKEN[:6]}y"  # not a word of its own
