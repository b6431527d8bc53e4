"""The light reading of the knowledge base (for ``sherlock explain``'s start-up) says
exactly what the pydantic schema says, for every shipped entry."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from sherlock.errors import KnowledgeBaseError
from sherlock.kb import list_entries, load_entry, loader
from sherlock.kb.present import entry_brief, entry_dict, entry_markdown, entry_renderable
from sherlock.kb.schema import LIKELIHOOD_ORDER, SEVERITY_ORDER
from sherlock.kb.views import LIKELIHOODS, SEVERITIES, entry_view

SHIPPED = [entry.id for entry in list_entries()]


def _rich(entry: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor")
    console.print(entry_renderable(entry))  # type: ignore[arg-type]
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize("entry_id", SHIPPED)
def test_view_json_is_the_schema_models_json_key_for_key(entry_id: str) -> None:
    model, view = load_entry(entry_id), loader.load_view(entry_id)
    assert json.dumps(view.model_dump()) == json.dumps(entry_dict(model))


@pytest.mark.parametrize("entry_id", SHIPPED)
@pytest.mark.parametrize("width", [60, 100, 160])
def test_view_renders_exactly_as_the_model_does(entry_id: str, width: int) -> None:
    model, view = load_entry(entry_id), loader.load_view(entry_id)
    assert _rich(view, width) == _rich(model, width)
    assert entry_markdown(view) == entry_markdown(model)
    assert entry_brief(view) == entry_brief(model)


def test_severity_and_likelihood_words_match_the_schema() -> None:
    assert (SEVERITIES, LIKELIHOODS) == (SEVERITY_ORDER, LIKELIHOOD_ORDER)


def test_every_code_the_index_lists_loads_with_the_schema() -> None:
    index_ids = sorted(
        loader.entry_id_for_code(p, c) or "" for p in {"twilio"} for c in loader.known_codes(p)
    )
    assert index_ids == sorted(SHIPPED)


def _shipped_data() -> dict[str, object]:
    return json.loads(json.dumps(entry_dict(load_entry("twilio-20003"))))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.pop("summary"), "summary"),
        (lambda d: d.update(sevrity="high"), "sevrity"),
        (lambda d: d["causes"][2].update(severity="dire"), "causes[2].severity"),
        (lambda d: d["causes"][0].update(confirm=[]), "causes[0].confirm"),
        (lambda d: d.update(http_status="four hundred"), "http_status"),
        (lambda d: d.update(aliases=["ok", ["nested"]]), "aliases[1]"),
        (lambda d: d.update(id="twilio-1"), "id"),
    ],
)
def test_a_malformed_entry_is_a_knowledge_base_error_naming_the_field(
    change: object, named: str
) -> None:
    data = _shipped_data()
    change(data)  # type: ignore[operator]
    with pytest.raises(KnowledgeBaseError) as caught:
        entry_view(data)
    assert named in str(caught.value) or named.split(".")[0] in str(caught.value)


def test_broken_yaml_in_the_data_folder_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "twilio").mkdir()
    (tmp_path / "twilio" / "20003.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(loader, "_data_root", lambda: tmp_path)
    loader.clear_cache()
    try:
        with pytest.raises(KnowledgeBaseError, match=r"kb/data/twilio/20003.yaml: invalid YAML"):
            loader.load_view("twilio-20003")
    finally:
        monkeypatch.undo()
        loader.clear_cache()


def test_kb_check_holds_every_shipped_entry_to_the_schema() -> None:
    from typer.testing import CliRunner

    from sherlock.cli.app import build_app

    result = CliRunner().invoke(build_app(["kb"]), ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{len(SHIPPED)} knowledge-base entries valid\n"


def test_kb_check_names_the_file_and_field_of_a_draft_the_schema_refuses(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sherlock.cli.app import build_app

    data = _shipped_data()
    data["causes"][0]["severity"] = "dire"  # type: ignore[index]
    draft = tmp_path / "draft.yaml"
    draft.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    result = CliRunner().invoke(build_app(["kb"]), ["kb", "check", str(draft)])
    assert result.exit_code == 2
    assert "draft.yaml" in result.stderr and "causes[0].severity" in result.stderr


def _kb_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "twilio").mkdir(exist_ok=True)
    entry = tmp_path / "twilio" / "20003.yaml"
    entry.write_text(text, encoding="utf-8")
    return entry


def test_the_parse_cache_never_serves_an_edited_or_damaged_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = loader.load_view("twilio-20003")
    original = (loader._data_root() / "twilio" / "20003.yaml").read_text(encoding="utf-8")
    entry = _kb_with(tmp_path, original)
    monkeypatch.setattr(loader, "_data_root", lambda: tmp_path)
    try:
        loader.clear_cache()
        assert loader.load_view("twilio-20003") == shipped
        cache = tmp_path / "twilio" / "__pycache__" / "20003.json"
        assert cache.is_file()  # kept for the next run
        entry.write_text(original.replace(shipped.title, "Edited title"), encoding="utf-8")
        loader.clear_cache()
        assert loader.load_view("twilio-20003").title == "Edited title"
        cache.write_text('{"sha256": "damaged', encoding="utf-8")
        loader.clear_cache()
        assert loader.load_view("twilio-20003").title == "Edited title"
    finally:
        monkeypatch.undo()
        loader.clear_cache()
