"""A value written the way each env dialect's own documentation says to write it reads back
as exactly that value: the dialect readers agree with the tools they imitate."""

from __future__ import annotations

import string

from hypothesis import assume, given
from hypothesis import strategies as st

from sherlock.collect.dialects import (
    parse_compose_env_file,
    parse_docker_env_file,
    parse_python_dotenv,
)

#: Printable text with the characters that need care: quotes, backslashes, '#', '$', spaces.
value_text = st.text(
    alphabet=string.ascii_letters + string.digits + " \t#$'\"\\=:/.-_{}\u00a0\u200b",
    max_size=60,
)


def _double_quoted(value: str) -> str:
    """python-dotenv's double-quoted form: backslash escapes for backslash and quote."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@given(value=value_text)
def test_python_dotenv_reads_a_double_quoted_value_back_unchanged(value: str) -> None:
    assume("${" not in value)  # python-dotenv expands ${VAR} even inside double quotes
    parsed = parse_python_dotenv(f"TWILIO_AUTH_TOKEN={_double_quoted(value)}\n")
    assert [(e.name, e.value) for e in parsed.entries] == [("TWILIO_AUTH_TOKEN", value)]


@given(value=value_text)
def test_python_dotenv_reads_a_single_quoted_value_back_unchanged(value: str) -> None:
    assume("'" not in value and "\\" not in value and "${" not in value)
    parsed = parse_python_dotenv(f"TWILIO_AUTH_TOKEN='{value}'\n")
    assert [(e.name, e.value) for e in parsed.entries] == [("TWILIO_AUTH_TOKEN", value)]


@given(value=value_text)
def test_docker_env_file_keeps_every_character_after_the_equals_sign(value: str) -> None:
    parsed = parse_docker_env_file(f"TWILIO_AUTH_TOKEN={value}\n")
    assert [(e.name, e.value) for e in parsed.entries] == [("TWILIO_AUTH_TOKEN", value)]


@given(value=value_text)
def test_compose_env_file_keeps_a_single_quoted_value_literally(value: str) -> None:
    assume("'" not in value and "\\" not in value)
    parsed = parse_compose_env_file(f"TWILIO_AUTH_TOKEN='{value}'\n")
    assert [(e.name, e.value) for e in parsed.entries] == [("TWILIO_AUTH_TOKEN", value)]


@given(
    lines=st.lists(st.tuples(st.from_regex(r"\A[A-Z_][A-Z0-9_]{0,8}\Z"), value_text), max_size=6)
)
def test_each_dialect_reports_bindings_at_their_own_line_numbers(
    lines: list[tuple[str, str]],
) -> None:
    assume(all("\\" not in v and "'" not in v for _, v in lines))
    text = "".join(f"{name}='{value}'\n" for name, value in lines)
    for parse in (parse_python_dotenv, parse_compose_env_file, parse_docker_env_file):
        parsed = parse(text)
        assert [e.line for e in parsed.entries] == sorted(e.line for e in parsed.entries)
        assert all(1 <= e.line <= len(lines) for e in parsed.entries)
