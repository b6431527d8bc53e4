"""The access-token errors' specs: which checks each code runs, for Twilio's error table.

Each code runs the checks of the causes its KB entry lists. 20101 (invalid token) and
20151 (authentication failed) are umbrellas, so they run them all; every code also reads a
damaged token as such, and says so when no token was given.
"""

from __future__ import annotations

from collections.abc import Iterable

from sherlock.providers.base import Check, ErrorSpec, checks_of
from sherlock.providers.twilio.checks import (
    token_account_inactive,
    token_expired,
    token_expiry_invalid,
    token_grant_missing,
    token_header_invalid,
    token_issuer_key_revoked,
    token_issuer_not_api_key,
    token_issuer_other_region,
    token_lifetime_too_long,
    token_malformed,
    token_not_yet_valid,
    token_signed_with_auth_token,
    token_signed_with_other_key,
    token_signer_unknown,
    token_subject_not_account,
    token_subject_other_account,
)
from sherlock.providers.twilio.tokens.leftovers import explain_missing_token

TOKEN_CHECKS: dict[str, Check] = checks_of(
    token_malformed,
    token_header_invalid,
    token_issuer_not_api_key,
    token_subject_not_account,
    token_signed_with_auth_token,
    token_signed_with_other_key,
    token_subject_other_account,
    token_issuer_key_revoked,
    token_issuer_other_region,
    token_account_inactive,
    token_expired,
    token_not_yet_valid,
    token_lifetime_too_long,
    token_expiry_invalid,
    token_grant_missing,
    token_signer_unknown,
)

_SPECIFIC: dict[int, tuple[str, tuple[str, ...]]] = {
    20102: ("Invalid Access Token header", ("token_header_invalid",)),
    20103: (
        "Invalid Access Token issuer/subject",
        (
            "token_issuer_not_api_key",
            "token_subject_not_account",
            "token_subject_other_account",
            "token_issuer_key_revoked",
            "token_issuer_other_region",
            "token_account_inactive",
        ),
    ),
    20104: (
        "Access Token expired or expiration date invalid",
        ("token_expired", "token_lifetime_too_long", "token_expiry_invalid"),
    ),
    20105: ("Access Token not yet valid", ("token_not_yet_valid",)),
    20106: ("Invalid Access Token grants", ("token_grant_missing",)),
    20107: (
        "Invalid Access Token signature",
        (
            "token_signed_with_auth_token",
            "token_signed_with_other_key",
            "token_subject_other_account",
            "token_signer_unknown",
        ),
    ),
}
_UMBRELLAS = {20101: "Invalid Access Token", 20151: "Authentication Failed (JWT)"}


def _spec(code: int, title: str, names: Iterable[str]) -> ErrorSpec:
    chosen = ["token_malformed", *names]
    return ErrorSpec(
        id=f"twilio-{code}",
        checks={name: TOKEN_CHECKS[name] for name in dict.fromkeys(chosen)},
        explain_leftovers=explain_missing_token,
        inputs=frozenset({"token"}),
        summary=f"{title}: a client SDK's access token was refused",
    )


TOKEN_ERRORS: dict[str, ErrorSpec] = {
    spec.id: spec
    for spec in sorted(
        [
            *(_spec(code, title, TOKEN_CHECKS) for code, title in _UMBRELLAS.items()),
            *(_spec(code, title, names) for code, (title, names) in _SPECIFIC.items()),
        ],
        key=lambda spec: spec.id,
    )
}
