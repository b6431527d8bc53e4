"""Records passed between the stages of a diagnosis.

collect → :class:`FoundValue` (one value in one place), grouped into :class:`CredentialSet`
(what one process would actually send) → verify → :class:`Verification` → checks →
:class:`Finding` → rank → :class:`Cause` inside a :class:`Diagnosis`.

All records are frozen: a stage never edits what an earlier stage produced. Only
``FoundValue.value`` holds a raw value, wrapped in :class:`~sherlock.secrets.Secret`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sherlock.secrets import Secret


class Field(StrEnum):
    """The role a value plays for a Twilio client."""

    ACCOUNT_SID = "account_sid"
    AUTH_TOKEN = "auth_token"
    API_KEY_SID = "api_key_sid"
    API_KEY_SECRET = "api_key_secret"
    REGION = "region"
    EDGE = "edge"

    @property
    def is_identifier(self) -> bool:
        return self in (Field.ACCOUNT_SID, Field.API_KEY_SID, Field.REGION, Field.EDGE)


@dataclass(frozen=True, order=True)
class Location:
    """Where a value was read: a path relative to the scanned root (or a URI) and a line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Note:
    """Something Sherlock skipped or could not do, said to the user instead of crashing."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class FoundValue:
    """One credential value as its consumer would read it.

    ``scope`` groups values one process sees together (a file, a compose service, a
    Kubernetes object); ``consumer`` names the parser whose rules were applied, because
    the same line means different things to python-dotenv and to ``docker --env-file``.
    """

    field: Field
    name: str
    value: Secret
    location: Location
    source_kind: str
    consumer: str
    scope: str
    environment: str
    service: str
    version: str | None = None  # secret-store version label, where the source has versions

    @property
    def fingerprint(self) -> str:
        return self.value.fingerprint

    @property
    def masked(self) -> str:
        return self.value.masked


@dataclass(frozen=True, eq=False)
class CredentialSet:
    """The credentials one client would use: SID + token, or key SID + secret (+ account SID).

    Compared and hashed by identity: a set is one client's configuration, two clients with
    equal values are still two places to fix, and sets are dictionary keys on hot paths.
    """

    scope: str
    environment: str
    service: str
    account_sid: FoundValue | None = None
    auth_token: FoundValue | None = None
    api_key_sid: FoundValue | None = None
    api_key_secret: FoundValue | None = None
    region: FoundValue | None = None
    edge: FoundValue | None = None

    @property
    def uses_api_key(self) -> bool:
        return self.api_key_sid is not None or (
            self.api_key_secret is not None and self.auth_token is None
        )

    @property
    def username(self) -> FoundValue | None:
        return self.api_key_sid if self.uses_api_key else self.account_sid

    @property
    def password(self) -> FoundValue | None:
        return self.api_key_secret if self.uses_api_key else self.auth_token

    @property
    def kind(self) -> str:
        return "api-key" if self.uses_api_key else "auth-token"

    def values(self) -> tuple[FoundValue, ...]:
        found = (
            self.account_sid,
            self.auth_token,
            self.api_key_sid,
            self.api_key_secret,
            self.region,
            self.edge,
        )
        return tuple(v for v in found if v is not None)

    @property
    def label(self) -> str:
        """A human name: ``prod/api (services/api/.env)``."""
        return f"{self.environment}/{self.service} ({self.scope})"


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
    """The result of one live read-only call (or of not making it)."""

    outcome: Outcome
    host: str = ""
    http_status: int | None = None
    code: int | None = None
    message: str | None = None
    request_id: str | None = None
    reason: str | None = None
    account_status: str | None = None
    account_type: str | None = None
    friendly_name: str | None = None  # the account's name in the Console, control chars removed
    owner_account_masked: str | None = None
    is_subaccount: bool | None = None
    key_type: str | None = None
    attempts: int = 0
    url: str = ""  # the URL actually contacted, SIDs masked ("" when nothing was sent)
    proxy: str = ""  # the proxy it went through (scheme://host:port), "" for a direct request

    def describe(self) -> str:
        """One line for reports: outcome plus the wire facts that back it."""
        parts = [self.outcome.value]
        if self.http_status is not None:
            wire = f"HTTP {self.http_status}"
            if self.code is not None:
                wire += f" code {self.code}"
            parts.append(wire)
        if self.account_status and self.account_status != "active":
            parts.append(f"account {self.account_status}")
        if self.key_type:
            parts.append(f"{self.key_type} key")
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
    locations: tuple[str, ...]
    evidence: tuple[str, ...]
    fix: tuple[str, ...]
    sites: tuple[Site, ...] = ()
    environments: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity,
            "likelihood": self.likelihood,
            "confidence": round(self.confidence, 2),
            "proof": self.proof.value,
            "locations": list(self.locations),
            "evidence": list(self.evidence),
            "fix": list(self.fix),
            "sites": [site.to_dict() for site in self.sites],
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "reasons": list(self.reasons),
            "unverified": self.unverified,
            "verifiable": self.verifiable,
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
