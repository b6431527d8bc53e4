"""Laravel's configuration cache as a source kind: ``bootstrap/cache/config.php``.

A cached app reads nothing else, so the credentials are written where ``php artisan
config:cache`` writes them: ``var_export``-ed strings under ``services.twilio``. Junk is what
a value can carry into that file: a trailing newline or blank that ``env()`` handed over
from a ``.env`` (var_export keeps it, a newline as a raw line break inside the quotes), or
quotes that came along inside the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_frameworks import LARAVEL_KEYS, _laravel_services
from tests.matrix.model import Doc, Mark, Service, Tree, Var


def _exported(var: Var) -> str:
    """The value as var_export writes it: single quotes, ``\\'`` and ``\\\\`` escaped."""
    text = var.value
    if var.mark is Mark.INVISIBLE:
        text += " "
    elif var.mark is Mark.PADDED:
        text += "\t"
    elif var.mark is Mark.QUOTED:
        text = f'"{text}"'
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_laravel_cache(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/bootstrap/cache/config.php`` over the app's ``config/services.php``."""
    tree = Tree()
    for service in services:
        root = f"{folders[service.env]}/{service.name}"
        tree.include(_laravel_services(f"{root}/config/services.php"))
        cache = Doc(f"{root}/bootstrap/cache/config.php")
        cache.add("<?php return array (\n  'app' => \n  array (")
        cache.add(f"    'name' => '{service.name}',\n    'env' => '{folders[service.env]}',")
        cache.add("  ),\n  'services' => \n  array (\n    'twilio' => \n    array (")
        for var in service.vars:
            key = LARAVEL_KEYS.get(var.field)
            if key is not None:
                cache.add(
                    f"      '{key}' => {_exported(var)},", (service.env, service.name, var.field)
                )
        cache.add("      'from' => '+15005550006',\n    ),\n  ),\n);")
        tree.include(cache)
    return tree
