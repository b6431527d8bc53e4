"""The shape of a knowledge-base entry, enforced so a bad YAML file fails loudly.

Entries are written by hand, so the schema is the reviewer that never gets tired:
unknown keys are rejected (a misspelt ``sevrity`` would otherwise vanish silently),
every cause must say how to confirm it and how to fix it, cause ids are kebab-case and
unique (other parts of Sherlock refer to causes by id), and references must point at
Twilio's own sites. Models are frozen and use tuples because loaded entries are cached
and shared; nobody may edit one in place.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from sherlock.errors import KnowledgeBaseError

Severity = Literal["critical", "high", "medium", "low"]
Likelihood = Literal["common", "occasional", "rare"]

#: Lower-case words joined by single hyphens: ``stale-credential-after-rotation``.
KEBAB_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

KebabId = Annotated[str, StringConstraints(pattern=KEBAB_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Steps = Annotated[tuple[Text, ...], Field(min_length=1)]

#: Severity and likelihood from most to least serious, for sorting and display.
SEVERITY_ORDER: tuple[str, ...] = ("critical", "high", "medium", "low")
LIKELIHOOD_ORDER: tuple[str, ...] = ("common", "occasional", "rare")


class _Frozen(BaseModel):
    """Common settings: no unknown keys, no mutation after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RelatedCode(_Frozen):
    """Another error code that is easily confused with this one, and how to tell them apart."""

    code: int = Field(ge=1)
    title: Text
    note: Text


class PreventionItem(_Frozen):
    """One habit that stops the error from coming back."""

    title: Text
    detail: Text


class KBCause(_Frozen):
    """One root cause: what it is, how to prove it, and how to repair it."""

    id: KebabId
    title: Text
    severity: Severity
    likelihood: Likelihood
    description: Text
    confirm: Steps
    fix: Steps
    #: How narrowly the cause pins the fault (0 a catch-all such as "possibly stale", 5 one
    #: exact misconfiguration); breaks ties between equally confident causes.
    specificity: int = Field(default=3, ge=0, le=5)


#: Where each provider publishes its documentation: the only hosts a KB reference may cite.
OFFICIAL_DOMAINS: dict[str, tuple[str, ...]] = {
    "twilio": ("twilio.com",),
}


class KBEntry(_Frozen):
    """Everything Sherlock knows about one provider error code."""

    id: KebabId
    provider: KebabId
    code: int = Field(ge=1)
    http_status: int = Field(ge=100, le=599)
    title: Text
    summary: Text
    aliases: tuple[Text, ...] = ()
    related_codes: tuple[RelatedCode, ...] = ()
    causes: Annotated[tuple[KBCause, ...], Field(min_length=1)]
    fix_steps: Steps
    prevention: tuple[PreventionItem, ...] = ()
    references: tuple[Text, ...] = ()
    #: What the sources did not settle (a status code, a limit): said, not guessed at.
    notes: tuple[Text, ...] = ()

    @field_validator("causes")
    @classmethod
    def _unique_cause_ids(cls, causes: tuple[KBCause, ...]) -> tuple[KBCause, ...]:
        """Cause ids are keys for the rest of Sherlock, so a repeat would hide one cause."""
        seen: set[str] = set()
        for cause in causes:
            if cause.id in seen:
                raise ValueError(f"duplicate cause id {cause.id!r}")
            seen.add(cause.id)
        return causes

    @model_validator(mode="after")
    def _official_references(self) -> KBEntry:
        """References must be HTTPS pages on the provider's own sites, not third-party copies
        (whose wording drifts from the provider's and may be wrong)."""
        domains = OFFICIAL_DOMAINS.get(self.provider)
        if domains is None:
            raise ValueError(f"provider {self.provider!r} has no official domains listed")
        for url in self.references:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            official = any(host == d or host.endswith("." + d) for d in domains)
            if parts.scheme != "https" or not official:
                raise ValueError(f"reference {url!r} is not an https URL on {' or '.join(domains)}")
        return self

    @model_validator(mode="after")
    def _id_matches_provider_and_code(self) -> KBEntry:
        """The id is derived, never free text, so lookups by code and by id always agree."""
        expected = f"{self.provider}-{self.code}"
        if self.id != expected:
            raise ValueError(f"id must be {expected!r} (provider-code), got {self.id!r}")
        return self

    @property
    def cause_ids(self) -> tuple[str, ...]:
        """Cause ids in the order the entry lists them."""
        return tuple(cause.id for cause in self.causes)

    def cause(self, cause_id: str) -> KBCause:
        """The cause with this id; an unknown id is a KnowledgeBaseError, not a KeyError."""
        for cause in self.causes:
            if cause.id == cause_id:
                return cause
        known = ", ".join(self.cause_ids)
        raise KnowledgeBaseError(f"{self.id} has no cause {cause_id!r} (known: {known})")
