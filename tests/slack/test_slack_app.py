"""The Slack app end to end: signed requests in over HTTP, Web API calls out to the emulator.

Every test ends with the canary proof: nothing the app sent to Slack contains any piece of
a token or secret from the deployment (see the ``canary`` fixture).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from sherlock.errors import InputError
from sherlock.render.slack import ACTION_ALL_CAUSES, ACTION_RERUN, ACTION_RESOLVED
from tests.scenario_harness import assert_no_secret
from tests.slack.harness import (
    ALLOWED_CHANNEL,
    ALLOWED_USER,
    OTHER_CHANNEL,
    SlackStack,
    button_click,
    direct_message,
    mention,
    sign,
    slash_command,
    texts,
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackStack]:
    with SlackStack.start(tmp_path_factory.mktemp("slack-app")) as running:
        yield running


@pytest.fixture(autouse=True)
def canary(stack: SlackStack, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test: fresh emulators, then no secret in any Slack payload or log record."""
    caplog.set_level(logging.INFO)
    stack.slack.reset()
    stack.twilio.reset_log()
    stack.runner.calls, stack.runner.fail_with, stack.runner.delay = 0, None, 0.0
    yield
    logged = "\n".join(logging.Formatter().format(r) for r in caplog.get_records("call"))
    assert_no_secret(stack.book, stack.everything_sent(), logged)


