"""twilio-run as package.json scripts run it: the env file a script names, the environment it
deploys to, and credentials passed as flags."""

from __future__ import annotations

import json
from pathlib import Path

from sherlock.providers.twilio.grouping import group_credentials
from tests.collect.builders import KEY_SECRET, KEY_SID, SID, TOKEN, TOKEN_2, raw, scan, write_tree

FUNCTION = "exports.handler = (context, event, callback) => callback(null, 'ok');\n"
PAIR = f"# deploy credentials\nACCOUNT_SID={SID}\nAUTH_TOKEN={TOKEN}\nGREETING=hi\n"


def package(scripts: dict[str, str], **extra: object) -> str:
    """A Functions project's package.json, one script per line (lines 4 onwards)."""
    return json.dumps({"name": "hotline", "private": True, "scripts": scripts, **extra}, indent=2)


def project(scripts: dict[str, str], **files: str) -> dict[str, str]:
    tree = {"hotline/package.json": package(scripts), "hotline/functions/forward.js": FUNCTION}
    tree.update({f"hotline/{name}": text for name, text in files.items()})
    return tree


def mine(tmp_path: Path, files: dict[str, str], **kwargs: object) -> list[tuple[str, ...]]:
    result = scan(write_tree(tmp_path, files), **kwargs)
    return sorted(
        (v.environment, v.field, str(v.location), raw(v))
        for v in result.values
        if v.source_kind == "twilio-functions"
    )


def test_a_deploy_script_loads_its_env_file_into_the_environment_it_deploys_to(
    tmp_path: Path,
) -> None:
    script = {"deploy:prod": "twilio-run deploy --env .env.deploy --environment=prod"}
    got = mine(tmp_path, project(script, **{".env.deploy": PAIR}))
    assert got == [
        ("prod", "account_sid", "hotline/.env.deploy:2", SID),
        ("prod", "auth_token", "hotline/.env.deploy:3", TOKEN),
    ]


def test_the_names_twilio_run_reads_are_readings_at_the_script_line(tmp_path: Path) -> None:
    script = {"start": "twilio-run start", "deploy:prod": "npx twilio-run deploy --env .env.deploy"}
    result = scan(write_tree(tmp_path, project(script, **{".env.deploy": PAIR})))
    got = {
        (r.environment, r.slot, r.name, str(r.location), r.location.key, r.service)
        for r in result.readings
    }
    assert got == {
        ("prod", "account_sid", "ACCOUNT_SID", "hotline/package.json:6", "deploy:prod", "hotline"),
        ("prod", "auth_token", "AUTH_TOKEN", "hotline/package.json:6", "deploy:prod", "hotline"),
    }


def test_the_environment_comes_from_the_flag_before_the_script_name(tmp_path: Path) -> None:
    scripts = {
        "deploy:staging": "twilio-run deploy --env .env.remote --environment stage",
        "deploy:live": "twilio-run deploy --env .env.cloud --production",
        "ship:prod": "twilio-run deploy --env=.env.secrets",
        "deploy": "twilio-run deploy --env .env.plain",
    }
    files = {
        ".env.remote": PAIR,
        ".env.cloud": PAIR,
        ".env.secrets": PAIR,
        ".env.plain": PAIR,
    }
    got = {
        (env, loc.split(":")[0]) for env, _f, loc, _v in mine(tmp_path, project(scripts, **files))
    }
    assert got == {
        ("staging", "hotline/.env.remote"),
        ("prod", "hotline/.env.cloud"),
        ("prod", "hotline/.env.secrets"),
        ("dev", "hotline/.env.plain"),  # twilio-run's own default environment
    }


def test_a_start_script_runs_locally_with_the_environment_of_the_file_it_loads(
    tmp_path: Path,
) -> None:
    script = {"start": "twilio-run start --env .env.stage"}
    result = scan(write_tree(tmp_path, project(script, **{".env.stage": PAIR})))
    assert {(r.environment, r.name) for r in result.readings} == {
        ("staging", "ACCOUNT_SID"),
        ("staging", "AUTH_TOKEN"),
    }
    assert {v.environment for v in result.values} == {"staging"}
    assert [v for v in result.values if v.source_kind == "twilio-functions"] == []


