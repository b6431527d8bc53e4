"""Live, read-only verification of Twilio credentials over httpx.

One probe per credential pair, made the way the failing program would make it (same
username, password and host, whitespace and all), so the answer explains that program's
20003:

* Auth Token: ``GET /2010-04-01/Accounts/{sid}.json``, the call the Twilio CLI uses.
* API key: ``GET /2010-04-01/Accounts/{sid}/Messages.json?PageSize=1``, which a Standard
  key may read; when it works, ``GET /Accounts/{sid}.json`` tells the key type (main keys
  read it, Standard keys get 20003, Restricted keys 70051).
* Key lookup (a counter-test, when the request names ``lookup_key``): ``GET
  /2010-04-01/Accounts/{sid}/Keys/{KeySid}.json`` with the account's own credentials, to
  ask whether a rejected key still exists (:mod:`~sherlock.providers.twilio.client_keys`).

Safety comes first. A secret never goes into a URL: the Account SID is only put in the
path once it looks like one (``AC`` + 32 hex, ignoring surrounding whitespace and
quotes), otherwise the pair is SKIPPED. Every URL passes
:func:`~sherlock.providers.twilio.hosts.check_destination`; with a loopback ``base_url``
(the emulator) requests go there but carry the real Twilio host in ``Host``. Behind an
egress proxy (``proxy=`` or ``HTTPS_PROXY``/``ALL_PROXY``, minus ``NO_PROXY``) requests
to Twilio go through a CONNECT tunnel, so the proxy never sees a credential; the
emulator is never proxied. ``~/.netrc`` is never read. Reasons, messages and exceptions
are built from URLs with SIDs masked, status codes and type names only.

Each request, retries aside, ends within ``timeout`` seconds however slowly the server
answers. Only 429, 5xx, timeouts and network errors are retried, a few times with short
jittered backoff; a 401 never is. So one probe request takes at most
:attr:`TwilioVerifier.request_bound` = ``timeout × (retries + 1) + retries × 2 s`` (the
Retry-After cap). Concurrent or repeated probes of the same pair share one result.
"""

from __future__ import annotations

import asyncio
import base64
import math
import os
import random
import re
import time
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx

from sherlock.aclosing import AsyncClosing
from sherlock.errors import UnsafeDestinationError, UsageError
from sherlock.models import Outcome
from sherlock.providers.twilio.client_http import Call, Failure, retryable, send
from sherlock.providers.twilio.client_judge import Answer, account_facts, judge, key_type_from
from sherlock.providers.twilio.client_keys import judge_lookup, key_path
from sherlock.providers.twilio.client_pool import pooled_transport
from sherlock.providers.twilio.client_probe import ProbeRequest, core
from sherlock.providers.twilio.hosts import (
    BadHostPartError,
    ProxyPlan,
    api_host,
    check_base_url,
    check_destination,
    is_deprecated_regional_host,
    shown_proxy,
)
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret

__all__ = ["ProbeRequest", "TwilioVerifier", "backoff", "basic_auth"]

_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}", re.IGNORECASE)
_SID_IN_URL = re.compile(r"(?:AC|SK)[0-9a-f]{32}", re.IGNORECASE)
_NOT_A_SID = "the SID field does not hold an Account SID; not probed"
_UNSENDABLE = "could not verify: the credential holds characters that cannot be sent"
_USER_AGENT = "sherlock-rca/0.1 (read-only credential check)"
_MAX_BACKOFF = 0.5
_MAX_RETRY_AFTER = 2.0
_DEADLINE_GRACE = 0.25


def basic_auth(username: str, password: str) -> str:
    """The Authorization header value; UTF-8, as Twilio's servers decode it."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def backoff(attempt: int, retry_after: float | None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): small and jittered."""
    if retry_after is not None and math.isfinite(retry_after):
        return min(max(retry_after, 0.0), _MAX_RETRY_AFTER)
    base = min(0.05 * 2.0 ** (attempt - 1), _MAX_BACKOFF)
    return min(base + random.uniform(0, base / 2), _MAX_BACKOFF)


def _skipped(reason: str, host: str = "") -> TwilioVerification:
    return TwilioVerification(Outcome.SKIPPED, host=host, reason=reason)


def _unverified(reason: str, host: str, attempts: int = 0) -> TwilioVerification:
    return TwilioVerification(Outcome.UNVERIFIED, host=host, reason=reason, attempts=attempts)


def _failed(failure: Failure, host: str, attempts: int) -> TwilioVerification:
    """UNVERIFIED for a request that got no usable answer, naming where it went."""
    text = f"could not verify: {failure.reason}"
    if attempts > 1:
        text += f" after {attempts} attempts"
    if is_deprecated_regional_host(host):
        text += " (region-only hosts like this one stopped working on 2026-04-28)"
    return TwilioVerification(
        Outcome.UNVERIFIED,
        host=host,
        reason=text,
        attempts=attempts,
        url=failure.url,
        proxy=failure.proxy,
    )


