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

from sherlock.kb.loader import entry_for_code, list_entries, load_entry, load_entry_file
from sherlock.kb.schema import KBCause, KBEntry, PreventionItem, RelatedCode

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
