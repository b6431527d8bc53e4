"""Schema and loader failures: each one must name the file and the field that is wrong."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sherlock.errors import KnowledgeBaseError
from sherlock.kb import load_entry, load_entry_file
from sherlock.kb.loader import parse_entry

CAUSE: dict[str, Any] = {
    "id": "missing-credential",
    "title": "Nothing was sent",
    "severity": "high",
    "likelihood": "common",
    "description": "The variable is not set.",
    "confirm": ["printenv TWILIO_AUTH_TOKEN prints nothing"],
    "fix": ["set it"],
}

VALID: dict[str, Any] = {
    "id": "twilio-20003",
    "provider": "twilio",
    "code": 20003,
    "http_status": 401,
    "title": "Authentication failed",
    "summary": "Twilio did not accept the credentials.",
    "aliases": ["Authenticate"],
    "related_codes": [{"code": 20404, "title": "Not found", "note": "not auth"}],
    "causes": [CAUSE],
    "fix_steps": ["probe the credential"],
    "prevention": [{"title": "Validate at start-up", "detail": "one read-only call"}],
    "references": ["https://www.twilio.com/docs/errors/20003"],
}


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buffer)
    path = tmp_path / "entry.yaml"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _error_for(tmp_path: Path, data: dict[str, Any]) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_entry_file(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_valid_entry_loads(tmp_path: Path) -> None:
    entry = load_entry_file(_write(tmp_path, VALID))
    assert entry.id == "twilio-20003"
    assert entry.cause("missing-credential").severity == "high"


def test_missing_field_is_named(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    del data["summary"]
    assert "summary: Field required" in _error_for(tmp_path, data)


def test_missing_cause_field_is_named(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    del data["causes"][0]["fix"]
    assert "causes[0].fix: Field required" in _error_for(tmp_path, data)


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["causes"][0]["sevrity"] = "high"
    message = _error_for(tmp_path, data)
    assert "causes[0].sevrity" in message
    assert "Extra inputs are not permitted" in message


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["summery"] = "typo"
    assert "summery" in _error_for(tmp_path, data)


def test_duplicate_cause_id_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["causes"] = [CAUSE, dict(CAUSE)]
    assert "duplicate cause id 'missing-credential'" in _error_for(tmp_path, data)


def test_bad_severity_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["causes"][0]["severity"] = "severe"
    message = _error_for(tmp_path, data)
    assert "causes[0].severity" in message
    assert "'critical'" in message


def test_bad_likelihood_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["causes"][0]["likelihood"] = "often"
    assert "causes[0].likelihood" in _error_for(tmp_path, data)


@pytest.mark.parametrize("field", ["confirm", "fix"])
def test_cause_needs_steps(tmp_path: Path, field: str) -> None:
    data = copy.deepcopy(VALID)
    data["causes"][0][field] = []
    assert f"causes[0].{field}" in _error_for(tmp_path, data)


def test_cause_id_must_be_kebab_case(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["causes"][0]["id"] = "Missing_Credential"
    assert "causes[0].id" in _error_for(tmp_path, data)


def test_references_must_be_on_twilio(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["references"] = ["https://example.com/twilio-20003"]
    assert "not an https URL on twilio.com" in _error_for(tmp_path, data)


def test_id_must_match_provider_and_code(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["id"] = "twilio-20004"
    assert "id must be 'twilio-20003'" in _error_for(tmp_path, data)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"broken\.yaml: invalid YAML"):
        load_entry_file(path)


def test_duplicate_yaml_key_is_an_error() -> None:
    with pytest.raises(KnowledgeBaseError, match="invalid YAML"):
        parse_entry("id: a\nid: b\n", "dup.yaml")


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(KnowledgeBaseError, match=r"list\.yaml: expected a mapping"):
        parse_entry("- a\n- b\n", "list.yaml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_entry_file(tmp_path / "nope.yaml")


@pytest.mark.parametrize("entry_id", ["twilio-99999", "nope", "../twilio-20003", "TWILIO-20003"])
def test_unknown_entry_id(entry_id: str) -> None:
    with pytest.raises(KnowledgeBaseError, match="unknown knowledge-base entry"):
        load_entry(entry_id)


def test_unknown_cause_id_is_a_kb_error() -> None:
    with pytest.raises(KnowledgeBaseError, match="no cause 'not-a-cause'"):
        load_entry("twilio-20003").cause("not-a-cause")


def test_entries_are_frozen() -> None:
    entry = load_entry("twilio-20003")
    with pytest.raises(ValueError, match="frozen"):
        entry.title = "changed"  # type: ignore[misc]
