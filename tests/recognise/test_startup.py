"""`sherlock --version` and `sherlock explain` start without what they do not need.

Issue 11's goal is a start-up time (``benchmarks/startup.py`` measures it); these tests pin
the reasons it is met, which a timing cannot do on a shared machine: the modules that are
never imported, and the fast path printing exactly what the Typer command prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version

import pytest

from sherlock.cli.explain_run import ExplainArgs, ExplainFormat, plain_arguments

TEXT = "HTTP 401 error: Unable to fetch record: Authenticate"
ENV = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}

#: Loaded and listed: the modules each command must not import.
_RUN_MAIN = """
import json, sys
sys.argv = ["sherlock", *json.loads(sys.argv[1])]
from sherlock.cli.main import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY} or m.startswith(("sherlock.engine", "sherlock.server", "sherlock.providers.twilio.client")))
sys.stderr.write("\\nHEAVY=" + json.dumps(heavy) + "\\n")
sys.exit(code)
"""
HEAVY = {"typer", "pydantic", "httpx", "ruamel", "yaml", "fastapi", "boto3", "rich"}


def _run_main(args: list[str], stdin: str = "") -> tuple[int, str, str, list[str]]:
    script = _RUN_MAIN.replace("{HEAVY}", repr(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    stderr, _, heavy = done.stderr.rpartition("\nHEAVY=")
    return done.returncode, done.stdout, stderr, json.loads(heavy)


def _run_typer(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    script = (  # the app main() builds for an explain line it leaves to Typer
        "import sys\nfrom sherlock.cli.app import build_app\n"
        "build_app(['explain'])(sys.argv[1:], prog_name='sherlock')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr


def test_version_is_printed_without_the_cli_framework() -> None:
    code, out, _, heavy = _run_main(["--version"])
    assert (code, out) == (0, f"sherlock {version('sherlock-rca')}\n")
    assert heavy == []


def test_version_fast_path_prints_what_the_typer_option_prints() -> None:
    assert _run_typer(["--version"])[:2] == (0, f"sherlock {version('sherlock-rca')}\n")


def test_explain_imports_neither_pydantic_nor_the_engine_server_or_http_client() -> None:
    _run_main(["explain", TEXT])  # the first run may fill the knowledge-base parse cache
    code, out, _, heavy = _run_main(["explain", TEXT])
    assert code == 0 and "Twilio 20003 (HTTP 401)" in out
    assert [m for m in heavy if not m.startswith("rich")] == []


CASES = {
    "rich": (["explain", TEXT], ""),
    "json short option": (["explain", "-f", "json", TEXT], ""),
    "json glued short option": (["explain", "-fjson", TEXT], ""),
    "markdown with =": (["explain", "--format=markdown", TEXT], ""),
    "option after the text": (["explain", TEXT, "--format", "json"], ""),
    "brief": (["explain", "--brief", TEXT], ""),
    "bare code": (["explain", "20003"], ""),
    "bare status": (["explain", "-f", "json", "401"], ""),
    "stdin": (["explain", "--format", "json"], '{"code": 20003, "status": 401}'),
    "stdin dash": (["explain", "-"], '{"code": 20003, "status": 401}'),
    "text after --": (["explain", "--", "-not an option"], ""),
    "not recognised": (["explain", "Authenticate"], ""),
    "empty": (["explain", "   "], ""),
    "unknown format": (["explain", "-f", "xml", TEXT], ""),
    "two texts": (["explain", TEXT, "again"], ""),
    "help": (["explain", "--help"], ""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fast_path_prints_exactly_what_the_typer_command_prints(case: str) -> None:
    args, stdin = CASES[case]
    fast = _run_main(args, stdin)[:3]
    assert fast == _run_typer(args, stdin)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([TEXT], ExplainArgs(TEXT)),
        (["-"], ExplainArgs("-")),
        ([], ExplainArgs(None)),
        (["--brief", "-f", "markdown", TEXT], ExplainArgs(TEXT, ExplainFormat.MARKDOWN, True)),
        (["--", "--brief"], ExplainArgs("--brief")),
    ],
)
def test_plain_command_lines_are_read_without_typer(args: list[str], expected: ExplainArgs) -> None:
    assert plain_arguments(args) == expected


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["-f"], ["-f", "xml"], ["--format=", TEXT], ["--brief=yes"], ["a", "b"]],
)
def test_anything_unusual_is_left_to_typer(args: list[str]) -> None:
    assert plain_arguments(args) is None
