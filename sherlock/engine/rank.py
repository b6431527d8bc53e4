"""Turning findings into ranked causes: a pure function of the findings and the KB.

Confidence starts from how the finding was backed (proven by a counter-test, likely from
static or one-sided evidence, possible when something else may also be wrong) and is nudged
by how common the cause is in the knowledge base. Findings of one cause merge into one
entry with every location, so the report reads "whitespace in 3 places", not three rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from sherlock.models import Cause, Finding, Location, Proof

if TYPE_CHECKING:
    from sherlock.kb import KBEntry

PROOF_BASE = {Proof.PROVEN: 0.9, Proof.LIKELY: 0.65, Proof.POSSIBLE: 0.35}
PROOF_ORDER = [Proof.PROVEN, Proof.LIKELY, Proof.POSSIBLE]
LIKELIHOOD_NUDGE = {"common": 0.05, "occasional": 0.0, "rare": -0.05}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _places(findings: Iterable[Finding]) -> tuple[Location, ...]:
    """Every place the findings name, once per shown text: two checks that locate the same
    line (one knowing its column, one not) must not list it twice."""
    places: dict[str, Location] = {}
    for finding in findings:
        for location in finding.locations:
            places.setdefault(str(location), location)
    return tuple(places.values())


def _merge(cause_id: str, findings: Sequence[Finding], entry: KBEntry) -> Cause:
    known = entry.cause(cause_id)
    proof = min((f.proof for f in findings), key=PROOF_ORDER.index)
    confidence = PROOF_BASE[proof] + LIKELIHOOD_NUDGE.get(known.likelihood, 0.0)
    confidence += min(0.04, 0.01 * (len(findings) - 1))
    return Cause(
        id=cause_id,
        title=known.title,
        severity=known.severity,
        likelihood=known.likelihood,
        confidence=max(0.05, min(0.99, confidence)),
        proof=proof,
        locations=_places(findings),
        evidence=_unique(line for f in findings for line in f.evidence),
        fix=_unique([line for f in findings for line in f.fix] + list(known.fix)),
        environments=_unique(f.environment for f in findings if f.environment),
    )


def _order(entry: KBEntry) -> Callable[[Cause], tuple[float, int, int, int, int]]:
    """Most confident first; ties go to the stronger proof, then the more specific cause,
    then the more severe, then the knowledge base's own order — never the alphabet."""
    listed = {cause_id: index for index, cause_id in enumerate(entry.cause_ids)}

    def key(cause: Cause) -> tuple[float, int, int, int, int]:
        specificity = entry.cause(cause.id).specificity
        return (
            -round(cause.confidence, 6),
            PROOF_ORDER.index(cause.proof),
            -specificity,
            SEVERITY_ORDER.get(cause.severity, 9),
            listed.get(cause.id, len(listed)),
        )

    return key


def _merge_all(findings: Iterable[Finding], entry: KBEntry) -> tuple[Cause, ...]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.cause_id].append(finding)
    causes = [_merge(cause_id, group, entry) for cause_id, group in grouped.items()]
    return tuple(sorted(causes, key=_order(entry)))


def rank(findings: Iterable[Finding], entry: KBEntry) -> tuple[Cause, ...]:
    """Merge findings per cause and order them (see :func:`_order`); advice is left out."""
    return _merge_all((f for f in findings if not f.advice), entry)


def rank_advice(findings: Iterable[Finding], entry: KBEntry) -> tuple[Cause, ...]:
    """The advice findings (about credentials Twilio accepted), merged and ordered alike."""
    return _merge_all((f for f in findings if f.advice), entry)
