"""Which codes Sherlock recognises is the knowledge base's answer, with no list in code.

A temporary knowledge base (the shipped 20003 entry plus a copy filed as another code)
stands in for the shipped one: adding a file must be all it takes for ``explain``, the
server's recogniser and the Slack question parser to know the new code.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from sherlock.explain import recognise
from sherlock.kb import loader
from sherlock.slack.question import parse_question

NEW_CODE = 20005  # any code; the entry below is made up for the test


def _copy_as(code: int, status: int) -> str:
    text = files("sherlock.kb").joinpath("data", "twilio", "20003.yaml").read_text("utf-8")
    text = text.replace("id: twilio-20003\n", f"id: twilio-{code}\n", 1)
    text = text.replace("code: 20003\n", f"code: {code}\n", 1)
    return text.replace("http_status: 401\n", f"http_status: {status}\n", 1)


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A knowledge base of 20003 alone; tests add files to ``kb / "twilio"``."""
    (tmp_path / "twilio").mkdir()
    (tmp_path / "twilio" / "20003.yaml").write_text(_copy_as(20003, 401), encoding="utf-8")
    monkeypatch.setattr(loader, "_data_root", lambda: tmp_path)
    loader.clear_cache()
    yield tmp_path
    monkeypatch.undo()
    loader.clear_cache()


def test_a_code_without_an_entry_is_not_recognised(kb: Path) -> None:
    assert recognise(f"error {NEW_CODE}") is None
    question = parse_question(f"why is prod getting {NEW_CODE}?", ("prod",))
    assert question.error is None
    assert f"not {NEW_CODE}" in (question.unsupported or "")
    assert "Twilio 20003" in (question.unsupported or "")


def test_adding_an_entry_file_is_all_it_takes_to_recognise_its_code(kb: Path) -> None:
    (kb / "twilio" / f"{NEW_CODE}.yaml").write_text(_copy_as(NEW_CODE, 403), encoding="utf-8")
    loader.clear_cache()
    found = recognise(f'{{"code": {NEW_CODE}, "message": "Account not active", "status": 403}}')
    assert found is not None
    assert (found.entry_id, found.code, found.http_status) == (f"twilio-{NEW_CODE}", NEW_CODE, 403)


@pytest.mark.parametrize(
    "text", [f"why is prod getting {NEW_CODE}?", f"twilio-{NEW_CODE} in prod", f"error {NEW_CODE}"]
)
def test_slack_questions_name_any_code_the_knowledge_base_has(kb: Path, text: str) -> None:
    (kb / "twilio" / f"{NEW_CODE}.yaml").write_text(_copy_as(NEW_CODE, 401), encoding="utf-8")
    loader.clear_cache()
    question = parse_question(text, ("prod",))
    assert (question.error, question.provider, question.unsupported) == (
        f"twilio-{NEW_CODE}",
        "twilio",
        None,
    )
    assert question.describe().startswith(f"Twilio {NEW_CODE}")


def test_a_401_that_names_no_code_stays_20003_whatever_else_the_kb_has(kb: Path) -> None:
    (kb / "twilio" / f"{NEW_CODE}.yaml").write_text(_copy_as(NEW_CODE, 401), encoding="utf-8")
    loader.clear_cache()
    found = recognise("HTTP 401 error: Unable to fetch record: Authenticate")
    assert found is not None and (found.code, found.code_stated) == (20003, False)
