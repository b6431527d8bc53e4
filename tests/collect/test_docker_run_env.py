"""``docker run -e NAME=VALUE`` in a script: the container's environment, read as docker
reads its options (those before the image)."""

from __future__ import annotations

from pathlib import Path

from .builders import SID, TOKEN, raw, scan, write_tree


def _values(root: Path) -> dict[str, tuple[str, str, str]]:
    return {v.name: (str(v.location), raw(v), v.service) for v in scan(root).values}


def test_env_options_are_the_containers_values_at_their_lines(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/run.sh": (
                "#!/bin/bash\n"
                "docker run -d --name sms -p 8080:80 \\\n"
                f"  -e TWILIO_ACCOUNT_SID={SID} \\\n"
                f"  --env 'TWILIO_AUTH_TOKEN={TOKEN}' \\\n"
                "  acme/sms:1.4 node server.js -e TWILIO_REGION=ie1\n"
            )
        },
    )
    found = _values(tmp_path)
    assert found["TWILIO_ACCOUNT_SID"] == ("deploy/run.sh:3", SID, "sms")
    assert found["TWILIO_AUTH_TOKEN"] == ("deploy/run.sh:4", TOKEN, "sms")
    assert "TWILIO_REGION" not in found, "after the image: the container's own arguments"


def test_a_passed_through_or_shell_filled_value_is_a_note(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"run.sh": 'docker run -e TWILIO_ACCOUNT_SID -e TWILIO_AUTH_TOKEN="$TOKEN" acme/sms\n'},
    )
    result = scan(tmp_path)
    assert result.values == []
    notes = " ".join(str(n) for n in result.notes)
    assert "TWILIO_ACCOUNT_SID is passed from the shell running docker" in notes
    assert "TWILIO_AUTH_TOKEN is passed from the shell running docker" in notes


def test_echoed_and_commented_commands_set_nothing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "notes.sh": (
                f"# docker run -e TWILIO_AUTH_TOKEN={TOKEN} acme/sms\n"
                f'echo "docker run -e TWILIO_AUTH_TOKEN={TOKEN} acme/sms"\n'
            )
        },
    )
    assert scan(tmp_path).values == []
