"""Inputs ``benchmarks/fuzz.py`` found, kept as regression tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sherlock.collect import collect_tree
from sherlock.collect.dockerfile_syntax import DockerfileSyntaxError, expand_word
from sherlock.explain import recognise
from sherlock.providers.twilio.records import Field
from sherlock.slack.question import parse_question

DEEP = "${A:-" * 1500 + "x" + "}" * 1500


def test_a_word_nested_past_pythons_stack_is_refused_the_documented_way() -> None:
    with pytest.raises(DockerfileSyntaxError):
        expand_word(DEEP, {"B": "b"}.get)


def test_a_dockerfile_with_one_absurdly_nested_env_still_gives_its_other_values(
    tmp_path: Path,
) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM alpine\n"
        f"ENV TWILIO_ACCOUNT_SID=AC{'1' * 32} TWILIO_AUTH_TOKEN={'2' * 32}\n"
        f"ENV OTHER={DEEP}\n",
        encoding="utf-8",
    )
    result = collect_tree(tmp_path)
    assert not [n for n in result.notes if "reader failed" in n.message], result.notes
    assert {v.field for v in result.values} == {Field.ACCOUNT_SID, Field.AUTH_TOKEN}
    [note] = [n for n in result.notes if n.location == "Dockerfile:3"]
    assert "nested" in note.message and "docker build stops" not in note.message


#: 24 KB of a dotted run before a Twilio exception: linear readers take milliseconds.
DOTTED = (
    "Twilons." * 3000 + "TwilioRestException: HTTP 401 error: Unable to fetch record: Authenticate"
)


@pytest.mark.parametrize("read", [recognise, parse_question], ids=["explain", "slack-question"])
def test_a_long_dotted_run_is_read_in_linear_time(read: Callable[[str], object]) -> None:
    started = time.process_time()
    read(DOTTED)
    assert time.process_time() - started < 0.5


@pytest.mark.parametrize("opener", ["{", "["])
def test_deeply_nested_flow_yaml_is_refused_quickly_with_a_note(opener: str) -> None:
    from sherlock.collect.yamlio import load_documents

    started = time.process_time()
    result = load_documents("a: " + opener * 1800)
    assert time.process_time() - started < 0.1
    assert result == "not read: flow collections nested deeper than 64 levels"


def test_ordinary_flow_yaml_still_loads() -> None:
    from sherlock.collect.yamlio import load_documents

    assert load_documents("a: {b: [x, {c: [y, z]}]}\n") == [{"a": {"b": ["x", {"c": ["y", "z"]}]}}]
