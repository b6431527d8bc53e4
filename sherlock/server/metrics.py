"""Prometheus metrics, in a registry owned by one app.

A registry per app (rather than prometheus_client's global one) means two apps in one
process, as in tests, never share or collide on counters. Labels are bounded: routes are
the path templates (``/v1/webhooks/{source}``, or ``unmatched``), never the raw path, and
cause ids come from the knowledge base, so a scanner probing random URLs cannot grow the
series without limit.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from sherlock.models import Diagnosis

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    """Counters the server updates as it works; ``render()`` is the /metrics body."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_requests = Counter(
            "sherlock_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=r,
        )
        self.http_latency = Histogram(
            "sherlock_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.diagnoses = Counter(
            "sherlock_diagnoses",
            "Diagnoses made, by origin (api, webhook) and top cause id ('none' when healthy).",
            ["origin", "top_cause"],
            registry=r,
        )
        self.alerts_received = Counter(
            "sherlock_webhook_alerts_received",
            "Alert webhooks received, by source.",
            ["source"],
            registry=r,
        )
        self.alerts_recognised = Counter(
            "sherlock_webhook_alerts_recognised",
            "Alert webhooks in which a Twilio error Sherlock knows was recognised, by source.",
            ["source"],
            registry=r,
        )
        self.twilio_requests = Counter(
            "sherlock_twilio_requests",
            "Live requests sent to Twilio (or the emulator) by diagnoses, retries included.",
            registry=r,
        )
        self.slack_posts = Counter(
            "sherlock_slack_posts",
            "Diagnoses posted to Slack by alert webhooks, by outcome (posted, failed, skipped).",
            ["outcome"],
            registry=r,
        )

    def diagnosed(self, diagnosis: Diagnosis, origin: str) -> None:
        top = diagnosis.causes[0].id if diagnosis.causes else "none"
        self.diagnoses.labels(origin=origin, top_cause=top).inc()
        self.twilio_requests.inc(diagnosis.requests)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.http_requests.labels(method=method, route=route, status=str(status)).inc()
        self.http_latency.labels(method=method, route=route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
