"""Kubernetes manifests: Secrets (base64 exactly decoded), ConfigMaps and container env."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from sherlock.collect import yamlio
from sherlock.providers.twilio.records import Field

from .builders import SID, TOKEN, TOKEN_2, by_location, raw, scan, write_tree


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def secret(name: str, data: dict[str, str], namespace: str = "", key: str = "data") -> str:
    meta = f"  name: {name}\n" + (f"  namespace: {namespace}\n" if namespace else "")
    body = "".join(f"  {k}: {v}\n" for k, v in data.items())
    return f"apiVersion: v1\nkind: Secret\nmetadata:\n{meta}type: Opaque\n{key}:\n{body}"


def test_secret_data_is_decoded_exactly_keeping_a_trailing_newline(tmp_path: Path) -> None:
    manifest = secret(
        "notifier-secret",
        {"TWILIO_ACCOUNT_SID": b64(SID), "TWILIO_AUTH_TOKEN": b64(TOKEN + "\n")},
        namespace="prod",
    )
    write_tree(tmp_path, {"k8s/notifier.yaml": manifest})
    found = by_location(scan(tmp_path))
    token = found["k8s/notifier.yaml:9"]
    assert raw(found["k8s/notifier.yaml:8"]) == SID
    assert raw(token) == TOKEN + "\n"
    assert (token.source_kind, token.consumer) == ("k8s-secret", "kubernetes")
    assert token.scope == "k8s:Secret/notifier-secret@k8s/notifier.yaml"
    assert (token.environment, token.service) == ("prod", "notifier")


def test_string_data_is_plain_and_the_path_gives_the_environment(tmp_path: Path) -> None:
    manifest = secret("twilio", {"accountSid": SID, "authToken": f"'{TOKEN}'"}, key="stringData")
    write_tree(tmp_path, {"k8s/staging/secret.yaml": manifest})
    found = by_location(scan(tmp_path))
    assert [(v.field, raw(v)) for v in found.values()] == [
        (Field.ACCOUNT_SID, SID),
        (Field.AUTH_TOKEN, TOKEN),
    ]
    assert {v.environment for v in found.values()} == {"staging"}


def test_bad_base64_is_a_note_without_the_value(tmp_path: Path) -> None:
    manifest = secret("twilio", {"TWILIO_AUTH_TOKEN": TOKEN + "!!", "TWILIO_ACCOUNT_SID": b64(SID)})
    write_tree(tmp_path, {"secret.yml": manifest})
    result = scan(tmp_path)
    assert [str(v.location) for v in result.values] == ["secret.yml:8"]
    assert [(n.location, n.message) for n in result.notes] == [
        ("secret.yml:7", "TWILIO_AUTH_TOKEN: not valid base64; Kubernetes rejects it")
    ]


def test_every_document_of_a_multi_document_file_is_read(tmp_path: Path) -> None:
    first = secret("a-secret", {"TWILIO_AUTH_TOKEN": b64(TOKEN)}, namespace="prod")
    second = secret("b-secret", {"TWILIO_AUTH_TOKEN": b64(TOKEN_2)}, namespace="staging")
    write_tree(tmp_path, {"all.yaml": f"{first}---\n{second}"})
    found = by_location(scan(tmp_path))
    assert [(k, v.environment, v.service) for k, v in found.items()] == [
        ("all.yaml:8", "prod", "a"),
        ("all.yaml:17", "staging", "b"),
    ]


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: notifier
  namespace: production
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: TWILIO_ACCOUNT_SID
              value: {sid}
            - name: TWILIO_AUTH_TOKEN
              valueFrom:
                secretKeyRef:
                  name: creds
                  key: token
            - name: TWILIO_REGION
              value: "$(REGION_MISSING)"
"""


def test_container_env_literals_are_read_and_value_from_is_not(tmp_path: Path) -> None:
    write_tree(tmp_path, {"deploy.yaml": DEPLOYMENT.format(sid=SID)})
    found = by_location(scan(tmp_path))
    assert list(found) == ["deploy.yaml:13"]
    sid = found["deploy.yaml:13"]
    assert (sid.source_kind, sid.scope) == ("k8s-env", "k8s:Deployment/notifier/app@deploy.yaml")
    assert (sid.environment, sid.service) == ("prod", "notifier")


def test_a_secret_key_is_read_as_the_variable_a_workload_loads_it_into(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "k8s/deploy.yaml": DEPLOYMENT.format(sid=SID),
            "k8s/creds.yaml": secret("creds", {"token": b64(TOKEN)}, namespace="production"),
        },
    )
    found = by_location(scan(tmp_path))
    token = found["k8s/creds.yaml:8"]
    assert (token.field, token.name, token.service) == (Field.AUTH_TOKEN, "token", "notifier")


