"""`GET /metrics`: request counts and latency by route, diagnoses, alerts, Twilio and Slack."""

from __future__ import annotations

import copy

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from sherlock.server import examples
from tests.server.conftest import AUTH, AppFactory


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_metrics_count_requests_diagnoses_alerts_twilio_and_slack(client: TestClient) -> None:
    client.post("/v1/diagnose", json={}, headers=AUTH)
    client.post("/v1/diagnose", json={}, headers={})
    client.get("/no/such/page")
    client.post("/v1/webhooks/sentry", json=examples.SENTRY_EVENT_ALERT, headers=AUTH)
    resolved = copy.deepcopy(examples.ALERTMANAGER_FIRING)
    resolved["alerts"][0]["status"] = "resolved"
    client.post("/v1/webhooks/alertmanager", json=resolved, headers=AUTH)
    found = samples(client)

    requests = "sherlock_http_requests_total"
    assert value(found, requests, method="POST", route="/v1/diagnose", status="200") == 1
    assert value(found, requests, method="POST", route="/v1/diagnose", status="401") == 1
    assert value(found, requests, method="GET", route="unmatched", status="404") == 1
    assert value(found, requests, method="POST", route="/v1/webhooks/sentry", status="202") == 1
    latency = "sherlock_http_request_duration_seconds_count"
    assert value(found, latency, method="POST", route="/v1/diagnose") == 2

    top = "rotation-not-propagated"
    assert value(found, "sherlock_diagnoses_total", origin="api", top_cause=top) == 1
    assert value(found, "sherlock_diagnoses_total", origin="webhook", top_cause=top) == 1
    assert value(found, "sherlock_webhook_alerts_received_total", source="sentry") == 1
    assert value(found, "sherlock_webhook_alerts_received_total", source="alertmanager") == 1
    assert value(found, "sherlock_webhook_alerts_recognised_total", source="sentry") == 1
    assert value(found, "sherlock_webhook_alerts_recognised_total", source="alertmanager") == 0
    assert value(found, "sherlock_twilio_requests_total") > 0
    assert value(found, "sherlock_slack_posts_total", outcome="posted") == 1


def test_each_app_has_its_own_counters(make_app: AppFactory) -> None:
    with TestClient(make_app()) as first:
        first.get("/healthz")
        first.get("/healthz")
        with TestClient(make_app()) as second:
            second.get("/healthz")
            ok = {"method": "GET", "route": "/healthz", "status": "200"}
            assert value(samples(first), "sherlock_http_requests_total", **ok) == 2
            assert value(samples(second), "sherlock_http_requests_total", **ok) == 1


def test_a_random_path_or_method_does_not_grow_the_label_set(client: TestClient) -> None:
    for n in range(5):
        client.get(f"/probe/{n}")
        client.request("BREW", "/v1/diagnose")
    names = {labels for (name, labels) in samples(client) if name == "sherlock_http_requests_total"}
    routes = {dict(labels)["route"] for labels in names}
    methods = {dict(labels)["method"] for labels in names}
    assert routes == {"unmatched", "/v1/diagnose"}
    assert methods == {"GET", "OTHER"}
