"""Files a kustomization builds from are read through that build, never as objects of their own.

kustomize loads ``resources:`` into the build and uses patch files to modify those objects;
``kubectl apply -k`` sends the result. A base Deployment holding only the SID is therefore no
incomplete set: each overlay's patch completes it.
"""

from __future__ import annotations

from pathlib import Path

from sherlock.collect.base import SourceFile
from sherlock.collect.references import build_context
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"


def deployment(*env: tuple[str, str], namespace: str = "") -> str:
    meta = f"  name: sender\n  namespace: {namespace}\n" if namespace else "  name: sender\n"
    items = "".join(f"            - name: {n}\n              value: {v}\n" for n, v in env)
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n{meta}spec:\n  template:\n"
        "    spec:\n      containers:\n        - name: sender\n          image: sender:2\n"
        f"          env:\n{items}"
    )


SECRET = f"""apiVersion: v1
kind: Secret
metadata:
  name: sender-twilio
stringData:
  TWILIO_ACCOUNT_SID: {SID_2}
  TWILIO_AUTH_TOKEN: {TOKEN_2}
"""


def _inputs(root: Path) -> frozenset[str]:
    files = [
        SourceFile(p.relative_to(root).as_posix(), p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    ]
    return build_context(root, files, process_env=None, max_file_bytes=1_000_000).kustomize_inputs


def test_the_pre_pass_lists_the_manifests_and_patch_files_a_kustomization_builds_from(
    tmp_path: Path,
) -> None:
    body = (
        "resources:\n  - ../../base\n  - extra.yaml\n  - https://example.com/remote.yaml\n"
        "  - ../../../../outside.yaml\n"
        "patches:\n  - path: env.yaml\n  - patch: |-\n      - op: remove\n        path: /x\n"
        "patchesStrategicMerge:\n  - merge.yml\n"
        "patchesJson6902:\n  - target: {kind: Deployment, name: sender}\n    path: ops.yaml\n"
    )
    write_tree(tmp_path, {"k8s/overlays/prod/kustomization.yaml": KUSTOMIZATION + body})
    assert _inputs(tmp_path) == {
        "k8s/overlays/prod/extra.yaml",
        "k8s/overlays/prod/env.yaml",
        "k8s/overlays/prod/merge.yml",
        "k8s/overlays/prod/ops.yaml",
    }


def test_a_base_workload_is_read_per_overlay_and_never_on_its_own(tmp_path: Path) -> None:
    patch = deployment(("TWILIO_AUTH_TOKEN", TOKEN))
    tree = {
        "k8s/base/kustomization.yaml": KUSTOMIZATION + "resources:\n  - deployment.yaml\n",
        "k8s/base/deployment.yaml": deployment(("TWILIO_ACCOUNT_SID", SID)),
        "k8s/overlays/prod/kustomization.yaml": KUSTOMIZATION
        + "resources:\n  - ../../base\npatches:\n  - path: token.yaml\n",
        "k8s/overlays/prod/token.yaml": patch,
    }
    result = scan(write_tree(tmp_path, tree))
    assert not [v for v in result.values if v.scope.startswith("k8s:")]
    assert {(v.environment, v.field, raw(v)) for v in result.values} == {
        ("prod", "account_sid", SID),
        ("prod", "auth_token", TOKEN),
    }


def test_a_workload_no_patch_touches_is_read_with_the_kustomizations_namespace(
    tmp_path: Path,
) -> None:
    tree = {
        "deploy/kustomization.yaml": KUSTOMIZATION
        + "namespace: sender-staging\nresources:\n  - sender.yaml\n",
        "deploy/sender.yaml": deployment(("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)),
    }
    result = scan(write_tree(tmp_path, tree))
    seen = {(v.source_kind, v.environment, str(v.location), raw(v)) for v in result.values}
    assert seen == {
        ("k8s-env", "staging", "deploy/sender.yaml:13", SID),
        ("k8s-env", "staging", "deploy/sender.yaml:15", TOKEN),
    }


def test_a_secret_a_kustomization_lists_is_still_read_as_written(tmp_path: Path) -> None:
    tree = {
        "deploy/kustomization.yaml": KUSTOMIZATION + "resources:\n  - secret.yaml\n",
        "deploy/secret.yaml": SECRET,
    }
    result = scan(write_tree(tmp_path, tree))
    assert {(v.source_kind, raw(v)) for v in result.values} == {
        ("k8s-secret", SID_2),
        ("k8s-secret", TOKEN_2),
    }


def test_a_manifest_no_kustomization_lists_is_still_read_on_its_own(tmp_path: Path) -> None:
    tree = {
        "deploy/kustomization.yaml": KUSTOMIZATION + "resources:\n  - other.yaml\n",
        "deploy/sender.yaml": deployment(
            ("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN), namespace="prod"
        ),
    }
    result = scan(write_tree(tmp_path, tree))
    assert {(v.scope, v.environment, raw(v)) for v in result.values} == {
        ("k8s:Deployment/sender/sender@deploy/sender.yaml", "prod", SID),
        ("k8s:Deployment/sender/sender@deploy/sender.yaml", "prod", TOKEN),
    }


def test_a_base_no_kustomization_builds_on_is_still_read_as_its_manifests(tmp_path: Path) -> None:
    tree = {
        "k8s/base/kustomization.yaml": KUSTOMIZATION + "resources:\n  - deployment.yaml\n",
        "k8s/base/deployment.yaml": deployment(
            ("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN), namespace="prod"
        ),
    }
    result = scan(write_tree(tmp_path, tree))
    assert _inputs(tmp_path) == frozenset()
    assert {(v.scope, raw(v)) for v in result.values} == {
        ("k8s:Deployment/sender/sender@k8s/base/deployment.yaml", SID),
        ("k8s:Deployment/sender/sender@k8s/base/deployment.yaml", TOKEN),
    }
