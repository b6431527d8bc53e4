"""The last step of every diagnosis: clean every string before any front end shows it.

Checks build their sentences from masks and fingerprints, but much of what a report says
was written by someone else: a CI step's name, a compose service key, a Kubernetes object
name, a folder name. Any of those can hold a token (``name: curl -u AC…:<token>``) or a
terminal escape sequence. Rather than trust each collector and check to clean its own
strings, :func:`scrub_diagnosis` walks the finished record once, generically, so a field
added later is covered without anyone remembering to. Each string gets, in order:

1. every secret collected in this run masked wherever it occurs (:class:`KnownSecrets`),
2. anything shaped like a credential masked (:func:`~sherlock.explain.redact_shapes`: by
   shape and randomness only, since name-based rules would mangle report prose such as
   ``Auth Token: `Client(…)``` or ``k8s/api-secret.yaml:9``),
3. control characters made visible and inert (:func:`~sherlock.secrets.strip_controls`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any, TypeVar

from sherlock.collect.vocabulary import is_placeholder
from sherlock.explain import redact_shapes
from sherlock.models import Diagnosis, FoundValue
from sherlock.secrets import KnownSecrets, Secret, strip_controls

T = TypeVar("T")

#: An error id that may be repeated back: lowercase words and numbers joined by dashes
#: (``twilio-20003``, ``aws-s3-403``). A part mixing letters and digits may be at most four
#: characters long, so no piece of a hex token or key secret ever reads as an id.
_ERROR_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")
_ID_PART = re.compile(r"[a-z]+|[0-9]+|[a-z0-9]{1,4}")


def secrets_of(values: Iterable[FoundValue]) -> list[Secret]:
    """The values behind found credentials (in use, hidden behind them, or in store history),
    for the scrub.

    Placeholders (``your_auth_token``, ``${TWILIO_AUTH_TOKEN_PROD}``) are not secrets, and
    their pieces would mask variable names all over the report.
    """
    every = [v for found in values for v in (found, *(s.value for s in found.shadows))]
    return [found.value for found in every if not is_placeholder(found.value.reveal())]


def quotable_error_id(error: str) -> bool:
    """Whether an error id someone sent may be quoted in the answer that refuses it."""
    if not _ERROR_ID.fullmatch(error):
        return False
    return all(_ID_PART.fullmatch(part) for part in error.split("-"))


def unknown_error_message(error: str, known: Sequence[str]) -> str:
    """The answer to an error id Sherlock cannot diagnose, quoting it only if it is plain."""
    shown = f" {error!r}" if quotable_error_id(error) else ""
    return f"unknown error id{shown} (known: {', '.join(known)})"


def scrub_text(text: str, known: KnownSecrets) -> str:
    """One string as it may be shown: no secret of this run, nothing credential-shaped,
    no control character."""
    return strip_controls(redact_shapes(known.mask(text)))


def _walk(value: Any, clean: Callable[[str], str]) -> Any:
    """``value`` with every string inside it cleaned; unchanged parts keep their identity."""
    if isinstance(value, Enum):  # StrEnum members are str, but are labels Sherlock chose
        return value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, tuple | list | set | frozenset):
        items = [_walk(item, clean) for item in value]
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else type(value)(items)
    if isinstance(value, dict):
        pairs = [(_walk(k, clean), _walk(v, clean)) for k, v in value.items()]
        same = all(
            k is ok and v is ov for (k, v), (ok, ov) in zip(pairs, value.items(), strict=True)
        )
        return value if same else dict(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _walk_record(value, clean)
    return value


def _walk_record(record: Any, clean: Callable[[str], str]) -> Any:
    changes = {}
    for field in dataclasses.fields(record):
        if not field.init:
            continue
        old = getattr(record, field.name)
        new = _walk(old, clean)
        if new is not old:
            changes[field.name] = new
    return dataclasses.replace(record, **changes) if changes else record


def scrub_record(record: T, known: Iterable[Secret]) -> T:
    """Any frozen record (or container of them) with every string in it cleaned.

    A large report repeats the same strings thousands of times (paths, variable names,
    environment names), so each distinct string is cleaned once per record.
    """
    secrets = KnownSecrets(known)
    done: dict[str, str] = {}

    def clean(text: str) -> str:
        cleaned = done.get(text)
        if cleaned is None:
            cleaned = done[text] = scrub_text(text, secrets)
        return cleaned

    result: T = _walk(record, clean)
    return result


def scrub_diagnosis(diagnosis: Diagnosis, known: Iterable[Secret]) -> Diagnosis:
    """The diagnosis as every front end may show it; ``known`` are the run's secrets."""
    return scrub_record(diagnosis, known)
