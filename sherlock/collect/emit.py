"""Turning raw name/value pairs from one unit into :class:`FoundValue` records.

Every collector ends the same way: it has the pairs one consumer would see together (a file,
a compose service, a Kubernetes object), in the order that consumer applies them. This module
keeps only the value that wins for each name (the last one, as every consumer here does), tells
the user when a Twilio value was shadowed, classifies what is left with :mod:`naming` and
stamps each value with its scope, environment, service and consumer. A name that spells its
own environment (``PROD_TWILIO_AUTH_TOKEN`` in a default file) gets its own scope, so such
values never mix with the file's unprefixed ones when credentials are grouped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sherlock.collect.base import CollectResult
from sherlock.collect.precedence import Losers, inherit
from sherlock.collect.vocabulary import NameMatch, classify, is_provider_unit
from sherlock.models import FoundValue, Location, Note, Shadowed
from sherlock.secrets import Secret


@dataclass(frozen=True)
class Entry:
    """One name/value pair as its consumer reads it, and where it was written.

    ``key`` is the name used to classify the value when it differs from ``name`` (a Kubernetes
    Secret key loaded into ``TWILIO_AUTH_TOKEN``, a compose secret behind ``…_FILE``).
    ``layer`` names the source the entry came from in the consumer's precedence order
    (``environment:``, ``env_file: .env``): when two layers set one name, the winner keeps the
    loser as a :class:`Shadowed` value (see :mod:`sherlock.collect.precedence`).
    """

    name: str
    raw: str
    location: Location
    key: str | None = None
    layer: str | None = None
    slot: str | None = None  # what the consumer reads, when two names fill it (CLI env vs profile)

    @property
    def binds(self) -> str:
        """The variable this entry sets for the consumer: the later entry per slot wins."""
        return self.slot or self.name

    @property
    def classify_as(self) -> str:
        return self.key or self.name


@dataclass(frozen=True)
class Unit:
    """What the values of one unit share: who reads them, and as part of what."""

    scope: str
    source_kind: str
    consumer: str
    environment: str
    service: str
    hints: tuple[str, ...] = ()
    named_environment: bool = True  # may a name's PROD_/_STAGING relabel the environment?


def _shadow_note(old: Entry, new: Entry, consumer: str) -> Note:
    same_file = new.location.path == old.location.path and new.location.line
    where = f"line {new.location.line}" if same_file else str(new.location)
    message = f"{old.name} is set again ({where}); {consumer} uses the later value"
    return Note(str(old.location), message)


def last_wins(
    entries: Sequence[Entry], unit: Unit, context: bool, losers: Losers | None = None
) -> tuple[list[Entry], list[Note]]:
    """Keep the last entry per name; note every shadowed one that holds a Twilio value.

    ``losers`` (when given) collects, per winning entry, the entries of other layers it hid."""
    latest: dict[str, Entry] = {}
    notes: list[Note] = []
    for entry in entries:
        previous = latest.get(entry.binds)
        if previous is not None and _same_line(previous, entry):
            continue  # one line reached through two layers (${X} from the .env env_file reads)
        if previous is not None and classify(
            previous.classify_as, previous.raw, in_context=context
        ):
            notes.append(_shadow_note(previous, entry, unit.consumer))
            if losers is not None:
                inherit(losers, previous, entry, unit.consumer)
        latest[entry.binds] = entry
    kept = [e for e in entries if latest.get(e.binds) is e]
    return kept, notes


def _same_line(previous: Entry, entry: Entry) -> bool:
    """Whether two entries are one written line giving one value: compose's
    ``TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}`` filled from the project ``.env`` that
    ``env_file:`` also loads. Nothing is set twice, so nothing is hidden or noted."""
    return (
        previous.location == entry.location
        and previous.raw == entry.raw
        and previous.location.line is not None
    )


def _found(entry: Entry, match: NameMatch, unit: Unit) -> FoundValue:
    scope, environment = unit.scope, unit.environment
    if match.environment and match.environment != unit.environment:
        scope = f"{unit.scope}#{match.environment}"
        environment = match.environment if unit.named_environment else unit.environment
    return FoundValue(
        field=match.field,
        name=entry.name,
        value=Secret(entry.raw, identifier=match.identifier),
        location=entry.location,
        source_kind=unit.source_kind,
        consumer=unit.consumer,
        scope=scope,
        environment=environment,
        service=unit.service,
    )


def emit(entries: Iterable[Entry], unit: Unit) -> CollectResult:
    """Found values (and shadowing notes) for one unit's entries, in consumer order."""
    ordered = list(entries)
    context = is_provider_unit(((e.classify_as, e.raw) for e in ordered), unit.hints)
    losers: Losers = {}
    kept, notes = last_wins(ordered, unit, context, losers)
    result = CollectResult(notes=notes)
    for entry in kept:
        match = classify(entry.classify_as, entry.raw, in_context=context)
        if match is not None:
            found = _found(entry, match, unit)
            hidden = shadowed_values(losers.get(id(entry), []), found, context, unit)
            result.values.append(replace(found, shadows=hidden) if hidden else found)
    return result


def shadowed_values(
    hidden: Sequence[tuple[Entry, str]], winner: FoundValue, context: bool, unit: Unit
) -> tuple[Shadowed, ...]:
    """The losers that fill the winner's slot, as found values of the same scope."""
    kept: list[Shadowed] = []
    for entry, rule in hidden:
        match = classify(entry.classify_as, entry.raw, in_context=context)
        if match is not None and match.field == winner.field:
            loser = replace(_found(entry, match, unit), scope=winner.scope)
            kept.append(Shadowed(loser, rule))
    return tuple(kept)


def is_provider_name(name: str, value: str = "", *, context: bool = False) -> bool:
    """Whether a name would be collected; used to decide if a skipped value deserves a note."""
    return classify(name, value, in_context=context) is not None
