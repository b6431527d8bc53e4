"""The API's request and response bodies, as pydantic models that also write the OpenAPI spec.

The diagnosis response restates :meth:`sherlock.models.Diagnosis.to_dict` field by field and
forbids extra keys: if the core's JSON contract grows a field, FastAPI's response validation
fails loudly (and the contract test with it) instead of silently dropping it from the API.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sherlock.kb.schema import KBEntry, Likelihood, Severity
from sherlock.server.alerts import Source

#: Environment labels as Sherlock infers them (``prod``, ``staging``, ``eu-prod``).
ENVIRONMENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
#: The most text one request may ask Sherlock to read (matches ``sherlock explain``).
MAX_TEXT_CHARS = 1_000_000


class _Closed(BaseModel):
    """Unknown keys are refused, so a typo in a request is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


# --- Requests ---------------------------------------------------------------------------


class DiagnoseBody(_Closed):
    """What to diagnose: the error (an id or the text of the error) and where."""

    error: str = Field(
        default="twilio-20003",
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description=(
            "An error id such as `twilio-20003`, or the error as seen: an exception, a "
            "response body, a log line. Text is recognised as by `POST /v1/explain`."
        ),
        examples=["twilio-20003", "HTTP 401 error: Unable to fetch record: Authenticate"],
    )
    environment: str | None = Field(
        default=None,
        pattern=ENVIRONMENT_PATTERN,
        description="Only this environment's causes and credentials (as `--env`).",
        examples=["prod"],
    )
    scope: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description=(
            "A folder of the served tree, relative to it, to scan instead of the whole tree; "
            "locations are then relative to that folder, as `sherlock diagnose ROOT/FOLDER`."
        ),
        examples=["services/api"],
    )
    offline: bool = Field(default=False, description="Make no live calls to Twilio.")
    token: str | None = Field(
        default=None,
        max_length=MAX_TEXT_CHARS,
        description=(
            "For the access-token errors (twilio-20101 to twilio-20107, twilio-20151): the "
            "token a client was refused with, or a log line holding it (as `--token-file`). "
            "Read in memory and never echoed; refused for other errors."
        ),
    )


class ExplainBody(_Closed):
    """Error text to recognise."""

    text: str = Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="An exception, a response body, a log line: whatever the error looked like.",
        examples=["HTTP 401 error: Unable to fetch record: Authenticate"],
    )


# --- Diagnosis (the core's JSON contract) ------------------------------------------------


class SiteReport(_Closed):
    """One value a cause points at: where, under which name, and its fingerprint."""

    path: str
    line: int | None
    name: str = Field(description="The variable or key; empty for a whole file.")
    field: str = Field(description="account_sid, auth_token, api_key_sid, ...; may be empty.")
    fingerprint: str = Field(description="fp:… of the value, never the value; may be empty.")


class LocationReport(_Closed):
    """A place a cause points at, kept apart: `locations` has the same places as text."""

    path: str = Field(description="Relative to the scanned folder, or the shown store address.")
    line: int | None
    column: int | None = Field(description="Where the value's name starts, when known.")
    key: str | None = Field(description="Key path in a structured file, or a store JSON key.")
    uri: str | None = Field(
        description="The store secret and its version.",
        examples=["aws-sm://prod/twilio#AWSPREVIOUS"],
    )


class CauseReport(_Closed):
    """One ranked cause, with the places to fix and the evidence that points there."""

    id: str = Field(examples=["rotation-not-propagated"])
    title: str
    severity: Severity
    likelihood: Likelihood
    confidence: float = Field(ge=0, le=1)
    proof: Literal["proven", "likely", "possible"]
    locations: list[str] = Field(description="Each place as `path:line`, as people read it.")
    where: list[LocationReport] = Field(description="The same places, structured.")
    evidence: list[str]
    fix: list[str]
    sites: list[SiteReport]
    fingerprints: list[str] = Field(description="fp:… of every value this cause concerns.")


