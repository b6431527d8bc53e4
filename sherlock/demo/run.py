"""The demo run itself, shared by `sherlock demo` and `python -m sherlock.demo` (`make demo`).

The sample tree holds fake credentials and means nothing once the emulator is gone, so by
default it lives in a :class:`tempfile.TemporaryDirectory` that is removed when the run ends,
however it ends (Ctrl-C included). ``keep`` writes it to a folder of the user's choosing
instead, which is what the closing hint offers: a command that works as typed from where the
user stands, whether Sherlock is on PATH or only in the project's virtualenv.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

from rich.console import Console
from ruamel.yaml import YAML

from sherlock.demo.book import CredentialBook, render_tree
from sherlock.engine.diagnose import DiagnoseRequest, diagnose
from sherlock.errors import UsageError
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.render.terminal import render_terminal

HERE = Path(__file__).parent
#: Where the hint suggests keeping the sample (relative to the user's current folder).
KEEP_SUGGESTION = "acme-deploy"


def sherlock_command() -> str:
    """How the user can run this same Sherlock from the current folder.

    ``sherlock`` when PATH finds this installation's script; otherwise the script beside
    the running interpreter (the virtualenv's ``bin``), relative when it is below the current
    folder (``.venv/bin/sherlock``), else absolute; ``python -m sherlock`` as a last resort.
    """
    script = Path(sys.executable).parent / "sherlock"
    found = shutil.which("sherlock")
    if found and script.exists() and Path(found).resolve() == script.resolve():
        return "sherlock"
    if not script.exists():
        return f"{shlex.quote(sys.executable)} -m sherlock"
    relative = os.path.relpath(script, Path.cwd())
    if relative.startswith(".."):
        return shlex.quote(str(script))
    return shlex.quote(relative)


def _check_keep(keep: Path) -> None:
    """Refuse to write the sample over anything the user already has."""
    if keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        raise UsageError(f"{keep} already exists and is not empty; name a new folder for --keep")


def _diagnose_sample(tree: Path, console: Console) -> None:
    """Write nothing, start the emulator with the sample's accounts, diagnose, render."""
    book = CredentialBook()
    render_tree(HERE / "deployment", tree, book)
    spec = YAML(typ="safe").load((HERE / "deployment.yaml").read_text(encoding="utf-8"))
    with TwilioEmulator(book.state(spec)) as emulator:
        console.print(f"Sample deployment written to {tree}")
        console.print(f"Twilio emulator listening on {emulator.base_url}\n")
        diagnosis = diagnose(DiagnoseRequest(root=tree, twilio_base_url=emulator.base_url))
        render_terminal(diagnosis, console)


def _hint(console: Console, kept: Path | None) -> None:
    """The closing hint: commands shown on their own lines, never wrapped, ready to paste."""
    command = sherlock_command()
    console.print("\nTry it yourself:")
    if kept is None:
        lines = [
            f"{command} demo --keep {KEEP_SUGGESTION}",
            f"{command} diagnose {KEEP_SUGGESTION} --offline",
        ]
        console.print("(the sample was removed; the first command keeps it in ./acme-deploy)")
    else:
        lines = [f"{command} diagnose {shlex.quote(str(kept))} --offline"]
    for line in lines:
        console.print(f"  $ {line}", soft_wrap=True, markup=False)
    console.print("(add --format json or --env prod to either diagnose)")


def run_demo(console: Console, *, keep: Path | None = None) -> int:
    """Diagnose the sample deployment; the tree is removed afterwards unless ``keep``."""
    if keep is not None:
        _check_keep(keep)
        _diagnose_sample(keep, console)
    else:
        with tempfile.TemporaryDirectory(prefix="sherlock-demo-") as folder:
            _diagnose_sample(Path(folder) / KEEP_SUGGESTION, console)
    _hint(console, keep)
    return 0


def quiet_teardown() -> None:
    """After Ctrl-C the run stops wherever it was: an event loop half made or a coroutine
    never awaited then complains while the interpreter exits ("Exception ignored in ...",
    a traceback), about things that no longer matter once the sample folder is gone."""
    sys.unraisablehook = lambda _unraisable: None
    warnings.simplefilter("ignore")
