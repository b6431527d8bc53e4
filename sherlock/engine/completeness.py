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
    if failed_checks:
        reasons.append(f"{len(failed_checks)} check(s) failed: {', '.join(failed_checks)}")
    return Completeness(
        complete=not reasons,
        reasons=tuple(reasons),
        unverified=len(unjudged),
        verifiable=len(sent),
    )


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