def _buttons(message: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in message.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_mention_posts_looking_in_the_thread_then_replaces_it_with_the_answer(
    stack: SlackStack,
) -> None:
    payload = mention("why is prod getting 20003?")
    reply = stack.send_event(payload)
    assert reply.status_code == 200

    looking = stack.slack.wait_for("chat.postMessage")[0]
    assert looking.params["channel"] == ALLOWED_CHANNEL
    assert looking.params["thread_ts"] == payload["event"]["ts"]
    assert "Looking into Twilio 20003 in prod" in texts(looking)

    update, message = stack.answer()
    assert (update.params["channel"], update.params["ts"]) == (
        ALLOWED_CHANNEL,
        looking.response["ts"],
    )
    assert update.ok
    body = texts(update)
    assert "most likely Rotation reached some services but not others" in body
    assert "`rotation-not-propagated`" in body and "*proven*" in body
    assert "`k8s/prod/worker-secret.yaml:9`" in body
    assert "(32 chars) [fp:" in body and "****" in body  # masked evidence, with its fingerprint
    assert "invalid, HTTP 401 code 20003" in body  # what Twilio said, live
    assert update.params["text"].startswith("Twilio 20003 in prod: most likely Rotation")
    assert _buttons(message) == [ACTION_ALL_CAUSES, ACTION_RERUN, ACTION_RESOLVED]
    assert stack.runner.calls == 1


def test_ack_does_not_wait_for_the_diagnosis(stack: SlackStack) -> None:
    stack.runner.delay = 1.0
    started = time.perf_counter()
    reply = stack.send_event(mention("20003 in prod?"))
    acked = time.perf_counter() - started
    assert reply.status_code == 200
    assert acked < 0.5
    stack.slack.wait_for("chat.postMessage")  # "looking…" is up before the answer
    assert stack.slack.calls_to("chat.update") == []
    stack.answer()
    assert time.perf_counter() - started >= 1.0


def test_direct_message_is_answered_in_its_thread(stack: SlackStack) -> None:
    payload = direct_message("auth failures in staging again")
    assert stack.send_event(payload).status_code == 200
    looking = stack.slack.wait_for("chat.postMessage")[0]
    assert looking.params["channel"] == "D0ONCALL1"
    assert looking.params["thread_ts"] == payload["event"]["ts"]
    update, _ = stack.answer()
    assert "most likely Quotes became part of the value" in texts(update)
    assert "`deploy/staging/api.env:2`" in texts(update)


def test_our_own_message_edits_in_a_dm_are_not_questions(stack: SlackStack) -> None:
    edited = direct_message("20003 in prod")
    edited["event"]["subtype"] = "message_changed"
    from_bot = direct_message("20003 in prod")
    from_bot["event"]["bot_id"] = "B0SHERLOCK"
    assert stack.send_event(edited).status_code == 200
    assert stack.send_event(from_bot).status_code == 200
    time.sleep(0.3)
    assert stack.slack.calls_to("chat.postMessage") == []
    assert stack.runner.calls == 0


def test_a_retried_event_is_answered_once(stack: SlackStack) -> None:
    payload = mention("20003 in prod")
    assert stack.send_event(payload).status_code == 200
    assert stack.send_event(payload).status_code == 200
    stack.answer()
    time.sleep(0.2)
    assert len(stack.slack.calls_to("chat.postMessage")) == 1


def test_slash_command_acks_empty_then_posts_and_updates(stack: SlackStack) -> None:
    reply = stack.send_command(slash_command("diagnose 20003 prod"))
    assert reply.status_code == 200 and reply.text == ""
    looking = stack.slack.wait_for("chat.postMessage")[0]
    assert looking.params["channel"] == ALLOWED_CHANNEL
    assert "thread_ts" not in looking.params
    update, _ = stack.answer()
    assert update.params["ts"] == looking.response["ts"]
    assert "`rotation-not-propagated`" in texts(update)


def test_slash_command_help_is_the_ack_itself(stack: SlackStack) -> None:
    reply = stack.send_command(slash_command("help"))
    assert reply.status_code == 200
    assert "/sherlock diagnose [error] [env]" in json.dumps(reply.json()["blocks"])
    time.sleep(0.2)
    assert [c.method for c in stack.slack.calls if c.method != "auth.test"] == []


def test_slash_command_where_the_app_cannot_post_answers_in_a_dm(stack: SlackStack) -> None:
    stack.slack.missing_channels.add("C0NOTJOIN")
    try:
        form = slash_command("diagnose 20003 prod", channel="C0NOTJOIN", user=ALLOWED_USER)
        assert stack.send_command(form).status_code == 200
        update, _ = stack.answer()
    finally:
        stack.slack.missing_channels.discard("C0NOTJOIN")
    assert update.params["channel"] == "D0ONCALL1"
    assert "`rotation-not-propagated`" in texts(update)


def test_buttons_all_causes_rerun_and_mark_resolved(stack: SlackStack) -> None:
    stack.send_event(mention("why is prod getting 20003?"))
    update, message = stack.answer()
    channel = update.params["channel"]

    assert stack.send_action(button_click(message, channel, ACTION_ALL_CAUSES)).status_code == 200
    all_causes, message = stack.answer(2)
    body = texts(all_causes)
    assert "2 cause(s), most likely first" in body
    assert "*1. Rotation reached some services but not others*" in body
    assert "*2. Invisible characters around or inside the credential*" in body
    assert _buttons(message) == [ACTION_RERUN, ACTION_RESOLVED]
    assert stack.runner.calls == 1  # the answer already shown, not a new scan

    assert stack.send_action(button_click(message, channel, ACTION_RERUN)).status_code == 200
    rerun_looking, _ = stack.answer(3)
    assert "Looking into Twilio 20003 in prod" in texts(rerun_looking)
    rerun, message = stack.answer(4)
    assert "most likely Rotation reached" in texts(rerun)
    assert stack.runner.calls == 2

    click = button_click(message, channel, ACTION_RESOLVED, user="U0RESOLVER")
    assert stack.send_action(click).status_code == 200
    resolved, message = stack.answer(5)
    assert "Marked resolved by <@U0RESOLVER>" in texts(resolved)
    assert "most likely Rotation reached" in texts(resolved)  # the answer stays
    assert _buttons(message) == []
    assert stack.runner.calls == 2


def test_channel_not_allowed_gets_the_static_explanation_and_twilio_is_not_called(
    stack: SlackStack,
) -> None:
    stack.send_event(mention("why is prod getting 20003?", channel=OTHER_CHANNEL))
    update, message = stack.answer()
    body = texts(update)
    assert "Authentication failed (Permission Denied)" in body
    assert "Live checks against Twilio run only in the channels" in body
    assert "How to fix it" in body
    assert "rotation-not-propagated" not in body and "k8s/prod" not in body
    assert _buttons(message) == []
    assert stack.runner.calls == 0
    assert stack.twilio.requests == []


def test_rerun_clicked_in_a_channel_not_allowed_stays_static(stack: SlackStack) -> None:
    stack.send_event(mention("why is prod getting 20003?"))
    _, message = stack.answer()
    stack.send_action(button_click(message, OTHER_CHANNEL, ACTION_RERUN))
    update, _ = stack.answer(3)
    assert "Live checks against Twilio run only" in texts(update)
    assert stack.runner.calls == 1


def test_allowed_user_gets_a_live_answer_in_any_channel(stack: SlackStack) -> None:
    stack.send_event(mention("20003 in prod", channel=OTHER_CHANNEL, user=ALLOWED_USER))
    update, _ = stack.answer()
    assert "`rotation-not-propagated`" in texts(update)


def _tampered(stack: SlackStack, body: bytes, content_type: str) -> Any:
    headers = sign(body)
    return stack.post(body.replace(b"prod", b"dev!", 1), content_type, headers)


@pytest.mark.parametrize("kind", ["event", "command", "action"])
@pytest.mark.parametrize("flaw", ["unsigned", "wrong secret", "replayed", "tampered"])
def test_requests_failing_verification_get_401_and_run_nothing(
    stack: SlackStack, kind: str, flaw: str, caplog: pytest.LogCaptureFixture
) -> None:
    from urllib.parse import urlencode

    caplog.set_level(logging.DEBUG, logger="sherlock")
    caplog.set_level(logging.INFO)
    pasted = sorted(stack.book.secrets)[0]
    if kind == "event":
        event = mention(f"20003 in prod with token {pasted}")
        body, content_type = json.dumps(event).encode(), "application/json"
    elif kind == "command":
        body = urlencode(slash_command("diagnose 20003 prod")).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        message = {
            "ts": "1700000000.000001",
            "text": "prod",
            "blocks": [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": ACTION_RERUN,
                            "text": {"type": "plain_text", "text": "Re-run"},
                            "value": '{"error":"twilio-20003","env":"prod"}',
                        }
                    ],
                }
            ],
        }
        payload = button_click(message, ALLOWED_CHANNEL, ACTION_RERUN)
        body = urlencode({"payload": json.dumps(payload)}).encode()
        content_type = "application/x-www-form-urlencoded"

    if flaw == "unsigned":
        reply = stack.post(body, content_type, {})
    elif flaw == "wrong secret":
        reply = stack.post(body, content_type, sign(body, secret="not-the-signing-secret"))
    elif flaw == "replayed":
        reply = stack.post(body, content_type, sign(body, age=5 * 60 + 30))
    else:
        reply = _tampered(stack, body, content_type)

    assert reply.status_code == 401
    time.sleep(0.1)  # a handler started by mistake would post within this
    assert stack.slack.calls == []
    assert stack.runner.calls == 0
    assert_no_secret(stack.book, caplog.text)  # nor is the refused body logged


