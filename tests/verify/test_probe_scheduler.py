"""The verifier as the one probe scheduler: deduplicated, cached, bounded, on reused
connections, with every check's follow-up probes for different sets in flight together.

Timing assertions compare against the serial cost with a wide margin (the machine is shared
and loaded): 20 sets x 0.2 s of emulator latency must finish in well under 4 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import httpx
import pytest

from sherlock.demo.book import CredentialBook
from sherlock.models import Finding
from sherlock.providers.twilio.checking.common import probe_for
from sherlock.providers.twilio.checking.context import Check, CheckContext
from sherlock.providers.twilio.checks import (
    account_inactive,
    api_key_revoked,
    region_mismatch,
    stale_credential_after_rotation,
)
from sherlock.providers.twilio.client import ProbeRequest, TwilioVerifier
from sherlock.providers.twilio.client_pool import (
    SHARD_SIZE,
    ShardedTransport,
    pooled_transport,
    shard_count,
)
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.hosts import ProxyPlan
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification
from sherlock.secrets import Secret
from tests.providers.checks.live import found, key_set, token_set

BOOK = CredentialBook("probe-scheduler")
SETS = 20
LATENCY = 0.2
SERIAL = SETS * LATENCY


def _accounts(count: int, **extra: object) -> dict[str, object]:
    return {"accounts": [{"name": f"acct-{i}", **extra} for i in range(count)]}


def _pair(index: int, variant: str = "") -> ProbeRequest:
    sid = BOOK.sid(f"acct-{index}")
    return ProbeRequest(
        Secret(sid, identifier=True),
        Secret(BOOK.token(f"acct-{index}", variant)),
        None,
    )


async def _verify_all(
    emulator: TwilioEmulator, probes: list[ProbeRequest], concurrency: int = 64
) -> float:
    verifier = TwilioVerifier(base_url=emulator.base_url, retries=0, concurrency=concurrency)
    async with verifier:
        start = time.perf_counter()
        await asyncio.gather(*(verifier.verify(p) for p in probes))
        return time.perf_counter() - start


def test_emulator_keeps_a_connection_open_between_requests() -> None:
    with TwilioEmulator(BOOK.state(_accounts(1))) as emulator:
        url = f"{emulator.base_url}/2010-04-01/Accounts/{BOOK.sid('acct-0')}.json"
        with httpx.Client() as client:
            for _ in range(5):
                client.get(url, headers={"Host": "api.twilio.com"})
        assert emulator.connections_opened == 1
        with httpx.Client() as client:
            for _ in range(3):
                client.get(url, headers={"Host": "api.twilio.com", "Connection": "close"})
        assert emulator.connections_opened == 1 + 3


def test_identical_probes_in_flight_together_cost_one_request() -> None:
    with TwilioEmulator(BOOK.state(_accounts(1) | {"latency_seconds": 0.1})) as emulator:
        asyncio.run(_verify_all(emulator, [_pair(0) for _ in range(20)]))
        assert len(emulator.requests) == 1


def test_a_probe_asked_again_later_is_answered_from_the_cache() -> None:
    async def twice(emulator: TwilioEmulator) -> tuple[str, str]:
        async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
            first = await verifier.verify(_pair(0, "old"))
            again = await verifier.verify(_pair(0, "old"))
            return first.outcome.value, again.outcome.value

    with TwilioEmulator(BOOK.state(_accounts(1))) as emulator:
        first, again = asyncio.run(twice(emulator))
        assert first == again == "invalid"
        assert len(emulator.requests) == 1


def test_no_more_probes_than_the_concurrency_are_in_flight_or_connected() -> None:
    spec = _accounts(12) | {"latency_seconds": LATENCY}
    with TwilioEmulator(BOOK.state(spec)) as emulator:
        elapsed = asyncio.run(_verify_all(emulator, [_pair(i) for i in range(12)], 4))
        assert len(emulator.requests) == 12
        assert emulator.connections_opened <= 4
    # 12 requests, 4 at a time, each held 0.2 s by the emulator: at least 3 rounds
    assert elapsed >= 3 * LATENCY * 0.9


def test_many_probes_reuse_a_few_kept_alive_connections() -> None:
    spec = _accounts(80) | {"latency_seconds": 0.02}
    with TwilioEmulator(BOOK.state(spec)) as emulator:
        asyncio.run(_verify_all(emulator, [_pair(i) for i in range(80)], 8))
        assert len(emulator.requests) == 80
        assert emulator.connections_opened <= 8


def test_the_pool_gives_every_connection_back_whatever_the_answer() -> None:
    """Answers, refusals and dropped connections alike free their shard: a leak would
    leave the pool looking busy and funnel every later request into one shard."""
    spec = _accounts(4) | {"latency_seconds": 0.05}
    hosts = ["api.twilio.com", "api.ie1.twilio.com"]  # the region-only host is dropped

    async def send_all(emulator: TwilioEmulator) -> tuple[tuple[int, ...], int]:
        transport = pooled_transport(ProxyPlan(), 16)
        assert isinstance(transport, ShardedTransport)
        peak = 0
        gate = asyncio.Semaphore(16)  # as the verifier's semaphore bounds it
        async with httpx.AsyncClient(transport=transport) as client:

            async def one(index: int) -> None:
                nonlocal peak
                url = f"{emulator.base_url}/2010-04-01/Accounts/{BOOK.sid('acct-0')}.json"
                headers = {"Host": hosts[index % 2]}
                async with gate:
                    with contextlib.suppress(httpx.TransportError):
                        async with client.stream("GET", url, headers=headers) as answer:
                            peak = max(peak, *transport.in_flight)
                            await answer.aread()

            await asyncio.gather(*(one(i) for i in range(48)))
            return transport.in_flight, peak

    with TwilioEmulator(BOOK.state(spec)) as emulator:
        in_flight, peak = asyncio.run(send_all(emulator))
    assert in_flight == (0,) * shard_count(16)
    assert peak <= SHARD_SIZE


# --- follow-up probes of different sets overlap ------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """An emulator state and the credential sets whose follow-ups one check sends."""

    spec: dict[str, object]
    sets: list[CredentialSet]
    check: Check
    cause: str


def _stale_tokens() -> Scenario:
    """Each account has its current token in prod and an old one in staging."""
    sets = []
    for i in range(SETS):
        sid = BOOK.sid(f"acct-{i}")
        sets.append(token_set(f"svc{i}/.env", sid, BOOK.token(f"acct-{i}"), "prod"))
        sets.append(token_set(f"old{i}/.env", sid, BOOK.token(f"acct-{i}", "old"), "staging"))
    return Scenario(
        _accounts(SETS),
        sets,
        stale_credential_after_rotation.check,
        stale_credential_after_rotation.CAUSE,
    )


def _wrong_region() -> Scenario:
    """ie1 tokens sent to US1; one set in the tree names ie1's edge."""
    sets = []
    for i in range(SETS):
        sid, token = BOOK.sid(f"acct-{i}"), BOOK.token(f"acct-{i}")
        sets.append(token_set(f"svc{i}/.env", sid, token, "prod"))
    named = token_set("eu/.env", BOOK.sid("acct-0"), BOOK.token("acct-0"), "eu")
    named = replace(
        named,
        region=found(Field.REGION, "ie1", "eu/.env", 3, "eu"),
        edge=found(Field.EDGE, "dublin", "eu/.env", 4, "eu"),
    )
    return Scenario(
        _accounts(SETS, region="ie1"),
        [*sets, named],
        region_mismatch.check,
        region_mismatch.CAUSE,
    )


