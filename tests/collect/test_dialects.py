"""The three env-file dialects read the same line differently, exactly as their consumers do."""

from __future__ import annotations

import pytest

from sherlock.collect.dialects import (
    COMPOSE,
    DOCKER_ENV_FILE,
    PYTHON_DOTENV,
    parse_compose_env_file,
    parse_docker_env_file,
    parse_env_text,
    parse_python_dotenv,
)

DIALECTS = (PYTHON_DOTENV, DOCKER_ENV_FILE, COMPOSE)


def value_of(text: str, consumer: str, name: str = "T") -> str | None:
    parsed = parse_env_text(text, consumer)
    found = [e.value for e in parsed.entries if e.name == name]
    return found[-1] if found else None


@pytest.mark.parametrize(
    ("text", "dotenv", "docker", "compose"),
    [
        ("T=abc\n", "abc", "abc", "abc"),
        ('T="abc"\n', "abc", '"abc"', "abc"),
        ("T='abc'\n", "abc", "'abc'", "abc"),
        ("T=abc   \n", "abc", "abc   ", "abc"),
        ("T=abc # a comment\n", "abc", "abc # a comment", "abc"),
        ("T=abc#not-a-comment\n", "abc#not-a-comment", "abc#not-a-comment", "abc#not-a-comment"),
        ("export T=abc\n", "abc", None, "abc"),
        ("T = abc\n", "abc", None, "abc"),
        ("T=abc\r\n", "abc", "abc", "abc"),
        ('T="abc"\r\n', "abc", '"abc"', "abc"),
        ("T=abc\r", "abc", "abc", "abc"),
        ("\ufeffT=abc\n", "abc", "abc", "abc"),
        ('T="a\\nb"\n', "a\nb", '"a\\nb"', "a\nb"),
        ("T='a\\nb'\n", "a\\nb", "'a\\nb'", "a\\nb"),
        ("T=\n", "", "", ""),
        ("  T=abc\n", "abc", "abc", "abc"),
        ("T=abc\\n\n", "abc\\n", "abc\\n", "abc\\n"),
    ],
)
def test_each_dialect_reads_a_line_as_its_consumer_does(
    text: str, dotenv: str | None, docker: str | None, compose: str | None
) -> None:
    assert value_of(text, PYTHON_DOTENV) == dotenv
    assert value_of(text, DOCKER_ENV_FILE) == docker
    assert value_of(text, COMPOSE) == compose


def test_expansion_differs_between_dialects() -> None:
    text = "A=one\nT=${A}-two\nS='${A}'\nD=$A\n"
    assert value_of(text, PYTHON_DOTENV) == "one-two"
    assert value_of(text, PYTHON_DOTENV, "S") == "one"  # python-dotenv expands in single quotes
    assert value_of(text, PYTHON_DOTENV, "D") == "$A"  # ...but only the braced form
    assert value_of(text, DOCKER_ENV_FILE) == "${A}-two"
    assert value_of(text, COMPOSE) == "one-two"
    assert value_of(text, COMPOSE, "S") == "${A}"  # compose keeps single quotes literal
    assert value_of(text, COMPOSE, "D") == "one"


def test_compose_defaults_and_dollar_escape() -> None:
    text = "T=${NOPE:-fallback}\nE=$$literal\nP=${NOPE-x}${NOPE:+y}\n"
    assert value_of(text, COMPOSE) == "fallback"
    assert value_of(text, COMPOSE, "E") == "$literal"
    assert value_of(text, COMPOSE, "P") == "x"


@pytest.mark.parametrize("consumer", [PYTHON_DOTENV, COMPOSE])
def test_unresolved_references_are_reported_as_missing(consumer: str) -> None:
    parsed = parse_env_text("T=${NOPE}\n", consumer)
    assert parsed.entries[0].missing == ("NOPE",)
    resolved = parse_env_text("T=${NOPE}\n", consumer, {"NOPE": "x"})
    assert resolved.entries[0].missing == ()
    assert resolved.entries[0].value == "x"


def test_docker_never_expands_and_reports_nothing_missing() -> None:
    parsed = parse_docker_env_file("T=${NOPE}\n")
    assert parsed.entries[0].value == "${NOPE}"
    assert parsed.entries[0].missing == ()


@pytest.mark.parametrize("consumer", DIALECTS)
def test_line_numbers_skip_blank_lines_comments_and_multiline_values(consumer: str) -> None:
    text = "\n# comment\n\nA=1\n\n\nB=2\n# x\nC=3\n"
    lines = {e.name: e.line for e in parse_env_text(text, consumer).entries}
    assert lines == {"A": 4, "B": 7, "C": 9}


@pytest.mark.parametrize("consumer", [PYTHON_DOTENV, COMPOSE])
def test_lines_after_a_multiline_quoted_value_stay_exact(consumer: str) -> None:
    text = 'A="first\nsecond\nthird"\nB=2\r\nC=3\n'
    lines = {e.name: e.line for e in parse_env_text(text, consumer).entries}
    assert lines == {"A": 1, "B": 4, "C": 5}


def test_docker_refuses_export_and_spaced_names_with_a_problem_per_line() -> None:
    parsed = parse_docker_env_file("A=1\nexport B=2\nC = 3\n=4\n")
    assert [e.name for e in parsed.entries] == ["A"]
    assert [line for line, _ in parsed.problems] == [2, 3, 4]
    assert all("docker refuses" in message for _, message in parsed.problems)


def test_python_dotenv_skips_lines_it_cannot_parse_and_says_where() -> None:
    parsed = parse_python_dotenv("A=1\nnot a binding\nB=2\n")
    assert [e.name for e in parsed.entries] == ["A", "B"]
    assert parsed.problems == [(2, "python-dotenv cannot parse this line and skips it")]


def test_compose_stops_at_an_unterminated_quote() -> None:
    parsed = parse_compose_env_file('A=1\nB="never closed\nC=3\n')
    assert [e.name for e in parsed.entries] == ["A"]
    assert parsed.problems and parsed.problems[0][0] == 2


def test_compose_key_only_lines_are_taken_from_the_environment_not_the_file() -> None:
    parsed = parse_compose_env_file("INHERITED\nA=1\n")
    assert [(e.name, e.line) for e in parsed.entries] == [("A", 2)]


def test_compose_double_quotes_decode_escapes_single_quotes_keep_them() -> None:
    text = 'D="tab\\there\\\\ \\"q\\""\nS=\'it\\\'s\'\n'
    assert value_of(text, COMPOSE, "D") == 'tab\there\\ "q"'
    assert value_of(text, COMPOSE, "S") == "it's"
