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
from collections.abc import Mapping, Sequence
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

    @staticmethod
    def _line(variable: str) -> re.Pattern[str]:
        name = re.escape(variable)
        return re.compile(rf"^(?P<head>\s*(?:export\s+)?{name}\s*=\s*)(?P<value>.*?)\s*$", re.M)

    def _text(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise RotationError(f"cannot read {self.name}: {type(exc).__name__}") from None

    def read(self) -> Secret | None:
        if self.variable is not None:
            return self.read_fields([self.variable]).get(self.variable)
        text = self._text()
        return None if text is None else Secret(text.rstrip("\r\n"))

    def read_fields(self, names: Sequence[str]) -> dict[str, Secret]:
        """The ``NAME=`` values of an env file; names it does not set are left out."""
        text = self._text() or ""
        found = {name: self._line(name).search(text) for name in names}
        return {n: Secret(m.group("value").strip("\"'")) for n, m in found.items() if m}

    def write(self, value: Secret) -> None:
        if self.variable is not None:
            self.write_fields({self.variable: value})
            return
        text = self._text() or ""
        ending = text[len(text.rstrip("\r\n")) :] or "\n"
        self._save(value.reveal() + ending)

    def write_fields(self, values: Mapping[str, Secret]) -> None:
        """Replace (or append) each ``NAME=`` line, all in one write: never half a pair."""
        text = self._text() or ""
        for variable, value in values.items():
            pattern, raw = self._line(variable), value.reveal()
            match = pattern.search(text)
            if match:
                text = text[: match.start("value")] + raw + text[match.end("value") :]
            else:
                text += ("" if not text or text.endswith("\n") else "\n") + f"{variable}={raw}\n"
        self._save(text)

    def _save(self, text: str) -> None:
        try:
            _atomic_write(self.path, text)
        except OSError as exc:
            raise RotationError(f"cannot write {self.name}: {type(exc).__name__}") from None

    def history(self) -> list[Secret]:
        return []


class FieldTarget(Protocol):
    """A target holding several named values that change together (an API key's SID and
    secret): JSON keys of a store secret, or ``NAME=`` lines of an env file."""

    @property
    def name(self) -> str: ...

    def read_fields(self, names: Sequence[str]) -> dict[str, Secret]:
        """The values of ``names`` it holds now; names it lacks are left out."""
        ...

    def write_fields(self, values: Mapping[str, Secret]) -> None:
        """Set every value at once, as one new version or one file write."""
        ...
