"""Laravel's ``bootstrap/cache/config.php`` is the configuration a cached app runs with."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect.laravel_cache import cached_leaves

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree

CACHE = f"""<?php return array (
  'app' =>
  array (
    'name' => 'Notify',
    'env' => 'production',
  ),
  'database' =>
  array (
    'password' => 'not-a-twilio-secret-at-all-0000',
  ),
  'services' =>
  array (
    'twilio' =>
    array (
      'sid' => '{SID}',
      'token' => '{TOKEN}',
      'from' => '+15005550006',
    ),
  ),
);
""".replace("=>\n", "=> \n")  # var_export ends a key's line with a blank before "array ("


def test_var_export_blocks_and_escapes_are_read_with_their_lines() -> None:
    leaves = cached_leaves(
        "<?php return array (\n  'a' => \n  array (\n    'b' => 'it\\'s \\\\ ok',\n  ),\n);\n"
    )
    assert [(leaf.path, leaf.text, leaf.line) for leaf in leaves] == [(("a", "b"), "it's \\ ok", 4)]


def test_the_cached_credentials_are_values_of_the_app(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"shop/bootstrap/cache/config.php": CACHE, "shop/composer.json": '{"name": "acme/shop"}'},
    )
    values = {v.name: v for v in scan(tmp_path).values}
    assert set(values) == {"services.twilio.sid", "services.twilio.token"}
    token = values["services.twilio.token"]
    assert (str(token.location), raw(token)) == ("shop/bootstrap/cache/config.php:16", TOKEN)
    assert token.environment == "prod", "app.env as the cache froze it"
    assert token.service == "shop"


def test_a_cache_that_names_no_provider_is_not_read(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"bootstrap/cache/config.php": "<?php return array (\n  'app' => \n  array (\n  ),\n);\n"},
    )
    assert scan(tmp_path).values == []


SERVICES = """<?php

return [
    'twilio' => [
        'sid' => env('TWILIO_SID'),
        'token' => env('TWILIO_AUTH_TOKEN'),
    ],
];
"""


def test_the_cache_hides_the_env_file_a_cached_app_no_longer_reads(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/bootstrap/cache/config.php": CACHE,
            "shop/config/services.php": SERVICES,
            "shop/.env": f"APP_ENV=production\nTWILIO_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN_2}\nMAIL_HOST=x\n",
        },
    )
    values = scan(tmp_path).values
    assert {v.location.path for v in values} == {"shop/bootstrap/cache/config.php"}
    (token,) = [v for v in values if v.name == "services.twilio.token"]
    assert raw(token) == TOKEN
    assert [(str(s.value.location), raw(s.value)) for s in token.shadows] == [
        ("shop/.env:3", TOKEN_2)
    ]


def test_without_a_cache_the_env_file_is_read_as_before(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"shop/config/services.php": SERVICES, "shop/.env": f"TWILIO_AUTH_TOKEN={TOKEN_2}\n"},
    )
    (token,) = scan(tmp_path).values
    assert (str(token.location), token.source_kind) == ("shop/.env:1", "dotenv")
