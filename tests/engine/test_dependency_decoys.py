"""A package's own files are not the deployment's configuration: a ``.env`` shipped inside
``vendor/`` must not become a credential set (or a cause) of the application."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.engine.decoys import is_decoy

APP_SID = "AC" + "ab" * 16
APP_TOKEN = "cd" * 16
VENDOR_TOKEN = "ef" * 15 + " "  # broken on purpose: if it were read, it would be a cause


def test_paths_inside_installed_dependencies_are_decoys() -> None:
    assert is_decoy("vendor/acme/sms/.env")
    assert is_decoy("app/third_party/twilio-helper/config.yml")
    assert not is_decoy("services/vendor-api/.env")  # a service named after vendors is real
    assert not is_decoy(".env")


def test_a_vendored_packages_env_file_is_set_aside_with_a_note(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={APP_SID}\nTWILIO_AUTH_TOKEN={APP_TOKEN}\n", encoding="utf-8"
    )
    package = tmp_path / "vendor" / "acme" / "sms"
    package.mkdir(parents=True)
    (package / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={APP_SID}\nTWILIO_AUTH_TOKEN={VENDOR_TOKEN}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--offline", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["causes"] == []
    assert {row["location"].split(":")[0] for row in report["credentials"]} == {".env"}
    assert any("vendor/acme/sms/.env" in note for note in report["notes"])
