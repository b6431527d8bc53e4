"""Turning findings into ranked causes: a pure function of the findings and the KB.

Confidence starts from how the finding was backed (proven by a counter-test, likely from
static or one-sided evidence, possible when something else may also be wrong) and is nudged
by how common the cause is in the knowledge base. Findings of one cause merge into one
entry with every location, so the report reads "whitespace in 3 places", not three rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sherlock.models import Cause, Finding, Proof

if TYPE_CHECKING:
    from sherlock.kb import KBEntry

PROOF_BASE = {Proof.PROVEN: 0.9, Proof.LIKELY: 0.65, Proof.POSSIBLE: 0.35}
PROOF_ORDER = [Proof.PROVEN, Proof.LIKELY, Proof.POSSIBLE]
LIKELIHOOD_NUDGE = {"common": 0.05, "occasional": 0.0, "rare": -0.05}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


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
        locations=_unique(str(loc) for f in findings for loc in f.locations),
        evidence=_unique(line for f in findings for line in f.evidence),
        fix=_unique([line for f in findings for line in f.fix] + list(known.fix)),
    )


def rank(findings: Iterable[Finding], entry: KBEntry) -> tuple[Cause, ...]:
    """Merge findings per cause and order them: most confident first, then most severe."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.cause_id].append(finding)
    causes = [_merge(cause_id, group, entry) for cause_id, group in grouped.items()]
    return tuple(
        sorted(causes, key=lambda c: (-c.confidence, SEVERITY_ORDER.get(c.severity, 9), c.id))
    )
