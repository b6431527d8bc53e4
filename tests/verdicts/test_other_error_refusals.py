"""Asked about one error, Sherlock runs that error's checks; a pair refused with another code
is still broken, so the report must not be an all-clear (exit 0) and must name the error the
pair really gets."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import assert_no_secret


def _tree(root: Path, token: str, sid: str) -> Path:
    env_file = root / "prod" / "api" / ".env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text(f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n", encoding="utf-8")
    return root


def _live(twilio: TwilioEmulator) -> list[str]:
    return ["--twilio-base-url", twilio.base_url, "--timeout", "2"]


def _run(tree: Path, twilio: TwilioEmulator, error: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(
        app,
        ["diagnose", str(tree), "--error", error, "--format", "json", *_live(twilio)],
    )
    return result.exit_code, json.loads(result.stdout), result.stdout + result.stderr


def test_a_pair_refused_with_20003_is_not_healthy_when_20005_was_asked(tmp_path: Path) -> None:
    book = CredentialBook()
    wrong = "f" * 32  # never issued: Twilio answers 20003
    tree = _tree(tmp_path, wrong, book.sid("prod"))
    with TwilioEmulator(book.state({"accounts": [{"name": "prod"}]})) as twilio:
        code, report, text = _run(tree, twilio, "twilio-20005")
    assert code == 3, text
    assert report["complete"] is False
    reasons = " ".join(report["completeness"]["reasons"])  # type: ignore[index]
    assert "refused" in reasons and "--error twilio-20003" in reasons
    assert_no_secret(book, text)
    assert wrong not in text


def test_a_working_pair_is_still_healthy_for_another_error(tmp_path: Path) -> None:
    book = CredentialBook()
    tree = _tree(tmp_path, book.token("prod"), book.sid("prod"))
    with TwilioEmulator(book.state({"accounts": [{"name": "prod"}]})) as twilio:
        code, report, text = _run(tree, twilio, "twilio-20005")
    assert code == 0, text
    assert report["complete"] is True
