"""A walk shared among forked workers finds exactly what one process finds, and never less.

The shared walk is what a large monorepo scan runs (sherlock.collect.walk_split); these
tests force it onto small trees (``split_after`` of a few entries) and compare it, file for
file and note for note, with the plain walk the rest of the suite exercises.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sherlock.collect import _want, _worth_keeping
from sherlock.collect import walk_split as split_module
from sherlock.collect.shell import sniff_shebang
from sherlock.collect.walk import Walker, WalkResult, walk_tree
from sherlock.collect.walk_split import SplitWalk, start_walk, worker_count

SID = "AC" + "1f" * 16
TOKEN = "9c" * 16

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="the split walk forks on Linux only"
)


def _tree(root: Path, services: int = 24) -> Path:
    """A monorepo-shaped tree: services with env files, source with and without the
    provider's name, fixtures that must stay unread, a link across services, a broken file."""
    for number in range(services):
        service = root / "services" / f"svc{number:02d}"
        (service / "src").mkdir(parents=True)
        (service / ".env").write_text(f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
        (service / "src" / "app.py").write_text(
            "import os\nfrom twilio.rest import Client\n"
            "client = Client(os.environ['TWILIO_ACCOUNT_SID'], os.environ['TWILIO_AUTH_TOKEN'])\n"
            if number % 3 == 0
            else "def handler():\n    return 42\n"
        )
        (service / "src" / "util.js").write_text("module.exports = () => 1;\n")
        (service / "fixtures").mkdir()
        (service / "fixtures" / ".env").write_text(f"TWILIO_AUTH_TOKEN={TOKEN}\n")
    (root / "services" / "svc05" / "prod.env").symlink_to(root / "services" / "svc17" / ".env")
    (root / "services" / "svc07" / "outside.env").symlink_to("/etc/hostname")
    (root / "services" / "svc09" / "bad.env").write_bytes(b"TWILIO_AUTH_TOKEN=\x00\xff\n")
    return root


def _walker(root: Path) -> Walker:
    return Walker(root, _want, sniff_shebang, 2_000_000, _worth_keeping)


def _plain(root: Path) -> WalkResult:
    return walk_tree(root, _want, sniff_shebang, keep=_worth_keeping)


def _same(shared: WalkResult, plain: WalkResult) -> None:
    assert [(f.relpath, f.data) for f in shared.files] == [(f.relpath, f.data) for f in plain.files]
    assert sorted(map(str, shared.notes)) == sorted(map(str, plain.notes))
    assert sorted(shared.set_aside) == sorted(plain.set_aside)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return _tree(tmp_path / "repo")


@pytest.fixture
def no_zombies() -> Iterator[None]:
    yield
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every worker was reaped


def test_workers_share_the_walk_and_find_exactly_what_one_process_finds(
    tree: Path, no_zombies: None
) -> None:
    walk = start_walk(_walker(tree), workers=2, split_after=5)
    assert len(walk.workers) == 2, "the tree was large enough to share out"
    shared = walk.result()
    _same(shared, _plain(tree))
    relpaths = {f.relpath for f in shared.files}
    assert "services/svc05/prod.env" not in relpaths, "a link whose target was read is not re-read"
    assert "services/svc17/.env" in relpaths
    assert any("fixtures/" in str(n) for n in shared.notes), "skipped folders are still named"


def test_a_failed_worker_leaves_its_folders_to_this_process_and_nothing_is_lost(
    tree: Path, monkeypatch: pytest.MonkeyPatch, no_zombies: None
) -> None:
    def crash(*_args: object) -> None:
        raise RuntimeError("worker broke")  # in the forked child: it exits with status 1

    monkeypatch.setattr(split_module, "_walk_share", crash)
    walk = start_walk(_walker(tree), workers=2, split_after=5)
    assert walk.workers
    _same(walk.result(), _plain(tree))


def test_a_truncated_payload_counts_as_a_failed_worker(
    tree: Path, monkeypatch: pytest.MonkeyPatch, no_zombies: None
) -> None:
    def half(_walker: Walker, _share: list[object], out: int) -> None:
        os.write(out, b"\x80\x05\x95")  # the start of a pickle, then nothing
        os.close(out)

    monkeypatch.setattr(split_module, "_walk_share", half)
    _same(start_walk(_walker(tree), workers=2, split_after=5).result(), _plain(tree))


def test_no_worker_is_forked_while_another_thread_runs(tree: Path) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        walk = start_walk(_walker(tree), workers=2, split_after=5)
        assert walk.workers == []
        _same(walk.result(), _plain(tree))
    finally:
        stop.set()
        other.join()


def test_a_small_tree_is_walked_in_this_process(tree: Path) -> None:
    walk = start_walk(_walker(tree), workers=2)  # the default threshold is far above this tree
    assert walk.workers == []
    _same(walk.result(), _plain(tree))


def test_unused_workers_are_stopped_and_reaped(tree: Path, no_zombies: None) -> None:
    walk: SplitWalk = start_walk(_walker(tree), workers=2, split_after=5)
    assert walk.workers
    walk.close()
    assert walk.workers == []


@pytest.mark.parametrize(("setting", "expected"), [("1", 1), ("0", 0), ("3", 3)])
def test_the_worker_count_can_be_set(
    monkeypatch: pytest.MonkeyPatch, setting: str, expected: int
) -> None:
    monkeypatch.setenv("SHERLOCK_WALK_WORKERS", setting)
    assert worker_count() == expected


def test_the_command_line_reports_the_same_with_and_without_workers(tmp_path: Path) -> None:
    """End to end: a tree past the split threshold, diagnosed with the walk shared out and
    with one process; the JSON reports are identical and no secret reaches either."""
    root = _tree(tmp_path / "big", services=12)
    for number in range(700):  # past SPLIT_AFTER entries, so the command line splits
        folder = root / "services" / f"svc{number % 12:02d}" / "gen" / f"m{number // 12:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mod{number}.py").write_text("VALUE = 1\n")
    outputs = []
    for workers in ("1", "2"):
        env = {**os.environ, "SHERLOCK_WALK_WORKERS": workers}
        done = subprocess.run(
            [sys.executable, "-m", "sherlock", "diagnose", "--offline", "--format", "json", "."],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode in (0, 1, 3), done.stderr
        assert TOKEN not in done.stdout + done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert '"credentials"' in outputs[0]


def test_a_walk_begun_ahead_collects_what_a_plain_collection_does(
    tree: Path, monkeypatch: pytest.MonkeyPatch, no_zombies: None
) -> None:
    from sherlock.collect import WalkAhead, collect_tree

    monkeypatch.setattr(split_module, "SPLIT_AFTER", 5)
    monkeypatch.setenv("SHERLOCK_WALK_WORKERS", "2")
    ahead = WalkAhead(tree)
    assert ahead._split.workers, "the walk was shared out"
    try:
        shared = ahead.collect(tree)
    finally:
        ahead.close()
    plain = collect_tree(tree)
    assert shared.values == plain.values
    assert shared.notes == plain.notes
