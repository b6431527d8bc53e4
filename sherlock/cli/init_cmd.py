"""`sherlock init`: write a starting sherlock.toml from what discovery finds in a tree.

An existing config is somebody's work, so it is never overwritten without ``--force``. The
file is checked with the same loader ``diagnose`` uses before it is written, and written
through a temporary file, so a failure never leaves half a config behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sherlock.config import CONFIG_NAME
from sherlock.errors import InputError, UsageError

if TYPE_CHECKING:
    from sherlock.starting_config import StartingConfig


def _summary(plan: StartingConfig) -> str:
    from sherlock.starting_config import comment_text

    names = ", ".join(comment_text(env.name) for env in plan.environments)
    counts = (
        f"{len(plan.environments)} environment(s)"
        + (f" ({names})" if names else "")
        + f", {plan.service_count} service(s), {plan.source_count} source(s)"
    )
    if plan.decoys:
        counts += f"; {len(plan.decoys)} example/fixture file(s) left out"
    return counts


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole or not at all (with the usual file mode, since the
    config holds no secrets and a team shares it)."""
    try:
        handle, temp = tempfile.mkstemp(prefix=".sherlock-init-", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.chmod(temp, 0o666 & ~_umask())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {target} ({exc.strerror or exc})") from None


def init(
    path: Annotated[Path, typer.Argument(help="Deployment tree to scan.")] = Path("."),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=f"File to write (default: PATH/{CONFIG_NAME})."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the config instead of writing a file.")
    ] = False,
    process_env: Annotated[
        bool, typer.Option("--process-env", help="Also list TWILIO_* variables of this process.")
    ] = False,
) -> None:
    """Write a commented starting sherlock.toml from what discovery finds (no live calls)."""
    # Imported here so that other commands start without discovery and pydantic.
    from sherlock.config.load import parse_config
    from sherlock.starting_config import comment_text, plan_starting_config, render_plan

    if not path.exists():
        raise UsageError(f"no such directory: {path}")
    if not path.is_dir():
        raise UsageError(f"{path} is not a directory; init scans a deployment tree")
    if stdout and output is not None:
        raise UsageError("--stdout prints the config; it cannot be combined with --output")
    target = output if output is not None else path / CONFIG_NAME
    if not stdout:
        if target.is_dir():
            raise UsageError(f"{target} is a directory; --output names the file to write")
        if not target.parent.is_dir():
            raise UsageError(f"no such directory: {target.parent}")
        if target.exists() and not force:
            raise UsageError(
                f"{target} already exists; pass --force to overwrite it, or --stdout to print"
            )
    environ = dict(os.environ) if process_env else None
    plan = plan_starting_config(path, process_env=environ, base_dir=target.parent)
    text = render_plan(plan)
    parse_config(text, target)  # a config init cannot read back is a bug, not a file to write
    if stdout:
        typer.echo(text, nl=False)
        typer.echo(f"sherlock init: {_summary(plan)}", err=True)
        return
    _write(target, text)
    typer.echo(f"wrote {comment_text(str(target))}: {_summary(plan)}")
    config = "" if output is None else f" --config {comment_text(str(target))}"
    typer.echo(f"review it, then run: sherlock diagnose {comment_text(str(path))}{config}")
