"""Small helpers for discovery tests: fake-but-well-formed credentials and tiny trees."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sherlock.collect import CollectResult, collect_tree
from sherlock.models import FoundValue

SID = "AC" + "a1b2c3d4" * 4
SID_2 = "AC" + "0f1e2d3c" * 4
TOKEN = "9c8b7a6f" * 4
TOKEN_2 = "1234abcd" * 4
KEY_SID = "SK" + "5e6f7a8b" * 4
KEY_SECRET = "Zq3LmN8pRt5VwX2yAb4CdE6fGh7JkM9n"
ALL_RAW = (SID, SID_2, TOKEN, TOKEN_2, KEY_SID, KEY_SECRET)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; text is written as is."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path.write_bytes(data)
    return root


def scan(root: Path, **kwargs: object) -> CollectResult:
    """collect_tree, plus the guarantee every test relies on: notes never hold a raw value."""
    result = collect_tree(root, **kwargs)  # type: ignore[arg-type]
    for note in result.notes:
        for raw in ALL_RAW:
            assert raw not in str(note), "a raw credential leaked into a note"
    return result


def by_location(result: CollectResult) -> dict[str, FoundValue]:
    return {str(v.location): v for v in result.values}


def raw(value: FoundValue) -> str:
    return value.value.reveal()
