"""The provider-neutral core stays neutral: only the registry names a provider.

Adding an error or a provider must not mean touching the engine, discovery, the records or
the renderers; the first import of a provider's module from one of them would start the
drift back, so it fails here with the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sherlock

PACKAGE = Path(sherlock.__file__).parent
#: Folders and modules that must not import any provider package.
NEUTRAL = (
    "engine",
    "collect",
    "render",
    "models.py",
    "providers/base.py",
    "providers/vocabulary.py",
)
PROVIDER_PACKAGES = tuple(
    f"sherlock.providers.{p.name}"
    for p in (PACKAGE / "providers").iterdir()
    if p.is_dir() and (p / "__init__.py").is_file()
)


def _modules() -> list[Path]:
    found: list[Path] = []
    for entry in NEUTRAL:
        path = PACKAGE / entry
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
    return names


def test_there_is_a_provider_package_to_keep_out() -> None:
    assert "sherlock.providers.twilio" in PROVIDER_PACKAGES


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_neutral_module_imports_no_provider(path: Path) -> None:
    offending = [
        f"{path.relative_to(PACKAGE)}:{line} imports {name}"
        for line, name in _imports(path)
        if name.startswith(PROVIDER_PACKAGES)
    ]
    assert not offending, offending


def test_the_neutral_records_name_no_twilio_field() -> None:
    source = (PACKAGE / "models.py").read_text(encoding="utf-8")
    for twilio_word in ("account_sid", "auth_token", "api_key", "key_type", "account_status"):
        assert twilio_word not in source.split('"""', 2)[2], twilio_word