def shown_url(url: str) -> str:
    """``url`` fit to print: every SID in it masked (nothing else secret ever goes in one)."""
    return _SID_IN_URL.sub(lambda m: Secret(m.group(0), identifier=True).masked, url)


def _checked_timeout(timeout: float) -> float:
    """Zero, negative or non-finite would mean "no request ever ends" or "none can start"."""
    if not isinstance(timeout, int | float) or not math.isfinite(timeout) or timeout <= 0:
        raise UsageError("the timeout must be a positive number of seconds")
    return float(timeout)


def _http_client(
    timeout: float, concurrency: int, transport: httpx.AsyncBaseTransport | None, plan: ProxyPlan
) -> httpx.AsyncClient:
    """One pooled client for the verifier's life, kept alive; no redirects, no environment,
    no ``~/.netrc``. A connection per concurrent request is enough: the verifier's
    semaphore lets no more than ``concurrency`` requests out at once, counter-tests included
    (:mod:`.client_pool` says why the pool is sharded)."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        transport=transport or pooled_transport(plan, concurrency),
        trust_env=False,
        follow_redirects=False,
    )


class TwilioVerifier(AsyncClosing):
    """Verifies credential pairs against Twilio (or a loopback emulator), read-only.

    ``timeout`` bounds each request as a whole (UsageError unless it is a positive
    number). ``proxy`` names an egress proxy for HTTPS (``""``: none); None reads
    ``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` as curl does. ``transport`` is for tests:
    with it the environment's proxy settings are not read.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float = 5.0,
        retries: int = 2,
        concurrency: int = 64,
        transport: httpx.AsyncBaseTransport | None = None,
        cache_ttl: float | None = None,
        proxy: str | None = None,
    ) -> None:
        if base_url is not None:
            check_base_url(base_url)
        self._base_url = base_url.rstrip("/") if base_url else None
        self._timeout = _checked_timeout(timeout)
        self._retries = max(0, retries)
        if transport is None or proxy is not None:
            self._plan = ProxyPlan.choose(proxy, os.environ)
        else:
            self._plan = ProxyPlan()
        self._semaphore = asyncio.Semaphore(max(1, concurrency))
        self._client = _http_client(self._timeout, max(1, concurrency), transport, self._plan)
        # A one-off diagnosis keeps every verdict; a long-running server passes ``cache_ttl``
        # so a credential fixed (or revoked) since is looked at again.
        self._cache_ttl = cache_ttl
        self._cache: dict[tuple[str, ...], tuple[float, TwilioVerification]] = {}
        self._inflight: dict[tuple[str, ...], asyncio.Task[TwilioVerification]] = {}
        self._sent = 0
        self._last_failure: tuple[str, str] | None = None
        self._contacted: set[str] = set()

    @property
    def request_count(self) -> int:
        """HTTP requests actually sent, retries included."""
        return self._sent

    @property
    def request_bound(self) -> float:
        """Seconds one probe request may take at most, retries and their waits included."""
        return self._timeout * (self._retries + 1) + self._retries * _MAX_RETRY_AFTER

    @property
    def last_failure(self) -> tuple[str, str] | None:
        """(reason, URL contacted) of the latest probe Twilio's answer did not settle, for
        an "incomplete" banner; None while every request got a settled answer."""
        return self._last_failure

    @property
    def contacted(self) -> tuple[str, ...]:
        """Every origin a request went to (``https://api.twilio.com via proxy ...``)."""
        return tuple(sorted(self._contacted))

    async def aclose(self) -> None:
        await self._client.aclose()

    async def verify(self, probe: ProbeRequest) -> TwilioVerification:
        """The verdict on one pair; the same pair is only ever probed once per verifier."""
        key = probe.key
        cached = self._cache.get(key)
        if cached is not None:
            stored_at, verdict = cached
            if self._cache_ttl is None or time.monotonic() - stored_at < self._cache_ttl:
                return verdict
            del self._cache[key]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._verify_guarded(probe))
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._settle(key, done))
        return await asyncio.shield(task)

    def _settle(self, key: tuple[str, ...], task: asyncio.Task[TwilioVerification]) -> None:
        self._inflight.pop(key, None)
        if not task.cancelled() and task.exception() is None:
            self._cache[key] = (time.monotonic(), task.result())

    async def _verify_guarded(self, probe: ProbeRequest) -> TwilioVerification:
        """Never raises: anything unexpected becomes UNVERIFIED, named by type only."""
        try:
            async with self._semaphore:
                result = await self._verify(probe)
        except UnsafeDestinationError as exc:
            return _unverified(f"not sent: {exc}", "")
        except Exception as exc:
            return _unverified(f"could not verify: unexpected {type(exc).__name__}", "")
        if result.outcome is Outcome.UNVERIFIED and result.url and result.reason:
            self._last_failure = (result.reason, result.url)
        return result

    async def _verify(self, probe: ProbeRequest) -> TwilioVerification:
        try:
            host = api_host(probe.region, probe.edge)
        except BadHostPartError as exc:
            return _unverified(f"could not verify: {exc}; not probed", "")
        account = probe.path_account
        if account is None:
            return _skipped("an API key needs an Account SID to go with it; not probed", host)
        if not _ACCOUNT_SID.fullmatch(core(account.reveal())):
            return _skipped(_NOT_A_SID, host)
        try:
            auth = basic_auth(probe.username.reveal(), probe.password.reveal())
        except UnicodeEncodeError:
            return _unverified(_UNSENDABLE, host)
        sid_path = f"/2010-04-01/Accounts/{quote(account.reveal(), safe='')}"
        values = (probe.username, probe.password, account)
        if probe.lookup_key is not None:
            return await self._lookup_key(host, sid_path, auth, values, probe.lookup_key)
        if probe.uses_api_key:
            return await self._verify_key(host, sid_path, auth, values)
        call = self._call(host, f"{sid_path}.json", auth)
        result, attempts = await self._exchange(call)
        return self._verdict(result, host, attempts, values, account_probe=True)

    async def _verify_key(
        self, host: str, sid_path: str, auth: str, values: tuple[Secret, ...]
    ) -> TwilioVerification:
        """Messages first (a Standard key may read them), then the key type from /Accounts."""
        call = self._call(host, f"{sid_path}/Messages.json?PageSize=1", auth)
        result, attempts = await self._exchange(call)
        verdict = self._verdict(result, host, attempts, values, account_probe=False)
        if verdict.outcome is not Outcome.VALID:
            return verdict
        follow, more = await self._exchange(self._call(host, f"{sid_path}.json", auth))
        key_type = key_type_from(follow) if isinstance(follow, Answer) else None
        facts: dict[str, Any] = {}
        if key_type == "main" and isinstance(follow, Answer) and follow.body is not None:
            facts = account_facts(follow.body)
        return replace(verdict, key_type=key_type, attempts=attempts + more, **facts)

    async def _lookup_key(
        self, host: str, sid_path: str, auth: str, values: tuple[Secret, ...], key_sid: Secret
    ) -> TwilioVerification:
        """Whether the account holds ``key_sid``, asked with the probe's own credentials."""
        path = key_path(sid_path, key_sid)
        if path is None:
            return _skipped("the key field does not hold an API key SID; not looked up", host)
        result, attempts = await self._exchange(self._call(host, path, auth))
        if isinstance(result, Failure):
            return _failed(result, host, attempts)
        secrets = (*values, key_sid)
        return judge_lookup(result, host=host, attempts=attempts, secrets=secrets, key_sid=key_sid)

    def _call(self, host: str, path: str, auth: str) -> Call:
        """The request for ``path`` on ``host`` (or on the emulator), after the safety gate."""
        url = f"{self._base_url}{path}" if self._base_url else f"https://{host}{path}"
        check_destination(url, base_url=self._base_url)
        proxy_url = self._plan.for_url(url)
        proxy = shown_proxy(proxy_url) if proxy_url else ""
        headers = {"Authorization": auth, "Accept": "application/json", "User-Agent": _USER_AGENT}
        if self._base_url:
            headers["Host"] = host
        return Call(url, host, headers, shown_url(url), proxy)

    async def _exchange(self, call: Call) -> tuple[Answer | Failure, int]:
        """Send with bounded retries; returns the last result and the attempts made.

        Each attempt has its own deadline inside :func:`send`; this one covers the whole
        loop, so nothing (a backoff, a stuck pool) stretches it past :attr:`request_bound`
        (plus a moment's grace, so that the attempt's own deadline names what happened).
        """
        origin = call.shown_url.split("/2010-04-01", 1)[0]
        self._contacted.add(origin + (f" via proxy {call.proxy}" if call.proxy else ""))
        attempt = 0
        try:
            async with asyncio.timeout(self.request_bound + _DEADLINE_GRACE):
                while True:
                    attempt += 1
                    self._sent += 1
                    result = await send(self._client, call, self._timeout)
                    if attempt > self._retries or not retryable(result):
                        return result, attempt
                    retry_after = result.retry_after if isinstance(result, Answer) else None
                    await asyncio.sleep(backoff(attempt, retry_after))
        except TimeoutError:
            text = f"no answer within {self.request_bound:g} s from {call.where}"
            return Failure(text, False, call.shown_url, call.proxy), attempt

    @staticmethod
    def _verdict(
        result: Answer | Failure,
        host: str,
        attempts: int,
        values: tuple[Secret, ...],
        *,
        account_probe: bool,
    ) -> TwilioVerification:
        if isinstance(result, Failure):
            return _failed(result, host, attempts)
        return judge(
            result, host=host, attempts=attempts, secrets=values, account_probe=account_probe
        )
