"""Without an extra, Sherlock's core still works and each optional command says what to install.

Every child process runs the real ``sherlock`` command with the SDKs of the missing extras
made unimportable (see ``blocker/sitecustomize.py``), which is what a user has after a plain
``pip install sherlock-rca``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.run import OPTIONAL_SDKS, run_sherlock

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "f00dcafe" * 4


def _tree(root: Path, config: str = "") -> Path:
    tree = root / "deploy"
    tree.mkdir()
    # A quoted token: a cause Sherlock finds offline, with no store and no Twilio.
    (tree / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN=\"'{TOKEN}'\"\n", encoding="utf-8"
    )
    if config:
        (tree / "sherlock.toml").write_text(config, encoding="utf-8")
    return tree


def _assert_one_clean_line(result: subprocess.CompletedProcess[str], hint: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert hint in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_importing_the_core_loads_no_optional_sdk() -> None:
    code = (
        "import sys, sherlock.cli.main, sherlock.engine.diagnose;"
        f"print(sorted({{m.partition('.')[0] for m in sys.modules}} & set({OPTIONAL_SDKS!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_diagnose_offline_without_any_extra_reports_as_with_every_extra(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    args = ["diagnose", str(tree), "--offline", "--format", "json"]
    full = run_sherlock(args, tmp_path)
    slim = run_sherlock(args, tmp_path, blocked=OPTIONAL_SDKS)
    assert "Traceback" not in slim.stderr
    assert slim.returncode == full.returncode, slim.stderr
    report = json.loads(slim.stdout)
    assert report["causes"], report
    assert report == json.loads(full.stdout)
    assert TOKEN not in slim.stdout + slim.stderr


@pytest.mark.parametrize(
    ("command", "blocked", "hint"),
    [
        (
            ["serve", "--host", "127.0.0.1", "--port", "0", "--insecure-no-auth"],
            ("fastapi", "starlette", "uvicorn", "prometheus_client", "swagger_ui_bundle"),
            "sherlock serve needs the server extra: pip install 'sherlock-rca[server]'",
        ),
        (
            ["slack"],
            ("slack_bolt", "slack_sdk", "aiohttp"),
            "the Slack app needs the slack extra: pip install 'sherlock-rca[slack]'",
        ),
    ],
)
def test_a_command_whose_extra_is_missing_prints_the_install_command(
    tmp_path: Path, command: list[str], blocked: tuple[str, ...], hint: str
) -> None:
    tree = _tree(tmp_path)
    env = {"SLACK_BOT_TOKEN": "xoxb-1-test", "SLACK_APP_TOKEN": "xapp-1-test"}
    result = run_sherlock([*command, str(tree)], tmp_path, blocked=blocked, env=env, timeout=30)
    _assert_one_clean_line(result, hint)


STORES = [
    (
        "aws-sm://prod/twilio#auth_token",
        ("boto3", "botocore"),
        "AWS Secrets Manager needs the aws extra: pip install 'sherlock-rca[aws]'",
    ),
    (
        "vault://secret/prod/twilio#auth_token",
        ("hvac",),
        "HashiCorp Vault needs the vault extra: pip install 'sherlock-rca[vault]'",
    ),
    (
        "gcp-sm://projects/p/secrets/twilio#auth_token",
        ("google",),
        "GCP Secret Manager needs the gcp extra: pip install 'sherlock-rca[gcp]'",
    ),
]


@pytest.mark.parametrize(("store", "blocked", "hint"), STORES)
def test_a_store_whose_extra_is_missing_is_a_note_with_the_install_command(
    tmp_path: Path, store: str, blocked: tuple[str, ...], hint: str
) -> None:
    config = (
        '[stores.vault]\nurl = "http://127.0.0.1:9"\n'
        '[stores.aws]\nregion = "us-east-1"\nendpoint_url = "http://127.0.0.1:9"\n'
        '[stores.gcp]\nendpoint = "http://127.0.0.1:9"\ncredentials = "anonymous"\n'
        f'[environments.prod]\nstores = ["{store}"]\n'
    )
    tree = _tree(tmp_path, config)
    args = ["diagnose", str(tree), "--trust-config", "--format", "json"]
    # Twilio is never asked: the emulator URL is a closed loopback port.
    args += ["--twilio-base-url", "http://127.0.0.1:9", "--timeout", "2"]
    result = run_sherlock(args, tmp_path, blocked=blocked, env={"VAULT_TOKEN": "hvs.test"})
    assert "Traceback" not in result.stderr
    notes = json.loads(result.stdout)["notes"]
    assert any(hint in note for note in notes), notes


@pytest.mark.parametrize(("store", "blocked", "hint"), STORES)
def test_rotating_into_a_store_whose_extra_is_missing_stops_with_the_install_command(
    tmp_path: Path, store: str, blocked: tuple[str, ...], hint: str
) -> None:
    config = (
        '[stores.vault]\nurl = "http://127.0.0.1:9"\n'
        '[stores.gcp]\nendpoint = "http://127.0.0.1:9"\ncredentials = "anonymous"\n'
        f'[environments.prod]\naccount = "{SID}"\nstores = ["{store}"]\n'
    )
    tree = _tree(tmp_path, config)
    args = ["rotate", str(tree), "--env", "prod", "--apply", "--trust-config"]
    args += ["--twilio-base-url", "http://127.0.0.1:9", "--timeout", "2"]
    result = run_sherlock(args, tmp_path, blocked=blocked, env={"VAULT_TOKEN": "hvs.test"})
    _assert_one_clean_line(result, hint)
