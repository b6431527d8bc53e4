"""Deciding whether a diagnosis may call a tree healthy.

An on-call engineer reads "no cause found" as "look elsewhere". That is only true when
Sherlock actually looked: it found credentials to judge, Twilio answered for the ones that
matter, and every check ran. Anything less is reported as incomplete, with the reason,
and the CLI exits 3 instead of 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from sherlock.models import Cause, Completeness, CredentialGroup, Outcome, Proof, Verification

#: Answers that say a set does not work: a report cannot be an all-clear while one of these
#: stands unexplained, whichever error was asked about.
REFUSED = frozenset(
    {Outcome.INVALID, Outcome.INACTIVE, Outcome.FORBIDDEN, Outcome.TEST_CREDENTIALS}
)

NO_CREDENTIALS_HINT = (
    "try --process-env (variables of this shell), --config FILE (a sherlock.toml naming "
    "where the credentials live) or the folder the deployment is defined in"
)


def assess(
    *,
    root: Path,
    sets: Sequence[CredentialGroup],
    results: Mapping[CredentialGroup, Verification],
    offline: bool,
    failed_checks: Sequence[str],
    causes: Sequence[Cause] = (),
    error: str = "",
) -> Completeness:
    """The completeness of a diagnosis over ``sets`` (already limited to one environment).

    A set Twilio never answered for still counts as judged when a proven cause points at it:
    the counter-test settled it (a retired regional host resets the connection, and the same
    credentials on the edge host were accepted).
    """
    reasons: list[str] = []
    if not sets:
        reasons.append(f"no Twilio credentials found under {root}: {NO_CREDENTIALS_HINT}")
    proven = {str(loc) for c in causes if c.proof is Proof.PROVEN for loc in c.locations}
    sent = [s for s in sets if results.get(s) and results[s].outcome is not Outcome.SKIPPED]
    unjudged = [
        s
        for s in sent
        if results[s].outcome is Outcome.UNVERIFIED
        and not any(str(v.location) in proven for v in s.values())
    ]
    if not offline and unjudged:
        reasons.append(_unreachable(unjudged, len(sent), results))
    blamed = {str(loc) for c in causes for loc in c.locations}
    refused = [
        s
        for s in sent
        if results[s].outcome in REFUSED
        and not any(str(v.location) in blamed for v in s.values())
        and not _test_pair_for_tests(s, results[s])
    ]
    if refused:
        reasons.append(_refused(refused, results, error))
    if failed_checks:
        reasons.append(f"{len(failed_checks)} check(s) failed: {', '.join(failed_checks)}")
    return Completeness(
        complete=not reasons,
        reasons=tuple(reasons),
        unverified=len(unjudged),
        verifiable=len(sent),
        static_only=offline and bool(sets),
    )


def _test_pair_for_tests(cset: CredentialGroup, verdict: Verification) -> bool:
    """Twilio's test credentials where tests run: 20008 means Twilio knows them as a
    matched test pair, which is what a ``test`` environment is meant to hold (they reach
    only the magic-number endpoints). Anywhere else they are a refusal to explain."""
    return verdict.outcome is Outcome.TEST_CREDENTIALS and cset.environment == "test"


def _unreachable(
    unjudged: Sequence[CredentialGroup], sent: int, results: Mapping[CredentialGroup, Verification]
) -> str:
    """``Twilio unreachable: 5 of 5 credential sets unverified: last error …``."""
    headline = "Twilio unreachable" if len(unjudged) == sent else "Twilio did not answer"
    last = results[unjudged[-1]]
    detail = last.reason or last.describe()
    url = getattr(last, "url", "") or ""
    contacted = f", URL actually contacted {url}" if url and url not in detail else ""
    return (
        f"{headline}: {len(unjudged)} of {sent} credential set(s) unverified: "
        f"last error {detail}{contacted}"
    )


def _refused(
    refused: Sequence[CredentialGroup], results: Mapping[CredentialGroup, Verification], error: str
) -> str:
    """``1 credential set(s) refused with nothing found for twilio-20005: prod/api … answered
    invalid, HTTP 401 code 20003; diagnose that error: --error twilio-20003``.

    Asked about one error, Sherlock only runs that error's checks; a set refused with another
    code is still broken, and calling the tree healthy would send the reader away from it.
    """
    first = results[refused[0]]
    provider = error.rpartition("-")[0]
    hint = ""
    if first.code is not None and provider and f"{provider}-{first.code}" != error:
        hint = f"; diagnose that error: --error {provider}-{first.code}"
    asked = f" for {error}" if error else ""
    return (
        f"{len(refused)} credential set(s) refused with no cause found{asked}: "
        f"{refused[0].label} answered {first.describe()}{hint}"
    )