def test_a_request_signed_just_now_after_a_replay_still_works(stack: SlackStack) -> None:
    """The 401s above are about the signature, not a broken endpoint."""
    payload = mention("20003 in prod")
    assert stack.send_event(payload, age=4 * 60).status_code == 200  # inside the window
    stack.answer()


def test_runner_failure_is_a_friendly_message_without_details(
    stack: SlackStack, caplog: pytest.LogCaptureFixture
) -> None:
    secret = sorted(stack.book.secrets)[0]
    stack.runner.fail_with = RuntimeError(f"boom at /srv/internal with {secret}")
    stack.send_event(mention("20003 in prod"))
    update, _ = stack.answer()
    body = texts(update)
    assert "Sherlock could not finish this diagnosis: an internal error (reference" in body
    assert "boom" not in body and "Traceback" not in body and "/srv/internal" not in body
    reference = body.split("(reference ")[1].split(";")[0]
    assert any(
        reference in r.getMessage() and "RuntimeError: boom" in r.getMessage()
        for r in caplog.records
    )


def test_sherlock_errors_are_said_in_their_own_words(stack: SlackStack) -> None:
    stack.runner.fail_with = InputError("sherlock.toml line 3: unknown key")
    stack.send_event(mention("20003 in prod"))
    update, _ = stack.answer()
    assert "sherlock.toml line 3: unknown key" in texts(update)


