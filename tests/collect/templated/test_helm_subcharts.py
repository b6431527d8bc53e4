"""Helm umbrella charts: subcharts read with the values their parent hands them.

Helm's rules (chart template guide, "Subcharts and Global Values"; ``chartutil`` coalescing):
a parent overrides a subchart's values under the subchart's name (or its ``alias``), the
``-f`` environment file overrides the parent's ``values.yaml``, and the parent's ``global:``
block is visible to every subchart as ``.Values.global``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import CollectResult
from sherlock.providers.twilio.records import Field
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

UMBRELLA = "deploy/platform"
SUB = f"{UMBRELLA}/charts/notifier"
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Name }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          env:
            - name: TWILIO_ACCOUNT_SID
              value: {{ .Values.twilio.accountSid | quote }}
            - name: TWILIO_AUTH_TOKEN
              value: {{ .Values.twilio.authToken | quote }}
"""
GLOBAL_DEPLOYMENT = DEPLOYMENT.replace(
    ".Values.twilio.accountSid", ".Values.global.twilio.accountSid"
)


def chart_yaml(name: str, extra: str = "") -> str:
    return f"apiVersion: v2\nname: {name}\nversion: 1.0.0\n{extra}"


def umbrella(sub_values: str, parent: dict[str, str], template: str = DEPLOYMENT) -> dict[str, str]:
    """An umbrella chart with no templates of its own and one subchart under charts/."""
    files = {
        f"{UMBRELLA}/Chart.yaml": chart_yaml("platform"),
        f"{SUB}/Chart.yaml": chart_yaml("notifier"),
        f"{SUB}/values.yaml": sub_values,
        f"{SUB}/templates/deployment.yaml": template,
    }
    files.update({f"{UMBRELLA}/{name}": text for name, text in parent.items()})
    return files


def values_of(result: CollectResult, environment: str) -> dict[str, tuple[str, str]]:
    """name → (location, raw) of the values one environment's release renders."""
    return {
        v.name: (str(v.location), raw(v)) for v in result.values if v.environment == environment
    }


def test_a_parent_environment_file_overrides_a_subchart_value_at_its_own_line(
    tmp_path: Path,
) -> None:
    sub_values = f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n"
    prod = f"notifier:\n  replicas: 3\n  twilio:\n    authToken: {TOKEN_2}\n"
    write_tree(
        tmp_path, umbrella(sub_values, {"values.yaml": "notifier: {}\n", "values-prod.yaml": prod})
    )
    result = scan(tmp_path)
    assert values_of(result, "prod") == {
        "TWILIO_ACCOUNT_SID": (f"{SUB}/values.yaml:2", SID),
        "TWILIO_AUTH_TOKEN": (f"{UMBRELLA}/values-prod.yaml:4", TOKEN_2),
    }
    token = by_location(result)[f"{UMBRELLA}/values-prod.yaml:4"]
    assert (token.field, token.service, token.source_kind) == (
        Field.AUTH_TOKEN,
        "notifier",
        "helm-values",
    )
    assert token.location.key == "notifier.twilio.authToken"


def test_the_subchart_default_a_parent_overrides_is_kept_as_its_shadow(tmp_path: Path) -> None:
    sub_values = f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n"
    prod = f"notifier:\n  twilio:\n    authToken: {TOKEN_2}\n"
    write_tree(tmp_path, umbrella(sub_values, {"values-prod.yaml": prod}))
    result = scan(tmp_path)
    token = by_location(result)[f"{UMBRELLA}/values-prod.yaml:3"]
    assert [(str(s.value.location), raw(s.value)) for s in token.shadows] == [
        (f"{SUB}/values.yaml:3", TOKEN)
    ]
    assert "values-prod.yaml" in token.shadows[0].rule
    assert all(raw(v) != TOKEN for v in result.values), "an overridden default was read as in use"


def test_the_parent_values_file_overrides_the_subchart_and_the_environment_file_overrides_both(
    tmp_path: Path,
) -> None:
    sub_values = "twilio:\n  accountSid: ''\n  authToken: ''\n"
    parent = f"notifier:\n  twilio:\n    accountSid: {SID}\n    authToken: changeme\n"
    prod = f"notifier:\n  twilio:\n    authToken: {TOKEN}\n"
    staging = f"notifier:\n  twilio:\n    accountSid: {SID_2}\n    authToken: {TOKEN_2}\n"
    files = {"values.yaml": parent, "values-prod.yaml": prod, "values-staging.yaml": staging}
    write_tree(tmp_path, umbrella(sub_values, files))
    result = scan(tmp_path)
    assert values_of(result, "prod") == {
        "TWILIO_ACCOUNT_SID": (f"{UMBRELLA}/values.yaml:3", SID),
        "TWILIO_AUTH_TOKEN": (f"{UMBRELLA}/values-prod.yaml:3", TOKEN),
    }
    assert values_of(result, "staging")["TWILIO_AUTH_TOKEN"] == (
        f"{UMBRELLA}/values-staging.yaml:4",
        TOKEN_2,
    )
    assert all(raw(v) != "changeme" for v in result.values), "an overridden default was read"


