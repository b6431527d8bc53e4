"""`sherlock serve`: the HTTP API (and the Slack app, when configured) over one deployment tree.

Everything that can be wrong is checked before the port opens: the config, the API token,
the emulator URL. A server that starts and then answers every request with the same error
is worse than one that refuses with the reason. ``--insecure-no-auth`` exists for a laptop
and is refused on anything but a loopback address, so it cannot open the API to a network.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from sherlock.errors import UsageError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    path: Annotated[Path, typer.Argument(help="Deployment tree to serve diagnoses of.")] = Path(
        "."
    ),
    config: Annotated[
        Path | None,
        typer.Option("--config", help="sherlock.toml to use (default: PATH/sherlock.toml)."),
    ] = None,
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
    twilio_base_url: Annotated[
        str | None,
        typer.Option("--twilio-base-url", help="Loopback URL of a Twilio emulator."),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per live request.")] = 5.0,
    cache_ttl: Annotated[
        float, typer.Option("--cache-ttl", help="Seconds a Twilio verdict is reused.")
    ] = 60.0,
    insecure_no_auth: Annotated[
        bool,
        typer.Option(
            "--insecure-no-auth", help="Serve /v1 without a bearer token (loopback only)."
        ),
    ] = False,
) -> None:
    """Serve the HTTP API: diagnose, explain, alert webhooks, health and metrics."""
    import uvicorn

    from sherlock.engine.runner import Runner
    from sherlock.providers.twilio.hosts import check_base_url
    from sherlock.server import create_app
    from sherlock.server.auth import token_from_env

    if not path.is_dir():
        raise UsageError(f"no such directory: {path}")
    if twilio_base_url is not None:
        check_base_url(twilio_base_url)
    runner = Runner(
        root=path,
        config_path=config,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        cache_ttl=cache_ttl,
    )
    settings = runner.config.config.server
    listen_host = host or settings.host
    if insecure_no_auth and not _is_loopback(listen_host):
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