def test_literal_credential_flags_are_values_at_the_script_line(tmp_path: Path) -> None:
    script = {"deploy:prod": f"twilio-run deploy -u {SID} --password {TOKEN} --production"}
    result = scan(write_tree(tmp_path, project(script)))
    got = {
        (v.environment, v.field, str(v.location), v.location.key, raw(v))
        for v in result.values
        if v.source_kind == "twilio-functions"
    }
    assert got == {
        ("prod", "account_sid", "hotline/package.json:5", "deploy:prod", SID),
        ("prod", "auth_token", "hotline/package.json:5", "deploy:prod", TOKEN),
    }
    assert result.readings == []  # nothing is looked up by name: the flags give both halves


def test_twilio_run_2_flag_names_and_api_keys_are_read_too(tmp_path: Path) -> None:
    scripts = {
        "deploy:prod": f"twilio-run deploy --account-sid={SID} --auth-token={TOKEN} --production",
        "deploy:staging": f"twilio-run deploy --username {KEY_SID} --password {KEY_SECRET} "
        "--environment staging",
    }
    got = {(e, f, v) for e, f, _loc, v in mine(tmp_path, project(scripts))}
    assert got == {
        ("prod", "account_sid", SID),
        ("prod", "auth_token", TOKEN),
        ("staging", "api_key_sid", KEY_SID),
        ("staging", "api_key_secret", KEY_SECRET),
    }


def test_a_password_flag_hides_the_env_file_token_it_overrides(tmp_path: Path) -> None:
    script = {
        "deploy:prod": f"twilio-run deploy --env .env.deploy --password {TOKEN_2} --production"
    }
    result = scan(write_tree(tmp_path, project(script, **{".env.deploy": PAIR})))
    [token] = [
        v for v in result.values if v.source_kind == "twilio-functions" and v.field == "auth_token"
    ]
    assert (str(token.location), raw(token)) == ("hotline/package.json:5", TOKEN_2)
    assert [(str(s.value.location), raw(s.value)) for s in token.shadows] == [
        ("hotline/.env.deploy:3", TOKEN)
    ]
    [cred] = [c for c in group_credentials(result.values) if c.environment == "prod"]
    assert cred.account_sid is not None and raw(cred.account_sid) == SID


def test_a_flag_given_a_variable_is_a_reading_of_that_variable(tmp_path: Path) -> None:
    script = {
        "deploy:prod": "twilio-run deploy -u $PROD_ACCOUNT_SID --password ${PROD_AUTH_TOKEN} "
        "--production"
    }
    result = scan(write_tree(tmp_path, project(script)))
    got = {(r.environment, r.slot, r.name, str(r.location)) for r in result.readings}
    assert got == {
        ("prod", "account_sid", "PROD_ACCOUNT_SID", "hotline/package.json:5"),
        ("prod", "auth_token", "PROD_AUTH_TOKEN", "hotline/package.json:5"),
    }
    assert [v for v in result.values if v.source_kind == "twilio-functions"] == []


def test_the_twilio_cli_plugin_deploys_with_its_profile_not_the_env_file(tmp_path: Path) -> None:
    script = {"deploy:prod": "twilio serverless:deploy --env .env.deploy --environment=prod"}
    result = scan(write_tree(tmp_path, project(script, **{".env.deploy": PAIR})))
    assert [v for v in result.values if v.source_kind == "twilio-functions"] == []
    assert result.readings == []


def test_cd_and_cwd_move_the_project_twilio_run_reads(tmp_path: Path) -> None:
    files = {
        "flex/package.json": package(
            {
                "deploy:functions": "cd serverless && twilio-run deploy --env .env.deploy "
                "--environment=prod",
                "deploy:other": "twilio-run deploy --cwd ./other --env .env.deploy "
                "--environment=staging",
            }
        ),
        "flex/serverless/functions/a.js": FUNCTION,
        "flex/serverless/.env.deploy": PAIR,
        "flex/other/assets/index.html": "<p>hi</p>\n",
        "flex/other/.env.deploy": PAIR,
    }
    got = {(env, loc) for env, _f, loc, _v in mine(tmp_path, files)}
    assert got == {
        ("prod", "flex/serverless/.env.deploy:2"),
        ("prod", "flex/serverless/.env.deploy:3"),
        ("staging", "flex/other/.env.deploy:2"),
        ("staging", "flex/other/.env.deploy:3"),
    }


