"""The contract every Twilio check meets, and the context it works in.

A check is an async function ``(CheckContext) -> list[Finding]`` in its own module, one per
cause id. Checks read the credential sets and their live verdicts, and may ask for one more
read-only call (a counter-test) through :meth:`CheckContext.probe`, which shares the
verifier's cache, so two checks asking the same question cost one request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sherlock.models import Finding, FoundValue, Outcome
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification
from sherlock.secrets import Secret

if TYPE_CHECKING:
    from sherlock.collect.readings import CodeReading
    from sherlock.config.schema import EnvironmentConfig
    from sherlock.stores.values import HistoryValue

Probe = Callable[[ProbeRequest], Awaitable[TwilioVerification]]
Check = Callable[["CheckContext"], Awaitable[list[Finding]]]

NOT_PROBED = TwilioVerification(Outcome.SKIPPED, reason="not verified")
T = TypeVar("T")


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at; ``probe_fn`` is None when running offline.

    ``history`` holds every version of every store secret the config names (evidence, not
    credentials in use); ``expectations`` each configured environment's expected account
    and region.
    """

    sets: tuple[CredentialSet, ...]
    values: tuple[FoundValue, ...]
    results: Mapping[CredentialSet, TwilioVerification]
    probe_fn: Probe | None = None
    history: tuple[HistoryValue, ...] = ()
    expectations: Mapping[str, EnvironmentConfig] = field(default_factory=dict)
    token: Secret | None = None  # an access token the user pasted (the JWT errors read it)
    readings: tuple[CodeReading, ...] = ()  # names each service's code/config reads per slot
    _shared: dict[str, asyncio.Future[Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def offline(self) -> bool:
        return self.probe_fn is None

    def result(self, cset: CredentialSet) -> TwilioVerification:
        return self.results.get(cset, NOT_PROBED)

    def outcome(self, cset: CredentialSet) -> Outcome:
        return self.result(cset).outcome

    def with_outcome(self, *outcomes: Outcome) -> list[CredentialSet]:
        return [s for s in self.sets if self.outcome(s) in outcomes]

    async def judge_each(
        self, judge: Callable[[CheckContext, CredentialSet], Awaitable[Finding | None]]
    ) -> list[Finding]:
        """``judge`` on every set at once (their counter-tests overlap), findings in set order."""
        judged = await asyncio.gather(*(judge(self, cset) for cset in self.sets))
        return [finding for finding in judged if finding is not None]

    async def shared(self, name: str, compute: Callable[[], Awaitable[T]]) -> T:
        """The answer to a question several checks ask of the whole context (which sets
        are still rejected once cleaned), worked out once and awaited by all of them."""
        task = self._shared.get(name)
        if task is None:
            task = asyncio.ensure_future(compute())
            self._shared[name] = task
        return cast(T, await task)

    async def probe(self, request: ProbeRequest | None) -> TwilioVerification | None:
        """A counter-test; None when offline or when there is nothing to send."""
        if self.probe_fn is None or request is None:
            return None
        return await self.probe_fn(request)
