"""A false all-clear is the worst answer: exit 0 only when Sherlock looked and found nothing.

Exit codes: 0 healthy and complete, 1 causes found, 2 usage error, 3 incomplete, 4 crash.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import assert_no_secret


def _write_prod_env(root: Path, book: CredentialBook, folder: str = "prod") -> Path:
    env_file = root / folder / "api" / ".env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text(
        f"TWILIO_ACCOUNT_SID={book.sid('prod')}\nTWILIO_AUTH_TOKEN={book.token('prod')}\n",
        encoding="utf-8",
    )
    return env_file


def _closed_loopback_url() -> str:
    """A loopback port nothing listens on: every connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _diagnose(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["diagnose", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_tree_without_credentials_is_incomplete_not_healthy(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing here\n", encoding="utf-8")
    code, out, _ = _diagnose(str(tmp_path), "--offline", "--format", "json")
    report = json.loads(out)
    assert code == 3
    assert report["complete"] is False
    assert report["causes"] == []
    assert "no Twilio credentials found" in report["completeness"]["reasons"][0]
    assert "--process-env" in report["completeness"]["reasons"][0]


def test_the_terminal_says_incomplete_instead_of_no_cause_found(tmp_path: Path) -> None:
    code, out, _ = _diagnose(str(tmp_path), "--offline")
    assert code == 3
    assert "No cause found: nothing in the scanned tree" not in out
    assert "Incomplete" in out


def test_twilio_unreachable_is_exit_3_with_a_banner_and_counts(tmp_path: Path) -> None:
    book = CredentialBook()
    _write_prod_env(tmp_path, book)
    url = _closed_loopback_url()
    code, out, err = _diagnose(str(tmp_path), "--twilio-base-url", url, "--timeout", "1")
    assert code == 3, out + err
    assert "Twilio unreachable: 1 of 1 credential set(s) unverified" in " ".join(out.split())
    code, out, err = _diagnose(
        str(tmp_path), "--twilio-base-url", url, "--timeout", "1", "--format", "json"
    )
    report = json.loads(out)
    assert code == 3
    assert report["complete"] is False
    assert report["completeness"]["unverified"] == 1
    assert report["completeness"]["verifiable"] == 1
    assert_no_secret(book, out, err)


def test_a_healthy_complete_tree_exits_0(tmp_path: Path) -> None:
    book = CredentialBook()
    _write_prod_env(tmp_path, book)
    with TwilioEmulator(book.state({"accounts": [{"name": "prod"}]})) as twilio:
        base_url = twilio.base_url
        code, out, _ = _diagnose(str(tmp_path), "--twilio-base-url", base_url, "--format", "json")
    report = json.loads(out)
    assert (code, report["complete"], report["causes"]) == (0, True, [])
    assert report["contacted"] == [base_url.rstrip("/")]


def test_offline_contacts_nothing(tmp_path: Path) -> None:
    _write_prod_env(tmp_path, CredentialBook())
    _, out, _ = _diagnose(str(tmp_path), "--offline", "--format", "json")
    assert json.loads(out)["contacted"] == []


def test_offline_on_a_tree_with_credentials_is_complete(tmp_path: Path) -> None:
    """--offline is the user's choice not to verify: the static checks ran in full."""
    _write_prod_env(tmp_path, CredentialBook())
    code, out, _ = _diagnose(str(tmp_path), "--offline", "--format", "json")
    assert (code, json.loads(out)["complete"]) == (0, True)


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf"])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(
    tmp_path: Path, timeout: str
) -> None:
    code, _, err = _diagnose(str(tmp_path), "--timeout", timeout)
    assert code == 2
    assert err.startswith("sherlock: error: --timeout must be a positive number")


def test_a_crash_inside_sherlock_is_exit_4_without_the_exception_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError("TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef")

    monkeypatch.setattr("sherlock.engine.diagnose.diagnose", explode)
    code, out, err = _diagnose(str(tmp_path), "--offline")
    assert code == 4
    assert "internal error (RuntimeError)" in err
    assert "0123456789abcdef" not in out + err


def test_a_failing_check_is_a_note_and_the_other_checks_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sherlock.providers.twilio import errors as registry

    async def broken(_ctx: object) -> list[object]:
        raise KeyError("boom")

    book = CredentialBook()
    env_file = _write_prod_env(tmp_path, book)
    env_file.write_text(
        f'TWILIO_ACCOUNT_SID={book.sid("prod")}\nTWILIO_AUTH_TOKEN="{book.token("prod")} "\n',
        encoding="utf-8",
    )
    monkeypatch.setitem(registry.AUTHENTICATION_CHECKS, "region_mismatch", broken)
    with TwilioEmulator(book.state({"accounts": [{"name": "prod"}]})) as twilio:
        code, out, _ = _diagnose(
            str(tmp_path), "--twilio-base-url", twilio.base_url, "--format", "json"
        )
    report = json.loads(out)
    assert code == 1
    assert report["causes"][0]["id"] == "whitespace-in-credential"
    assert any("check region_mismatch" in note for note in report["notes"])
    assert report["complete"] is False


def test_an_offline_all_clear_says_only_the_static_checks_looked(tmp_path: Path) -> None:
    """Nothing was sent to Twilio, so the all-clear must not read as "Twilio accepts these"."""
    _write_prod_env(tmp_path, CredentialBook())
    code, out, _ = _diagnose(str(tmp_path), "--offline")
    assert code == 0
    assert "No cause found by the static checks; nothing was verified live" in out
    assert "nothing in the scanned tree explains" not in out
    _, report, _ = _diagnose(str(tmp_path), "--offline", "--format", "json")
    assert json.loads(report)["completeness"]["static_only"] is True
