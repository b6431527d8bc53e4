"""The scrub knows the values a winner hides: a shadowed token in free text is masked too."""

from __future__ import annotations

from dataclasses import replace

from sherlock.engine.scrub import scrub_text, secrets_of
from sherlock.models import Shadowed
from sherlock.providers.twilio.records import Field
from sherlock.secrets import KnownSecrets
from tests.providers.checks.live import found

USED = "3f" * 16
HIDDEN = "4e" * 16


def test_a_hidden_value_is_among_the_run_secrets_and_masked_in_free_text() -> None:
    loser = found(Field.AUTH_TOKEN, HIDDEN, "api/.env", 2)
    winner = replace(
        found(Field.AUTH_TOKEN, USED, "docker-compose.yml", 9),
        shadows=(Shadowed(loser, "compose: environment: overrides env_file: api/.env"),),
    )
    known = secrets_of([winner])
    assert {s.fingerprint for s in known} == {winner.fingerprint, loser.fingerprint}
    shown = scrub_text(f"step 'deploy {HIDDEN[:20]}' failed", KnownSecrets(known))
    assert HIDDEN[:12] not in shown
