"""Corporate egress: HTTPS to Twilio through the proxy's CONNECT tunnel, and nothing else.

The proxy here is a small real one on 127.0.0.1: it records what it receives, answers the
CONNECT as told (tunnel, 407, 502, or a byte at a time) and then either reads whatever
comes through the tunnel (Twilio itself cannot be reached from the tests, so the TLS
handshake fails) or pipes it to a local TLS front for ``api.twilio.com`` (a throwaway CA)
that hands the decrypted request to the emulator: a whole verification through the tunnel.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import os
import ssl
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sherlock.errors import UsageError
from sherlock.models import Outcome
from sherlock.providers.twilio.client import ProbeRequest, TwilioVerifier
from sherlock.providers.twilio.client_http import build_transport
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.hosts import ProxyPlan
from sherlock.providers.twilio.records import TwilioVerification
from sherlock.secrets import Secret
from tests.twilio_fixtures import MAIN_SID, MAIN_TOKEN

TUNNEL = b"HTTP/1.1 200 Connection established\r\n\r\n"
NEEDS_AUTH = (
    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
    b'Proxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'
)
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
TWILIO_URL = (
    f"https://api.twilio.com/2010-04-01/Accounts/{Secret(MAIN_SID, identifier=True).masked}.json"
)
BASIC = base64.b64encode(f"{MAIN_SID}:{MAIN_TOKEN}".encode())
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")


class RecordingProxy:
    """A CONNECT proxy that keeps every byte it is sent; ``drip`` slows its reply down."""

    def __init__(
        self, reply: bytes, drip: float = 0.0, target: tuple[str, int] | None = None
    ) -> None:
        self.reply = reply
        self.drip = drip
        self.target = target
        self.heads: list[bytes] = []
        self.received = bytearray()
        self.url = ""
        self._tasks: set[asyncio.Task[None]] = set()

    async def _answer(self, writer: asyncio.StreamWriter) -> None:
        if not self.drip:
            writer.write(self.reply)
            return
        for index in range(len(self.reply)):
            writer.write(self.reply[index : index + 1])
            await writer.drain()
            await asyncio.sleep(self.drip)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        with contextlib.suppress(OSError, asyncio.IncompleteReadError, TimeoutError):
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            self.heads.append(head)
            self.received += head
            await self._answer(writer)
            await writer.drain()
            if self.reply.startswith(TUNNEL[:12]) and self.target is not None:
                upstream = await asyncio.open_connection(*self.target)
                await _splice((reader, writer), upstream, self.received)
            elif self.reply.startswith(TUNNEL[:12]):
                # Whatever the client sends through the tunnel (a TLS ClientHello), then hang up.
                self.received += await asyncio.wait_for(reader.read(65536), 5)
        writer.close()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[RecordingProxy]:
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        async with server:
            yield self
        for task in self._tasks:  # a handler still dripping when the test is done
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter, seen: bytearray) -> None:
    with contextlib.suppress(OSError):
        while data := await source.read(65536):
            seen += data
            sink.write(data)
            await sink.drain()
    sink.close()


async def _splice(client: Stream, server: Stream, seen: bytearray) -> None:
    """Both directions until either side closes; ``seen`` keeps what the client sent."""
    await asyncio.gather(
        _pipe(client[0], server[1], seen), _pipe(server[0], client[1], bytearray())
    )


def _tls_for_twilio(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throwaway CA and its certificate for api.twilio.com: (server, client) contexts."""
    ca_key, leaf_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sherlock test CA")])
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "api.twilio.com")])
    now = datetime.datetime.now(datetime.UTC)

    def certificate(
        subject: x509.Name, key: ec.EllipticCurvePrivateKey, ca: bool
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            names = x509.SubjectAlternativeName([x509.DNSName("api.twilio.com")])
            builder = builder.add_extension(names, critical=False)
        return builder.sign(ca_key, hashes.SHA256())

    ca_pem = certificate(ca_name, ca_key, True).public_bytes(serialization.Encoding.PEM)
    leaf_pem = certificate(leaf_name, leaf_key, False).public_bytes(serialization.Encoding.PEM)
    key_pem = leaf_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (folder / "leaf.pem").write_bytes(leaf_pem + key_pem)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "leaf.pem")
    return server, ssl.create_default_context(cadata=ca_pem.decode())


