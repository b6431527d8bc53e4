"""sherlock.toml: a full config loads; every mistake is an InputError naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sherlock.cli.main import app
from sherlock.config import (
    EnvSource,
    FileSource,
    SherlockConfig,
    find_config,
    load_config,
    parse_config,
    parse_source,
)
from sherlock.config.load import MAX_CONFIG_BYTES
from sherlock.errors import InputError
from sherlock.stores.base import StoreRef

SID = "AC" + "0123456789abcdef" * 2
CANARY_TOKEN = "f00dfacecafe1234deadbeef5678abcd"
CONFIG = Path("/deploy/sherlock.toml")

FULL = f"""\
discovery = false

[environments.prod]
account = "{SID}"
region = "ie1"
edge = "dublin"
stores = ["aws-sm://prod/twilio#authToken", "vault://secret/twilio/prod#auth_token"]

[environments.prod.services.api]
sources = ["services/api/.env.production", "env:TWILIO_AUTH_TOKEN"]

[environments.prod.services."api.v2"]
sources = ["k8s/prod/*.yaml", "gcp-sm://projects/acme/secrets/twilio-prod#auth_token"]

[environments."eu-west".services.worker]
sources = ["aws-sm://prod/twilio#authToken"]

[stores.aws]
region = "eu-west-1"
profile = "deploy"
endpoint_url = "http://127.0.0.1:5000"

[stores.vault]
url = "https://vault.example.com:8200"
namespace = "admin"
auth = "approle"
approle_mount = "ci-approle"

[stores.gcp]
endpoint = "http://127.0.0.1:8085"
credentials = "anonymous"

[server]
host = "0.0.0.0"
port = 9000
token_env = "MY_API_TOKEN"

