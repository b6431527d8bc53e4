"""The knowledge base: what each provider error means, why it happens, how to fix it.

Entries are YAML files shipped with the package (``sherlock/kb/data/<provider>/<code>.yaml``)
and validated against :mod:`sherlock.kb.schema` on load, so the diagnosis engine, the
``sherlock kb`` command and ``sherlock explain`` all read the same checked text.

    load_entry("twilio-20003")     one entry by id (KnowledgeBaseError if unknown or invalid)
    list_entries()                 every shipped entry
    load_entry_file(path)          validate an entry file that is not shipped
    entry.cause("missing-credential")   one cause by id (KnowledgeBaseError if unknown)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sherlock.kb.loader import entry_for_code, list_entries, load_entry, load_entry_file

if TYPE_CHECKING:
    from sherlock.kb.schema import KBCause, KBEntry, PreventionItem, RelatedCode

_SCHEMA_NAMES = frozenset({"KBCause", "KBEntry", "PreventionItem", "RelatedCode"})


def __getattr__(name: str) -> Any:
    """The schema's models on first use: importing pydantic is most of ``sherlock explain``'s
    start-up budget, and explain reads entries through :func:`sherlock.kb.loader.load_view`."""
    if name in _SCHEMA_NAMES:
        from sherlock.kb import schema

        return getattr(schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KBCause",
    "KBEntry",
    "PreventionItem",
    "RelatedCode",
    "entry_for_code",
    "list_entries",
    "load_entry",
    "load_entry_file",
]
