"""`sherlock rotate` against the Twilio emulator and moto: plan, full run, failures, leaks."""

from __future__ import annotations

import json

import pytest

from sherlock.providers.twilio.emulator.state import Fault
from sherlock.rotate.errors import RotationError, RotationStopped
from tests.rotate.world import ENV_FILE, OLD, SECRET_NAME, TOKEN_FILE, World


def test_plan_without_apply_changes_nothing_anywhere(world: World) -> None:
    before = (world.copies(), world.moto.stages(SECRET_NAME))
    world.run(apply=False)
    assert (world.copies(), world.moto.stages(SECRET_NAME)) == before
    assert world.account.auth_token == OLD and world.account.secondary_token is None
    assert not (world.root / ".sherlock").exists()
    plan = "\n".join(world.output)
    for name in (f"aws-sm://{SECRET_NAME}#authToken", TOKEN_FILE, f"{ENV_FILE}#TWILIO_AUTH_TOKEN"):
        assert name in plan
    assert "api (" in plan  # the discovered consumer is listed for verification
    assert "--apply" in plan


def test_full_rotation_puts_the_promoted_token_in_every_target(world: World) -> None:
    world.run(apply=True)
    new = world.account.auth_token
    assert new != OLD and world.account.secondary_token is None
    assert world.copies() == {"aws": new, "file": new, "env": new}
    assert not world.accepted(OLD)
    assert world.accepted(new)
    stages = world.moto.stages(SECRET_NAME)
    assert sorted(stages.values()) == [["AWSCURRENT"], ["AWSPREVIOUS"]]
    env_text = (world.root / ENV_FILE).read_text()
    assert "LOG_LEVEL=info" in env_text  # the rest of the env file is kept
    assert (world.root / TOKEN_FILE).read_text().endswith("\n")


def test_journal_records_steps_with_fingerprints_and_no_token(world: World) -> None:
    world.run(apply=True)
    text = (world.root / ".sherlock" / "rotation-prod.json").read_text()
    journal = json.loads(text)
    steps = [s["step"] for s in journal["steps"]]
    assert steps[0] == "preflight" and steps[-1] == "verify-after-promotion"
    assert "promote" in steps and all(s["at"] for s in journal["steps"])
    assert journal["secondary_fingerprint"] and journal["old_fingerprint"]
    assert world.leaks(text) == []


def test_no_token_reaches_the_rotation_output(world: World) -> None:
    world.run(apply=True)
    assert world.leaks("\n".join(world.output)) == []


def test_a_target_that_refuses_the_write_stops_before_promotion(world: World) -> None:
    world.environ = world.moto.iam_user(
        "reader",
        [
            "secretsmanager:GetSecretValue",
            "secretsmanager:ListSecretVersionIds",
            "secretsmanager:DescribeSecret",
        ],
    )
    with world.moto.enforce_iam(), pytest.raises(RotationStopped) as stopped:
        world.run(apply=True)
    message = str(stopped.value)
    assert "access denied (PutSecretValue)" in message and "old token still works" in message
    assert "--resume" in message
    assert world.account.auth_token == OLD  # not promoted
    assert world.accepted(OLD)
    assert world.rejected_targets() == []
    assert world.leaks(message) == []


def test_a_consumer_still_holding_the_old_token_stops_before_promotion(world: World) -> None:
    stray = world.root / "services" / "worker" / ".env"
    stray.parent.mkdir(parents=True)
    stray.write_text(f"TWILIO_ACCOUNT_SID={world.account.sid}\nTWILIO_AUTH_TOKEN={OLD}\n")
    config = (world.root / "sherlock.toml").read_text()
    config += '\n[environments.prod.services.worker]\nsources = ["services/worker/.env"]\n'
    (world.root / "sherlock.toml").write_text(config)
    with pytest.raises(RotationStopped) as stopped:
        world.run(apply=True)
    assert "still holds the old token" in str(stopped.value)
    assert "worker" in str(stopped.value)
    assert world.account.auth_token == OLD
    assert world.accepted(OLD) and world.rejected_targets() == []


def test_a_second_rotation_refuses_to_start_over_an_unfinished_one(world: World) -> None:
    def kill(step: str) -> None:
        if step == "create-secondary":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        world.run(kill, apply=True)
    with pytest.raises(RotationError, match="--resume"):
        world.run(apply=True)


def test_resume_without_a_journal_is_a_clear_error(world: World) -> None:
    with pytest.raises(RotationError, match="nothing to resume"):
        world.run(apply=True, resume=True)


def test_targets_holding_no_working_token_refuse_to_start(world: World) -> None:
    world.account.auth_token = "0" * 32  # rotated in the Console behind our back
    with pytest.raises(RotationError, match="no target holds a token Twilio accepts"):
        world.run(apply=True)
    assert world.account.secondary_token is None


def test_twilio_unreachable_is_could_not_verify_and_changes_nothing(world: World) -> None:
    world.emulator.add_fault(Fault(kind="500"))
    with pytest.raises(RotationError) as refused:
        world.run(apply=True)
    assert "could not verify" in str(refused.value)
    assert "no target holds" not in str(refused.value)
    world.emulator.clear_faults()
    assert world.account.secondary_token is None and world.accepted(OLD)


def test_twilio_down_before_promotion_stops_with_could_not_verify_then_resumes(
    world: World,
) -> None:
    def outage(step: str) -> None:
        if step == f"write:{ENV_FILE}#TWILIO_AUTH_TOKEN":
            world.emulator.add_fault(Fault(kind="500"))

    with pytest.raises(RotationStopped) as stopped:
        world.run(outage, apply=True)
    assert "could not verify" in str(stopped.value) and "invalid" not in str(stopped.value)
    world.emulator.clear_faults()
    assert world.account.auth_token == OLD and world.accepted(OLD)
    world.run(apply=True, resume=True)
    assert world.account.auth_token != OLD
    assert set(world.copies().values()) == {world.account.auth_token}
