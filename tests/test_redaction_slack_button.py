"""The Slack Re-run button's value is checked server-side and never quoted back (issue 9, point 5).

A button's value comes back in the click's payload, so it is input like any other: a forged
one (a message posted by another app, or a crafted payload) must not put its text into the
answer. Sherlock signs the values it sends and trusts only those.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from sherlock.render.slack import ACTION_RERUN
from tests.slack.harness import SlackStack, button_click, mention, texts

TOKEN = "c0ffee00c0ffee00c0ffee00deadbeef"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackStack]:
    with SlackStack.start(tmp_path_factory.mktemp("slack-button")) as running:
        yield running


def _values(message: dict[str, Any]) -> list[str]:
    return [
        element.get("value", "")
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def _forged(message: dict[str, Any], channel: str, value: str) -> dict[str, Any]:
    payload = button_click(message, channel, ACTION_RERUN)
    payload["actions"][0]["value"] = value
    return payload


@pytest.mark.parametrize(
    "value",
    [
        json.dumps({"error": TOKEN, "env": TOKEN}),
        json.dumps({"error": "twilio-20003", "env": f"prod {TOKEN[:12]}"}),
        json.dumps({"error": f"twilio-{TOKEN[:12]}", "env": None}),
    ],
)
def test_a_forged_rerun_value_is_never_quoted(stack: SlackStack, value: str) -> None:
    stack.slack.reset()
    stack.send_event(mention("why is prod getting 20003?"))
    update, message = stack.answer()
    channel = update.params["channel"]
    assert stack.send_action(_forged(message, channel, value)).status_code == 200
    looking, _ = stack.answer(2)
    answer, _ = stack.answer(3)
    sent = stack.everything_sent()
    assert TOKEN[:12] not in sent and TOKEN[-8:] not in sent
    assert "Looking into Twilio 20003" in texts(looking)
    assert "Looking into Twilio 20003 in" not in texts(looking)  # the default: every env
    assert "Looking into" not in texts(answer)


def test_the_buttons_sherlock_sends_still_rerun_what_was_asked(stack: SlackStack) -> None:
    stack.slack.reset()
    stack.send_event(mention("why is prod getting 20003?"))
    update, message = stack.answer()
    assert all(value and TOKEN not in value for value in _values(message))
    stack.send_action(button_click(message, update.params["channel"], ACTION_RERUN))
    looking, _ = stack.answer(2)
    assert "Looking into Twilio 20003 in prod" in texts(looking)
    stack.answer(3)  # let the re-run finish before the next test resets the emulator


def test_a_value_signed_for_another_environment_is_not_accepted(stack: SlackStack) -> None:
    """A valid signature covers the whole value: editing the environment breaks it."""
    stack.slack.reset()
    stack.send_event(mention("why is prod getting 20003?"))
    update, message = stack.answer()
    signed = next(v for v in _values(message) if "prod" in v)
    edited = signed.replace('"prod"', '"dev"')
    stack.send_action(_forged(message, update.params["channel"], edited))
    looking, _ = stack.answer(2)
    assert "in dev" not in texts(looking)
    stack.answer(3)


def test_button_values_fit_slack_limits(stack: SlackStack) -> None:
    stack.slack.reset()
    stack.send_event(mention("why is prod getting 20003?"))
    _, message = stack.answer()
    assert all(len(value) <= 2000 for value in _values(message))
