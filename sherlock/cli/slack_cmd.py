"""`sherlock slack`: the Slack app over Socket Mode, until Ctrl-C.

Socket Mode needs no public URL: the app dials out to Slack. The tokens come from the
environment variables named in ``[slack]`` of ``sherlock.toml`` (by default
``SLACK_BOT_TOKEN`` and ``SLACK_APP_TOKEN``); a missing one, a refused one, or a Slack that
cannot be reached is one line on stderr and exit 2, checked before Sherlock says it is
running. For HTTP mode, the same app runs under ``sherlock serve`` at ``/slack/events``.
"""

from __future__ import annotations

import asyncio
import logging
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
from sherlock.extras import requires

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp

    from sherlock.engine.runner import Runner


async def _serve(runner: Runner, bolt: AsyncApp, app_token: str) -> None:
    from sherlock.slack.socket_mode import run_socket_mode

    try:
        await run_socket_mode(bolt, app_token)
    finally:
        await runner.aclose()


def slack(
    path: Annotated[Path, typer.Argument(help="Deployment tree to answer questions about.")] = (
        Path(".")
    ),
    config: ConfigOption = None,
    twilio_base_url: TwilioBaseUrlOption = None,
    slack_api_url: Annotated[
        str | None,
        typer.Option(
            "--slack-api-url", help="Loopback URL of a Slack Web API emulator (for trials)."
        ),
    ] = None,
    timeout: TimeoutOption = 5.0,
    cache_ttl: CacheTtlOption = 60.0,
    proxy: ProxyOption = None,
    trust_config: TrustConfigOption = False,
) -> None:
    """Run the Slack app over Socket Mode (no public URL needed) until Ctrl-C."""
    with requires("slack"):  # before any work: without slack_bolt, say what to install
        from slack_sdk.web.async_client import AsyncWebClient

        # Socket Mode's transport (aiohttp) too, not first when the socket opens.
        import sherlock.slack.socket_mode  # noqa: F401
        from sherlock.slack.app import build_slack_app
        from sherlock.slack.credentials import read_credentials

    runner = build_runner(
        path,
        config=config,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        cache_ttl=cache_ttl,
        other_emulator_urls=(slack_api_url,),
        proxy=proxy,
        trust_config=trust_config,
    )
    settings = runner.config.config.slack
    credentials = read_credentials(settings, os.environ, socket_mode=True)
    assert credentials.app_token is not None
    signing = credentials.signing_secret
    client = None
    if slack_api_url is not None:
        client = AsyncWebClient(base_url=slack_api_url.rstrip("/") + "/")
    bolt = build_slack_app(
        runner,
        settings,
        # Slack signs nothing on the socket; Bolt still wants a value.
        signing_secret=signing.reveal() if signing else "unused-in-socket-mode",
        token=credentials.bot_token.reveal(),
        client=client,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if not (settings.allowed_channels or settings.allowed_users):
        typer.echo(
            "note: no [slack] allowed_channels or allowed_users: everyone gets the static "
            "explanation, nobody triggers live checks",
            err=True,
        )
    typer.echo("Sherlock is connecting to Slack over Socket Mode; Ctrl-C stops it", err=True)
    try:
        asyncio.run(_serve(runner, bolt, credentials.app_token.reveal()))
    except KeyboardInterrupt:
        typer.echo("stopping", err=True)
