"""api-key-without-account-sid: the client is built from an API key and secret alone.

Every SDK defaults the account SID to the username (twilio-python ``account_sid or
self.username``, twilio-node ``opts.accountSid || username``, and the others alike), so
``Client(api_key, api_secret)`` puts the key SID into ``/2010-04-01/Accounts/{sid}/`` and
Twilio answers 20003 whatever the secret (twilio-node 4+ refuses earlier, with "accountSid
must start with AC"). A hand-built URL with the key SID in that segment fails the same way.

Discovery records, per construction, what feeds the account slot (a code reading, see
:mod:`sherlock.collect.code`); this check resolves that name to the tree's value and fires
when it is an ``SK…`` SID. Proven by a counter-test: the same key and secret with an Account
SID of the tree are accepted. The failing request itself is not re-sent: the verifier puts
only ``AC…`` SIDs into a URL path, and Twilio's (and the emulator's) answer to a key SID
there is always 401/20003.
"""

from __future__ import annotations

from collections.abc import Iterable

from sherlock.collect.readings import CodeReading
from sherlock.models import Finding, FoundValue, Location, Proof
from sherlock.providers.twilio.checking.common import accepted, describe, wire
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.credentials import sid_prefix, strip_junk
from sherlock.providers.twilio.records import Field

CAUSE = "api-key-without-account-sid"
_SECRET_SLOTS = ("auth_token", "api_key_secret")
_FIXES = {
    "twilio-python": "Client(api_key, api_secret, account_sid)",
    "twilio-node": "twilio(apiKey, apiSecret, { accountSid })",
    "twilio-php": "new Client($apiKey, $apiSecret, $accountSid)",
    "twilio-ruby": "Twilio::REST::Client.new(api_key, api_secret, account_sid)",
    "twilio-java": "Twilio.init(apiKey, apiSecret, accountSid)",
    "twilio-csharp": "TwilioClient.Init(apiKey, apiSecret, accountSid)",
    "twilio-go": "ClientParams{Username: apiKey, Password: apiSecret, AccountSid: accountSid}",
}


def _constructions(readings: Iterable[CodeReading]) -> dict[Location, dict[str, CodeReading]]:
    """Readings of one construction (or hand-built URL) share its call site."""
    grouped: dict[Location, dict[str, CodeReading]] = {}
    for reading in readings:
        grouped.setdefault(reading.location, {})[reading.slot] = reading
    return grouped


def value_for(ctx: CheckContext, reading: CodeReading | None) -> FoundValue | None:
    """The tree's value behind a reading: the same file's literal, then the same service's,
    the same environment's, then any value of that name."""
    if reading is None:
        return None
    named = [v for v in ctx.values if v.name == reading.name]
    for near in (
        lambda v: v.location.path == reading.location.path,
        lambda v: v.service == reading.service,
        lambda v: v.environment == reading.environment,
        lambda v: True,
    ):
        found = [v for v in named if near(v)]
        if found:
            return found[-1]
    return None


def _accounts(ctx: CheckContext, key: FoundValue) -> list[FoundValue]:
    """Account SIDs of the tree the key may belong to, nearest first, one per value."""
    sids = [
        v
        for v in ctx.values
        if v.field == Field.ACCOUNT_SID and sid_prefix(strip_junk(v.value.reveal())) == "AC"
    ]
    sids.sort(key=lambda v: (v.service != key.service, v.environment != key.environment))
    unique = {v.fingerprint: v for v in reversed(sids)}
    return sorted(unique.values(), key=sids.index)[:3]


async def _proof(
    ctx: CheckContext, key: FoundValue, secret: FoundValue | None
) -> tuple[Proof, list[str]]:
    if secret is None:
        return Proof.LIKELY, ["the key's secret was not found in the tree: not probed"]
    if ctx.offline:
        return Proof.LIKELY, ["offline: not verified live"]
    for account in _accounts(ctx, key):
        request = ProbeRequest(username=key.value, password=secret.value, account_sid=account.value)
        counter = await ctx.probe(request)
        if accepted(counter):
            assert counter is not None
            return Proof.PROVEN, [
                f"with the Account SID {describe(account)} the same key and secret are "
                f"accepted: {wire(counter)}"
            ]
    return Proof.LIKELY, ["no Account SID of the tree was accepted with this key"]


async def _judge(ctx: CheckContext, slots: dict[str, CodeReading]) -> Finding | None:
    reading = slots.get("account_sid")
    key = value_for(ctx, reading)
    if reading is None or key is None or sid_prefix(strip_junk(key.value.reveal())) != "SK":
        return None
    secret = next((v for s in _SECRET_SLOTS if (v := value_for(ctx, slots.get(s)))), None)
    proof, live = await _proof(ctx, key, secret)
    made = f"{reading.reader} at {reading.location} builds the client"
    evidence = [
        f"{made} with the API key {describe(key)} in the Account SID slot and no Account SID, "
        "so the key SID goes into /2010-04-01/Accounts/{sid}/ and Twilio answers 20003",
        *live,
    ]
    if reading.reader == "twilio-node":
        evidence.append("twilio-node 4+ throws 'accountSid must start with AC' before sending")
    shape = _FIXES.get(reading.reader, "the Account SID (AC…) in the URL, the key as the user")
    fix = (f"Pass the Account SID the key belongs to at {reading.location}: {shape}",)
    # Only the call site: the key's own place may belong to a set that works with the SID.
    return Finding(CAUSE, proof, (reading.location,), tuple(evidence), fix, key.environment)


async def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for slots in _constructions(ctx.readings).values():
        found = await _judge(ctx, slots)
        if found is not None:
            findings.append(found)
    return findings
