"""pydantic-settings: which environment variable each ``BaseSettings`` field really reads.

A field is filled from the variable named ``env_prefix + field name`` (case-insensitive by
default), or from its ``alias``/``validation_alias`` (no prefix); ``AliasChoices`` lists several.
Those names are readings, so a ``.env`` that sets ``TWILIO_AUTH_TOKEN`` for a class that reads
``APP_TWILIO_AUTH_TOKEN`` is a name mismatch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.pydantic_settings import PydanticSettingsCollector

from .builders import SID, TOKEN, scan, write_tree


def _readings(files: dict[str, str], tmp_path: Path) -> set[tuple[str, str, bool, int | None]]:
    result = scan(write_tree(tmp_path, files))
    return {
        (r.slot, r.name, r.has_default, r.location.line)
        for r in result.readings
        if r.reader == "pydantic-settings"
    }


MODEL_CONFIG = """from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")

    database_url: str
    twilio_account_sid: str = ""
    twilio_auth_token: str
"""


def test_fields_read_the_prefixed_variable_at_the_field_line(tmp_path: Path) -> None:
    assert _readings({"app/core/config.py": MODEL_CONFIG}, tmp_path) == {
        ("account_sid", "APP_TWILIO_ACCOUNT_SID", True, 8),
        ("auth_token", "APP_TWILIO_AUTH_TOKEN", False, 9),
    }


def test_lookups_are_case_insensitive_so_the_lower_case_name_is_an_alias(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"app/core/config.py": MODEL_CONFIG}))
    token = next(r for r in result.readings if r.slot == "auth_token")
    assert token.satisfied_by({"app_twilio_auth_token"})
    assert not token.satisfied_by({"TWILIO_AUTH_TOKEN"})


def test_the_old_inner_config_class_sets_the_prefix_too(tmp_path: Path) -> None:
    text = """from pydantic import BaseSettings


class TwilioSettings(BaseSettings):
    account_sid: str
    auth_token: str

    class Config:
        env_prefix = "TWILIO_"
"""
    assert _readings({"notify/settings.py": text}, tmp_path) == {
        ("account_sid", "TWILIO_ACCOUNT_SID", False, 5),
        ("auth_token", "TWILIO_AUTH_TOKEN", False, 6),
    }


@pytest.mark.parametrize(
    ("field", "name", "others"),
    [
        ('Field(alias="TWILIO_TOKEN")', "TWILIO_TOKEN", set()),
        ('Field(validation_alias="TWILIO_TOKEN")', "TWILIO_TOKEN", set()),
        (
            'Field(validation_alias=AliasChoices("TWILIO_TOKEN", "TWILIO_AUTH_TOKEN"))',
            "TWILIO_TOKEN",
            {"TWILIO_AUTH_TOKEN"},
        ),
    ],
)
def test_an_alias_replaces_the_prefixed_name(
    tmp_path: Path, field: str, name: str, others: set[str]
) -> None:
    text = f"""from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    twilio_auth_token: str = {field}
"""
    result = scan(write_tree(tmp_path, {"svc/config.py": text}))
    [reading] = [r for r in result.readings if r.reader == "pydantic-settings"]
    assert (reading.slot, reading.name) == ("auth_token", name)
    assert others <= set(reading.aliases)
    assert not reading.satisfied_by({"APP_TWILIO_AUTH_TOKEN"})


def test_a_subclass_in_the_same_module_inherits_fields_and_prefix(tmp_path: Path) -> None:
    text = (
        MODEL_CONFIG
        + """

class ProductionSettings(Settings):
    model_config = SettingsConfigDict(env_prefix="PROD_")
"""
    )
    names = {name for _slot, name, _d, _line in _readings({"app/config.py": text}, tmp_path)}
    assert {"APP_TWILIO_AUTH_TOKEN", "PROD_TWILIO_AUTH_TOKEN"} <= names


def test_plain_pydantic_models_and_other_classes_read_nothing(tmp_path: Path) -> None:
    text = """from pydantic import BaseModel


class TwilioConfig(BaseModel):
    twilio_auth_token: str
"""
    assert _readings({"app/model_config.py": text}, tmp_path) == set()


def test_a_settings_module_keeps_what_the_django_and_code_readers_find(tmp_path: Path) -> None:
    text = f'''from pydantic_settings import BaseSettings
from twilio.rest import Client

TWILIO_ACCOUNT_SID = "{SID}"


class Settings(BaseSettings):
    twilio_auth_token: str


settings = Settings()
client = Client(TWILIO_ACCOUNT_SID, settings.twilio_auth_token)
'''
    result = scan(write_tree(tmp_path, {"mysite/settings.py": text}))
    assert [str(v.location) for v in result.values if v.field == "account_sid"] == [
        "mysite/settings.py:4"
    ]
    assert ("auth_token", "TWILIO_AUTH_TOKEN") in {
        (r.slot, r.name) for r in result.readings if r.reader == "pydantic-settings"
    }


def test_broken_python_is_one_note_and_no_crash(tmp_path: Path) -> None:
    text = "from pydantic_settings import BaseSettings\n# twilio\nclass Settings(BaseSettings:\n"
    result = scan(write_tree(tmp_path, {"svc/app_settings.py": text}))
    said = [n for n in result.notes if n.location.startswith("svc/app_settings.py")]
    assert len(said) == 1 and "python" in said[0].message.lower()


def test_only_settings_and_config_modules_outside_tests_are_wanted() -> None:
    collector = PydanticSettingsCollector()
    assert collector.wants("app/core/config.py")
    assert not collector.wants("tests/test_config.py")
    assert not collector.wants("app/config.toml")
    # a settings class lives in a config or settings module by convention
    assert collector.wants("src/shop/app_settings.py") and not collector.wants("app/handlers.py")


@pytest.mark.parametrize(
    "default",
    [f'"{TOKEN}"', f'Field(default="{TOKEN}")', f'Field("{TOKEN}", alias="APP_TWILIO_AUTH_TOKEN")'],
    ids=["plain", "field-default", "field-positional"],
)
def test_a_literal_default_is_a_fallback_value_named_by_the_variable_it_stands_in_for(
    tmp_path: Path, default: str
) -> None:
    text = f'''from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    twilio_account_sid: str = "{SID}"
    twilio_auth_token: str = {default}
    twilio_from: str = ""
'''
    result = scan(write_tree(tmp_path, {"svc/config.py": text}))
    found = {v.field: v for v in result.values if v.source_kind == "pydantic-settings"}
    token, sid = found["auth_token"], found["account_sid"]
    # sent only while nothing sets the variable: settled like code's defaults
    assert token.fallback and sid.fallback
    assert (token.name, str(token.location)) == ("APP_TWILIO_AUTH_TOKEN", "svc/config.py:8")
    assert token.value.reveal() == TOKEN and sid.scope == token.scope


def test_an_empty_or_placeholder_default_is_no_value(tmp_path: Path) -> None:
    text = """from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    twilio_account_sid: str = ""
    twilio_auth_token: str = "your_auth_token"
"""
    result = scan(write_tree(tmp_path, {"svc/config.py": text}))
    assert [v for v in result.values if v.source_kind == "pydantic-settings"] == []


def test_the_service_is_the_python_project_the_module_belongs_to(tmp_path: Path) -> None:
    files = {
        "reminders/requirements.txt": "pydantic-settings\n",
        "reminders/app/config.py": MODEL_CONFIG,
    }
    result = scan(write_tree(tmp_path, files))
    # the project a workload or compose service of "reminders" runs, not the package "app"
    assert {r.service for r in result.readings if r.reader == "pydantic-settings"} == {"reminders"}
