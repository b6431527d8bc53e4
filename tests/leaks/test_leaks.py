"""The leak harness: every front end over every planted form, and not one 8-character piece
of a canary (raw, percent-encoded or base64) in anything it printed, answered, posted or
logged.

Pairs that leak today are listed in :data:`KNOWN_LEAKS` with the reason; they are strict
xfails, so the day an owner's fix lands the test fails until the entry is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock_testing.emulators.slack_api import SlackApiEmulator
from tests.leaks.canaries import Canary, find_leaks
from tests.leaks.forms import FORMS, Planted
from tests.leaks.frontends import API_TOKEN, FRONT_ENDS, SIGNING_SECRET, Case, FrontEnd

#: Sherlock's own secrets in the server and Slack front ends: never echoed either.
SERVER_SECRETS = [
    Canary("server API token", "", API_TOKEN),
    Canary("Slack signing secret", "", SIGNING_SECRET),
]

#: (front end, form) → why it leaks today. Remove an entry when its owner's fix lands.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def _cases() -> list[pytest.ParameterSet]:
    cases = []
    for front in FRONT_ENDS:
        for form in FORMS:
            reason = KNOWN_LEAKS.get((front.name, form.name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(
                pytest.param(front, form.name, id=f"{front.name}-{form.name}", marks=marks)
            )
    return cases


@pytest.mark.parametrize(("front", "form_name"), _cases())
def test_no_piece_of_a_canary_reaches_any_output(
    front: FrontEnd,
    form_name: str,
    planted_trees: dict[str, tuple[Path, Planted]],
    leak_twilio: TwilioEmulator,
    leak_slack: SlackApiEmulator,
) -> None:
    tree, planted = planted_trees[form_name]
    form = next(f for f in FORMS if f.name == form_name)
    outputs = front.run(Case(form, tree, planted, leak_twilio, leak_slack))
    assert any(text.strip() for text in outputs.values()), "the front end produced nothing"
    leaks = find_leaks([form.canary, *SERVER_SECRETS], outputs)
    assert not leaks, "\n".join(str(leak) for leak in leaks)
