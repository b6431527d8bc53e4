"""`make demo`: diagnose a bundled sample deployment against the Twilio emulator.

The sample (``deployment/``, three environments, several services) is written to a fresh
temporary folder with fake credentials, the emulator is started on a free loopback port
with the matching accounts (``deployment.yaml``), and the ordinary diagnosis runs over HTTP,
exactly as `sherlock diagnose DIR --twilio-base-url URL` would.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console
from ruamel.yaml import YAML

from sherlock.demo.book import CredentialBook, render_tree
from sherlock.engine.diagnose import DiagnoseRequest, diagnose
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.render.terminal import render_terminal

HERE = Path(__file__).parent


def main() -> int:
    console = Console(highlight=False)
    book = CredentialBook()
    tree = render_tree(
        HERE / "deployment", Path(tempfile.mkdtemp(prefix="sherlock-demo-")) / "acme-deploy", book
    )
    spec = YAML(typ="safe").load((HERE / "deployment.yaml").read_text(encoding="utf-8"))
    with TwilioEmulator(book.state(spec)) as emulator:
        console.print(f"Sample deployment written to {tree}")
        console.print(f"Twilio emulator listening on {emulator.base_url}\n")
        diagnosis = diagnose(DiagnoseRequest(root=tree, twilio_base_url=emulator.base_url))
        render_terminal(diagnosis, console)
    console.print(
        f"\nTry it yourself: sherlock diagnose {tree} --offline   (or --format json, --env prod)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