@contextlib.asynccontextmanager
async def tls_front(
    context: ssl.SSLContext, emulator: TwilioEmulator
) -> AsyncIterator[tuple[str, int]]:
    """api.twilio.com's TLS on a loopback port, handing each decrypted request to the emulator."""
    host, port = emulator.base_url.removeprefix("http://").rsplit(":", 1)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream = await asyncio.open_connection(host, int(port))
        await _splice((reader, writer), upstream, bytearray())

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    async with server:
        yield "127.0.0.1", server.sockets[0].getsockname()[1]


@pytest.fixture(autouse=True)
def _no_inherited_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets exactly the proxy variables it is about."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _probe() -> ProbeRequest:
    user = Secret(MAIN_SID, identifier=True)
    return ProbeRequest(user, Secret(MAIN_TOKEN), user)


async def _verify(**options: object) -> TwilioVerification:
    async with TwilioVerifier(retries=0, timeout=2.0, **options) as verifier:  # type: ignore[arg-type]
        return await verifier.verify(_probe())


def _assert_no_credential(proxy: RecordingProxy) -> None:
    seen = bytes(proxy.received)
    assert b"authorization:" not in b"".join(proxy.heads).lower()
    assert MAIN_TOKEN.encode() not in seen and BASIC not in seen


