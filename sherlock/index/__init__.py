"""A warm index of a deployment tree for the front ends that stay up (HTTP, Slack).

:class:`WarmIndex` keeps the collected values of one tree and re-parses only files that
changed (:mod:`.parses`); :class:`IndexWatcher` refreshes it on file-system events, with a
periodic stat look as the fallback (:mod:`.watch`, :mod:`.signature`).
"""

from __future__ import annotations

from sherlock.index.warm import WarmIndex
from sherlock.index.watch import IndexWatcher

__all__ = ["IndexWatcher", "WarmIndex"]
