"""Running checks on hand-built credential sets against the Twilio emulator over HTTP.

Every set is verified the way ``diagnose()`` verifies it, then the checks run with the same
verifier as their probe, so counter-tests are real requests the emulator answers and counts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sherlock.models import Finding, FoundValue, Location
from sherlock.providers.twilio.checking.common import probe_for
from sherlock.providers.twilio.checking.context import Check, CheckContext
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Fault
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification
from sherlock.secrets import Secret


def found(
    field: Field, raw: str, path: str, line: int, env: str = "prod", name: str | None = None
) -> FoundValue:
    return FoundValue(
        field=field,
        name=name or f"TWILIO_{field.value.upper()}",
        value=Secret(raw, identifier=field.is_identifier),
        location=Location(path, line),
        source_kind="dotenv",
        consumer="python-dotenv",
        scope=path,
        environment=env,
        service=path.split("/")[0],
    )


def token_set(path: str, sid: str, token: str, env: str = "prod") -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment=env,
        service=path.split("/")[0],
        account_sid=found(Field.ACCOUNT_SID, sid, path, 1, env),
        auth_token=found(Field.AUTH_TOKEN, token, path, 2, env),
    )


def key_set(path: str, sid: str, key_sid: str, secret: str, env: str = "prod") -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment=env,
        service=path.split("/")[0],
        account_sid=found(Field.ACCOUNT_SID, sid, path, 1, env),
        api_key_sid=found(Field.API_KEY_SID, key_sid, path, 2, env),
        api_key_secret=found(Field.API_KEY_SECRET, secret, path, 3, env),
    )


@dataclass
class Checked:
    """The checks' findings, and what the emulator saw while they ran."""

    findings: list[Finding]
    counter_tests: int
    paths: list[str]

    def of(self, cause: str) -> list[Finding]:
        return [f for f in self.findings if f.cause_id == cause]

    def text(self) -> str:
        return " ".join(" ".join(f.evidence + f.fix) for f in self.findings)


def run_checks(
    emulator: TwilioEmulator,
    sets: Sequence[CredentialSet],
    checks: Iterable[Check],
    *,
    fault_after_verify: Fault | None = None,
    results: dict[CredentialSet, TwilioVerification] | None = None,
) -> Checked:
    """Verify every set, then run ``checks`` together on one shared verifier."""

    async def go() -> tuple[list[Finding], int]:
        async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
            verdicts = dict(results or {})
            for cset in sets:
                if cset not in verdicts:
                    request = probe_for(cset)
                    assert request is not None
                    verdicts[cset] = await verifier.verify(request)
            if fault_after_verify is not None:
                emulator.add_fault(fault_after_verify)
            before = len(emulator.requests)
            values = tuple(v for s in sets for v in s.values())
            ctx = CheckContext(tuple(sets), values, verdicts, verifier.verify)
            batches = await asyncio.gather(*(check(ctx) for check in checks))
            return [f for batch in batches for f in batch], before

    findings, before = asyncio.run(go())
    later = list(emulator.requests)[before:]
    return Checked(findings, len(later), [r.path for r in later])


def assert_no_secret(outcome: Checked, *secrets: str) -> None:
    """No secret, nor its first or last 10 characters, in any evidence or fix."""
    shown = outcome.text()
    for secret in secrets:
        for piece in (secret, secret[:10], secret[-10:]):
            assert piece not in shown, "a raw secret reached a finding"
