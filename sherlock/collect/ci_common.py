"""What the CI readers (GitHub Actions, GitLab CI, CircleCI) share.

CI files set variables at several levels (workflow, job, step) and a step sees them merged,
the innermost winning. Each reader turns a file into :class:`CiUnit` records, one per job
and one per step that sets variables of its own, each listing every variable that job or
step sees, in the order the levels apply. :func:`emit_units` then:

* keeps the last value per name, noting a shadowed Twilio value as every collector does;
* never takes a reference for a value: ``${{ secrets.X }}``, a GitLab ``$VARIABLE`` set in the
  project's settings or a CircleCI ``<< pipeline.parameters.x >>`` is noted ("no value in the
  file to check") and not emitted. When a credential comes from such a reference, the literal
  values beside it (typically the Account SID) are held back too, with a note: half a pair
  cannot be verified, and reporting it would blame a "missing" token that lives in the CI's
  secret store;
* reports identical units once: a workflow-level value seen by five jobs of one environment
  is one place, not five.

The environment comes from the names the file gives (``environment: production``, a job
called ``deploy-prod``), then an ``APP_ENV``-style variable, then the path; the word "ci" in
``.gitlab-ci.yml`` or ``ci.yml`` names the tool, not an environment, and is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sherlock.collect.base import CollectResult
from sherlock.collect.context import (
    environment_from_text,
    environment_from_variables,
    environment_from_words,
    pick_environment,
    words,
)
from sherlock.collect.emit import Entry, Unit, emit, last_wins
from sherlock.collect.partial import held_note, hold_partial
from sherlock.collect.vocabulary import (
    classify,
    credential_roles,
    is_provider_unit,
    mentions_provider,
)
from sherlock.collect.yamlio import as_mapping, key_line, scalar_text
from sherlock.models import FoundValue, Location, Note


@dataclass(frozen=True)
class CiValue:
    """One variable as a CI file sets it: a literal, or a reference and what it points to."""

    entry: Entry
    reference: str | None = None  # e.g. "secrets.TWILIO_AUTH_TOKEN (a GitHub Actions secret)"


@dataclass
class CiUnit:
    """Every variable one job (or one step) sees, outermost level first."""

    scope: str
    source_kind: str
    consumer: str
    environment: str
    service: str
    values: list[CiValue] = field(default_factory=list)
    hints: tuple[str, ...] = ()
    where: str = "this job"  # for notes: "job deploy", "step 'smoke' of job deploy"


def path_environment(relpath: str) -> str | None:
    """The environment a CI file's path names, ignoring the word "ci" (the tool's name)."""
    for part in reversed(relpath.split("/")):
        found = environment_from_words(w for w in words(part) if w != "ci")
        if found:
            return found
    return None


def ci_environment(names: Iterable[str | None], values: list[CiValue], relpath: str) -> str:
    """Names the file gives (environment key, job, workflow), then variables, then path."""
    named = [environment_from_text(n) for n in names if n]
    literal = [(v.entry.name, v.entry.raw) for v in values if v.reference is None]
    return pick_environment(*named, environment_from_variables(literal), path_environment(relpath))


def environment_name(node: Any) -> str | None:
    """The name in ``environment: production`` or ``environment: {name: production}``."""
    if isinstance(node, str):
        return node
    mapping = as_mapping(node)
    name = mapping.get("name") if mapping else None
    return name if isinstance(name, str) else None


def mapping_values(
    node: Any,
    relpath: str,
    lines: list[str],
    reference_of: Callable[[str], str | None],
) -> list[CiValue]:
    """The variables of one ``env:``/``variables:``/``environment:`` mapping, in file order.

    ``reference_of(raw)`` says what a raw value refers to, or None for a literal.
    """
    mapping = as_mapping(node)
    if mapping is None:
        return []
    found: list[CiValue] = []
    for key in mapping:
        raw = scalar_text(mapping, key, lines)
        if raw is None:
            continue
        entry = Entry(str(key), raw, Location(relpath, key_line(mapping, key)))
        found.append(CiValue(entry, reference_of(raw)))
    return found


def _is_credential(name: str, reference: str) -> bool:
    match = classify(name, "", in_context=mentions_provider(reference))
    return match is not None and match.field in credential_roles()


def _reference_note(value: CiValue, held: list[FoundValue]) -> Note | None:
    """Say what a reference points to, and which literals beside it go unchecked with it."""
    reference = value.reference or ""
    name = value.entry.name
    if classify(name, "", in_context=mentions_provider(reference)) is None:
        return None
    message = f"{name} is set from {reference}; no value in the file to check"
    if held:
        where = ", ".join(f"{v.name} ({_where(v.location, value.entry.location)})" for v in held)
        message += f", so the {where} used with it is not checked either"
    return Note(str(value.entry.location), message)


def _where(location: Location, seen_from: Location) -> str:
    same = location.path == seen_from.path and location.line is not None
    return f"line {location.line}" if same else str(location)


def _one_unit(unit: CiUnit) -> CollectResult:
    target = Unit(
        unit.scope,
        unit.source_kind,
        unit.consumer,
        unit.environment,
        unit.service,
        unit.hints,
    )
    by_entry = {id(v.entry): v for v in unit.values}
    entries = [v.entry for v in unit.values]
    context = is_provider_unit(((e.name, e.raw) for e in entries), unit.hints)
    kept, notes = last_wins(entries, target, context)
    winners = [by_entry[id(e)] for e in kept]
    references = [v for v in winners if v.reference is not None]
    emitted = emit([v.entry for v in winners if v.reference is None], target)
    external = next(
        (v for v in references if _is_credential(v.entry.name, v.reference or "")), None
    )
    kept_values, held = hold_partial(emitted.values)
    result = CollectResult(notes=notes + emitted.notes)
    for value in references:
        note = _reference_note(value, held if value is external else [])
        if note is not None:
            result.notes.append(note)
    if external is None:
        rest_from = "the CI's secrets or settings"
        result.notes.extend(held_note(v, unit.where, rest_from) for v in held)
    result.values.extend(kept_values)
    return result


def emit_units(units: Iterable[CiUnit], notes: Iterable[Note] = ()) -> CollectResult:
    """Found values and notes for a CI file's units (see the module docstring)."""
    result = CollectResult(notes=list(notes))
    seen: set[tuple[object, ...]] = set()
    for unit in units:
        one = _one_unit(unit)
        signature = (
            unit.environment,
            tuple(sorted((str(v.location), v.name, v.fingerprint) for v in one.values)),
        )
        result.notes.extend(one.notes)
        if one.values and signature not in seen:
            seen.add(signature)
            result.values.extend(one.values)
    unique = list(dict.fromkeys(result.notes))
    return CollectResult(values=result.values, notes=unique)