def test_a_pasted_token_is_never_echoed(stack: SlackStack) -> None:
    token = stack.book.token("acme-prod", "rotated")
    stack.send_event(direct_message(f"TWILIO_AUTH_TOKEN={token} gets 401 in prod, why?"))
    update, _ = stack.answer()
    assert "`rotation-not-propagated`" in texts(update)
    looking = stack.slack.calls_to("chat.postMessage")[0]
    assert token[-4:] not in texts(looking) or "****" in texts(looking)
    # the canary fixture checks every payload for any 10-character piece of the token


def test_a_question_it_cannot_place_asks_which_error(stack: SlackStack) -> None:
    stack.send_event(mention("why is prod down?"))
    asked = stack.slack.wait_for("chat.postMessage")[0]
    assert "Is that the error you are seeing?" in texts(asked)
    assert "Yes, diagnose it in prod" in texts(asked)
    time.sleep(0.1)
    assert stack.runner.calls == 0


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackStack]:
    with SlackStack.start(tmp_path_factory.mktemp("slack-config"), with_config=True) as running:
        yield running


def test_without_an_environment_it_asks_back_and_a_pick_answers(
    configured: SlackStack, tmp_path: Path
) -> None:
    configured.slack.reset()
    configured.send_event(mention("why do we get 401s?"))
    asked = configured.slack.wait_for("chat.postMessage")[0]
    assert "Which environment should I check for Twilio 20003?" in texts(asked)
    message = configured.stored(asked.response["channel"], asked.response["ts"])
    assert [b["text"]["text"] for b in message["blocks"][-1]["elements"]] == [
        "prod",
        "staging",
        "dev",
        "All environments",
    ]
    assert configured.runner.calls == 0

    click = button_click(message, ALLOWED_CHANNEL, "sherlock_pick_1")
    assert configured.send_action(click).status_code == 200
    answer, _ = configured.answer(2)
    assert "Twilio 20003 in `staging`: most likely Quotes became part of the value" in texts(answer)
    assert configured.runner.calls == 1
    assert_no_secret(configured.book, configured.everything_sent())


def test_an_unknown_environment_is_named_in_the_question_back(configured: SlackStack) -> None:
    configured.slack.reset()
    configured.send_command(slash_command("diagnose 20003 qa"))
    asked = configured.slack.wait_for("chat.postMessage")[0]
    assert "There is no environment called 'qa' in sherlock.toml (known: prod, staging, dev)" in (
        texts(asked)
    )
    assert_no_secret(configured.book, configured.everything_sent())


def test_a_burst_of_mentions_is_acked_and_each_answered_once(stack: SlackStack) -> None:
    payloads = [mention("why is prod getting 20003?") for _ in range(30)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        replies = list(pool.map(stack.send_event, payloads))
    assert {reply.status_code for reply in replies} == {200}
    updates = stack.slack.wait_for("chat.update", count=30, timeout=20)
    looking = stack.slack.calls_to("chat.postMessage")
    assert sorted(c.response["ts"] for c in looking) == sorted(u.params["ts"] for u in updates)
    assert {c.params["thread_ts"] for c in looking} == {p["event"]["ts"] for p in payloads}
    assert all("`rotation-not-propagated`" in texts(u) for u in updates)
    assert stack.runner.calls < 30  # questions asked together share a diagnosis


def test_a_recent_identical_answer_is_reused_but_rerun_is_fresh(tmp_path: Path) -> None:
    with SlackStack.start(tmp_path, reuse_answers_for=60.0) as reusing:
        reusing.send_event(mention("20003 in prod"))
        reusing.answer()
        reusing.send_event(mention("why 401 in prod?"))
        _, message = reusing.answer(2)
        assert reusing.runner.calls == 1
        reusing.send_action(button_click(message, ALLOWED_CHANNEL, ACTION_RERUN))
        reusing.answer(4)
        assert reusing.runner.calls == 2
        assert_no_secret(reusing.book, reusing.everything_sent())


def test_answering_in_slack_leaves_the_sherlock_loggers_alone(stack: SlackStack) -> None:
    """Bolt configures a logger named after the app on every request; named "sherlock" it
    silenced every sherlock.* INFO record (the server's access log among them)."""
    root = logging.getLogger("sherlock")
    before = (root.level, root.disabled)
    stack.send_event(mention("why is prod getting 20003?"))
    stack.answer()
    assert (root.level, root.disabled) == before
