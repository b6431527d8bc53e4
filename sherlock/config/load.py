"""Finding and reading ``sherlock.toml``, with errors that name the line to fix.

tomllib reports syntax errors with a line already; schema errors come from pydantic as a
path of keys (``environments.prod.services.api.sources.0``), which this module maps back to
the line where that key (or the nearest enclosing table) is written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sherlock.config import CONFIG_NAME
from sherlock.config.schema import SherlockConfig
from sherlock.errors import InputError

MAX_CONFIG_BYTES = 1_000_000

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""")


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config and the directory its relative file globs start from."""

    config: SherlockConfig
    path: Path | None

    @property
    def base_dir(self) -> Path | None:
        return self.path.parent if self.path else None


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _PART.findall(text))


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Every table and key path in a TOML text → the (1-based) line that writes it."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault(table + _dotted(key.group(1)), number)
    return lines


def line_for(location: tuple[str | int, ...], lines: dict[tuple[str, ...], int]) -> int | None:
    """The line of the longest prefix of ``location`` that the text writes."""
    path = tuple(str(part) for part in location if not isinstance(part, int))
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _describe(error: ValidationError, text: str, path: Path) -> str:
    lines = key_lines(text)
    problems = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        message = message.removeprefix("Value error, ")
        line = line_for(item["loc"], lines)
        prefix = f"{path}:{line}" if line else str(path)
        problems.append(f"{prefix}: {where}: {message}")
    return "invalid config:\n  " + "\n  ".join(problems)


def parse_config(text: str, path: Path) -> SherlockConfig:
    """Validate a config text; InputError names the file and line of every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", detail)
        if match:
            detail = detail[: match.start()].strip()
            raise InputError(f"{path}:{match.group(1)}: not valid TOML: {detail}") from None
        raise InputError(f"{path}: not valid TOML: {detail}") from None
    except RecursionError:
        raise InputError(f"{path}: arrays or tables nested too deeply; not a config") from None
    try:
        return SherlockConfig.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_describe(exc, text, path)) from None


def load_config(path: Path) -> LoadedConfig:
    """Read and validate one config file."""
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise InputError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes; not a config")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; not a config") from None
    return LoadedConfig(parse_config(text, path), path)


def find_config(root: Path, explicit: Path | None = None) -> LoadedConfig:
    """``--config FILE`` if given, else ``ROOT/sherlock.toml`` if present, else defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise InputError(f"{explicit}: no such config file")
        return load_config(explicit)
    candidate = root / CONFIG_NAME
    if candidate.is_file():
        return load_config(candidate)
    return LoadedConfig(SherlockConfig(), None)
