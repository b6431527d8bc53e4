"""What a renderer may need besides the diagnosis, in one record every format receives.

Formats differ in what they need (SARIF the scanned root and Sherlock's version, the terminal
its width, Slack the environment asked about), but they share one signature so a front end
can pick any of them by name from :mod:`sherlock.render.registry` without knowing which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sherlock.kb.schema import KBCause


@dataclass(frozen=True)
class RenderOptions:
    """Settings for one rendering; every field has a default a server or a test can keep.

    ``check`` is `sherlock check`'s gate summary (failing, suppressed counts): the terminal
    format then reads like a linter and the JSON format carries it under ``"check"``, with
    ``check_notes`` (what the audit could not look at).
    """

    root: Path = Path(".")
    width: int = 100
    color: bool = False
    all_rows: bool = False
    environment: str | None = None
    version: str | None = None
    extra_rules: tuple[KBCause, ...] = ()
    check: Mapping[str, Any] | None = None
    check_notes: tuple[str, ...] = ()

    @property
    def tool_version(self) -> str:
        """The version machine formats name as their producer: given, or the installed one."""
        return self.version or installed_version()


def installed_version() -> str:
    try:
        return version("sherlock-rca")
    except PackageNotFoundError:
        return "0+unknown"
