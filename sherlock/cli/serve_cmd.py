"""`sherlock serve`: the HTTP API (and the Slack app, when configured) over one deployment tree.

Everything that can be wrong is checked before the port opens: the config, the API token,
the emulator URL. A server that starts and then answers every request with the same error
is worse than one that refuses with the reason. ``--insecure-no-auth`` exists for a laptop
and is refused on anything but a loopback address, so it cannot open the API to a network.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

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
from sherlock.providers.twilio.hosts import is_loopback_host


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
) -> None:
    """Serve the HTTP API: diagnose, explain, alert webhooks, health and metrics."""
    import uvicorn

    from sherlock.server import create_app
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
    app = create_app(runner, api_token=token, insecure_no_auth=insecure_no_auth)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # One line per request comes from sherlock.server.access; httpx would add one per
    # Twilio call.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if token is None:
        logging.getLogger("sherlock.server").warning(
            "--insecure-no-auth: /v1 answers anyone who can reach %s", listen_host
        )
    uvicorn.run(
        app,
        host=listen_host,
        port=settings.port if port is None else port,
        access_log=False,
        log_level="info",
        server_header=False,
    )
