"""Fixtures for the HTTP API: a scenario tree over the Twilio emulator, the Slack Web API
emulator, the app under TestClient, and the app over real HTTP (uvicorn on a free port)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.demo.book import CredentialBook
from sherlock.engine.runner import Runner
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.server import create_app
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator
from tests.scenario_harness import SCENARIO_DIR, build_tree, load_spec

#: The API token every test app is built with (long, random-looking, and a canary too).
API_TOKEN = "srv-test-token-7f3a9c2e4b6d8f0a1c3e5b7d9f2a4c6e"
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
ALERT_CHANNEL = "C0ALERTS"
#: The scenario most tests serve: prod rotated, billing still holds the old token.
DEFAULT_SCENARIO = "rotation-partial-dotenv"


@dataclass
class Deployment:
    """A rendered scenario tree and the emulator that knows its credentials."""

    tree: Path
    book: CredentialBook
    twilio: TwilioEmulator
    spec: dict[str, Any]

    def runner(self, **overrides: Any) -> Runner:
        options: dict[str, Any] = {
            "root": self.tree,
            "twilio_base_url": self.twilio.base_url,
            "timeout": 2.0,
        }
        return Runner(**{**options, **overrides})


@contextmanager
def deployment_of(scenario: str, dest: Path, *, config: str | None = None) -> Iterator[Deployment]:
    path = SCENARIO_DIR / scenario
    spec = load_spec(path)
    book = CredentialBook()
    tree = build_tree(path, dest, book)
    if config is not None:
        (tree / "sherlock.toml").write_text(config, encoding="utf-8")
    with TwilioEmulator(book.state(spec.get("emulator", {}))) as twilio:
        yield Deployment(tree, book, twilio, spec)


SLACK_CONFIG = f'[slack]\nalert_channel = "{ALERT_CHANNEL}"\n'


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    with deployment_of(DEFAULT_SCENARIO, tmp_path / "deploy", config=SLACK_CONFIG) as found:
        yield found


@pytest.fixture
def slack() -> Iterator[SlackApiEmulator]:
    with SlackApiEmulator() as emulator:
        yield emulator


def slack_client(emulator: SlackApiEmulator) -> AsyncWebClient:
    return AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url=emulator.base_url, timeout=5)


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(deployment: Deployment, slack: SlackApiEmulator) -> AppFactory:
    """``make_app(**create_app options)`` over the default deployment and Slack emulator."""

    def build(*, runner: Runner | None = None, **options: Any) -> FastAPI:
        options.setdefault("api_token", API_TOKEN)
        options.setdefault("environ", {})
        options.setdefault("slack_client", slack_client(slack))
        return create_app(runner or deployment.runner(), **options)

    return build


@pytest.fixture
def client(make_app: AppFactory) -> Iterator[TestClient]:
    with TestClient(make_app()) as test_client:
        yield test_client


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port; yields its base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
