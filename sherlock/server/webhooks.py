"""``POST /v1/webhooks/{sentry,datadog,alertmanager,generic}``: alert in, diagnosis out to Slack.

The flow for every source is the same: the source's parser (:mod:`.alerts`) pulls out each
alert's words and environment; :func:`sherlock.explain.recognise` decides whether the words
are a Twilio error Sherlock knows; each environment named by a recognised alert is
diagnosed once through the shared runner; the result is posted to ``[slack]
alert_channel``. The answer is 202 with a summary when something was recognised, and
200 ``{"recognised": false}`` (nothing diagnosed, nothing posted) when not.

Environments in alerts are spelled the monitoring tool's way (``production``), so a label
the deployment does not have is tried in Sherlock's canonical form (``prod``) before
falling back to diagnosing every environment, which the answer then says.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Body, Response

from sherlock.engine.environments import UnknownEnvironmentError
from sherlock.engine.runner import Runner
from sherlock.explain import Recognised, recognise
from sherlock.models import Diagnosis
from sherlock.server import examples
from sherlock.server.alerts import PARSERS, Alert, Parsed, Source
from sherlock.server.echo import echoable
from sherlock.server.metrics import Metrics
from sherlock.server.notify import SlackNotifier
from sherlock.server.schemas import ENVIRONMENT_PATTERN, AlertDiagnosis, WebhookResult

log = logging.getLogger("sherlock.server")

_LABEL = re.compile(ENVIRONMENT_PATTERN)

_SUMMARIES: dict[Source, str] = {
    "sentry": "Sentry issue, event or metric alert webhook",
    "datadog": "Datadog monitor webhook",
    "alertmanager": "Prometheus Alertmanager webhook (version 4)",
    "generic": 'Any JSON: {"text": ..., "environment": ...} or any document',
}


@dataclass
class WebhookContext:
    runner: Runner
    metrics: Metrics
    notifier: SlackNotifier


def _label(raw: str | None) -> str | None:
    """An environment label fit to diagnose with (and to repeat back), else None."""
    if raw is None:
        return None
    label = raw.strip().lower()
    return label if echoable(label, _LABEL) else None


def _by_environment(alerts: list[Alert]) -> dict[str | None, Recognised]:
    """The first recognised error per environment the alerts name, in payload order."""
    found: dict[str | None, Recognised] = {}
    for alert in alerts:
        env = _label(alert.environment)
        if env in found:
            continue
        recognised = recognise(alert.text)
        if recognised is not None:
            found[env] = recognised
    return found


async def _diagnose(
    runner: Runner, wanted: str | None, error: str
) -> tuple[Diagnosis, str | None, str | None]:
    """(diagnosis, canonical environment used, note) for the environment an alert names.

    The engine maps aliases (``production`` → ``prod``). An alert naming an environment the
    deployment does not have still gets an answer, for every environment, and says so:
    an alerting system cannot act on a 400.
    """
    try:
        diagnosis = await runner.diagnose(environment=wanted, error=error)
    except UnknownEnvironmentError:
        note = (
            f"the alert names environment '{wanted}', which the deployment does not have; "
            "every environment was diagnosed"
        )
        return await runner.diagnose(environment=None, error=error), None, note
    return diagnosis, diagnosis.environment, None


async def _handle(ctx: WebhookContext, source: Source, parsed: Parsed) -> WebhookResult:
    found = _by_environment(parsed.alerts)
    if not found:
        reason = parsed.ignored or "no Twilio error Sherlock knows in the alert"
        return WebhookResult(recognised=False, source=source, reason=reason)
    ctx.metrics.alerts_recognised.labels(source=source).inc()
    results = []
    for wanted, recognised in found.items():
        diagnosis, env, note = await _diagnose(ctx.runner, wanted, recognised.entry_id)
        ctx.metrics.diagnosed(diagnosis, "webhook")
        outcome = await ctx.notifier.post(diagnosis, env, source, recognised)
        ctx.metrics.slack_posts.labels(outcome=outcome.label).inc()
        top = diagnosis.causes[0].id if diagnosis.causes else None
        log.info(
            "webhook %s: %s in %s, top cause %s, posted %s",
            source, recognised.entry_id, env or "every environment", top, outcome.posted,
        )  # fmt: skip
        results.append(
            AlertDiagnosis(
                environment=env,
                error=diagnosis.error,
                top_cause=top,
                causes=len(diagnosis.causes),
                complete=diagnosis.complete,
                requests=diagnosis.requests,
                note=note,
                posted=outcome.posted,
                channel=outcome.channel,
                not_posted=outcome.reason,
            )
        )
    return WebhookResult(recognised=True, source=source, diagnoses=results)


def _endpoint(ctx: WebhookContext, source: Source) -> Any:
    parse = PARSERS[source]

    async def receive_alert(
        response: Response,
        payload: Any = Body(  # noqa: B008
            openapi_examples=examples.WEBHOOK_EXAMPLES[source], description="The alert payload."
        ),
    ) -> WebhookResult:
        ctx.metrics.alerts_received.labels(source=source).inc()
        result = await _handle(ctx, source, parse(payload))
        response.status_code = 202 if result.recognised else 200
        return result

    receive_alert.__name__ = f"webhook_{source}"
    return receive_alert


def webhooks_router(
    ctx: WebhookContext, responses: dict[int | str, Any], dependencies: Sequence[Any]
) -> APIRouter:
    router = APIRouter(tags=["webhooks"], dependencies=dependencies)
    for source in PARSERS:
        router.add_api_route(
            f"/v1/webhooks/{source}",
            _endpoint(ctx, source),
            methods=["POST"],
            summary=_SUMMARIES[source],
            status_code=202,
            response_model=WebhookResult,
            responses={
                **responses,
                200: {"model": WebhookResult, "description": "Nothing recognised; nothing posted."},
                202: {"description": "Recognised and diagnosed; see `diagnoses` for Slack."},
            },
        )
    return router
