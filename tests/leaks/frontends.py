"""Every way Sherlock shows something to someone, as data: a name and a function from a
planted tree to the texts it produced (stdout, stderr, response bodies and headers, Slack
payloads, log records, warnings).

A new output is one more :class:`FrontEnd` in :data:`FRONT_ENDS`; the leak test runs it over
every planted form.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.engine.runner import Runner
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.server import create_app
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator
from tests.leaks.capture import captured
from tests.leaks.forms import SLACK_CHANNEL, SLACK_USER, Form, Planted
from tests.server.conftest import live_server

#: The server's own secrets, random-looking so that no 8 characters of them occur by chance.
API_TOKEN = "3c1f9a7e5d2b8046af13c5e7d9b2f4a6e8c0b1d3"
SIGNING_SECRET = "9e2d4c6b8a0f1e3d5c7b9a2f4e6d8c0b"


@dataclass
class Case:
    """One planted tree and the emulators a front end may talk to."""

    form: Form
    tree: Path
    planted: Planted
    twilio: TwilioEmulator
    slack: SlackApiEmulator


Outputs = dict[str, str]


@dataclass(frozen=True)
class FrontEnd:
    name: str
    run: Callable[[Case], Outputs]


def _cli(
    out: Outputs,
    name: str,
    args: list[str],
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> None:
    with captured(out, name):
        result = CliRunner().invoke(app, args, input=stdin, env=env)
    out[f"{name} stdout"] = result.stdout
    out[f"{name} stderr"] = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        out[f"{name} exception"] = repr(result.exception)


def diagnose_offline(case: Case) -> Outputs:
    out: Outputs = {}
    for fmt in ("terminal", "json", "markdown"):
        _cli(
            out,
            f"diagnose --offline -f {fmt}",
            ["diagnose", str(case.tree), "--offline", "-f", fmt],
        )
    return out


def diagnose_live(case: Case) -> Outputs:
    out: Outputs = {}
    live = ["--twilio-base-url", case.twilio.base_url, "--timeout", "2"]
    for fmt in ("terminal", "json", "markdown"):
        _cli(out, f"diagnose -f {fmt}", ["diagnose", str(case.tree), "-f", fmt, *live])
    return out


def diagnose_arguments(case: Case) -> Outputs:
    """The credential where a user types it by mistake: as the environment, the error id,
    the proxy's password, and in the process environment with ``--process-env``."""
    out: Outputs = {}
    word = case.planted.word or case.form.canary.secret
    tree = str(case.tree)
    _cli(out, "diagnose --env", ["diagnose", tree, "--offline", "--env", word])
    _cli(out, "diagnose --error", ["diagnose", tree, "--offline", "--error", word, "-f", "json"])
    proxy = f"http://user:{word}@127.0.0.1:9"
    live = ["--twilio-base-url", case.twilio.base_url, "--timeout", "2"]
    _cli(out, "diagnose --proxy", ["diagnose", tree, "--proxy", proxy, *live])
    environ = {"TWILIO_ACCOUNT_SID": case.form.canary.user, "TWILIO_AUTH_TOKEN": word}
    for fmt in ("terminal", "json"):
        args = ["diagnose", tree, "--offline", "--process-env", "--all", "-f", fmt]
        _cli(out, f"diagnose --process-env -f {fmt}", args, env=environ)
    return out


def rotate_plan(case: Case) -> Outputs:
    """``rotate`` without ``--apply`` (it only plans), for the tree's environment and with the
    credential typed as the environment."""
    out: Outputs = {}
    word = case.planted.word or case.form.canary.secret
    live = ["--twilio-base-url", case.twilio.base_url, "--timeout", "2"]
    _cli(out, "rotate --env prod", ["rotate", str(case.tree), "--env", "prod", *live])
    _cli(out, "rotate --env <pasted>", ["rotate", str(case.tree), "--env", word, *live])
    return out


