"""Killed at each step in turn, then resumed: no consumer's copy is ever rejected.

Between every two steps (and after the kill, and during the resumed run) each target's
current value is probed against the emulator over HTTP, as the consumers reading them
would; every probe must succeed. A kill is simulated by raising from the hook that runs
right after a step is journaled, or from inside the journal write itself (Twilio acted,
the journal did not yet say so).
"""

from __future__ import annotations

import pytest

from sherlock.rotate.journal import Journal
from tests.rotate.world import ENV_FILE, OLD, SECRET_NAME, TOKEN_FILE, World

STEPS = [
    "create-secondary",
    f"write:aws-sm://{SECRET_NAME}#authToken",
    f"write:{TOKEN_FILE}",
    f"write:{ENV_FILE}#TWILIO_AUTH_TOKEN",
    "verify-before-promotion",
    "promote",
]


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the rotation may catch it."""


def _probe_all(world: World, moments: list[str], step: str) -> None:
    rejected = world.rejected_targets()
    assert rejected == [], f"after {step}: {rejected} rejected"
    moments.append(step)


def _finished(world: World) -> None:
    new = world.account.auth_token
    assert new != OLD and world.account.secondary_token is None
    assert set(world.copies().values()) == {new}
    assert not world.accepted(OLD)


@pytest.mark.parametrize("kill_at", STEPS)
def test_killed_after_a_step_resumes_and_no_probe_ever_fails(world: World, kill_at: str) -> None:
    moments: list[str] = []

    def killing(step: str) -> None:
        _probe_all(world, moments, step)
        if step == kill_at:
            raise Killed

    with pytest.raises(Killed):
        world.run(killing, apply=True)
    _probe_all(world, moments, "killed")
    world.run(lambda step: _probe_all(world, moments, step), apply=True, resume=True)
    _finished(world)
    assert moments[-1] == "verify-after-promotion"
    journal = (world.root / ".sherlock" / "rotation-prod.json").read_text()
    assert world.leaks("\n".join(world.output) + journal) == []


@pytest.mark.parametrize("kill_in", ["create-secondary", "promote"])
def test_killed_after_twilio_acted_but_before_the_journal_said_so(
    world: World, kill_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = Journal.record

    def dying(self: Journal, name: str, **facts: str) -> None:
        if name == kill_in:
            raise Killed
        record(self, name, **facts)

    monkeypatch.setattr(Journal, "record", dying)
    with pytest.raises(Killed):
        world.run(apply=True)
    monkeypatch.setattr(Journal, "record", record)
    assert world.rejected_targets() == []
    world.run(lambda step: _probe_all(world, [], step), apply=True, resume=True)
    _finished(world)


def test_resuming_a_finished_rotation_changes_nothing(world: World) -> None:
    world.run(apply=True)
    token = world.account.auth_token
    world.run(apply=True, resume=True)
    assert world.account.auth_token == token
    assert "already finished" in world.output[-1]
