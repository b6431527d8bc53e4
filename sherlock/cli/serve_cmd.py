"""`sherlock serve`: the HTTP API (and the Slack app, when configured) over one deployment tree.

Everything that can be wrong is checked before the port opens: the config, the API token,
the emulator URL. A server that starts and then answers every request with the same error
is worse than one that refuses with the reason. ``--insecure-no-auth`` exists for a laptop
and is refused on anything but a loopback address, so it cannot open the API to a network;
an API token shorter than 32 characters is refused (it could be guessed or brute-forced).

Logging is configured once, before the app is built, with the same config handed to
uvicorn, so every line (uvicorn's, Sherlock's, a library's) has one format; the first of
Sherlock's names the tree, the config file and whether the Slack app is on.
"""

from __future__ import annotations

import logging
import logging.config
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sherlock.cli.runner_options import (
    CacheTtlOption,
    ConfigOption,
    ProxyOption,
    TimeoutOption,
    TrustConfigOption,
    TwilioBaseUrlOption,
    build_runner,
)
from sherlock.errors import UsageError
from sherlock.extras import requires
from sherlock.providers.twilio.hosts import is_loopback_host
from sherlock.secrets import Secret
from sherlock.server.logconfig import LogFormat, log_config

if TYPE_CHECKING:
    from fastapi import FastAPI

    from sherlock.config.schema import ServerSettings
    from sherlock.engine.runner import Runner

#: Shortest API token accepted: 128 bits as hex, what `openssl rand -hex 16` prints.
MIN_TOKEN_LENGTH = 32
SLACK_EVENTS = "/slack/events"


def _check_token(token: Secret | None, settings: ServerSettings) -> None:
    """Refuse a short token, naming its variable and never its value (nor its length)."""
    if token is not None and len(token.reveal()) < MIN_TOKEN_LENGTH:
        raise UsageError(
            f"{settings.token_env} is shorter than {MIN_TOKEN_LENGTH} characters; "
            "use a long random value (for example: openssl rand -hex 24)"
        )


def _startup_line(runner: Runner, app: FastAPI) -> str:
    """What is being served, in one line: the tree, the config and the Slack app's state."""
    loaded = runner.config
    config = str(loaded.path) if loaded.path else "none (defaults)"
    paths = {getattr(route, "path", None) for route in app.routes}
    slack = f"Slack app on at {SLACK_EVENTS}" if SLACK_EVENTS in paths else "Slack app off"
    channel = loaded.config.slack.alert_channel
    alerts = f"alerts to Slack channel {channel}" if channel else "no alert channel"
    return f"serving {runner.root.resolve()}; config {config}; {slack}; {alerts}"


def serve(
    path: Annotated[Path, typer.Argument(help="Deployment tree to serve diagnoses of.")] = Path(
        "."
    ),
    config: ConfigOption = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host", help="Address to listen on (default: server.host in sherlock.toml)."
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port", min=0, max=65535, help="Port (default: server.port in sherlock.toml)."
        ),
    ] = None,
    twilio_base_url: TwilioBaseUrlOption = None,
    timeout: TimeoutOption = 5.0,
    cache_ttl: CacheTtlOption = 60.0,
    proxy: ProxyOption = None,
    trust_config: TrustConfigOption = False,
    insecure_no_auth: Annotated[
        bool,
        typer.Option(
            "--insecure-no-auth", help="Serve /v1 without a bearer token (loopback only)."
        ),
    ] = False,
    log_format: Annotated[
        LogFormat,
        typer.Option("--log-format", help="text, or json: one object per line for collectors."),
    ] = LogFormat.TEXT,
) -> None:
    """Serve the HTTP API: diagnose, explain, alert webhooks, health and metrics."""
    with requires("server"):  # before any work: without FastAPI, say what to install
        import uvicorn

        from sherlock.server.app import create_app
        from sherlock.server.auth import token_from_env

    runner = build_runner(
        path,
        config=config,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        cache_ttl=cache_ttl,
        proxy=proxy,
        trust_config=trust_config,
    )
    settings = runner.config.config.server
    listen_host = host or settings.host
    if insecure_no_auth and not is_loopback_host(listen_host):
        raise UsageError(
            f"--insecure-no-auth only listens on a loopback address, not {listen_host}"
        )
    token = token_from_env(settings, os.environ)
    _check_token(token, settings)
    logging_config = log_config(log_format)
    logging.config.dictConfig(logging_config)
    with requires("slack"):  # the Slack app or alerts to Slack, when sherlock.toml asks
        app = create_app(runner, api_token=token, insecure_no_auth=insecure_no_auth)
    log = logging.getLogger("sherlock.server")
    log.info("%s", _startup_line(runner, app))
    if token is None:
        log.warning("--insecure-no-auth: /v1 answers anyone who can reach %s", listen_host)
    uvicorn.run(
        app,
        host=listen_host,
        port=settings.port if port is None else port,
        access_log=False,  # one line per request comes from sherlock.server.access
        log_config=logging_config,
        log_level="info",
        server_header=False,
    )
