"""kustomize patches that set a container's env value, read per overlay over the base."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

BASE = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
"""
DEPLOYMENT = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: notifier
spec:
  template:
    spec:
      containers:
        - name: notifier
          image: notifier:1.4
          env:
            - name: TWILIO_ACCOUNT_SID
              value: {SID}
            - name: TWILIO_AUTH_TOKEN
              value: replace-me
            - name: LOG_LEVEL
              value: info
"""
PATCH = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: notifier
spec:
  template:
    spec:
      containers:
        - name: notifier
          env:
            - name: TWILIO_AUTH_TOKEN
              value: "{TOKEN}"
"""


def overlay(body: str) -> str:
    return (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources:\n  - ../../base\n" + body
    )


def _patched(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "kustomize-patch"]


def _tree(**overlays: dict[str, str]) -> dict[str, str]:
    tree = {"k8s/base/kustomization.yaml": BASE, "k8s/base/deployment.yaml": DEPLOYMENT}
    for name, files in overlays.items():
        tree.update({f"k8s/overlays/{name}/{k}": v for k, v in files.items()})
    return tree


def test_a_strategic_merge_patch_sets_the_token_over_the_base_container_env(
    tmp_path: Path,
) -> None:
    prod = {
        "kustomization.yaml": overlay("patches:\n  - path: notifier-env.yaml\n"),
        "notifier-env.yaml": PATCH,
    }
    mine = _patched(scan(write_tree(tmp_path, _tree(prod=prod))))
    seen = {(v.environment, v.field, str(v.location), raw(v)) for v in mine}
    assert seen == {
        ("prod", "account_sid", "k8s/base/deployment.yaml:13", SID),
        ("prod", "auth_token", "k8s/overlays/prod/notifier-env.yaml:12", TOKEN),
    }
    [token] = [v for v in mine if v.field == "auth_token"]
    assert [raw(s.value) for s in token.shadows] == ["replace-me"]
    assert {v.service for v in mine} == {"notifier"}


def test_each_overlay_is_its_own_set_and_the_older_field_name_is_read(tmp_path: Path) -> None:
    staging_patch = PATCH.replace(TOKEN, TOKEN_2).replace(
        "          env:\n",
        f"          env:\n            - name: TWILIO_ACCOUNT_SID\n              value: {SID_2}\n",
    )
    prod = {
        "kustomization.yaml": overlay("patchesStrategicMerge:\n  - env.yaml\n"),
        "env.yaml": PATCH,
    }
    staging = {
        "kustomization.yaml": overlay("patches:\n  - path: env.yaml\n"),
        "env.yaml": staging_patch,
    }
    mine = _patched(scan(write_tree(tmp_path, _tree(prod=prod, staging=staging))))
    assert {(v.environment, raw(v)) for v in mine} == {
        ("prod", SID),
        ("prod", TOKEN),
        ("staging", SID_2),
        ("staging", TOKEN_2),
    }


def test_an_inline_patch_is_located_inside_the_kustomization(tmp_path: Path) -> None:
    inline = PATCH.replace("\n", "\n      ").rstrip()
    body = f"patches:\n  - target:\n      kind: Deployment\n      name: notifier\n    patch: |-\n      {inline}\n"
    prod = {"kustomization.yaml": overlay(body)}
    mine = _patched(scan(write_tree(tmp_path, _tree(prod=prod))))
    [token] = [v for v in mine if v.field == "auth_token"]
    text = (tmp_path / "k8s/overlays/prod/kustomization.yaml").read_text().splitlines()
    line = token.location.line
    assert line is not None and TOKEN in text[line - 1]


def test_a_json6902_patch_adding_an_env_item_is_read(tmp_path: Path) -> None:
    ops = (
        "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value:\n"
        f"    name: TWILIO_AUTH_TOKEN\n    value: {TOKEN}\n"
    )
    body = "patches:\n  - path: token.yaml\n    target:\n      kind: Deployment\n      name: notifier\n"
    prod = {"kustomization.yaml": overlay(body), "token.yaml": ops}
    mine = _patched(scan(write_tree(tmp_path, _tree(prod=prod))))
    assert {(v.field, str(v.location)) for v in mine} == {
        ("account_sid", "k8s/base/deployment.yaml:13"),
        ("auth_token", "k8s/overlays/prod/token.yaml:5"),
    }


def test_a_patch_that_takes_the_token_from_a_secret_hides_the_base_literal(tmp_path: Path) -> None:
    patch = PATCH.replace(
        f'              value: "{TOKEN}"\n',
        "              valueFrom:\n                secretKeyRef: {name: twilio, key: token}\n",
    )
    prod = {"kustomization.yaml": overlay("patches:\n  - path: p.yaml\n"), "p.yaml": patch}
    result = scan(write_tree(tmp_path, _tree(prod=prod)))
    assert _patched(result) == []


def test_a_missing_patch_file_is_a_note(tmp_path: Path) -> None:
    prod = {"kustomization.yaml": overlay("patches:\n  - path: gone.yaml\n")}
    result = scan(write_tree(tmp_path, _tree(prod=prod)))
    assert any("gone.yaml" in n.message for n in result.notes)
