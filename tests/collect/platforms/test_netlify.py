"""Netlify: ``netlify.toml`` environment blocks, per deploy context."""

from __future__ import annotations

from pathlib import Path

from sherlock.models import FoundValue
from tests.collect.builders import SID, TOKEN, TOKEN_2, scan, write_tree

SITE = f"""[build]
  command = "npm run build"
  functions = "netlify/functions"

[build.environment]
  NODE_VERSION = "20"
  TWILIO_ACCOUNT_SID = "{SID}"

[context.production.environment]
  TWILIO_AUTH_TOKEN = "{TOKEN}"

[context.deploy-preview]
  command = "npm run build:preview"
  environment = {{ TWILIO_AUTH_TOKEN = "{TOKEN_2}" }}

[context.staging.environment]
  TWILIO_AUTH_TOKEN = "{TOKEN_2}"
"""


def _netlify(tmp_path: Path, text: str, relpath: str = "netlify.toml") -> list[FoundValue]:
    result = scan(write_tree(tmp_path, {relpath: text}))
    return [v for v in result.values if v.source_kind == "netlify"]


def test_each_deploy_context_gets_the_build_sid_and_its_own_token(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"netlify.toml": SITE}))
    mine = [v for v in result.values if v.source_kind == "netlify"]
    seen = {(v.environment, v.field, str(v.location)) for v in mine}
    assert seen == {
        ("prod", "account_sid", "netlify.toml:7"),
        ("prod", "auth_token", "netlify.toml:10"),
        ("preview", "account_sid", "netlify.toml:7"),
        ("preview", "auth_token", "netlify.toml:14"),
        ("staging", "account_sid", "netlify.toml:7"),
        ("staging", "auth_token", "netlify.toml:17"),
    }
    assert len({v.scope for v in mine if v.environment == "prod"}) == 1


def test_a_context_value_overrides_the_build_value_and_keeps_it_as_shadowed(
    tmp_path: Path,
) -> None:
    text = f'[build.environment]\nTWILIO_AUTH_TOKEN = "{TOKEN_2}"\nTWILIO_ACCOUNT_SID = "{SID}"\n'
    text += f'[context.production.environment]\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n'
    result = scan(write_tree(tmp_path, {"netlify.toml": text}))
    [token] = [v for v in result.values if v.field == "auth_token"]
    assert token.value.reveal() == TOKEN and str(token.location) == "netlify.toml:5"
    assert [s.value.value.reveal() for s in token.shadows] == [TOKEN_2]


def test_build_environment_alone_is_one_default_set(tmp_path: Path) -> None:
    text = f'[build.environment]\nTWILIO_ACCOUNT_SID = "{SID}"\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n'
    mine = _netlify(tmp_path, text)
    assert [(v.field, v.environment) for v in mine] == [
        ("account_sid", "default"),
        ("auth_token", "default"),
    ]


def test_location_names_the_table_and_key(tmp_path: Path) -> None:
    [*_, token] = _netlify(tmp_path, SITE)
    assert token.location.key == "context.staging.environment.TWILIO_AUTH_TOKEN"


def test_a_site_in_a_monorepo_folder_names_its_service(tmp_path: Path) -> None:
    mine = _netlify(tmp_path, SITE, "sites/storefront/netlify.toml")
    assert {v.service for v in mine} == {"storefront"}


def test_broken_toml_is_a_note_not_a_crash(tmp_path: Path) -> None:
    text = f'[build.environment]\nTWILIO_AUTH_TOKEN = "{TOKEN}\n'
    result = scan(write_tree(tmp_path, {"netlify.toml": text}))
    assert [n.location for n in result.notes if "TOML" in n.message] == ["netlify.toml:2"]
    assert result.values == []


def test_a_netlify_toml_without_twilio_names_is_not_parsed(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"netlify.toml": "[build\ncommand = 'x'\n"}))
    assert result.notes == [] and result.values == []


def test_a_context_with_only_the_build_sid_is_held_back_not_missing(tmp_path: Path) -> None:
    text = f'[build.environment]\nTWILIO_ACCOUNT_SID = "{SID}"\n'
    text += '[context.deploy-preview.environment]\nSMS_DISABLED = "1"\n'
    result = scan(write_tree(tmp_path, {"netlify.toml": text}))
    assert [v for v in result.values if v.source_kind == "netlify"] == []
    assert any("Netlify" in n.message and n.location == "netlify.toml:2" for n in result.notes)
