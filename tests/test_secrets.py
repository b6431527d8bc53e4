"""The Secret type is the last line of defence: it must never give up its value by accident."""

from __future__ import annotations

import json
import logging
import pickle

import pytest

from sherlock.secrets import Secret, fingerprint, mask

CANARY = "c0ffee00c0ffee00c0ffee00deadbeef"


def test_str_repr_and_format_never_show_the_value() -> None:
    secret = Secret(CANARY)
    for shown in (str(secret), repr(secret), f"{secret}", f"{secret!r}", f"{secret}"):
        assert CANARY not in shown
        assert secret.fingerprint in shown


def test_secret_cannot_be_pickled_or_json_encoded() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(Secret(CANARY))
    with pytest.raises(TypeError):
        json.dumps({"token": Secret(CANARY)})


def test_logging_a_secret_logs_only_its_fingerprint(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("t").info("token is %s", Secret(CANARY))
    assert CANARY not in caplog.text
    assert fingerprint(CANARY) in caplog.text


def test_equal_values_share_a_fingerprint_and_different_values_do_not() -> None:
    assert Secret(CANARY).fingerprint == Secret(CANARY).fingerprint
    assert Secret(CANARY).fingerprint != Secret(CANARY + "\n").fingerprint


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (CANARY + "\n", "****beef\\n (33 chars)"),
        (" " + CANARY, "␠****beef (33 chars)"),
        (CANARY + "\r", "****beef\\r (33 chars)"),
        ("\ufeff" + CANARY, "<BOM>****beef (33 chars)"),
        (CANARY + "\\n", "****beef\\n (34 chars)"),
        ('"' + CANARY + '"', '"****beef" (34 chars)'),
        ("", "<empty> (0 chars)"),
        ("short", "***** (5 chars)"),
    ],
)
def test_masked_form_shows_invisible_characters_by_name(raw: str, shown: str) -> None:
    assert mask(raw) == shown


def test_masked_secret_never_contains_more_than_its_last_four_characters() -> None:
    masked = mask(CANARY)
    assert CANARY[:-4] not in masked
    assert masked.startswith("****")


def test_identifiers_keep_prefix_and_tail_so_people_can_recognise_the_account() -> None:
    sid = "AC" + "0123456789abcdef" * 2
    assert mask(sid, identifier=True) == "AC0123…cdef"
    assert sid not in Secret(sid, identifier=True).masked


def test_nbsp_inside_a_value_is_named() -> None:
    assert "<NBSP>" in mask("c0ffee00c0ff\u00a0ee00c0ffee00deadbeef")


def test_a_token_in_an_identifier_field_is_masked_as_a_secret() -> None:
    masked = Secret(CANARY, identifier=True).masked
    assert masked == "****beef (32 chars)"
    assert CANARY[:6] not in masked


def test_short_labels_such_as_regions_stay_readable() -> None:
    assert Secret("ie1", identifier=True).masked == "ie1"


@pytest.mark.parametrize(
    "value",
    [
        CANARY[:12],  # a 12-character piece of a token pasted into TWILIO_ACCOUNT_SID
        CANARY[4:16],
        "c0ffee00c0ff",
        "europe-west-1",
        "ie1-" + CANARY[:8],
    ],
)
def test_an_identifier_value_without_a_documented_shape_is_masked(value: str) -> None:
    masked = Secret(value, identifier=True).masked
    assert value not in masked
    assert value[:6] not in masked


@pytest.mark.parametrize("label", ["us1", "ie1", "au1", "jp2", "dublin", "sao-paulo", "roaming"])
def test_documented_regions_and_edges_are_shown_whole(label: str) -> None:
    assert Secret(label, identifier=True).masked == label
