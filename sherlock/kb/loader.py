"""Load knowledge-base entries from the YAML files shipped inside the package.

Entries live at ``sherlock/kb/data/<provider>/<code>.yaml`` and are read through
``importlib.resources`` rather than file paths, so they load the same way from a source
checkout, an installed wheel or a zip. YAML is parsed with ruamel.yaml's safe loader
(YAML 1.2, so ``no`` stays a string and nothing can construct Python objects).

Every failure becomes a :class:`~sherlock.errors.KnowledgeBaseError` that names the file
and the failing field, because the person reading it is usually editing that file.
Shipped entries never change while Sherlock runs, so they are parsed once and cached.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from sherlock.errors import KnowledgeBaseError
from sherlock.kb.schema import KBEntry

_PACKAGE = "sherlock.kb"
_DATA_DIR = "data"
_ENTRY_ID = re.compile(r"^(?P<provider>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<code>[0-9]+)$")


def _format_location(location: tuple[int | str, ...]) -> str:
    """``("causes", 3, "severity")`` → ``causes[3].severity``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


def _describe_validation(error: ValidationError) -> str:
    """One line per failing field; input values are left out in case they are secrets."""
    problems = []
    for item in error.errors(include_input=False, include_url=False):
        problems.append(f"{_format_location(tuple(item['loc']))}: {item['msg']}")
    return "; ".join(problems)


def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    """YAML text → mapping, with syntax errors reported against ``source``."""
    yaml = YAML(typ="safe", pure=True)
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises several unrelated classes for bad YAML
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KnowledgeBaseError(f"{source}: invalid YAML: {first_line}") from None
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{source}: expected a mapping at the top level")
    return data


def parse_entry(text: str, source: str) -> KBEntry:
    """Validate YAML text as an entry; ``source`` names it in error messages."""
    data = _parse_yaml(text, source)
    try:
        return KBEntry.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeBaseError(f"{source}: {_describe_validation(exc)}") from None


def load_entry_file(path: Path) -> KBEntry:
    """Load and validate an entry from any file (tests, or a user checking their own entry)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read: {exc.__class__.__name__}") from None
    return parse_entry(text, str(path))


def _data_root() -> Traversable:
    return files(_PACKAGE).joinpath(_DATA_DIR)


def _quoted(entry_id: str) -> str:
    """`` 'aws-403'`` when the id is plainly shaped, else nothing: never a pasted token."""
    from sherlock.engine.scrub import quotable_error_id

    return f" {entry_id!r}" if quotable_error_id(entry_id) else ""


def _split_id(entry_id: str) -> tuple[str, str]:
    """``twilio-20003`` → ``("twilio", "20003")``; anything else cannot name a file."""
    match = _ENTRY_ID.match(entry_id)
    if match is None:
        raise KnowledgeBaseError("unknown knowledge-base entry (ids look like 'twilio-20003')")
    return match["provider"], match["code"]


@lru_cache(maxsize=64)
def _load_packaged(provider: str, code: str) -> KBEntry:
    """Parse one shipped file, checking it sits where its own id says it should."""
    source = f"kb/{_DATA_DIR}/{provider}/{code}.yaml"
    resource = _data_root().joinpath(provider, f"{code}.yaml")
    if not resource.is_file():
        raise KnowledgeBaseError(f"unknown knowledge-base entry{_quoted(f'{provider}-{code}')}")
    entry = parse_entry(resource.read_text(encoding="utf-8"), source)
    if entry.provider != provider or str(entry.code) != code:
        raise KnowledgeBaseError(
            f"{source}: id: the file holds {entry.id!r}, but its path says '{provider}-{code}'"
        )
    return entry


def load_entry(entry_id: str) -> KBEntry:
    """The shipped entry with this id, e.g. ``twilio-20003``."""
    provider, code = _split_id(entry_id)
    return _load_packaged(provider, code)


@lru_cache(maxsize=1)
def _all_entries() -> tuple[KBEntry, ...]:
    entries: list[KBEntry] = []
    root = _data_root()
    for provider_dir in sorted(root.iterdir(), key=lambda item: item.name):
        if not provider_dir.is_dir():
            continue
        for item in sorted(provider_dir.iterdir(), key=lambda item: item.name):
            if item.is_file() and item.name.endswith(".yaml"):
                entries.append(_load_packaged(provider_dir.name, item.name.removesuffix(".yaml")))
    return tuple(entries)


def list_entries() -> list[KBEntry]:
    """Every shipped entry, ordered by provider and then code."""
    return sorted(_all_entries(), key=lambda entry: (entry.provider, entry.code))


def entry_for_code(provider: str, code: int) -> KBEntry | None:
    """The entry for a provider's error code, or ``None`` when Sherlock has none."""
    for entry in _all_entries():
        if entry.provider == provider and entry.code == code:
            return entry
    return None


_BARE_CODE = re.compile(r"\d{3,6}")


def resolve_entry_id(text: str) -> str:
    """An entry id from what a person types: ``twilio-20003``, ``20003`` or ``401``.

    A bare number is first an error code, then an HTTP status; a status shared by several
    entries is a KnowledgeBaseError that lists them, rather than a guess.
    """
    wanted = text.strip().lower()
    if not _BARE_CODE.fullmatch(wanted):
        return wanted
    number = int(wanted)
    by_code = [e.id for e in _all_entries() if e.code == number]
    by_status = [e.id for e in _all_entries() if e.http_status == number]
    matches = by_code or by_status
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise KnowledgeBaseError(f"no knowledge-base entry for code or HTTP status {number}")
    raise KnowledgeBaseError(f"{number} could mean {', '.join(sorted(matches))}: name one")
