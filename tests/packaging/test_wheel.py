"""What ``pip install sherlock-rca`` gets: a slim core, one extra per optional feature, no fakes."""

from __future__ import annotations

import re
import zipfile
from email.message import Message
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.packaging.wheel import build_wheel, wheel_metadata

#: Distributions a core install must not pull: cloud SDKs, the server stack, the Slack stack.
OPTIONAL = {
    "boto3",
    "botocore",
    "hvac",
    "google-cloud-secret-manager",
    "fastapi",
    "starlette",
    "uvicorn",
    "prometheus-client",
    "swagger-ui-bundle-v2",
    "slack-bolt",
    "slack-sdk",
    "aiohttp",
    "tree-sitter",
}
EXTRAS = {
    "aws": {"boto3"},
    "vault": {"hvac"},
    "gcp": {"google-cloud-secret-manager"},
    "server": {"fastapi", "uvicorn", "prometheus-client", "swagger-ui-bundle-v2"},
    "slack": {"slack-bolt", "slack-sdk", "aiohttp"},
    "code": {"tree-sitter", "tree-sitter-python", "tree-sitter-javascript"},
}
#: Modules of the Vault, GCP and Slack fakes, which are test support and not shipped.
FAKE = re.compile(r"^(sherlock_testing/|tests/|sherlock/emulators/(vault|gcp|slack))")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> Message:
    return wheel_metadata(wheel)


def _requirements(metadata: Message) -> list[Requirement]:
    return [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]


def _names_for(metadata: Message, extra: str | None) -> set[str]:
    """Distributions required when ``extra`` is asked for (None: a plain install), with
    ``sherlock-rca[aws,...]`` (how ``all`` is spelled) expanded as pip expands it."""
    found = set()
    for requirement in _requirements(metadata):
        marker = requirement.marker
        if marker is not None and (extra is None or not marker.evaluate({"extra": extra})):
            continue
        name = canonicalize_name(requirement.name)
        if name == "sherlock-rca":
            found |= set().union(*(_names_for(metadata, e) for e in requirement.extras))
        else:
            found.add(name)
    return found


def test_a_plain_install_pulls_no_cloud_sdk_server_or_slack_stack(metadata: Message) -> None:
    core = _names_for(metadata, None)
    assert {"httpx", "typer", "rich", "pydantic"} <= core
    assert core & OPTIONAL == set()


@pytest.mark.parametrize(("extra", "needed"), sorted(EXTRAS.items()))
def test_each_extra_brings_its_own_sdks(metadata: Message, extra: str, needed: set[str]) -> None:
    assert needed <= _names_for(metadata, extra)


def test_the_all_extra_brings_every_optional_feature(metadata: Message) -> None:
    everything = set().union(*EXTRAS.values())
    assert everything <= _names_for(metadata, "all")
    assert set(metadata.get_all("Provides-Extra") or []) >= {*EXTRAS, "all"}


def test_every_runtime_requirement_has_an_upper_bound(metadata: Message) -> None:
    unbounded = [
        str(r)
        for r in _requirements(metadata)
        if not (r.marker and r.marker.evaluate({"extra": "dev"}))
        and canonicalize_name(r.name) != "sherlock-rca"
        and not any(spec.operator in {"<", "<=", "==", "~="} for spec in r.specifier)
    ]
    assert unbounded == []


def test_the_wheel_ships_no_vault_gcp_or_slack_fake(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if FAKE.match(n)] == []
    # What ships stays: the Twilio emulator and its server (demo, `sherlock emulator`), the data.
    for kept in (
        "sherlock/emulators/server.py",
        "sherlock/providers/twilio/emulator/__init__.py",
        "sherlock/demo/deployment.yaml",
        "sherlock/kb/data/twilio/20003.yaml",
    ):
        assert kept in names


def test_the_wheel_carries_the_mit_license(wheel: Path, metadata: Message) -> None:
    assert metadata["License-Expression"] == "MIT"
    archive = zipfile.ZipFile(wheel)
    (license_file,) = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    text = archive.read(license_file).decode("utf-8")
    assert text.startswith("MIT License") and "the Sherlock authors" in text
