"""The Slack Web API emulator answers the real slack_sdk clients as Slack documents."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}


@pytest.fixture(scope="module")
def emulator() -> Iterator[SlackApiEmulator]:
    with SlackApiEmulator() as running:
        yield running


@pytest.fixture
def slack(emulator: SlackApiEmulator) -> WebClient:
    emulator.reset()
    return WebClient(token=DEFAULT_BOT_TOKEN, base_url=emulator.base_url)


def _error_of(call: Any) -> tuple[str, list[str]]:
    with pytest.raises(SlackApiError) as caught:
        call()
    data = caught.value.response.data
    assert isinstance(data, dict)
    return data["error"], data.get("response_metadata", {}).get("messages", [])


def test_base_url_is_an_api_prefix(emulator: SlackApiEmulator) -> None:
    assert emulator.base_url.startswith("http://127.0.0.1:")
    assert emulator.base_url.endswith("/api/")


def test_auth_test_names_the_bot(slack: WebClient) -> None:
    reply = slack.auth_test()
    assert reply["ok"] is True
    assert reply["user_id"].startswith("U") and reply["bot_id"].startswith("B")


def test_tokens_are_checked_and_never_recorded(emulator: SlackApiEmulator) -> None:
    emulator.reset()
    wrong = WebClient(token="xoxb-not-a-known-token", base_url=emulator.base_url)
    assert _error_of(lambda: wrong.auth_test())[0] == "invalid_auth"
    anonymous = WebClient(base_url=emulator.base_url)
    assert _error_of(lambda: anonymous.chat_postMessage(channel="C1234", text="x"))[0] == (
        "not_authed"
    )
    assert "xoxb" not in json.dumps([c.params for c in emulator.calls])
    with pytest.raises(ValueError):
        emulator.add_bot_token("xoxp-user-token")


def test_post_then_update_in_a_thread(slack: WebClient, emulator: SlackApiEmulator) -> None:
    posted = slack.chat_postMessage(
        channel="C0ALERTS", text="looking", blocks=[SECTION], thread_ts="1700000000.000100"
    )
    assert posted["ok"] and posted["channel"] == "C0ALERTS"
    assert posted["message"]["thread_ts"] == "1700000000.000100"
    assert posted["message"]["blocks"] == [SECTION]
    updated = slack.chat_update(channel="C0ALERTS", ts=posted["ts"], text="done", blocks=[SECTION])
    assert updated["ts"] == posted["ts"] and updated["message"]["text"] == "done"
    assert emulator.message("C0ALERTS", posted["ts"])["text"] == "done"  # type: ignore[index]
    assert [c.method for c in emulator.calls] == ["chat.postMessage", "chat.update"]
    assert emulator.calls_to("chat.update")[0].params["blocks"] == [SECTION]


def test_user_id_posts_land_in_the_dm(slack: WebClient) -> None:
    assert slack.chat_postMessage(channel="U0PERSON1", text="hi")["channel"] == "D0PERSON1"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_documented_errors(slack: WebClient, emulator: SlackApiEmulator) -> None:
    assert _error_of(lambda: slack.chat_postMessage(channel="C0ALERTS"))[0] == "no_text"
    assert _error_of(lambda: slack.chat_postMessage(channel="#general", text="x"))[0] == (
        "channel_not_found"
    )
    emulator.missing_channels.add("C0GONE")
    assert _error_of(lambda: slack.chat_postMessage(channel="C0GONE", text="x"))[0] == (
        "channel_not_found"
    )
    assert _error_of(lambda: slack.chat_update(channel="C0ALERTS", ts="1.000001", text="x"))[0] == (
        "message_not_found"
    )
    assert _error_of(lambda: slack.chat_delete(channel="C0ALERTS", ts="1.000001"))[0] == (
        "message_not_found"
    )
    assert _error_of(lambda: slack.chat_postMessage(channel="C0ALERTS", text="x" * 40_001))[0] == (
        "msg_too_long"
    )
    assert _error_of(lambda: slack.conversations_info(channel="C0NOWHERE"))[0] == (
        "channel_not_found"
    )
    assert _error_of(lambda: slack.api_call("chat.nonsense"))[0] == "unknown_method"


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}], "/blocks/0/text"),
        ([SECTION] * 51, "/blocks"),
        ([{"text": {"type": "mrkdwn", "text": "no type"}}], "/blocks/0/type"),
        ([{"type": "carousel_of_doom"}], "/blocks/0/type"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}], "/blocks/0/text/type"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], "/blocks/0/text"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "B"},
                            "action_id": "same",
                        }
                    ]
                    * 2,
                }
            ],
            "/blocks/0/elements/1/action_id",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "B" * 76},
                            "action_id": "a",
                        }
                    ],
                }
            ],
            "/blocks/0/elements/0/text",
        ),
        ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}], "/elements"),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": ""}}], "/blocks/0/text/text"),
    ],
)
def test_block_kit_limits_answer_invalid_blocks(
    slack: WebClient, blocks: list[Any], pointer: str
) -> None:
    error, messages = _error_of(
        lambda: slack.chat_postMessage(channel="C0ALERTS", text="x", blocks=blocks)
    )
    assert error == "invalid_blocks"
    assert any(pointer in message for message in messages), messages


def test_form_encoded_blocks_are_parsed_and_malformed_ones_refused(
    emulator: SlackApiEmulator,
) -> None:
    emulator.reset()
    url = emulator.base_url + "chat.postMessage"
    headers = {"Authorization": f"Bearer {DEFAULT_BOT_TOKEN}"}
    http = httpx.Client()
    good = http.post(
        url, data={"channel": "C0ALERTS", "blocks": json.dumps([SECTION])}, headers=headers
    )
    assert good.json()["ok"] is True
    assert emulator.calls[-1].params["blocks"] == [SECTION]
    bad = http.post(url, data={"channel": "C0ALERTS", "blocks": "[{"}, headers=headers)
    assert bad.json() == {"ok": False, "error": "invalid_blocks_format"}
    as_form_token = http.post(
        url, data={"channel": "C0ALERTS", "text": "x", "token": DEFAULT_BOT_TOKEN}
    )
    assert as_form_token.json()["ok"] is True


def test_views_open_publish_update(slack: WebClient) -> None:
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "All causes"},
        "blocks": [SECTION],
    }
    opened = slack.views_open(trigger_id="123.456.abc", view=modal)
    assert opened["view"]["id"].startswith("V") and opened["view"]["blocks"] == [SECTION]
    updated = slack.views_update(view_id=opened["view"]["id"], view=modal)
    assert updated["view"]["id"] == opened["view"]["id"]
    home = slack.views_publish(user_id="U0PERSON1", view={"type": "home", "blocks": [SECTION]})
    assert home["view"]["type"] == "home"
    long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    assert _error_of(lambda: slack.views_open(trigger_id="1.2.3", view=long_title))[0] == (
        "invalid_arguments"
    )
    assert _error_of(lambda: slack.views_update(view_id="V999", view=modal))[0] == "not_found"
    assert _error_of(
        lambda: slack.views_update(view_id=opened["view"]["id"], view=modal, hash="stale")
    )[0] == ("hash_conflict")


def test_conversations_info_for_added_channels(
    slack: WebClient, emulator: SlackApiEmulator
) -> None:
    emulator.add_channel("C0OPS", "ops-alerts")
    info = slack.conversations_info(channel="C0OPS")
    assert info["channel"]["name"] == "ops-alerts" and info["channel"]["is_member"] is True


def test_queued_failures_and_rate_limits(emulator: SlackApiEmulator) -> None:
    emulator.reset()
    emulator.fail_next("chat.update", "ratelimited", status=429, retry_after=3)
    reply = httpx.post(
        emulator.base_url + "chat.update",
        json={"channel": "C0ALERTS", "ts": "1.1", "text": "x"},
        headers={"Authorization": f"Bearer {DEFAULT_BOT_TOKEN}"},
    )
    assert reply.status_code == 429 and reply.headers["Retry-After"] == "3"
    assert reply.json()["error"] == "ratelimited"


def test_async_client_and_wait_for(emulator: SlackApiEmulator) -> None:
    emulator.reset()

    async def post() -> None:
        client = AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url=emulator.base_url)
        await asyncio.gather(
            *(client.chat_postMessage(channel="C0X1", text="hi") for _ in range(5))
        )

    asyncio.run(post())
    assert len(emulator.wait_for("chat.postMessage", count=5, timeout=1)) == 5
    with pytest.raises(TimeoutError, match=r"chat\.update called 0 of 1"):
        emulator.wait_for("chat.update", timeout=0.05)


def test_control_endpoints(emulator: SlackApiEmulator) -> None:
    emulator.reset()
    WebClient(token=DEFAULT_BOT_TOKEN, base_url=emulator.base_url).auth_test()
    root = emulator.base_url.removesuffix("api/")
    listing = httpx.get(root + "_emulator/calls").json()
    assert [c["method"] for c in listing["calls"]] == ["auth.test"]
    assert httpx.get(root + "_emulator/counts").json()["counts"] == {"auth.test": 1}
    httpx.post(root + "_emulator/reset")
    assert emulator.calls == []


def test_socket_mode_urls_need_an_app_level_token(emulator: SlackApiEmulator) -> None:
    emulator.reset()
    app_token = "xapp-1-A0SHERLOCK-1-abc"
    emulator.add_app_token(app_token)
    client = WebClient(token=DEFAULT_BOT_TOKEN, base_url=emulator.base_url)
    assert _error_of(lambda: client.apps_connections_open(app_token=DEFAULT_BOT_TOKEN))[0] == (
        "not_allowed_token_type"
    )
    assert _error_of(lambda: client.apps_connections_open(app_token=app_token))[0] == (
        "socket_mode_not_enabled"
    )
    emulator.socket_url = "ws://127.0.0.1:9/link"
    assert client.apps_connections_open(app_token=app_token)["url"] == "ws://127.0.0.1:9/link"
    as_app = WebClient(token=app_token, base_url=emulator.base_url)
    assert _error_of(lambda: as_app.chat_postMessage(channel="C0X1", text="x"))[0] == (
        "not_allowed_token_type"
    )
    emulator.socket_url = None
