"""Twilio's errors that Sherlock diagnoses: each id's spec, named by its KB entry.

To add an error: write ``sherlock/kb/data/twilio/<code>.yaml``, the check modules its
causes need under ``checks/`` (one per cause id), an entry below, and scenarios under
``tests/scenarios/``. The contract tests (``tests/providers/test_registry_contract.py``)
then hold the entry to its KB file.
"""

from __future__ import annotations

from sherlock.providers.base import Check, ErrorSpec
from sherlock.providers.twilio.checking.leftovers import explain_leftovers
from sherlock.providers.twilio.checks import (
    account_inactive,
    account_scope_mismatch,
    api_key_revoked,
    api_key_type,
    deprecated_regional_host,
    environment_mismatch,
    environment_mismatch_configured,
    malformed_credential,
    missing_credential,
    quoted_credential,
    region_mismatch,
    rotation_not_finished,
    rotation_not_propagated,
    sid_key_confusion,
    stale_credential_after_rotation,
    stale_credential_after_rotation_store,
    whitespace_in_credential,
)

#: Everything that can make Twilio refuse a credential pair (20003), in reporting order.
AUTHENTICATION_CHECKS: dict[str, Check] = {
    "whitespace_in_credential": whitespace_in_credential.check,
    "quoted_credential": quoted_credential.check,
    "sid_key_confusion": sid_key_confusion.check,
    "malformed_credential": malformed_credential.check,
    "missing_credential": missing_credential.check,
    "account_inactive": account_inactive.check,
    "environment_mismatch": environment_mismatch.check,
    "account_scope_mismatch": account_scope_mismatch.check,
    "region_mismatch": region_mismatch.check,
    "deprecated_regional_host": deprecated_regional_host.check,
    "rotation_not_propagated": rotation_not_propagated.check,
    "stale_credential_after_rotation": stale_credential_after_rotation.check,
    "api_key_revoked": api_key_revoked.check,
    "api_key_type": api_key_type.check,
    "stale_credential_after_rotation_store": stale_credential_after_rotation_store.check,
    "rotation_not_finished": rotation_not_finished.check,
    "environment_mismatch_configured": environment_mismatch_configured.check,
}

ERRORS: dict[str, ErrorSpec] = {
    "twilio-20003": ErrorSpec(
        id="twilio-20003",
        checks=AUTHENTICATION_CHECKS,
        explain_leftovers=explain_leftovers,
        summary="Authenticate: Twilio rejected the credential pair (HTTP 401)",
    ),
}
