"""The verifier's connection pool: several small httpx pools instead of one large one.

Why not one ``httpx.AsyncHTTPTransport(limits=Limits(max_connections=72))``? Measured
against the emulator at concurrency 64 (see ``docs/benchmarks.md``), that client managed
50-90 requests a second where a plain keep-alive socket client managed 600, and it kept
opening new connections. httpcore 1.0's pool re-plans every connection on every request
start and every response end, and each plan costs time proportional to the square of the
pool's size plus one ``poll`` system call per idle connection; it also always hands out the
first idle connection, so the rest sit unused until their keep-alive expires and are then
reopened. The cost is small for a few connections and dominant for sixty-four.

So requests are spread over shards of a few connections (:data:`SHARD_SIZE`), each an
ordinary httpx transport (TLS, proxy tunnel and keep-alive all httpx's own), and each
request goes to the shard with the fewest requests in flight. A shard is busy from the
moment a request is handed to it until its response is closed, since its connection is
held until then. All shards share one TLS context: building one loads the CA bundle,
about 30 ms each.

One more cost lives outside this module: httpcore asks ``sniffio`` which event loop runs on
every lock it sets up, and without ``sniffio`` installed each of those questions is a failed
import that searches ``sys.path`` again (a dozen per request). It is a declared dependency.
"""

from __future__ import annotations

import math
import ssl
from collections.abc import AsyncIterator, Callable, Sequence

import httpx

from sherlock.providers.twilio.client_http import build_transport
from sherlock.providers.twilio.hosts import ProxyPlan

#: Connections per shard: small enough that httpcore's per-request planning stays cheap
#: (measured: 2,000 requests at concurrency 64 cost 16.5 s of CPU in one pool, 3.3 s in
#: shards of 8, 2.7 s in shards of 4, 3.8 s in shards of 1).
SHARD_SIZE = 4
#: How long an idle connection is kept. httpx's default, 5 s, is shorter than the gaps a big
#: diagnosis has between its rounds of probes (reading the tree, running the checks), which
#: cost a new TCP and TLS handshake per connection each round; a connection the server has
#: closed meanwhile is noticed by httpx and replaced, so a longer wait is safe.
KEEPALIVE_SECONDS = 30.0


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that gives its shard back when it is closed (``release`` is
    idempotent: httpx may close a body more than once)."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            self._release()


class ShardedTransport(httpx.AsyncBaseTransport):
    """Sends each request through the least busy of ``shards``."""

    def __init__(self, shards: Sequence[httpx.AsyncBaseTransport]) -> None:
        if not shards:
            raise ValueError("a sharded transport needs at least one shard")
        self._shards = list(shards)
        self._busy = [0] * len(self._shards)

    @property
    def in_flight(self) -> tuple[int, ...]:
        """Requests each shard holds a connection for right now."""
        return tuple(self._busy)

    def _pick(self) -> int:
        return min(range(len(self._busy)), key=self._busy.__getitem__)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = self._pick()
        self._busy[index] += 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._busy[index] -= 1

        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            release()
            raise
        if not isinstance(response.stream, httpx.AsyncByteStream):
            release()  # never the case for httpx transports; nothing to wait for
            return response
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_ReleasingStream(response.stream, release),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


def shard_count(connections: int) -> int:
    """Shards needed for ``connections`` connections of at most :data:`SHARD_SIZE` each."""
    return max(1, math.ceil(connections / SHARD_SIZE))


def pooled_transport(
    plan: ProxyPlan, connections: int, verify: ssl.SSLContext | bool = True
) -> httpx.AsyncBaseTransport:
    """A transport for up to ``connections`` simultaneous requests, each shard routed
    direct or through the proxy tunnel as ``plan`` says, all sharing one TLS context."""
    context = verify if isinstance(verify, ssl.SSLContext) else _tls_context(verify)
    count = shard_count(connections)
    per_shard = max(1, math.ceil(connections / count))
    limits = httpx.Limits(
        max_connections=per_shard,
        max_keepalive_connections=per_shard,
        keepalive_expiry=KEEPALIVE_SECONDS,
    )
    shards = [build_transport(plan, limits, verify=context) for _ in range(count)]
    return shards[0] if count == 1 else ShardedTransport(shards)


def _tls_context(verify: bool) -> ssl.SSLContext:
    """httpx's own default context (certifi's CA bundle), built once; the environment's
    ``SSL_CERT_FILE`` is not read, as the verifier reads no environment for its client."""
    return httpx.create_ssl_context(verify=verify, trust_env=False)
