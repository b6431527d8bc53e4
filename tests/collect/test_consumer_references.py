"""Finding the programs that load an env file: sourcing, word splitting, make, systemd."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.collect.env_consumers import (
    MAKE_INCLUDE,
    SHELL_SOURCE,
    SYSTEMD_FILE,
    make_includes,
    read_as,
    script_references,
    word_split_dialect,
)
from sherlock.collect.systemd import environment_file_references, environment_words

TREE = {"ops/prod.env", "prod.env", ".env", "ops/.env", "etc/app/api.env", "ops/api/api.env"}
EXPORT_XARGS = word_split_dialect("export", xargs=True, drop_comments=False)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (". ./prod.env", [("ops/prod.env", SHELL_SOURCE)]),
        ("source prod.env", [("ops/prod.env", SHELL_SOURCE)]),
        ('. "$(dirname "$0")/prod.env"', [("ops/prod.env", SHELL_SOURCE)]),
        (". ${BASH_SOURCE%/*}/.env", [("ops/.env", SHELL_SOURCE)]),
        ("set -a && . ../prod.env && set +a", [("prod.env", SHELL_SOURCE)]),
        ("if [ -f .env ]; then . .env; fi", [("ops/.env", SHELL_SOURCE)]),
        ("[ -f x ] && source $ENV_FILE", []),
        (". ~/.profile", []),
        ("export $(cat .env | xargs)", [("ops/.env", EXPORT_XARGS)]),
        (
            "export $(grep -v '^#' .env | xargs)",
            [("ops/.env", word_split_dialect("export", xargs=True, drop_comments=True))],
        ),
        (
            "env $(cat .env) ./run",
            [("ops/.env", word_split_dialect("env", xargs=False, drop_comments=False))],
        ),
        (
            "export `cat .env | xargs -d '\\n'`",
            [("ops/.env", word_split_dialect("export", xargs=False, drop_comments=False))],
        ),
        ("export $(xargs < .env)", [("ops/.env", EXPORT_XARGS)]),
        ("echo . is not a source; cat .env", []),
        ("# export $(cat .env | xargs)", []),
        ("docker run --env $(cat .env) img", []),
        ("export $(xargs <.env)", [("ops/.env", EXPORT_XARGS)]),
    ],
)
def test_scripts_name_the_files_they_load_and_how(
    line: str, expected: list[tuple[str, str]]
) -> None:
    found = list(script_references("ops/run.sh", f"#!/bin/sh\n{line}\n", TREE.__contains__))
    assert [(target, dialect) for target, dialect, _via in found] == expected
    assert all(via == "ops/run.sh" for _t, _d, via in found)


def test_makefile_includes_resolve_against_the_makefile_folder() -> None:
    text = "include prod.env\n-include .env missing.env\nsinclude $(ENV)\n"
    found = list(make_includes("ops/Makefile", text, TREE.__contains__))
    assert found == [
        ("ops/prod.env", MAKE_INCLUDE, "ops/Makefile"),
        ("ops/.env", MAKE_INCLUDE, "ops/Makefile"),
    ]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("EnvironmentFile=/etc/app/api.env", ["etc/app/api.env"]),
        ("EnvironmentFile=-/srv/api/api.env", ["ops/api/api.env"]),
        ("EnvironmentFile=/srv/unknown.env", []),
        ("EnvironmentFile=relative/api.env", []),
        ("EnvironmentFile=%h/api.env", []),
    ],
)
def test_environment_files_map_a_server_path_to_the_tree_file_deployed_there(
    setting: str, expected: list[str]
) -> None:
    unit = f"[Service]\n{setting}\n"
    found = environment_file_references("ops/api/api.service", unit, TREE.__contains__, TREE)
    assert [target for target, _unit in found] == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"A=one two" B=3', ["A=one two", "B=3"]),
        ("A='x y'", ["A=x y"]),
        ("A=x\\sy B=\\x41", ["A=x y", "B=A"]),
        ('A="say \\"hi\\""', ['A=say "hi"']),
        ("A=$HOME", ["A=$HOME"]),
    ],
)
def test_environment_lines_split_and_unescape_like_systemd(value: str, words: list[str]) -> None:
    assert list(environment_words(value)) == words


GENERATOR = "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"


@pytest.mark.skipif(not os.access(GENERATOR, os.X_OK), reason="systemd's generator is absent")
@pytest.mark.parametrize(
    "text",
    [
        'T="quoted val"\n',
        "T=plain\r\n",
        "T=abc # not a comment\n",
        "T=with\\ space\n",
        'T="esc\\"q\\n"\n',
        "T = spaced \n",
        "T=cont\\\nnued\n",
        'T="a" "b"\n',
        "T=mid\"q\"'r'\n",
        'T="a"  \r\n',
        "; T=no\n#T=no\n",
    ],
)
def test_the_systemd_reading_matches_systemds_own_env_file_parser(
    text: str, tmp_path: Path
) -> None:
    """environment.d files go through the same parser as EnvironmentFile= (no $ here, since
    the generator also expands variables)."""
    folder = tmp_path / "environment.d"
    folder.mkdir()
    (folder / "10-t.conf").write_bytes(text.encode())
    env = {"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([GENERATOR], env=env, capture_output=True, check=False).stdout.decode()
    real = {k: v for k, _, v in (shlex.split(line)[0].partition("=") for line in out.splitlines())}
    ours = {e.name: e.value for e in read_as(SYSTEMD_FILE, text).entries}
    assert ours.get("T") == real.get("T")


@pytest.mark.parametrize(
    "value", ["A=\\UFFFFFFFF", "A=\\ud800", "A=\\000", "A=\\x0", "A='", 'A="\\', "=x"]
)
def test_odd_escapes_in_environment_lines_never_raise(value: str) -> None:
    for word in environment_words(value):
        assert isinstance(word, str)


ODD_TEXT = st.text(alphabet=st.sampled_from(list("AT=\"'\\$#;:+? \t\r\n(){}`|<>-x.")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=ODD_TEXT)
def test_no_reader_raises_on_any_text(text: str) -> None:
    dialects = [SHELL_SOURCE, SYSTEMD_FILE, MAKE_INCLUDE, EXPORT_XARGS]
    dialects.append(word_split_dialect("env", xargs=False, drop_comments=True))
    for dialect in dialects:
        parsed = read_as(dialect, text)
        assert all(entry.line >= 1 for entry in parsed.entries)
    list(script_references("ops/run.sh", text, TREE.__contains__))
    list(make_includes("ops/Makefile", text, TREE.__contains__))
    list(environment_words(text))
