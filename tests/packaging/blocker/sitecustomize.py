"""Make optional SDKs unimportable, as they are after ``pip install sherlock-rca``.

Put this folder on ``PYTHONPATH`` and list top-level module names in
``SHERLOCK_TEST_BLOCK`` (comma-separated): every import of one of them, or of anything
inside it, raises ``ModuleNotFoundError`` exactly as a missing package would. Python
imports ``sitecustomize`` at start-up, so the real ``sherlock`` console script runs under
the block with no change to how it is started.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType


class _Blocker(MetaPathFinder):
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


_names = frozenset(n.strip() for n in os.environ.get("SHERLOCK_TEST_BLOCK", "").split(",") if n)
if _names:
    sys.meta_path.insert(0, _Blocker(_names))
