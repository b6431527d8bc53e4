"""Helm charts: values files read through the chart's templates, per environment file."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.records import Field
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

CHART = "apiVersion: v2\nname: notifier\nversion: 0.3.1\n"
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "notifier.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: notifier
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            - name: TWILIO_ACCOUNT_SID
              value: {{ .Values.twilio.accountSid | quote }}
            - name: TWILIO_AUTH_TOKEN
              value: {{ required "set twilio.authToken" .Values.twilio.authToken | quote }}
"""


def chart(values: str, **more: str) -> dict[str, str]:
    files = {
        "deploy/charts/notifier/Chart.yaml": CHART,
        "deploy/charts/notifier/templates/deployment.yaml": DEPLOYMENT,
        "deploy/charts/notifier/values.yaml": values,
    }
    files.update({f"deploy/charts/notifier/{k.replace('_', '-')}.yaml": v for k, v in more.items()})
    return files


def test_values_reach_the_env_names_the_template_sets_with_the_values_line(
    tmp_path: Path,
) -> None:
    values = f"image:\n  repository: acme/notifier\n  tag: 1.2.0\ntwilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n"
    write_tree(tmp_path, chart(values))
    found = by_location(scan(tmp_path))
    token = found["deploy/charts/notifier/values.yaml:6"]
    assert (token.name, raw(token), token.field) == ("TWILIO_AUTH_TOKEN", TOKEN, Field.AUTH_TOKEN)
    assert token.location.key == "twilio.authToken"
    assert (token.source_kind, token.consumer, token.service) == ("helm-values", "helm", "notifier")
    assert found["deploy/charts/notifier/values.yaml:5"].name == "TWILIO_ACCOUNT_SID"


def test_an_environment_file_overrides_the_defaults_and_names_the_environment(
    tmp_path: Path,
) -> None:
    values = f"twilio:\n  accountSid: {SID}\n  authToken: changeme\n"
    prod = f"twilio:\n  authToken: {TOKEN}\n"
    staging = f"twilio:\n  accountSid: {SID_2}\n  authToken: {TOKEN_2}\n"
    write_tree(tmp_path, chart(values, values_prod=prod, values_staging=staging))
    result = scan(tmp_path)
    prod_values = [v for v in result.values if v.environment == "prod"]
    assert {(str(v.location), v.name) for v in prod_values} == {
        ("deploy/charts/notifier/values.yaml:2", "TWILIO_ACCOUNT_SID"),
        ("deploy/charts/notifier/values-prod.yaml:2", "TWILIO_AUTH_TOKEN"),
    }
    assert all(raw(v) != "changeme" for v in result.values), "an overridden default was read"
    staging_token = by_location(result)["deploy/charts/notifier/values-staging.yaml:3"]
    assert (staging_token.environment, raw(staging_token)) == ("staging", TOKEN_2)


def test_with_blocks_and_b64enc_in_a_secret_are_followed(tmp_path: Path) -> None:
    secret = """apiVersion: v1
kind: Secret
metadata:
  name: notifier-twilio
data:
{{- with .Values.twilio }}
  TWILIO_ACCOUNT_SID: {{ .sid | b64enc }}
  TWILIO_AUTH_TOKEN: {{ .token | b64enc | quote }}
{{- end }}
"""
    files = chart(f"twilio:\n  sid: {SID}\n  token: '{TOKEN} '\n")
    files["deploy/charts/notifier/templates/secret.yaml"] = secret
    write_tree(tmp_path, files)
    found = by_location(scan(tmp_path))
    token = found["deploy/charts/notifier/values.yaml:3"]
    assert (token.name, raw(token)) == ("TWILIO_AUTH_TOKEN", TOKEN + " ")


def test_a_template_it_cannot_follow_is_a_note_not_a_value(tmp_path: Path) -> None:
    odd = DEPLOYMENT.replace(
        'required "set twilio.authToken" .Values.twilio.authToken | quote',
        ".Values.twilio.authToken | trim | quote",
    )
    files = chart(f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n")
    files["deploy/charts/notifier/templates/deployment.yaml"] = odd
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    notes = [str(n) for n in result.notes if "deployment.yaml:15" in n.location]
    assert notes and "trim" in notes[0]
    # the key still names Twilio, so it is read under its dotted path
    assert by_location(result)["deploy/charts/notifier/values.yaml:3"].name == "twilio.authToken"


def test_templates_are_not_read_as_kubernetes_manifests(tmp_path: Path) -> None:
    write_tree(tmp_path, chart(f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n"))
    result = scan(tmp_path)
    assert not [n for n in result.notes if "not valid YAML" in n.message]
    assert {v.source_kind for v in result.values} == {"helm-values"}


def test_a_values_file_outside_a_chart_is_ignored(tmp_path: Path) -> None:
    write_tree(tmp_path, {"config/values.yaml": f"twilio:\n  authToken: {TOKEN}\n"})
    assert scan(tmp_path).values == []


def test_a_secret_key_loaded_by_secret_key_ref_is_named_after_the_variable(
    tmp_path: Path,
) -> None:
    deployment = DEPLOYMENT.replace(
        '              value: {{ required "set twilio.authToken" .Values.twilio.authToken | quote }}',
        "              valueFrom:\n                secretKeyRef:\n                  name: notifier-twilio\n"
        "                  key: auth-token",
    )
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: notifier-twilio\ndata:\n"
        "  auth-token: {{ .Values.twilio.authToken | b64enc | quote }}\n"
    )
    files = chart(f"twilio:\n  accountSid: {SID}\n  authToken: {TOKEN}\n")
    files["deploy/charts/notifier/templates/deployment.yaml"] = deployment
    files["deploy/charts/notifier/templates/secret.yaml"] = secret
    write_tree(tmp_path, files)
    token = by_location(scan(tmp_path))["deploy/charts/notifier/values.yaml:3"]
    assert (token.name, token.field) == ("TWILIO_AUTH_TOKEN", Field.AUTH_TOKEN)
