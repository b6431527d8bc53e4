"""The injected junk is what the real consumer hands the app, read with real parsers.

A matrix cell is only worth its verdict if its tree holds the fault it claims: python-dotenv
must return the newline, bash must keep the NBSP and the CR, YAML must keep a block's final
newline and an NBSP, base64 must decode to the bytes ``echo`` encoded. Each case reads the
culprit's file the way its consumer does and compares with the value the fault meant.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dotenv import dotenv_values
from ruamel.yaml import YAML

from sherlock.demo.book import CredentialBook
from tests.matrix.generator import Cell
from tests.matrix.runner import write_tree

NAME = "TWILIO_AUTH_TOKEN"
NBSP = "\u00a0"


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (name, value) a YAML document binds, in document order: mapping keys, compose
    ``KEY=value`` list items and Kubernetes ``{name, value}`` env entries."""
    if isinstance(node, dict):
        if set(node) >= {"name", "value"}:
            yield str(node["name"]), node["value"]
        for key, value in node.items():
            yield str(key), value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, str) and "=" in item:
                key, _, value = item.partition("=")
                yield key, value
            yield from _walk(item)


def read_yaml(path: Path) -> str:
    docs = YAML(typ="safe").load_all(path.read_text(encoding="utf-8"))
    return next(str(v) for doc in docs for k, v in _walk(doc) if k == NAME)


def read_k8s_data(path: Path) -> str:
    return base64.b64decode(read_yaml(path)).decode()


def read_dotenv(path: Path) -> str:
    return str(dotenv_values(path)[NAME])


def read_bash(path: Path) -> str:
    """What the script exports, as bash itself reads it (without running its ``exec``)."""
    text = path.read_bytes().decode()  # not text mode: it would turn the CR into a newline
    exports = "\n".join(line for line in text.split("\n") if line.startswith("export "))
    script = f'{exports}\nprintf "%s" "${NAME}"'
    done = subprocess.run(["bash", "-c", script], capture_output=True, check=True)
    return done.stdout.decode()


Reader = Callable[[Path], str]
CASES: list[tuple[str, str, Reader, Callable[[str], str]]] = [
    ("dotenv", "whitespace", read_dotenv, lambda t: t + "\n"),
    ("dotenv", "padded", read_dotenv, lambda t: t + " "),
    ("dotenv", "empty-token", read_dotenv, lambda t: ""),
    ("compose-map", "whitespace", read_yaml, lambda t: t + "\n"),
    ("compose-map", "padded", read_yaml, lambda t: t + " "),
    ("compose-list", "whitespace", read_yaml, lambda t: t + NBSP),
    ("compose-list", "padded", read_yaml, lambda t: t + " "),
    ("compose-list", "quoted", read_yaml, lambda t: f'"{t}"'),
    ("k8s-data", "whitespace", read_k8s_data, lambda t: t + "\n"),
    ("k8s-data", "padded", read_k8s_data, lambda t: t + "\r\n"),
    ("k8s-data", "quoted", read_k8s_data, lambda t: f'"{t}"'),
    ("k8s-stringdata", "whitespace", read_yaml, lambda t: t + "\n"),
    ("k8s-stringdata", "quoted", read_yaml, lambda t: f'"{t}"'),
    ("k8s-deployment", "whitespace", read_yaml, lambda t: t + "\n"),
    ("k8s-env-from", "whitespace", read_k8s_data, lambda t: t + "\n"),
    ("k8s-env-from", "quoted", read_k8s_data, lambda t: f'"{t}"'),
    ("k8s-deployment", "padded", read_yaml, lambda t: t + " "),
    ("github-actions", "whitespace", read_yaml, lambda t: t + "\n"),
    ("gitlab-ci", "padded", read_yaml, lambda t: t + " "),
    ("circleci", "whitespace", read_yaml, lambda t: t + "\n"),
    ("shell", "whitespace", read_bash, lambda t: t + NBSP),
    ("shell", "padded", read_bash, lambda t: t + "\r"),
    ("shell", "truncated", read_bash, lambda t: t[:-1]),
]


@pytest.mark.parametrize(
    ("kind", "fault", "read", "meant"), CASES, ids=[f"{k}/{f}" for k, f, _, _ in CASES]
)
def test_injected_fault_is_what_the_real_consumer_reads(
    kind: str, fault: str, read: Reader, meant: Callable[[str], str], tmp_path: Path
) -> None:
    if read is read_bash and shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    book = CredentialBook()
    tree, _, expect = Cell(kind, fault, "live").build(book)
    assert expect.location is not None
    root = write_tree(tree, tmp_path)
    culprit = root / expect.location.rsplit(":", 1)[0]
    assert read(culprit) == meant(book.token("prod"))


@pytest.mark.parametrize("kind", ["dotenv", "compose-map", "k8s-data", "k8s-deployment", "shell"])
def test_healthy_base_hands_the_consumer_the_exact_token(kind: str, tmp_path: Path) -> None:
    readers: dict[str, Reader] = {
        "dotenv": read_dotenv,
        "compose-map": read_yaml,
        "k8s-data": read_k8s_data,
        "k8s-deployment": read_yaml,
        "shell": read_bash,
    }
    book = CredentialBook()
    tree, _, _ = Cell(kind, None, "prd").build(book)
    root = write_tree(tree, tmp_path)
    path = root / tree.file_of("prod", "api", "token")
    assert readers[kind](path) == book.token("prod")
