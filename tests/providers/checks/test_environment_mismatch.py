"""environment-mismatch blames only values that belong to another environment.

Two environments on one Twilio account share its Account SID; that is a set-up, not a
mistake, so neither side's SID may be blamed for it. A secret held by another environment
(and by no other place of this one) is foreign, and so is a SID that came across with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

from sherlock.demo.book import CredentialBook
from sherlock.models import Finding, FoundValue, Location, Outcome
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks.environment_mismatch import check
from sherlock.providers.twilio.client import ProbeRequest
from sherlock.providers.twilio.emulator import TwilioEmulator
from sherlock.providers.twilio.records import CredentialSet, Field, TwilioVerification
from sherlock.secrets import Secret
from tests.scenario_harness import SCENARIO_DIR, build_tree, load_spec, run_cli

SHARED_SID = "AC" + "5a" * 16
DEV_SID = "AC" + "d3" * 16
PROD_TOKEN = "01" * 16
STAGING_TOKEN = "02" * 16
DEV_TOKEN = "03" * 16
ACCOUNTS = {SHARED_SID: {PROD_TOKEN, STAGING_TOKEN}, DEV_SID: {DEV_TOKEN}}


def value(field: Field, raw: str, path: str, line: int, env: str) -> FoundValue:
    return FoundValue(
        field=field,
        name=f"TWILIO_{field.value.upper()}",
        value=Secret(raw, identifier=field.is_identifier),
        location=Location(path, line),
        source_kind="dotenv",
        consumer="python-dotenv",
        scope=path,
        environment=env,
        service="api",
    )


def token_set(path: str, env: str, sid: str, token: str) -> CredentialSet:
    return CredentialSet(
        scope=path,
        environment=env,
        service="api",
        account_sid=value(Field.ACCOUNT_SID, sid, path, 1, env),
        auth_token=value(Field.AUTH_TOKEN, token, path, 2, env),
    )


def twilio_says(sid: str, token: str) -> TwilioVerification:
    """What the emulated account table answers: only a 401 is 'invalid'."""
    if token in ACCOUNTS.get(sid, set()):
        return TwilioVerification(Outcome.VALID, http_status=200)
    return TwilioVerification(Outcome.INVALID, http_status=401, code=20003)


def run(sets: Iterable[CredentialSet]) -> tuple[list[Finding], list[ProbeRequest]]:
    sets = tuple(sets)
    probes: list[ProbeRequest] = []

    async def probe(request: ProbeRequest) -> TwilioVerification:
        probes.append(request)
        return twilio_says(request.username.reveal(), request.password.reveal())

    results = {}
    for cset in sets:
        assert cset.account_sid is not None and cset.auth_token is not None
        results[cset] = twilio_says(cset.account_sid.value.reveal(), cset.auth_token.value.reveal())
    values = tuple(v for s in sets for v in s.values())
    return asyncio.run(check(CheckContext(sets, values, results, probe))), probes


def test_two_environments_on_one_account_with_their_own_tokens_are_not_a_mismatch() -> None:
    findings, probes = run(
        [
            token_set("k8s/prod/secret.yaml", "prod", SHARED_SID, "0f" * 16),  # stale: rejected
            token_set("deploy/staging/api.env", "staging", SHARED_SID, STAGING_TOKEN),
        ]
    )
    assert findings == []
    assert probes == []


def test_shared_sids_both_working_are_not_a_mismatch() -> None:
    findings, _ = run(
        [
            token_set("k8s/prod/secret.yaml", "prod", SHARED_SID, PROD_TOKEN),
            token_set("deploy/staging/api.env", "staging", SHARED_SID, STAGING_TOKEN),
        ]
    )
    assert findings == []


def test_only_the_foreign_token_is_blamed_when_the_sid_is_shared() -> None:
    findings, _ = run(
        [
            token_set("k8s/prod/secret.yaml", "prod", SHARED_SID, DEV_TOKEN),
            token_set("deploy/staging/api.env", "staging", SHARED_SID, STAGING_TOKEN),
            token_set("services/api/.env.development", "dev", DEV_SID, DEV_TOKEN),
        ]
    )
    (finding,) = findings
    assert finding.environment == "prod"
    assert [str(loc) for loc in finding.locations] == ["k8s/prod/secret.yaml:2"]
    assert finding.proof.value == "proven"
    assert not any("TWILIO_ACCOUNT_SID" in line for line in finding.evidence)
    assert any("also used in dev" in line for line in finding.evidence)
    assert any("dev/api" in line and "Account SID" in line for line in finding.evidence)
    assert not any("staging" in line for line in finding.fix)


def test_a_pair_copied_whole_from_another_environment_blames_sid_and_token() -> None:
    findings, _ = run(
        [
            token_set("services/api/.env.production", "prod", DEV_SID, DEV_TOKEN),
            token_set("services/api/.env.development", "dev", DEV_SID, DEV_TOKEN),
            token_set("services/worker/.env.development", "dev", DEV_SID, DEV_TOKEN),
        ]
    )
    (finding,) = findings
    assert finding.environment == "prod"
    assert [str(loc) for loc in finding.locations] == [
        "services/api/.env.production:1",
        "services/api/.env.production:2",
    ]
    assert any("as another environment's account" in line for line in finding.evidence)


def test_the_environment_that_holds_a_value_twice_is_its_home_and_is_not_blamed() -> None:
    findings, _ = run(
        [
            token_set("services/api/.env.staging", "staging", SHARED_SID, STAGING_TOKEN),
            token_set("services/worker/.env.staging", "staging", SHARED_SID, STAGING_TOKEN),
            token_set("services/api/.env.production", "prod", SHARED_SID, STAGING_TOKEN),
        ]
    )
    assert [f.environment for f in findings] == ["prod"]
    assert {loc.path for f in findings for loc in f.locations} == {"services/api/.env.production"}


def test_the_shared_account_scenario_reports_no_environment_mismatch(tmp_path: Path) -> None:
    scenario = SCENARIO_DIR / "stale-shared-account-prod-and-staging"
    spec = load_spec(scenario)
    book = CredentialBook()
    tree = build_tree(scenario, tmp_path / "deploy", book)
    with TwilioEmulator(book.state(spec["emulator"])) as emulator:
        report = run_cli(tree, emulator).report()
    ids = [c["id"] for c in report["causes"]]
    assert ids == ["stale-credential-after-rotation"], ids
    assert report["causes"][0]["locations"] == ["k8s/prod/api-secret.yaml:9"]
