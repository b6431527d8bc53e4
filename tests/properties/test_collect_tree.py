"""The whole discovery pass (walk, the pre-pass that learns who loads which file, every
collector) over small random trees: no reader fails, and no note, as a report shows it,
holds a piece of a token planted anywhere in the files (inside names and keys too)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.collect import collect_tree
from sherlock.engine.scrub import scrub_text, secrets_of
from sherlock.secrets import KnownSecrets
from tests.properties.strategies import SHAPES

#: A file each collector reads, and the shape of text to put in it.
FILES = {
    "prod/api/.env": "env",
    "prod/docker-compose.yml": "yaml",
    "prod/compose.override.yml": "yaml",
    "k8s/prod/secret.yaml": "yaml",
    ".github/workflows/ci.yml": "yaml",
    ".gitlab-ci.yml": "yaml",
    ".circleci/config.yml": "yaml",
    "prod/Dockerfile": "dockerfile",
    "scripts/deploy.sh": "shell",
    ".envrc": "shell",
    ".twilio-cli/config.json": "json",
    "deploy/systemd/api.service": "unit",
    "deploy/app.env": "env",
}
TOKEN = "5f0c3b7a9e1d4c2b8a6f0e3d7c1b9a4f"  # 32 hex, like an Auth Token

#: ruamel.yaml warns about reused anchors quoting the line; Sherlock's log gate handles that
#: in the product, and these tests call the parsers directly.
pytestmark = pytest.mark.filterwarnings("ignore:found duplicate anchor")


@st.composite
def trees(draw: st.DrawFn) -> dict[str, str]:
    """A few of the files above, each with a token planted somewhere in it."""
    chosen = draw(st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=4, unique=True))
    tree = {}
    for relpath in chosen:
        text = draw(SHAPES[FILES[relpath]])
        at = draw(st.integers(0, len(text)))
        tree[relpath] = text[:at] + draw(st.sampled_from(["", " ", "=", ": "])) + TOKEN + text[at:]
    return tree


@settings(deadline=None)  # a tree on disk: file-system time is not the parsers' speed
@given(tree=trees())
def test_discovery_reads_any_tree_without_a_reader_failing_or_a_note_quoting_it(
    tree: dict[str, str],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for relpath, text in tree.items():
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            (root / relpath).write_text(text, encoding="utf-8")
        result = collect_tree(root)
    failed = [n for n in result.notes if "reader failed" in n.message]
    assert failed == []
    known = KnownSecrets(secrets_of(result.values))
    pieces = [TOKEN[i : i + 8] for i in range(len(TOKEN) - 7)]
    for note in result.notes:
        shown = scrub_text(f"{note.location}: {note.message}", known)
        assert not any(p in shown for p in pieces), shown
