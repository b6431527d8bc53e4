"""Dockerfiles: ENV and ARG values read as BuildKit reads them, one unit per final stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.dockerfile import is_dockerfile_name, read_build
from sherlock.collect.dockerfile_syntax import expand_word, parse, split_words
from sherlock.providers.twilio.records import Field

from .builders import KEY_SECRET, SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

NBSP = "\u00a0"


def _env(text: str) -> dict[str, str]:
    """The final stage's ENV values of a one-stage Dockerfile, by name."""
    build = read_build("Dockerfile", "FROM alpine\n" + text)
    assert not build.notes, build.notes
    return {e.name: e.raw for e in build.stages[-1].env}


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("ENV T=abc", "abc"),
        ("env T=abc", "abc"),  # keywords are case-insensitive
        ("ENV T abc", "abc"),  # the old form
        ("ENV T   a value with  spaces   ", "a value with  spaces"),  # old form: rest of line
        ('ENV T="a b"', "a b"),
        ('ENV T="abc "', "abc "),  # quoted blanks are kept
        ("ENV T='a $b \\n'", "a $b \\n"),  # single quotes are literal
        ('ENV T="a\\"b"', 'a"b'),
        ('ENV T="a\\qb"', "a\\qb"),  # only \" \$ \\ escape inside double quotes
        ("ENV T=a\\ b", "a b"),
        ('ENV T=ab"c d"e', "abc de"),
        ("ENV T=abc\r", "abc"),  # a CRLF checkout: the scanner drops the CR
        (f"ENV T=abc{NBSP}", "abc"),  # Go's whitespace includes NBSP: it ends the word
        (f"ENV T abc{NBSP}", "abc"),  # and the line is trimmed with it
        ("ENV T=", ""),
        ("ENV T=a=b", "a=b"),
    ],
)
def test_env_values_are_unquoted_as_buildkit_does(line: str, value: str) -> None:
    assert _env(line + "\n") == {"T": value}


def test_several_pairs_on_one_instruction_and_across_continuations() -> None:
    text = (
        "ENV A=1 B='two words' \\\n"
        "    # a comment line inside the continuation is dropped\n"
        "\n"
        '    C="three" \\  \n'  # blanks after the backslash still continue
        "    D=4\n"
    )
    build = read_build("Dockerfile", "FROM alpine\n" + text)
    lines = {e.name: (e.raw, e.location.line) for e in build.stages[0].env}
    assert lines == {"A": ("1", 2), "B": ("two words", 2), "C": ("three", 5), "D": ("4", 6)}


def test_pairs_of_one_env_see_the_values_from_before_it() -> None:
    env = _env("ENV A=old\nENV A=new B=$A C=${A}-x D=${NOPE:-dflt} E=${A:+set}\n")
    assert env["B"] == "old" and env["C"] == "old-x" and env["E"] == "set"
    assert "D" not in env  # NOPE may come from the base image: not a literal


def test_escape_directive_switches_to_backtick() -> None:
    text = "# escape=`\nFROM windows\nENV T=a`\nb P=C:\\path\n"  # continuations keep indents
    build = read_build("Dockerfile", text)
    assert {e.name: e.raw for e in build.stages[0].env} == {"T": "ab", "P": "C:\\path"}


def test_heredoc_bodies_are_not_instructions() -> None:
    text = (
        "FROM alpine\n"
        "RUN <<EOF\n"
        f"ENV TWILIO_AUTH_TOKEN={TOKEN}\n"
        "EOF\n"
        "COPY <<-'CFG' /etc/app.conf\n"
        f"\tENV TWILIO_ACCOUNT_SID={SID}\n"
        "\tCFG\n"
        "ENV LOG=info\n"
    )
    build = read_build("Dockerfile", text)
    assert [e.name for e in build.stages[0].env] == ["LOG"]


def test_word_splitting_and_expansion_helpers() -> None:
    assert split_words("A=1  B='x y'") == [("A=1", 0), ("B='x y'", 5)]
    assert expand_word("$X${Y}", {"X": "1", "Y": "2"}.get).text == "12"
    assert expand_word("$X", {}.get).unknown == ["X"]
    assert expand_word("cost $", {}.get).text == "cost $"
    parsed = parse("FROM a\nENV --foo=bar  X=1\n")
    assert parsed.instructions[1].args == "X=1"


