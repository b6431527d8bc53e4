"""The leak harness checks itself: the detector finds every encoding it claims to, ignores
what Sherlock may show (masks, fingerprints, masked SIDs), and every planted form gives
Sherlock a credential to report on, so no form passes by testing nothing."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import quote

import pytest

from sherlock.collect import collect_tree
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.records import Field
from sherlock.secrets import Secret
from sherlock_testing.emulators.slack_api import SlackApiEmulator
from tests.leaks.canaries import find_leaks, make_canary, percent_all
from tests.leaks.forms import FORMS, Form, Planted
from tests.leaks.frontends import FRONT_ENDS, Case, api, slack

CANARY = make_canary("self-test")
KEY = make_canary("self-test", kind="key")


def _b64(text: str, urlsafe: bool = False) -> str:
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    return encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("output", "encoding"),
    [
        (f"value={CANARY.secret[3:11]}…", "raw"),
        (f"https://{CANARY.user}:{percent_all(CANARY.secret)}@api.twilio.com", "percent-encoded"),
        (f"data: {_b64(CANARY.secret)}", "base64"),
        (f"Authorization: Basic {_b64(CANARY.user + ':' + CANARY.secret)}", "base64 of SID:secret"),
        (f"dXNl {_b64(KEY.user + ':' + KEY.secret, urlsafe=True)}", "base64 of SID:secret"),
        (quote(f"?t={KEY.secret}", safe=""), "raw"),
    ],
)
def test_the_detector_finds_a_canary_in_every_encoding_it_names(output: str, encoding: str) -> None:
    leaks = find_leaks([CANARY, KEY], {"out": output})
    assert leaks, output
    assert leaks[0].encoding.startswith(encoding)


def test_the_detector_ignores_masks_fingerprints_and_masked_sids() -> None:
    shown = [Secret(c.secret).masked for c in (CANARY, KEY)]
    shown += [Secret(c.user, identifier=True).masked for c in (CANARY, KEY)]
    shown += [Secret(c.secret).fingerprint for c in (CANARY, KEY)]
    assert find_leaks([CANARY, KEY], {"report": " ".join(shown)}) == []


@pytest.mark.filterwarnings("ignore:found duplicate anchor")  # ruamel quotes the line: no gate here
@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_every_form_plants_a_credential_sherlock_finds(form: Form, tmp_path: Path) -> None:
    form.write(tmp_path)
    found = collect_tree(tmp_path).values
    assert {Field.AUTH_TOKEN, Field.API_KEY_SECRET} & {value.field for value in found}


def test_front_ends_and_forms_have_unique_names() -> None:
    for names in ([f.name for f in FRONT_ENDS], [f.name for f in FORMS]):
        assert len(names) == len(set(names))


def test_the_api_and_slack_front_ends_really_answer_and_post(
    planted_trees: dict[str, tuple[Path, Planted]],
    leak_twilio: TwilioEmulator,
    leak_slack: SlackApiEmulator,
) -> None:
    """A front end that silently answered nothing would pass the leak test vacuously."""
    tree, planted = planted_trees["plain"]
    case = Case(FORMS[0], tree, planted, leak_twilio, leak_slack)
    api_out = api(case)
    assert '"chat.postMessage"' in api_out["api -> slack"]
    assert any(name.startswith("api 0 /v1/diagnose 200") for name in api_out)
    slack_out = slack(case)
    assert slack_out["slack acks"] == "[200, 200, 200]"
    assert '"chat.update"' in slack_out["slack payloads"]
