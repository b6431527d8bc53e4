"""Defaults written in code, settled once every source is known.

``os.getenv("TWILIO_AUTH_TOKEN", "…")`` sends the literal only while the variable is unset
(python's ``os.getenv``, Node's ``||``/``??``, PHP's ``?:`` and Laravel's ``env()``, Ruby's
``ENV.fetch`` and C#'s ``??`` all fall back the same way). One file cannot tell whether the
variable is set, so the code reader emits the literal as a ``fallback`` value named by its
variable, and this step, run over the whole scan's values, decides:

* a source of the fallback's environment and service sets the variable (its env file,
  compose service, manifest), or the environment Sherlock runs in does (``--process-env``):
  the default is not used, and is dropped with a note saying where the variable is set. It
  never shadows, and is never blamed beside, a set variable.
* nothing of its own scope, environment and service holds any other value, but code whose
  path names no environment runs wherever its service is deployed: each other environment
  of the service that leaves the variable unset (a compose-activated ``prod`` Spring run
  with only a SID) sends the default, so it is judged there; one that sets it is named.
* nothing of its service runs anywhere: no process of the tree is known to run that code,
  so a lone default is not judged (a note says so). A
  construction whose defaults form a whole set (``Client(os.getenv("SID", "AC…"),
  os.getenv("TOKEN", "…"))``) keeps them: they are the only credentials known for it.
* otherwise it is what the client sends, and is judged like any other value: the
  production ``.env`` sets the SID and forgot the token, so the code's dev token is sent.

What "sets the variable" means follows the reader. An environment variable is set only under
its exact name (viper's unreplaced ``TWILIO.AUTH_TOKEN`` is not ``TWILIO_AUTH_TOKEN``). A
Spring property (``@Value("${twilio.auth-token:…}")``, named with lower-case letters) is set
by any property source: a config key equal in Spring's relaxed form (``twilio.authToken``)
or an environment variable relaxed binding maps to it (``TWILIO_AUTH_TOKEN``,
``TWILIO_AUTHTOKEN``: :mod:`sherlock.collect.framework_binding`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sherlock.collect.context import DEFAULT_ENVIRONMENT
from sherlock.collect.framework_binding import relaxed_key, relaxed_names
from sherlock.models import FoundValue, Note

PROCESS = "process-env"  # the source kind of the variables Sherlock itself runs with


def _sets(name: str, fallback: str) -> bool:
    """Whether a value named ``name`` sets what the default ``fallback`` stands in for."""
    if name == fallback:
        return True
    if fallback.upper() == fallback:  # an environment variable: its exact name only
        return False
    return relaxed_key(name) == relaxed_key(fallback) or name in relaxed_names(fallback)


def _setter(fallback: FoundValue, values: Sequence[FoundValue], any_env: bool) -> str | None:
    """Where a value of the fallback's process (or, with ``any_env``, of any environment of
    its service) sets what it stands in for, or None."""
    for value in values:
        if value.fallback or not _sets(value.name, fallback.name):
            continue
        same = value.service == fallback.service and (
            any_env or value.environment == fallback.environment
        )
        if same or value.source_kind == PROCESS:
            return f"{fallback.name} is set at {value.location}"
    return None


def _has_company(fallback: FoundValue, values: Sequence[FoundValue]) -> bool:
    """Whether anything else of the fallback's own process (scope, or environment and
    service) was found: a process of the tree is known to run its code."""
    label = (fallback.environment, fallback.service)
    return any(
        v is not fallback and (v.scope == fallback.scope or (v.environment, v.service) == label)
        for v in values
    )


def _unset_elsewhere(fallback: FoundValue, values: Sequence[FoundValue]) -> list[str]:
    """Other environments of the service whose processes leave the name unset, for code
    whose path names no environment (every deployment of the service runs it)."""
    if fallback.environment != DEFAULT_ENVIRONMENT:
        return []
    others = dict.fromkeys(
        v.environment
        for v in values
        if v.service == fallback.service and v.environment != fallback.environment
    )
    return [
        env
        for env in others
        if not any(
            (v.environment, v.service) == (env, fallback.service)
            and not v.fallback
            and _sets(v.name, fallback.name)
            for v in values
        )
    ]


def _settle(fallback: FoundValue, values: Sequence[FoundValue]) -> tuple[list[FoundValue], str]:
    """(the fallback as each process that sends it sees it, why it is not used otherwise).

    With no process of its own environment known, the default goes to every other
    environment of its service that leaves the name unset (a Spring run of the ``prod``
    profile over code whose path names none), and a setting elsewhere is named as the reason
    it is not used."""
    reason = _setter(fallback, values, any_env=False)
    if reason is not None:
        return [], reason
    if _has_company(fallback, values):
        return [fallback], ""
    elsewhere = _unset_elsewhere(fallback, values)
    if elsewhere:
        return [replace(fallback, environment=env) for env in elsewhere], ""
    alone = f"nothing else of {fallback.service} ({fallback.environment}) was found to run it"
    return [], _setter(fallback, values, any_env=True) or alone


def settle_fallbacks(values: Sequence[FoundValue]) -> tuple[list[FoundValue], list[Note]]:
    """(values in use, notes on the defaults that are not), in the order given."""
    kept: list[FoundValue] = []
    notes: list[Note] = []
    for value in values:
        used, reason = _settle(value, values) if value.fallback else ([value], "")
        kept.extend(used)
        if not used:
            message = f"the default written for {value.name} is not used: {reason}"
            notes.append(Note(str(value.location), message))
    return kept, notes
