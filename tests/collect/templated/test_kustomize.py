"""kustomize generators: literals, env files and files, read through overlays."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.records import Field
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

BASE = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
secretGenerator:
  - name: notifier-twilio
    literals:
      - TWILIO_ACCOUNT_SID={SID}
      - TWILIO_AUTH_TOKEN=replace-me
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: notifier
spec:
  template:
    spec:
      containers:
        - name: notifier
          envFrom:
            - secretRef:
                name: notifier-twilio
"""


def overlay(body: str) -> str:
    return (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources:\n  - ../../base\n" + body
    )


def test_a_merge_overlay_replaces_the_base_token_and_keeps_the_base_sid(tmp_path: Path) -> None:
    prod = overlay(
        "secretGenerator:\n  - name: notifier-twilio\n    behavior: merge\n"
        f'    literals:\n      - TWILIO_AUTH_TOKEN="{TOKEN}"\n'
    )
    write_tree(
        tmp_path,
        {
            "k8s/base/kustomization.yaml": BASE.replace("{SID}", SID),
            "k8s/base/deployment.yaml": DEPLOYMENT,
            "k8s/overlays/prod/kustomization.yaml": prod,
        },
    )
    result = scan(tmp_path)
    found = by_location(result)
    token = found["k8s/overlays/prod/kustomization.yaml:9"]
    assert (raw(token), token.field, token.environment) == (TOKEN, Field.AUTH_TOKEN, "prod")
    assert (token.source_kind, token.consumer) == ("kustomize-secret", "kustomize")
    sid = found["k8s/base/kustomization.yaml:8"]
    assert (raw(sid), sid.environment, sid.scope) == (SID, "prod", token.scope)
    assert all(raw(v) != "replace-me" for v in result.values), "the base alone was read"


def test_env_files_keep_quotes_and_trailing_blanks_as_kustomize_does(tmp_path: Path) -> None:
    prod = overlay(
        "secretGenerator:\n  - name: notifier-twilio\n    behavior: replace\n    envs:\n      - twilio.env\n"
    )
    env = f'# prod\nTWILIO_ACCOUNT_SID={SID_2}\r\n  TWILIO_AUTH_TOKEN="{TOKEN_2}" \n'
    write_tree(
        tmp_path,
        {
            "k8s/base/kustomization.yaml": BASE.replace("{SID}", SID),
            "k8s/overlays/production/kustomization.yaml": prod,
            "k8s/overlays/production/twilio.env": env,
        },
    )
    kustomized = [v for v in scan(tmp_path).values if v.consumer == "kustomize"]
    by_name = {v.name: raw(v) for v in kustomized}
    assert by_name == {"TWILIO_ACCOUNT_SID": SID_2, "TWILIO_AUTH_TOKEN": f'"{TOKEN_2}" '}


def test_a_files_entry_is_the_whole_file_with_its_trailing_newline(tmp_path: Path) -> None:
    kustomization = (
        "secretGenerator:\n  - name: notifier-twilio\n    literals:\n"
        f"      - TWILIO_ACCOUNT_SID={SID}\n    files:\n      - TWILIO_AUTH_TOKEN=secrets/token.txt\n"
    )
    write_tree(
        tmp_path,
        {
            "deploy/staging/kustomization.yaml": kustomization,
            "deploy/staging/secrets/token.txt": TOKEN + "\n",
        },
    )
    token = by_location(scan(tmp_path))["deploy/staging/secrets/token.txt:1"]
    assert (token.name, raw(token), token.environment) == (
        "TWILIO_AUTH_TOKEN",
        TOKEN + "\n",
        "staging",
    )


def test_a_missing_env_file_is_a_note(tmp_path: Path) -> None:
    kustomization = "secretGenerator:\n  - name: twilio\n    envs:\n      - gone.env\n"
    write_tree(tmp_path, {"k8s/prod/kustomization.yaml": kustomization})
    result = scan(tmp_path)
    assert result.values == []
    assert any("gone.env" in n.message for n in result.notes)


def test_a_base_folder_built_upon_from_far_away_is_not_read_alone(tmp_path: Path) -> None:
    overlay_far = (
        "resources:\n  - ../../../apps/dispatch/base\nsecretGenerator:\n"
        "  - name: notifier-twilio\n    behavior: merge\n    literals:\n"
        f"      - TWILIO_AUTH_TOKEN={TOKEN}\n"
    )
    write_tree(
        tmp_path,
        {
            "apps/dispatch/base/kustomization.yaml": BASE.replace("{SID}", SID),
            "clusters/prod/dispatch/kustomization.yaml": overlay_far,
        },
    )
    result = scan(tmp_path)
    assert {v.environment for v in result.values} == {"prod"}
    assert all(raw(v) != "replace-me" for v in result.values)
