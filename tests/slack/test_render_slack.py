"""The Block Kit renderer: what a channel sees, within Slack's limits, with nothing to abuse."""

from __future__ import annotations

import json

import pytest

from sherlock.kb import load_entry
from sherlock.models import Cause, CredentialReport, Diagnosis, Location, Proof
from sherlock.render.slack import (
    ACTION_ALL_CAUSES,
    ACTION_PICK_PREFIX,
    ACTION_RERUN,
    ACTION_RESOLVED,
    ask_back_blocks,
    button_value,
    error_blocks,
    help_blocks,
    looking_blocks,
    parse_button_value,
    prose,
    render_blocks,
    render_text,
    resolved_blocks,
    static_blocks,
)
from sherlock_testing.emulators.slack_blocks import block_problems


def _cause(
    index: int, *, evidence: int = 3, locations: int = 1, proof: Proof = Proof.PROVEN
) -> Cause:
    return Cause(
        id=f"cause-{index}",
        title=f"Cause number {index}",
        severity="high",
        likelihood="common",
        confidence=0.95 - index / 100,
        proof=proof,
        locations=tuple(Location(f"services/svc-{index}/.env", n) for n in range(1, locations + 1)),
        evidence=tuple(
            f"TWILIO_AUTH_TOKEN at services/svc-{index}/.env:{n} = ****4f46 (32 chars) "
            f"[fp:766ca481444e] (invalid, HTTP 401 code 20003)"
            for n in range(1, evidence + 1)
        ),
        fix=("Update TWILIO_AUTH_TOKEN at the place above", "Restart the service"),
    )


def _diagnosis(*causes: Cause) -> Diagnosis:
    row = CredentialReport(
        "services/api/.env:3", "prod", "api", "auth_token", "fp:766ca481444e", "****4f46", "valid"
    )
    return Diagnosis(
        error="twilio-20003",
        causes=causes,
        credentials=(row,),
        requests=3,
        root="/srv/acme-deploy",
        environments=("prod", "staging"),
    )


def _texts(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def _actions(blocks: list[dict[str, object]]) -> list[dict[str, str]]:
    found = [b for b in blocks if b["type"] == "actions"]
    assert len(found) == 1
    elements = found[0]["elements"]
    assert isinstance(elements, list)
    return elements


def test_top_cause_with_proof_evidence_where_fix_and_buttons() -> None:
    blocks = render_blocks(_diagnosis(_cause(1), _cause(2)), environment="prod")
    assert block_problems(blocks) == []
    text = _texts(blocks)
    assert "most likely Cause number 1" in text and "`prod`" in text
    assert "*proven*" in text and "94% confidence" in text and "`cause-1`" in text
    assert "`services/svc-1/.env:1`" in text
    assert "```TWILIO_AUTH_TOKEN at services/svc-1/.env:1 = ****4f46" in text
    assert "1. Update `TWILIO_AUTH_TOKEN` at the place above" in text
    assert "2. Cause number 2 (proven)" in text
    assert "Scanned `acme-deploy`" in text and "/srv" not in text
    buttons = _actions(blocks)
    assert [b["action_id"] for b in buttons] == [ACTION_ALL_CAUSES, ACTION_RERUN, ACTION_RESOLVED]
    assert all(json.loads(b["value"]) == {"error": "twilio-20003", "env": "prod"} for b in buttons)


def test_all_causes_lists_every_cause_and_drops_its_own_button() -> None:
    blocks = render_blocks(_diagnosis(*(_cause(i) for i in range(1, 5))), all_causes=True)
    assert block_problems(blocks) == []
    text = _texts(blocks)
    assert "4 cause(s)" in text
    for i in range(1, 5):
        assert f"*{i}. Cause number {i}*" in text
    assert [b["action_id"] for b in _actions(blocks)] == [ACTION_RERUN, ACTION_RESOLVED]


def test_huge_diagnoses_stay_within_block_kit_limits() -> None:
    causes = [_cause(i, evidence=200, locations=40) for i in range(1, 40)]
    for all_causes in (False, True):
        blocks = render_blocks(_diagnosis(*causes), environment="prod", all_causes=all_causes)
        assert block_problems(blocks) == [], all_causes
        assert "more" in _texts(blocks)
    top = _texts(render_blocks(_diagnosis(*causes)))
    assert "` and 32 more" in top  # locations beyond the first eight


def test_healthy_and_unknown_environment() -> None:
    blocks = render_blocks(_diagnosis(), environment="qa")
    assert block_problems(blocks) == []
    text = _texts(blocks)
    assert "no cause found" in text
    assert "No credentials of an environment called `qa`" in text
    assert "`prod`, `staging`" in text
    assert [b["action_id"] for b in _actions(blocks)] == [ACTION_RERUN, ACTION_RESOLVED]
    assert render_text(_diagnosis()) == "Twilio 20003: no cause found"


def test_text_fallback_names_the_top_cause() -> None:
    line = render_text(_diagnosis(_cause(1)), environment="prod")
    assert line == (
        "Twilio 20003 in prod: most likely Cause number 1 (proven, 94%) at services/svc-1/.env:1"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<!channel> & <@U123>", "&lt;!channel&gt; &amp; &lt;@U123&gt;"),
        ("set TWILIO_EDGE=dublin.", "set `TWILIO_EDGE=dublin`."),
        ("value ****4f46 is old", "value `****4f46` is old"),
        ("run `printf '%s'` first", "run `printf '%s'` first"),
        ("odd ` tick", "odd ' tick"),
        ("don't panic", "don't panic"),
    ],
)
def test_prose_neutralises_markup(raw: str, expected: str) -> None:
    assert prose(raw) == expected


