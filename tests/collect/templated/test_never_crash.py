"""The templated-deployment readers take any text without raising or echoing a value."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.collect import ansible, hcl, helm, kustomize, terraform
from sherlock.collect.base import ScanContext, SourceFile

#: Text built from the characters these formats care about, so odd nestings come up often.
PIECES = st.sampled_from(
    [
        "{",
        "}",
        "{{",
        "}}",
        "(",
        ")",
        '"',
        "'",
        "\\",
        "=",
        ":",
        "|",
        "\n",
        " ",
        "#",
        "//",
        "/*",
        "*/",
        "<<EOT",
        "EOT",
        "- ",
        "name: ",
        "value: ",
        ".Values.a",
        "with ",
        "end",
        "var.x",
        "${",
        "TWILIO_AUTH_TOKEN",
        'provider "twilio" ',
        "default('x')",
        'resource "a" "b" ',
        "variables = ",
        "key: ",
        "secretKeyRef:",
    ]
)
TEXT = st.lists(PIECES | st.text(max_size=4), max_size=60).map("".join)


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_the_hcl_reader_and_the_template_readers_never_raise(text: str) -> None:
    hcl.parse(text)
    helm.template_bindings("chart/templates/x.yaml", text)
    ansible.template_bindings("roles/x/templates/x.j2", text)
    kustomize.env_file_entries("k/x.env", text)


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_the_collectors_never_raise_on_a_file_alone(text: str) -> None:
    ctx = ScanContext(root=Path("/nonexistent-sherlock-root"))
    data = text.encode("utf-8", "surrogatepass")
    for collector, relpath in (
        (terraform.TerraformCollector(), "infra/main.tf"),
        (terraform.TerraformCollector(), "infra/prod.tfvars"),
        (kustomize.KustomizeCollector(), "k8s/kustomization.yaml"),
        (helm.HelmCollector(), "chart/values-prod.yaml"),
        (ansible.AnsibleCollector(), "group_vars/prod.yml"),
        (ansible.AnsibleCollector(), "roles/x/templates/app.env.j2"),
    ):
        collector.collect(SourceFile(relpath, data), text, ctx)
