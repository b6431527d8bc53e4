"""The places a rotation writes the new Auth Token to, behind one small interface.

A target holds one copy of the token: a whole file (a Docker or Kubernetes secret file),
one ``VAR=`` line of an env file, or one secret (or one JSON key of it) in AWS Secrets
Manager. ``read`` returns the copy a consumer would get now; ``write`` makes a new value
current; ``history`` lists older values the target still keeps (AWS keeps AWSPREVIOUS),
which is where a resumed rotation finds the old token again. Nothing here ever puts a value
into a message: errors name the target and the reason only.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sherlock.rotate.errors import RotationError
from sherlock.secrets import Secret


class Target(Protocol):
    """One copy of the token that the rotation keeps up to date."""

    @property
    def name(self) -> str:
        """How the plan and the journal call it (a path or a store URI, never a value)."""
        ...

    def read(self) -> Secret | None:
        """The value a consumer reads now; None when the target holds none yet."""
        ...

    def write(self, value: Secret) -> None:
        """Make ``value`` the current one; raises only :class:`RotationError`."""
        ...

    def history(self) -> list[Secret]:
        """Older values the target still keeps, newest first."""
        ...


def _atomic_write(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a reader never sees half a token."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class FileTarget:
    """``path`` (the file is the token, a trailing newline kept as found) or ``path#VAR``."""

    base: Path
    spec: str

    @property
    def name(self) -> str:
        return self.spec

    @property
    def path(self) -> Path:
        return self.base / self.spec.partition("#")[0]

    @property
    def variable(self) -> str | None:
        return self.spec.partition("#")[2] or None

    def _line(self) -> re.Pattern[str]:
        name = re.escape(self.variable or "")
        return re.compile(rf"^(?P<head>\s*(?:export\s+)?{name}\s*=\s*)(?P<value>.*?)\s*$", re.M)

    def _text(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise RotationError(f"cannot read {self.name}: {type(exc).__name__}") from None

    def read(self) -> Secret | None:
        text = self._text()
        if text is None:
            return None
        if self.variable is None:
            return Secret(text.rstrip("\r\n"))
        match = self._line().search(text)
        return Secret(match.group("value").strip("\"'")) if match else None

    def write(self, value: Secret) -> None:
        text = self._text() or ""
        if self.variable is None:
            ending = text[len(text.rstrip("\r\n")) :] or "\n"
            updated = value.reveal() + ending
        else:
            pattern = self._line()
            line = f"{self.variable}={value.reveal()}"
            if pattern.search(text):
                updated = pattern.sub(lambda m: m.group("head") + value.reveal(), text, count=1)
            else:
                updated = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        try:
            _atomic_write(self.path, updated)
        except OSError as exc:
            raise RotationError(f"cannot write {self.name}: {type(exc).__name__}") from None

    def history(self) -> list[Secret]:
        return []
