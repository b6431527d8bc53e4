"""Running the token checks on hand-built sets, verified against the Twilio emulator."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from sherlock.models import Finding
from sherlock.providers.twilio.checking.common import probe_for
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.emulator.state import Fault
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification
from sherlock.providers.twilio.tokens.specs import TOKEN_CHECKS
from sherlock.secrets import Secret
from tests.tokens.factory import found


def token_set(path: str, sid: str, token: str) -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment="prod",
        service=path.split("/")[0],
        account_sid=found(Field.ACCOUNT_SID, sid, path, 1),
        auth_token=found(Field.AUTH_TOKEN, token, path, 2),
    )


def key_set(
    path: str, sid: str, key_sid: str, secret: str, region: str | None = None
) -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment="prod",
        service=path.split("/")[0],
        account_sid=found(Field.ACCOUNT_SID, sid, path, 1),
        api_key_sid=found(Field.API_KEY_SID, key_sid, path, 2),
        api_key_secret=found(Field.API_KEY_SECRET, secret, path, 3),
        region=found(Field.REGION, region, path, 4) if region else None,
    )


@dataclass
class Checked:
    findings: list[Finding]
    lookups: int

    def of(self, cause: str) -> list[Finding]:
        return [f for f in self.findings if f.cause_id == cause]

    def causes(self) -> set[str]:
        return {f.cause_id for f in self.findings}

    def text(self) -> str:
        return " ".join(
            " ".join((*f.evidence, *f.fix, *map(str, f.locations))) for f in self.findings
        )


async def _run(ctx: CheckContext) -> list[Finding]:
    batches = await asyncio.gather(*(check(ctx) for check in TOKEN_CHECKS.values()))
    return [f for batch in batches for f in batch]


def check_offline(token: str | None, sets: Sequence[CredentialSet]) -> Checked:
    values = tuple(v for s in sets for v in s.values())
    secret = Secret(token) if token is not None else None
    ctx = CheckContext(tuple(sets), values, {}, None, token=secret)
    return Checked(asyncio.run(_run(ctx)), 0)


def check_live(
    emulator: TwilioEmulator,
    token: str,
    sets: Sequence[CredentialSet],
    fault_after_verify: Fault | None = None,
) -> Checked:
    """Verify each set as diagnose() does, then run every token check with live lookups
    (``fault_after_verify`` makes the emulator misbehave for the lookups only)."""

    async def go() -> tuple[list[Finding], int]:
        async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
            verdicts: dict[CredentialSet, TwilioVerification] = {}
            for cset in sets:
                request = probe_for(cset)
                assert request is not None
                verdicts[cset] = await verifier.verify(request)
            if fault_after_verify is not None:
                emulator.add_fault(fault_after_verify)
            before = len(emulator.requests)
            values = tuple(v for s in sets for v in s.values())
            ctx = CheckContext(tuple(sets), values, verdicts, verifier.verify, token=Secret(token))
            return await _run(ctx), len(emulator.requests) - before

    findings, lookups = asyncio.run(go())
    return Checked(findings, lookups)
