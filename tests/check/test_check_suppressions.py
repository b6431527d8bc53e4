"""Suppressions (baseline, inline, --exclude), pre-commit's file list, and audit advice."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.check.conftest import SID, STAGING_SID, TOKEN, quoted_tree, run_check, write

ENV = "services/api/prod.env"


def _report(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    code, out, _ = run_check(root, *args, "--format", "json")
    report = json.loads(out)
    assert isinstance(report, dict)
    return code, report


def test_update_baseline_then_baseline_silences_known_findings(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path / "tree")
    baseline = tmp_path / "baseline.json"
    code, _ = _report(root, ".", "--baseline", str(baseline), "--update-baseline")
    assert code == 0  # everything found was just accepted
    saved = baseline.read_text(encoding="utf-8")
    assert TOKEN[:8] not in saved and "quoted-credential" in saved
    code, report = _report(root, ".", "--baseline", str(baseline))
    assert code == 0
    assert report["causes"] == []
    assert report["check"]["suppressed"]["baseline"] >= 1  # type: ignore[index]


def test_a_changed_value_is_a_new_finding_despite_the_baseline(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path / "tree")
    baseline = tmp_path / "baseline.json"
    _report(root, ".", "--baseline", str(baseline), "--update-baseline")
    env = root / ENV
    env.write_text(env.read_text(encoding="utf-8").replace(TOKEN, TOKEN[::-1]), "utf-8")
    code, report = _report(root, ".", "--baseline", str(baseline))
    assert code == 1
    assert [c["id"] for c in report["causes"]] == ["quoted-credential"]  # type: ignore[index]


def test_a_file_that_is_not_a_baseline_is_a_usage_error(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path / "tree")
    bad = write(tmp_path, "bad.json", "[1, 2]")
    code, _, err = run_check(root, ".", "--baseline", str(bad))
    assert code == 2
    assert "is not a Sherlock baseline" in err


def test_inline_ignore_naming_the_cause_silences_it_and_is_counted(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path)
    env = root / ENV
    text = env.read_text(encoding="utf-8")
    marked = text.replace(
        "TWILIO_AUTH_TOKEN", "# sherlock:ignore quoted-credential\nTWILIO_AUTH_TOKEN"
    )
    env.write_text(marked, encoding="utf-8")
    code, report = _report(root, ".")
    assert code == 0
    assert report["check"]["suppressed"]["inline"] == 1  # type: ignore[index]


def test_inline_ignore_for_another_cause_silences_nothing(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path)
    env = root / ENV
    text = env.read_text(encoding="utf-8")
    env.write_text(text.replace('"\n', '"  # sherlock:ignore whitespace-in-credential\n'), "utf-8")
    assert _report(root, ".")[0] == 1


def test_exclude_glob_leaves_a_folder_out(tmp_path: Path) -> None:
    code, report = _report(quoted_tree(tmp_path), ".", "--exclude", "services/*")
    assert code == 0
    assert report["check"]["suppressed"]["excluded"] >= 1  # type: ignore[index]


def test_files_from_pre_commit_limit_findings_to_those_files(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path)
    write(root, "README.md", "docs\n")
    assert run_check(root, "README.md")[0] == 0
    code, out, _ = run_check(root, "README.md", ENV)
    assert code == 1
    assert "quoted-credential" in out


def test_a_folder_and_files_together_are_a_usage_error(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path)
    code, _, err = run_check(root, "services", ENV)
    assert code == 2
    assert "either one folder or files" in err


def _healthy_prod_and_staging(root: Path, staging_token: str) -> Path:
    write(root, "prod/api/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    write(
        root,
        "staging/api/.env",
        f"TWILIO_ACCOUNT_SID={STAGING_SID}\nTWILIO_AUTH_TOKEN={staging_token}\n",
    )
    return root


def test_audit_advice_main_token_in_prod_is_advice_not_a_failure(tmp_path: Path) -> None:
    root = _healthy_prod_and_staging(tmp_path, "0" * 31 + "1")
    code, report = _report(root, ".")
    advice = {a["id"] for a in report["advice"]}  # type: ignore[union-attr]
    assert "main-auth-token-in-production" in advice
    assert code == 0
    assert run_check(root, ".", "--fail-on-advice")[0] == 1


def test_audit_advice_one_secret_in_two_environments(tmp_path: Path) -> None:
    root = _healthy_prod_and_staging(tmp_path, TOKEN)
    _, report = _report(root, ".")
    shared = [a for a in report["advice"] if a["id"] == "credential-shared-across-environments"]  # type: ignore[union-attr]
    assert len(shared) == 1
    assert set(shared[0]["locations"]) == {"prod/api/.env:2", "staging/api/.env:2"}


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def test_committed_secrets_are_found_by_asking_git(tmp_path: Path) -> None:
    root = _healthy_prod_and_staging(tmp_path, "0" * 31 + "1")
    _git(root, "init", "-q")
    _git(root, "add", "prod/api/.env")
    _, report = _report(root, ".")
    committed = [a for a in report["advice"] if a["id"] == "credential-in-git"]  # type: ignore[union-attr]
    assert [a["locations"] for a in committed] == [["prod/api/.env:2"]]


def test_outside_a_git_work_tree_committed_secrets_are_a_note(tmp_path: Path) -> None:
    _, report = _report(_healthy_prod_and_staging(tmp_path, TOKEN), ".")
    assert any("not a git work tree" in n for n in report["check"]["notes"])  # type: ignore[index]


def test_exclude_globs_in_sherlock_toml_leave_paths_out(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path)
    write(root, "sherlock.toml", 'exclude = ["services/api/*.env"]\n')
    code, report = _report(root, ".")
    assert code == 0
    assert report["check"]["suppressed"]["excluded"] >= 1  # type: ignore[index]


def test_an_invalid_exclude_in_sherlock_toml_is_a_config_error(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path)
    write(root, "sherlock.toml", "exclude = 3\n")
    code, _, err = run_check(root, ".")
    assert code == 2
    assert "sherlock.toml:1: exclude" in err