def test_a_baked_token_is_found_with_its_stage_file_service_and_consumer(tmp_path: Path) -> None:
    dockerfile = (
        "# syntax=docker/dockerfile:1\n"
        "FROM python:3.12-slim AS production\n"
        "WORKDIR /app\n"
        f"ENV TWILIO_ACCOUNT_SID={SID} \\\n"
        f"    TWILIO_AUTH_TOKEN={TOKEN}\n"
        'CMD ["python", "-m", "app"]\n'
    )
    write_tree(tmp_path, {"docker/api.Dockerfile": dockerfile})
    found = by_location(scan(tmp_path))
    assert raw(found["docker/api.Dockerfile:4"]) == SID
    token = found["docker/api.Dockerfile:5"]
    assert raw(token) == TOKEN
    assert (token.field, token.environment, token.service) == (Field.AUTH_TOKEN, "prod", "api")
    assert (token.source_kind, token.consumer) == ("dockerfile", "Dockerfile ENV")
    assert token.scope == "dockerfile:production@docker/api.Dockerfile"


def test_a_later_env_wins_and_the_earlier_twilio_value_gets_a_note(tmp_path: Path) -> None:
    dockerfile = (
        "FROM node:20\n"
        f"ENV TWILIO_ACCOUNT_SID={SID}\n"
        f"ENV TWILIO_AUTH_TOKEN={TOKEN}\n"
        "RUN npm ci\n"
        f"ENV TWILIO_AUTH_TOKEN {TOKEN_2}\n"
    )
    write_tree(tmp_path, {"services/notifier/Dockerfile": dockerfile})
    result = scan(tmp_path)
    found = by_location(result)
    assert set(found) == {"services/notifier/Dockerfile:2", "services/notifier/Dockerfile:5"}
    assert raw(found["services/notifier/Dockerfile:5"]) == TOKEN_2
    assert found["services/notifier/Dockerfile:5"].service == "notifier"
    assert [str(n) for n in result.notes] == [
        "services/notifier/Dockerfile:3: TWILIO_AUTH_TOKEN is set again (line 5); "
        "Dockerfile ENV uses the later value"
    ]


def test_stages_built_on_inherit_env_and_other_stages_are_their_own_units(
    tmp_path: Path,
) -> None:
    dockerfile = (
        "FROM python:3.12 AS base\n"
        f"ENV TWILIO_ACCOUNT_SID={SID}\n"
        "FROM base AS staging\n"
        f"ENV TWILIO_AUTH_TOKEN={TOKEN_2}\n"
        "FROM base AS PRODUCTION\n"
        f"ENV TWILIO_AUTH_TOKEN={TOKEN}\n"
        "FROM golang:1.22 AS tools\n"
        f"ENV TWILIO_ACCOUNT_SID={SID_2} TWILIO_AUTH_TOKEN={TOKEN_2}\n"
    )
    write_tree(tmp_path, {"Dockerfile": dockerfile})
    values = scan(tmp_path).values
    units = {(v.scope, v.environment, str(v.location)) for v in values}
    assert units == {
        ("dockerfile:staging@Dockerfile", "staging", "Dockerfile:2"),
        ("dockerfile:staging@Dockerfile", "staging", "Dockerfile:4"),
        ("dockerfile:production@Dockerfile", "prod", "Dockerfile:2"),
        ("dockerfile:production@Dockerfile", "prod", "Dockerfile:6"),
        ("dockerfile:tools@Dockerfile", "default", "Dockerfile:8"),
    }
    assert not any(v.scope == "dockerfile:base@Dockerfile" for v in values)


def test_arg_defaults_are_build_values_and_an_env_copy_points_at_the_arg(tmp_path: Path) -> None:
    dockerfile = (
        f"ARG TWILIO_ACCOUNT_SID={SID}\n"
        "FROM python:3.12\n"
        "ARG TWILIO_ACCOUNT_SID\n"
        f"ARG TWILIO_AUTH_TOKEN={TOKEN}\n"
        "ENV TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}\n"
        'ENV TWILIO_ACCOUNT_SID="$TWILIO_ACCOUNT_SID"\n'
        f"ARG TWILIO_API_KEY=SK{'5e6f7a8b' * 4} TWILIO_API_SECRET={KEY_SECRET}\n"
        "RUN ./smoke-test\n"
    )
    write_tree(tmp_path, {"Dockerfile.notifier": dockerfile})
    result = scan(tmp_path)
    runtime = {str(v.location): v for v in result.values if v.source_kind == "dockerfile"}
    assert set(runtime) == {"Dockerfile.notifier:1", "Dockerfile.notifier:4"}
    assert raw(runtime["Dockerfile.notifier:4"]) == TOKEN
    build = [v for v in result.values if v.source_kind == "dockerfile-arg"]
    assert {v.consumer for v in build} == {"docker build ARG"}
    # a build step sees the ARGs with the stage's ENV on top: key set and token pair
    assert {(v.field, str(v.location)) for v in build} == {
        (Field.ACCOUNT_SID, "Dockerfile.notifier:1"),
        (Field.AUTH_TOKEN, "Dockerfile.notifier:4"),
        (Field.API_KEY_SID, "Dockerfile.notifier:7"),
        (Field.API_KEY_SECRET, "Dockerfile.notifier:7"),
    }
    assert {v.service for v in result.values} == {"notifier"}


