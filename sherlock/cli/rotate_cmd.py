"""`sherlock rotate --env NAME`: rotate an environment's Auth Token without an outage.

Prints the plan and changes nothing unless ``--apply`` is given; ``--resume`` continues an
interrupted rotation from its journal. Exit codes: 0 planned or rotated, 1 stopped before
promotion (the old token still works; the message says what to do), 2 usage or input
error (including a rotation that cannot start), 4 a crash.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated

import typer

from sherlock.cli.diagnose_cmd import check_timeout
from sherlock.errors import UsageError
from sherlock.secrets import Secret

EXIT_STOPPED = 1


def _admin_token(variable: str) -> Secret | None:
    """The Auth Token for key create/delete, from the environment (never a flag: a flag's
    value would sit in shell history and ``ps``)."""
    value = os.environ.get(variable, "").strip()
    return Secret(value) if value else None


def rotate(
    path: Annotated[Path, typer.Argument(help="Deployment tree (ROOT).")] = Path("."),
    env: Annotated[str | None, typer.Option("--env", help="Environment to rotate.")] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Make the changes.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted rotation.")
    ] = False,
    journal: Annotated[
        Path | None,
        typer.Option("--journal", help="Journal file (default ROOT/.sherlock/rotation-ENV.json)."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="sherlock.toml to use (default: ROOT/sherlock.toml)."),
    ] = None,
    twilio_base_url: Annotated[
        str | None,
        typer.Option("--twilio-base-url", help="Loopback URL of a Twilio emulator."),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds each Twilio request may take.")] = 10.0,
    trust_config: Annotated[
        bool,
        typer.Option(
            "--trust-config",
            help="Let a sherlock.toml inside the tree point stores at its own endpoints.",
        ),
    ] = False,
    api_key: Annotated[
        bool, typer.Option("--api-key", help="Rotate the API key instead of the Auth Token.")
    ] = False,
    key_sid_field: Annotated[
        str, typer.Option(help="Name of the key SID in every target (JSON key / variable).")
    ] = "TWILIO_API_KEY",
    key_secret_field: Annotated[
        str, typer.Option(help="Name of the key secret in every target.")
    ] = "TWILIO_API_SECRET",
    admin_token_env: Annotated[
        str,
        typer.Option(help="Variable holding the Auth Token that creates and deletes API keys."),
    ] = "TWILIO_AUTH_TOKEN",
) -> None:
    """Rotate an environment's Twilio Auth Token: plan first, --apply to do it."""
    from sherlock.config.load import find_config
    from sherlock.rotate.errors import RotationStopped
    from sherlock.rotate.session import RotateRequest
    from sherlock.rotate.session import rotate as run_rotation

    if env is None:
        raise UsageError("--env NAME is required: which environment's token to rotate")
    if not path.is_dir():
        raise UsageError(f"no such directory: {path}")
    check_timeout(timeout)
    loaded = find_config(path, config)
    if loaded.path is None:
        raise UsageError(f"no sherlock.toml in {path} (or give --config FILE)")
    request = RotateRequest(
        root=path,
        environment=env,
        config=loaded,
        store_environ=dict(os.environ),
        apply=apply,
        resume=resume,
        journal_path=journal,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        trust_config=trust_config,
        api_key=api_key,
        key_fields=(key_sid_field, key_secret_field),
        admin_token=_admin_token(admin_token_env) if api_key else None,
    )
    try:
        asyncio.run(run_rotation(request, typer.echo))
    except RotationStopped as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_STOPPED) from None
