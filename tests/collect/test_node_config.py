"""node-config: what a Node process reads from its ``config/`` folder and its environment.

node-config loads ``default``, then the ``NODE_CONFIG_ENV``/``NODE_ENV`` file, then ``local``
and ``local-{env}``, each deep-merged over the ones before; ``$NODE_CONFIG`` merges over the
files, and ``custom-environment-variables`` maps keys to variables that, when set and not
empty, win over all of them. The winner is what ``config.get('twilio.authToken')`` returns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.node_config_files import split_name
from sherlock.collect.node_config_literal import LiteralError, js_leaves, json5_leaves
from sherlock.models import FoundValue

from .builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

PACKAGE = (
    '{\n  "name": "notify-api",\n  "dependencies": { "config": "^3.3.12", "twilio": "^5.3.0" }\n}\n'
)


def _json(sid: str | None, token: str | None) -> str:
    keys = []
    if sid is not None:
        keys.append(f'    "accountSid": "{sid}"')
    if token is not None:
        keys.append(f'    "authToken": "{token}"')
    body = ",\n".join(keys)
    return f'{{\n  "twilio": {{\n{body}\n  }}\n}}\n'


def _compose(environment: str) -> str:
    return f"services:\n  api:\n    build: .\n    environment:\n{environment}"


def _node(values: list[FoundValue], environment: str | None = None) -> dict[str, FoundValue]:
    return {
        v.field: v
        for v in values
        if v.source_kind == "node-config" and (environment is None or v.environment == environment)
    }


def test_production_file_token_wins_over_default_and_hides_it(tmp_path: Path) -> None:
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, TOKEN),
        "config/production.json": _json(None, TOKEN_2),
        "compose.yaml": _compose("      NODE_ENV: production\n"),
    }
    prod = _node(scan(write_tree(tmp_path, files)).values, "prod")
    token, sid = prod["auth_token"], prod["account_sid"]
    assert raw(token) == TOKEN_2 and str(token.location) == "config/production.json:3"
    assert token.location.key == "twilio.authToken"
    [hidden] = token.shadows
    assert (str(hidden.value.location), raw(hidden.value)) == ("config/default.json:4", TOKEN)
    assert hidden.rule == "node-config: production.json overrides default.json"
    assert raw(sid) == SID and sid.scope == token.scope


def test_a_deployment_runs_only_its_own_environment_file(tmp_path: Path) -> None:
    """NODE_ENV=production never loads staging.json; staging's file is still a run of its own."""
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, None),
        "config/production.json": _json(None, TOKEN),
        "config/staging.json": _json(SID_2, TOKEN_2),
        "compose.yaml": _compose("      NODE_ENV: production\n"),
    }
    values = scan(write_tree(tmp_path, files)).values
    prod, staging = _node(values, "prod"), _node(values, "staging")
    assert (raw(prod["account_sid"]), raw(prod["auth_token"])) == (SID, TOKEN)
    assert (raw(staging["account_sid"]), raw(staging["auth_token"])) == (SID_2, TOKEN_2)
    assert prod["auth_token"].scope != staging["auth_token"].scope


def test_without_a_deployment_the_development_run_reads_default_and_local(tmp_path: Path) -> None:
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, TOKEN_2),
        "config/local.json": _json(None, TOKEN),
    }
    dev = _node(scan(write_tree(tmp_path, files)).values, "dev")
    assert (
        raw(dev["auth_token"]) == TOKEN and str(dev["auth_token"].location) == "config/local.json:3"
    )
    assert [raw(s.value) for s in dev["auth_token"].shadows] == [TOKEN_2]


def test_node_config_env_names_the_files_over_node_env(tmp_path: Path) -> None:
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, None),
        "config/production.json": _json(None, TOKEN_2),
        "config/staging.json": _json(None, TOKEN),
        "compose.yaml": _compose("      NODE_ENV: production\n      NODE_CONFIG_ENV: staging\n"),
    }
    values = _node(scan(write_tree(tmp_path, files)).values, "staging")
    assert raw(values["auth_token"]) == TOKEN
    assert "compose:api" in values["auth_token"].scope


def test_mapped_variable_set_by_the_deployment_wins_over_every_file(tmp_path: Path) -> None:
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, TOKEN_2),
        "config/custom-environment-variables.json": (
            '{\n  "twilio": {\n    "authToken": "TWILIO_AUTH_TOKEN"\n  }\n}\n'
        ),
        "compose.yaml": _compose(f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"),
    }
    result = scan(write_tree(tmp_path, files))
    used = _node(result.values)
    token = used["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "compose.yaml:5"
    assert token.name == "TWILIO_AUTH_TOKEN" and raw(used["account_sid"]) == SID
    [hidden] = token.shadows
    assert raw(hidden.value) == TOKEN_2
    assert hidden.rule.startswith("node-config: custom-environment-variables")


def test_a_mapped_variable_no_file_backs_is_a_reading_of_its_name(tmp_path: Path) -> None:
    """With no file value under it, the mapped name alone decides what the client gets."""
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, None),
        "config/custom-environment-variables.json": (
            '{\n  "twilio": {\n    "authToken": "NOTIFY_TWILIO_TOKEN"\n  }\n}\n'
        ),
        "compose.yaml": _compose(f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"),
    }
    result = scan(write_tree(tmp_path, files))
    assert "auth_token" not in _node(result.values)  # nothing fills twilio.authToken
    [reading] = [r for r in result.readings if r.reader.startswith("node-config")]
    assert (reading.slot, reading.name, str(reading.location), reading.service) == (
        "auth_token",
        "NOTIFY_TWILIO_TOKEN",
        "config/custom-environment-variables.json:3",
        "api",
    )


