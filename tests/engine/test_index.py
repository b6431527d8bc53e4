"""The warm index answers exactly what a fresh scan would, after any edit, re-parsing less."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sherlock.collect import collect_tree
from sherlock.collect.base import CollectResult
from sherlock.index import WarmIndex
from sherlock.index.signature import tree_signature

SID_A = "AC" + "1" * 32
SID_B = "AC" + "2" * 32
TOKEN_A = "canaryTokenA0f9e8d7c6b5a4f3e2d1c0"[:32]
TOKEN_B = "b" * 8 + "canaryTokenB9988776655443322"[:24]

#: Files that read one another: a script that loads an env file with docker's rules, a
#: compose project (base, override, env_file, project .env, a secret file), a Kubernetes
#: Secret read through a Deployment's secretKeyRef, plus files read alone.
FILES: dict[str, str] = {
    ".env.production": f"TWILIO_ACCOUNT_SID={SID_A}\nTWILIO_AUTH_TOKEN={TOKEN_A}\n",
    ".env.staging": f"TWILIO_ACCOUNT_SID={SID_B}\nTWILIO_AUTH_TOKEN='{TOKEN_B} '\n",
    "deploy/prod.env": f'TWILIO_ACCOUNT_SID={SID_A}\nTWILIO_AUTH_TOKEN="{TOKEN_A}"\n',
    "deploy/run.sh": "#!/bin/sh\ndocker run --env-file deploy/prod.env app\n",
    "bin/deploy": "#!/bin/bash\ndocker run --env-file .env.production app\n",
    "scripts/start.sh": "#!/bin/sh\nset -a\n. ./.env.staging\nexec app\n",
    "docker-compose.yml": (
        "services:\n  api:\n    env_file: .env.staging\n    environment:\n"
        "      TWILIO_AUTH_TOKEN: ${TOKEN}\n    secrets: [twilio_token]\n"
        "secrets:\n  twilio_token:\n    file: ./secrets/token.txt\n"
    ),
    "docker-compose.override.yml": (
        f"services:\n  api:\n    environment:\n      TWILIO_ACCOUNT_SID: {SID_B}\n"
    ),
    ".env": f"TOKEN={TOKEN_B}\n",
    "secrets/token.txt": f"{TOKEN_A}\n",
    "k8s/secret.yaml": (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sms\n"
        f"stringData:\n  token: {TOKEN_A}\n  sid: {SID_A}\n"
    ),
    "k8s/deploy.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sms\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: sms\n          env:\n"
        "            - name: TWILIO_AUTH_TOKEN\n              valueFrom:\n"
        "                secretKeyRef: {name: sms, key: token}\n"
        "            - name: TWILIO_ACCOUNT_SID\n              valueFrom:\n"
        "                secretKeyRef: {name: sms, key: sid}\n"
    ),
    "Dockerfile": (
        f"FROM python:3.11\nENV TWILIO_ACCOUNT_SID={SID_B}\nENV TWILIO_AUTH_TOKEN={TOKEN_B}\n"
    ),
    "examples/.env": f"TWILIO_AUTH_TOKEN={TOKEN_B}\n",
    "notes.txt": "nothing here\n",
}

#: Other contents a file can be edited to: a changed token, a broken one, a reference
#: removed or pointed elsewhere, invalid YAML, binary bytes.
EDITS: list[str] = [
    f"TWILIO_ACCOUNT_SID={SID_B}\nTWILIO_AUTH_TOKEN={TOKEN_B}\n",
    f"TWILIO_AUTH_TOKEN={TOKEN_A[:20]}\n",
    "#!/bin/sh\ndocker run --env-file .env.production app\n",
    "#!/bin/sh\nexec app\n",
    "services:\n  api:\n    env_file: deploy/prod.env\n",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: other\nstringData:\n  token: x\n",
    "key: [unclosed\n",
    "",
]

PATHS = sorted(FILES)


def _write(root: Path, relpath: str, text: str | bytes) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _tree(root: Path) -> None:
    for relpath, text in FILES.items():
        _write(root, relpath, text)
    os.chmod(root / "deploy/run.sh", 0o755)
    os.chmod(root / "scripts/start.sh", 0o755)
    os.chmod(root / "bin/deploy", 0o755)


def _same(got: CollectResult, fresh: CollectResult) -> None:
    assert got.values == fresh.values
    assert got.notes == fresh.notes
    assert got == fresh  # every other field too (code readings...)


def _apply(root: Path, op: tuple[str, int, int]) -> set[str] | None:
    """Make one edit; the files a watcher would call modified (None for other changes)."""
    kind, which, edit = op
    relpath = PATHS[which % len(PATHS)]
    path = root / relpath
    if kind in ("modify", "binary", "chmod") and not path.is_file():
        return None
    if kind == "chmod":
        os.chmod(path, path.stat().st_mode ^ 0o111)
        return {relpath}
    if kind in ("modify", "binary"):
        _modify(root, relpath, kind, edit)
        return {relpath}
    if kind == "delete" and path.exists():
        path.unlink()
    elif kind == "rename" and path.exists():
        target = PATHS[edit % len(PATHS)]
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        path.replace(root / target)
    elif kind == "add":
        _write(root, f"svc{edit}/.env.dev", EDITS[edit % len(EDITS)])
    return None


def _modify(root: Path, relpath: str, kind: str, edit: int) -> None:
    if kind == "modify":
        _write(root, relpath, EDITS[edit % len(EDITS)])
    else:
        _write(root, relpath, b"TWILIO_AUTH_TOKEN=\x00\xff\n")


OPS = st.tuples(
    st.sampled_from(["modify", "delete", "rename", "add", "binary", "chmod"]),
    st.integers(0, len(PATHS) - 1),
    st.integers(0, 20),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=1, max_size=6))
def test_index_equals_a_fresh_scan_after_any_sequence_of_edits(
    ops: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        _tree(root)
        index = WarmIndex(root)
        _same(index.collect(root), collect_tree(root))
        for op in ops:
            index.refresh(force=True, modified=_apply(root, op))
            index.live = True  # as when a watcher is running: the answer comes from the index
            _same(index.collect(root), collect_tree(root))


def test_config_named_files_are_indexed_like_a_fresh_scan_with_the_same_extra_paths(
    tmp_path: Path,
) -> None:
    _tree(tmp_path)
    _write(tmp_path, "conf/app.txt", f"TWILIO_AUTH_TOKEN={TOKEN_A}\n")
    extra = ("conf/app.txt", "fixtures/.env", "missing.env")
    _write(tmp_path, "fixtures/.env", f"TWILIO_ACCOUNT_SID={SID_A}\n")
    index = WarmIndex(tmp_path)
    _same(index.collect(tmp_path, extra_paths=extra), collect_tree(tmp_path, extra_paths=extra))
    _write(tmp_path, "conf/app.txt", f"TWILIO_AUTH_TOKEN={TOKEN_B}\n")
    _same(index.collect(tmp_path, extra_paths=extra), collect_tree(tmp_path, extra_paths=extra))


def test_an_unchanged_tree_is_not_parsed_again(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.collect(tmp_path)
    first = index.parsed
    assert first > 0
    index.refresh(force=True)
    compose_files = 2  # compose reads other files itself, so it is always parsed again
    assert index.parsed - first <= compose_files


def test_an_edit_re_parses_only_the_edited_file_and_compose(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.collect(tmp_path)
    before = index.parsed
    _write(tmp_path, ".env.production", f"TWILIO_AUTH_TOKEN={TOKEN_B}\n")
    index.refresh(force=True)
    assert index.parsed - before <= 3


def test_a_deleted_file_and_its_values_disappear(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    assert any(v.location.path == "Dockerfile" for v in index.collect(tmp_path).values)
    (tmp_path / "Dockerfile").unlink()
    assert not any(v.location.path == "Dockerfile" for v in index.collect(tmp_path).values)


def test_without_a_watcher_each_question_sees_the_current_tree(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.collect(tmp_path)
    _write(tmp_path, "api/.env.dev", f"TWILIO_ACCOUNT_SID={SID_A}\nTWILIO_AUTH_TOKEN={TOKEN_A}\n")
    _same(index.collect(tmp_path), collect_tree(tmp_path))


def test_a_watched_index_answers_from_memory_until_it_is_refreshed(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.refresh(force=True)
    index.live = True
    before = index.collect(tmp_path)
    (tmp_path / "Dockerfile").unlink()
    _same(index.collect(tmp_path), before)
    assert index.refresh() is True
    _same(index.collect(tmp_path), collect_tree(tmp_path))


def test_the_signature_moves_on_create_write_rename_and_delete(tmp_path: Path) -> None:
    _tree(tmp_path)
    seen = [tree_signature(tmp_path)]
    _write(tmp_path, "new.env", "A=1\n")
    seen.append(tree_signature(tmp_path))
    _write(tmp_path, "new.env", "A=12\n")
    seen.append(tree_signature(tmp_path))
    (tmp_path / "new.env").rename(tmp_path / "other.env")
    seen.append(tree_signature(tmp_path))
    (tmp_path / "other.env").unlink()
    seen.append(tree_signature(tmp_path))
    assert all(a != b for a, b in itertools.pairwise(seen))


def test_the_signature_ignores_changes_inside_folders_the_walker_skips(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "node_modules/pkg").mkdir(parents=True)
    before = tree_signature(tmp_path)
    _write(tmp_path, "node_modules/pkg/.env", "TWILIO_AUTH_TOKEN=x\n")
    assert tree_signature(tmp_path) == before


def test_another_root_is_collected_afresh_not_from_the_index(tmp_path: Path) -> None:
    _tree(tmp_path / "a")
    _write(tmp_path, "b/.env", f"TWILIO_AUTH_TOKEN={TOKEN_B}\n")
    index = WarmIndex(tmp_path / "a")
    _same(index.collect(tmp_path / "b"), collect_tree(tmp_path / "b"))


def test_no_raw_secret_in_the_index_repr_or_its_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _tree(tmp_path)
    caplog.set_level(logging.DEBUG)
    index = WarmIndex(tmp_path)
    result = index.collect(tmp_path)
    assert result.values
    index.refresh(force=True)
    _write(tmp_path, ".env.production", f"TWILIO_AUTH_TOKEN={TOKEN_B}\n")
    index.refresh(force=True, modified={".env.production"})  # the walk's bytes are kept
    shown = repr(index) + str(index) + repr(index._cache) + caplog.text
    shown += repr(vars(index)) + repr(vars(index._cache)) + repr(vars(index._cache.walks))
    for secret in (TOKEN_A, TOKEN_B, TOKEN_A[:16], TOKEN_B[-16:]):
        assert secret not in shown


def test_the_watcher_ignores_changes_inside_folders_the_walker_skips(tmp_path: Path) -> None:
    from sherlock.index.watch import _SkippedFolders

    keep = _SkippedFolders(tmp_path)
    root = str(tmp_path.resolve())
    assert keep(None, f"{root}/api/.env")
    assert keep(None, f"{root}/node_modules")  # the folder itself: its note may change
    assert not keep(None, f"{root}/node_modules/pkg/.env")
    assert not keep(None, f"{root}/svc/.git/index")


def test_a_polling_watcher_refreshes_the_index_and_stops_cleanly(tmp_path: Path) -> None:
    from sherlock.index import IndexWatcher

    _tree(tmp_path)
    index = WarmIndex(tmp_path)

    async def watch() -> tuple[CollectResult, bool]:
        watcher = IndexWatcher(index, use_events=False, fallback_interval=0.05)
        await watcher.start()
        try:
            (tmp_path / "Dockerfile").unlink()
            for _ in range(100):
                if not any(v.location.path == "Dockerfile" for v in index.collect(tmp_path).values):
                    break
                await asyncio.sleep(0.02)
            return index.collect(tmp_path), index.live
        finally:
            await watcher.stop()

    seen, live = asyncio.run(watch())
    assert live
    _same(seen, collect_tree(tmp_path))
    assert not index.live  # stopped: each question looks at the tree itself again


def test_a_modification_event_re_reads_only_the_modified_file(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.refresh(force=True)
    _write(tmp_path, ".env.production", f"TWILIO_AUTH_TOKEN={TOKEN_B}\n")
    index.refresh(force=True, modified={".env.production"})
    assert index._cache.walks.patched == 1
    index.live = True
    _same(index.collect(tmp_path), collect_tree(tmp_path))


@pytest.mark.parametrize(
    "modified",
    [{"new.env"}, {"deploy"}, {"examples/.env"}],
    ids=["a file the last walk did not read", "a folder", "a file in a skipped folder"],
)
def test_an_event_about_anything_but_walked_files_walks_the_whole_tree(
    tmp_path: Path, modified: set[str]
) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.refresh(force=True)
    _write(tmp_path, "new.env", f"TWILIO_AUTH_TOKEN={TOKEN_B}\n")
    index.refresh(force=True, modified=modified)
    assert index._cache.walks.patched == 0
    index.live = True
    _same(index.collect(tmp_path), collect_tree(tmp_path))


def test_a_script_that_loses_its_execute_bit_is_dropped_as_a_fresh_walk_drops_it(
    tmp_path: Path,
) -> None:
    _tree(tmp_path)
    index = WarmIndex(tmp_path)
    index.refresh(force=True)
    os.chmod(tmp_path / "bin/deploy", 0o644)
    index.refresh(force=True, modified={"bin/deploy"})
    index.live = True
    _same(index.collect(tmp_path), collect_tree(tmp_path))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "def handler():\n    return 1\n",
            f"from twilio.rest import Client\nC = Client('{SID_A}', '{TOKEN_B}')\n",
        ),
        (
            f"from twilio.rest import Client\nC = Client('{SID_A}', '{TOKEN_B}')\n",
            "def handler():\n    return 1\n",
        ),
    ],
    ids=["a source file starts building a client", "a source file stops building one"],
)
def test_a_source_file_that_gains_or_loses_twilio_is_seen_as_a_fresh_scan_sees_it(
    tmp_path: Path, before: str, after: str
) -> None:
    """Source files that never mention Twilio are set aside by the walk (not held in
    memory); an edit either way must still reach the index."""
    _tree(tmp_path)
    _write(tmp_path, "api/app.py", before)
    index = WarmIndex(tmp_path)
    index.refresh(force=True)
    _write(tmp_path, "api/app.py", after)
    index.refresh(force=True, modified={"api/app.py"})
    index.live = True
    _same(index.collect(tmp_path), collect_tree(tmp_path))


def test_a_script_whose_kubectl_reads_a_file_is_read_again_when_that_file_changes(
    tmp_path: Path,
) -> None:
    """The shell reader's parses are kept, but not one whose ``kubectl create secret
    --from-file`` read another file: the token file's edit must reach the answer."""
    _write(
        tmp_path,
        "deploy/secrets.sh",
        "kubectl create secret generic sms --from-file=TWILIO_AUTH_TOKEN=secrets/token.txt"
        f" --from-literal=TWILIO_ACCOUNT_SID={SID_A}\n",
    )
    _write(tmp_path, "secrets/token.txt", f"{TOKEN_A}\n")
    index = WarmIndex(tmp_path)
    index.collect(tmp_path)
    _write(tmp_path, "secrets/token.txt", f"{TOKEN_B}\n")
    index.refresh(force=True)
    warm = index.collect(tmp_path)
    assert warm.values == collect_tree(tmp_path).values
    (token,) = [v for v in warm.values if v.name == "TWILIO_AUTH_TOKEN"]
    assert token.value.reveal() == f"{TOKEN_B}\n"