[slack]
bot_token_env = "BOT"
signing_secret_env = "SIGNING"
app_token_env = "APP"
alert_channel = "#twilio-alerts"
allowed_channels = ["C0123"]
allowed_users = ["U0123"]
"""


def _error(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_config(text, CONFIG)
    return str(caught.value)


def test_a_full_config_loads_every_table_and_key() -> None:
    config = parse_config(FULL, CONFIG)
    assert config.discovery is False
    prod = config.environments["prod"]
    assert (prod.account, prod.region, prod.edge) == (SID, "ie1", "dublin")
    assert [str(r) for r in prod.store_refs()] == [
        "aws-sm://prod/twilio#authToken",
        "vault://secret/twilio/prod#auth_token",
    ]
    assert prod.services["api"].parsed_sources() == [
        FileSource("services/api/.env.production"),
        EnvSource("TWILIO_AUTH_TOKEN"),
    ]
    assert prod.services["api.v2"].parsed_sources()[1] == StoreRef(
        "gcp-sm", "projects/acme/secrets/twilio-prod", "auth_token"
    )
    assert set(config.environments) == {"prod", "eu-west"}
    assert config.stores.aws.endpoint_url == "http://127.0.0.1:5000"
    assert (config.stores.vault.auth, config.stores.vault.approle_mount) == (
        "approle",
        "ci-approle",
    )
    assert config.stores.gcp.credentials == "anonymous"
    assert (config.server.host, config.server.port, config.server.token_env) == (
        "0.0.0.0",
        9000,
        "MY_API_TOKEN",
    )
    assert config.slack.allowed_users == ["U0123"]
    # Every store secret once, whatever the key or how many places name it.
    assert [ref.uri for ref in config.store_refs()] == [
        "aws-sm://prod/twilio",
        "gcp-sm://projects/acme/secrets/twilio-prod",
        "vault://secret/twilio/prod",
    ]


def test_an_empty_file_means_every_default() -> None:
    assert parse_config("", CONFIG) == SherlockConfig()
    defaults = SherlockConfig()
    assert defaults.discovery is True
    assert (defaults.server.host, defaults.server.port) == ("127.0.0.1", 8080)
    assert defaults.slack.bot_token_env == "SLACK_BOT_TOKEN"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        pytest.param("discvery = true\n", 1, "discvery: unknown key", id="unknown-top-level"),
        pytest.param(
            '[environments.prod]\nregion = "ie1"\nregoin = "ie1"\n',
            3,
            "environments.prod.regoin: unknown key",
            id="unknown-in-environment",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsource = [".env"]\n',
            2,
            "environments.prod.services.api.source: unknown key",
            id="unknown-in-service",
        ),
        pytest.param(
            '[stores.vault]\nurl = "https://v"\ntoken = "x"\n',
            3,
            "stores.vault.token: unknown key",
            id="unknown-in-stores-vault",
        ),
        pytest.param(
            '[environments.prod]\naccount = "SK0123456789abcdef0123456789abcdef"\n',
            2,
            "account must be an Account SID",
            id="bad-account-sid",
        ),
        pytest.param(
            '[environments.prod]\n\nregion = "IE 1"\n',
            3,
            "lower-case Twilio label",
            id="bad-region",
        ),
        pytest.param(
            '[environments.prod]\nedge = "Dublin!"\n', 2, "lower-case Twilio label", id="bad-edge"
        ),
        pytest.param(
            '[environments.prod]\nstores = ["vault://onlymount"]\n',
            2,
            "a Vault URI is vault://MOUNT/PATH",
            id="vault-without-path",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = ["gcp-sm://projects/p/x"]\n',
            2,
            "a GCP URI is gcp-sm://projects/PROJECT/secrets/SECRET",
            id="gcp-short-path",
        ),
        pytest.param(
            '[environments.prod]\nstores = ["s3://x"]\n',
            2,
            "not a store URI (expected one of aws-sm://, vault://, gcp-sm://)",
            id="unknown-scheme",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = ["aws-sm://"]\n',
            2,
            "names no secret",
            id="aws-without-id",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = ["env:1BAD"]\n',
            2,
            "env: needs a variable name",
            id="bad-env-name",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = ["env:"]\n',
            2,
            "env: needs a variable name",
            id="empty-env-name",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = ["/etc/twilio.env"]\n',
            2,
            "file sources are relative to the config's directory",
            id="absolute-file",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = ["  "]\n',
            2,
            "a source cannot be empty",
            id="empty-source",
        ),
        pytest.param(
            '[environments.prod.services.api]\nsources = "x"\n',
            2,
            "sources: Input should be a valid list",
            id="sources-not-a-list",
        ),
        pytest.param('discovery = "maybe"\n', 1, "discovery: Input should be", id="discovery-type"),
        pytest.param("[server]\nport = 70000\n", 2, "server.port: Input should be", id="port"),
        pytest.param(
            '[stores.vault]\nauth = "password"\n',
            2,
            "Input should be 'token' or 'approle'",
            id="auth",
        ),
        pytest.param(
            '[environments]\nprod = "x"\n', 2, "environments.prod: Input should be", id="env-type"
        ),
    ],
)
def test_each_mistake_names_its_file_and_line(text: str, line: int, says: str) -> None:
    message = _error(text)
    assert f"{CONFIG}:{line}: " in message, message
    assert says in message, message


def test_a_toml_syntax_error_names_its_line() -> None:
    message = _error('discovery = true\n[server]\nport = \nhost = "x"\n')
    assert message.startswith(f"{CONFIG}:3: not valid TOML"), message


def test_a_duplicate_table_is_a_syntax_error_with_a_line() -> None:
    message = _error("[server]\nport = 1\n\n[server]\nport = 2\n")
    assert message.startswith(f"{CONFIG}:4: not valid TOML"), message


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = (
        "colour = 1\n"  # 1
        "[environments.prod]\n"  # 2
        'account = "nope"\n'  # 3
        "[environments.prod.services.api]\n"  # 4
        'sources = ["s3://x", "ok.env"]\n'  # 5
        "[slack]\n"  # 6
        "channel = 1\n"  # 7
    )
    message = _error(text)
    for line in (1, 3, 5, 7):
        assert f"{CONFIG}:{line}: " in message, message
    assert message.startswith("invalid config:")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(
            '[environments."eu-west".services."api.v2"]\nsources = "x"\n', 2, id="quoted-names"
        ),
        pytest.param('environments.prod.account = "nope"\n', 1, id="dotted-key-at-top-level"),
        pytest.param(
            '[environments.prod]\nservices = { api = { sources = "x" } }\n', 2, id="inline-table"
        ),
        pytest.param(
            '[environments.prod]\nservices.api.sources = ["/abs"]\n', 2, id="dotted-key-in-table"
        ),
    ],
)
def test_lines_are_found_for_quoted_dotted_and_inline_keys(text: str, line: int) -> None:
    message = _error(text)
    assert f"{CONFIG}:{line}: " in message, message


def test_a_token_pasted_into_the_wrong_key_is_not_echoed() -> None:
    text = (
        f'[environments.prod]\naccount = "{CANARY_TOKEN}"\nregion = "{CANARY_TOKEN}"\n'
        f'edge = "{CANARY_TOKEN}"\n[server]\ntoken_env = 1\n'
    )
    message = _error(text)
    assert f"{CONFIG}:2: " in message and f"{CONFIG}:3: " in message
    assert CANARY_TOKEN[:10] not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("services/api/.env", FileSource("services/api/.env")),
        ("k8s/**/*.yaml", FileSource("k8s/**/*.yaml")),
        ("env:TWILIO_AUTH_TOKEN", EnvSource("TWILIO_AUTH_TOKEN")),
        ("aws-sm://prod/twilio", StoreRef("aws-sm", "prod/twilio")),
        (
            "aws-sm://arn:aws:secretsmanager:eu-west-1:123456789012:secret:tw-AbCdEf#authToken",
            StoreRef(
                "aws-sm",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tw-AbCdEf",
                "authToken",
            ),
        ),
        (
            "vault://secret/twilio/prod#auth_token",
            StoreRef("vault", "secret/twilio/prod", "auth_token"),
        ),
        ("gcp-sm://projects/p/secrets/s", StoreRef("gcp-sm", "projects/p/secrets/s")),
    ],
)
def test_each_source_form_parses_to_its_kind(text: str, expected: object) -> None:
    assert parse_source(text) == expected


# ── reading files ────────────────────────────────────────────────────────────────────────


def test_load_config_keeps_the_directory_relative_globs_start_from(tmp_path: Path) -> None:
    path = tmp_path / "sherlock.toml"
    path.write_text(FULL, encoding="utf-8")
    loaded = load_config(path)
    assert loaded.base_dir == tmp_path
    assert loaded.config.environments["prod"].account == SID


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sherlock.toml"
    path.write_bytes(b'[server]\nhost = "caf\xe9"\n')
    with pytest.raises(InputError, match="not UTF-8"):
        load_config(path)


def test_a_huge_file_is_refused_without_being_parsed(tmp_path: Path) -> None:
    path = tmp_path / "sherlock.toml"
    path.write_bytes(b"# padding\n" * (MAX_CONFIG_BYTES // 10 + 1))
    with pytest.raises(InputError, match=f"larger than {MAX_CONFIG_BYTES} bytes"):
        load_config(path)


def test_a_directory_is_not_a_config(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read config"):
        load_config(tmp_path)


def test_find_config_picks_root_sherlock_toml(tmp_path: Path) -> None:
    (tmp_path / "sherlock.toml").write_text("discovery = false\n", encoding="utf-8")
    loaded = find_config(tmp_path)
    assert loaded.path == tmp_path / "sherlock.toml"
    assert loaded.config.discovery is False


def test_an_explicit_config_wins_and_the_root_one_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "sherlock.toml").write_text("this is not toml\n", encoding="utf-8")
    other = tmp_path / "ci" / "other.toml"
    other.parent.mkdir()
    other.write_text("[server]\nport = 9999\n", encoding="utf-8")
    loaded = find_config(tmp_path, other)
    assert loaded.path == other
    assert loaded.base_dir == other.parent
    assert loaded.config.server.port == 9999


def test_no_config_means_defaults_and_discovery(tmp_path: Path) -> None:
    loaded = find_config(tmp_path)
    assert loaded.path is None and loaded.base_dir is None
    assert loaded.config == SherlockConfig()


def test_a_missing_explicit_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such config file"):
        find_config(tmp_path, tmp_path / "nope.toml")


def test_diagnose_reports_config_mistakes_in_one_line_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "sherlock.toml").write_text(
        '[environments.prod]\nregion = "ie1"\nregoin = "ie1"\n', encoding="utf-8"
    )
    runner = CliRunner()
    bad = runner.invoke(app, ["diagnose", str(tmp_path), "--offline"])
    missing = runner.invoke(
        app, ["diagnose", str(tmp_path), "--offline", "--config", str(tmp_path / "nope.toml")]
    )
    for result in (bad, missing):
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("sherlock: error: ")
        assert "Traceback" not in result.stdout + result.stderr
    assert f"{tmp_path / 'sherlock.toml'}:3: environments.prod.regoin: unknown key" in bad.stderr
    assert "no such config file" in missing.stderr


def test_several_bad_entries_of_one_list_are_each_reported_with_their_line(tmp_path: Path) -> None:
    text = (
        "[environments.prod]\n"
        'stores = ["s3://x", "vault://"]\n'
        "[environments.prod.services.api]\n"
        'sources = ["env:1BAD", "ftp://x", ".env"]\n'
    )
    with pytest.raises(InputError) as raised:
        parse_config(text, tmp_path / "sherlock.toml")
    message = str(raised.value)
    for where in ("stores.0", "stores.1", "sources.0", "sources.1"):
        assert where in message
    assert "sources.2" not in message
    assert message.count("sherlock.toml:4:") == 2
