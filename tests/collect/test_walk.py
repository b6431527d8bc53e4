"""The walker: what it enters, what it reads, and how it survives hostile trees."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sherlock.collect import walk
from sherlock.collect.walk import Want, walk_tree

from .builders import SID, TOKEN, by_location, scan, write_tree

CREDS = f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"


@pytest.mark.parametrize(
    "folder",
    [
        ".git",
        "node_modules/pkg",
        ".venv",
        "venv",
        "__pycache__",
        ".tox/py311",
        ".mypy_cache",
        ".pytest_cache",
        "tests/fixtures",
        "pkg.egg-info",
    ],
)
def test_dependency_cache_and_fixture_folders_are_skipped(tmp_path: Path, folder: str) -> None:
    write_tree(tmp_path, {f"{folder}/.env": CREDS})
    assert scan(tmp_path).values == []


def test_any_folder_holding_pyvenv_cfg_is_a_virtualenv_and_skipped(tmp_path: Path) -> None:
    write_tree(tmp_path, {"py/pyvenv.cfg": "home = /usr\n", "py/.env": CREDS, "app/.env": CREDS})
    assert {v.location.path for v in scan(tmp_path).values} == {"app/.env"}


def test_gitignore_is_not_honoured(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": ".env\n*.env\n", ".env": CREDS})
    assert len(scan(tmp_path).values) == 2


@pytest.mark.parametrize(
    "decoy",
    ["README.md", "docs/setup.txt", "app/settings.ini", "notes.json", "config.yaml.bak", "env"],
)
def test_only_listed_formats_are_read_decoys_are_not(tmp_path: Path, decoy: str) -> None:
    write_tree(tmp_path, {decoy: f"export TWILIO_AUTH_TOKEN={TOKEN}\nTWILIO_ACCOUNT_SID={SID}\n"})
    result = scan(tmp_path)
    assert result.values == []
    assert result.notes == []


def test_relative_paths_are_posix(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a/b/c/.env": CREDS})
    assert set(by_location(scan(tmp_path))) == {"a/b/c/.env:1", "a/b/c/.env:2"}


def test_symlink_loops_are_survived(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app/.env": CREDS})
    os.symlink("..", tmp_path / "app" / "up")
    os.symlink(tmp_path, tmp_path / "app" / "root")
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    os.symlink(".env.loop", tmp_path / ".env.loop")
    result = scan(tmp_path)
    assert sorted(str(v.location) for v in result.values) == ["app/.env:1", "app/.env:2"]


def test_links_that_leave_the_tree_are_noted_not_followed(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {".env": CREDS, "deep/.env": CREDS})
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(outside / ".env", tree / ".env")
    os.symlink(outside / "deep", tree / "deep")
    result = scan(tree)
    assert result.values == []
    assert {(n.location, n.message) for n in result.notes} == {
        (".env", "link to a path outside the scanned tree; not followed"),
        ("deep", "link to a path outside the scanned tree; not followed"),
    }


def test_a_link_inside_the_tree_is_read_once(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env.production": CREDS, "secrets/creds.txt": CREDS})
    os.symlink(".env.production", tmp_path / ".env")
    os.symlink("secrets/creds.txt", tmp_path / "api.env")
    paths = sorted({v.location.path for v in scan(tmp_path).values})
    assert paths == [".env.production", "api.env"]


def test_a_fifo_named_like_an_env_file_is_noted_without_blocking(tmp_path: Path) -> None:
    # Tests run as root, so chmod 000 would not stop a read: a FIFO is unreadable for everyone.
    os.mkfifo(tmp_path / ".env")
    result = scan(tmp_path)
    assert result.values == []
    assert [(n.location, n.message) for n in result.notes] == [
        (".env", "not a regular file; not read")
    ]


def test_a_permission_error_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root can read any mode, so the denial is simulated at the one place files are opened.
    write_tree(tmp_path, {".env": CREDS, "ok/.env": CREDS})
    real_open = walk._open_readonly

    def deny(path: str) -> int:
        if path.endswith(f"{os.sep}.env") and "ok" not in path:
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(walk, "_open_readonly", deny)
    result = scan(tmp_path)
    assert {v.location.path for v in result.values} == {"ok/.env"}
    assert [(n.location, n.message) for n in result.notes] == [
        (".env", "cannot be read: permission denied")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (CREDS.encode() + b"\x00\x01", "binary file (contains NUL bytes); not read"),
        (b"TWILIO_AUTH_TOKEN=\xff\xfe\n", "not UTF-8 text (invalid byte at offset 18); not read"),
        (CREDS.encode() * 20, "larger than 200 bytes; not read"),
    ],
)
def test_binary_undecodable_and_huge_files_are_notes(
    tmp_path: Path, content: bytes, message: str
) -> None:
    write_tree(tmp_path, {".env": content})
    result = scan(tmp_path, max_file_bytes=200)
    assert result.values == []
    assert [(n.location, n.message) for n in result.notes] == [(".env", message)]


def test_extensionless_executables_are_read_only_with_a_shell_shebang(tmp_path: Path) -> None:
    script = f"#!/usr/bin/env bash\nexport TWILIO_AUTH_TOKEN={TOKEN}\n"
    write_tree(
        tmp_path,
        {"bin/deploy": script, "bin/notes": script, "bin/tool": b"\x7fELF\x00\x00binary"},
    )
    (tmp_path / "bin" / "deploy").chmod(0o755)
    (tmp_path / "bin" / "tool").chmod(0o755)
    result = scan(tmp_path)
    assert [str(v.location) for v in result.values] == ["bin/deploy:2"]
    assert result.notes == []


def test_walk_tree_reads_only_wanted_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.env": "A=1\n", "b.txt": "B=2\n"})
    found = walk_tree(tmp_path, lambda rel: Want.YES if rel.endswith(".env") else Want.NO)
    assert [(f.relpath, f.data) for f in found.files] == [("a.env", b"A=1\n")]


def test_a_600_file_tree_is_scanned_well_under_half_a_second(tmp_path: Path) -> None:
    files: dict[str, str] = {}
    for i in range(600):
        folder = f"pkg{i % 30}/sub{i % 7}"
        if i % 20 == 0:
            files[f"{folder}/.env.s{i}"] = CREDS
        elif i % 50 == 1:
            files[f"{folder}/deploy{i}.yaml"] = "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n"
        else:
            files[f"{folder}/module{i}.py"] = "x = 1\n" * 40
    write_tree(tmp_path, files)
    scan(tmp_path)  # warm imports
    start = time.perf_counter()
    result = scan(tmp_path)
    elapsed = time.perf_counter() - start
    assert len(result.values) == 60
    assert elapsed < 0.5, f"took {elapsed:.3f}s"


def test_example_and_fixture_folders_are_named_in_one_note(tmp_path: Path) -> None:
    for folder in ("config/samples", "examples/twilio", "tests/fixtures", "node_modules/x"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / ".env").write_text("TWILIO_AUTH_TOKEN=x\n", encoding="utf-8")
    notes = [n for n in walk_tree(tmp_path, lambda rel: Want.YES).notes]
    skipped = [n for n in notes if n.location == "skipped folders"]
    assert len(skipped) == 1
    assert skipped[0].message == (
        "not read, as examples or test data: config/samples/, examples/, tests/fixtures/"
    )
