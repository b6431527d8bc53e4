"""Every Twilio check, keyed by the cause id it reports: the list mypy and the tests see."""

from __future__ import annotations

from sherlock.providers.twilio.checks import (
    account_inactive,
    account_scope,
    api_key_revoked,
    api_key_type,
    deprecated_host,
    environment_mismatch,
    malformed,
    missing,
    quotes,
    region_mismatch,
    rotation_not_propagated,
    sid_key_confusion,
    stale_credential,
    whitespace,
)
from sherlock.providers.twilio.checks.base import Check

CHECKS: dict[str, Check] = {
    whitespace.CAUSE: whitespace.check,
    quotes.CAUSE: quotes.check,
    sid_key_confusion.CAUSE: sid_key_confusion.check,
    malformed.CAUSE: malformed.check,
    missing.CAUSE: missing.check,
    account_inactive.CAUSE: account_inactive.check,
    environment_mismatch.CAUSE: environment_mismatch.check,
    account_scope.CAUSE: account_scope.check,
    region_mismatch.CAUSE: region_mismatch.check,
    deprecated_host.CAUSE: deprecated_host.check,
    rotation_not_propagated.CAUSE: rotation_not_propagated.check,
    stale_credential.CAUSE: stale_credential.check,
    api_key_revoked.CAUSE: api_key_revoked.check,
    api_key_type.CAUSE: api_key_type.check,
}
