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
* nothing of its own scope, environment and service holds any other value: no process of
  the tree is known to run that code, so a lone default is not judged (a note says so). A
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


def _verdict(fallback: FoundValue, values: Sequence[FoundValue]) -> str | None:
    """Why the fallback is not in use, or None when it is. With no process of its own
    environment known, a setting in another environment of the service is named as the
    reason (a Spring run of the ``prod`` profile over code whose path names none)."""
    label = (fallback.environment, fallback.service)
    reason = _setter(fallback, values, any_env=False)
    if reason is not None:
        return reason
    company = (
        v
        for v in values
        if v is not fallback and (v.scope == fallback.scope or (v.environment, v.service) == label)
    )
    if next(company, None) is None:
        elsewhere = _setter(fallback, values, any_env=True)
        alone = f"nothing else of {fallback.service} ({fallback.environment}) was found to run it"
        return elsewhere or alone
    return None


def settle_fallbacks(values: Sequence[FoundValue]) -> tuple[list[FoundValue], list[Note]]:
    """(values in use, notes on the defaults that are not), in the order given."""
    kept: list[FoundValue] = []
    notes: list[Note] = []
    for value in values:
        reason = _verdict(value, values) if value.fallback else None
        if reason is None:
            kept.append(value)
        else:
            message = f"the default written for {value.name} is not used: {reason}"
            notes.append(Note(str(value.location), message))
    return kept, notes
