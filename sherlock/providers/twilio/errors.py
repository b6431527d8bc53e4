"""Twilio's errors that Sherlock diagnoses: each id's spec, named by its KB entry.

To add an error: write ``sherlock/kb/data/twilio/<code>.yaml``, the check modules its
causes need under ``checks/`` (one per cause id), an entry below, and scenarios under
``tests/scenarios/``. The contract tests (``tests/providers/test_registry_contract.py``)
then hold the entry to its KB file.
"""

from __future__ import annotations

from sherlock.providers.base import Check, ErrorSpec, checks_of
from sherlock.providers.twilio.checking.leftovers import explain_leftovers
from sherlock.providers.twilio.checks import (
    account_inactive,
    account_not_activated,
    account_scope_mismatch,
    api_key_revoked,
    api_key_type,
    api_key_without_account_sid,
    deprecated_regional_host,
    environment_mismatch,
    environment_mismatch_configured,
    malformed_credential,
    missing_credential,
    quoted_credential,
    region_mismatch,
    restricted_key_missing_permission,
    rotation_not_finished,
    rotation_not_propagated,
    sid_key_confusion,
    source_precedence,
    stale_credential_after_rotation,
    stale_credential_after_rotation_store,
    subaccount_parent_suspended,
    test_credentials_on_live_resource,
    variable_name_mismatch,
    whitespace_in_credential,
)
from sherlock.providers.twilio.tokens.specs import TOKEN_ERRORS

#: Everything that can make Twilio refuse a credential pair (20003), in reporting order.
AUTHENTICATION_CHECKS: dict[str, Check] = checks_of(
    whitespace_in_credential,
    quoted_credential,
    sid_key_confusion,
    malformed_credential,
    missing_credential,
    account_inactive,
    environment_mismatch,
    account_scope_mismatch,
    region_mismatch,
    deprecated_regional_host,
    rotation_not_propagated,
    stale_credential_after_rotation,
    api_key_revoked,
    api_key_type,
    stale_credential_after_rotation_store,
    rotation_not_finished,
    environment_mismatch_configured,
    variable_name_mismatch,
    api_key_without_account_sid,
    source_precedence,
)

ERRORS: dict[str, ErrorSpec] = {
    "twilio-20003": ErrorSpec(
        id="twilio-20003",
        checks=AUTHENTICATION_CHECKS,
        explain_leftovers=explain_leftovers,
        summary="Authenticate: Twilio rejected the credential pair (HTTP 401)",
    ),
    # The auth family: Twilio recognised the credentials, then refused the account or the
    # action. Shape checks do not apply (a damaged value gets 20003, never these codes), and
    # there are no leftovers to explain: a failure none of these checks names is not theirs.
    "twilio-20005": ErrorSpec(
        id="twilio-20005",
        checks=checks_of(account_not_activated, account_inactive),
        summary="Account not active: out of funds, an unactivated trial, or a suspension",
    ),
    "twilio-20008": ErrorSpec(
        id="twilio-20008",
        checks=checks_of(test_credentials_on_live_resource, environment_mismatch),
        summary="Test credentials used where they cannot be (HTTP 403)",
    ),
    "twilio-20403": ErrorSpec(
        id="twilio-20403",
        checks=checks_of(account_inactive, subaccount_parent_suspended),
        summary="Forbidden: the account is suspended or closed (HTTP 403)",
    ),
    "twilio-70051": ErrorSpec(
        id="twilio-70051",
        checks=checks_of(
            restricted_key_missing_permission,
            account_scope_mismatch,
            api_key_revoked,
            account_inactive,
        ),
        summary="Authorization failed: usually a Restricted API key missing a permission",
    ),
    "twilio-10001": ErrorSpec(
        id="twilio-10001",
        checks=checks_of(subaccount_parent_suspended, account_inactive),
        summary="Account is not active: suspended, or stopped by its parent's suspension",
    ),
}

#: The access-token (JWT) errors 20101-20107 and 20151, specified beside their checks.
ERRORS.update(TOKEN_ERRORS)