def test_parent_globals_reach_every_subchart_and_beat_their_own_global_defaults(
    tmp_path: Path,
) -> None:
    files = umbrella(
        "global:\n  twilio:\n    accountSid: ACdefault\ntwilio:\n  authToken: ''\n",
        {
            "values.yaml": f"global:\n  twilio:\n    accountSid: {SID}\n",
            "values-prod.yaml": f"notifier:\n  twilio:\n    authToken: {TOKEN}\n"
            f"billing:\n  twilio:\n    authToken: {TOKEN_2}\n",
        },
        template=GLOBAL_DEPLOYMENT,
    )
    files[f"{UMBRELLA}/charts/billing/Chart.yaml"] = chart_yaml("billing")
    files[f"{UMBRELLA}/charts/billing/templates/deployment.yaml"] = GLOBAL_DEPLOYMENT
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    sids = {
        (v.service, str(v.location), raw(v)) for v in result.values if v.field == Field.ACCOUNT_SID
    }
    assert sids == {
        ("notifier", f"{UMBRELLA}/values.yaml:3", SID),
        ("billing", f"{UMBRELLA}/values.yaml:3", SID),
    }
    tokens = {(v.service, raw(v)) for v in result.values if v.field == Field.AUTH_TOKEN}
    assert tokens == {("notifier", TOKEN), ("billing", TOKEN_2)}


def test_a_local_file_dependency_is_read_under_its_alias(tmp_path: Path) -> None:
    dependencies = (
        "dependencies:\n  - name: notifier\n    version: 1.0.0\n"
        "    repository: file://../notifier\n    alias: sms\n"
    )
    files = {
        "deploy/platform/Chart.yaml": chart_yaml("platform", dependencies),
        "deploy/platform/values-prod.yaml": f"sms:\n  twilio:\n    accountSid: {SID}\n    authToken: {TOKEN}\n"
        f"notifier:\n  twilio:\n    authToken: {TOKEN_2}\n",
        "deploy/notifier/Chart.yaml": chart_yaml("notifier"),
        "deploy/notifier/values.yaml": "twilio:\n  accountSid: ''\n  authToken: ''\n",
        "deploy/notifier/templates/deployment.yaml": DEPLOYMENT,
    }
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    rendered = {(v.service, v.name, raw(v)) for v in result.values if v.environment == "prod"}
    assert rendered == {
        ("sms", "TWILIO_ACCOUNT_SID", SID),
        ("sms", "TWILIO_AUTH_TOKEN", TOKEN),
    }


def test_a_subchart_its_parent_disables_is_not_read(tmp_path: Path) -> None:
    dependencies = "dependencies:\n  - name: notifier\n    condition: notifier.enabled\n"
    files = umbrella(
        "enabled: true\ntwilio:\n  accountSid: ''\n  authToken: ''\n",
        {
            "values-prod.yaml": f"notifier:\n  enabled: false\n  twilio:\n    accountSid: {SID}\n    authToken: {TOKEN}\n"
        },
    )
    files[f"{UMBRELLA}/Chart.yaml"] = chart_yaml("platform", dependencies)
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    assert [v for v in result.values if v.name.startswith("TWILIO_")] == []


