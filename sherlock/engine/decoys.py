"""Values that only look like configuration: examples, templates, test fixtures and the
files of installed dependencies.

A healthy repository is full of them (``.env.example``, ``tests/fixtures/.env``), and
blaming them would bury the real cause, so they are set aside with one note.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import PurePosixPath

from sherlock.models import FoundValue, Note

DECOY_DIRS = {
    "example",
    "examples",
    "sample",
    "samples",
    "fixtures",
    "fixture",
    "testdata",
    "tests",
    "__tests__",
    "spec",
    "specs",
    "docs",
    "doc",
    "mocks",
    "__mocks__",
}
#: Installed dependencies (Composer's and Go's ``vendor/``, Bower's, vendored copies): the walk
#: enters ``vendor/`` because Laravel packages keep their config there, but a value in a
#: package's own files is the package author's, not this deployment's.
DEPENDENCY_DIRS = {"vendor", "third_party", "bower_components", "site-packages"}
#: ``sam deploy``'s default template names: the deployed stack, not an example.
SAM_TEMPLATES = frozenset({"template.yaml", "template.yml"})
DECOY_SUFFIXES = (".example", ".sample", ".template", ".dist", ".tmpl", ".tpl")


def is_decoy(path: str) -> bool:
    parts = PurePosixPath(path).parts
    if any(part.lower() in DECOY_DIRS or part.lower() in DEPENDENCY_DIRS for part in parts[:-1]):
        return True
    name = parts[-1].lower() if parts else ""
    if name in SAM_TEMPLATES:
        return False
    stem = name.removesuffix(".env")
    return name.endswith(DECOY_SUFFIXES) or stem.startswith(("example", "sample", "template"))


def split_decoys(
    values: Sequence[FoundValue], trusted: Collection[str] = ()
) -> tuple[list[FoundValue], list[Note]]:
    """The real values, and a note naming the files whose values were set aside.

    ``trusted`` paths are never set aside: a config that names ``examples/.env`` as a
    service's source means it.
    """
    real: list[FoundValue] = []
    skipped: set[str] = set()
    for value in values:
        path = value.location.path
        if "://" in path or path.startswith("env:") or path in trusted or not is_decoy(path):
            real.append(value)
        else:
            skipped.add(path)
    notes = []
    if skipped:
        shown = ", ".join(sorted(skipped)[:5]) + (" …" if len(skipped) > 5 else "")
        notes.append(
            Note("examples", f"ignored values in {len(skipped)} example/fixture file(s): {shown}")
        )
    return real, notes