def explain(case: Case) -> Outputs:
    out: Outputs = {}
    for fmt in ("rich", "json", "markdown"):
        _cli(out, f"explain -f {fmt}", ["explain", case.planted.paste, "-f", fmt])
    _cli(out, "explain --brief", ["explain", case.planted.paste, "--brief"])
    _cli(out, "explain stdin", ["explain", "-f", "json"], stdin=case.planted.paste)
    return out


def init(case: Case) -> Outputs:
    out: Outputs = {}
    _cli(out, "init --stdout", ["init", str(case.tree), "--stdout"])
    target = case.tree.parent / f"{case.tree.name}-init.toml"
    _cli(out, "init -o", ["init", str(case.tree), "-o", str(target), "--force"])
    out["init written file"] = target.read_text(encoding="utf-8") if target.exists() else ""
    return out


def kb(case: Case) -> Outputs:
    """``kb`` reads no tree, but an id typed wrong (a token pasted by mistake) is echoed."""
    out: Outputs = {}
    word = case.planted.word or case.form.canary.secret
    _cli(out, "kb show <pasted>", ["kb", "show", word])
    _cli(out, "kb show twilio-20003", ["kb", "show", "twilio-20003", "-f", "text"])
    return out


def guard(case: Case) -> Outputs:
    """``sherlock.guard`` at an application's start-up, with the credential in its form in
    the right variable, in the SID's variable and in the region's."""
    from sherlock.guard import TwilioCredentialError, require_twilio_credentials

    canary = case.form.canary
    word = case.planted.word or canary.secret
    secret_name = "TWILIO_AUTH_TOKEN" if canary.user.startswith("AC") else "TWILIO_API_SECRET"
    sid_name = "TWILIO_ACCOUNT_SID" if canary.user.startswith("AC") else "TWILIO_API_KEY"
    account = {} if sid_name == "TWILIO_ACCOUNT_SID" else {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32}
    environs = {
        "in place": {**account, sid_name: canary.user, secret_name: word},
        "in the SID": {**account, sid_name: word, secret_name: word},
        "in the region": {
            **account,
            sid_name: canary.user,
            secret_name: "x" * 32,
            "TWILIO_REGION": word,
        },
    }
    out: Outputs = {}
    for label, environ in environs.items():
        try:
            out[f"guard {label}"] = repr(require_twilio_credentials(environ))
        except TwilioCredentialError as exc:
            out[f"guard {label}"] = f"{exc} | {exc!r} | {exc.args!r}"
    return out


def _webhooks(paste: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("generic", {"text": paste, "environment": "prod"}),
        (
            "sentry",
            {"action": "triggered", "data": {"event": {"title": paste, "environment": "prod"}}},
        ),
        ("datadog", {"title": "Twilio auth", "body": paste, "tags": "env:prod"}),
        (
            "alertmanager",
            {
                "status": "firing",
                "alerts": [
                    {
                        "status": "firing",
                        "labels": {"environment": "prod"},
                        "annotations": {"description": paste},
                    }
                ],
            },
        ),
    ]


def api(case: Case) -> Outputs:
    """The HTTP API (diagnose, explain, every webhook) with its logs at DEBUG and what the
    webhooks posted to Slack."""
    out: Outputs = {}
    case.slack.reset()
    runner = Runner(case.tree, twilio_base_url=case.twilio.base_url, timeout=2.0)
    client = AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url=case.slack.base_url, timeout=5)
    paste = case.planted.paste
    calls: list[tuple[str, dict[str, Any]]] = [
        ("/v1/diagnose", {}),
        ("/v1/diagnose", {"offline": True, "environment": "prod"}),
        ("/v1/diagnose", {"error": paste}),
        ("/v1/diagnose", {"environment": case.planted.word or case.form.canary.secret}),
        ("/v1/diagnose", {"error": case.planted.word or case.form.canary.secret}),
        ("/v1/explain", {"text": paste}),
        *((f"/v1/webhooks/{source}", body) for source, body in _webhooks(paste)),
    ]
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    with captured(out, "api"):
        application = create_app(
            runner, api_token=API_TOKEN, environ={}, slack_client=client, repost_after=0.0
        )
        with TestClient(application, raise_server_exceptions=False) as http:
            for n, (path, body) in enumerate(calls):
                response = http.post(path, json=body, headers=auth)
                out[f"api {n} {path} {response.status_code}"] = response.text + str(
                    response.headers
                )
    out["api -> slack"] = json.dumps(
        [(c.method, c.params) for c in case.slack.calls], ensure_ascii=False
    )
    return out


