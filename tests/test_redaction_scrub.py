"""Everything read from the scanned tree is cleaned before it is shown (issue 9, points 3, 7, 8).

A CI step name, a job key, a directory name or a misplaced piece of a token reaches notes,
locations and evidence as free text. These tests build such trees, diagnose them offline and
read every output format: no 8-character piece of a token, no control character.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.engine.diagnose import DiagnoseRequest, diagnose
from sherlock.engine.scrub import scrub_diagnosis
from sherlock.models import Cause, CredentialReport, Diagnosis, Location, Note, Proof
from sherlock.render.markdown import render_markdown
from sherlock.render.terminal import render_terminal
from sherlock.secrets import Secret

TOKEN = "c0ffee00c0ffee00c0ffee00deadbeef"
SID = "AC" + "0123456789abcdef" * 2
ESCAPES = "\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e"


def pieces(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def assert_no_piece(text: str, secret: str = TOKEN) -> None:
    leaked = [piece for piece in pieces(secret) if piece in text]
    assert not leaked, f"pieces of the token were shown: {leaked[:3]}"


def assert_no_control(text: str) -> None:
    bad = [ch for ch in text if ch not in "\n" and (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0)]
    assert not bad, f"control characters were shown: {bad[:5]!r}"
    assert "\u202e" not in text


def _workflow() -> str:
    return (
        "name: Deploy\non: [push]\njobs:\n"
        f"  smoke-{TOKEN}:\n"
        "    environment: production\n"
        "    env:\n"
        f"      TWILIO_ACCOUNT_SID: {SID}\n"
        f"      TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "    steps:\n"
        f"      - name: curl -u {SID}:{TOKEN}x\n"
        "        env:\n"
        f"          TWILIO_AUTH_TOKEN: {TOKEN}\n"
        "        run: ./smoke.sh\n"
    )


@pytest.fixture
def leaky_tree(tmp_path: Path) -> Path:
    """A workflow whose job key and step name hold the token, and a folder named with escapes."""
    root = tmp_path / "tree"
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "deploy.yml").write_text(_workflow(), encoding="utf-8")
    folder = root / f"svc{ESCAPES}"
    folder.mkdir()
    (folder / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\nTWILIO_REGION={TOKEN[:12]}\n",
        encoding="utf-8",
    )
    return root


def _outputs(root: Path) -> dict[str, str]:
    result = diagnose(DiagnoseRequest(root=root, offline=True))
    console = Console(record=True, width=200, force_terminal=True)
    render_terminal(result, console)
    return {
        "json": json.dumps(result.to_dict(), ensure_ascii=False),
        "markdown": render_markdown(result),
        "terminal": console.export_text(styles=False),
    }


def test_a_token_in_a_ci_job_key_or_step_name_is_never_shown(leaky_tree: Path) -> None:
    for text in _outputs(leaky_tree).values():
        assert_no_piece(text)


def test_escape_sequences_in_folder_names_never_reach_any_output(leaky_tree: Path) -> None:
    for text in _outputs(leaky_tree).values():
        assert_no_control(text)


def test_cli_output_holds_no_token_piece_and_no_escape(leaky_tree: Path) -> None:
    for output in ("json", "markdown", "terminal"):
        result = CliRunner().invoke(
            app, ["diagnose", str(leaky_tree), "--offline", "--format", output]
        )
        assert result.exit_code in (0, 1), result.output
        assert_no_piece(result.stdout + result.stderr)
        assert_no_control(result.stdout + result.stderr)


def test_a_piece_of_a_token_in_the_region_is_masked_in_every_sentence(leaky_tree: Path) -> None:
    """Point 8: a 12-character piece of the token in TWILIO_REGION is a secret, not a label;
    also inside "clients call api.<region>.twilio.com"."""
    for text in _outputs(leaky_tree).values():
        assert TOKEN[:12] not in text


def test_a_piece_of_a_token_in_the_account_sid_is_masked(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={TOKEN[4:16]}\nTWILIO_AUTH_TOKEN={TOKEN}\n", encoding="utf-8"
    )
    for text in _outputs(tmp_path).values():
        assert TOKEN[4:16] not in text
        assert_no_piece(text)


# --- the walk itself ---------------------------------------------------------------------


def _diagnosis(text: str) -> Diagnosis:
    cause = Cause(
        id="whitespace-in-credential",
        title=f"title {text}",
        severity="high",
        likelihood="common",
        confidence=0.9,
        proof=Proof.PROVEN,
        locations=(Location(f"{text}/.env", 2),),
        evidence=(f"evidence {text}", "plain"),
        fix=(f"fix {text}",),
    )
    report = CredentialReport(
        text, "prod", text, "auth_token", "fp:0123456789ab", "****beef (32 chars)", text
    )
    return Diagnosis(
        error="twilio-20003",
        causes=(cause,),
        credentials=(report,),
        notes=(Note(text, f"note {text}"),),
        root=text,
        environments=(text,),
    )


def test_every_string_field_of_every_record_is_scrubbed() -> None:
    dirty = f"x{TOKEN}y{ESCAPES}"
    clean = scrub_diagnosis(_diagnosis(dirty), [Secret(TOKEN)])
    shown = repr(clean)
    assert_no_piece(shown)
    assert "\x1b" not in shown and "\x07" not in shown
    assert clean.causes[0].proof is Proof.PROVEN
    assert clean.causes[0].confidence == 0.9


@dataclass(frozen=True)
class _Later:
    """A record with field kinds the lead may add to Diagnosis later."""

    advice: tuple[str, ...]
    extra: dict[str, str] = field(default_factory=dict)
    nested: list[Note] = field(default_factory=list)
    complete: bool = True


def test_fields_added_later_are_covered_without_naming_them() -> None:
    from sherlock.engine.scrub import scrub_record

    dirty = f"{TOKEN}{TOKEN}"
    record = _Later((dirty,), {"k": dirty}, [Note(dirty, dirty)])
    clean = scrub_record(record, [Secret(TOKEN)])
    assert_no_piece(repr(clean))
    assert clean.complete is True


def test_a_clean_diagnosis_is_returned_unchanged() -> None:
    clean = _diagnosis("services/api")
    assert scrub_diagnosis(clean, [Secret(TOKEN)]) == clean


def test_request_ids_fingerprints_and_sids_survive_scrubbing() -> None:
    kept = f"{SID} RQ{'5' * 32} fp:0123456789ab ****beef (32 chars)"
    clean = scrub_diagnosis(_diagnosis(kept), [Secret(TOKEN), Secret(SID, identifier=True)])
    assert clean.causes[0].evidence[0] == f"evidence {kept}"
