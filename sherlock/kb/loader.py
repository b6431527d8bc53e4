"""Load knowledge-base entries from the YAML files shipped inside the package.

Entries live at ``sherlock/kb/data/<provider>/<code>.yaml`` and are read through
``importlib.resources`` rather than file paths, so they load the same way from a source
checkout, an installed wheel or a zip. YAML is parsed with ruamel.yaml's safe loader
(YAML 1.2, so ``no`` stays a string and nothing can construct Python objects).

There are two ways in. :func:`load_entry` and friends validate against the pydantic schema
(:mod:`sherlock.kb.schema`): the engine, ``sherlock kb`` and the tests use them, so every
shipped file is held to every rule. :func:`load_view` and :func:`entry_id_for_code` are the
light path for start-up-sensitive commands (``sherlock explain``): the file layout is the
index, and one file is read with libyaml into plain frozen records
(:mod:`sherlock.kb.views`) with a cheap shape check, so neither pydantic nor ruamel is
imported. Tests hold the two paths to the same result for every shipped entry.

Every failure becomes a :class:`~sherlock.errors.KnowledgeBaseError` that names the file
and the failing field, because the person reading it is usually editing that file.
Shipped entries never change while Sherlock runs, so they are parsed once and cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sherlock.errors import KnowledgeBaseError
from sherlock.kb.views import EntryView, entry_view

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from pydantic import ValidationError

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
    from ruamel.yaml import YAML

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
    from pydantic import ValidationError

    from sherlock.kb.schema import KBEntry

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
    """The shipped data folder: a plain directory in a checkout or an unpacked install (read
    with pathlib, already loaded), else through ``importlib.resources`` (a zip), whose import
    alone is a good part of ``sherlock explain``'s start-up budget."""
    folder = Path(__file__).with_name(_DATA_DIR)
    if folder.is_dir():
        return folder
    from importlib.resources import files

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
    entry_id = entry_id_for_code(provider, code)
    return None if entry_id is None else load_entry(entry_id)


# --- The light path: the file layout as the index, entries as views -------------------


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, int], str]:
    """(provider, code) → entry id for every ``data/<provider>/<code>.yaml``.

    The layout is the index because :func:`_load_packaged` refuses a file whose id differs
    from its path, and the tests load every shipped file that way.
    """
    index: dict[tuple[str, int], str] = {}
    for provider_dir in _data_root().iterdir():
        if not provider_dir.is_dir():
            continue
        for item in provider_dir.iterdir():
            code = item.name.removesuffix(".yaml")
            if item.name.endswith(".yaml") and code.isdigit() and str(int(code)) == code:
                index[(provider_dir.name, int(code))] = f"{provider_dir.name}-{code}"
    return dict(sorted(index.items()))


def entry_id_for_code(provider: str, code: int) -> str | None:
    """The id of the entry for a provider's error code (``twilio-20003``), or ``None``:
    the knowledge base alone decides which codes Sherlock knows."""
    return _index().get((provider, code))


def known_codes(provider: str) -> tuple[int, ...]:
    """Every code of ``provider`` that has an entry, in order."""
    return tuple(code for name, code in _index() if name == provider)


#: Parsed entry files are kept as JSON beside them, as Python keeps byte-code: importing
#: libyaml costs more than the rest of ``sherlock explain``'s start-up, JSON is loaded anyway.
_CACHE_DIR = "__pycache__"


def _yaml_data(raw: bytes, source: str) -> Any:
    """The file as plain data, every scalar kept as written (libyaml's base loader)."""
    import yaml

    loader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        return yaml.load(raw.decode("utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        raise KnowledgeBaseError(f"{source}: invalid YAML") from None


def _cache_path(provider: str, code: str) -> Path | None:
    root = _data_root()
    return root / provider / _CACHE_DIR / f"{code}.json" if isinstance(root, Path) else None


def _cached(path: Path | None, digest: str) -> Any:
    """What the cache holds for these exact bytes, or None (missing, stale or damaged)."""
    if path is None:
        return None
    try:
        held = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return held.get("data") if isinstance(held, dict) and held.get("sha256") == digest else None


def _keep(path: Path | None, digest: str, data: Any) -> None:
    """Write the cache atomically; a read-only install or a race just means no cache."""
    if path is None:
        return
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        temp.write_text(json.dumps({"sha256": digest, "data": data}), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)


def _entry_data(provider: str, code: str, raw: bytes, source: str) -> Any:
    digest = hashlib.sha256(raw).hexdigest()
    path = _cache_path(provider, code)
    data = _cached(path, digest)
    if data is None:
        data = _yaml_data(raw, source)
        _keep(path, digest, data)
    return data


@lru_cache(maxsize=64)
def _view_packaged(provider: str, code: str) -> EntryView:
    source = f"kb/{_DATA_DIR}/{provider}/{code}.yaml"
    resource = _data_root().joinpath(provider, f"{code}.yaml")
    if not resource.is_file():
        raise KnowledgeBaseError(f"unknown knowledge-base entry{_quoted(f'{provider}-{code}')}")
    try:
        entry = entry_view(_entry_data(provider, code, resource.read_bytes(), source))
    except KnowledgeBaseError as exc:
        message = str(exc)
        raise KnowledgeBaseError(
            message if message.startswith(source) else f"{source}: {message}"
        ) from None
    if entry.id != f"{provider}-{code}":
        raise KnowledgeBaseError(f"{source}: id: the file holds {entry.id!r}, not its path's id")
    return entry


def load_view(entry_id: str) -> EntryView:
    """The shipped entry with this id as a light view (no pydantic, no ruamel)."""
    provider, code = _split_id(entry_id)
    return _view_packaged(provider, code)


def clear_cache() -> None:
    """Forget every loaded entry and the index (for tests that swap the data folder)."""
    for cached in (_index, _view_packaged, _load_packaged, _all_entries):
        cached.cache_clear()


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
    by_code = [entry_id for (_, code), entry_id in _index().items() if code == number]
    by_status = (
        [] if by_code else [i for i in _index().values() if load_view(i).http_status == number]
    )
    matches = by_code or by_status
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise KnowledgeBaseError(f"no knowledge-base entry for code or HTTP status {number}")
    raise KnowledgeBaseError(f"{number} could mean {', '.join(sorted(matches))}: name one")
