"""The format registry: every format renders a real diagnosis without leaking a secret, and
the CLI's ``--format`` options and help come from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sherlock.cli.format_option import CHECK_FORMATS, DIAGNOSE_FORMATS
from sherlock.cli.main import app
from sherlock.engine.diagnose import DiagnoseRequest, diagnose
from sherlock.models import Diagnosis
from sherlock.render.options import RenderOptions
from sherlock.render.registry import FORMATS, UnknownFormat, output_format
from tests.leaks.canaries import Canary, find_leaks, make_canary

TOKEN = make_canary("registry-token")
KEY = make_canary("registry-key", kind="key")
JSON_FORMATS = {"json", "sarif", "slack"}


def _canary_tree(root: Path) -> Path:
    """Faults every format has something to say about, with canaries in values and paths."""
    files = {
        "prod/api/.env": f'TWILIO_ACCOUNT_SID={TOKEN.user}\nTWILIO_AUTH_TOKEN="{TOKEN.secret}"\n',
        "deploy.sh": "docker run --env-file prod/api/.env api\n",
        f"staging/{TOKEN.secret}/.env": (
            f"TWILIO_ACCOUNT_SID={TOKEN.user}\nTWILIO_AUTH_TOKEN={TOKEN.secret} \n"
        ),
        "prod/worker/.env": f"TWILIO_API_KEY={KEY.user}\nTWILIO_API_SECRET={KEY.secret}\n",
    }
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def canary_diagnosis(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Diagnosis]:
    root = _canary_tree(tmp_path_factory.mktemp("registry"))
    return root, diagnose(DiagnoseRequest(root=root, offline=True))


def test_the_canary_tree_gives_causes_with_sites_to_render(
    canary_diagnosis: tuple[Path, Diagnosis],
) -> None:
    _, result = canary_diagnosis
    assert result.causes and all(cause.sites for cause in result.causes)


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("color", [False, True])
def test_every_registered_format_renders_a_diagnosis_without_leaking_a_canary(
    name: str, color: bool, canary_diagnosis: tuple[Path, Diagnosis]
) -> None:
    root, result = canary_diagnosis
    text = FORMATS[name].render(result, RenderOptions(root=root, width=80, color=color))
    assert text.strip()
    canaries: list[Canary] = [TOKEN, KEY]
    assert not find_leaks(canaries, {name: text}), name
    if name in JSON_FORMATS:
        json.loads(text)


def test_every_format_has_a_media_type_of_its_own_for_content_negotiation() -> None:
    media = [output.media_type.split(";")[0] for output in FORMATS.values()]
    assert len(set(media)) == len(media)


def test_a_format_a_command_does_not_offer_is_refused_without_quoting_it() -> None:
    with pytest.raises(UnknownFormat) as refused:
        output_format("slack", among=CHECK_FORMATS)
    assert "slack" not in str(refused.value).split(":", 1)[0]
    assert "terminal" in str(refused.value)


@pytest.mark.parametrize(
    ("command", "offered"), [("diagnose", DIAGNOSE_FORMATS), ("check", CHECK_FORMATS)]
)
def test_help_lists_every_format_the_command_offers_with_its_purpose(
    command: str, offered: tuple[str, ...]
) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in offered:
        assert name in result.stdout
        assert FORMATS[name].description.split()[0] in result.stdout


def test_check_offers_only_formats_from_the_registry() -> None:
    assert set(CHECK_FORMATS) <= set(FORMATS)
    assert set(DIAGNOSE_FORMATS) <= set(FORMATS)


def test_an_unknown_format_is_a_usage_error_that_never_echoes_the_value(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--format", TOKEN.secret])
    assert result.exit_code == 2
    assert "choose one of: terminal, json" in result.stderr
    assert not find_leaks([TOKEN], {"stdout": result.stdout, "stderr": result.stderr})


def test_diagnose_writes_sarif_from_the_registry(
    canary_diagnosis: tuple[Path, Diagnosis],
) -> None:
    root, _ = canary_diagnosis
    result = CliRunner().invoke(app, ["diagnose", str(root), "--offline", "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    rule_ids = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert "quoted-credential" in rule_ids
    assert not find_leaks([TOKEN, KEY], {"sarif": result.stdout})


def test_check_writes_markdown_for_a_pull_request_comment(
    canary_diagnosis: tuple[Path, Diagnosis],
) -> None:
    root, _ = canary_diagnosis
    result = CliRunner().invoke(app, ["check", str(root), "--format", "markdown"])
    assert result.exit_code == 1
    assert result.stdout.startswith("## Sherlock: twilio-20003")
    assert "`quoted-credential`" in result.stdout
    assert not find_leaks([TOKEN, KEY], {"markdown": result.stdout})
