"""Credential shapes decide between "malformed", "in the wrong field" and "fine"."""

from __future__ import annotations

import pytest

from sherlock.providers.twilio.credentials import (
    is_placeholder,
    shape_problem,
    sid_prefix,
    strip_junk,
)
from sherlock.providers.twilio.records import Field

SID = "AC" + "a1" * 16
TOKEN = "0f" * 16


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(f" {TOKEN}\n", TOKEN), (f'"{TOKEN}"', TOKEN), (f"{TOKEN}\\n", TOKEN), (f"\ufeff{SID}", SID)],
)
def test_strip_junk_removes_what_copy_paste_and_env_tools_add(raw: str, clean: str) -> None:
    assert strip_junk(raw) == clean


@pytest.mark.parametrize(
    ("field", "raw", "fragment"),
    [
        (Field.AUTH_TOKEN, TOKEN[:31], "31 characters long"),
        (Field.AUTH_TOKEN, "your_auth_token", "placeholder"),
        (Field.ACCOUNT_SID, "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "placeholder"),
        (Field.AUTH_TOKEN, "g" * 32, "outside the expected shape"),
        (Field.API_KEY_SECRET, "abc", "3 characters long"),
    ],
)
def test_shape_problem_says_what_is_wrong(field: Field, raw: str, fragment: str) -> None:
    problem = shape_problem(field, raw)
    assert problem is not None
    assert fragment in problem.reason


@pytest.mark.parametrize(
    ("field", "raw"),
    [(Field.ACCOUNT_SID, SID), (Field.AUTH_TOKEN, TOKEN), (Field.API_KEY_SID, "SK" + TOKEN)],
)
def test_well_formed_values_have_no_shape_problem(field: Field, raw: str) -> None:
    assert shape_problem(field, raw) is None


def test_sid_prefix_names_the_resource_kind() -> None:
    assert sid_prefix("PN" + TOKEN) == "PN"
    assert sid_prefix(TOKEN) is None


def test_real_tokens_are_not_placeholders() -> None:
    assert not is_placeholder(TOKEN)
    assert is_placeholder("changeme")
