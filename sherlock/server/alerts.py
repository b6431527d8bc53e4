"""Alert webhook payloads → the words to recognise, and the environment they name.

Each monitoring tool wraps the error in its own JSON. The parsers here only pick out the
human-readable parts (titles, messages, exception values) and the environment tag; deciding
whether those words are a Twilio 20003 is :func:`sherlock.explain.recognise`'s job, the same
as for pasted text. Alerts that say a problem is over (Alertmanager ``resolved``, Sentry
``resolved``, Datadog ``Recovered``) are dropped here, so they never trigger a diagnosis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["sentry", "datadog", "alertmanager", "generic"]

#: Keys whose value names the environment, in every payload kind.
_ENV_KEYS = ("environment", "env")
#: Sentry webhook actions that do not mean "this is failing now".
_SENTRY_QUIET = frozenset({"resolved", "ignored", "archived", "assigned", "deleted"})
#: Datadog transitions that do not mean "this is failing now".
_DATADOG_QUIET = frozenset({"recovered", "no data recovered"})
#: How many values of an arbitrary JSON document are read; more is not an alert.
_MAX_LEAVES = 5_000


@dataclass(frozen=True)
class Alert:
    """One alert: its words, and the environment label it carries (as written)."""

    text: str
    environment: str | None = None


@dataclass(frozen=True)
class Parsed:
    """The alerts in a payload; ``ignored`` says why there are none, when it is on purpose."""

    alerts: list[Alert] = field(default_factory=list)
    ignored: str | None = None


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _join(*parts: Any) -> str:
    return "\n".join(text for text in (_str(p) for p in parts) if text)


def leaves(data: Any) -> Iterator[str]:
    """Every scalar of a JSON document as ``key: value`` (list items take their list's key),
    depth-first and bounded, so ``{"code": 20003}`` reads as ``code: 20003``."""
    stack: list[tuple[str | None, Any]] = [(None, data)]
    seen = 0
    while stack and seen < _MAX_LEAVES:
        key, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(reversed([(str(k), v) for k, v in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([(key, v) for v in item]))
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            seen += 1
            text = str(item).strip()
            if text:
                yield f"{key}: {text}" if key else text


def _env_in_tags(tags: Any) -> str | None:
    """``environment`` from Sentry-style ``[[k, v]]``/``[{key, value}]``/``{k: v}`` tags,
    or Datadog-style ``env:prod`` strings (a list, or one comma-separated string)."""
    if isinstance(tags, dict):
        return next((_str(tags.get(k)) for k in _ENV_KEYS if _str(tags.get(k))), None)
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list):
        return None
    for tag in tags:
        key, value = None, None
        if isinstance(tag, list) and len(tag) == 2:
            key, value = tag
        elif isinstance(tag, dict):
            key, value = tag.get("key"), tag.get("value")
        elif isinstance(tag, str) and ":" in tag:
            key, value = tag.split(":", 1)
        if isinstance(key, str) and key.strip().lower() in _ENV_KEYS and _str(value):
            return _str(value)
    return None


def _env_of(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    direct = next((_str(data.get(k)) for k in _ENV_KEYS if _str(data.get(k))), None)
    return direct or _env_in_tags(data.get("tags"))


# --- Sentry -------------------------------------------------------------------------------


def _sentry_event_text(event: Any) -> str:
    values = _get(event, "exception", "values")
    exceptions = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, dict):
            exceptions.append(_join(_str(value.get("type")), _str(value.get("value"))))
    return _join(
        _get(event, "title"),
        _get(event, "message"),
        _get(event, "logentry", "formatted"),
        _get(event, "culprit"),
        *exceptions,
    )


def sentry(payload: Any) -> Parsed:
    """Sentry integration webhooks (event alerts, issues, metric alerts) and the legacy plugin."""
    action = _str(_get(payload, "action"))
    if action and action.lower() in _SENTRY_QUIET:
        return Parsed(ignored=f"Sentry action '{action.lower()}' is not a failure")
    data = _get(payload, "data") or {}
    event = _get(data, "event") or _get(payload, "event") or {}
    issue = _get(data, "issue") or {}
    text = _join(
        _sentry_event_text(event),
        _get(issue, "title"),
        _get(issue, "culprit"),
        _get(issue, "metadata", "value"),
        _get(data, "description_title"),
        _get(data, "description_text"),
        _get(payload, "message"),
        _get(payload, "culprit"),
    )
    env = _env_of(event) or _env_of(issue) or _env_of(payload)
    return Parsed([Alert(text, env)] if text else [])


# --- Datadog ------------------------------------------------------------------------------


def datadog(payload: Any) -> Parsed:
    """A Datadog webhook with the usual template fields ($EVENT_TITLE, $EVENT_MSG, $TAGS)."""
    transition = _str(_get(payload, "alert_transition"))
    if transition and transition.lower() in _DATADOG_QUIET:
        return Parsed(ignored=f"Datadog transition '{transition}' is not a failure")
    text = _join(
        _get(payload, "title"),
        _get(payload, "body"),
        _get(payload, "text"),
        _get(payload, "message"),
        _get(payload, "event_msg"),
    )
    env = _env_in_tags(_get(payload, "tags")) or _env_of(payload)
    return Parsed([Alert(text, env)] if text else [])


# --- Alertmanager -------------------------------------------------------------------------


def alertmanager(payload: Any) -> Parsed:
    """Alertmanager's webhook (version 4): every firing alert; resolved ones are dropped."""
    alerts = _get(payload, "alerts")
    found, resolved = [], 0
    for alert in alerts if isinstance(alerts, list) else []:
        if not isinstance(alert, dict):
            continue
        if (_str(alert.get("status")) or "firing").lower() != "firing":
            resolved += 1
            continue
        labels = alert.get("labels") if isinstance(alert.get("labels"), dict) else {}
        annotations = alert.get("annotations") if isinstance(alert.get("annotations"), dict) else {}
        text = _join(*leaves(annotations), *leaves(labels))
        env = _env_of(labels) or _env_of(_get(payload, "commonLabels"))
        if text:
            found.append(Alert(text, env))
    if not found and resolved:
        return Parsed(ignored="the alerts are resolved")
    return Parsed(found)


# --- Anything else ------------------------------------------------------------------------


def generic(payload: Any) -> Parsed:
    """``{"text": ..., "environment": ...}``, or any JSON: every value in it is read."""
    text = _str(_get(payload, "text")) or _join(*leaves(payload))
    return Parsed([Alert(text, _env_of(payload))] if text else [])


PARSERS: dict[Source, Callable[[Any], Parsed]] = {
    "sentry": sentry,
    "datadog": datadog,
    "alertmanager": alertmanager,
    "generic": generic,
}
