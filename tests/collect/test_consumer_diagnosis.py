"""Two readings of one env file, diagnosed end to end: each is judged, neither blames the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator
from tests.scenario_harness import assert_no_secret, run_cli

from .builders import write_tree

CRLF_ENV = "TWILIO_ACCOUNT_SID={{sid:prod}}\r\nTWILIO_AUTH_TOKEN={{token:prod}}\r\n"
QUOTED_ENV = 'TWILIO_ACCOUNT_SID={{sid:prod}}\nTWILIO_AUTH_TOKEN="{{token:prod}}"\n'
DOCKER = {"deploy/run-docker.sh": "#!/bin/sh\ndocker run --env-file deploy/prod.env api\n"}
BASH = {"deploy/run.sh": "#!/bin/bash\n. deploy/prod.env\n"}
MAKE = {"Makefile": "include deploy/prod.env\nexport\n"}
SYSTEMD = {"deploy/api.service": "[Service]\nEnvironmentFile=/etc/api/prod.env\n"}


@pytest.mark.parametrize(
    ("env", "loaders", "cause", "reader"),
    [
        (CRLF_ENV, {**DOCKER, **BASH}, "whitespace-in-credential", "shell source"),
        (QUOTED_ENV, {**SYSTEMD, **MAKE}, "quoted-credential", "make include"),
        (QUOTED_ENV, {**SYSTEMD, **DOCKER, **BASH}, "quoted-credential", "docker --env-file"),
    ],
)
def test_the_broken_reading_is_the_only_cause_and_names_its_reader(
    env: str, loaders: dict[str, str], cause: str, reader: str, tmp_path: Path
) -> None:
    book = CredentialBook()
    files = {"deploy/prod.env": env, **loaders}
    tree = write_tree(tmp_path, {path: book.render(text) for path, text in files.items()})
    with TwilioEmulator(book.state({"accounts": [{"name": "prod"}]})) as emulator:
        run = run_cli(tree, emulator)
    assert_no_secret(book, run.stdout, run.stderr)
    causes = run.report()["causes"]
    assert [c["id"] for c in causes] == [cause], [(c["id"], c["locations"]) for c in causes]
    assert "deploy/prod.env:2" in causes[0]["locations"]
    assert any(reader in line for line in causes[0]["evidence"]), causes[0]["evidence"]
