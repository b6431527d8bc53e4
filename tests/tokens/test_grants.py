"""Grants: a token must carry the product's grant, and an identity where the SDK needs one."""

from __future__ import annotations

import pytest

from sherlock.providers.twilio.tokens.decode import decode_token
from sherlock.providers.twilio.tokens.grants import grant_facts, product_in
from sherlock.secrets import Secret
from tests.tokens.factory import access_token, hand_made


def _facts(raw: str, product: str | None = None) -> list[str]:
    return [f.evidence for f in grant_facts(decode_token(Secret(raw)), product)]


@pytest.mark.parametrize("product", ["voice", "video", "chat", "sync"])
def test_a_token_with_its_products_grant_and_an_identity_is_fine(product: str) -> None:
    asked = {"chat": "conversations"}.get(product, product)
    assert _facts(access_token(products=(product,)), asked) == []


def test_a_token_with_no_product_grant_is_missing_its_grant() -> None:
    assert _facts(access_token(products=())) == ["the token grants no Twilio product"]


def test_a_video_token_used_for_voice_names_the_missing_grant() -> None:
    assert _facts(access_token(products=("video",)), "voice") == [
        "voice needs a 'voice' grant; the token only grants video"
    ]


@pytest.mark.parametrize("product", ["video", "chat", "sync"])
def test_a_grant_whose_sdk_needs_an_identity_without_one_is_reported(product: str) -> None:
    assert _facts(access_token(products=(product,), identity=None)) == [
        f"the '{'data_sync' if product == 'sync' else product}' grant needs an identity "
        "and the token has none"
    ]


def test_unreadable_grants_are_reported_without_crashing() -> None:
    raw = hand_made({"cty": "twilio-fpa;v=1"}, {"grants": ["video"]})
    assert _facts(raw) == ["grants is a list value, not an object"]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("TwilioError 20106 from twilio-video.js connect()", "video"),
        ("Voice SDK: AccessTokenInvalid (20101)", "voice"),
        ("Conversations client failed: 20104", "conversations"),
        ("error 20101", None),
        ("voice and video both failed", None),
    ],
)
def test_the_product_a_pasted_text_names_is_recognised(text: str, product: str | None) -> None:
    assert product_in(text) == product
