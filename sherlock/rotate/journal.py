"""The rotation journal: which steps are done, so an interrupted rotation can resume.

A small JSON file (``.sherlock/rotation-<env>.json`` by default) holding the account SID,
the environment, and for every completed step its name, a UTC timestamp and fingerprints
(sha256 prefixes). It never holds a token: the new one lives only in the targets it was
written to, which is where a resume reads it back from (recognised by its fingerprint).

Each change is written to a temporary file and renamed over the journal, so a rotation
killed mid-write leaves the previous journal intact rather than half a JSON document.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sherlock.rotate.errors import RotationError

VERSION = 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Journal:
    """What a rotation has done so far; saved after every step."""

    path: Path
    environment: str
    account: str
    old_fingerprint: str = ""
    secondary_fingerprint: str = ""
    steps: list[dict[str, Any]] = field(default_factory=list)

    def done(self, name: str) -> bool:
        return any(step["step"] == name for step in self.steps)

    def fact(self, name: str, key: str) -> str | None:
        """A fact recorded with a step (an API key's SID), or None."""
        step = next((s for s in self.steps if s["step"] == name), None)
        value = step.get(key) if step else None
        return value if isinstance(value, str) else None

    @property
    def finished(self) -> bool:
        return self.done("verify-after-promotion")

    def record(self, name: str, **facts: str) -> None:
        """Mark ``name`` done (with fingerprints or target names only) and save at once."""
        self.steps.append({"step": name, "at": _now(), **facts})
        self.save()

    def forget_from(self, name: str) -> None:
        """Drop ``name`` and every later step (a secondary we lost must be made again)."""
        names = [step["step"] for step in self.steps]
        if name in names:
            self.steps = self.steps[: names.index(name)]
        self.save()

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "environment": self.environment,
            "account": self.account,
            "old_fingerprint": self.old_fingerprint,
            "secondary_fingerprint": self.secondary_fingerprint,
            "steps": self.steps,
        }

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.to_dict(), indent=2) + "\n"
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".journal.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temp, self.path)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise RotationError(f"cannot write the journal {self.path}: {exc.strerror}") from None

    @classmethod
    def load(cls, path: Path) -> Journal:
        """Read a journal; a missing or damaged one is a clear error, not a traceback."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RotationError(f"no journal at {path}: nothing to resume") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise RotationError(f"cannot read the journal {path}: {type(exc).__name__}") from None
        try:
            if data["version"] != VERSION:
                raise RotationError(f"the journal {path} is from another Sherlock version")
            steps = [dict(s) for s in data["steps"] if isinstance(s.get("step"), str)]
            return cls(
                path=path,
                environment=str(data["environment"]),
                account=str(data["account"]),
                old_fingerprint=str(data["old_fingerprint"]),
                secondary_fingerprint=str(data["secondary_fingerprint"]),
                steps=steps,
            )
        except (KeyError, TypeError, AttributeError):
            raise RotationError(
                f"the journal {path} is damaged; it is not a rotation journal"
            ) from None
