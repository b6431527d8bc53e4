"""variable-name-mismatch: the code or the framework's config reads a name nothing sets, while
a near name holding the same credential is set.

``config/services.php`` asks for ``env('TWILIO_SID')`` and the ``.env`` says
``TWILIO_ACCOUNT_SID``; ``config.toml`` references ``env(SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN)``
and the env file sets ``TWILIO_AUTH_TOKEN``; the code reads ``TWILLIO_AUTH_TOKEN``. The client
then gets nothing (or the reference's literal text) for that slot, and Twilio answers 20003,
although the right value sits one name away. The readings come from discovery
(:class:`~sherlock.collect.readings.CodeReading`); a reading counts as satisfied when any
source sets its name or an alias the framework binds to the same slot.

Proof: likely offline. Proven when Twilio accepts the near name's value: its own set was
accepted, or a counter-test sends it with the other half the reading's service uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sherlock.models import Finding, FoundValue, Outcome, Proof
from sherlock.providers.twilio.checking.common import accepted, describe, failed, probe_for
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.records import CredentialSet, Field

if TYPE_CHECKING:
    from sherlock.collect.readings import CodeReading

CAUSE = "variable-name-mismatch"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SLOT_WORDS = {
    Field.ACCOUNT_SID.value: "Account SID",
    Field.AUTH_TOKEN.value: "auth token",
    Field.API_KEY_SID.value: "API key SID",
    Field.API_KEY_SECRET.value: "API key secret",
}


def distance(a: str, b: str) -> int:
    """Levenshtein distance: the typos a person makes (one dropped, doubled or swapped letter)."""
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, start=1):
        current = [i]
        for j, right in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right))
            )
        previous = current
    return previous[-1]


def rule(read: str, written: str, slot: str) -> str:
    """How the two names differ, in the words a fix needs: a typo, a prefix or a renamed key."""
    a, b = read.upper(), written.upper()
    steps = distance(a, b)
    if steps <= 2:
        return f"a typo: the names differ by {steps} character{'s' if steps > 1 else ''}"
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if longer.endswith("_" + shorter) or longer.startswith(shorter + "_"):
        extra = longer.replace(shorter, "", 1).strip("_")
        return f"a prefix: one name adds {extra}_ (edit distance {steps})"
    word = _SLOT_WORDS.get(slot, slot)
    return f"a renamed key: both name the {word} (edit distance {steps})"


def _candidates(reading: CodeReading, values: Sequence[FoundValue]) -> list[FoundValue]:
    """Values of the same slot set under another variable name, the reading's own service first,
    then its environment, then anywhere."""
    same_slot = [
        v
        for v in values
        if v.field == reading.slot and v.name != reading.name and _ENV_NAME.fullmatch(v.name)
    ]
    for keep in (
        lambda v: v.service == reading.service,
        lambda v: v.environment == reading.environment,
        lambda v: True,
    ):
        chosen = [v for v in same_slot if keep(v)]
        if chosen:
            return sorted(chosen, key=lambda v: distance(v.name.upper(), reading.name.upper()))
    return []


def _set_of(ctx: CheckContext, value: FoundValue) -> CredentialSet | None:
    return next((s for s in ctx.sets if any(v is value for v in s.values())), None)


def _partner_set(ctx: CheckContext, reading: CodeReading) -> CredentialSet | None:
    """A set of the reading's service that holds the other half of the pair."""
    return next((s for s in ctx.sets if s.service == reading.service and s.username), None)


async def _proof(ctx: CheckContext, reading: CodeReading, near: FoundValue) -> tuple[Proof, str]:
    own = _set_of(ctx, near)
    if own is not None and ctx.outcome(own) is Outcome.VALID:
        return (
            Proof.PROVEN,
            f"Twilio accepts {near.name} in {own.label}: {ctx.result(own).describe()}",
        )
    partner = _partner_set(ctx, reading)
    if partner is not None and reading.slot in (Field.AUTH_TOKEN, Field.API_KEY_SECRET):
        result = await ctx.probe(probe_for(partner, password=near.value))
        if accepted(result):
            return Proof.PROVEN, f"Twilio accepts {near.name} with {partner.label}'s SID"
        if failed(result):
            return Proof.POSSIBLE, f"Twilio also rejects {near.name} with {partner.label}'s SID"
    if own is not None and ctx.outcome(own) is Outcome.INVALID:
        return Proof.POSSIBLE, f"Twilio rejects {near.name} too, so renaming alone may not do"
    return Proof.LIKELY, "not verified live" if ctx.offline else "Twilio was not asked about it"


def _fix(reading: CodeReading, near: FoundValue) -> tuple[str, ...]:
    return (
        f"Read {near.name} at {reading.location} (or set {reading.name} where {near.name} is set)",
    )


async def _judge(ctx: CheckContext, reading: CodeReading, near: FoundValue) -> Finding:
    proof, verdict = await _proof(ctx, reading, near)
    fallback = "; an unset name leaves its written default in place" if reading.has_default else ""
    evidence = (
        f"{reading.reader} at {reading.location} reads {reading.name} for the "
        f"{reading.slot}, and no source sets it{fallback}",
        f"the near name is set: {describe(near)}",
        f"{reading.name} vs {near.name}: {rule(reading.name, near.name, reading.slot)}",
        verdict,
    )
    return Finding(
        CAUSE, proof, (reading.location,), evidence, _fix(reading, near), reading.environment
    )


def _covered(readings: Sequence[CodeReading], names: set[str]) -> set[tuple[str, str, str]]:
    """(file, service, slot) that some reading fills: an optional alternative left unset
    (the notification channel's TWILIO_USERNAME beside TWILIO_ACCOUNT_SID) is no mismatch."""
    return {(r.location.path, r.service, r.slot) for r in readings if r.satisfied_by(names)}


async def check(ctx: CheckContext) -> list[Finding]:
    set_names = {v.name for v in ctx.values if not v.fallback}  # a default sets nothing
    covered = _covered(ctx.readings, set_names)
    findings: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for reading in ctx.readings:
        marker = (str(reading.location), reading.slot, reading.name)
        if marker in seen or (reading.location.path, reading.service, reading.slot) in covered:
            continue
        seen.add(marker)
        near = _candidates(reading, ctx.values)
        if near:
            findings.append(await _judge(ctx, reading, near[0]))
    return findings