class CredentialRow(_Closed):
    """One credential value found: never the value, only its fingerprint and masked form."""

    location: str
    name: str = Field(description="The variable or key that holds the value.")
    environment: str
    service: str
    kind: str
    fingerprint: str = Field(pattern=r"^fp:[0-9a-f]+$")
    masked: str
    verification: str


class CompletenessReport(_Closed):
    """Whether the diagnosis could check everything; an empty `causes` is an all-clear only
    when `complete` is true."""

    complete: bool
    reasons: list[str] = Field(description="Why the diagnosis is incomplete, one line each.")
    unverified: int = Field(ge=0, description="Credential sets Twilio never judged.")
    verifiable: int = Field(ge=0, description="Credential sets that were sent to Twilio.")
    static_only: bool = Field(
        description="Credentials were found but none was sent to Twilio (offline): an empty "
        "`causes` then means the static checks found nothing, not that Twilio accepts them."
    )


class DiagnosisReport(_Closed):
    """The JSON report of `sherlock diagnose --format json`, unchanged."""

    error: str = Field(examples=["twilio-20003"])
    environment: str | None = Field(
        description="The canonical environment the report is limited to; null for all."
    )
    complete: bool = Field(description="False when something could not be checked.")
    completeness: CompletenessReport
    causes: list[CauseReport]
    advice: list[CauseReport] = Field(
        description="Findings about credentials Twilio accepted: hints, never causes."
    )
    credentials: list[CredentialRow]
    notes: list[str]
    requests: int = Field(ge=0, description="Live requests this diagnosis sent to Twilio.")
    contacted: list[str] = Field(description="Network endpoints this diagnosis contacted.")


# --- Explanation ------------------------------------------------------------------------


class TokenProblem(_Closed):
    """One thing wrong with a pasted access token, and the error code it gets."""

    cause: str
    code: int
    evidence: str
    fix: str


class TokenReading(_Closed):
    """A pasted access token read offline: its fingerprint, masked claims and problems."""

    fingerprint: str
    claims: list[str]
    problems: list[TokenProblem]


class RecognisedError(_Closed):
    """What was recognised in the text (built from its redacted form)."""

    entry_id: str
    provider: str
    code: int
    http_status: int
    code_stated: bool
    form: str
    message: str | None
    request_id: str | None
    uri: str | None
    code_basis: str
    token: TokenReading | None = Field(
        default=None, description="A JWT in the text, read offline (never the token itself)."
    )


class Explanation(_Closed):
    """The recognised error and the knowledge-base entry that explains it."""

    recognised: RecognisedError
    entry: KBEntry


# --- Webhooks ---------------------------------------------------------------------------


class AlertDiagnosis(_Closed):
    """The diagnosis made for one environment named by an alert, and where it was posted."""

    environment: str | None = Field(
        description="The environment diagnosed; null when the alert named none."
    )
    error: str
    top_cause: str | None = Field(description="The most likely cause id; null when healthy.")
    causes: int
    complete: bool = Field(
        description="False when the diagnosis could not check everything (see its notes)."
    )
    requests: int
    note: str | None = None
    posted: bool
    channel: str | None = None
    not_posted: str | None = Field(
        default=None,
        description=(
            "Why the result was not posted to Slack: `slack: <error>` when Slack refused or "
            "could not be reached, or a note (no channel configured, posted moments ago)."
        ),
    )


class WebhookResult(_Closed):
    """What an alert webhook did: recognised a Twilio error or not, and the diagnoses."""

    recognised: bool
    source: Source
    reason: str | None = Field(default=None, description="Why nothing was diagnosed.")
    diagnoses: list[AlertDiagnosis] = Field(default_factory=list)


# --- Health and errors ------------------------------------------------------------------


class Health(_Closed):
    status: Literal["ok"]
    version: str


class ErrorDetail(_Closed):
    """One problem with a request, located by where it is (``body.environment``)."""

    location: str
    message: str


class ErrorInfo(_Closed):
    code: str = Field(
        description=(
            "unauthorized, not_found, method_not_allowed, payload_too_large, invalid_request, "
            "invalid_input, not_recognised or internal"
        )
    )
    message: str
    request_id: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(_Closed):
    """The one shape of every failure this API returns."""

    error: ErrorInfo
