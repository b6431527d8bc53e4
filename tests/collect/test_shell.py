"""Shell scripts: literal assignments read as the shell reads them, and docker references."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.shell import assignments, docker_env_file_references, sniff_shebang

from .builders import SID, TOKEN, by_location, raw, scan, write_tree


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("export T=abc", "abc"),
        ("T=abc", "abc"),
        ('T="abc"', "abc"),
        ("T='abc'", "abc"),
        ("T='a b'  # comment", "a b"),
        ('T="a\\"b"', 'a"b'),
        ('T="a\\qb"', "a\\qb"),
        ("T=a\\ b", "a b"),
        ("T=abc\r", "abc\r"),  # bash keeps a CR from a CRLF checkout
        ('export T="abc"\r', "abc\r"),
        ("T='$HOME'", "$HOME"),
        ("T=abc#def", "abc#def"),
        ("T=", ""),
        ("  declare -x T=abc", "abc"),
        ("readonly T=abc", "abc"),
        ("T=abc python app.py", "abc"),
        ('T=ab"c d"e', "abc de"),
    ],
)
def test_literal_values_are_unquoted_as_the_shell_does(line: str, value: str) -> None:
    assert list(assignments(line + "\n")) == [("T", value, 1)]


@pytest.mark.parametrize(
    "line",
    [
        "T=$TOKEN",
        "T=${TOKEN}",
        'T="${TOKEN}"',
        "T=$(vault read token)",
        "T=`cat token`",
        "T=(a b)",
        'T="never closed',
        "echo T=abc",
        "# T=abc",
    ],
)
def test_values_that_need_the_shell_to_run_are_skipped(line: str) -> None:
    assert list(assignments(line + "\n")) == []


def test_multiline_quotes_and_heredocs() -> None:
    text = "A='one\ntwo'\nB=2\ncat > .env <<EOF\nC=3\nEOF\nD=4\n"
    assert list(assignments(text)) == [("A", "one\ntwo", 1), ("B", "2", 3), ("D", "4", 7)]


def test_shell_values_through_collect_tree(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dev/.envrc": f'# direnv\nexport TWILIO_ACCOUNT_SID={SID}\r\nexport TWILIO_AUTH_TOKEN="{TOKEN}"\r\n',
            "scripts/setup.zsh": "export TWILIO_AUTH_TOKEN=$(op read twilio)\n",
        },
    )
    found = by_location(scan(tmp_path))
    assert list(found) == ["dev/.envrc:2", "dev/.envrc:3"]
    assert raw(found["dev/.envrc:2"]) == f"{SID}\r"
    assert raw(found["dev/.envrc:3"]) == f"{TOKEN}\r"
    token = found["dev/.envrc:3"]
    # direnv reads .envrc (sherlock.collect.envrc): its exports keep the shell's word rules
    assert (token.source_kind, token.consumer, token.environment) == ("direnv", "direnv", "dev")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"#!/bin/sh\n", True),
        (b"#!/bin/bash -e\n", True),
        (b"#!/usr/bin/env bash\n", True),
        (b"#!/usr/bin/env zsh\n", True),
        (b"#!/usr/bin/env python3\n", False),
        (b"\x7fELF", False),
    ],
)
def test_shebang_sniffing(head: bytes, expected: bool) -> None:
    assert sniff_shebang(head) is expected


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("docker run --env-file .env.prod img", {"ops/.env.prod": "docker --env-file"}),
        ("docker run --env-file=../.env img", {".env": "docker --env-file"}),
        ('docker container run \\\n --env-file "$(pwd)/.env" img', {".env": "docker --env-file"}),
        ("docker run --env-file $ENV_FILE img", {}),
        ("docker compose --env-file .env up", {}),
        ("echo --env-file .env", {}),
    ],
)
def test_docker_env_file_references_resolve_against_the_script_then_the_root(
    script: str, expected: dict[str, str]
) -> None:
    existing = {"ops/.env.prod", ".env"}
    assert (
        docker_env_file_references("ops/run.sh", script + "\n", existing.__contains__) == expected
    )