def test_scanned_text_cannot_ping_or_link() -> None:
    cause = Cause(
        id="x",
        title="Title <!here>",
        severity="high",
        likelihood="common",
        confidence=0.5,
        proof=Proof.LIKELY,
        locations=(Location("<https://evil.example|click>"),),
        evidence=("```<!channel>```",),
        fix=("<@U0BOSS> fix it",),
    )
    text = _texts(render_blocks(_diagnosis(cause)))
    for raw in ("<!here>", "<!channel>", "<https://", "<@U0BOSS>"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text


def test_looking_static_ask_back_help_error() -> None:
    entry = load_entry("twilio-20003")
    for blocks in (
        looking_blocks("Twilio 20003 in prod"),
        static_blocks(entry, reason="Live checks run only in #ops.", environment="prod"),
        ask_back_blocks(
            "why 401?", missing="environment", error="twilio-20003", environments=["prod", "stg"]
        ),
        ask_back_blocks("why is prod down", missing="error", error="twilio-20003"),
        help_blocks(),
        error_blocks("the config is invalid at line 3"),
    ):
        assert block_problems(blocks) == []
    static = _texts(static_blocks(entry, reason="Live checks run only in #ops."))
    assert "Authentication failed" in static and "Live checks run only in #ops." in static
    assert "How to fix it" in static
    picks = _actions(
        ask_back_blocks(
            "why 401?", missing="environment", error="twilio-20003", environments=["prod", "stg"]
        )
    )
    assert [b["text"]["text"] for b in picks] == ["prod", "stg", "All environments"]  # type: ignore[index]
    assert all(b["action_id"].startswith(ACTION_PICK_PREFIX) for b in picks)
    assert [parse_button_value(b["value"], "x").environment for b in picks] == ["prod", "stg", None]


def test_many_environments_fit_one_actions_block() -> None:
    names = [f"env-{i}" for i in range(60)]
    blocks = ask_back_blocks("q", missing="environment", error="twilio-20003", environments=names)
    assert block_problems(blocks) == []


def test_button_values_round_trip_and_tolerate_garbage() -> None:
    value = button_value("twilio-20003", "prod")
    assert parse_button_value(value, "d").environment == "prod"
    assert parse_button_value("not json", "twilio-20003").error == "twilio-20003"
    assert parse_button_value('["x"]', "twilio-20003").environment is None
    assert parse_button_value(None, "twilio-20003").environment is None


def test_resolved_replaces_buttons_with_who() -> None:
    blocks = render_blocks(_diagnosis(_cause(1)), environment="prod")
    resolved = resolved_blocks(blocks, user_id="U0ALICE")
    assert not [b for b in resolved if b["type"] == "actions"]
    assert "Marked resolved by <@U0ALICE>" in _texts(resolved)
    again = resolved_blocks(resolved, user_id="<!channel>")
    assert _texts(again).count("Marked resolved") == 1
    assert "by someone" in _texts(again) and "<!channel>" not in _texts(again)
    assert block_problems(again) == []
