"""`sherlock diagnose`: find, verify and rank the causes of a known error (Twilio 20003 by default) in a tree.

Exit codes are part of the interface (CI jobs rely on them): 0 nothing wrong and the
diagnosis was complete, 1 causes found, 2 usage or input error, 3 incomplete (no
credentials found, or live verification could not reach Twilio for the sets that matter),
4 a crash inside Sherlock.
"""

from __future__ import annotations

import math
import os
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from sherlock.cli.format_option import DIAGNOSE_FORMATS, format_option
from sherlock.cli.main import settle_heap
from sherlock.cli.progress import progress_after
from sherlock.errors import UsageError

if TYPE_CHECKING:
    from sherlock.config.load import LoadedConfig
    from sherlock.models import Diagnosis
    from sherlock.secrets import Secret


def _explicit_config(path: Path, config: Path | None) -> LoadedConfig | None:
    """``--config FILE``, validated; without it the engine looks for PATH/sherlock.toml."""
    if config is None:
        return None
    from sherlock.config.load import find_config  # pydantic: only when a config is in play

    return find_config(path, config)


def diagnose(
    path: Annotated[Path, typer.Argument(help="Deployment tree to scan.")] = Path("."),
    output: Annotated[str, format_option(DIAGNOSE_FORMATS)] = "terminal",
    env: Annotated[str | None, typer.Option("--env", help="Only this environment.")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Make no live calls.")] = False,
    process_env: Annotated[
        bool, typer.Option("--process-env", help="Also read TWILIO_* from this process.")
    ] = False,
    twilio_base_url: Annotated[
        str | None,
        typer.Option("--twilio-base-url", help="Loopback URL of a Twilio emulator."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds each live request may take, all in all.")
    ] = 5.0,
    error: Annotated[
        str,
        typer.Option("--error", help="Error to diagnose: an id (twilio-20005) or a code (20005)."),
    ] = "twilio-20003",
    config: Annotated[
        Path | None,
        typer.Option("--config", help="sherlock.toml to use (default: PATH/sherlock.toml)."),
    ] = None,
    proxy: Annotated[
        str | None,
        typer.Option(
            "--proxy",
            help="HTTPS proxy for Twilio (CONNECT tunnel); default: HTTPS_PROXY/NO_PROXY.",
        ),
    ] = None,
    trust_config: Annotated[
        bool,
        typer.Option(
            "--trust-config",
            help="Let a sherlock.toml inside the scanned tree point stores at its own endpoints.",
        ),
    ] = False,
    all_rows: Annotated[
        bool,
        typer.Option("--all", help="List every credential, even in a large healthy tree."),
    ] = False,
    token_file: Annotated[
        str | None,
        typer.Option(
            "--token-file",
            help="Access token (JWT) a client was refused with, for 20101-20107/20151; - reads stdin.",
        ),
    ] = None,
) -> None:
    """Find, verify and rank the causes of an error (Twilio 20003 unless --error says)."""
    # Imported here so that `sherlock kb` and `sherlock explain` start without the engine.
    from sherlock.collect import WalkAhead
    from sherlock.engine.diagnose import DiagnoseRequest
    from sherlock.engine.diagnose import diagnose as run_diagnosis
    from sherlock.engine.scrub import unknown_error_message

    if not path.exists():
        raise UsageError(f"no such directory: {path}")
    check_timeout(timeout)
    from sherlock.providers.registry import error_spec, known_error_ids, resolve_error_id

    error = resolve_error_id(error)
    found = error_spec(error)
    if found is None:  # quoted back only when it is a plain id, never a token
        raise UsageError(unknown_error_message(error, known_error_ids()))
    token = _token(error, found[1].inputs, token_file)
    request = DiagnoseRequest(
        root=path,
        error=error,
        environment=env,
        offline=offline,
        process_env=dict(os.environ) if process_env else None,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        config=_explicit_config(path, config),
        proxy=proxy,
        trust_config=trust_config,
        token=token,
    )
    live = not offline and output == "terminal"
    settle_heap()
    # The walk begins before the spinner's timer thread: forking is safe only before it.
    spinner = progress_after(1.0, "Verifying credentials with Twilio…") if live else nullcontext()
    with WalkAhead(path) as walk, spinner:
        result = run_diagnosis(request, walk)
    typer.echo(_render(output, result, path, all_rows))
    raise typer.Exit(result.exit_code)


def _token(error: str, inputs: frozenset[str], token_file: str | None) -> Secret | None:
    """``--token-file``'s token, refused for an error that does not read one."""
    from sherlock.providers.twilio.tokens.source import check_token_use, read_token_file

    check_token_use(error, inputs, token_file is not None)
    return read_token_file(token_file) if token_file is not None else None


def _render(output: str, result: Diagnosis, root: Path, all_rows: bool) -> str:
    """The report in the chosen format; the terminal one fits this terminal's width."""
    from sherlock.render.options import RenderOptions
    from sherlock.render.registry import FORMATS

    console = Console(highlight=False)
    options = RenderOptions(
        root=root, width=console.width, color=console.is_terminal, all_rows=all_rows
    )
    return FORMATS[output].render(result, options)


def check_timeout(timeout: float) -> None:
    """A zero, negative or endless timeout would wait forever or never ask: refuse it."""
    if not math.isfinite(timeout) or timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
