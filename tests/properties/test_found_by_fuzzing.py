"""Inputs ``benchmarks/fuzz.py`` found, kept as regression tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import collect_tree
from sherlock.collect.dockerfile_syntax import DockerfileSyntaxError, expand_word
from sherlock.models import Field

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
