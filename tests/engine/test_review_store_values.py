"""Store payloads nested deeper than the JSON parser can recurse are read as one plain value,
like any other text that is not a JSON object: never a RecursionError out of a diagnosis."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sherlock.collect.emit import Unit
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreRef, StoreSecret
from sherlock.stores.values import history_values, version_values

UNIT = Unit("scope", "aws-sm", "AWS Secrets Manager", "prod", "api", hints=("twilio",))


@pytest.mark.parametrize("payload", ["[" * 200_000, '{"a": ' * 200_000 + "1" + "}" * 200_000])
def test_a_deeply_nested_payload_is_not_a_crash(payload: str) -> None:
    version = SecretVersion("1", datetime(2026, 5, 1, tzinfo=UTC), True, Secret(payload))
    ref = StoreRef.parse("aws-sm://prod/twilio")
    secret = StoreSecret(ref, (version,))
    assert version_values(secret, version, ref, UNIT).values == []
    assert history_values(secret, "prod") == []
