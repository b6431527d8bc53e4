"""``kubectl create secret generic … --from-env-file=FILE`` reads FILE as docker does:
everything after the first ``=`` is the value, quotes and trailing blanks included."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builders import SID, TOKEN, raw, scan, write_tree

SCRIPT = """#!/usr/bin/env bash
set -euo pipefail
kubectl -n sms create secret generic twilio \\
  {flag} \\
  --dry-run=client -o yaml | kubectl apply -f -
"""


@pytest.mark.parametrize(
    "flag", ["--from-env-file=secrets/prod.env", "--from-env-file secrets/prod.env"]
)
def test_the_quotes_kubectl_keeps_reach_the_value(tmp_path: Path, flag: str) -> None:
    write_tree(
        tmp_path,
        {
            "secrets/prod.env": f'TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n',
            "deploy/create-secrets.sh": SCRIPT.format(flag=flag),
        },
    )
    (token,) = [v for v in scan(tmp_path).values if v.name == "TWILIO_AUTH_TOKEN"]
    assert raw(token) == f'"{TOKEN}"'
    assert "kubectl --from-env-file" in token.consumer


def test_a_configmap_from_an_env_file_is_read_the_same_way(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "k8s/app.env": f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN} \n",
            "Makefile": "configure:\n\tkubectl create configmap app --from-env-file=k8s/app.env\n",
        },
    )
    (token,) = [v for v in scan(tmp_path).values if v.name == "TWILIO_AUTH_TOKEN"]
    assert raw(token) == f"{TOKEN} ", "the trailing blank stays"


def test_a_file_nothing_names_is_still_read_as_python_dotenv(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "secrets/prod.env": f'TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN="{TOKEN}"\n',
            "deploy/notes.sh": "echo 'kubectl get secrets'\n",
        },
    )
    (token,) = [v for v in scan(tmp_path).values if v.name == "TWILIO_AUTH_TOKEN"]
    assert raw(token) == TOKEN
