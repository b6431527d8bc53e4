"""The bytes pre-filter (collectors' ``needles``) and the per-name selection never change
what a scan finds.

Differential: every scenario tree and the benchmark generator's small polyglot tree are
collected twice, as a scan runs and with every collector asked about every path and offered
every file, no needles; values, code readings and notes must be identical. A collector that declares needles its reader
does not keep fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sherlock.collect import collect_tree, registry, selection
from sherlock.collect.base import CollectResult, SourceFile, declared_needles, lacks_all
from sherlock.demo.book import CredentialBook, render_tree
from tests.scenario_harness import all_scenarios

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _unfiltered(root: Path, monkeypatch: pytest.MonkeyPatch) -> CollectResult:
    """The scan as it was before the pre-filter and the per-name selection: every collector
    asked about every path, every file read offered to every collector, no needles."""
    every = tuple(registry.COLLECTORS.values())
    with monkeypatch.context() as patch:
        patch.setattr(registry, "declared_needles", lambda collector: None)
        patch.setattr(selection.Selection, "worth_keeping", lambda self, relpath, data, w: True)
        patch.setattr(
            selection.Selection,
            "wanting",
            lambda self, relpath: tuple(c for c in every if c.wants(relpath)),
        )
        patch.setattr(selection.Selection, "offered", lambda self, relpath, wanting: every)
        return collect_tree(root)


def _assert_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> CollectResult:
    filtered = collect_tree(root)
    plain = _unfiltered(root, monkeypatch)
    assert filtered.values == plain.values
    assert filtered.readings == plain.readings
    assert filtered.notes == plain.notes
    return filtered


@pytest.mark.parametrize("scenario", all_scenarios(), ids=lambda p: p.name)
def test_prefilter_finds_the_same_values_readings_and_notes_in_every_scenario(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = render_tree(scenario / "tree", tmp_path / "tree", CredentialBook())
    _assert_same(root, monkeypatch)


def test_prefilter_finds_every_credential_file_of_the_generated_polyglot_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from polyglot_tree import generate
    finally:
        sys.path.remove(str(BENCHMARKS))
    truth = generate(tmp_path, files=1500, seed=11, services=14)
    found = _assert_same(tmp_path, monkeypatch)
    assert {v.location.path for v in found.values} == truth.credential_files


def test_code_that_builds_a_twilio_client_is_still_read_with_the_prefilter(
    tmp_path: Path,
) -> None:
    app = "from twilio.rest import Client\nclient = Client('AC' + 'x', 'tok')\n"
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "app.py").write_text(app)
    assert registry.collector_for("svc/app.py", app.encode()) is registry.COLLECTORS["code"]
    assert collect_tree(tmp_path).readings


@pytest.mark.parametrize(
    ("data", "skipped"),
    [
        (b"def handler(event):\n    return 1\n", True),
        (b"import Twilio from 'twilio'\n", False),
        (b"# TWILIO gateway\n", False),
        (b"POST /2010-04-01/Accounts/AC1/Messages.json", False),
    ],
)
def test_code_collector_is_offered_only_files_that_mention_twilio(
    data: bytes, skipped: bool
) -> None:
    code = registry.COLLECTORS["code"]
    assert lacks_all(data.lower(), declared_needles(code)) is skipped
    source = SourceFile("svc/app.py", data)
    assert (registry.collector_for(source.relpath, source.data) is None) is skipped


def test_a_collector_without_needles_is_offered_every_file() -> None:
    dotenv = registry.COLLECTORS["dotenv"]
    assert declared_needles(dotenv) is None
    assert not lacks_all(b"anything at all", declared_needles(dotenv))
