"""`sherlock emulator`: run the Twilio API emulator in the foreground until Ctrl-C.

Used by the demo, benchmarks and anyone trying Sherlock without real credentials:
``sherlock emulator --state state.yaml --port 8089`` then
``sherlock diagnose . --twilio-base-url http://127.0.0.1:8089``. The state file format is
documented in :mod:`sherlock.providers.twilio.emulator.state`; a bad file is an
InputError, which the CLI prints as one line.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sherlock.errors import UsageError
from sherlock.providers.twilio.hosts import is_loopback_host

if TYPE_CHECKING:
    from sherlock.providers.twilio.emulator import TwilioEmulator


def _serve(emulator: TwilioEmulator) -> None:
    """Block until interrupted; the Event never fires, Ctrl-C ends the wait."""
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        typer.echo("stopping the emulator", err=True)
    finally:
        emulator.stop()


def emulator(
    state: Annotated[
        Path, typer.Option("--state", help="JSON or YAML file with accounts, keys and faults.")
    ],
    port: Annotated[int, typer.Option("--port", help="TCP port (0 picks a free one).")] = 8089,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Run the Twilio API emulator (fake accounts only) until Ctrl-C."""
    from sherlock.providers.twilio.emulator import TwilioEmulator, load_state

    loaded = load_state(state)
    running = TwilioEmulator(loaded, host=host, port=port)
    try:
        running.start()
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    typer.echo(running.base_url)
    if not is_loopback_host(host):
        typer.echo("warning: listening beyond loopback; Sherlock only sends to loopback", err=True)
    summary = f"accounts: {len(loaded.accounts)}, API keys: {len(loaded.api_keys)}"
    typer.echo(f"emulating Twilio ({summary}); press Ctrl-C to stop", err=True)
    _serve(running)
