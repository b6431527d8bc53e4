"""`sherlock slack`: the same app over Socket Mode, run as the real command."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from typer.testing import CliRunner

from sherlock.cli.main import app as cli
from sherlock.config.schema import SlackSettings
from sherlock.demo.book import CredentialBook, render_tree
from sherlock.engine.runner import Runner
from sherlock.errors import UsageError
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.slack.app import build_slack_app
from sherlock.slack.socket_mode import run_socket_mode
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator
from tests.scenario_harness import assert_no_secret
from tests.slack.harness import ALLOWED_CHANNEL, DEMO, mention, slash_command, texts
from tests.slack.socket_server import FakeSocketMode

APP_TOKEN = "xapp-1-A0SHERLOCK-0000-socketModeEmulatorToken"


def test_sherlock_slack_answers_over_socket_mode(tmp_path: Path) -> None:
    book = CredentialBook(seed="slack-socket-canary")
    tree = render_tree(DEMO / "deployment", tmp_path / "acme-deploy", book)
    (tree / "sherlock.toml").write_text(f'[slack]\nallowed_channels = ["{ALLOWED_CHANNEL}"]\n')
    spec = YAML(typ="safe").load((DEMO / "deployment.yaml").read_text(encoding="utf-8"))
    socket = FakeSocketMode()
    socket.start()
    try:
        with TwilioEmulator(book.state(spec)) as twilio, SlackApiEmulator() as slack:
            slack.add_app_token(APP_TOKEN)
            slack.socket_url = socket.url
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_"))}
            env |= {"SLACK_BOT_TOKEN": DEFAULT_BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN}
            command = [sys.executable, "-m", "sherlock", "slack", str(tree), "--timeout", "2"]
            command += ["--twilio-base-url", twilio.base_url, "--slack-api-url", slack.base_url]
            process = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            try:
                assert socket.connected.wait(30), "sherlock slack never connected"
                asked = socket.send("events_api", mention("why is prod getting 20003?"))
                assert socket.ack_for(asked) == {"envelope_id": asked}
                looking = slack.wait_for("chat.postMessage", timeout=15)[0]
                assert "Looking into Twilio 20003 in prod" in texts(looking)
                update = slack.wait_for("chat.update", timeout=15)[0]
                assert "most likely Rotation reached some services" in texts(update)
                assert "`k8s/prod/worker-secret.yaml:9`" in texts(update)

                helped = socket.send("slash_commands", slash_command("help"))
                ack = socket.ack_for(helped)
                assert "/sherlock diagnose [error] [env]" in json.dumps(ack["payload"])
            finally:
                process.send_signal(signal.SIGINT)
                out, err = process.communicate(timeout=15)
            sent = json.dumps([(c.method, c.params) for c in slack.calls])
    finally:
        socket.stop()
    assert process.returncode == 0, err
    assert "connecting to Slack over Socket Mode" in err
    assert_no_secret(book, out, err, sent)
    assert APP_TOKEN not in err and DEFAULT_BOT_TOKEN not in err


def _app(runner: Runner, base_url: str, token: str = DEFAULT_BOT_TOKEN) -> AsyncApp:
    client = AsyncWebClient(token=token, base_url=base_url)
    return build_slack_app(
        runner, SlackSettings(), signing_secret="unused", token=None, client=client
    )


def test_refused_tokens_are_one_clear_error(tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    with SlackApiEmulator() as slack:
        slack.add_app_token(APP_TOKEN)
        bolt = _app(runner, slack.base_url)
        with pytest.raises(UsageError, match="Slack refused the app-level token: invalid_auth"):
            asyncio.run(run_socket_mode(bolt, "xapp-1-unknown"))
        with pytest.raises(UsageError, match="Slack refused the bot token: invalid_auth"):
            asyncio.run(run_socket_mode(_app(runner, slack.base_url, "xoxb-wrong"), APP_TOKEN))
        with pytest.raises(UsageError, match="socket_mode_not_enabled"):
            asyncio.run(run_socket_mode(bolt, APP_TOKEN))


def test_missing_or_misshapen_tokens_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(cli, ["slack", str(tmp_path)])
    assert result.exit_code == 2
    assert "needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN" in result.stderr
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-bot-token")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-x")
    result = CliRunner().invoke(cli, ["slack", str(tmp_path)])
    assert result.exit_code == 2 and "SLACK_BOT_TOKEN is not a bot token" in result.stderr
    assert "not-a-bot-token" not in result.stderr
    monkeypatch.setenv("SLACK_BOT_TOKEN", DEFAULT_BOT_TOKEN)
    result = CliRunner().invoke(
        cli, ["slack", str(tmp_path), "--slack-api-url", "https://slack.com/api/"]
    )
    assert result.exit_code == 2 and "loopback" in result.stderr


def test_config_names_the_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sherlock.toml").write_text(
        '[slack]\nbot_token_env = "SHERLOCK_BOT"\napp_token_env = "SHERLOCK_APP"\n'
    )
    monkeypatch.setenv("SLACK_BOT_TOKEN", DEFAULT_BOT_TOKEN)
    result = CliRunner().invoke(cli, ["slack", str(tmp_path)])
    assert result.exit_code == 2 and "needs SHERLOCK_BOT and SHERLOCK_APP" in result.stderr
