"""Which files' readings looked at other files during a scan.

A warm index (:mod:`sherlock.index.parses`) reuses the parse of a file that did not change,
but only when reading it looked at nothing else: a workload's lone half that asked which
project runs its image, a script whose ``kubectl --from-file`` or ``fly secrets set`` read a
neighbour. Such a reader marks its file here, and the index reads it again on every
refresh. The marks are per scan (keyed by the scan's document cache) and go with it.
"""

from __future__ import annotations

import weakref

from sherlock.collect.base import ScanContext
from sherlock.collect.yamlio import DocumentCache

_CONSULTED: weakref.WeakKeyDictionary[DocumentCache, set[str]] = weakref.WeakKeyDictionary()


def consulted_tree(ctx: ScanContext, relpath: str) -> bool:
    """Whether reading ``relpath`` in this scan looked at other files, so a warm index must
    not keep that parse: a change to another file changes it."""
    return relpath in _CONSULTED.get(ctx.documents, ())


def mark_consulted(ctx: ScanContext, relpath: str) -> None:
    """Record that reading ``relpath`` looked at other files of the tree."""
    _CONSULTED.setdefault(ctx.documents, set()).add(relpath)
