"""CI files: GitHub Actions, GitLab CI and CircleCI variables, references never taken for values."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect.circleci import is_circleci_path
from sherlock.collect.github_actions import is_workflow_path, reference_of
from sherlock.collect.gitlab_ci import is_gitlab_ci_path
from sherlock.providers.twilio.records import Field

from .builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

WORKFLOW = ".github/workflows/deploy.yml"


def _notes(result: object) -> list[str]:
    return [str(n) for n in result.notes]  # type: ignore[attr-defined]


# --- GitHub Actions ------------------------------------------------------------------------


def test_workflow_job_and_step_env_merge_innermost_first(tmp_path: Path) -> None:
    workflow = (
        "name: Deploy\n"
        "on: [push]\n"
        "env:\n"
        f"  TWILIO_ACCOUNT_SID: {SID}\n"
        "  LOG_LEVEL: info\n"
        "jobs:\n"
        "  smoke-api:\n"
        "    environment: production\n"
        "    runs-on: ubuntu-latest\n"
        "    env:\n"
        f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - name: Smoke test with the new token\n"
        "        id: smoke\n"
        "        env:\n"
        f"          TWILIO_AUTH_TOKEN: '{TOKEN_2}'\n"
        "        run: ./smoke.sh\n"
    )
    write_tree(tmp_path, {WORKFLOW: workflow})
    result = scan(tmp_path)
    units = {(v.scope, str(v.location)) for v in result.values}
    assert units == {
        ("github-actions:smoke-api@.github/workflows/deploy.yml", f"{WORKFLOW}:4"),
        ("github-actions:smoke-api@.github/workflows/deploy.yml", f"{WORKFLOW}:11"),
        ("github-actions:smoke-api/smoke@.github/workflows/deploy.yml", f"{WORKFLOW}:4"),
        ("github-actions:smoke-api/smoke@.github/workflows/deploy.yml", f"{WORKFLOW}:17"),
    }
    step_token = next(v for v in result.values if str(v.location) == f"{WORKFLOW}:17")
    assert raw(step_token) == TOKEN_2
    assert (step_token.environment, step_token.service) == ("prod", "smoke-api")
    assert (step_token.source_kind, step_token.consumer) == (
        "github-actions",
        "GitHub Actions step 'smoke'",
    )
    assert _notes(result) == [
        f"{WORKFLOW}:11: TWILIO_AUTH_TOKEN is set again (line 17); "
        "GitHub Actions step 'smoke' uses the later value"
    ]


def test_a_block_scalar_keeps_its_final_newline_as_github_passes_it(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    env:\n"
        f"      TWILIO_ACCOUNT_SID: {SID}\n"
        "      TWILIO_AUTH_TOKEN: |\n"
        f"        {TOKEN}\n"
        "      TWILIO_REGION: $REGION\n"  # GitHub does not expand $VAR in env values
        "    steps: [{run: ./notify}]\n"
    )
    write_tree(tmp_path, {".github/workflows/notify.yaml": workflow})
    found = by_location(scan(tmp_path))
    assert raw(found[".github/workflows/notify.yaml:7"]) == TOKEN + "\n"
    assert raw(found[".github/workflows/notify.yaml:9"]) == "$REGION"


def test_secret_references_are_noted_and_the_half_beside_them_is_not_checked(
    tmp_path: Path,
) -> None:
    workflow = (
        "on: push\n"
        "env:\n"
        f"  TWILIO_ACCOUNT_SID: {SID}\n"
        "jobs:\n"
        "  deploy:\n"
        "    runs-on: ubuntu-latest\n"
        "    env:\n"
        "      TWILIO_AUTH_TOKEN: ${{ secrets.TWILIO_AUTH_TOKEN }}\n"
        "      TWILIO_EDGE: ${{ vars.TWILIO_EDGE }}\n"
        "      AUTH_TOKEN: ${{ secrets['TWILIO_TOKEN_2'] }}\n"
        "    steps: [{run: ./deploy}]\n"
    )
    write_tree(tmp_path, {WORKFLOW: workflow})
    result = scan(tmp_path)
    assert result.values == []
    assert _notes(result) == [
        f"{WORKFLOW}:8: TWILIO_AUTH_TOKEN is set from secrets.TWILIO_AUTH_TOKEN (a GitHub "
        "Actions secret); no value in the file to check, so the TWILIO_ACCOUNT_SID (line 3) "
        "used with it is not checked either",
        f"{WORKFLOW}:9: TWILIO_EDGE is set from vars.TWILIO_EDGE (a GitHub Actions variable); "
        "no value in the file to check",
        f"{WORKFLOW}:10: AUTH_TOKEN is set from secrets.TWILIO_TOKEN_2 (a GitHub Actions "
        "secret); no value in the file to check",
    ]


@pytest.mark.parametrize(
    ("value", "reference"),
    [
        ("${{ secrets.TWILIO_AUTH_TOKEN }}", "secrets.TWILIO_AUTH_TOKEN (a GitHub Actions secret)"),
        ("${{secrets.token}}", "secrets.token (a GitHub Actions secret)"),
        ("${{ vars.SID }}", "vars.SID (a GitHub Actions variable)"),
        ("${{ inputs.token || 'abc' }}", "a GitHub Actions expression"),
        ("pre-${{ github.sha }}", "a GitHub Actions expression"),
        ("$TOKEN", None),
        ("plain", None),
    ],
)
def test_what_a_github_value_refers_to(value: str, reference: str | None) -> None:
    assert reference_of(value) == reference


def test_jobs_take_their_environment_from_environment_key_names_then_path(
    tmp_path: Path,
) -> None:
    pair = f"    env:\n      TWILIO_ACCOUNT_SID: {SID}\n      TWILIO_AUTH_TOKEN: {TOKEN}\n"
    workflow = (
        "name: Release\non: push\njobs:\n"
        "  ship:\n    environment:\n      name: staging\n      url: https://x\n" + pair + "  "
        "deploy-prod:\n" + pair + "  build:\n    name: Build for dev\n" + pair + "  lint:\n" + pair
    )
    write_tree(tmp_path, {".github/workflows/ci.yml": workflow})
    envs = {v.scope.split("@")[0]: v.environment for v in scan(tmp_path).values}
    assert envs == {
        "github-actions:ship": "staging",
        "github-actions:deploy-prod": "prod",
        "github-actions:build": "dev",
        "github-actions:lint": "default",  # "ci" in ci.yml names the tool, not an environment
    }


def test_identical_jobs_of_one_environment_are_one_place(tmp_path: Path) -> None:
    workflow = (
        f"on: push\nenv:\n  TWILIO_ACCOUNT_SID: {SID}\n  TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "jobs:\n  a: {runs-on: x, steps: [{run: a}]}\n  b: {runs-on: x, steps: [{run: b}]}\n"
        "  c:\n    runs-on: x\n    steps:\n      - run: c\n        env: {LOG: debug}\n"
    )
    write_tree(tmp_path, {".github/workflows/release-prod.yml": workflow})
    values = scan(tmp_path).values
    assert len(values) == 2
    assert {v.environment for v in values} == {"prod"}


def test_malformed_and_odd_workflows_become_notes_or_nothing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".github/workflows/broken.yml": f"jobs:\n  a:\n    env: [\n  TWILIO_AUTH_TOKEN: {TOKEN}\n",
            ".github/workflows/list.yml": "- just\n- a list\n",
            ".github/workflows/odd.yml": "jobs:\n  a: 3\n  b:\n    env: nope\n    steps: 4\n",
            ".github/dependabot.yml": f"env:\n  TWILIO_AUTH_TOKEN: {TOKEN}\n",
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    assert [n.location for n in result.notes] == [".github/workflows/broken.yml"]
    assert result.notes[0].message.startswith("not valid YAML")


# --- GitLab CI ---------------------------------------------------------------------------------


GITLAB = (
    "stages: [test, deploy]\n"
    "variables:\n"
    f"  TWILIO_ACCOUNT_SID: {SID}\n"
    "  LOG_LEVEL: info\n"
    ".twilio-staging:\n"
    "  variables:\n"
    f"    TWILIO_ACCOUNT_SID: {SID_2}\n"
    "    TWILIO_AUTH_TOKEN:\n"
    f"      value: {TOKEN_2}\n"
    "      description: staging token\n"
    "deploy_staging:\n"
    "  stage: deploy\n"
    "  extends: .twilio-staging\n"
    "  environment: staging\n"
    "  script: [./deploy.sh]\n"
    "deploy_production:\n"
    "  stage: deploy\n"
    "  environment:\n"
    "    name: production\n"
    "  variables:\n"
    f"    TWILIO_AUTH_TOKEN: '{TOKEN}'\n"
    "  script: [./deploy.sh]\n"
)


def test_gitlab_global_template_and_job_variables(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitlab-ci.yml": GITLAB})
    result = scan(tmp_path)
    got = {(v.scope, str(v.location), v.environment) for v in result.values}
    assert got == {
        ("gitlab-ci:deploy_staging@.gitlab-ci.yml", ".gitlab-ci.yml:7", "staging"),
        ("gitlab-ci:deploy_staging@.gitlab-ci.yml", ".gitlab-ci.yml:9", "staging"),
        ("gitlab-ci:deploy_production@.gitlab-ci.yml", ".gitlab-ci.yml:3", "prod"),
        ("gitlab-ci:deploy_production@.gitlab-ci.yml", ".gitlab-ci.yml:21", "prod"),
    }
    found = by_location(result)
    assert raw(found[".gitlab-ci.yml:9"]) == TOKEN_2
    assert (found[".gitlab-ci.yml:21"].consumer, found[".gitlab-ci.yml:21"].source_kind) == (
        "GitLab CI",
        "gitlab-ci",
    )
    assert _notes(result) == [
        ".gitlab-ci.yml:3: TWILIO_ACCOUNT_SID is set again (line 7); GitLab CI uses the later value"
    ]


def test_gitlab_expands_its_own_variables_and_notes_the_project_ones(tmp_path: Path) -> None:
    pipeline = (
        "variables:\n"
        f"  SHARED_SID: {SID}\n"
        "  PRICE: $$5\n"
        "smoke:staging:\n"
        "  variables:\n"
        "    TWILIO_ACCOUNT_SID: ${SHARED_SID}\n"
        "    TWILIO_AUTH_TOKEN: $STAGING_TWILIO_TOKEN\n"
        "    TWILIO_REGION:\n"
        "      value: $REGION\n"
        "      expand: false\n"
        "  script: [x]\n"
        "smoke:literal:\n"
        "  variables:\n"
        f"    TWILIO_ACCOUNT_SID: $SHARED_SID\n"
        f"    TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "  script: [x]\n"
    )
    write_tree(tmp_path, {"ci/pipelines/main.gitlab-ci.yml": pipeline})
    result = scan(tmp_path)
    found = by_location(result)
    path = "ci/pipelines/main.gitlab-ci.yml"
    assert set(found) == {f"{path}:2", f"{path}:9", f"{path}:14", f"{path}:15"}
    assert raw(found[f"{path}:14"]) == SID  # expanded from the file's own SHARED_SID
    assert raw(found[f"{path}:9"]) == "$REGION"  # expand: false keeps it literal
    assert found[f"{path}:14"].environment == "default"
    assert found[f"{path}:9"].environment == "staging"
    assert (
        f"{path}:7: TWILIO_AUTH_TOKEN is set from $STAGING_TWILIO_TOKEN (a CI/CD variable set "
        "outside this file); no value in the file to check, so the SHARED_SID (line 2), "
        "TWILIO_ACCOUNT_SID (line 6) used with it is not checked either"
    ) in _notes(result)


def test_gitlab_anchors_merge_keys_and_hidden_jobs(tmp_path: Path) -> None:
    pipeline = (
        ".defaults: &twilio\n"
        "  variables:\n"
        f"    TWILIO_ACCOUNT_SID: {SID}\n"
        f"    TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "e2e-test:\n"
        "  <<: *twilio\n"
        "  script: [x]\n"
    )
    write_tree(tmp_path, {".gitlab/ci/e2e.yml": pipeline})
    values = scan(tmp_path).values
    assert {(str(v.location), v.scope, v.environment) for v in values} == {
        (".gitlab/ci/e2e.yml:3", "gitlab-ci:e2e-test@.gitlab/ci/e2e.yml", "test"),
        (".gitlab/ci/e2e.yml:4", "gitlab-ci:e2e-test@.gitlab/ci/e2e.yml", "test"),
    }


def test_gitlab_lone_sid_is_held_back_and_broken_files_are_notes(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/.gitlab-ci.yml": f"variables:\n  TWILIO_ACCOUNT_SID: {SID}\n",
            "b/.gitlab-ci.yml": "variables: {A: [1\n",
            "c/.gitlab-ci.yml": "- 1\n",
            "d/.gitlab-ci.yml": "job:\n  extends: [.missing, job]\n  variables: 5\n",
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    assert [n.location for n in result.notes] == ["a/.gitlab-ci.yml:2", "b/.gitlab-ci.yml"]
    assert "holds no complete credential set" in result.notes[0].message


# --- CircleCI -------------------------------------------------------------------------------


def test_circleci_executor_image_job_and_step_environment(tmp_path: Path) -> None:
    config = (
        "version: 2.1\n"
        "executors:\n"
        "  py:\n"
        "    docker:\n"
        "      - image: cimg/python:3.12\n"
        "        environment:\n"
        f"          TWILIO_ACCOUNT_SID: {SID}\n"
        "jobs:\n"
        "  deploy-prod:\n"
        "    executor: py\n"
        "    environment:\n"
        f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "    steps:\n"
        "      - checkout\n"
        "      - run:\n"
        "          name: canary\n"
        "          environment:\n"
        "            TWILIO_AUTH_TOKEN: $CANARY_TOKEN\n"
        "          command: ./canary\n"
        "  e2e:\n"
        "    docker:\n"
        "      - image: cimg/node:20\n"
        "        environment:\n"
        "          TWILIO_ACCOUNT_SID: << pipeline.parameters.sid >>\n"
        f"          TWILIO_AUTH_TOKEN: {TOKEN_2}\n"
        "      - image: redis\n"
        "        environment:\n"
        f"          TWILIO_ACCOUNT_SID: {SID_2}\n"
        "    steps: [checkout]\n"
    )
    write_tree(tmp_path, {".circleci/config.yml": config})
    result = scan(tmp_path)
    found = {(str(v.location), v.scope) for v in result.values}
    assert found == {
        (".circleci/config.yml:7", "circleci:deploy-prod@.circleci/config.yml"),
        (".circleci/config.yml:12", "circleci:deploy-prod@.circleci/config.yml"),
        (".circleci/config.yml:7", "circleci:deploy-prod/canary@.circleci/config.yml"),
        (".circleci/config.yml:18", "circleci:deploy-prod/canary@.circleci/config.yml"),
    }
    canary = by_location(result)[".circleci/config.yml:18"]
    assert raw(canary) == "$CANARY_TOKEN"  # CircleCI does not expand environment: values
    assert (canary.environment, canary.field) == ("prod", Field.AUTH_TOKEN)
    assert any(
        "TWILIO_ACCOUNT_SID is set from a CircleCI pipeline or job parameter" in m
        for m in _notes(result)
    )


@pytest.mark.parametrize(
    ("path", "github", "gitlab", "circle"),
    [
        (".github/workflows/ci.yml", True, False, False),
        ("svc/.github/workflows/x.yaml", True, False, False),
        (".github/workflows/nested/x.yml", False, False, False),
        (".github/dependabot.yml", False, False, False),
        (".gitlab-ci.yml", False, True, False),
        ("ci/deploy.gitlab-ci.yaml", False, True, False),
        (".gitlab/ci/jobs.yml", False, True, False),
        (".gitlab/issue_templates/bug.md", False, False, False),
        (".circleci/config.yml", False, False, True),
        (".circleci/other.yml", False, False, False),
    ],
)
def test_which_paths_each_ci_reader_wants(
    path: str, github: bool, gitlab: bool, circle: bool
) -> None:
    assert (is_workflow_path(path), is_gitlab_ci_path(path), is_circleci_path(path)) == (
        github,
        gitlab,
        circle,
    )
