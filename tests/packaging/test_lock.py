"""The lock CI installs with (``constraints.txt``) agrees with what ``pyproject.toml`` allows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def _declared() -> list[Requirement]:
    """Every requirement pyproject names, core and extras, except the project itself."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for group in project["optional-dependencies"].values():
        lines += group
    found = [Requirement(line) for line in lines]
    return [r for r in found if canonicalize_name(r.name) != "sherlock-rca"]


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_the_lock_pins_each_declared_requirement_inside_its_range(
    requirement: Requirement,
) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{name} is not pinned in constraints.txt"
    assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])


def test_the_lock_has_no_editable_or_local_entries() -> None:
    """A line like ``-e file:///work/main`` would make a fresh clone's install fail."""
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    assert not re.search(r"^(-e|\S+ @ file:)", text, re.MULTILINE)
    assert "sherlock-rca" not in text and "sherlock_rca" not in text