def test_cronjob_containers_are_read(tmp_path: Path) -> None:
    manifest = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n"
        "            - name: job\n              env:\n"
        f"                - {{name: TWILIO_ACCOUNT_SID, value: {SID}}}\n"
    )
    write_tree(tmp_path, {"cron.yaml": manifest})
    assert [str(v.location) for v in scan(tmp_path).values] == ["cron.yaml:13"]


def test_configmap_values_are_read(tmp_path: Path) -> None:
    manifest = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n"
        f"data:\n  TWILIO_ACCOUNT_SID: {SID}\n  LOG_LEVEL: info\n"
    )
    write_tree(tmp_path, {"cm.yaml": manifest})
    (value,) = scan(tmp_path).values
    assert (value.source_kind, value.service, str(value.location)) == (
        "k8s-configmap",
        "api",
        "cm.yaml:6",
    )


def test_yaml_without_api_version_and_kind_is_not_a_manifest(tmp_path: Path) -> None:
    write_tree(tmp_path, {"settings.yaml": f"TWILIO_AUTH_TOKEN: {TOKEN}\nkind: x\n"})
    assert scan(tmp_path).values == []


def test_each_manifest_is_parsed_at_most_once_and_plain_ones_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = yamlio.load_documents

    def counting(text: str) -> object:
        parsed.append(text.split("\n", 2)[1])
        return real(text)

    monkeypatch.setattr(yamlio, "load_documents", counting)
    service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
    write_tree(
        tmp_path,
        {
            "deploy.yaml": DEPLOYMENT.format(sid=SID),
            "creds.yaml": secret("creds", {"token": b64(TOKEN)}),
            "service.yaml": service,
        },
    )
    assert len(scan(tmp_path).values) == 2
    assert sorted(parsed) == ["kind: Deployment", "kind: Secret"]


def _deployment(name: str, env: dict[str, str], broken: bool = False) -> str:
    items = "".join(f"            - name: {k}\n              value: {v}\n" for k, v in env.items())
    tail = "      volumes: [unclosed\n" if broken else ""
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n"
        f"        - name: app\n          env:\n{items}{tail}"
    )


def test_a_workload_whose_env_no_provider_could_claim_is_not_parsed(tmp_path: Path) -> None:
    """Parsing it could only find a YAML error nobody asked about: its bytes hold no
    ``twilio``, no SID-shaped value, and its path names no provider."""
    write_tree(tmp_path, {"k8s/api.yaml": _deployment("api", {"LOG_LEVEL": "info"}, broken=True)})
    result = scan(tmp_path)
    assert (result.values, result.notes) == ([], [])


@pytest.mark.parametrize(
    ("path", "env"),
    [
        ("k8s/api.yaml", {"ACCOUNT_SID": SID, "AUTH_TOKEN": TOKEN}),  # a SID-shaped value
        ("k8s/twilio/api.yaml", {"ACCOUNT_SID": "from-vault", "AUTH_TOKEN": TOKEN}),  # the path
        ("k8s/api.yaml", {"Twilio_Auth_Token": TOKEN}),  # the name, in any case
    ],
)
def test_a_workload_whose_env_a_provider_could_claim_is_still_read(
    tmp_path: Path, path: str, env: dict[str, str]
) -> None:
    write_tree(tmp_path, {path: _deployment("api", env)})
    tokens = [v for v in scan(tmp_path).values if v.field == Field.AUTH_TOKEN]
    assert [raw(v) for v in tokens] == [TOKEN]


@pytest.mark.parametrize(
    ("api", "kind"),
    [
        ("serving.knative.dev/v1", "Service"),
        ("argoproj.io/v1alpha1", "Rollout"),
        ("apps.openshift.io/v1", "DeploymentConfig"),
    ],
)
def test_workloads_of_other_controllers_are_read_like_deployments(
    tmp_path: Path, api: str, kind: str
) -> None:
    manifest = (
        f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: sms-api\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - image: gcr.io/acme/sms-api:1\n          env:\n"
        f"            - name: TWILIO_AUTH_TOKEN\n              value: {TOKEN}\n"
    )
    write_tree(tmp_path, {"deploy/service.yaml": manifest})
    (token,) = scan(tmp_path).values
    assert (str(token.location), raw(token)) == ("deploy/service.yaml:12", TOKEN)


def test_a_core_service_holds_no_values(tmp_path: Path) -> None:
    manifest = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: twilio-proxy\nspec:\n  ports:\n"
        "    - port: 443\n  selector:\n    app: twilio\n"
    )
    write_tree(tmp_path, {"k8s/service.yaml": manifest})
    assert scan(tmp_path).values == []