def _suspended_subaccounts() -> Scenario:
    """Suspended subaccounts whose parent's working token can see their status."""
    spec = {
        "accounts": [
            {"name": "parent"},
            *(
                {"name": f"acct-{i}", "parent": "parent", "status": "suspended"}
                for i in range(SETS)
            ),
        ]
    }
    sets = [token_set("parent/.env", BOOK.sid("parent"), BOOK.token("parent"))]
    for i in range(SETS):
        sid, token = BOOK.sid(f"acct-{i}"), BOOK.token(f"acct-{i}")
        sets.append(token_set(f"svc{i}/.env", sid, token, "prod"))
    return Scenario(spec, sets, account_inactive.check, account_inactive.CAUSE)


def _revoked_keys() -> Scenario:
    """Deleted API keys of an account whose auth token still works."""
    keys = [{"name": f"key-{i}", "account": "acct-0", "revoked": True} for i in range(SETS)]
    sid = BOOK.sid("acct-0")
    sets = [token_set("main/.env", sid, BOOK.token("acct-0"))]
    for i in range(SETS):
        key, secret = BOOK.value("keysid", f"key-{i}"), BOOK.value("keysecret", f"key-{i}")
        sets.append(key_set(f"svc{i}/.env", sid, key, secret))
    return Scenario(
        _accounts(1) | {"keys": keys}, sets, api_key_revoked.check, api_key_revoked.CAUSE
    )


@dataclass
class Timed:
    """What a check did against a slow Twilio: findings, seconds, most probes awaited at once."""

    findings: list[Finding]
    elapsed: float
    peak: int


async def _timed_check(emulator: TwilioEmulator, scenario: Scenario) -> Timed:
    """Verify every set at full speed, then time the check alone against a slow Twilio,
    counting how many of its probes are awaited at the same moment."""
    async with TwilioVerifier(base_url=emulator.base_url, retries=0) as verifier:
        requests = [probe_for(cset) for cset in scenario.sets]
        verdicts = await asyncio.gather(*(verifier.verify(r) for r in requests if r is not None))
        results = dict(zip(scenario.sets, verdicts, strict=True))
        values = tuple(v for s in scenario.sets for v in s.values())
        waiting, peak = 0, 0

        async def probe(request: ProbeRequest) -> TwilioVerification:
            nonlocal waiting, peak
            waiting += 1
            peak = max(peak, waiting)
            try:
                return await verifier.verify(request)
            finally:
                waiting -= 1

        ctx = CheckContext(tuple(scenario.sets), values, results, probe)
        emulator.set_latency(LATENCY)
        start = time.perf_counter()
        findings = await scenario.check(ctx)
        return Timed(findings, time.perf_counter() - start, peak)


@pytest.mark.parametrize(
    "build",
    [_stale_tokens, _wrong_region, _suspended_subaccounts, _revoked_keys],
    ids=["stale-token", "region-mismatch", "account-inactive", "api-key-revoked"],
)
def test_follow_up_probes_of_different_sets_overlap_in_time(
    build: Callable[[], Scenario],
) -> None:
    scenario = build()
    with TwilioEmulator(BOOK.state(scenario.spec)) as emulator:
        timed = asyncio.run(_timed_check(emulator, scenario))
    proven = [
        f for f in timed.findings if f.cause_id == scenario.cause and f.proof.value == "proven"
    ]
    assert len(proven) == SETS, "each set's follow-up probe must have proven the cause"
    # the sets' probes are awaited together; one set after another, at most one set's few
    # (six rehome candidates) would be, and a probe answered from the cache never waits
    assert timed.peak >= SETS // 2
    # one after another they cannot take less than SETS x LATENCY = 4 s; together they take a
    # round or two, so even a heavily loaded machine stays under that
    assert timed.elapsed < SERIAL, f"follow-up probes ran one after another ({timed.elapsed:.2f} s)"
