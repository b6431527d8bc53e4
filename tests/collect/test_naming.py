"""Which names and value shapes count as Twilio credentials, and which environment a name spells."""

from __future__ import annotations

import pytest

from sherlock.collect.vocabulary import Strength, classify, is_provider_unit, tokens
from sherlock.providers.twilio.records import Field

from .builders import KEY_SID, SID, TOKEN


@pytest.mark.parametrize(
    ("name", "field", "environment"),
    [
        ("TWILIO_ACCOUNT_SID", Field.ACCOUNT_SID, None),
        ("TWILIO_AUTH_TOKEN", Field.AUTH_TOKEN, None),
        ("TWILIO_API_KEY", Field.API_KEY_SID, None),
        ("TWILIO_API_KEY_SID", Field.API_KEY_SID, None),
        ("TWILIO_API_SECRET", Field.API_KEY_SECRET, None),
        ("TWILIO_API_KEY_SECRET", Field.API_KEY_SECRET, None),
        ("TWILIO_REGION", Field.REGION, None),
        ("TWILIO_EDGE", Field.EDGE, None),
        ("TWILIO_SID", Field.ACCOUNT_SID, None),
        ("TWILIO_TOKEN", Field.AUTH_TOKEN, None),
        ("MYAPP_TWILIO_AUTH_TOKEN", Field.AUTH_TOKEN, None),
        ("PROD_TWILIO_AUTH_TOKEN", Field.AUTH_TOKEN, "prod"),
        ("TWILIO_AUTH_TOKEN_STAGING", Field.AUTH_TOKEN, "staging"),
        ("TWILIO_TEST_ACCOUNT_SID", Field.ACCOUNT_SID, "test"),
        ("twilio-auth-token", Field.AUTH_TOKEN, None),
        ("twilio_account_sid", Field.ACCOUNT_SID, None),
        ("TwilioAuthToken", Field.AUTH_TOKEN, None),
        ("TWILIO_ACCOUNT_ID", Field.ACCOUNT_SID, None),
        ("PROD_TWILIO_ACCT_SID", Field.ACCOUNT_SID, "prod"),
        ("TWILIO_ACCOUNTSID", Field.ACCOUNT_SID, None),
        ("TWILIO_AUTHTOKEN", Field.AUTH_TOKEN, None),
        ("TWILIO_VERIFY_AUTH_TOKEN", Field.AUTH_TOKEN, None),
        ("SUPABASE_AUTH_SMS_TWILIO_VERIFY_ACCOUNT_SID", Field.ACCOUNT_SID, None),
        ("TWILIO_SMS_API_SECRET", Field.API_KEY_SECRET, None),
    ],
)
def test_twilio_names_are_recognised_anywhere(
    name: str, field: Field, environment: str | None
) -> None:
    match = classify(name, "whatever")
    assert match is not None
    assert (match.field, match.environment) == (field, environment)


