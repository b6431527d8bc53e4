"""`sherlock init`: the starting config parses, names what discovery found, holds no secret,
does not change the diagnosis, and never overwrites a config without --force."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import sherlock.demo
from sherlock.cli.main import app
from sherlock.collect import collect_tree
from sherlock.config import LoadedConfig, SherlockConfig, parse_config, parse_source
from sherlock.config.schema import FileSource, ServerSettings, SlackSettings
from sherlock.demo.book import CredentialBook, render_tree
from sherlock.engine.decoys import split_decoys
from sherlock.engine.diagnose import DiagnoseRequest, diagnose
from sherlock.engine.sources import settle_values
from sherlock.providers.twilio.grouping import group_credentials
from sherlock.starting_config import (
    EnvironmentPlan,
    ServicePlan,
    StartingConfig,
    plan_starting_config,
    render_plan,
    render_starting_config,
)
from tests.scenario_harness import SCENARIO_DIR, all_scenarios, assert_no_secret, build_tree

DEMO = Path(sherlock.demo.__file__).parent / "deployment"
SCENARIOS = all_scenarios()
# Trees that bring their own sherlock.toml (store scenarios) diagnose differently without it.
DISCOVERY_ONLY = [p for p in SCENARIOS if not (p / "tree" / "sherlock.toml").exists()]
Found = dict[str, dict[str, set[str]]]


def _demo(tmp_path: Path, book: CredentialBook) -> Path:
    return render_tree(DEMO, tmp_path / "acme-deploy", book)


def _parse(text: str, root: Path) -> SherlockConfig:
    return parse_config(text, root / "sherlock.toml")


def _found(root: Path) -> Found:
    """What a diagnosis sees, decoys set aside: environment → service → files."""
    real, _ = split_decoys(settle_values(collect_tree(root).values)[0])
    found: Found = defaultdict(lambda: defaultdict(set))
    for value in real:
        found[value.environment][value.service].add(value.location.path)
    return found


def _uncomment(text: str) -> str:
    """Every commented example made live: `#key = ...`, `#[table]` and `#stores = [` arrays."""
    out: list[str] = []
    in_array = False
    for line in text.splitlines():
        if in_array:
            out.append(line[1:])
            in_array = line[1:].strip() != "]"
        elif len(line) > 1 and line[0] == "#" and not line[1].isspace():
            out.append(line[1:])
            in_array = line.rstrip().endswith("[")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _comparable(root: Path, config: LoadedConfig | None) -> tuple[Any, Any]:
    result = diagnose(DiagnoseRequest(root=root, offline=True, config=config)).to_dict()
    return result["causes"], result["credentials"]


# ── the demo tree ────────────────────────────────────────────────────────────────────────


def test_the_demo_tree_gives_its_environments_services_files_and_accounts(
    tmp_path: Path,
) -> None:
    book = CredentialBook()
    root = _demo(tmp_path, book)
    text = render_starting_config(root)
    config = _parse(text, root)
    assert_no_secret(book, text)
    assert config.discovery is True
    assert set(config.environments) == {"dev", "prod", "staging"}
    prod = config.environments["prod"]
    assert prod.account == book.sid("acme-prod")
    assert config.environments["staging"].account == book.sid("acme-staging")
    assert config.environments["dev"].account == book.sid("acme-dev")
    assert {name: s.sources for name, s in prod.services.items()} == {
        "api": ["services/api/.env.production"],
        "notifier": [
            "services/notifier/docker-compose.yml",
            "services/notifier/secrets/prod_twilio_auth_token",
        ],
        "worker": ["k8s/prod/worker-secret.yaml"],
    }
    assert config.environments["staging"].services["api"].sources == ["deploy/staging/api.env"]
    # Nothing in the file is live beyond discovery, environments, accounts and sources.
    assert prod.region is None and prod.stores == []
    assert config.server == ServerSettings() and config.slack == SlackSettings()


def test_every_commented_example_is_valid_once_uncommented(tmp_path: Path) -> None:
    root = _demo(tmp_path, CredentialBook())
    live = _parse(_uncomment(render_starting_config(root)), root)
    for env in live.environments.values():
        assert (env.region, env.edge) == ("us1", "ashburn")
        assert sorted(ref.scheme for ref in env.store_refs()) == ["aws-sm", "gcp-sm", "vault"]
    # The tables shown as "defaults" really are the defaults.
    assert live.server == ServerSettings()
    slack = live.slack
    assert (slack.bot_token_env, slack.signing_secret_env, slack.app_token_env) == (
        SlackSettings().bot_token_env,
        SlackSettings().signing_secret_env,
        SlackSettings().app_token_env,
    )
    assert live.stores.vault.approle_mount == "approle"
    assert live.stores.gcp.credentials == "default"
    assert live.stores.aws.region == "eu-west-1"


# ── scenario trees ───────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_init_names_what_discovery_found_and_no_secret(scenario: Path, tmp_path: Path) -> None:
    book = CredentialBook()
    root = build_tree(scenario, tmp_path / "deploy", book)
    text = render_starting_config(root)
    assert_no_secret(book, text)
    config = _parse(text, root)
    found = _found(root)
    assert set(config.environments) == set(found)
    for env_name, services in found.items():
        env = config.environments[env_name]
        assert set(env.services) == set(services)
        for service_name, paths in services.items():
            sources = env.services[service_name].sources
            assert sources == sorted(set(sources))
            for path in paths:
                # Listed, or (read by several services) left to discovery with a comment.
                assert path in sources or f"Also reads {path}" in text, (service_name, path)
            for source in sources:
                assert isinstance(parse_source(source), FileSource)
                assert list(root.glob(source)) == [root / source], source
                assert source in paths
    sets = group_credentials(split_decoys(settle_values(collect_tree(root).values)[0])[0])
    for env_name, env in config.environments.items():
        if env.account is not None:
            sids = {
                s.account_sid.value.reveal().strip()
                for s in sets
                if s.environment == env_name
                if s.account_sid
            }
            assert sids == {env.account}
            assert all(s.account_sid for s in sets if s.environment == env_name)


@pytest.mark.parametrize("scenario", DISCOVERY_ONLY, ids=[p.name for p in DISCOVERY_ONLY])
def test_the_generated_config_does_not_change_the_diagnosis(scenario: Path, tmp_path: Path) -> None:
    root = build_tree(scenario, tmp_path / "deploy", CredentialBook())
    config = _parse(render_starting_config(root), root)
    without = _comparable(root, None)
    with_config = _comparable(root, LoadedConfig(config, root / "sherlock.toml"))
    assert with_config == without


def test_a_file_two_services_read_is_left_to_discovery(tmp_path: Path) -> None:
    root = build_tree(
        SCENARIO_DIR / "sid-key-confusion-compose-swapped", tmp_path / "d", CredentialBook()
    )
    text = render_starting_config(root)
    prod = _parse(text, root).environments["prod"]
    shared = "ops/docker-compose.prod.yml"
    assert {"outbound", "voice-ivr"} <= set(prod.services)
    for name in ("outbound", "voice-ivr"):
        assert shared not in prod.services[name].sources
    assert text.count(f"Also reads {shared}") == 2


def test_an_environment_with_two_accounts_gets_a_commented_choice(tmp_path: Path) -> None:
    book = CredentialBook()
    root = build_tree(SCENARIO_DIR / "account-inactive-closed-403", tmp_path / "d", book)
    text = render_starting_config(root)
    prod = _parse(text, root).environments["prod"]
    assert prod.account is None
    assert "do not agree on one Account SID" in text
    live = _parse(_uncomment(text), root).environments["prod"].account
    sets = group_credentials(collect_tree(root).values)
    assert live in {s.account_sid.value.reveal() for s in sets if s.account_sid}


def test_a_quoted_sid_still_counts_as_the_same_account(tmp_path: Path) -> None:
    """docker --env-file keeps the quotes; that is its own cause, not a second account."""
    book = CredentialBook()
    sid, token = book.sid("prod"), book.token("prod")
    files = {
        "Makefile": "run:\n\tdocker run --env-file services/sms/prod.env sms\n",
        "services/sms/prod.env": f'TWILIO_ACCOUNT_SID="{sid}"\nTWILIO_AUTH_TOKEN={token}\n',
        "services/api/.env.production": f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n",
    }
    for relpath, text in files.items():
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text(text)
    config = _parse(render_starting_config(tmp_path), tmp_path)
    assert config.environments["prod"].account == sid
    causes, _ = _comparable(tmp_path, LoadedConfig(config, tmp_path / "sherlock.toml"))
    assert causes == _comparable(tmp_path, None)[0]
    assert [c["id"] for c in causes] == ["quoted-credential"]


def test_a_token_in_the_sid_field_is_never_written(tmp_path: Path) -> None:
    book = CredentialBook()
    (tmp_path / "services" / "api").mkdir(parents=True)
    (tmp_path / "services" / "api" / ".env.production").write_text(
        f"TWILIO_ACCOUNT_SID={book.token('prod')}\nTWILIO_AUTH_TOKEN={book.token('prod', 'b')}\n"
    )
    text = render_starting_config(tmp_path)
    assert_no_secret(book, text)
    prod = _parse(text, tmp_path).environments["prod"]
    assert prod.account is None
    assert prod.services["api"].sources == ["services/api/.env.production"]
    assert "found none it could read" in text


def test_examples_fixtures_and_docs_are_left_out_and_mentioned(tmp_path: Path) -> None:
    book = CredentialBook()
    pair = f"TWILIO_ACCOUNT_SID={book.sid('x')}\nTWILIO_AUTH_TOKEN={book.token('x')}\n"
    for relpath in ("services/api/.env.production", "tests/.env", "docs/twilio.env"):
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text(pair)
    text = render_starting_config(tmp_path)
    config = _parse(text, tmp_path)
    assert_no_secret(book, text)
    listed = [
        s
        for env in config.environments.values()
        for svc in env.services.values()
        for s in svc.sources
    ]
    assert listed == ["services/api/.env.production"]
    assert "Left out: values in 2 example/fixture/docs file(s)" in text
    assert "docs/twilio.env, tests/.env" in text


def test_an_empty_tree_gives_a_valid_commented_skeleton(tmp_path: Path) -> None:
    text = render_starting_config(tmp_path)
    config = _parse(text, tmp_path)
    assert config == SherlockConfig()
    assert "No Twilio credentials were found" in text
    live = _parse(_uncomment(text), tmp_path)
    assert live.environments["prod"].services["api"].sources == [
        "services/api/.env.production",
        "env:TWILIO_AUTH_TOKEN",
    ]


# ── odd names ────────────────────────────────────────────────────────────────────────────

ODD_NAMES = [
    "api.v2",
    "eu-west",
    "a b",
    'we"ird',
    "back\\slash",
    "new\nline",
    "tab\there",
    "[x]",
    "#hash",
    "ünïcode",
    "",
    "x\n[server]\nport = 1",
]


def test_odd_names_are_quoted_and_round_trip() -> None:
    plan = StartingConfig(
        environments=tuple(
            EnvironmentPlan(name, (ServicePlan(name, ("a.env",)),), None, (), 0, 0)
            for name in ODD_NAMES
        ),
        decoys=("docs/x\n[server]\nport = 2",),
        noted=("bad\r\nname.env",),
    )
    text = render_plan(plan)
    config = parse_config(text, Path("sherlock.toml"))
    assert set(config.environments) == set(ODD_NAMES)
    for name in ODD_NAMES:
        assert config.environments[name].services[name].sources == ["a.env"]
    assert config.server == ServerSettings()  # no name or path slipped a line of its own in
    assert _parse(_uncomment(text), Path(".")).server == ServerSettings()


def test_odd_file_and_folder_names_become_sources_that_match_exactly(tmp_path: Path) -> None:
    book = CredentialBook()
    pair = f"TWILIO_ACCOUNT_SID={book.sid('p')}\nTWILIO_AUTH_TOKEN={book.token('p')}\n"
    relpaths = [
        "services/api.v2/.env.production",
        "odd/a[1]*?.env",
        "odd/env:x.env",
        "odd/ lead.env",
        'odd/qu"ote.env',
    ]
    for relpath in relpaths:
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text(pair)
    (tmp_path / "odd" / "a1xy.env").write_text(
        "NOTHING=here\n"
    )  # what an unescaped glob would match
    text = render_starting_config(tmp_path)
    assert_no_secret(book, text)
    config = _parse(text, tmp_path)
    assert "api.v2" in config.environments["prod"].services
    assert '[environments.prod.services."api.v2"]' in text
    sources = [
        s
        for env in config.environments.values()
        for svc in env.services.values()
        for s in svc.sources
    ]
    matched = set()
    for source in sources:
        assert isinstance(parse_source(source), FileSource), source
        hits = list(tmp_path.glob(source))
        assert len(hits) == 1, (source, hits)
        matched.add(hits[0].relative_to(tmp_path).as_posix())
    assert matched == set(relpaths)


# ── the command ──────────────────────────────────────────────────────────────────────────


def _init(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["init", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_sherlock_toml_and_says_what_it_wrote(tmp_path: Path) -> None:
    book = CredentialBook()
    root = _demo(tmp_path, book)
    code, out, err = _init(str(root))
    assert code == 0, err
    target = root / "sherlock.toml"
    config = _parse(target.read_text(encoding="utf-8"), root)
    assert target.read_text(encoding="utf-8") == render_starting_config(root)
    services = sum(len(e.services) for e in config.environments.values())
    sources = sum(len(s.sources) for e in config.environments.values() for s in e.services.values())
    assert f"wrote {target}: 3 environment(s) (dev, prod, staging)" in out
    assert f", {services} service(s), {sources} source(s)" in out
    assert (services, sources) == (5, 6)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert_no_secret(book, out, err)


def test_init_refuses_to_overwrite_without_force_and_overwrites_with_it(tmp_path: Path) -> None:
    root = _demo(tmp_path, CredentialBook())
    target = root / "sherlock.toml"
    target.write_text("# my own config\n", encoding="utf-8")
    code, _, err = _init(str(root))
    assert code == 2
    assert err.startswith("sherlock: error: ")
    assert f"{target} already exists; pass --force" in err
    assert target.read_text(encoding="utf-8") == "# my own config\n"
    code, _, err = _init(str(root), "--force")
    assert code == 0, err
    assert set(_parse(target.read_text(encoding="utf-8"), root).environments) == {
        "dev",
        "prod",
        "staging",
    }
    assert not [p for p in root.iterdir() if p.name.startswith(".sherlock-init-")]


def test_init_stdout_prints_the_config_and_writes_nothing(tmp_path: Path) -> None:
    book = CredentialBook()
    root = _demo(tmp_path, book)
    code, out, err = _init(str(root), "--stdout")
    assert code == 0, err
    assert out == render_starting_config(root)
    assert "3 environment(s)" in err
    assert not (root / "sherlock.toml").exists()
    assert_no_secret(book, out, err)


def test_init_output_elsewhere_writes_sources_relative_to_that_file(tmp_path: Path) -> None:
    book = CredentialBook()
    root = _demo(tmp_path, book)
    target = tmp_path / "configs" / "acme.toml"
    target.parent.mkdir()
    code, out, err = _init(str(root), "--output", str(target))
    assert code == 0, err
    assert f"--config {target}" in out
    config = parse_config(target.read_text(encoding="utf-8"), target)
    api = config.environments["prod"].services["api"].sources
    assert api == ["../acme-deploy/services/api/.env.production"]
    assert list(target.parent.glob(api[0])) == [target.parent / api[0]]
    assert _comparable(root, LoadedConfig(config, target)) == _comparable(root, None)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["{root}/nope"], "no such directory"),
        (["{root}/file.txt"], "is not a directory"),
        (["{root}", "--stdout", "--output", "{root}/x.toml"], "cannot be combined"),
        (["{root}", "--output", "{root}/missing/x.toml"], "no such directory"),
        (["{root}", "--output", "{root}"], "is a directory"),
    ],
)
def test_init_usage_mistakes_exit_2_with_a_clear_message(
    tmp_path: Path, args: list[str], says: str
) -> None:
    (tmp_path / "file.txt").write_text("x")
    code, _, err = _init(*(a.format(root=tmp_path) for a in args))
    assert code == 2
    assert says in err and err.startswith("sherlock: error: ")


def test_process_env_variables_become_env_sources_without_their_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = CredentialBook()
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", book.sid("shell"))
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", book.token("shell"))
    code, plain, _ = _init(str(tmp_path), "--stdout")
    assert code == 0 and "env:" not in re.sub(r"(?m)^#.*$", "", plain)
    code, out, err = _init(str(tmp_path), "--stdout", "--process-env")
    assert code == 0, err
    config = _parse(out, tmp_path)
    assert config.environments["process"].services["process"].sources == [
        "env:TWILIO_ACCOUNT_SID",
        "env:TWILIO_AUTH_TOKEN",
    ]
    assert config.environments["process"].account == book.sid("shell")
    assert_no_secret(book, out, err)


def test_diagnose_reads_the_written_config(tmp_path: Path) -> None:
    root = _demo(tmp_path, CredentialBook())
    before = CliRunner().invoke(app, ["diagnose", str(root), "--offline", "--format", "json"])
    assert _init(str(root))[0] == 0
    after = CliRunner().invoke(app, ["diagnose", str(root), "--offline", "--format", "json"])
    assert after.exit_code == before.exit_code == 1, after.stderr
    assert after.stdout == before.stdout


def test_plan_counts_match_the_rendered_file(tmp_path: Path) -> None:
    root = _demo(tmp_path, CredentialBook())
    plan = plan_starting_config(root)
    config = _parse(render_plan(plan), root)
    assert plan.service_count == sum(len(e.services) for e in config.environments.values())
    assert plan.source_count == sum(
        len(s.sources) for e in config.environments.values() for s in e.services.values()
    )


def test_a_shell_profile_is_no_service_of_the_starting_config(tmp_path: Path) -> None:
    """A profile's export is laid over the ``.env`` it shadows, as the diagnosis lays it:
    the config names the app's service, not the machine's shell."""
    scenario = SCENARIO_DIR / "source-precedence-bashrc-stale-token-over-python-dotenv"
    root = build_tree(scenario, tmp_path / "deploy", CredentialBook())
    services = {s.name for env in plan_starting_config(root).environments for s in env.services}
    assert services
    assert "shell-profile" not in services