def test_https_proxy_gets_a_connect_for_twilio_and_never_the_credential(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def run() -> tuple[RecordingProxy, TwilioVerification]:
        async with RecordingProxy(TUNNEL).running() as proxy:
            monkeypatch.setenv("HTTPS_PROXY", proxy.url)
            return proxy, await _verify()

    proxy, result = asyncio.run(run())
    assert [head.split(b"\r\n")[0] for head in proxy.heads] == [
        b"CONNECT api.twilio.com:443 HTTP/1.1"
    ]
    _assert_no_credential(proxy)
    assert result.outcome is Outcome.UNVERIFIED
    assert (
        result.reason
        == f"could not verify: could not connect to {TWILIO_URL} via proxy {proxy.url}"
    )
    assert (result.url, result.proxy) == (TWILIO_URL, proxy.url)


def test_an_explicit_proxy_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")

    async def run() -> tuple[RecordingProxy, TwilioVerification]:
        async with RecordingProxy(TUNNEL).running() as proxy:
            return proxy, await _verify(proxy=proxy.url)

    proxy, result = asyncio.run(run())
    assert len(proxy.heads) == 1 and result.proxy == proxy.url


def test_a_proxy_asking_for_its_own_credentials_is_named_and_unverified() -> None:
    async def run() -> tuple[RecordingProxy, TwilioVerification]:
        async with RecordingProxy(NEEDS_AUTH).running() as proxy:
            with_login = proxy.url.replace("http://", "http://alice:hunter2@")
            return proxy, await _verify(proxy=with_login)

    proxy, result = asyncio.run(run())
    assert result.outcome is Outcome.UNVERIFIED
    assert result.reason == (
        f"could not verify: proxy {proxy.url} requires authentication (HTTP 407) for {TWILIO_URL}"
    )
    assert "hunter2" not in repr(result) and "alice" not in repr(result)
    assert b"proxy-authorization: basic" in proxy.heads[0].lower()  # the proxy's own login
    assert MAIN_TOKEN.encode() not in bytes(proxy.received) and BASIC not in proxy.received


def test_a_proxy_refusing_the_tunnel_is_unverified_and_retried() -> None:
    async def run() -> tuple[RecordingProxy, TwilioVerification]:
        async with RecordingProxy(BAD_GATEWAY).running() as proxy:
            verifier = TwilioVerifier(proxy=proxy.url, retries=1)
            async with verifier:
                return proxy, await verifier.verify(_probe())

    proxy, result = asyncio.run(run())
    assert (result.outcome, result.attempts, len(proxy.heads)) == (Outcome.UNVERIFIED, 2, 2)
    assert result.reason is not None
    assert f"proxy {proxy.url} refused the tunnel (HTTP 502) to {TWILIO_URL}" in result.reason


def test_a_proxy_dripping_its_answer_is_cut_off_at_the_timeout() -> None:
    async def run() -> tuple[RecordingProxy, TwilioVerification, float]:
        async with RecordingProxy(TUNNEL, drip=0.05).running() as proxy:
            verifier = TwilioVerifier(proxy=proxy.url, retries=0, timeout=0.3)
            async with verifier:
                started = time.monotonic()
                result = await verifier.verify(_probe())
                return proxy, result, time.monotonic() - started

    proxy, result, elapsed = asyncio.run(run())
    assert elapsed < 0.3 + 0.5
    assert result.reason == (
        f"could not verify: timed out after 0.3 s waiting for {TWILIO_URL} via proxy {proxy.url}"
    )


def test_no_proxy_hosts_go_direct_and_the_rest_through_the_tunnel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The direct route is a stand-in transport: Twilio itself is not reachable here."""
    direct_requests: list[httpx.Request] = []

    def direct(request: httpx.Request) -> httpx.Response:
        direct_requests.append(request)
        return httpx.Response(503)

    async def run(no_proxy: str) -> tuple[RecordingProxy, TwilioVerification]:
        monkeypatch.setenv("NO_PROXY", no_proxy)
        async with RecordingProxy(TUNNEL).running() as proxy:
            plan = ProxyPlan.choose(proxy.url, os.environ)
            transport = build_transport(plan, httpx.Limits(), direct=httpx.MockTransport(direct))
            return proxy, await _verify(transport=transport, proxy=proxy.url)

    bypassed, direct_result = asyncio.run(run("localhost,.twilio.com"))
    assert (len(bypassed.heads), len(direct_requests), direct_result.proxy) == (0, 1, "")
    tunnelled, proxied_result = asyncio.run(run("example.com"))
    assert (len(tunnelled.heads), len(direct_requests)) == (1, 1)
    assert proxied_result.proxy == tunnelled.url


def test_the_loopback_emulator_is_never_sent_through_the_proxy(
    emulator: TwilioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def run() -> tuple[RecordingProxy, TwilioVerification]:
        async with RecordingProxy(TUNNEL).running() as proxy:
            monkeypatch.setenv("HTTPS_PROXY", proxy.url)
            monkeypatch.setenv("ALL_PROXY", proxy.url)
            return proxy, await _verify(base_url=emulator.base_url)

    proxy, result = asyncio.run(run())
    assert (result.outcome, result.proxy, proxy.heads) == (Outcome.VALID, "", [])


def test_an_unusable_proxy_setting_stops_the_verifier_with_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALL_PROXY", "socks5://alice:hunter2@127.0.0.1:1080")
    with pytest.raises(UsageError, match="ALL_PROXY") as caught:
        TwilioVerifier()
    assert "hunter2" not in str(caught.value)
    with pytest.raises(UsageError, match="--proxy"):
        TwilioVerifier(proxy="ftp://127.0.0.1:21")


@pytest.mark.parametrize(
    ("token", "outcome"), [(MAIN_TOKEN, Outcome.VALID), ("f" * 32, Outcome.INVALID)]
)
def test_a_verification_goes_whole_through_the_tunnel_and_the_proxy_sees_only_ciphertext(
    emulator: TwilioEmulator, tmp_path: Path, token: str, outcome: Outcome
) -> None:
    server_tls, client_tls = _tls_for_twilio(tmp_path)

    async def run() -> tuple[RecordingProxy, TwilioVerification]:
        async with (
            tls_front(server_tls, emulator) as front,
            RecordingProxy(TUNNEL, target=front).running() as proxy,
        ):
            plan = ProxyPlan.choose(proxy.url, {})
            transport = build_transport(plan, httpx.Limits(), verify=client_tls)
            user = Secret(MAIN_SID, identifier=True)
            verifier = TwilioVerifier(transport=transport, proxy=proxy.url, retries=0)
            async with verifier:
                return proxy, await verifier.verify(ProbeRequest(user, Secret(token), user))

    proxy, result = asyncio.run(run())
    assert result.outcome is outcome, result
    assert (result.url, result.proxy) == (TWILIO_URL, proxy.url)
    assert proxy.heads[0].startswith(b"CONNECT api.twilio.com:443 HTTP/1.1")
    assert len(proxy.received) > len(proxy.heads[0])  # the request did cross the proxy
    seen = bytes(proxy.received)
    assert (
        token.encode() not in seen and base64.b64encode(f"{MAIN_SID}:{token}".encode()) not in seen
    )
    assert b"/2010-04-01/Accounts" not in seen
    assert [r.host for r in emulator.requests] == ["api.twilio.com"]
