"""The real Slack app served over HTTP, between a Twilio emulator and a Slack API emulator.

    with SlackStack.start(tmp_path) as stack:
        reply = stack.send_event(mention("why is prod getting 20003?"))
        update = stack.slack.wait_for("chat.update")[0]

The deployment is Sherlock's demo tree written with canary credentials (three environments,
four proven causes). The Bolt app is mounted with ``mount_slack`` into a minimal FastAPI app
and served by uvicorn on a free loopback port in a thread; requests are signed with the
signing secret exactly as Slack signs them (or not, or wrongly, or too old).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import uvicorn
from fastapi import FastAPI
from ruamel.yaml import YAML
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.config.schema import SlackSettings
from sherlock.demo.book import CredentialBook, render_tree
from sherlock.engine.runner import Runner
from sherlock.models import Diagnosis
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.slack.app import build_slack_app
from sherlock.slack.http import mount_slack
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator

DEMO = Path(__file__).resolve().parents[2] / "sherlock" / "demo"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # a fake, shaped like Slack's
ALLOWED_CHANNEL = "C0INCIDENT"
OTHER_CHANNEL = "C0RANDOM1"
ALLOWED_USER = "U0ONCALL1"
OTHER_USER = "U0VISITOR"
CONFIG = """\
[environments.prod]
[environments.staging]
[environments.dev]
"""


class CountingRunner(Runner):
    """A Runner that counts diagnoses and can be told to fail, to prove what ran."""

    calls: int = 0
    fail_with: BaseException | None = None
    delay: float = 0.0

    async def diagnose(
        self, *, environment: str | None = None, error: str = "twilio-20003", offline: bool = False
    ) -> Diagnosis:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            raise self.fail_with
        return await super().diagnose(environment=environment, error=error, offline=offline)


def sign(body: bytes, *, secret: str = SIGNING_SECRET, age: float = 0.0) -> dict[str, str]:
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


_counter = iter(range(1, 1_000_000))


def _ts() -> str:
    return f"{int(time.time())}.{next(_counter):06d}"


def mention(text: str, *, channel: str = ALLOWED_CHANNEL, user: str = OTHER_USER) -> dict[str, Any]:
    ts = _ts()
    return {
        "token": "legacy-verification-token",
        "team_id": "T0SHERLOCK",
        "api_app_id": "A0SHERLOCK",
        "type": "event_callback",
        "event_id": f"Ev{ts.replace('.', '')}",
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": user,
            "text": f"<@U0SHERLOCK> {text}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        },
    }


def direct_message(
    text: str, *, user: str = ALLOWED_USER, channel: str = "D0ONCALL1"
) -> dict[str, Any]:
    ts = _ts()
    return {
        "token": "legacy-verification-token",
        "team_id": "T0SHERLOCK",
        "api_app_id": "A0SHERLOCK",
        "type": "event_callback",
        "event_id": f"Ev{ts.replace('.', '')}",
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        },
    }


def slash_command(
    text: str, *, channel: str = ALLOWED_CHANNEL, user: str = OTHER_USER
) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": "T0SHERLOCK",
        "team_domain": "sherlock-emulator",
        "channel_id": channel,
        "channel_name": "incident",
        "user_id": user,
        "user_name": "someone",
        "command": "/sherlock",
        "text": text,
        "api_app_id": "A0SHERLOCK",
        "response_url": "http://127.0.0.1:9/commands/never-called",
        "trigger_id": "1337.42.abcdef",
    }


def button_click(
    message: dict[str, Any], channel: str, action_id: str, *, user: str = OTHER_USER
) -> dict[str, Any]:
    """The block_actions payload Slack sends when someone presses a button on ``message``."""
    blocks = message.get("blocks", [])
    button = next(
        element
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    )
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "someone", "team_id": "T0SHERLOCK"},
        "api_app_id": "A0SHERLOCK",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": "1337.43.abcdef",
        "team": {"id": "T0SHERLOCK", "domain": "sherlock-emulator"},
        "channel": {"id": channel, "name": "incident"},
        "message": message,
        "response_url": "http://127.0.0.1:9/actions/never-called",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "sherlock_actions",
                "text": button["text"],
                "value": button.get("value", ""),
                "action_ts": _ts(),
            }
        ],
    }


@dataclass
class SlackStack:
    """Everything running; :meth:`start` builds it and stops it all on exit."""

    url: str
    slack: SlackApiEmulator
    twilio: TwilioEmulator
    runner: CountingRunner
    book: CredentialBook
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    @classmethod
    @contextmanager
    def start(
        cls,
        tmp: Path,
        *,
        settings: SlackSettings | None = None,
        with_config: bool = False,
        reuse_answers_for: float = 0.0,
    ) -> Iterator[SlackStack]:
        book = CredentialBook(seed="slack-canary")
        tree = render_tree(DEMO / "deployment", tmp / "acme-deploy", book)
        if with_config:
            (tree / "sherlock.toml").write_text(CONFIG)
        spec = YAML(typ="safe").load((DEMO / "deployment.yaml").read_text(encoding="utf-8"))
        settings = settings or SlackSettings(
            allowed_channels=[ALLOWED_CHANNEL], allowed_users=[ALLOWED_USER]
        )
        with TwilioEmulator(book.state(spec)) as twilio, SlackApiEmulator() as slack:
            runner = CountingRunner(tree, twilio_base_url=twilio.base_url, timeout=2)
            client = AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url=slack.base_url)
            bolt = build_slack_app(
                runner,
                settings,
                signing_secret=SIGNING_SECRET,
                token=None,
                client=client,
                reuse_answers_for=reuse_answers_for,
            )

            @asynccontextmanager
            async def lifespan(_: FastAPI) -> AsyncIterator[None]:
                yield
                await runner.aclose()

            api = FastAPI(lifespan=lifespan)
            mount_slack(api, bolt)
            with serve(api) as url:
                stack = cls(url, slack, twilio, runner, book)
                try:
                    yield stack
                finally:
                    stack.http.close()

    # --- sending ------------------------------------------------------------------------

    def post(self, body: bytes, content_type: str, headers: dict[str, str]) -> httpx.Response:
        return self.http.post(
            f"{self.url}/slack/events",
            content=body,
            headers={"Content-Type": content_type, **headers},
        )

    def send_event(self, payload: dict[str, Any], **signing: Any) -> httpx.Response:
        body = json.dumps(payload).encode()
        return self.post(body, "application/json", sign(body, **signing))

    def send_command(self, form: dict[str, str], **signing: Any) -> httpx.Response:
        body = urlencode(form).encode()
        return self.post(body, "application/x-www-form-urlencoded", sign(body, **signing))

    def send_action(self, payload: dict[str, Any], **signing: Any) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", sign(body, **signing))

    # --- reading --------------------------------------------------------------------------

    def answer(self, count: int = 1) -> tuple[Any, Any]:
        """(the n-th chat.update, the message it replaced) after waiting for it."""
        update = self.slack.wait_for("chat.update", count=count, timeout=10)[count - 1]
        message = self.slack.message(update.params["channel"], update.params["ts"])
        return update, message

    def stored(self, channel: str, ts: str) -> dict[str, Any]:
        """A message as Slack would show it (with its ts), for building button clicks."""
        message = self.slack.message(channel, ts)
        assert message is not None
        return message

    def everything_sent(self) -> str:
        """Every payload the app sent to Slack, serialised, for the canary check."""
        return json.dumps([(c.method, c.params) for c in self.slack.calls], ensure_ascii=False)


@contextmanager
def serve(api: FastAPI) -> Iterator[str]:
    """uvicorn on 127.0.0.1:0 in a thread; yields the base URL; stops it on exit."""
    config = uvicorn.Config(api, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def texts(call: Any) -> str:
    """The blocks and text of a recorded call, as one searchable string."""
    return json.dumps({"text": call.params.get("text"), "blocks": call.params.get("blocks")})
