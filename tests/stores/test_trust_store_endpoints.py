"""A sherlock.toml inside the scanned tree cannot send Sherlock's store credentials anywhere
(issue 9, point 2): offline reads no store, an in-tree config may not move a store's
endpoint without --trust-config, and store endpoints are https unless loopback.

A "rogue" endpoint is a listening socket that counts the connections it accepts: the proof
that nothing was sent is that nothing arrived.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path

import pytest

from sherlock.config import LoadedConfig, load_config
from sherlock.engine.sources import Sources, gather_sources
from sherlock.errors import InputError
from sherlock.stores.endpoints import is_loopback_host
from sherlock_testing.emulators.gcp_secret_manager import GcpSecretManagerEmulator
from sherlock_testing.emulators.vault import VaultEmulator
from tests.stores.gcp_fixtures import (
    gcp_fixture,  # noqa: F401  (registers `gcp`)
    seed_versions,
)
from tests.stores.moto_server import MotoHandle
from tests.stores.rogue_listener import Rogue
from tests.stores.vault_fixtures import READER_TOKEN, seed_history, vault  # noqa: F401

VAULT_URI = "vault://secret/prod/twilio#auth_token"
AWS_URI = "aws-sm://prod/twilio#authToken"
GCP_URI = "gcp-sm://projects/acme/secrets/twilio-prod"
TOKENS = ("0" * 31 + "a", "0" * 31 + "b")


def _tree(root: Path, toml: str) -> LoadedConfig:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "sherlock.toml"
    path.write_text(toml, encoding="utf-8")
    return load_config(path)


def _gather(root: Path, loaded: LoadedConfig, environ: Mapping[str, str], **rules: bool) -> Sources:
    return asyncio.run(gather_sources(root, loaded, process_env={}, store_environ=environ, **rules))


def _redirecting(scheme: str, url: str) -> tuple[str, dict[str, str]]:
    """A config that names one secret and moves its store to ``url``, and an environment
    holding Sherlock's own credentials for that store."""
    if scheme == "vault":
        toml = f'[stores.vault]\nurl = "{url}"\n'
        environ = {"VAULT_TOKEN": READER_TOKEN}
        uri = VAULT_URI
    elif scheme == "aws-sm":
        toml = f'[stores.aws]\nendpoint_url = "{url}"\nregion = "us-east-1"\n'
        environ = {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x" * 40}
        environ |= {"AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
        uri = AWS_URI
    else:
        toml = f'[stores.gcp]\nendpoint = "{url}"\ncredentials = "anonymous"\n'
        environ = {}
        uri = GCP_URI
    return f'{toml}[environments.prod]\nstores = ["{uri}"]\n', environ


@pytest.mark.parametrize("scheme", ["vault", "aws-sm", "gcp-sm"])
def test_a_config_in_the_tree_cannot_move_a_store_without_trust(
    tmp_path: Path, rogue: Rogue, scheme: str
) -> None:
    toml, environ = _redirecting(scheme, rogue.url)
    root = tmp_path / "repo"
    found = _gather(root, _tree(root, toml), environ)
    assert rogue.accepted == 0
    assert found.contacted == ()
    notes = [str(n) for n in found.notes]
    key = {"vault": "[stores.vault] url", "aws-sm": "[stores.aws] endpoint_url"}
    assert any(
        n.startswith("sherlock.toml: sets " + key.get(scheme, "[stores.gcp] endpoint"))
        and "not used without --trust-config" in n
        for n in notes
    ), notes


@pytest.mark.parametrize("scheme", ["vault", "aws-sm", "gcp-sm"])
@pytest.mark.parametrize("trust", [False, True])
def test_offline_contacts_no_store_even_a_trusted_one(
    tmp_path: Path, rogue: Rogue, scheme: str, trust: bool
) -> None:
    toml, environ = _redirecting(scheme, rogue.url)
    root = tmp_path / "repo"
    found = _gather(root, _tree(root, toml), environ, offline=True, trust_config=trust)
    assert rogue.accepted == 0
    assert found.contacted == ()
    assert any("not read: --offline" in str(n) for n in found.notes)


def test_offline_ignores_the_environments_store_endpoints_too(tmp_path: Path, rogue: Rogue) -> None:
    root = tmp_path / "repo"
    loaded = _tree(root, f'[environments.prod]\nstores = ["{VAULT_URI}"]\n')
    environ = {"VAULT_ADDR": rogue.url, "VAULT_TOKEN": READER_TOKEN}
    found = _gather(root, loaded, environ, offline=True)
    assert rogue.accepted == 0 and found.history == ()


def test_trusting_the_config_reads_the_vault_it_names(
    tmp_path: Path,
    vault: VaultEmulator,  # noqa: F811
) -> None:
    seed_history(vault, "secret/prod/twilio", TOKENS)
    toml, environ = _redirecting("vault", vault.base_url)
    root = tmp_path / "repo"
    loaded = _tree(root, toml)
    assert _gather(root, loaded, environ).history == ()
    assert vault.requests == []
    found = _gather(root, loaded, environ, trust_config=True)
    assert len(found.history) == 2
    assert found.contacted == (vault.base_url,)


def test_a_config_passed_from_outside_the_tree_is_the_users_own(
    tmp_path: Path,
    vault: VaultEmulator,  # noqa: F811
) -> None:
    seed_history(vault, "secret/prod/twilio", TOKENS)
    toml, environ = _redirecting("vault", vault.base_url)
    loaded = _tree(tmp_path / "ops", toml)
    root = tmp_path / "repo"
    root.mkdir()
    found = _gather(root, loaded, environ)
    assert len(found.history) == 2
    assert found.contacted == (vault.base_url,)


def test_a_config_path_given_inside_the_tree_is_still_the_trees(
    tmp_path: Path, rogue: Rogue
) -> None:
    toml, environ = _redirecting("vault", rogue.url)
    root = tmp_path / "repo"
    loaded = _tree(root / "deploy", toml)  # --config repo/deploy/sherlock.toml
    _gather(root, loaded, environ)
    assert rogue.accepted == 0


def test_the_users_own_variables_still_point_a_store(
    tmp_path: Path,
    vault: VaultEmulator,  # noqa: F811
) -> None:
    seed_history(vault, "secret/prod/twilio", TOKENS)
    root = tmp_path / "repo"
    loaded = _tree(root, f'[environments.prod]\nstores = ["{VAULT_URI}"]\n')
    environ = {"VAULT_ADDR": vault.base_url, "VAULT_TOKEN": READER_TOKEN}
    found = _gather(root, loaded, environ)
    assert len(found.history) == 2
    assert found.contacted == (vault.base_url,)


def test_the_report_lists_each_aws_and_gcp_endpoint_contacted(
    tmp_path: Path, aws_server: MotoHandle, gcp: GcpSecretManagerEmulator
) -> None:
    aws_server.seed("prod/twilio", [f'{{"authToken": "{TOKENS[0]}"}}'])
    seed_versions(gcp, TOKENS)
    root = tmp_path / "repo"
    stores = f'stores = ["{AWS_URI}", "{GCP_URI}"]'
    toml = f'[stores.gcp]\ncredentials = "anonymous"\n[environments.prod]\n{stores}\n'
    environ = aws_server.environ() | {"SHERLOCK_GCP_SM_ENDPOINT": gcp.base_url}
    found = _gather(root, _tree(root, toml), environ)
    assert found.history and not found.notes, found.notes
    assert found.contacted == tuple(sorted((aws_server.endpoint, gcp.base_url)))


@pytest.mark.parametrize(
    ("toml", "environ", "named"),
    [
        ("", {"VAULT_ADDR": "http://vault.example:8200", "VAULT_TOKEN": "t"}, "VAULT_ADDR"),
        (
            "",
            {"AWS_ENDPOINT_URL": "http://user:pw@aws.example/path?q=1"},
            "AWS_ENDPOINT_URL is http://aws.example:",
        ),
        ("", {"SHERLOCK_GCP_SM_ENDPOINT": "http://10.0.0.5:8085"}, "SHERLOCK_GCP_SM_ENDPOINT"),
        ('[stores.vault]\nurl = "http://host.example:8200"\n', {}, "[stores.vault] url"),
    ],
)
def test_plain_http_to_another_host_is_a_config_error(
    tmp_path: Path, toml: str, environ: dict[str, str], named: str
) -> None:
    uris = f'["{VAULT_URI}", "{AWS_URI}", "{GCP_URI}"]'
    root = tmp_path / "repo"
    loaded = _tree(root, f"{toml}[environments.prod]\nstores = {uris}\n")
    with pytest.raises(InputError) as caught:
        _gather(root, loaded, environ, trust_config=True)
    message = str(caught.value)
    assert named in message and "https://" in message
    assert "pw" not in message and "path" not in message


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LocalHost", True),
        ("10.0.0.1", False),
        ("0.0.0.0", False),
        ("localhost.example.com", False),
        ("127.0.0.1.nip.io", False),
        ("", False),
    ],
)
def test_only_loopback_hosts_count_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_the_readers_themselves_refuse_plain_http_off_the_machine() -> None:
    from sherlock.config.schema import AwsSettings, VaultSettings
    from sherlock.stores.aws import AwsSecretsManagerReader
    from sherlock.stores.base import StoreReadError, StoreRef
    from sherlock.stores.vault import VaultKvReader

    vault_reader = VaultKvReader(
        VaultSettings(url="http://vault.example:8200"), {"VAULT_TOKEN": "t"}
    )
    aws = AwsSecretsManagerReader(
        AwsSettings(endpoint_url="http://aws.example", region="us-east-1"), {}
    )
    readers: tuple[tuple[VaultKvReader | AwsSecretsManagerReader, str], ...] = (
        (vault_reader, VAULT_URI),
        (aws, AWS_URI),
    )
    for reader, uri in readers:
        with pytest.raises(StoreReadError, match="over plain http to http://"):
            reader.read(StoreRef.parse(uri))
        assert reader.contacted == set()


def test_writers_can_ask_which_endpoints_a_tree_config_may_not_move(tmp_path: Path) -> None:
    from sherlock.stores.access import untrusted_overrides

    toml = '[stores.vault]\nurl = "https://vault.attacker.example"\n[stores.aws]\nregion = "eu-west-1"\n'
    root = tmp_path / "repo"
    loaded = _tree(root, toml)
    assert untrusted_overrides(loaded, root, trust_config=False) == {"vault": "[stores.vault] url"}
    assert untrusted_overrides(loaded, root, trust_config=True) == {}
    assert untrusted_overrides(loaded, tmp_path / "elsewhere", trust_config=False) == {}
