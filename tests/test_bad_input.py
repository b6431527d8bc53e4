"""Bad input is skipped with a note, never a traceback, and never hides the good input."""

from __future__ import annotations

import os
from pathlib import Path

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import assert_no_secret, run_cli


def _messy_tree(root: Path, book: CredentialBook) -> Path:
    (root / "services" / "api").mkdir(parents=True)
    good = f"TWILIO_ACCOUNT_SID={book.sid('prod')}\nTWILIO_AUTH_TOKEN={book.token('prod')}\n"
    (root / "services" / "api" / ".env.production").write_text(good)
    (root / "binary").mkdir()
    (root / "binary" / ".env").write_bytes(b"TWILIO_AUTH_TOKEN=\x00\x01\x02" * 10)
    (root / "huge").mkdir()
    with (root / "huge" / ".env.production").open("w") as handle:
        handle.write("PADDING=" + "x" * 3_000_000 + "\n")
    (root / "docker-compose.yml").write_text("services:\n  api: [unclosed\n   - : :\n")
    (root / "k8s").mkdir()
    (root / "k8s" / "secret.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: tw}\ndata:\n  TWILIO_AUTH_TOKEN: '%%%not-base64'\n"
    )
    (root / "latin1").mkdir()
    (root / "latin1" / ".env").write_bytes(b"TWILIO_AUTH_TOKEN=caf\xe9\xff\xfe\n")
    os.symlink(".", root / "loop")
    os.symlink("/etc", root / "outside")
    os.mkfifo(root / ".env.staging")
    return root


def test_messy_tree_is_diagnosed_with_notes_and_no_traceback(tmp_path: Path) -> None:
    book = CredentialBook()
    tree = _messy_tree(tmp_path / "deploy", book)
    with TwilioEmulator(book.state({"accounts": [{"name": "prod"}]})) as emulator:
        run = run_cli(tree, emulator)
        terminal = run_cli(tree, emulator, output="terminal")
    assert "Traceback" not in run.stdout + run.stderr + terminal.stdout + terminal.stderr
    assert run.exit_code in (0, 1), run.stderr
    report = run.report()
    notes = "\n".join(report["notes"])
    for skipped in ("binary/.env", "huge/.env.production", "docker-compose.yml", "k8s/secret.yaml"):
        assert skipped in notes, f"no note for {skipped}: {notes}"
    good = [c for c in report["credentials"] if c["location"].startswith("services/api/")]
    assert good and all(c["verification"].startswith("valid") for c in good)
    assert not any(c["location"].startswith("outside/") for c in report["credentials"])
    assert_no_secret(book, run.stdout, run.stderr, terminal.stdout)


def test_missing_directory_is_a_usage_error_with_exit_2(tmp_path: Path) -> None:
    run = run_cli(tmp_path / "nope", None)
    assert run.exit_code == 2
    assert "no such directory" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_file_instead_of_a_directory_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("hello")
    run = run_cli(target, None)
    assert run.exit_code == 2
    assert "not a directory" in run.stderr
