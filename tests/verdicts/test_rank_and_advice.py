"""Ranking ties break by proof and specificity, never by the alphabet; advice about accepted
credentials is never a cause."""

from __future__ import annotations

from sherlock.engine.advice import mark_advice
from sherlock.engine.rank import rank, rank_advice
from sherlock.kb import load_entry
from sherlock.models import Finding, FoundValue, Location, Outcome, Proof, Verification
from sherlock.providers.twilio.records import CredentialSet, Field
from sherlock.secrets import Secret

ENTRY = load_entry("twilio-20003")


def _finding(cause: str, proof: Proof = Proof.LIKELY, path: str = "a/.env") -> Finding:
    return Finding(cause, proof, (Location(path, 2),), (f"{cause} evidence",))


def test_equal_confidence_ties_go_to_the_more_specific_cause_not_the_alphabet() -> None:
    # Both "occasional"/"common" nudges aside, give the two causes the same likelihood band
    # by picking two the KB rates alike, and check the order is not alphabetical.
    same = [c for c in ENTRY.causes if c.likelihood == ENTRY.cause("quoted-credential").likelihood]
    assert len(same) >= 2
    ordered = rank([_finding(c.id) for c in same], ENTRY)
    severity = ("critical", "high", "medium", "low")
    keys = [
        (-ENTRY.cause(c.id).specificity, severity.index(c.severity), ENTRY.cause_ids.index(c.id))
        for c in ordered
    ]
    assert keys == sorted(keys)
    assert [c.id for c in ordered] != sorted(c.id for c in ordered)


def test_a_proven_cause_outranks_a_likely_one_whatever_the_names() -> None:
    ordered = rank(
        [
            _finding("account-inactive", Proof.LIKELY),
            _finding("whitespace-in-credential", Proof.PROVEN),
        ],
        ENTRY,
    )
    assert [c.id for c in ordered] == ["whitespace-in-credential", "account-inactive"]


def _set_at(path: str) -> CredentialSet:
    def value(field: Field, name: str, line: int) -> FoundValue:
        return FoundValue(
            field, name, Secret("x" * 32), Location(path, line), "dotenv", "python-dotenv",
            path, "prod", "api",
        )  # fmt: skip

    return CredentialSet(
        path, "prod", "api",
        account_sid=value(Field.ACCOUNT_SID, "TWILIO_ACCOUNT_SID", 1),
        auth_token=value(Field.AUTH_TOKEN, "TWILIO_AUTH_TOKEN", 2),
    )  # fmt: skip


def test_findings_about_accepted_credentials_become_advice() -> None:
    good, bad = _set_at("good/.env"), _set_at("bad/.env")
    results = {good: Verification(Outcome.VALID), bad: Verification(Outcome.INVALID)}
    marked = mark_advice(
        [
            _finding("api-key-type", path="good/.env"),
            _finding("quoted-credential", path="bad/.env"),
        ],
        (good, bad),
        results,
    )
    assert [c.id for c in rank(marked, ENTRY)] == ["quoted-credential"]
    assert [c.id for c in rank_advice(marked, ENTRY)] == ["api-key-type"]


def test_a_finding_about_an_unverified_set_stays_a_cause() -> None:
    cset = _set_at("x/.env")
    marked = mark_advice(
        [_finding("quoted-credential", path="x/.env")],
        (cset,),
        {cset: Verification(Outcome.UNVERIFIED)},
    )
    assert not marked[0].advice


def test_an_unverified_set_settled_by_a_proven_cause_keeps_the_diagnosis_complete() -> None:
    from pathlib import Path

    from sherlock.engine.completeness import assess
    from sherlock.models import Cause

    retired, other = _set_at("eu/.env"), _set_at("us/.env")
    results = {
        retired: Verification(Outcome.UNVERIFIED, reason="connection reset"),
        other: Verification(Outcome.VALID),
    }
    proven = Cause(
        "deprecated-regional-host", "t", "high", "common", 0.9, Proof.PROVEN,
        ("eu/.env:2",), ("e",), ("f",),
    )  # fmt: skip
    args = {"root": Path("."), "sets": (retired, other), "results": results, "offline": False}
    assert assess(**args, failed_checks=(), causes=(proven,)).complete
    undecided = assess(**args, failed_checks=(), causes=())
    assert not undecided.complete
    assert undecided.unverified == 1


def test_test_credentials_only_count_as_refused_outside_the_test_environment() -> None:
    from dataclasses import replace
    from pathlib import Path

    from sherlock.engine.completeness import assess

    prod = _set_at("config/production.json")
    test = replace(_set_at("config/test.json"), environment="test")
    answer = Verification(Outcome.TEST_CREDENTIALS, code=20008)
    for cset, complete in ((test, True), (prod, False)):
        judged = assess(
            root=Path("."), sets=(cset,), results={cset: answer}, offline=False, failed_checks=()
        )
        assert judged.complete is complete, judged.reasons
