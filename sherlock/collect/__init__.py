"""Discovery: every place a provider's credential lives in a tree, read as its consumer reads it.

One entry point::

    collect_tree(root, process_env=None, max_file_bytes=2_000_000) -> CollectResult

(grouping values into one client's credentials is the provider's job).

``collect_tree`` walks the tree once (:mod:`.walk`), runs a pre-pass that learns who loads
which file (:mod:`.references`), then hands each file to the first collector that reads it
(:mod:`.registry`: env files, compose, Kubernetes, shell, Twilio CLI) and adds the process
environment when given. Unreadable, binary, oversized, undecodable or malformed files become
notes, never exceptions. Values and notes come back sorted by location.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from sherlock.collect.base import Collector, CollectResult, ScanContext, SourceFile
from sherlock.collect.process_env import collect_process_env
from sherlock.collect.references import build_context
from sherlock.collect.registry import DOTENV, SELECTION, SHELL, collector_for
from sherlock.collect.shell import is_reference_source, sniff_shebang
from sherlock.collect.walk import Walker, WalkResult, Want, decode_text, read_inside, walk_tree
from sherlock.collect.walk_split import SplitWalk, start_walk, worker_count
from sherlock.models import FoundValue, Note

__all__ = ["CollectResult", "WalkAhead", "collect_tree"]


def _want(relpath: str) -> Want:
    if SELECTION.wanting(relpath):
        return Want.YES
    return _want_by_name(relpath.rpartition("/")[2])


@lru_cache(maxsize=1 << 16)
def _want_by_name(name: str) -> Want:
    """Makefiles (searched for ``--env-file``) and scripts found by their shebang: both
    decided by the file name alone, so once per name."""
    return Want.YES if is_reference_source(name) else SHELL.want(name)


def _worth_keeping(relpath: str, data: bytes) -> bool:
    return SELECTION.worth_keeping(relpath, data, SELECTION.wanting(relpath))


def _collect_file(source: SourceFile, ctx: ScanContext, forced: bool = False) -> CollectResult:
    if forced:
        collector: Collector | None = DOTENV
    else:
        offered = SELECTION.offered(source.relpath, SELECTION.wanting(source.relpath))
        collector = collector_for(source.relpath, source.data, offered)
    if collector is None:
        return CollectResult()
    text, problem = decode_text(source.data)
    if text is None:
        return CollectResult(notes=[Note(source.relpath, problem or "not read")])
    try:
        return collector.collect(source, text, ctx)
    except Exception as exc:  # a collector bug must not end the scan; never echo content
        message = f"{collector.name} reader failed ({type(exc).__name__}); file skipped"
        return CollectResult(notes=[Note(source.relpath, message)])


def _referenced_extras(ctx: ScanContext, walked: set[str]) -> tuple[list[SourceFile], list[Note]]:
    """Env files named by ``docker run --env-file`` that the walker did not pick by name."""
    files: list[SourceFile] = []
    notes: list[Note] = []
    for relpath, consumer in sorted(ctx.env_file_consumers.items()):
        if relpath in walked or consumer == "compose":
            continue
        data = read_inside(ctx.root, relpath, ctx.max_file_bytes)
        if isinstance(data, bytes):
            files.append(SourceFile(relpath, data))
        else:
            notes.append(Note(relpath, data))
    return files, notes


def _note_key(note: Note) -> tuple[str, int, str]:
    path, _, line = note.location.rpartition(":")
    if path and line.isdigit():
        return path, int(line), note.message
    return note.location, 0, note.message


def _location_key(value: FoundValue) -> tuple[str, int, str]:
    return value.location.path, value.location.line or 0, value.name


def collect_tree(
    root: Path = Path("."),
    *,
    process_env: Mapping[str, str] | None = None,
    max_file_bytes: int = 2_000_000,
    extra_paths: Sequence[str] = (),
    walked: WalkResult | None = None,
) -> CollectResult:
    """Every Twilio value under ``root`` (and in ``process_env``), with notes on what was skipped.

    ``extra_paths`` (relative to ``root``) are read even when the walker would not pick them
    by name: a config that says "this service reads deploy/secrets.txt" is believed.
    ``walked`` is the walk of ``root`` when it was made already (:class:`WalkAhead`).
    """
    if walked is None:
        walked = walk_tree(root, _want, sniff_shebang, max_file_bytes, keep=_worth_keeping)
    ctx = build_context(root, walked.files, process_env=process_env, max_file_bytes=max_file_bytes)
    result = CollectResult(notes=list(walked.notes))
    for source in walked.files:
        result.extend(_collect_file(source, ctx))
    walked_paths = {f.relpath for f in walked.files} | set(walked.set_aside)
    extras, notes = _referenced_extras(ctx, walked_paths)
    result.notes.extend(notes)
    for source in extras:
        result.extend(_collect_file(source, ctx, forced=True))
    done = walked_paths | {e.relpath for e in extras}
    for relpath in dict.fromkeys(p for p in extra_paths if p not in done):
        data = read_inside(root, relpath, max_file_bytes)
        if isinstance(data, str):
            result.note(relpath, data)
            continue
        named = SourceFile(relpath, data)
        result.extend(_collect_file(named, ctx, forced=collector_for(relpath, data) is None))
    if process_env is not None:
        result.extend(collect_process_env(process_env))
    result.values.sort(key=_location_key)
    result.notes.sort(key=_note_key)
    return result


class WalkAhead:
    """``collect_tree`` for one root whose walk starts now, shared among worker processes
    when the tree is large (:mod:`.walk_split`). A one-off diagnosis begins it before its
    event loop starts, while the process still has one thread, so forking is safe; the
    walk then runs beside the rest of the start-up."""

    def __init__(self, root: Path, max_file_bytes: int = 2_000_000) -> None:
        self.root = root
        self.max_file_bytes = max_file_bytes
        walker = Walker(root, _want, sniff_shebang, max_file_bytes, _worth_keeping)
        self._split: SplitWalk = start_walk(walker, worker_count())

    def collect(
        self,
        root: Path,
        *,
        process_env: Mapping[str, str] | None = None,
        max_file_bytes: int = 2_000_000,
        extra_paths: Sequence[str] = (),
    ) -> CollectResult:
        """As :func:`collect_tree`, using the walk begun here when it is of the same root."""
        same = root == self.root and max_file_bytes == self.max_file_bytes
        return collect_tree(
            root,
            process_env=process_env,
            max_file_bytes=max_file_bytes,
            extra_paths=extra_paths,
            walked=self._split.result() if same else None,
        )

    def close(self) -> None:
        """Stop workers whose walk was never used (an interrupted or failed diagnosis)."""
        self._split.close()

    def __enter__(self) -> WalkAhead:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
