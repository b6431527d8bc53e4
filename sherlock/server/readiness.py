"""What ``/readyz`` checks: can this server answer a diagnosis right now?

Liveness (``/healthz``) only says the process answers; an orchestrator should not send
traffic to a server whose deployment tree vanished (a failed git-sync), whose
``sherlock.toml`` no longer validates (a bad commit pulled in after start), or that is
configured for Slack without the secrets to use it. Each check is local and cheap, so a
probe every few seconds costs nothing and never reaches Twilio or Slack. Reasons name
variables and files, never their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from sherlock.config import find_config
from sherlock.config.schema import SlackSettings
from sherlock.engine.runner import Runner
from sherlock.errors import SherlockError
from sherlock.server.errors import error_response


@dataclass(frozen=True)
class Problem:
    """One reason the server is not ready: what (``tree``, ``config``, ``slack``) and why."""

    location: str
    message: str


def _tree(runner: Runner) -> list[Problem]:
    if runner.root.is_dir():
        return []
    return [Problem("tree", f"the deployment tree {runner.root} is not a directory")]


def _config(runner: Runner) -> list[Problem]:
    """The config as it is on disk now (it may have changed since start-up)."""
    try:
        find_config(runner.root, runner.config_path)
    except SherlockError as exc:
        return [Problem("config", str(exc))]
    return []


def _is_set(environ: Mapping[str, str], name: str) -> bool:
    return bool(environ.get(name, "").strip())


def slack_problems(
    settings: SlackSettings, environ: Mapping[str, str], *, has_client: bool
) -> list[Problem]:
    """Slack is configured when an alert channel or either Slack app secret is set; then
    alerts need a bot token (or a client given to the app) and the app needs both secrets."""
    token, secret = settings.bot_token_env, settings.signing_secret_env
    problems = []
    if settings.alert_channel and not (has_client or _is_set(environ, token)):
        problems.append(f"[slack] alert_channel is set but {token} is empty")
    if _is_set(environ, token) != _is_set(environ, secret):
        missing = secret if _is_set(environ, token) else token
        problems.append(f"the Slack app needs both {token} and {secret}; {missing} is empty")
    return [Problem("slack", message) for message in problems]


@dataclass(frozen=True)
class Readiness:
    """What the app was built with: the runner, its Slack settings and where secrets are."""

    runner: Runner
    slack: SlackSettings
    environ: Mapping[str, str]
    has_slack_client: bool

    def problems(self) -> list[Problem]:
        """Every reason the server is not ready; empty when it is."""
        problems = _tree(self.runner) or _config(self.runner)
        return problems + slack_problems(self.slack, self.environ, has_client=self.has_slack_client)


class Ready(BaseModel):
    """The /readyz answer when every check passed."""

    model_config = ConfigDict(extra="forbid")
    status: Literal["ready"]
    version: str


def not_ready(request: Request, problems: list[Problem]) -> JSONResponse:
    """The 503 answer: one message and one detail per reason, in the one error shape."""
    message = "not ready: " + "; ".join(p.message for p in problems)
    details = [{"location": p.location, "message": p.message} for p in problems]
    return error_response(request, 503, "not_ready", message, details=details)
