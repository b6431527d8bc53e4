"""Telling advice from causes: a finding about credentials Twilio accepted cannot explain a 401.

Checks report what they see (a Standard key, the main Auth Token in production, a token
shared by two environments). When every credential set the finding points at was accepted
by Twilio, the finding is a hint for later, not a reason for today's 20003: it goes to the
report's ``advice`` and never changes the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from sherlock.models import CredentialGroup, Finding, Location, Outcome, Verification


def mark_advice(
    findings: Iterable[Finding],
    sets: Sequence[CredentialGroup],
    results: Mapping[CredentialGroup, Verification],
) -> list[Finding]:
    """``findings`` with ``advice`` set on those that only concern accepted credentials."""
    holders = _sets_by_location(sets)
    marked: list[Finding] = []
    for finding in findings:
        if not finding.advice and _only_accepted(finding, holders, results):
            finding = replace(finding, advice=True)
        marked.append(finding)
    return marked


def _sets_by_location(sets: Sequence[CredentialGroup]) -> dict[Location, list[CredentialGroup]]:
    holders: dict[Location, list[CredentialGroup]] = {}
    for cset in sets:
        for value in cset.values():
            holders.setdefault(value.location, []).append(cset)
    return holders


def _only_accepted(
    finding: Finding,
    holders: Mapping[Location, list[CredentialGroup]],
    results: Mapping[CredentialGroup, Verification],
) -> bool:
    concerned = [cset for loc in finding.locations for cset in holders.get(loc, ())]
    if not concerned:
        return False
    return all(
        (verdict := results.get(cset)) is not None and verdict.outcome is Outcome.VALID
        for cset in concerned
    )