def _signed(body: bytes) -> dict[str, str]:
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def _mention(text: str, n: int) -> dict[str, Any]:
    ts = f"1764000000.{n:06d}"
    event = {
        "type": "app_mention",
        "user": SLACK_USER,
        "text": f"<@U0SHERLOCK> {text}",
        "ts": ts,
        "channel": SLACK_CHANNEL,
        "event_ts": ts,
    }
    return {
        "type": "event_callback",
        "team_id": "T0",
        "api_app_id": "A0",
        "event_id": f"Ev{n}",
        "event_time": 1764000000,
        "event": event,
    }


def _command(text: str) -> dict[str, str]:
    return {
        "team_id": "T0",
        "channel_id": SLACK_CHANNEL,
        "user_id": SLACK_USER,
        "command": "/sherlock",
        "text": text,
        "response_url": "http://127.0.0.1:9/never",
        "trigger_id": "1.2.3",
    }


async def _slack_answers(case: Case, base_url: str) -> list[int]:
    paste = case.planted.paste
    statuses: list[int] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        for n, question in enumerate(
            (f"why 20003 in prod? {paste}", f"twilio 20003 everywhere {paste}")
        ):
            body = json.dumps(_mention(question, n + 1)).encode()
            headers = {"Content-Type": "application/json", **_signed(body)}
            statuses.append(
                (await http.post("/slack/events", content=body, headers=headers)).status_code
            )
        form = urlencode(_command(f"diagnose prod {paste}")).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **_signed(form)}
        statuses.append(
            (await http.post("/slack/events", content=form, headers=headers)).status_code
        )
    return statuses


def slack(case: Case) -> Outputs:
    """The Slack app as ``sherlock serve`` mounts it at /slack/events, over real HTTP: two
    mentions and a slash command carrying the paste, with what it posted to the Slack
    emulator and every log record."""
    out: Outputs = {}
    case.slack.reset()
    runner = Runner(case.tree, twilio_base_url=case.twilio.base_url, timeout=2.0)
    client = AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url=case.slack.base_url)
    environ = {"SLACK_BOT_TOKEN": DEFAULT_BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    with captured(out, "slack"):
        application = create_app(runner, api_token=API_TOKEN, environ=environ, slack_client=client)
        with live_server(application) as url:
            out["slack acks"] = str(asyncio.run(_slack_answers(case, url)))
            _settle(case.slack)
    out["slack payloads"] = json.dumps(
        [(c.method, c.params) for c in case.slack.calls], ensure_ascii=False
    )
    return out


def _settle(emulator: SlackApiEmulator, quiet: float = 0.5, limit: float = 15.0) -> None:
    """Wait until the app has answered (two updates at least) and gone quiet."""
    with contextlib.suppress(TimeoutError):
        emulator.wait_for("chat.update", count=2, timeout=limit)
    seen, since = len(emulator.calls), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.05)
        if len(emulator.calls) != seen:
            seen, since = len(emulator.calls), time.monotonic()


FRONT_ENDS: list[FrontEnd] = [
    FrontEnd("diagnose-offline", diagnose_offline),
    FrontEnd("diagnose-live", diagnose_live),
    FrontEnd("diagnose-arguments", diagnose_arguments),
    FrontEnd("rotate-plan", rotate_plan),
    FrontEnd("explain", explain),
    FrontEnd("init", init),
    FrontEnd("kb", kb),
    FrontEnd("guard", guard),
    FrontEnd("api", api),
    FrontEnd("slack", slack),
]