@pytest.mark.parametrize(
    "name",
    [
        "TWILIO_PHONE_NUMBER",
        "TWILIO_MESSAGING_SERVICE_SID",
        "TWILIO_VERIFY_SERVICE_SID",
        "TWILIO_SMS_FROM",
        "TWILIO_AUTH_TOKEN_FILE",
        "TWILIO_WEBHOOK_URL",
        "TWILIO",
    ],
)
def test_other_twilio_settings_are_not_credentials(name: str) -> None:
    assert classify(name, TOKEN) is None


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("TWILIO_MAIN_ACCOUNT", SID, Field.ACCOUNT_SID),
        ("TWILIO_SUBACCOUNT_SID", SID, Field.ACCOUNT_SID),
        ("TWILIO_NOTIFY_KEY", KEY_SID, Field.API_KEY_SID),
    ],
)
def test_a_twilio_name_of_another_shape_still_holds_a_sid_by_its_value(
    name: str, value: str, field: Field
) -> None:
    match = classify(name, value)
    assert match is not None
    assert (match.field, match.strength) == (field, Strength.SHAPE)


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("ACCOUNT_SID", Field.ACCOUNT_SID),
        ("AUTH_TOKEN", Field.AUTH_TOKEN),
        ("accountSid", Field.ACCOUNT_SID),
        ("authToken", Field.AUTH_TOKEN),
        ("apiKey", Field.API_KEY_SID),
        ("api-secret", Field.API_KEY_SECRET),
        ("REGION", Field.REGION),
    ],
)
def test_bare_names_count_only_in_a_twilio_context(name: str, field: Field) -> None:
    assert classify(name, "not-a-sid") is None
    match = classify(name, "not-a-sid", in_context=True)
    assert match is not None and match.field is field


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("SENDER_ACCOUNT", SID, Field.ACCOUNT_SID),
        ("SOME_KEY", KEY_SID, Field.API_KEY_SID),
        ("SOME_KEY", f' "{KEY_SID}"\n', Field.API_KEY_SID),
    ],
)
def test_sids_are_recognised_by_shape_under_any_name(name: str, value: str, field: Field) -> None:
    match = classify(name, value)
    assert match is not None
    assert (match.field, match.strength) == (field, Strength.SHAPE)


@pytest.mark.parametrize("name", ["SESSION_SECRET", "SECRET_KEY", "DB_TOKEN", "AUTHTOKEN_X"])
def test_a_random_32_hex_value_under_an_unrelated_name_is_not_a_token(name: str) -> None:
    assert classify(name, TOKEN) is None
    assert classify(name, TOKEN, in_context=True) is None


def test_a_unit_is_twilio_when_named_so_or_holding_a_bare_sid_name_with_an_ac_value() -> None:
    assert is_provider_unit([], ["k8s/twilio-secret.yaml"])
    assert is_provider_unit([("accountSid", SID), ("authToken", TOKEN)])
    assert not is_provider_unit([("ACCOUNT_SID", "12345"), ("AUTH_TOKEN", TOKEN)])
    assert not is_provider_unit([("SESSION", SID)], ["services/api/.env"])


def test_the_bare_pair_with_its_values_swapped_is_still_a_twilio_unit() -> None:
    # twilio-run's ACCOUNT_SID/AUTH_TOKEN with the token and the Account SID pasted crosswise
    assert is_provider_unit([("ACCOUNT_SID", TOKEN), ("AUTH_TOKEN", SID)])
    assert not is_provider_unit([("AUTH_TOKEN", SID)])  # no pair: the SID counts by shape
    assert not is_provider_unit([("ACCOUNT_SID", TOKEN), ("AUTH_TOKEN", TOKEN)])


def test_canonical_names_outrank_aliases() -> None:
    canonical = classify("TWILIO_ACCOUNT_SID", SID)
    alias = classify("TWILIO_SID", SID)
    assert canonical is not None and alias is not None
    assert canonical.strength > alias.strength


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TWILIO_AUTH_TOKEN", ["TWILIO", "AUTH", "TOKEN"]),
        ("accountSid", ["ACCOUNT", "SID"]),
        ("APIKey", ["API", "KEY"]),
        ("twilio.api-key", ["TWILIO", "API", "KEY"]),
    ],
)
def test_names_tokenise_across_styles(name: str, expected: list[str]) -> None:
    assert tokens(name) == expected


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Twilio:Client:AccountSid", "account_sid"),
        ("Twilio__Client__AuthToken", "auth_token"),
        ("Twilio:Client:ApiKeySid", "api_key_sid"),
        ("Twilio:Client:ApiKeySecret", "api_key_secret"),
        ("Twilio:Client:CredentialType", None),
        ("TWILIO_CLIENT_ID", None),
    ],
)
def test_twilio_aspnet_cores_client_section_names_its_fields(name: str, field: str | None) -> None:
    match = classify(name, "x")
    assert (match.field if match else None) == field
