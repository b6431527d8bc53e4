"""Laravel's ``bootstrap/cache/config.php`` is the configuration a cached app runs with."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect.laravel_cache import cached_leaves

from .builders import SID, TOKEN, raw, scan, write_tree

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
