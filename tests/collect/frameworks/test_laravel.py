"""Laravel: config/*.php says which .env names the app reads for each credential."""

from __future__ import annotations

from pathlib import Path

from tests.collect.builders import SID, TOKEN, scan, write_tree

SERVICES = """<?php

return [

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
    ],

    'twilio' => [
        'sid' => env('TWILIO_SID'),
        'token' => env('TWILIO_AUTH_TOKEN'),
        'from' => env('TWILIO_FROM', '+15005550006'),
    ],
];
"""


def _readings(tmp_path: Path, files: dict[str, str]) -> dict[str, tuple[str, str]]:
    result = scan(write_tree(tmp_path, files))
    return {str(r.location): (r.slot, r.name) for r in result.readings}


def test_services_php_records_the_env_name_each_twilio_key_reads(tmp_path: Path) -> None:
    found = _readings(tmp_path, {"config/services.php": SERVICES})
    assert found == {
        "config/services.php:11": ("account_sid", "TWILIO_SID"),
        "config/services.php:12": ("auth_token", "TWILIO_AUTH_TOKEN"),
    }


def test_the_reading_carries_the_config_key_and_the_app_as_service(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path / "shop", {"config/services.php": SERVICES}))
    reading = next(r for r in result.readings if r.name == "TWILIO_SID")
    assert reading.location.key == "services.twilio.sid"
    assert reading.service == "shop"
    assert reading.reader == "laravel config()"


def test_notification_channel_username_and_password_keys_are_read(tmp_path: Path) -> None:
    text = """<?php
return [
    'twilio' => [
        'username' => env('TWILIO_USERNAME'), // optional when using auth token
        'password' => env('TWILIO_PASSWORD'),
        'auth_token' => env('TWILIO_AUTH_TOKEN'),
        'account_sid' => env('TWILIO_ACCOUNT_SID'),
    ],
];
"""
    found = _readings(tmp_path, {"config/services.php": text})
    assert [name for _slot, name in found.values()] == [
        "TWILIO_USERNAME",
        "TWILIO_PASSWORD",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_ACCOUNT_SID",
    ]


def test_a_literal_in_a_twilio_config_file_is_a_value_with_its_line(tmp_path: Path) -> None:
    text = f"""<?php
return array(
    'sid' => '{SID}',
    'token' => getenv('TWILIO_TOKEN') ?: '',
);
"""
    result = scan(write_tree(tmp_path, {"config/twilio.php": text}))
    assert [(str(v.location), v.field) for v in result.values] == [
        ("config/twilio.php:3", "account_sid")
    ]
    reading = result.readings[0]
    assert (reading.name, reading.slot, reading.has_default) == ("TWILIO_TOKEN", "auth_token", True)


def test_other_services_and_files_without_the_provider_are_ignored(tmp_path: Path) -> None:
    plain = "<?php\nreturn ['stripe' => ['secret' => env('STRIPE_SECRET')]];\n"
    result = scan(write_tree(tmp_path, {"config/services.php": plain, "config/app.php": plain}))
    assert result.readings == [] and result.values == []


def test_a_mangled_php_file_is_read_without_error(tmp_path: Path) -> None:
    text = f"<?php\nreturn [ 'twilio' => [[[ 'token' => '{TOKEN}' \n ]]]]]]]] ) ) ,,, \n"
    result = scan(write_tree(tmp_path, {"config/services.php": text}))
    assert all(TOKEN not in str(n) for n in result.notes)


def test_readings_take_the_environment_app_env_names_in_the_apps_env_file(
    tmp_path: Path,
) -> None:
    files = {"billing/config/services.php": SERVICES, "billing/.env": "APP_ENV=staging\n"}
    result = scan(write_tree(tmp_path, files))
    assert {r.environment for r in result.readings} == {"staging"}


def test_a_packages_own_config_belongs_to_the_app_that_installs_it(tmp_path: Path) -> None:
    text = "<?php\nreturn [\n    'account_sid' => env('TWILIO_ACCOUNT_SID'),\n];\n"
    path = "shop/vendor/laravel-notification-channels/twilio/config/twilio-notification-channel.php"
    result = scan(write_tree(tmp_path, {path: text}))
    assert [(r.service, r.location.key) for r in result.readings] == [
        ("shop", "twilio-notification-channel.account_sid")
    ]
