"""`sherlock kb list` and `sherlock kb show` through the real Typer app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.kb import load_entry

runner = CliRunner()


def test_list_table() -> None:
    result = runner.invoke(app, ["kb", "list"])
    assert result.exit_code == 0, result.output
    causes = str(len(load_entry("twilio-20003").causes))  # the KB grows as causes are added
    for cell in ("twilio-20003", "twilio", "20003", "401", causes):
        assert cell in result.stdout


def test_list_json() -> None:
    result = runner.invoke(app, ["kb", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = {item["id"]: item for item in json.loads(result.stdout)}
    assert len(listed["twilio-20003"]["causes"]) == len(load_entry("twilio-20003").causes)


def test_show_rich_has_every_section() -> None:
    result = runner.invoke(app, ["kb", "show", "twilio-20003"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    entry = load_entry("twilio-20003")
    for cause in entry.causes:
        assert cause.id in out
    causes = f"Causes ({len(load_entry('twilio-20003').causes)})"
    for heading in (causes, "Confirm", "Fix", "How to fix it", "Prevention", "Related"):
        assert heading in out
    assert "critical" in out and "common" in out


def test_show_rich_does_not_parse_markup() -> None:
    """KB commands contain brackets; rich markup parsing would silently eat them."""
    result = runner.invoke(app, ["kb", "show", "twilio-20003"])
    assert "[0-9a-f]{32}" in result.stdout


def test_show_json_round_trips() -> None:
    result = runner.invoke(app, ["kb", "show", "twilio-20003", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["code"] == 20003
    assert data["http_status"] == 401
    assert [c["id"] for c in data["causes"]] == list(load_entry("twilio-20003").cause_ids)


def test_show_markdown() -> None:
    result = runner.invoke(app, ["kb", "show", "twilio-20003", "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Twilio 20003")
    assert f"## Causes ({len(load_entry('twilio-20003').causes)})" in result.stdout
    assert "### 4. " in result.stdout
    assert "| 20008 |" in result.stdout


def test_show_text_is_plain() -> None:
    result = runner.invoke(app, ["kb", "show", "twilio-20003", "-f", "text"])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    assert "CAUSES" in result.stdout
    assert "[deprecated-regional-host]" in result.stdout
    assert "WHAT IT MEANS" in result.stdout


def test_show_unknown_id_is_a_clean_error_under_the_test_runner_too() -> None:
    result = runner.invoke(app, ["kb", "show", "twilio-99999"])
    assert result.exit_code == 2
    assert "twilio-99999" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("entry_id", ["twilio-99999", "nonsense"])
def test_show_unknown_id_is_one_line_and_exit_2(entry_id: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sherlock", "kb", "show", entry_id],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("sherlock: error: unknown knowledge-base entry")
