"""Records passed between the stages of a diagnosis.

collect → :class:`FoundValue` (one value in one place), grouped by the provider into a
:class:`CredentialGroup` (what one process would actually send) → verify →
:class:`Verification` → checks → :class:`Finding` → rank → :class:`Cause` inside a
:class:`Diagnosis`.

Nothing here knows a provider: the roles a value plays, how values group into one client's
credentials and what a provider's answer says beyond its outcome live with the provider
(``sherlock.providers.<name>.records``).

All records are frozen: a stage never edits what an earlier stage produced. Only
``FoundValue.value`` holds a raw value, wrapped in :class:`~sherlock.secrets.Secret`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import total_ordering
from typing import Any, Protocol

from sherlock.secrets import Secret


@total_ordering
@dataclass(frozen=True)
class Location:
    """Where a value was read, kept apart for machines and shown as ``path:line`` to people.

    ``path`` is relative to the scanned root, or the shown address of a value that is not in a
    file (``env:VAR``, a store secret). ``column`` is where the value's name starts, ``key``
    the key path inside a structured file or a store secret's JSON key, ``uri`` the store
    secret's address with its version (``aws-sm://prod/twilio#AWSPREVIOUS``). Only ``path``
    and ``line`` are shown, so reports read the same whatever else a collector knew.
    """

    path: str
    line: int | None = None
    column: int | None = None
    key: str | None = None
    uri: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return self._order() < other._order()

    def _order(self) -> tuple[str, int, int, str, str]:
        """Path, then line (none first), so sorting never compares a number with None."""
        return (self.path, self.line or 0, self.column or 0, self.key or "", self.uri or "")

    @classmethod
    def in_store(cls, secret_uri: str, key: str, version: str | None = None) -> Location:
        """One JSON key of one version of a store secret, shown as ``uri#key@version``."""
        if version is None:
            return cls(f"{secret_uri}#{key}", key=key, uri=secret_uri)
        shown = f"{secret_uri}#{key}@{version}"
        return cls(shown, key=key, uri=f"{secret_uri}#{version}")

    @classmethod
    def parse(cls, text: str) -> Location:
        """The location a shown text names: ``path:line``, a store address, or a bare path."""
        if "://" in text and "#" in text:
            secret, _, rest = text.partition("#")
            key, at, version = rest.rpartition("@")
            return cls.in_store(secret, key, version) if at else cls.in_store(secret, rest)
        path, _, line = text.rpartition(":")
        if path and line.isdigit() and int(line) > 0:
            return cls(path, int(line))
        return cls(text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "uri": self.uri,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Location:
        """The inverse of :meth:`to_dict` (a baseline or a stored report read back)."""
        return cls(
            path=str(data["path"]),
            line=data.get("line"),
            column=data.get("column"),
            key=data.get("key"),
            uri=data.get("uri"),
        )


@dataclass(frozen=True)
class Note:
    """Something Sherlock skipped or could not do, said to the user instead of crashing."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Shadowed:
    """A value the process never sees because another source wins, and the rule that says so
    (``compose environment: overrides env_file:``): kept so a check can show both places."""

    value: FoundValue
    rule: str


@dataclass(frozen=True)
class FoundValue:
    """One credential value as its consumer would read it.

    ``scope`` groups values one process sees together (a file, a compose service, a
    Kubernetes object); ``consumer`` names the parser whose rules were applied, because
    the same line means different things to python-dotenv and to ``docker --env-file``.
    """

    field: str  # the role the provider gave the value (its own vocabulary's word)
    name: str
    value: Secret
    location: Location
    source_kind: str
    consumer: str
    scope: str
    environment: str
    service: str
    version: str | None = None  # secret-store version label, where the source has versions
    # values another source set for the same variable of the same process, which lost to this
    # one by the consumer's precedence rule (evidence for ``source-precedence``, never sent)
    shadows: tuple[Shadowed, ...] = ()
    # a default written in code for ``name`` (``os.getenv(name, "…")``): in use only while no
    # source sets ``name``; ``sherlock.collect.code.fallbacks`` settles that once all is found
    fallback: bool = False

    @property
    def fingerprint(self) -> str:
        return self.value.fingerprint

    @property
    def masked(self) -> str:
        return self.value.masked


class CredentialGroup(Protocol):
    """What the engine needs of one client's credentials, whatever the provider.

    Providers define the concrete record (Twilio's ``CredentialSet`` names its slots);
    the engine only reports, ranks and judges completeness through this view.
    """

    @property
    def scope(self) -> str: ...

    @property
    def environment(self) -> str: ...

    @property
    def service(self) -> str: ...

    @property
    def label(self) -> str: ...

    def values(self) -> tuple[FoundValue, ...]: ...


class Outcome(StrEnum):
    """What Twilio said about a credential pair. Only a 401 ever makes it INVALID."""

    VALID = "valid"
    INVALID = "invalid"
    TEST_CREDENTIALS = "test-credentials"
    INACTIVE = "inactive"
    FORBIDDEN = "forbidden"
    UNVERIFIED = "unverified"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Verification:
    """The result of one live read-only call (or of not making it).

    Providers subclass it to carry what their answer says about the account or key;
    :meth:`facts` lists those extras for the one-line description.
    """

    outcome: Outcome
    host: str = ""
    http_status: int | None = None
    code: int | None = None
    message: str | None = None
    request_id: str | None = None
    reason: str | None = None
    attempts: int = 0
    url: str = ""  # the URL actually contacted, identifiers masked ("" when nothing was sent)
    proxy: str = ""  # the proxy it went through (scheme://host:port), "" for a direct request

    def facts(self) -> tuple[str, ...]:
        """Provider facts worth a word in reports (``account suspended``)."""
        return ()

    def describe(self) -> str:
        """One line for reports: outcome plus the wire facts that back it."""
        parts = [self.outcome.value]
        if self.http_status is not None:
            wire = f"HTTP {self.http_status}"
            if self.code is not None:
                wire += f" code {self.code}"
            parts.append(wire)
        parts.extend(self.facts())
        if self.reason:
            parts.append(self.reason)
        if self.request_id:
            parts.append(self.request_id)
        return ", ".join(parts)


class Proof(StrEnum):
    """How strongly a finding is backed: PROVEN needs a counter-test that settled it."""

    PROVEN = "proven"
    LIKELY = "likely"
    POSSIBLE = "possible"


@dataclass(frozen=True)
class Finding:
    """What one check concluded about one cause, with the evidence that led there."""

    cause_id: str
    proof: Proof
    locations: tuple[Location, ...]
    evidence: tuple[str, ...]
    fix: tuple[str, ...] = ()
    environment: str = ""
    advice: bool = False  # about credentials Twilio accepted: a hint, never a cause of the error


@dataclass(frozen=True)
class Site:
    """One value a cause points at, structured for machine formats (SARIF, baselines).

    ``fingerprint`` identifies the value without showing it, so a suppression or a code
    scanning alert follows the value when lines move, and a changed value is a new finding.
    """

    path: str
    line: int | None
    name: str
    field: str
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "name": self.name,
            "field": self.field,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Cause:
    """A ranked cause in the final report (the JSON contract's ``causes`` entries)."""

    id: str
    title: str
    severity: str
    likelihood: str
    confidence: float
    proof: Proof
    locations: tuple[Location, ...]
    evidence: tuple[str, ...]
    fix: tuple[str, ...]
    sites: tuple[Site, ...] = ()
    environments: tuple[str, ...] = ()

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """The ``fp:`` fingerprints of the values this cause concerns, each once, from its
        sites: what a code-scanning alert or a baseline needs to follow a value."""
        return tuple(dict.fromkeys(site.fingerprint for site in self.sites if site.fingerprint))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity,
            "likelihood": self.likelihood,
            "confidence": round(self.confidence, 2),
            "proof": self.proof.value,
            "locations": [str(location) for location in self.locations],
            "where": [location.to_dict() for location in self.locations],
            "evidence": list(self.evidence),
            "fix": list(self.fix),
            "sites": [site.to_dict() for site in self.sites],
            "fingerprints": list(self.fingerprints),
        }


@dataclass(frozen=True)
class CredentialReport:
    """One found value as shown to users: never the value, only fingerprint and mask."""

    location: str
    environment: str
    service: str
    kind: str
    fingerprint: str
    masked: str
    verification: str
    name: str = ""  # the variable or key that holds the value

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "name": self.name,
            "environment": self.environment,
            "service": self.service,
            "kind": self.kind,
            "fingerprint": self.fingerprint,
            "masked": self.masked,
            "verification": self.verification,
        }


@dataclass(frozen=True)
class Completeness:
    """Whether the diagnosis could look at everything it was asked to.

    "No cause found" is only an all-clear when it is complete: no credentials under the path,
    live checks that never reached Twilio, or a check that failed all leave the question open,
    and front ends must say so (the CLI exits 3) rather than report a healthy tree.
    """

    complete: bool = True
    reasons: tuple[str, ...] = ()
    unverified: int = 0  # credential sets that matter and that Twilio never judged
    verifiable: int = 0  # credential sets that matter and that could be sent to Twilio
    static_only: bool = False  # credentials found, none sent to Twilio (--offline was asked)

    def to_dict(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "reasons": list(self.reasons),
            "unverified": self.unverified,
            "verifiable": self.verifiable,
            "static_only": self.static_only,
        }


@dataclass(frozen=True)
class Diagnosis:
    """Everything a front end needs to render; ``to_dict`` is the stable JSON contract."""

    error: str
    causes: tuple[Cause, ...]
    credentials: tuple[CredentialReport, ...]
    notes: tuple[Note, ...] = ()
    requests: int = 0
    root: str = "."
    environments: tuple[str, ...] = field(default_factory=tuple)
    advice: tuple[Cause, ...] = ()
    completeness: Completeness = field(default_factory=Completeness)
    environment: str | None = None  # the canonical environment the report was limited to
    contacted: tuple[str, ...] = ()  # every network endpoint the diagnosis sent a request to

    @property
    def healthy(self) -> bool:
        """Nothing wrong found; an all-clear only when also :attr:`complete`."""
        return not self.causes

    @property
    def complete(self) -> bool:
        return self.completeness.complete

    @property
    def exit_code(self) -> int:
        """0 healthy and complete, 1 causes found, 3 incomplete with no cause found."""
        if self.causes:
            return 1
        return 0 if self.complete else 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "environment": self.environment,
            "complete": self.complete,
            "completeness": self.completeness.to_dict(),
            "causes": [c.to_dict() for c in self.causes],
            "advice": [c.to_dict() for c in self.advice],
            "credentials": [c.to_dict() for c in self.credentials],
            "notes": [str(n) for n in self.notes],
            "requests": self.requests,
            "contacted": list(self.contacted),
        }
