"""``explain``'s offline reading of a pasted token: masked claims, problems, no secret shown."""

from __future__ import annotations

import json
import time

from sherlock.providers.twilio.tokens.reading import read_token_in
from tests.tokens.factory import ACCOUNT, CANARIES, KEY, access_token


def _shown(raw: str, reading: object) -> None:
    text = json.dumps(reading.to_dict())  # type: ignore[attr-defined]
    assert raw not in text
    assert raw.rsplit(".", 1)[1][:10] not in text
    assert ACCOUNT not in text and KEY not in text  # SIDs appear masked only
    for secret in CANARIES:
        assert secret not in text


def test_an_expired_token_in_a_log_line_reads_as_20104_with_masked_claims() -> None:
    raw = access_token(ttl=-600)
    reading = read_token_in(f"video connect failed: {raw}", now=time.time())
    assert reading is not None
    assert reading.codes == (20104,)
    assert reading.claims[0].startswith("signing key (iss): SK3c3c")
    assert "grants: video (with an identity)" in reading.claims
    _shown(raw, reading)


def test_a_healthy_token_reads_with_no_problem() -> None:
    reading = read_token_in(access_token(products=("voice",)), now=time.time())
    assert reading is not None and reading.facts == ()


def test_a_token_for_the_wrong_product_reads_as_20106_when_the_text_names_the_product() -> None:
    raw = access_token(products=("chat",))
    reading = read_token_in(f"twilio-video.js: connect failed {raw}", now=time.time())
    assert reading is not None and reading.codes == (20106,)


def test_a_damaged_token_reads_as_20101_without_echoing_it() -> None:
    raw = access_token()
    head, body, sig = raw.split(".")
    damaged = f"{head}.{body[:-6]}$$$$.{sig}"
    reading = read_token_in(damaged, now=time.time())
    assert reading is not None and reading.codes == (20101,)
    _shown(raw, reading)


def test_text_without_a_token_has_no_reading() -> None:
    assert read_token_in("HTTP 401 error: Unable to fetch record: Authenticate") is None
