"""A baseline: findings accepted as they are, so a gate fails only on new ones.

Entries are keyed by cause id and the finding's partial fingerprint (file, variable and the
value's fingerprint, never the line), so moving lines keeps a finding suppressed and
changing the value makes it new again. The file holds no secret: fingerprints only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sherlock.errors import InputError
from sherlock.models import Cause
from sherlock.render.sarif import partial_fingerprint

VERSION = 1


def load_baseline(path: Path) -> frozenset[tuple[str, str]]:
    """The accepted (cause, fingerprint) pairs; a file that is not a baseline is an error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read baseline {path}: {exc.strerror}") from None
    except ValueError:
        raise InputError(f"{path} is not a Sherlock baseline (not JSON)") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise InputError(f"{path} is not a Sherlock baseline (version {VERSION})")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise InputError(f"{path} is not a Sherlock baseline (no findings list)")
    keys = set()
    for entry in entries:
        if isinstance(entry, dict):
            cause, fingerprint = entry.get("cause"), entry.get("fingerprint")
            if isinstance(cause, str) and isinstance(fingerprint, str):
                keys.add((cause, fingerprint))
    return frozenset(keys)


def write_baseline(path: Path, causes: Iterable[Cause]) -> int:
    """Write every finding of ``causes`` as accepted; returns how many were written."""
    entries = []
    for cause in causes:
        for site in cause.sites:
            entries.append(
                {
                    "cause": cause.id,
                    "fingerprint": partial_fingerprint(cause.id, site),
                    "path": site.path,
                    "name": site.name,
                }
            )
    entries.sort(key=lambda e: (e["path"], e["name"], e["cause"], e["fingerprint"]))
    body = {"version": VERSION, "tool": "sherlock", "findings": entries}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return len(entries)
