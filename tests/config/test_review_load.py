"""A sherlock.toml nested deeper than the TOML parser can recurse is a config error that
names the file, not a RecursionError traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.config import parse_config
from sherlock.errors import InputError


@pytest.mark.parametrize(
    "text",
    ["x = " + "[" * 5000 + "]" * 5000 + "\n", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"],
)
def test_a_deeply_nested_config_is_a_clear_error(text: str) -> None:
    path = Path("deploy/sherlock.toml")
    with pytest.raises(InputError) as caught:
        parse_config(text, path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "nest" in str(caught.value)
