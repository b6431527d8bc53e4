"""What every collector shares: the scan context, the result type and the plug-in protocol.

A collector reads one kind of file and returns the credential values in it exactly as that
file's consumer would see them. Collectors never raise for bad input: they return a
:class:`~sherlock.models.Note` and move on.

The walker reads every candidate file once, as bytes, into a :class:`SourceFile`; a
pre-pass over those files fills the :class:`ScanContext` with facts that only the whole
tree knows (who loads which env file, which Kubernetes workload uses which Secret key);
then each file goes to the first collector whose :meth:`Collector.matches` accepts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sherlock.collect.readings import CodeReading
from sherlock.collect.yamlio import DocumentCache
from sherlock.models import FoundValue, Note


@dataclass(frozen=True)
class SourceFile:
    """One file as read by the walker: its POSIX path relative to the root and its bytes."""

    relpath: str
    data: bytes

    @property
    def name(self) -> str:
        return self.relpath.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ScanContext:
    """Facts about the whole tree that change how a single file is read.

    ``env_file_consumers`` maps a relative path to the consumer that loads it, learned from
    references elsewhere in the tree (``docker run --env-file x`` → "docker --env-file",
    compose ``env_file:`` → "compose"); unlisted env files are read as python-dotenv does.
    ``secret_key_names`` maps a Kubernetes (secret name, key) to the environment variable a
    workload loads it into, and ``secret_users`` a secret name to the one workload that
    uses it: together they let a Secret with keys like ``token`` be read as Twilio values
    and grouped with the Deployment that consumes it. ``documents`` holds each YAML file's
    parse for the length of the scan. ``env_file_readers`` lists, per env file, every
    (dialect, loading file) pair found in the tree (a script that sources it, a systemd
    unit, a Makefile include...), so each distinct reading can be judged on its own.
    ``kustomize_inputs`` holds the manifests and patch files some kustomization lists
    (``resources:``, ``patches:``...): kustomize builds them, nobody applies them alone, so
    their workloads are read only through that build.
    """

    root: Path
    root_name: str = ""
    env_file_consumers: dict[str, str] = field(default_factory=dict)
    env_file_readers: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    secret_key_names: dict[tuple[str, str], str] = field(default_factory=dict)
    secret_users: dict[str, str] = field(default_factory=dict)
    kustomize_inputs: frozenset[str] = frozenset()
    process_env: Mapping[str, str] | None = None
    max_file_bytes: int = 2_000_000
    documents: DocumentCache = field(default_factory=DocumentCache, compare=False, repr=False)


@dataclass
class CollectResult:
    """What a collector (or a whole scan) found: values, notes on what it had to skip, and
    the names each service's code or config reads (:mod:`.readings`)."""

    values: list[FoundValue] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    readings: list[CodeReading] = field(default_factory=list)

    def extend(self, other: CollectResult) -> None:
        self.values.extend(other.values)
        self.notes.extend(other.notes)
        self.readings.extend(other.readings)

    def note(self, location: str, message: str) -> None:
        self.notes.append(Note(location, message))


class Collector(Protocol):
    """A plug-in that knows one file format.

    ``wants`` looks at the path only, so the walker can skip every other file without
    opening it; ``matches`` makes the final call once the bytes are in hand (a YAML file
    is only a Kubernetes manifest if it has ``apiVersion:`` and ``kind:``).

    A collector may also declare ``needles``, a tuple of lowercase byte strings (see
    :func:`declared_needles`): a promise that it neither claims nor reads a file whose bytes
    (lowercased) hold none of them, so such files skip its ``matches`` and ``collect``
    entirely. Leave it out unless the promise holds: no ``needles`` means every file is
    offered, which is always safe.
    """

    name: str

    def wants(self, relpath: str) -> bool:
        """Whether the file's name alone makes it worth reading."""
        ...

    def matches(self, relpath: str, head: bytes) -> bool:
        """Whether this collector reads the file (decided from its path and first bytes)."""
        ...

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        """Values and notes from one file (``text`` is its bytes decoded as UTF-8, as is)."""
        ...


def declared_needles(collector: Collector) -> tuple[bytes, ...] | None:
    """The collector's pre-filter (lowercase byte strings), or None when it declares none.

    The bytes pre-filter is why a 50,000-file tree scans in seconds: most files are source
    or config that never mention the provider, and ``bytes in bytes`` over a lowercased
    copy is far cheaper than a regular expression or a parse. Declaring ``needles`` is the
    collector's promise that a file holding none of them yields it nothing (no value, no
    reading, no note); tests/collect/test_prefilter.py checks the promise differentially.
    """
    needles = getattr(collector, "needles", None)
    return needles if isinstance(needles, tuple) else None


def lacks_all(lowered: bytes, needles: tuple[bytes, ...] | None) -> bool:
    """Whether a file's lowercased bytes hold none of a collector's needles (never, without)."""
    return needles is not None and not any(needle in lowered for needle in needles)