def test_mapped_variables_alone_make_a_run_when_no_file_sets_a_credential(tmp_path: Path) -> None:
    files = {
        "package.json": PACKAGE,
        "config/default.json": '{ "port": 3000 }\n',
        "config/custom-environment-variables.json": (
            '{ "twilio": { "accountSid": "TWILIO_ACCOUNT_SID", "authToken": "TWILIO_AUTH_TOKEN" } }'
        ),
        "compose.yaml": _compose(
            f"      TWILIO_ACCOUNT_SID: {SID}\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        ),
    }
    used = _node(scan(write_tree(tmp_path, files)).values)
    assert (raw(used["account_sid"]), raw(used["auth_token"])) == (SID, TOKEN)
    assert {str(v.location) for v in used.values()} == {"compose.yaml:5", "compose.yaml:6"}
    assert used["auth_token"].scope == used["account_sid"].scope


def test_two_variable_maps_fill_one_run_emitted_once(tmp_path: Path) -> None:
    """custom-environment-variables.json and .yml both load (yml later, in extension order)."""
    files = {
        "package.json": PACKAGE,
        "config/custom-environment-variables.json": '{"twilio": {"accountSid": "SID"}}',
        "config/custom-environment-variables.yml": "twilio:\n  authToken: TWILIO_AUTH_TOKEN\n",
        "compose.yaml": _compose(f"      SID: {SID}\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"),
    }
    values = [v for v in scan(write_tree(tmp_path, files)).values if v.source_kind == "node-config"]
    assert sorted((v.field, str(v.location)) for v in values) == [
        ("account_sid", "compose.yaml:5"),
        ("auth_token", "compose.yaml:6"),
    ]


def test_an_empty_mapped_variable_leaves_the_file_value(tmp_path: Path) -> None:
    """substituteDeep skips a variable that is set to the empty string."""
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, TOKEN),
        "config/custom-environment-variables.yml": (
            "twilio:\n  authToken:\n    __name: TWILIO_AUTH_TOKEN\n    __format: string\n"
        ),
        "compose.yaml": _compose('      TWILIO_AUTH_TOKEN: ""\n'),
    }
    result = scan(write_tree(tmp_path, files))
    token = _node(result.values)["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "config/default.json:4"
    # the file value stays whatever the variable holds, so its name is no reading to check
    assert not [r for r in result.readings if r.reader.startswith("node-config")]


def test_node_config_variable_merges_over_the_files(tmp_path: Path) -> None:
    config = '{"twilio": {"authToken": "' + TOKEN + '"}}'
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, TOKEN_2),
        "compose.yaml": _compose(f"      NODE_CONFIG: '{config}'\n"),
    }
    token = _node(scan(write_tree(tmp_path, files)).values)["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "compose.yaml:5"
    assert [raw(s.value) for s in token.shadows] == [TOKEN_2]


def test_json5_comments_single_quotes_and_trailing_commas_are_read(tmp_path: Path) -> None:
    text = (
        "{\n  // Twilio, rotated in March\n  twilio: {\n"
        f"    accountSid: '{SID}',\n    /* the live token */\n    authToken: \"{TOKEN}\",\n  }},\n}}\n"
    )
    files = {"package.json": PACKAGE, "config/default.json5": text}
    dev = _node(scan(write_tree(tmp_path, files)).values)
    assert str(dev["account_sid"].location) == "config/default.json5:4"
    assert raw(dev["auth_token"]) == TOKEN and dev["auth_token"].location.line == 6


def test_yaml_file_of_one_stem_loads_after_its_json(tmp_path: Path) -> None:
    """Extension order js, …, json, …, yaml, yml: default.yml is merged over default.json."""
    files = {
        "package.json": PACKAGE,
        "config/default.json": _json(SID, TOKEN_2),
        "config/default.yml": f"twilio:\n  authToken: '{TOKEN}'\n",
    }
    token = _node(scan(write_tree(tmp_path, files)).values)["auth_token"]
    assert raw(token) == TOKEN and str(token.location) == "config/default.yml:2"


def test_properties_sections_nest_their_keys(tmp_path: Path) -> None:
    text = f"[twilio]\naccountSid = {SID}\nauthToken = {TOKEN}\n"
    files = {"package.json": PACKAGE, "config/production.properties": text}
    prod = _node(scan(write_tree(tmp_path, files)).values, "prod")
    assert prod["auth_token"].location.key == "twilio.authToken"
    assert str(prod["auth_token"].location) == "config/production.properties:3"


def test_js_config_literals_are_values_and_process_env_is_a_reading(tmp_path: Path) -> None:
    text = (
        "const { defer } = require('config/defer');\n"
        "module.exports = {\n"
        "  twilio: {\n"
        f"    accountSid: '{SID}',\n"
        "    authToken: process.env.NOTIFY_TWILIO_TOKEN,\n"
        "    apiSecret: defer(function () { return vault.read('twilio'); }),\n"
        "  },\n"
        "};\n"
    )
    files = {"package.json": PACKAGE, "config/default.json": _json(SID_2, TOKEN_2)}
    files["config/production.js"] = text
    result = scan(write_tree(tmp_path, files))
    prod = _node(result.values, "prod")
    assert (
        raw(prod["account_sid"]) == SID
        and str(prod["account_sid"].location) == "config/production.js:4"
    )
    assert "auth_token" not in prod  # the process reads the variable, never default.json's token
    [reading] = [r for r in result.readings if r.location.path == "config/production.js"]
    assert (reading.slot, reading.name, reading.location.line) == (
        "auth_token",
        "NOTIFY_TWILIO_TOKEN",
        5,
    )
    assert any(
        n.location == "config/production.js:6" and "computed" in n.message for n in result.notes
    )


def test_a_computed_credential_is_noted_without_the_literal_inside_it(tmp_path: Path) -> None:
    text = (
        "module.exports = {\n  twilio: {\n"
        f"    authToken: process.env.TWILIO_AUTH_TOKEN || '{TOKEN}',\n"
        f"    apiSecret: ['{TOKEN_2}'].join(''),\n"
        "  },\n};\n"
    )
    files = {"package.json": PACKAGE, "config/default.js": text}
    result = scan(write_tree(tmp_path, files))  # scan() fails on any raw value in a note
    [reading] = [r for r in result.readings if r.location.path == "config/default.js"]
    assert (reading.name, reading.has_default) == ("TWILIO_AUTH_TOKEN", True)
    [note] = [n for n in result.notes if n.location == "config/default.js:4"]
    assert "twilio.apiSecret is computed" in note.message
    assert _node(result.values) == {}


def test_a_config_folder_without_package_json_is_not_node_config(tmp_path: Path) -> None:
    files = {"config/production.json": _json(SID, TOKEN)}
    assert _node(scan(write_tree(tmp_path, files)).values) == {}


def test_a_js_module_named_after_its_job_is_left_to_the_code_reader(tmp_path: Path) -> None:
    text = f"module.exports = {{ twilio: {{ authToken: '{TOKEN}', accountSid: '{SID}' }} }};\n"
    files = {"package.json": PACKAGE, "config/twilio.js": text}
    values = scan(write_tree(tmp_path, files)).values
    assert _node(values) == {}


def test_invalid_json5_is_a_note_that_quotes_no_value(tmp_path: Path) -> None:
    text = f'{{\n  "twilio": {{\n    "authToken": "{TOKEN}"\n    "accountSid": "{SID}"\n  }}\n}}\n'
    files = {"package.json": PACKAGE, "config/default.json": text}
    result = scan(write_tree(tmp_path, files))  # scan() fails on any raw value in a note
    assert _node(result.values) == {}
    assert any(n.location == "config/default.json:4" for n in result.notes)


@pytest.mark.parametrize(
    "text",
    ["{", '{"a": }', "{'a': process.env.X}", '{"a": 1 "b": 2}', "{" * 40 + "}" * 40],
)
def test_broken_json5_raises_only_literal_error(text: str) -> None:
    with pytest.raises(LiteralError):
        json5_leaves(text)


def test_escapes_decode_as_json5_and_an_impossible_code_point_stays_as_written() -> None:
    [a, b] = json5_leaves("{a: 'it\\'s\\u0041\\x42', b: \"\\u{110000}\"}")
    assert (a.value, b.value) == ("it'sAB", "\\u{110000}")


@pytest.mark.parametrize(
    "text",
    ["module.exports = () => ({ a: 1 });", "class A {}", "module.exports = {", "`", ""],
)
def test_js_without_a_readable_object_is_none(text: str) -> None:
    assert js_leaves(text) is None


@pytest.mark.parametrize(
    ("name", "loaded"),
    [
        ("default.json5", True),
        ("uat.yml", True),
        ("live.js", True),
        ("local-production.ts", True),
        ("custom-environment-variables.js", True),
        ("database.json", True),  # a data file may be any deployment's name
        ("twilio.js", False),  # a module named after its job is code
        ("jest.config.js", False),
        ("local.example.json", False),
        ("default.hjson", False),
    ],
)
def test_which_config_names_node_config_may_load(name: str, loaded: bool) -> None:
    assert (split_name(name) is not None) is loaded
