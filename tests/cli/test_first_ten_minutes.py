"""What a new user types first: bare codes, brief answers, readable help, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("code", ["20003", "401", " 20003 "])
def test_explain_takes_a_bare_code(code: str) -> None:
    exit_code, out, _ = _run("explain", code, "--format", "json")
    assert exit_code == 0
    assert json.loads(out)["recognised"]["entry_id"] == "twilio-20003"


def test_explain_a_bare_status_says_the_code_was_inferred() -> None:
    _, out, _ = _run("explain", "401", "--format", "json")
    recognised = json.loads(out)["recognised"]
    assert (recognised["code_stated"], recognised["form"]) == (False, "a bare HTTP status")


@pytest.mark.parametrize("entry", ["20003", "401", "twilio-20003"])
def test_kb_show_takes_a_bare_code(entry: str) -> None:
    exit_code, out, _ = _run("kb", "show", entry, "--format", "json")
    assert exit_code == 0
    assert json.loads(out)["id"] == "twilio-20003"


def test_an_unknown_bare_code_is_one_line_and_exit_2() -> None:
    exit_code, _, err = _run("kb", "show", "99999")
    assert exit_code == 2
    assert err.strip() == "sherlock: error: no knowledge-base entry for code or HTTP status 99999"


@pytest.mark.parametrize("command", [["explain", "20003"], ["kb", "show", "20003"]])
def test_brief_is_a_few_lines_with_the_usual_causes(command: list[str]) -> None:
    exit_code, out, _ = _run(*command, "--brief")
    assert exit_code == 0
    assert out.startswith("Twilio 20003 (HTTP 401)")
    assert "Most common causes:" in out
    assert "[stale-credential-after-rotation]" in out
    assert len(out.splitlines()) <= 16


def test_help_shows_boolean_flags_as_flags() -> None:
    _, out, _ = _run("diagnose", "--help")
    assert "--offline" in out
    assert "<bool>" not in out
    assert "╭" not in out


def test_explain_usage_names_its_argument_once() -> None:
    _, out, _ = _run("explain", "--help")
    assert "Usage: sherlock explain [OPTIONS] [TEXT]" in out
    assert "[[TEXT]]" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagnose", "--bogus"], "No such option: --bogus"),
        (["diagnose", "--format", "xml"], "Invalid value for '--format'"),
        (["kb", "show"], "Missing argument 'ID'"),
        (["nope"], "No such command 'nope'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    exit_code, out, err = _run(*args)
    assert exit_code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sherlock: error: ")
    assert message in lines[0]
    assert "╭" not in out + err


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    exit_code, out, _ = _run("--version")
    assert (exit_code, out.strip()) == (0, f"sherlock {version('sherlock-rca')}")
