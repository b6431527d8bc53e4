"""A script's ``kubectl create secret generic`` / ``create configmap``: the values it puts in
the object, read as kubectl reads its flags."""

from __future__ import annotations

from pathlib import Path

from .builders import SID, TOKEN, raw, scan, write_tree

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: sms-sender
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/sms-sender:1
          envFrom:
            - secretRef:
                name: twilio
"""


def _values(root: Path) -> dict[str, tuple[str, str, str, str]]:
    return {v.name: (str(v.location), raw(v), v.environment, v.service) for v in scan(root).values}


def test_literals_are_values_at_the_line_that_writes_them(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy.sh": (
                "#!/bin/sh\n"
                "kubectl -n prod create secret generic twilio \\\n"
                f"  --from-literal=TWILIO_AUTH_TOKEN={TOKEN} \\\n"
                f"  --from-literal='TWILIO_ACCOUNT_SID={SID}' \\\n"
                "  --dry-run=client -o yaml | kubectl apply -f -\n"
            ),
            "k8s/deployment.yaml": DEPLOYMENT,
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"] == ("deploy.sh:3", TOKEN, "prod", "sms-sender")
    assert found["TWILIO_ACCOUNT_SID"][:2] == ("deploy.sh:4", SID)


def test_a_file_source_is_its_whole_content_trailing_newline_included(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "secrets/TWILIO_AUTH_TOKEN": f"{TOKEN}\n",
            "secrets/sid.txt": SID,
            "scripts/secrets.sh": (
                "kubectl create secret generic twilio"
                " --from-file=secrets/TWILIO_AUTH_TOKEN"
                " --from-file=TWILIO_ACCOUNT_SID=secrets/sid.txt\n"
            ),
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_AUTH_TOKEN"][:2] == ("secrets/TWILIO_AUTH_TOKEN:1", f"{TOKEN}\n")
    assert found["TWILIO_ACCOUNT_SID"][:2] == ("secrets/sid.txt:1", SID)


def test_a_shell_variable_is_a_note_and_a_missing_file_is_named(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy.sh": (
                'kubectl create secret generic twilio --from-literal=TWILIO_AUTH_TOKEN="$TOKEN"'
                " --from-file=TWILIO_ACCOUNT_SID=secrets/missing.txt\n"
            )
        },
    )
    result = scan(tmp_path)
    assert result.values == []
    notes = " ".join(str(n) for n in result.notes)
    assert "TWILIO_AUTH_TOKEN takes its value from the shell running kubectl" in notes
    assert "--from-file secrets/missing.txt is not in the scanned tree" in notes


def test_a_configmap_is_read_too_and_other_kubectl_commands_are_not(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "ops.sh": (
                f"kubectl create cm twilio-config --from-literal=TWILIO_ACCOUNT_SID={SID}\n"
                f"kubectl annotate secret twilio note=TWILIO_AUTH_TOKEN={TOKEN}\n"
            )
        },
    )
    found = _values(tmp_path)
    assert set(found) == {"TWILIO_ACCOUNT_SID"}


def test_a_commented_out_command_creates_nothing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "notes.sh": (
                "# to rotate:\n"
                "#   kubectl create secret generic twilio"
                " --from-literal=TWILIO_AUTH_TOKEN=<new token>\n"
                "echo done\n"
            )
        },
    )
    assert scan(tmp_path).values == []