def test_a_subchart_read_through_its_parent_is_not_also_read_alone(tmp_path: Path) -> None:
    sub_values = f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n"
    sub_prod = f"twilio:\n  authToken: {TOKEN_2}\n"
    files = umbrella(sub_values, {"values.yaml": "notifier:\n  replicas: 2\n"})
    files[f"{SUB}/values-prod.yaml"] = sub_prod  # helm ignores a subchart's own -f files
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    scopes = {v.scope for v in result.values}
    assert len(scopes) == 1 and scopes.pop().startswith(f"helm:{UMBRELLA}")
    assert all(raw(v) != TOKEN_2 for v in result.values)
    assert {(v.name, raw(v)) for v in result.values} == {
        ("TWILIO_ACCOUNT_SID", SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
    }


def test_a_null_in_the_parent_removes_the_subchart_default(tmp_path: Path) -> None:
    sub_values = f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n"
    prod = "notifier:\n  twilio:\n    authToken: null\n"
    write_tree(tmp_path, umbrella(sub_values, {"values-prod.yaml": prod}))
    names = {v.name for v in scan(tmp_path).values}
    assert names == {"TWILIO_ACCOUNT_SID"}


def test_a_block_under_an_aliased_dependencys_chart_name_is_a_note_not_a_value(
    tmp_path: Path,
) -> None:
    dependencies = "dependencies:\n  - name: notifier\n    alias: sms\n"
    files = umbrella(
        "twilio:\n  accountSid: ''\n  authToken: ''\n",
        {"values-prod.yaml": f"notifier:\n  twilio:\n    authToken: {TOKEN}\n"},
    )
    files[f"{UMBRELLA}/Chart.yaml"] = chart_yaml("platform", dependencies)
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    assert all(raw(v) != TOKEN for v in result.values)
    notes = [n.message for n in result.notes if n.location == f"{UMBRELLA}/values-prod.yaml:3"]
    assert notes and "'sms'" in notes[0]


def test_a_global_a_subchart_never_reads_is_not_one_of_its_values(tmp_path: Path) -> None:
    files = umbrella(
        "twilio:\n  accountSid: ''\n  authToken: ''\n",
        {"values.yaml": f"global:\n  twilio:\n    accountSid: {SID}\n"},
        template=GLOBAL_DEPLOYMENT,
    )
    files[f"{UMBRELLA}/charts/billing/Chart.yaml"] = chart_yaml("billing")
    files[f"{UMBRELLA}/charts/billing/values.yaml"] = "invoiceDay: 1\n"
    write_tree(tmp_path, files)
    services = {v.service for v in scan(tmp_path).values}
    assert services == {"notifier"}


def test_one_chart_listed_twice_under_two_aliases_renders_two_services(tmp_path: Path) -> None:
    dependencies = (
        "dependencies:\n  - name: notifier\n    alias: sms-eu\n"
        "  - name: notifier\n    alias: sms-us\n"
    )
    files = umbrella(
        "twilio:\n  accountSid: ''\n  authToken: ''\n",
        {
            "values-prod.yaml": f"sms-eu:\n  twilio:\n    accountSid: {SID}\n    authToken: {TOKEN}\n"
            f"sms-us:\n  twilio:\n    accountSid: {SID_2}\n    authToken: {TOKEN_2}\n"
        },
    )
    files[f"{UMBRELLA}/Chart.yaml"] = chart_yaml("platform", dependencies)
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    by_scope: dict[str, set[str]] = {}
    for value in result.values:
        by_scope.setdefault(value.scope, set()).add(raw(value))
    assert sorted(by_scope.values(), key=sorted) == sorted(
        [{SID, TOKEN}, {SID_2, TOKEN_2}], key=sorted
    )
    assert {v.service for v in result.values} == {"sms-eu", "sms-us"}


@pytest.mark.parametrize(
    ("chart_extra", "prod"),
    [
        ("dependencies: notifier\n", "notifier: 3\n"),
        ("dependencies:\n  - name: [notifier]\n    alias: {x: 1}\n", "notifier: [1, 2]\n"),
        ("dependencies:\n  - name: notifier\n    condition: {a: b}\n", "global: null\n"),
        ("dependencies:\n  - name: notifier\n    repository: file://../../../../etc\n", "{"),
        ("dependencies: [", f"notifier:\n  twilio: {TOKEN}\n"),
    ],
)
def test_odd_chart_metadata_or_values_are_skipped_without_a_crash(
    tmp_path: Path, chart_extra: str, prod: str
) -> None:
    files = umbrella("twilio:\n  authToken: ''\n", {"values-prod.yaml": prod})
    files[f"{UMBRELLA}/Chart.yaml"] = chart_yaml("platform", chart_extra)
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    assert all(raw(v) != TOKEN or v.name != "TWILIO_AUTH_TOKEN" for v in result.values)


def test_a_nested_subchart_gets_its_values_through_its_parent_subchart(tmp_path: Path) -> None:
    nested = f"{SUB}/charts/sender"
    files = umbrella(
        "sender:\n  twilio:\n    authToken: ''\n",
        {
            "values.yaml": f"global:\n  twilio:\n    accountSid: {SID}\n",
            "values-prod.yaml": f"notifier:\n  sender:\n    twilio:\n      authToken: {TOKEN}\n",
        },
        template="kind: ConfigMap\n",
    )
    files[f"{nested}/Chart.yaml"] = chart_yaml("sender")
    files[f"{nested}/templates/deployment.yaml"] = GLOBAL_DEPLOYMENT
    write_tree(tmp_path, files)
    assert values_of(scan(tmp_path), "prod") == {
        "TWILIO_ACCOUNT_SID": (f"{UMBRELLA}/values.yaml:3", SID),
        "TWILIO_AUTH_TOKEN": (f"{UMBRELLA}/values-prod.yaml:4", TOKEN),
    }
