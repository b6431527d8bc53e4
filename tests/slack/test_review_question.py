"""Secrets other than Twilio's (a Slack bot or app token, a Vault token, an AWS secret access
key) typed into ``/sherlock`` are not quoted back into the channel: a slash command's text
is private to whoever typed it, Sherlock's question back is not."""

from __future__ import annotations

import time

import pytest

from sherlock.redact import redact_secrets
from sherlock.slack.question import clean_slack_text, parse_command, parse_question

ENVS = ("prod", "staging", "dev")

#: Fakes shaped like the real thing; the distinctive part is what must not be repeated.
SECRETS = {
    "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx": "AbCdEfGhIjKlMnOpQrSt",
    "xapp-1-A0SHERLOCK1-1234567890123-0a1b2c3d4e5f": "A0SHERLOCK1-1234567890123",
    "hvs.CAESIJlU9WJzQk2Tq7bXcVr8Yp3Ln5MdHs6Gf4Ke1Aw0Zo": "CAESIJlU9WJzQk2Tq7bXcVr8",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": "K7MDENG/bPxRfiCY",
}


@pytest.mark.parametrize("secret", list(SECRETS))
def test_a_pasted_non_twilio_secret_is_not_quoted_back(secret: str) -> None:
    part = SECRETS[secret]
    for question in (
        parse_command(f"diagnose {secret}", ENVS),
        parse_question(f"auth failures with {secret}", ENVS),
    ):
        shown = f"{question.text} {question.unknown_environment or ''}".lower()
        assert part.lower() not in shown, question


def test_ordinary_words_and_identifiers_are_left_alone() -> None:
    text = (
        "commit 3f786850e387550fdab836ed7e6dc881de23001b in services/api/Dockerfile, "
        "key AKIAIOSFODNN7EXAMPLE, channel C0INCIDENT"
    )
    assert redact_secrets(text) == text


@pytest.mark.parametrize("unit", ["<http:", "<@U|", "<#C|", "<!", "<https://a|"])
def test_unclosed_slack_markup_is_read_in_linear_time(unit: str) -> None:
    text = unit * (20_000 // len(unit))
    started = time.perf_counter()
    parse_question(text, ENVS)
    parse_command(f"diagnose {text}", ENVS)
    assert time.perf_counter() - started < 1.0


def test_well_formed_markup_is_still_read() -> None:
    text = "<@U0SHERLOCK> see <https://status.twilio.com|status> in <#C0INC|incident> <!here>"
    assert clean_slack_text(text) == "see status in #incident"
