"""`sherlock check` in each format: SARIF valid against the official schema, GitHub
annotations, JSON and the terminal, with the exit codes a CI job relies on."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.check.conftest import SID, TOKEN, quoted_tree, run_check, sarif_schema, write
from tests.scenario_harness import assert_no_secret

from .conftest import BOOK


def _sarif(root: Path, *args: str) -> dict[str, object]:
    code, out, _ = run_check(root, ".", "--format", "sarif", *args)
    assert code == 1
    log = json.loads(out)
    assert isinstance(log, dict)
    return log


def test_sarif_is_valid_against_the_official_2_1_0_schema(tmp_path: Path) -> None:
    log = _sarif(quoted_tree(tmp_path))
    jsonschema.validate(log, sarif_schema())
    assert_no_secret(BOOK, json.dumps(log))


def test_sarif_rules_are_cause_ids_with_the_kb_text_as_help(tmp_path: Path) -> None:
    run = _sarif(quoted_tree(tmp_path))["runs"][0]  # type: ignore[index]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "quoted-credential" in rules
    assert "How to fix:" in rules["quoted-credential"]["help"]["text"]
    result = next(r for r in run["results"] if r["ruleId"] == "quoted-credential")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "quoted-credential"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 1}
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "services/api/prod.env", "uriBaseId": "%SRCROOT%"}


def _fingerprints(log: dict[str, object]) -> dict[tuple[str, str], tuple[str, int]]:
    found = {}
    for result in log["runs"][0]["results"]:  # type: ignore[index]
        location = result["locations"][0]["physicalLocation"]
        key = (result["ruleId"], location["artifactLocation"]["uri"])
        value = result["partialFingerprints"]["sherlockFingerprint/v1"]
        found[key] = (value, location["region"]["startLine"])
    return found


def test_partial_fingerprints_survive_a_line_move_and_change_with_the_value(
    tmp_path: Path,
) -> None:
    root = quoted_tree(tmp_path)
    before = _fingerprints(_sarif(root))
    env = root / "services/api/prod.env"
    env.write_text("# moved\n# down\n" + env.read_text(encoding="utf-8"), encoding="utf-8")
    after = _fingerprints(_sarif(root))
    key = ("quoted-credential", "services/api/prod.env")
    assert after[key][0] == before[key][0]
    assert after[key][1] == before[key][1] + 2
    env.write_text(env.read_text(encoding="utf-8").replace(TOKEN, TOKEN[::-1]), "utf-8")
    assert _fingerprints(_sarif(root))[key][0] != before[key][0]


def test_github_format_writes_escaped_workflow_annotations(tmp_path: Path) -> None:
    code, out, _ = run_check(quoted_tree(tmp_path), ".", "--format", "github")
    assert code == 1
    line = next(x for x in out.splitlines() if "quoted-credential" in x)
    assert line.startswith("::error file=services/api/prod.env,line=3,col=1,title=")
    assert "%2C likely]" in line  # the comma inside the title is escaped
    assert "\n" not in line
    assert_no_secret(BOOK, out)


def test_json_format_carries_the_check_summary(tmp_path: Path) -> None:
    code, out, _ = run_check(quoted_tree(tmp_path), ".", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["check"]["failing"] == 1
    assert report["check"]["suppressed"]["total"] == 0
    assert report["causes"][0]["id"] == "quoted-credential"


def test_terminal_format_is_one_line_per_finding_and_a_summary(tmp_path: Path) -> None:
    code, out, _ = run_check(quoted_tree(tmp_path), ".")
    assert code == 1
    assert "services/api/prod.env:3  quoted-credential  [likely]  Quotes became part" in out
    assert "1 failing (--fail-on likely)" in out


def test_output_writes_the_report_to_a_file(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path / "tree")
    target = tmp_path / "out.sarif"
    code, out, _ = run_check(root, ".", "--format", "sarif", "--output", str(target))
    assert (code, out) == (1, "")
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), sarif_schema())


@pytest.mark.parametrize(("fail_on", "expected"), [("proven", 0), ("likely", 1), ("possible", 1)])
def test_fail_on_sets_the_threshold(tmp_path: Path, fail_on: str, expected: int) -> None:
    code, _, _ = run_check(quoted_tree(tmp_path), ".", "--fail-on", fail_on)
    assert code == expected


def test_exit_code_replaces_1(tmp_path: Path) -> None:
    assert run_check(quoted_tree(tmp_path), ".", "--exit-code", "9")[0] == 9


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    write(tmp_path, "prod/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    code, out, _ = run_check(tmp_path, ".")
    assert code == 0
    assert "0 finding(s), 0 failing" in out


def test_a_folder_without_credentials_is_unchecked_not_clean(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "nothing to see\n")
    code, out, _ = run_check(tmp_path, ".")
    assert code == 3
    assert "incomplete: no Twilio credentials found" in out


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_microsofts_sarif_multitool_reports_no_error(tmp_path: Path) -> None:
    tool = _multitool()
    log = tmp_path / "check.sarif"
    run_check(quoted_tree(tmp_path / "tree"), ".", "--format", "sarif", "--output", str(log))
    report = tmp_path / "validation.sarif"
    done = subprocess.run(
        [str(tool), "validate", str(log), "-o", str(report), "--log", "ForceOverwrite"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    results = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    errors = [r for r in results if r.get("level", "warning") == "error"]
    assert errors == [], json.dumps(errors, indent=1)[:2000]
    assert done.returncode == 0, done.stdout[-2000:]


def _multitool() -> Path:
    """Microsoft's SARIF Multitool from npm, installed once into the repo's .cache folder."""
    prefix = Path(__file__).resolve().parents[2] / ".cache" / "sarif-multitool"
    binary = prefix / "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
             "@microsoft/sarif-multitool@5.7.0"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    binary.chmod(0o755)
    return binary
