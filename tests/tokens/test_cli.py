"""``sherlock diagnose --error <jwt error> --token-file``: a file or stdin, clear usage errors,
and no token or secret in any output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from tests.tokens.factory import ACCOUNT, AUTH_TOKEN, CANARIES, KEY, KEY_SECRET, access_token

ENV = f"""TWILIO_ACCOUNT_SID={ACCOUNT}
TWILIO_AUTH_TOKEN={AUTH_TOKEN}
TWILIO_API_KEY={KEY}
TWILIO_API_SECRET={KEY_SECRET}
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "deploy"
    (root / "token-server").mkdir(parents=True)
    (root / "token-server" / ".env").write_text(ENV, encoding="utf-8")
    return root


def _run(tree: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diagnose", str(tree), "--offline", *args], input=stdin)
    return result.exit_code, result.stdout + result.stderr


def _no_leak(token: str, output: str) -> None:
    for secret in CANARIES:
        assert secret[:10] not in output and secret[-10:] not in output
    for part in token.split("."):
        assert part[:12] not in output and part[-12:] not in output


@pytest.mark.parametrize("fmt", ["json", "terminal", "markdown"])
def test_a_token_file_signed_with_the_auth_token_is_diagnosed_and_never_shown(
    tree: Path, tmp_path: Path, fmt: str
) -> None:
    token = access_token(secret=AUTH_TOKEN)
    (tmp_path / "token.jwt").write_text(token + "\n", encoding="utf-8")
    args = ("--error", "twilio-20107", "--token-file", str(tmp_path / "token.jwt"), "-f", fmt)
    code, output = _run(tree, *args)
    assert code == 1, output
    assert "token-signed-with-auth-token" in output or "Auth Token instead" in output
    _no_leak(token, output)


def test_the_token_can_come_from_stdin(tree: Path) -> None:
    token = access_token(ttl=-3600)
    code, output = _run(tree, "--error", "20104", "--token-file", "-", "-f", "json", stdin=token)
    assert code == 1
    assert json.loads(output)["causes"][0]["id"] == "token-expired"
    _no_leak(token, output)


def test_a_sound_token_signed_by_the_trees_key_leaves_no_cause(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "t").write_text(access_token(), encoding="utf-8")
    code, output = _run(tree, "--error", "20101", "--token-file", str(tmp_path / "t"), "-f", "json")
    assert json.loads(output)["causes"] == [], output
    assert code != 1


def test_without_a_token_the_report_says_to_pass_one(tree: Path) -> None:
    code, output = _run(tree, "--error", "twilio-20106", "-f", "json")
    assert code == 1
    causes = json.loads(output)["causes"]
    assert [c["id"] for c in causes] == ["token-not-provided"]
    assert causes[0]["proof"] == "possible"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        ("", "holds no token"),
        ("  \n", "holds no token"),
        (b"\xff\xfe\x00junk", "not UTF-8 text"),
        ("dir", "is a directory"),
    ],
)
def test_an_unusable_token_file_is_one_clear_line_and_exit_2(
    tree: Path, tmp_path: Path, content: str | bytes | None, says: str
) -> None:
    path = tmp_path / "token.jwt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    code, output = _run(tree, "--error", "20101", "--token-file", str(path))
    assert code == 2
    assert says in output and "Traceback" not in output


def test_a_token_for_an_error_that_reads_none_is_refused_without_quoting_it(
    tree: Path, tmp_path: Path
) -> None:
    token = access_token()
    (tmp_path / "t").write_text(token, encoding="utf-8")
    code, output = _run(tree, "--error", "twilio-20003", "--token-file", str(tmp_path / "t"))
    assert code == 2
    assert "access-token errors" in output
    _no_leak(token, output)


def test_a_file_that_is_not_a_token_is_diagnosed_as_malformed_without_echoing_it(
    tree: Path, tmp_path: Path
) -> None:
    (tmp_path / "t").write_text(KEY_SECRET, encoding="utf-8")  # a key secret pasted by mistake
    code, output = _run(tree, "--error", "20101", "--token-file", str(tmp_path / "t"), "-f", "json")
    assert code == 1
    assert json.loads(output)["causes"][0]["id"] == "token-malformed"
    assert KEY_SECRET[:10] not in output and KEY_SECRET[-10:] not in output


def test_a_token_finding_survives_choosing_an_environment(tree: Path) -> None:
    """The token belongs to no environment of the tree: --env must not filter it away."""
    (tree / "token-server" / ".env").rename(tree / "token-server" / ".env.production")
    token = access_token(ttl=-3600)
    args = ("--error", "20104", "--env", "production", "--token-file", "-", "-f", "json")
    code, output = _run(tree, *args, stdin=token)
    assert [c["id"] for c in json.loads(output)["causes"]] == ["token-expired"], output
    assert code == 1
