"""The matrix's vocabulary: credential sets as data, before a source kind writes them.

A fault is injected into data (a :class:`Service`'s variables), never into text, so every
kind writes the same fault in its own idiom and the expectation's ``path:line`` comes from
the writer that put the line there (:class:`Doc`), not from a hand-counted number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

#: Abstract credential fields and the names every environment-variable consumer reads.
ENV_NAMES: Mapping[str, str] = {
    "sid": "TWILIO_ACCOUNT_SID",
    "token": "TWILIO_AUTH_TOKEN",
    "keysid": "TWILIO_API_KEY",
    "keysecret": "TWILIO_API_SECRET",
    "region": "TWILIO_REGION",
    "edge": "TWILIO_EDGE",
}


class Mark(Enum):
    """How a value is written: as is, or with junk its consumer keeps (the kind decides how)."""

    PLAIN = "plain"
    INVISIBLE = "invisible"  # a trailing newline, space or NBSP, in the kind's own idiom
    QUOTED = "quoted"  # quotes the consumer keeps as part of the value
    PADDED = "padded"  # the kind's second idiom: a blank inside quotes, a tab, a CR...


@dataclass(frozen=True)
class Var:
    """One credential field of one service: its value before any junk is added."""

    field: str
    value: str
    mark: Mark = Mark.PLAIN


@dataclass(frozen=True)
class Service:
    """What one consumer (a service, a CI job, a CLI profile) of one environment holds.

    ``history`` is for stores only: older versions of the secret, oldest first.
    """

    env: str
    name: str
    vars: tuple[Var, ...]
    history: tuple[tuple[Var, ...], ...] = ()

    def get(self, name: str) -> Var | None:
        return next((v for v in self.vars if v.field == name), None)

    def put(self, var: Var) -> Service:
        """This service with ``var`` replacing the field of the same name (or appended)."""
        if self.get(var.field) is None:
            return replace(self, vars=(*self.vars, var))
        return replace(self, vars=tuple(var if v.field == var.field else v for v in self.vars))

    def drop(self, name: str) -> Service:
        return replace(self, vars=tuple(v for v in self.vars if v.field != name))

    @property
    def secret_field(self) -> str:
        """The password half: the auth token, or the API key secret for a key-only set."""
        return "token" if self.get("token") is not None else "keysecret"


Place = tuple[str, str, str]  # (environment, service, field)


def by_env(services: Sequence[Service]) -> dict[str, list[Service]]:
    """The services grouped by environment, in their order: writers that put one
    environment's services in one file (a task definition, a blueprint, a script)."""
    grouped: dict[str, list[Service]] = {}
    for service in services:
        grouped.setdefault(service.env, []).append(service)
    return grouped


@dataclass
class Doc:
    """A file being written line by line, remembering where each credential landed."""

    relpath: str
    lines: list[str] = field(default_factory=list)
    places: dict[Place, int] = field(default_factory=dict)

    def add(self, text: str, place: Place | None = None) -> None:
        """Append text (several physical lines for a block scalar); ``place`` is its first."""
        if place is not None:
            self.places[place] = len(self.lines) + 1
        self.lines.extend(text.split("\n"))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Tree:
    """A written deployment: files, where each credential lives, and store contents."""

    files: dict[str, str] = field(default_factory=dict)
    places: dict[Place, str] = field(default_factory=dict)
    stores: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def include(self, doc: Doc) -> None:
        self.files[doc.relpath] = doc.text()
        for place, line in doc.places.items():
            self.places[place] = f"{doc.relpath}:{line}"

    def file_of(self, env: str, service: str, name: str) -> str:
        """The file that holds one field of one service."""
        return self.places[(env, service, name)].rsplit(":", 1)[0]
