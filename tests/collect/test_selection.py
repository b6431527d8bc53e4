"""Collectors keep the promises the per-name selection relies on (sherlock.collect.selection).

* ``by_name = True``: ``wants`` gives the same answer for a path and for its file name alone,
  wherever the file sits;
* ``could_want(name)``: false only for names the collector never wants, in any folder;
* ``matches`` never claims a file ``wants`` declined, unless the collector says it claims
  files by content (``by_content``), as the shell reader does with shebangs.

Paths come from every scenario tree, each also placed under folders that path-aware
collectors care about, so a promise that holds only at the top level fails here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sherlock.collect.base import Collector
from sherlock.collect.registry import COLLECTORS, SELECTION
from sherlock.demo.book import CredentialBook, render_tree
from tests.scenario_harness import all_scenarios

#: Folders some collector treats specially; every scenario path is tried under each.
PREFIXES = (
    "",
    "services/api/",
    "config/",
    "charts/app/templates/",
    "charts/app/values/",
    ".github/workflows/",
    ".gitlab/ci/",
    ".circleci/",
    "group_vars/web/",
    "host_vars/",
    "supabase/",
    "settings/",
    "app/config/credentials/",
    "deploy/api.service.d/",
    ".vercel/",
    "tests/",
    "vendor/",
)

EXTRA_NAMES = (
    "Procfile.web",
    "config.json",
    "values-prod.yaml",
    "production.py",
    "credentials.yml.enc",
    ".env.production.local",
    "ecosystem.config.js",
    "serverless.yml",
    "template.yaml",
    "appsettings.Production.json",
    "application-prod.properties",
    "main.tf",
    "prod.tfvars",
    "deploy.sh",
    "api.service",
    "override.conf",
    "secrets.env.j2",
    "web",
)


@cache
def _scenario_paths() -> tuple[str, ...]:
    """Every file path of every scenario tree (relative to the tree), read from disk."""
    paths = set(EXTRA_NAMES)
    for scenario in all_scenarios():
        tree = scenario / "tree"
        paths.update(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file())
    return tuple(sorted(paths))


def _placed(paths: tuple[str, ...]) -> list[str]:
    return [prefix + path for path in paths for prefix in PREFIXES]


def _named(promise: str) -> list[Collector]:
    return [c for c in COLLECTORS.values() if hasattr(c, promise)]


@pytest.mark.parametrize("collector", _named("by_name"), ids=lambda c: c.name)
def test_a_collector_that_decides_by_name_gives_the_same_answer_in_any_folder(
    collector: Collector,
) -> None:
    wrong = [
        path
        for path in _placed(_scenario_paths())
        if collector.wants(path) != collector.wants(path.rpartition("/")[2])
    ]
    assert wrong == []


@pytest.mark.parametrize("collector", _named("could_want"), ids=lambda c: c.name)
def test_a_name_gate_never_rules_out_a_path_the_collector_wants(collector: Collector) -> None:
    gate = getattr(collector, "could_want")  # noqa: B009 (not part of the Collector protocol)
    wanted = [path for path in _placed(_scenario_paths()) if collector.wants(path)]
    assert wanted, "the corpus should hold at least one file this collector wants"
    assert [path for path in wanted if not gate(path.rpartition("/")[2])] == []


def test_most_collectors_decide_by_name_or_gate_names_so_a_large_tree_is_cheap() -> None:
    ungated = [
        c.name
        for c in COLLECTORS.values()
        if not hasattr(c, "by_name") and not hasattr(c, "could_want")
    ]
    assert ungated == []


@pytest.mark.parametrize("scenario", all_scenarios(), ids=lambda p: p.name)
def test_no_collector_claims_a_file_it_did_not_want(scenario: Path, tmp_path: Path) -> None:
    root = render_tree(scenario / "tree", tmp_path / "tree", CredentialBook())
    claims = []
    for path in (p for p in root.rglob("*") if p.is_file()):
        relpath, data = path.relative_to(root).as_posix(), path.read_bytes()
        for collector in COLLECTORS.values():
            if getattr(collector, "by_content", False):
                continue
            if collector.matches(relpath, data) and not collector.wants(relpath):
                claims.append((collector.name, relpath))
    assert claims == []


def test_selection_offers_a_file_to_the_collectors_that_wanted_it_and_the_content_readers() -> None:
    wanting = SELECTION.wanting("services/api/docker-compose.yml")
    assert [c.name for c in wanting] == ["compose", "k8s"]
    offered = SELECTION.offered("services/api/docker-compose.yml", wanting)
    assert [c.name for c in offered] == ["compose", "k8s", "shell"]
    assert SELECTION.offered("Makefile", ()) == tuple(COLLECTORS.values())


def test_a_source_file_that_never_mentions_twilio_is_not_kept_but_a_dotenv_file_always_is() -> None:
    code_only = SELECTION.wanting("services/api/handler.py")
    assert [c.name for c in code_only] == ["code"]
    assert not SELECTION.worth_keeping("services/api/handler.py", b"def f(): ...\n", code_only)
    assert SELECTION.worth_keeping(
        "services/api/handler.py", b"from twilio.rest import Client\n", code_only
    )
    dotenv = SELECTION.wanting("services/api/.env")
    assert SELECTION.worth_keeping("services/api/.env", b"PORT=80\n", dotenv)


def test_a_script_found_by_its_shebang_is_kept_even_when_only_the_code_reader_wanted_it() -> None:
    wanting = SELECTION.wanting("scripts/deploy.py")
    assert [c.name for c in wanting] == ["code"]
    assert SELECTION.worth_keeping("scripts/deploy.py", b"#!/bin/sh\nexport PORT=80\n", wanting)
