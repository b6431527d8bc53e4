"""Every Twilio check, keyed by its module's name; each module's ``CAUSE`` is the cause id it
reports (two checks may report one cause from different evidence, as ``stale_credential``
and ``store_history`` do)."""

from __future__ import annotations

from sherlock.providers.twilio.checks import (
    account_inactive,
    account_scope,
    api_key_revoked,
    api_key_type,
    configured_environment,
    deprecated_host,
    environment_mismatch,
    malformed,
    missing,
    quotes,
    region_mismatch,
    rotation_not_finished,
    rotation_not_propagated,
    sid_key_confusion,
    stale_credential,
    store_history,
    whitespace,
)
from sherlock.providers.twilio.checks.base import Check

CHECKS: dict[str, Check] = {
    "whitespace": whitespace.check,
    "quotes": quotes.check,
    "sid_key_confusion": sid_key_confusion.check,
    "malformed": malformed.check,
    "missing": missing.check,
    "account_inactive": account_inactive.check,
    "environment_mismatch": environment_mismatch.check,
    "account_scope": account_scope.check,
    "region_mismatch": region_mismatch.check,
    "deprecated_host": deprecated_host.check,
    "rotation_not_propagated": rotation_not_propagated.check,
    "stale_credential": stale_credential.check,
    "api_key_revoked": api_key_revoked.check,
    "api_key_type": api_key_type.check,
    "store_history": store_history.check,
    "rotation_not_finished": rotation_not_finished.check,
    "configured_environment": configured_environment.check,
}
