"""Twilio Functions (twilio-run and the hosted runtime): what ``context.getTwilioClient()`` reads.

The runtime builds that client from the service's ``ACCOUNT_SID`` and ``AUTH_TOKEN``
variables (``constructContext`` in twilio-labs' runtime-handler passes ``env.ACCOUNT_SID`` and
``env.AUTH_TOKEN`` to ``twilio(...)``); locally twilio-run fills them from the project's
``.env``. A project whose ``.env`` spells them otherwise builds a client with nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import collect_tree


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CREDENTIAL_SLOTS = {"account_sid", "auth_token", "api_key_sid", "api_key_secret"}
HANDLER = (
    "exports.handler = async function (context, event, callback) {\n"
    "  const client = context.getTwilioClient();\n"
    "  await client.messages.create({ to: event.To, from: context.FROM, body: 'hi' });\n"
    "  callback(null, 'sent');\n"
    "};\n"
)


@pytest.mark.parametrize(
    "relpath",
    ["hotline/functions/send.js", "hotline/functions/admin/send.protected.js", "hotline/src/functions/send.ts"],
)  # fmt: skip
def test_get_twilio_client_reads_account_sid_and_auth_token_of_the_functions_project(
    tmp_path: Path, relpath: str
) -> None:
    _write(tmp_path, relpath, HANDLER)
    found = {(r.slot, r.name, r.service) for r in collect_tree(tmp_path).readings}
    assert found == {
        ("account_sid", "ACCOUNT_SID", "hotline"),
        ("auth_token", "AUTH_TOKEN", "hotline"),
    }


def test_the_reading_names_the_functions_runtime_at_the_call(tmp_path: Path) -> None:
    _write(tmp_path, "hotline/functions/send.js", HANDLER)
    readers = {(r.reader, str(r.location)) for r in collect_tree(tmp_path).readings}
    assert readers == {
        ("twilio functions context.getTwilioClient()", "hotline/functions/send.js:2")
    }


def test_a_handler_with_a_renamed_context_parameter_is_read_too(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "ivr/functions/route.js",
        "exports.handler = (ctx, event, callback) => {\n  const c = ctx.getTwilioClient();\n};\n",
    )
    assert {r.name for r in collect_tree(tmp_path).readings} == {"ACCOUNT_SID", "AUTH_TOKEN"}


def test_an_apps_own_get_twilio_client_helper_is_not_the_functions_runtime(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "web/lib/sms.js",
        "const twilio = require('twilio');\n"
        "function getTwilioClient() {\n"
        "  return twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);\n}\n"
        "const client = getTwilioClient();\nconst other = service.getTwilioClient();\n",
    )
    readings = collect_tree(tmp_path).readings
    assert {r.name for r in readings if r.slot in CREDENTIAL_SLOTS} == {
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
    }
    assert all(r.location.line == 3 for r in readings)


def test_context_variables_passed_to_the_sdk_are_environment_reads(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "relay/functions/forward.js",
        "exports.handler = function (context, event, callback) {\n"
        "  const client = require('twilio')(context.API_KEY, context.API_SECRET, {\n"
        "    accountSid: context.ACCOUNT_SID,\n  });\n};\n",
    )
    readings = collect_tree(tmp_path).readings
    found = {(r.slot, r.name, r.service) for r in readings if r.slot in CREDENTIAL_SLOTS}
    assert found == {
        ("api_key_sid", "API_KEY", "relay"),
        ("api_key_secret", "API_SECRET", "relay"),
        ("account_sid", "ACCOUNT_SID", "relay"),
    }


def test_get_twilio_client_options_carry_region_and_edge(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "au/functions/send.js",
        "exports.handler = function (context, event, callback) {\n"
        "  const client = context.getTwilioClient({\n    region: 'au1',\n    edge: 'sydney',\n  });\n};\n",
    )
    values = collect_tree(tmp_path).values
    assert {(v.field, str(v.location), v.service) for v in values} == {
        ("region", "au/functions/send.js:3", "au"),
        ("edge", "au/functions/send.js:4", "au"),
    }
