"""The config-format readers of issue 12 §3 take any text without raising or echoing a value:
``vercel.json``, PM2 YAML, Ansible playbooks, kustomize patches and Serverless file references,
each fed random text both as the file itself and as the file it points to."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sherlock.collect import collect_tree
from tests.collect.builders import TOKEN, write_tree

PIECES = st.sampled_from(
    [
        "{", "}", "[", "]", '"', "'", ":", ",", "- ", "\n", "  ", "|", ">", "#", "@",
        "${", "${file(", "./s.yml)", ":a.b}", "${sls:stage}", "{{ ", " }}", "| default('')",
        "env:", "env_production:", "apps:", "hosts: ", "environment:", "name: ", "value: ",
        "valueFrom:", "op: add", "path: /spec/template/spec/containers/0/env/-", "!vault |",
        "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", TOKEN, "build", "patches:", "target:",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES | st.text(max_size=4), max_size=50).map("".join)

KUSTOMIZATION = "resources:\n  - ../../base\npatches:\n  - path: p.yaml\n"
SERVERLESS = "service: s\nprovider:\n  environment:\n    TWILIO_AUTH_TOKEN: ${file(./s.yml):a.b}\n"


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_random_config_formats_never_raise_nor_echo_a_token_in_a_note(text: str) -> None:
    files = {
        "web/vercel.json": text,
        "api/ecosystem.config.yml": text,
        "ansible/site.yml": text,
        "ansible/group_vars/all.yml": text,
        "k8s/overlays/prod/kustomization.yaml": KUSTOMIZATION,
        "k8s/overlays/prod/p.yaml": text,
        "k8s/base/kustomization.yaml": "resources:\n  - d.yaml\n",
        "k8s/base/d.yaml": text,
        "svc/serverless.yml": SERVERLESS,
        "svc/s.yml": text,
    }
    with tempfile.TemporaryDirectory() as folder:
        result = collect_tree(write_tree(Path(folder), files))
    assert all(TOKEN not in note.message for note in result.notes)
