"""Realistic alert payloads: shown in the OpenAPI spec and docs, and replayed by the tests.

Each is trimmed from what the tool really sends, keeping the fields Sherlock reads and a
few it must ignore. The error text is twilio-python's own wording for a rejected credential.
"""

from __future__ import annotations

from typing import Any

TWILIO_401 = "HTTP 401 error: Unable to create record: Authenticate"

SENTRY_EVENT_ALERT: dict[str, Any] = {
    "action": "triggered",
    "installation": {"uuid": "7a485448-a9e2-4c85-8a3c-4f44175783c9"},
    "data": {
        "event": {
            "event_id": "4d1f27c7a8a64b8e9d1f7f8e0b2c3d4e",
            "project": 1,
            "title": f"TwilioRestException: {TWILIO_401}",
            "culprit": "notifications.sms in send_reminder",
            "level": "error",
            "platform": "python",
            "environment": "production",
            "exception": {
                "values": [
                    {
                        "type": "TwilioRestException",
                        "value": TWILIO_401,
                        "module": "twilio.base.exceptions",
                    }
                ]
            },
            "tags": [["environment", "production"], ["level", "error"], ["server_name", "api-1"]],
            "web_url": "https://acme.sentry.io/issues/1/events/4d1f27c7a8a64b8e9d1f7f8e0b2c3d4e/",
        },
        "triggered_rule": "Twilio authentication failures",
    },
    "actor": {"type": "application", "id": "sentry", "name": "Sentry"},
}

DATADOG_MONITOR: dict[str, Any] = {
    "id": "7356372394583743322",
    "title": "[Triggered on {env:production,service:worker}] Twilio authentication errors",
    "body": (
        "%%%\nLog monitor matched 42 logs in the last 5m:\n"
        "`Twilio error 20003: Authenticate (HTTP 401)`\n%%%"
    ),
    "event_type": "log_alert_monitor",
    "alert_transition": "Triggered",
    "alert_id": "123456",
    "last_updated": "1764176400000",
    "tags": "env:production,service:worker,team:payments",
    "org": {"id": "11287", "name": "Acme"},
}

ALERTMANAGER_FIRING: dict[str, Any] = {
    "version": "4",
    "groupKey": '{}:{alertname="TwilioAuthFailures"}',
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "sherlock",
    "groupLabels": {"alertname": "TwilioAuthFailures"},
    "commonLabels": {"alertname": "TwilioAuthFailures", "environment": "prod"},
    "commonAnnotations": {},
    "externalURL": "http://alertmanager:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "TwilioAuthFailures",
                "environment": "prod",
                "service": "worker",
                "severity": "page",
            },
            "annotations": {
                "summary": "Twilio rejects the worker's credentials (error 20003)",
                "description": 'twilio_errors_total{code="20003"} rose by 42 in 5 minutes',
            },
            "startsAt": "2026-11-26T17:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=twilio_errors_total",
            "fingerprint": "c4b1f2e3d4a5b6c7",
        }
    ],
}

GENERIC_TEXT: dict[str, Any] = {
    "text": f"twilio.base.exceptions.TwilioRestException: {TWILIO_401}",
    "environment": "prod",
}


def _example(summary: str, value: Any) -> dict[str, Any]:
    return {"summary": summary, "value": value}


WEBHOOK_EXAMPLES: dict[str, dict[str, Any]] = {
    "sentry": {"event_alert": _example("An issue alert's event", SENTRY_EVENT_ALERT)},
    "datadog": {"monitor": _example("A log monitor that triggered", DATADOG_MONITOR)},
    "alertmanager": {"firing": _example("One firing alert", ALERTMANAGER_FIRING)},
    "generic": {"text": _example("Error text and environment", GENERIC_TEXT)},
}
