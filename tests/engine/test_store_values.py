"""Reading store payloads as credentials: JSON objects, plain values, keys, history order."""

from __future__ import annotations

from datetime import UTC, datetime

from sherlock.collect.emit import Unit
from sherlock.providers.twilio.records import Field
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreRef, StoreSecret
from sherlock.stores.values import history_values, version_values

SID = "AC" + "2" * 32
OLD, NEW = "a" * 32, "b" * 32
UNIT = Unit("scope", "aws-sm", "AWS Secrets Manager", "prod", "api", hints=("twilio",))


def _version(number: int, payload: str | None, current: bool = False) -> SecretVersion:
    when = datetime(2026, 5, max(number, 1), tzinfo=UTC)
    return SecretVersion(str(number), when, current, Secret(payload) if payload else None)


def _secret(*versions: SecretVersion) -> StoreSecret:
    return StoreSecret(StoreRef("vault", "secret/prod/twilio"), versions)


def test_aws_rotation_json_gives_sid_and_token_with_versioned_locations() -> None:
    version = _version(3, f'{{"accountSid": "{SID}", "authToken": "{NEW}"}}', current=True)
    ref = StoreRef.parse("vault://secret/prod/twilio")
    found = version_values(_secret(version), version, ref, UNIT).values
    assert {v.field for v in found} == {Field.ACCOUNT_SID, Field.AUTH_TOKEN}
    token = next(v for v in found if v.field is Field.AUTH_TOKEN)
    assert str(token.location) == "vault://secret/prod/twilio#authToken@v3"
    assert token.version == "3"


def test_a_key_picks_one_member_and_a_missing_key_is_a_note() -> None:
    version = _version(1, f'{{"accountSid": "{SID}", "authToken": "{NEW}"}}', current=True)
    picked = version_values(
        _secret(version), version, StoreRef.parse("vault://secret/prod/twilio#authToken"), UNIT
    )
    assert [v.field for v in picked.values] == [Field.AUTH_TOKEN]
    missing = version_values(
        _secret(version), version, StoreRef.parse("vault://secret/prod/twilio#token"), UNIT
    )
    assert missing.values == []
    assert "no key 'token'" in str(missing.notes[0])


def test_a_plain_value_is_named_by_the_key_or_the_secret() -> None:
    version = _version(1, NEW, current=True)
    ref = StoreRef.parse("gcp-sm://projects/acme/secrets/twilio-auth-token")
    found = version_values(StoreSecret(ref, (version,)), version, ref, UNIT).values
    assert [v.field for v in found] == [Field.AUTH_TOKEN]


def test_history_keeps_every_version_and_knows_what_replaced_it() -> None:
    v1 = _version(1, f'{{"auth_token": "{OLD}"}}')
    v2 = _version(2, f'{{"auth_token": "{NEW}"}}', current=True)
    destroyed = _version(0, None)
    history = history_values(_secret(v2, v1, destroyed), "prod")
    assert [h.version.version for h in history] == ["2", "1"]
    old = history[1]
    later, at = old.replaced
    assert later is v2 and at == v2.created
    text = old.describe()
    assert "v1" in text and "replaced 2026-05-02" in text and "v2" in text
    assert OLD not in text and NEW not in text


def test_store_uris_are_validated_with_useful_messages() -> None:
    for bad, words in [
        ("s3://bucket/x", "not a store URI"),
        ("vault://onlymount", "vault://MOUNT/PATH"),
        ("gcp-sm://projects/p/x", "gcp-sm://projects/PROJECT/secrets/SECRET"),
        ("aws-sm://", "names no secret"),
    ]:
        try:
            StoreRef.parse(bad)
        except ValueError as exc:
            assert words in str(exc)
        else:
            raise AssertionError(f"{bad} was accepted")
    ref = StoreRef.parse("aws-sm://arn:aws:secretsmanager:us-east-1:1:secret:prod/twilio#authToken")
    assert ref.key == "authToken" and ref.name.startswith("arn:aws:")
