"""Reading questions the way people ask them, and who may trigger live checks."""

from __future__ import annotations

import asyncio

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.config.schema import SlackSettings
from sherlock.slack.access import NOT_ALLOWED, NOT_CONFIGURED, LiveAccess
from sherlock.slack.question import clean_slack_text, parse_command, parse_question
from sherlock_testing.emulators.slack_api import DEFAULT_BOT_TOKEN, SlackApiEmulator

ENVS = ("prod", "staging", "dev")


@pytest.mark.parametrize(
    ("text", "error", "environment", "missing"),
    [
        ("<@U0SHERLOCK> why is prod getting 20003?", "twilio-20003", "prod", None),
        ("auth failures in staging again", "twilio-20003", "staging", None),
        ("production is throwing 401s", "twilio-20003", "prod", None),
        ("Unauthorized from Twilio on stage", "twilio-20003", "staging", None),
        ("invalid credentials in development", "twilio-20003", "dev", None),
        (
            "HTTP 401 error: Unable to fetch record: Authenticate (prod)",
            "twilio-20003",
            "prod",
            None,
        ),
        ("twilio-20003 prd", "twilio-20003", "prod", None),
        ("why 401?", "twilio-20003", None, "environment"),
        ("20003 in prod and staging", "twilio-20003", None, "environment"),
        ("why is prod down?", None, "prod", "error"),
        ("error 30008 in prod", None, "prod", "error"),
        ("stripe says 401 in prod", None, "prod", "error"),
    ],
)
def test_questions(
    text: str, error: str | None, environment: str | None, missing: str | None
) -> None:
    question = parse_question(text, ENVS)
    assert (question.error, question.environment, question.missing(ENVS)) == (
        error,
        environment,
        missing,
    )


def test_everywhere_means_every_environment() -> None:
    question = parse_question("20003 everywhere", ENVS)
    assert question.all_environments and question.missing(ENVS) is None
    assert question.describe() == "Twilio 20003 in every environment"


def test_plain_english_words_are_not_environments() -> None:
    question = parse_question("is the live test failing with 20003?", ENVS)
    assert question.environment is None and question.mentioned_environments == ()
    assert parse_question("20003 in live", ("live", "stage")).environment == "live"


def test_without_configured_environments_aliases_are_canonical_and_nothing_is_asked() -> None:
    assert parse_question("20003 in production").environment == "prod"
    assert parse_question("why 401?").missing(()) is None


def test_aliases_map_to_the_configured_name() -> None:
    assert parse_question("401 in prod", ("production", "staging")).environment == "production"
    question = parse_question("401 in dev", ("production", "staging"))
    assert question.unknown_environment == "dev" and question.missing(ENVS) == "environment"


def test_unsupported_codes_and_providers_say_why() -> None:
    assert "not 30008" in (parse_question("error 30008", ENVS).unsupported or "")
    assert "not stripe's" in (parse_question("stripe 401", ENVS).unsupported or "")
    # a Twilio code beside another provider's name is still Twilio's
    assert parse_question("20003 since the AWS secret rotation", ENVS).error == "twilio-20003"


@pytest.mark.parametrize("text", ["", "help", "  ?  ", "<@U0SHERLOCK>", "what can you do?"])
def test_help(text: str) -> None:
    assert parse_question(text, ENVS).is_help


@pytest.mark.parametrize(
    ("text", "environment", "unknown", "help"),
    [
        ("", None, None, True),
        ("help", None, None, True),
        ("diagnose", None, None, False),
        ("diagnose 20003 prod", "prod", None, False),
        ("diagnose twilio-20003 in staging", "staging", None, False),
        ("diagnose auth failure qa", None, "qa", False),
        ("diagnose prod", "prod", None, False),
    ],
)
def test_slash_command(text: str, environment: str | None, unknown: str | None, help: bool) -> None:
    question = parse_command(text, ENVS)
    assert question.is_help is help
    if not help:
        assert question.error == "twilio-20003"
        assert (question.environment, question.unknown_environment) == (environment, unknown)


def test_slack_markup_is_undone_and_secrets_redacted() -> None:
    text = "<@U1> <#C1|ops> see <https://x.example/a|the log> &lt;b&gt; token=0123456789abcdef0123456789abcdef"
    cleaned = clean_slack_text(text)
    assert cleaned.startswith("#ops see the log <b> token=")
    assert "0123456789abcdef0123" not in cleaned


def _decide(
    settings: SlackSettings, emulator: SlackApiEmulator, channel: str, user: str
) -> tuple[bool, str]:
    async def run() -> tuple[bool, str]:
        access = LiveAccess(
            settings, AsyncWebClient(token=DEFAULT_BOT_TOKEN, base_url=emulator.base_url)
        )
        decision = await access.decide(channel=channel, user=user)
        return decision.live, decision.reason

    return asyncio.run(run())


def test_live_access_by_id_name_and_user() -> None:
    with SlackApiEmulator() as emulator:
        emulator.add_channel("C0OPS", "ops-incidents")
        emulator.add_channel("C0CHAT", "random")
        settings = SlackSettings(
            allowed_channels=["C0WARROOM", "#ops-incidents"], allowed_users=["U0BOSS"]
        )
        assert _decide(settings, emulator, "C0WARROOM", "U0X")[0]
        assert _decide(settings, emulator, "C0OPS", "U0X")[0]
        assert _decide(settings, emulator, "C0CHAT", "U0BOSS")[0]
        assert _decide(settings, emulator, "C0CHAT", "U0X") == (False, NOT_ALLOWED)
        # a channel Slack cannot describe is not allowed
        assert _decide(settings, emulator, "C0UNKNOWN", "U0X") == (False, NOT_ALLOWED)
        assert _decide(SlackSettings(), emulator, "C0WARROOM", "U0BOSS") == (False, NOT_CONFIGURED)
        assert [c.params["channel"] for c in emulator.calls_to("conversations.info")] == [
            "C0OPS",
            "C0CHAT",
            "C0UNKNOWN",
        ]
