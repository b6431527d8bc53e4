"""What the provider-neutral engine asks of a provider, and what an error's spec holds.

The engine (:mod:`sherlock.engine.diagnose`) never imports a provider: it looks the error
up in :mod:`sherlock.providers.registry`, then asks that provider to group the values
discovery found, to verify each group with one read-only call, and to build the context its
checks run in. A provider's error table maps each error id to an :class:`ErrorSpec`, so
diagnosing another error is a knowledge-base file, one spec and the checks it needs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from sherlock.aclosing import AsyncClosing
from sherlock.models import CredentialGroup, Finding, FoundValue, Verification
from sherlock.secrets import Secret

if TYPE_CHECKING:
    from sherlock.collect.readings import CodeReading
    from sherlock.config.schema import EnvironmentConfig
    from sherlock.stores.values import HistoryValue

#: A check: one async function over the provider's own context (typed there).
Check = Callable[[Any], Awaitable[list[Finding]]]
#: Runs after every check: findings for failures no check explained.
LeftoverExplainer = Callable[[Any, Sequence[Finding]], list[Finding]]


def checks_of(*modules: ModuleType) -> dict[str, Check]:
    """A spec's checks from their modules, each keyed by its module's name (which is its
    cause id, or the cause id and a suffix): the name a failing check's note shows."""
    return {module.__name__.rpartition(".")[2]: module.check for module in modules}


@dataclass(frozen=True)
class ErrorSpec:
    """One diagnosable error: its knowledge-base entry and the checks that find its causes.

    ``id`` is also the KB entry's id (``twilio-20003``). ``checks`` are keyed by name (the
    module, named after the cause it reports) so a failing check can be named in a note.
    ``inputs`` lists what the error can use beyond the tree (``token``: an access token the
    user pasted), so front ends can offer it.
    """

    id: str
    checks: Mapping[str, Check]
    explain_leftovers: LeftoverExplainer | None = None
    inputs: frozenset[str] = frozenset()
    summary: str = ""


@dataclass(frozen=True)
class CheckInputs:
    """Everything gathered for one diagnosis, handed to the provider to build its context."""

    groups: tuple[CredentialGroup, ...]
    values: tuple[FoundValue, ...]
    results: Mapping[CredentialGroup, Verification]
    verifier: Verifier | None  # None when offline: checks may not send counter-tests
    history: tuple[HistoryValue, ...] = ()
    expectations: Mapping[str, EnvironmentConfig] = field(default_factory=dict)
    token: Secret | None = None
    readings: tuple[CodeReading, ...] = ()  # names the services' code/config read per slot


class Verifier(Protocol):
    """A provider's live checker: one read-only call per credential group, cached."""

    @property
    def request_count(self) -> int: ...

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> Verifier: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class OfflineVerifier(AsyncClosing):
    """The verifier of an offline diagnosis: it is never asked anything, so it opens no
    connection, loads no CA bundle and imports no HTTP client."""

    @property
    def request_count(self) -> int:
        return 0


@dataclass(frozen=True)
class VerifierSettings:
    """How to reach the provider: an emulator or proxy for tests and locked-down networks."""

    base_url: str | None = None
    timeout: float = 5.0
    proxy: str | None = None
    cache_ttl: float | None = None  # None: keep every verdict (a one-off run)


class Provider(Protocol):
    """A provider plug-in, listed in :mod:`sherlock.providers.registry`."""

    @property
    def name(self) -> str: ...

    @property
    def errors(self) -> Mapping[str, ErrorSpec]: ...

    def group(self, values: Sequence[FoundValue]) -> tuple[CredentialGroup, ...]:
        """The credential groups (one client's credentials each) among ``values``."""
        ...

    def new_verifier(self, settings: VerifierSettings) -> Verifier: ...

    async def verify_all(
        self, verifier: Verifier, groups: Sequence[CredentialGroup], offline: bool
    ) -> dict[CredentialGroup, Verification]:
        """One verdict per group, concurrently; ``offline`` verdicts say nothing was sent."""
        ...

    def check_context(self, inputs: CheckInputs) -> object:
        """The context this provider's checks take (the engine only passes it along)."""
        ...