def test_comment_keys_and_projects_without_functions_are_not_read(tmp_path: Path) -> None:
    files = {
        "hotline/package.json": package(
            {"//": "deploy: twilio-run deploy --env .env.example --environment=prod"}
        ),
        "hotline/functions/a.js": FUNCTION,
        "hotline/.env.example": "ACCOUNT_SID=ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nAUTH_TOKEN=your_token\n",
        "web/package.json": package(
            {"deploy:prod": "twilio-run deploy --env .env.deploy --production"}
        ),
        "web/.env.deploy": PAIR,
    }
    result = scan(write_tree(tmp_path, files))
    assert [v for v in result.values if v.source_kind == "twilio-functions"] == []
    assert result.readings == []


def test_a_named_env_file_missing_from_the_tree_is_a_note(tmp_path: Path) -> None:
    script = {"deploy:prod": "twilio-run deploy --env .env.deploy --production"}
    result = scan(write_tree(tmp_path, project(script)))
    notes = [n for n in result.notes if n.location == "hotline/package.json:5"]
    assert len(notes) == 1 and "hotline/.env.deploy" in notes[0].message
    assert [v for v in result.values if v.source_kind == "twilio-functions"] == []


def test_an_env_file_already_read_in_that_environment_is_not_counted_twice(
    tmp_path: Path,
) -> None:
    script = {"deploy:prod": "twilio-run deploy --env .env.prod --environment=prod"}
    result = scan(write_tree(tmp_path, project(script, **{".env.prod": PAIR})))
    creds = [c for c in group_credentials(result.values) if c.environment == "prod"]
    assert len(creds) == 1
    assert {r.name for r in result.readings} == {"ACCOUNT_SID", "AUTH_TOKEN"}


def test_a_package_json_that_is_not_json_is_a_note(tmp_path: Path) -> None:
    files = {
        "hotline/package.json": '{"scripts": {"deploy": "twilio-run deploy",}\n',
        "hotline/functions/a.js": FUNCTION,
    }
    result = scan(write_tree(tmp_path, files))
    assert [n.location for n in result.notes] == ["hotline/package.json"]
    assert result.values == []


def test_a_quoted_flag_value_keeps_what_sh_keeps(tmp_path: Path) -> None:
    scripts = {
        "deploy:prod": f"twilio-run deploy -u {SID} --password '\"{TOKEN}\"' --production",
        "deploy:staging": f"twilio-run deploy -u {SID} --password '{TOKEN}\n' --to staging",
    }
    got = {(e, v) for e, f, _loc, v in mine(tmp_path, project(scripts)) if f == "auth_token"}
    assert got == {("prod", f'"{TOKEN}"'), ("staging", f"{TOKEN}\n")}


def test_a_script_sh_cannot_split_is_not_read(tmp_path: Path) -> None:
    script = {"deploy:prod": f"twilio-run deploy --password '{TOKEN} --production"}
    assert mine(tmp_path, project(script)) == []


def test_a_package_json_of_a_framework_project_is_read_for_both(tmp_path: Path) -> None:
    scripts = {
        "build": "next build",
        "deploy:prod": "twilio-run deploy --env .env.deploy --production",
    }
    files = {
        "hotline/package.json": package(scripts, dependencies={"next": "14.2.5"}),
        "hotline/functions/forward.js": FUNCTION,
        "hotline/.env.deploy": PAIR,
        "hotline/.env.production": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\n",
        "hotline/.env.local": f"TWILIO_AUTH_TOKEN={TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, files))
    consumers = {v.consumer.split(" (")[0] for v in result.values}
    assert {"twilio-run deploy", "Next.js"} <= consumers
