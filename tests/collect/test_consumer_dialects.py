"""Each way a tree loads an env file reads the same line as that program really does.

The tables were checked against dash, bash, GNU make 4.3, GNU xargs and systemd 252's own
env-file parser; where those programs are installed, the oracle tests at the end run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.collect.env_consumers import (
    MAKE_INCLUDE,
    SHELL_SOURCE,
    SYSTEMD_FILE,
    read_as,
    word_split_dialect,
)

EXPORT_XARGS = word_split_dialect("export", xargs=True, drop_comments=False)
EXPORT_GREP_XARGS = word_split_dialect("export", xargs=True, drop_comments=True)
ENV_CAT = word_split_dialect("env", xargs=False, drop_comments=False)


def value_of(text: str, dialect: str, name: str = "T") -> str | None:
    """The literal value ``name`` gets; None when unset or only known at run time."""
    found = [e.value for e in read_as(dialect, text).entries if e.name == name and not e.missing]
    return found[-1] if found else None


@pytest.mark.parametrize(
    ("text", "shell", "make", "systemd"),
    [
        ("T=abc\n", "abc", "abc", "abc"),
        ('T="abc"\n', "abc", '"abc"', "abc"),
        ("T='abc'\n", "abc", "'abc'", "abc"),
        ("T=abc\r\n", "abc\r", "abc", "abc"),
        ('T="abc"\r\n', "abc\r", '"abc"', "abc"),
        ("T=abc   \n", "abc", "abc   ", "abc"),
        ("T=abc # note\n", "abc", "abc ", "abc # note"),
        ("T=a\\#b\n", "a#b", "a#b", "a#b"),
        ("export T=abc\n", "abc", "abc", None),
        ("T = abc\n", None, "abc", "abc"),
        ("T=ab\\\ncd\n", "abcd", "ab cd", "abcd"),
        ('T=mid"q"\n', "midq", 'mid"q"', 'mid"q"'),
        ('T="a" "b"\n', None, '"a" "b"', "ab"),
        ('T="es\\"c"\n', 'es"c', '"es\\"c"', 'es"c'),
        ('T="a\\nb"\n', "a\\nb", '"a\\nb"', "a\\nb"),
        ("T=$$x\n", None, "$x", "$$x"),
        ("; T=abc\n", None, None, None),
    ],
)
def test_shell_make_and_systemd_each_read_a_line_their_own_way(
    text: str, shell: str | None, make: str | None, systemd: str | None
) -> None:
    assert value_of(text, SHELL_SOURCE) == shell
    assert value_of(text, MAKE_INCLUDE) == make
    assert value_of(text, SYSTEMD_FILE) == systemd


@pytest.mark.parametrize(
    ("text", "export_xargs", "env_cat"),
    [
        ("T=abc\n", "abc", "abc"),
        ('T="abc"\n', "abc", '"abc"'),
        ("T='abc'\n", "abc", "'abc'"),
        ("T=abc\r\n", "abc\r", "abc\r"),
        ('T="abc def"\n', "abc", '"abc'),
        ("T=a\\ b\n", "a", "a\\"),
    ],
)
def test_word_split_readings_keep_or_lose_quotes_and_break_on_blanks(
    text: str, export_xargs: str, env_cat: str
) -> None:
    assert value_of(text, EXPORT_XARGS) == export_xargs
    assert value_of(text, ENV_CAT) == env_cat


def test_a_commented_out_old_token_is_exported_unless_comments_are_filtered() -> None:
    text = "# T=old\nU=1\n"
    assert value_of(text, EXPORT_XARGS) == "old"
    assert value_of(text, EXPORT_GREP_XARGS) is None


def test_env_stops_at_the_first_word_that_is_not_an_assignment() -> None:
    parsed = read_as(ENV_CAT, "A=1\nB=two words\nT=abc\n")
    assert [(e.name, e.value) for e in parsed.entries] == [("A", "1"), ("B", "two")]
    assert {line for line, _ in parsed.problems} == {2}


def test_xargs_stops_at_an_unmatched_quote_and_says_where() -> None:
    parsed = read_as(EXPORT_XARGS, 'A=1\nB="open\nT=abc\n')
    assert [e.name for e in parsed.entries] == ["A"]
    assert [line for line, _ in parsed.problems] == [2]


def test_a_sourced_assignment_followed_by_a_command_is_not_kept() -> None:
    parsed = read_as(SHELL_SOURCE, "TWILIO_AUTH_TOKEN=abc def\nU=1\nLC_ALL=C sort\n")
    assert [e.name for e in parsed.entries] == ["U"]
    assert [line for line, _ in parsed.problems] == [1]  # only Twilio names are worth a note


def test_a_sourced_value_that_needs_expansion_names_what_it_needs() -> None:
    parsed = read_as(SHELL_SOURCE, "T=${VAULT_TOKEN}\n")
    assert [(e.name, e.missing) for e in parsed.entries] == [("T", ("VAULT_TOKEN",))]


def test_make_stops_at_a_line_that_is_not_an_assignment() -> None:
    parsed = read_as(MAKE_INCLUDE, "A=1\njust words\nT=abc\n")
    assert [e.name for e in parsed.entries] == ["A"]
    assert [line for line, _ in parsed.problems] == [2]


def test_make_appends_and_keeps_its_own_references_unresolved() -> None:
    parsed = read_as(MAKE_INCLUDE, "A=1\nA+=2\nT=$(SECRET)\n")
    assert [(e.name, e.value) for e in parsed.entries if e.name == "A"][-1] == ("A", "1 2")
    assert [e.missing for e in parsed.entries if e.name == "T"] == [("SECRET",)]


def test_systemd_quoted_values_span_lines_and_invalid_names_are_ignored() -> None:
    parsed = read_as(SYSTEMD_FILE, "T='one\ntwo'\nexport U=1\nV=2\n")
    assert [(e.name, e.value, e.line) for e in parsed.entries] == [
        ("T", "one\ntwo", 1),
        ("V", "2", 4),
    ]
    assert [line for line, _ in parsed.problems] == [3]


# --- oracles: the real programs, where installed ---------------------------------------------

ORACLE_LINES = [
    'T="abc"\n',
    "T='abc'\n",
    "T=abc\r\n",
    'T="abc"\r\n',
    "T=abc   \n",
    "T=abc # note\n",
    "T=a\\#b\n",
    "export T=abc\n",
    "T=ab\\\ncd\n",
    'T=mid"q"\n',
    'T="es\\"c"\n',
]


def shown(value: str | None) -> str:
    """A reading as the oracle scripts print it: ``<unset>`` when the name is not set."""
    return "<unset>" if value is None else value


def _run(args: list[str], cwd: Path) -> bytes:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(args, cwd=cwd, env=clean, capture_output=True, check=False).stdout


@pytest.mark.skipif(shutil.which("dash") is None, reason="dash is not installed")
@pytest.mark.parametrize("text", ORACLE_LINES)
def test_the_shell_reading_matches_what_dash_sources(text: str, tmp_path: Path) -> None:
    (tmp_path / "f.env").write_bytes(text.encode())
    script = 'set -a; . ./f.env; set +a; printf %s "${T-<unset>}"'
    real = _run(["dash", "-c", script], tmp_path).decode()
    assert shown(value_of(text, SHELL_SOURCE)) == real


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
@pytest.mark.parametrize("text", ORACLE_LINES)
def test_the_make_reading_matches_what_make_exports(text: str, tmp_path: Path) -> None:
    (tmp_path / "f.env").write_bytes(text.encode())
    recipe = '\t@printf %s "$${T-<unset>}"\n'
    (tmp_path / "Makefile").write_text(f"include f.env\nexport\nall:\n{recipe}")
    real = _run(["make", "-s"], tmp_path).decode()
    assert shown(value_of(text, MAKE_INCLUDE)) == real


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("text", ['T="abc"\n', "T='abc'\n", "T=abc\r\n", "# T=old\n"])
def test_the_xargs_reading_matches_what_bash_exports(text: str, tmp_path: Path) -> None:
    (tmp_path / "f.env").write_bytes(text.encode())
    script = 'export $(cat f.env | xargs) 2>/dev/null; printf %s "${T-<unset>}"'
    real = _run(["bash", "-c", script], tmp_path).decode()
    assert shown(value_of(text, EXPORT_XARGS)) == real


@pytest.mark.parametrize(
    ("text", "value"),
    [("T=\r\vabc\n", "abc"), ("T= \r =x\n", "=x"), ("T \r= abc\n", "abc"), ("T=x\r\r\n", "x\r")],
)
def test_make_trims_every_kind_of_blank_after_the_equals_sign(text: str, value: str) -> None:
    assert value_of(text, MAKE_INCLUDE) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("T=a\\\\#c\n", "a\\"),
        ("T=a\\\\\\#c\n", "a\\#c"),
        ("T=ab\\\\\nU=1\n", "ab\\\\"),
        ("T=ab\\\\\\\nU=1\n", "ab\\ U=1"),
    ],
)
def test_make_pairs_backslashes_before_a_hash_and_at_the_end_of_a_line(
    text: str, value: str
) -> None:
    assert value_of(text, MAKE_INCLUDE) == value


def test_a_sourced_assignment_continued_onto_the_next_line_is_kept() -> None:
    assert value_of("T=abc \\\nU=1\n", SHELL_SOURCE) == "abc"


BLANKS_QUOTES_ESCAPES = st.text(
    alphabet=st.sampled_from(list("ab \"'\\#\r=x;\t")), min_size=1, max_size=8
)


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
@settings(max_examples=40, deadline=None)
@given(value=BLANKS_QUOTES_ESCAPES)
def test_any_line_of_blanks_quotes_and_escapes_reads_as_make_reads_it(value: str) -> None:
    text = f"T={value}\nU=1\n"
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "f.env").write_bytes(text.encode())
        recipe = '\t@printf %s "$${T-<unset>}"\n'
        (Path(folder) / "Makefile").write_text(f"include f.env\nexport\nall:\n{recipe}")
        done = subprocess.run(["make", "-s"], cwd=folder, capture_output=True, check=False)
    if done.returncode == 0:  # a line make refuses stops make: nothing to compare
        assert shown(value_of(text, MAKE_INCLUDE)) == done.stdout.decode()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@settings(max_examples=40, deadline=None)
@given(value=BLANKS_QUOTES_ESCAPES)
def test_any_line_of_blanks_quotes_and_escapes_reads_as_bash_sources_it(value: str) -> None:
    text = f"T={value}\nU=1\n"
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "f.env").write_bytes(text.encode())
        script = '. ./f.env 2>/dev/null; printf %s "${U-<stopped>}|${T-<unset>}"'
        real = _run(["bash", "-c", script], Path(folder)).decode()
    if real.startswith("1|"):  # a syntax error stops the shell: nothing to compare
        assert shown(value_of(text, SHELL_SOURCE)) == real[2:]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("T=abc", "abc"),
        ("T=abc B=2", "abc"),
        ("T=abc B=2 cmd", "<unset>"),  # every assignment before a command only prefixes it
        ("T= a= =", "<unset>"),  # '=' is no assignment: it is the command (found by Hypothesis)
        ("T=abc B='x y' cmd", "<unset>"),
        ("T=abc B='x y'; cmd", "abc"),
    ],
)
def test_assignments_before_a_command_are_not_kept_when_sourced(line: str, kept: str) -> None:
    found = [e.value for e in read_as(SHELL_SOURCE, line + "\n").entries if e.name == "T"]
    assert (found[-1] if found else "<unset>") == kept
