"""A crafted env file must not hold a scan: long lines and slow files are skipped with a note."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sherlock.collect.dialects import (
    COMPOSE,
    DOCKER_ENV_FILE,
    PYTHON_DOTENV,
    parse_env_text,
    parse_python_dotenv,
)
from sherlock.collect.env_bounds import MAX_LINE_CHARS
from sherlock.collect.env_consumers import (
    MAKE_INCLUDE,
    SHELL_SOURCE,
    SYSTEMD_FILE,
    read_as,
    word_split_dialect,
)
from sherlock.collect.systemd import unit_settings

from .builders import SID, TOKEN, by_location, raw, scan, write_tree


def test_a_100kb_nested_expansion_is_skipped_with_a_note_in_well_under_a_second(
    tmp_path: Path,
) -> None:
    crafted = "TWILIO_AUTH_TOKEN=" + "${" * 50_000 + "\n"
    write_tree(tmp_path, {".env": f"TWILIO_ACCOUNT_SID={SID}\n" + crafted})
    started = time.monotonic()
    result = scan(tmp_path)
    assert time.monotonic() - started < 1.0
    assert [str(v.location) for v in result.values] == [".env:1"]
    assert any(n.location == ".env:2" and "skipped" in n.message for n in result.notes)


@pytest.mark.parametrize(
    ("consumer", "quote"), [(PYTHON_DOTENV, ""), (COMPOSE, ""), (COMPOSE, '"')]
)
def test_nested_expansions_just_below_the_line_limit_are_skipped_quickly(
    consumer: str, quote: str
) -> None:
    nested = "${a:-" * (MAX_LINE_CHARS // 6)
    line = f"TWILIO_AUTH_TOKEN={quote}{nested}{quote}\n"
    started = time.monotonic()
    parsed = parse_env_text(line * 3, consumer)
    assert time.monotonic() - started < 1.5  # expanded, one such line took over ten seconds
    assert parsed.entries == []
    assert [number for number, _ in parsed.problems] == [1, 2, 3]


@pytest.mark.parametrize("consumer", [PYTHON_DOTENV, DOCKER_ENV_FILE, COMPOSE])
def test_an_over_long_line_is_skipped_and_its_neighbours_are_read(consumer: str) -> None:
    text = f"A=1\nLONG={'x' * (MAX_LINE_CHARS + 1)}\nT={TOKEN}\n"
    parsed = parse_env_text(text, consumer)
    assert [(e.name, e.line) for e in parsed.entries] == [("A", 1), ("T", 3)]
    assert [number for number, message in parsed.problems if "longer than" in message] == [2]


def test_a_file_that_runs_past_its_time_budget_is_skipped_with_a_note(tmp_path: Path) -> None:
    parsed = parse_python_dotenv(f"T={TOKEN}\nU=2\n", budget_seconds=0.0)
    assert parsed.entries == []
    assert len(parsed.problems) == 1 and "time budget" in parsed.problems[0][1]


def test_a_line_at_the_limit_is_still_read(tmp_path: Path) -> None:
    value = TOKEN + "x" * (MAX_LINE_CHARS - len("TWILIO_AUTH_TOKEN=") - len(TOKEN))
    write_tree(tmp_path, {".env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={value}\n"})
    assert raw(by_location(scan(tmp_path))[".env:2"]) == value


@pytest.mark.parametrize("command", ["env", "export"])
def test_a_file_of_thousands_of_words_is_word_split_in_linear_time(command: str) -> None:
    dialect = word_split_dialect(command, xargs=False, drop_comments=False)
    started = time.monotonic()
    parsed = read_as(dialect, ". \n" * 20_000)
    assert time.monotonic() - started < 1.0
    assert parsed.entries == []


def test_a_unit_with_thousands_of_continued_lines_is_read_in_linear_time() -> None:
    started = time.monotonic()
    settings = list(unit_settings("Environment=A=1 \\\n" * 40_000 + "\n"))
    assert time.monotonic() - started < 1.0
    assert len(settings) == 1


@pytest.mark.parametrize(
    "dialect",
    [
        SHELL_SOURCE,
        SYSTEMD_FILE,
        MAKE_INCLUDE,
        word_split_dialect("env", xargs=True, drop_comments=False),
    ],
)
def test_every_consumer_reading_stops_at_its_time_budget_with_one_problem(dialect: str) -> None:
    parsed = read_as(dialect, f"A=1\nT={TOKEN}\n" * 50, budget_seconds=0.0)
    assert parsed.entries == []
    assert len(parsed.problems) == 1 and "time budget" in parsed.problems[0][1]
