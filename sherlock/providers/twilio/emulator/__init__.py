"""A fake of Twilio's REST API over real HTTP, for tests, the demo and benchmarks.

Real HTTP matters: Sherlock's verifier and the official twilio-python client both talk
to it unchanged, so what they see (status, Twilio error code, JSON or XML body,
``WWW-Authenticate`` and ``Twilio-Request-Id`` headers, dropped connections) is what they
would see from Twilio. Usage::

    with TwilioEmulator(load_state(Path("state.yaml"))) as emulator:
        ...  # send requests to emulator.base_url with a Twilio Host header

The Host header picks the region (``api.dublin.ie1.twilio.com`` → ie1; ``api.twilio.com``,
``accounts.twilio.com`` and the bare loopback address → us1). Region-only hosts
(``api.ie1.twilio.com``) stopped working on 2026-04-28: the emulator closes those
connections without answering. Rules live in :mod:`.auth`, endpoints in
:mod:`.routes`, the state file format in :mod:`.state`.

Before normal handling every request waits ``latency_seconds`` and may hit a
:class:`Fault` (extra latency, 429 with ``Retry-After``, 500, a reset connection, an
HTML or bodiless answer, a proxy's 407, a dripping or truncated answer: see
:mod:`.state`). Each connection gets its own daemon thread and the listen
backlog is large, so a hundred slow requests run side by side rather than queueing.

Control endpoints, on any host and never faulted or logged: ``GET /_emulator/requests``
(the request log as JSON, usernames only) and ``POST /_emulator/reset`` (clear it).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from sherlock.emulators.server import BackgroundServer
from sherlock.providers.twilio.emulator.http import TwilioHandler
from sherlock.providers.twilio.emulator.routes import respond
from sherlock.providers.twilio.emulator.state import (
    EmulatorState,
    Fault,
    RecordedRequest,
    load_state,
)
from sherlock.providers.twilio.emulator.wire import (
    Incoming,
    Reply,
    authenticate_error,
    encode,
    error,
    to_xml,
)
from sherlock.providers.twilio.hosts import is_deprecated_regional_host

__all__ = ["EmulatorState", "Fault", "RecordedRequest", "TwilioEmulator", "load_state"]

_HTML = b"<html><head><title>Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
_HTML_407 = b"<html><body><h1>407 Proxy Authentication Required</h1></body></html>"
#: Faults that deliver the normal answer, damaged, rather than an answer of their own.
_DAMAGING = frozenset({"drip", "cut-off", "xml", "truncated-json"})


@dataclass
class _ActiveFault:
    fault: Fault
    remaining: int | None


def fault_reply(fault: Fault) -> Reply | None:
    """The answer a fault forces; None means drop the connection without one."""
    if fault.kind == "429":
        reply = error(429, 20429, "Too Many Requests")
        return Reply(reply.status, reply.body, headers=(("Retry-After", str(fault.retry_after)),))
    if fault.kind == "500":
        return error(500, 20500, "Internal Server Error")
    if fault.kind == "non-json":
        return Reply(fault.status, raw=_HTML, content_type="text/html; charset=utf-8")
    if fault.kind == "bare":
        return Reply(fault.status, raw=b"", content_type="text/plain")
    if fault.kind == "gateway-json":
        return Reply(fault.status, {"error": "Unauthorized", "message": "Access denied"})
    if fault.kind == "20003-body":
        twilio = authenticate_error()
        return Reply(fault.status, {**(twilio.body or {}), "status": fault.status})
    if fault.kind == "407":
        challenge = (("Proxy-Authenticate", 'Basic realm="corporate proxy"'),)
        return Reply(407, raw=_HTML_407, content_type="text/html", headers=challenge)
    if fault.kind == "junk-200":
        return Reply(200, {"ok": True, "message": "Welcome to the captive portal"})
    return None


def damaged_reply(fault: Fault, normal: Reply) -> Reply:
    """The normal answer, damaged the way ``fault`` says (drip, cut short, XML, ...)."""
    if fault.kind == "drip":
        return replace(normal, drip=max(fault.seconds, 0.001))
    if fault.kind == "cut-off":
        return replace(normal, cut_off=True)
    if fault.kind == "xml":
        return Reply(normal.status, raw=to_xml(normal), content_type="application/xml")
    whole, content_type = encode(normal, as_xml=False)
    return Reply(normal.status, raw=whole[: len(whole) // 2], content_type=content_type)


class TwilioEmulator(BackgroundServer[RecordedRequest]):
    """A running fake of Twilio's API on a loopback port (``port=0`` picks a free one).

    ``state`` stays live: tests may change it between requests (revoke a key, suspend an
    account); rotation and key creation change it too. ``requests`` is the log so far.
    """

    def __init__(self, state: EmulatorState, *, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(TwilioHandler, host=host, port=port)
        self.state = state
        self._faults = [_ActiveFault(f, f.times) for f in state.faults]

    def set_latency(self, seconds: float) -> None:
        """Delay every later request by ``seconds`` (the benchmark uses 0.1)."""
        with self._lock:
            self.state.latency_seconds = max(0.0, seconds)

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.state.faults.append(fault)
            self._faults.append(_ActiveFault(fault, fault.times))

    def clear_faults(self) -> None:
        with self._lock:
            self.state.faults.clear()
            self._faults.clear()

    def _take_fault(self, username: str | None) -> Fault | None:
        """The first fault that applies to this request, using up one of its ``times``."""
        with self._lock:
            for active in self._faults:
                if active.fault.username not in (None, username):
                    continue
                if active.remaining is not None:
                    if active.remaining <= 0:
                        continue
                    active.remaining -= 1
                return active.fault
        return None

    def handle(self, req: Incoming) -> Reply | None:
        """Latency, dead hosts, faults, then Twilio's rules; every request is logged."""
        reply = self._decide(req)
        entry = RecordedRequest(
            method=req.method,
            host=req.host,
            path=req.path,
            query=req.query_string,
            username=req.username,
            status=reply.status if reply else None,
            code=reply.code if reply else None,
        )
        with self._lock:
            self._log.append(entry)
        return reply

    def _decide(self, req: Incoming) -> Reply | None:
        with self._lock:
            latency = self.state.latency_seconds
        if latency:
            self.pause(latency)
        if is_deprecated_regional_host(req.host):
            return None
        fault = self._take_fault(req.username)
        if fault is not None and fault.kind == "latency":
            self.pause(fault.seconds)
        elif fault is not None and fault.kind not in _DAMAGING:
            return fault_reply(fault)
        with self._lock:
            normal = respond(self.state, req)
        return normal if fault is None or fault.kind == "latency" else damaged_reply(fault, normal)

    def control(self, req: Incoming) -> Reply:
        """The out-of-process view of the log (``/_emulator/requests``, ``/_emulator/reset``)."""
        if req.path == "/_emulator/requests" and req.method == "GET":
            listing = json.dumps([asdict(r) for r in self.requests]).encode()
            return Reply(200, raw=listing, content_type="application/json")
        if req.path == "/_emulator/reset" and req.method == "POST":
            self.reset_log()
            return Reply(200, {"reset": True})
        return error(404, 20404, f"The requested resource {req.path} was not found")
