"""The installed version, read without :mod:`importlib.metadata`.

``sherlock --version`` must start in a few times a bare interpreter, and importing
``importlib.metadata`` (email parsing, zip and CSV support) alone costs more than that
budget. The distribution's ``METADATA`` file is found on ``sys.path`` the way
``importlib.metadata`` finds it (the first ``sherlock_rca-*.dist-info`` folder) and its
``Version:`` header read; anything unusual falls back to ``importlib.metadata``.
"""

from __future__ import annotations

import os
import sys

DISTRIBUTION = "sherlock-rca"
_FOLDER_PREFIX = DISTRIBUTION.replace("-", "_") + "-"


def _metadata_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip() or None
                if not line.strip():  # the headers end at the first blank line
                    return None
    except OSError:
        return None
    return None


def _from_dist_info() -> str | None:
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in sorted(names):
            if name.lower().startswith(_FOLDER_PREFIX) and name.endswith(".dist-info"):
                return _metadata_version(os.path.join(folder or ".", name, "METADATA"))
    return None


def installed_version() -> str:
    """``0.1.0``; ``0+unknown`` when Sherlock runs from a tree that was never installed."""
    found = _from_dist_info()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"
