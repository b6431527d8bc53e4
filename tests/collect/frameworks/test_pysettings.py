"""Django/Flask settings modules: literals, environment lookups, config classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collect.builders import SID, TOKEN, scan, write_tree


def test_django_settings_literals_and_lookups(tmp_path: Path) -> None:
    text = f'''import os
import environ

env = environ.Env()
DEBUG = False
TWILIO_ACCOUNT_SID = "{SID}"
TWILIO_AUTH_TOKEN = os.environ["TWILIO_TOKEN"]
TWILIO_API_KEY = env("TWILIO_KEY_SID", default="")
'''
    result = scan(write_tree(tmp_path, {"mysite/settings/production.py": text}))
    assert [(v.field, v.location.line, v.environment) for v in result.values] == [
        ("account_sid", 6, "prod")
    ]
    assert {(r.slot, r.name, r.has_default, r.location.line) for r in result.readings} == {
        ("auth_token", "TWILIO_TOKEN", False, 7),
        ("api_key_sid", "TWILIO_KEY_SID", True, 8),
    }
    assert {r.service for r in result.readings} == {"mysite"}


@pytest.mark.parametrize(
    ("expression", "name", "defaulted"),
    [
        ('os.environ.get("TWILIO_AUTH_TOKEN")', "TWILIO_AUTH_TOKEN", False),
        ('os.getenv("TWILIO_AUTH_TOKEN", "")', "TWILIO_AUTH_TOKEN", True),
        ('config("TWILIO_AUTH_TOKEN")', "TWILIO_AUTH_TOKEN", False),
        ('env.str("TWILIO_AUTH_TOKEN")', "TWILIO_AUTH_TOKEN", False),
        ('os.environ.get("TWILIO_AUTH_TOKEN") or "dev-token"', "TWILIO_AUTH_TOKEN", True),
    ],
)
def test_each_lookup_style_is_a_reading(
    tmp_path: Path, expression: str, name: str, defaulted: bool
) -> None:
    text = f"import os\n# twilio\nTWILIO_AUTH_TOKEN = {expression}\n"
    result = scan(write_tree(tmp_path, {"app/settings.py": text}))
    assert [(r.name, r.has_default) for r in result.readings] == [(name, defaulted)]


def test_flask_config_classes_are_environments(tmp_path: Path) -> None:
    text = f'''import os

class Config:
    TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID")

class DevelopmentConfig(Config):
    TWILIO_AUTH_TOKEN = "{TOKEN}"

class ProductionConfig(Config):
    TWILIO = {{"AUTH_TOKEN": os.environ["TWILIO_PROD_TOKEN"]}}
'''
    result = scan(write_tree(tmp_path, {"config.py": text}))
    assert [(v.environment, v.location.line) for v in result.values] == [("dev", 7)]
    assert {(r.environment, r.name) for r in result.readings} == {
        ("default", "TWILIO_ACCOUNT_SID"),
        ("prod", "TWILIO_PROD_TOKEN"),
    }


def test_broken_python_is_a_note_and_plain_modules_are_left_to_code_reading(
    tmp_path: Path,
) -> None:
    files = {
        "app/settings.py": f'TWILIO_AUTH_TOKEN = "{TOKEN}\n',
        "tools/config.py": f'from twilio.rest import Client\nTWILIO_AUTH_TOKEN = "{TOKEN}"\n',
    }
    result = scan(write_tree(tmp_path, files))
    assert [n.location for n in result.notes if "Python" in n.message] == ["app/settings.py:1"]
    assert all(v.source_kind != "python-settings" for v in result.values)
