"""Every cause Sherlock can find without calling Twilio, reported by `sherlock check` in each
format: terminal, JSON, SARIF (schema-valid) and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sherlock.demo.book import CredentialBook
from tests.check.conftest import run_check, sarif_schema
from tests.scenario_harness import SCENARIO_DIR, assert_no_secret, build_tree

#: One scenario tree per static cause, written independently of `check`.
STATIC_CAUSES = {
    "sid-key-confusion": "confusion-api-key-fields-swapped",
    "whitespace-in-credential": "consumer-crlf-env-sourced-by-bash",
    "quoted-credential": "consumer-env-cat-quoted",
    "environment-mismatch": "crossenv-test-token-with-live-sid-compose",
    "deprecated-regional-host": "deprecated-host-compose-au1",
    "malformed-credential": "malformed-circleci-environment-not-interpolated",
    "missing-credential": "missing-empty-token-dotenv",
}


def _found_in(output: str, fmt: str, cause: str) -> bool:
    if fmt == "json":
        return cause in [c["id"] for c in json.loads(output)["causes"]]
    if fmt == "sarif":
        log = json.loads(output)
        jsonschema.validate(log, sarif_schema())
        return cause in [r["ruleId"] for r in log["runs"][0]["results"]]
    if fmt == "github":
        return any(line.startswith("::") and f"[{cause}%2C" in line for line in output.splitlines())
    return f"  {cause}  [" in output


@pytest.mark.parametrize("fmt", ["terminal", "json", "sarif", "github"])
@pytest.mark.parametrize("cause", sorted(STATIC_CAUSES))
def test_check_reports_each_static_cause_in_each_format(
    cause: str, fmt: str, tmp_path: Path
) -> None:
    book = CredentialBook()
    tree = build_tree(SCENARIO_DIR / STATIC_CAUSES[cause], tmp_path / "deploy", book)
    code, out, err = run_check(tree, ".", "--format", fmt, "--fail-on", "possible")
    assert code == 1, err
    assert _found_in(out, fmt, cause), out[:3000]
    assert_no_secret(book, out, err)