def test_values_that_need_the_build_are_noted_not_taken(tmp_path: Path) -> None:
    dockerfile = (
        "FROM python:3.12\n"
        "ARG TWILIO_AUTH_TOKEN\n"
        f"ENV TWILIO_ACCOUNT_SID={SID} TWILIO_AUTH_TOKEN=$TWILIO_AUTH_TOKEN\n"
        "ENV TWILIO_REGION=${REGION:-ie1}\n"
    )
    write_tree(tmp_path, {"Dockerfile": dockerfile})
    result = scan(tmp_path)
    assert result.values == []
    messages = [str(n) for n in result.notes]
    assert (
        "Dockerfile:3: TWILIO_AUTH_TOKEN takes ${TWILIO_AUTH_TOKEN} from the build "
        "(a --build-arg or the base image); not checked"
    ) in messages
    assert any("TWILIO_REGION takes ${REGION}" in m for m in messages)
    assert any(
        m.startswith("Dockerfile:3: TWILIO_ACCOUNT_SID is not checked: image stage")
        for m in messages
    )


def test_a_lone_sid_baked_into_an_image_waits_for_its_token_at_run_time(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Containerfile": f"FROM alpine\nENV TWILIO_ACCOUNT_SID={SID}\n"})
    result = scan(tmp_path)
    assert result.values == []
    assert [n.location for n in result.notes] == ["Containerfile:2"]
    assert "the container's run-time environment" in result.notes[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f'FROM a\nENV TWILIO_AUTH_TOKEN="{TOKEN}\n', "unterminated double quote"),
        (f"FROM a\nENV TWILIO_AUTH_TOKEN='{TOKEN}\n", "unterminated single quote"),
        ("FROM a\nENV TWILIO_AUTH_TOKEN\n", "ENV needs a value"),
        (f"FROM a\nENV A=1 TWILIO_AUTH_TOKEN {TOKEN}\n", "bare word"),
        ("FROM a\nENV TWILIO_AUTH_TOKEN=${\n", "missing }"),
        ("FROM a\nENV TWILIO_AUTH_TOKEN=${TOKEN\n", "unsupported modifier"),
        (f"FROM a\nENV TWILIO_AUTH_TOKEN=${{:{TOKEN}}}\n", "bad substitution"),
        (f"ENV TWILIO_AUTH_TOKEN={TOKEN}\nFROM a\n", "before the first FROM"),
        ("# escape=x\nFROM a\n", "invalid escape directive"),
    ],
)
def test_malformed_instructions_become_notes(tmp_path: Path, text: str, message: str) -> None:
    write_tree(tmp_path, {"Dockerfile": text})
    result = scan(tmp_path)  # scan() also proves no note holds a raw value
    assert result.values == []
    assert any(message in n.message for n in result.notes), result.notes
    assert all("docker build stops here" in n.message for n in result.notes)


def test_binary_and_empty_dockerfiles_are_harmless(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a/Dockerfile": b"\x00\x01FROM", "b/Dockerfile": ""})
    result = scan(tmp_path)
    assert result.values == []
    assert [n.location for n in result.notes] == ["a/Dockerfile"]


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("Dockerfile", True),
        ("dockerfile", True),
        ("Dockerfile.prod", True),
        ("api.Dockerfile", True),
        ("Containerfile", True),
        ("Containerfile.worker", True),
        ("Dockerfile.example", False),
        ("Dockerfile.template", False),
        ("Dockerfile.dockerignore", False),
        ("Dockerfiles", False),
        ("my-dockerfile.txt", False),
    ],
)
def test_dockerfile_names(name: str, wanted: bool) -> None:
    assert is_dockerfile_name(name) is wanted
