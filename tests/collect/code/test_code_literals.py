"""Source code: credentials written as literals, decoys, and files that cannot be read.

A literal is found and located like any other value (its own line, the SDK as consumer);
tests, specs, docs, examples and Twilio's documentation placeholders are never taken for
credentials; a broken, binary or oversized file is a note; and nothing is ever executed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import collect_tree
from sherlock.collect.code import languages

KEY_SID = "SK" + "7c" * 16
KEY_SECRET = "LiteralCanarySecretZ8x2Kq5Vb1Nm0"
ACCOUNT_SID = "AC" + "8d" * 16


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_literals_in_a_go_client_are_values_located_on_their_own_lines(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "dispatch/main.go",
        'package main\n\nimport "github.com/twilio/twilio-go"\n\nfunc main() {\n'
        "\tc := twilio.NewRestClientWithParams(twilio.ClientParams{\n"
        f'\t\tUsername: "{KEY_SID}",\n\t\tPassword: "{KEY_SECRET}",\n'
        f'\t\tAccountSid: "{ACCOUNT_SID}",\n\t}})\n\t_ = c\n}}\n',
    )
    values = collect_tree(tmp_path).values
    found = {(v.field, str(v.location), v.source_kind, v.consumer) for v in values}
    assert found == {
        ("api_key_sid", "dispatch/main.go:7", "code", "twilio-go"),
        ("api_key_secret", "dispatch/main.go:8", "code", "twilio-go"),
        ("account_sid", "dispatch/main.go:9", "code", "twilio-go"),
    }
    assert {v.service for v in values} == {"dispatch"}
    assert len({v.scope for v in values}) == 1  # one construction, one credential set


def test_a_literal_key_without_account_sid_takes_the_account_slot_as_the_sdk_does(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        "app.py",
        f'from twilio.rest import Client\nc = Client(\n    "{KEY_SID}",\n    "{KEY_SECRET}",\n)\n',
    )
    values = collect_tree(tmp_path).values
    assert {(v.field, str(v.location)) for v in values} == {
        ("account_sid", "app.py:3"),
        ("auth_token", "app.py:4"),
    }


def test_a_literal_assigned_above_the_call_is_located_at_its_assignment(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "app/sms.js",
        f'const twilio = require("twilio");\nconst sid = "{ACCOUNT_SID}";\n'
        "const client = twilio(sid, process.env.TWILIO_AUTH_TOKEN);\n",
    )
    result = collect_tree(tmp_path)
    assert [(v.field, str(v.location)) for v in result.values] == [("account_sid", "app/sms.js:2")]
    assert ("auth_token", "TWILIO_AUTH_TOKEN") in {(r.slot, r.name) for r in result.readings}


@pytest.mark.parametrize(
    "relpath",
    [
        "tests/test_sms.py",
        "app/test_sms.py",
        "app/sms_test.py",
        "web/src/__tests__/sms.js",
        "web/src/sms.test.ts",
        "web/src/sms.spec.js",
        "spec/sms_spec.rb",
        "docs/quickstart.py",
        "examples/send.py",
        "src/test/java/SmsTest.java",
        "pkg/sms_test.go",
        "vendor/twilio/sdk/src/Client.php",
        "web/dist/app.js",
        "web/public/app.min.js",
    ],
)
def test_test_spec_doc_example_vendored_and_built_files_are_never_read(
    tmp_path: Path, relpath: str
) -> None:
    _write(
        tmp_path,
        relpath,
        f'from twilio.rest import Client\nClient("{KEY_SID}", "{KEY_SECRET}", "{ACCOUNT_SID}")\n',
    )
    result = collect_tree(tmp_path)
    assert result.values == [] and result.readings == []


@pytest.mark.parametrize(
    ("sid", "token"),
    [
        ("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "your_auth_token"),
        ("[AccountSid]", "[AuthToken]"),
        ("<ACCOUNT_SID>", "<AUTH_TOKEN>"),
        ("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "{{auth_token}}"),
    ],
)
def test_twilio_documentation_placeholders_stay_decoys(
    tmp_path: Path, sid: str, token: str
) -> None:
    _write(tmp_path, "app.py", f'from twilio.rest import Client\nc = Client("{sid}", "{token}")\n')
    assert collect_tree(tmp_path).values == []


def test_a_file_with_syntax_errors_is_a_note_not_a_guess(tmp_path: Path) -> None:
    _write(tmp_path, "app.py", f'from twilio.rest import Client\nc = Client("{KEY_SID}", (\n')
    result = collect_tree(tmp_path)
    assert result.values == []
    assert [(n.location, "syntax errors" in n.message) for n in result.notes] == [("app.py", True)]


def test_a_binary_file_named_like_source_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "blob.js").write_bytes(b"twilio\x00\x01\x02" + KEY_SECRET.encode())
    result = collect_tree(tmp_path)
    assert result.values == []
    assert any(n.location == "blob.js" and "binary" in n.message for n in result.notes)


def test_an_oversized_source_file_is_a_note(tmp_path: Path) -> None:
    body = "# twilio\n" + "x = 1\n" * 2000
    _write(tmp_path, "big.py", body)
    result = collect_tree(tmp_path, max_file_bytes=1000)
    assert result.values == []
    assert any(n.location == "big.py" and "larger than" in n.message for n in result.notes)


def test_source_that_never_mentions_twilio_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = languages.parser_for

    def spy(language: str) -> object:
        asked.append(language)
        return real(language)

    monkeypatch.setattr("sherlock.collect.code.collector.parser_for", spy)
    _write(tmp_path, "util.py", 'import os\nCLIENT = Client(os.environ["X"], "y")\n')
    collect_tree(tmp_path)
    assert asked == []


def test_code_is_read_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _write(
        tmp_path,
        "boom.py",
        f"from twilio.rest import Client\nopen({str(marker)!r}, 'w').write('x')\n"
        'raise SystemExit(3)\nc = Client(os.environ["A"], os.environ["B"])\n',
    )
    result = collect_tree(tmp_path)
    assert not marker.exists()
    assert {r.name for r in result.readings} >= {"A", "B"}


def test_without_the_code_extra_source_is_skipped_with_one_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sherlock.collect.code.collector.parser_for", lambda language: None)
    for name in ("a.py", "b.js", "c.go"):
        _write(tmp_path, name, f'// twilio\nClient("{KEY_SID}", "{KEY_SECRET}")\n')
    result = collect_tree(tmp_path)
    assert result.values == []
    hints = [n for n in result.notes if "sherlock-rca[code]" in n.message]
    assert len(hints) == 1


def test_every_scan_without_the_code_extra_gets_its_own_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server rescans the same tree many times: each answer must still say why source
    files were skipped (the old per-process memory keyed by id() could drop it)."""
    monkeypatch.setattr("sherlock.collect.code.collector.parser_for", lambda language: None)
    _write(tmp_path, "a.py", f'# twilio\nClient("{KEY_SID}", "{KEY_SECRET}")\n')
    for _ in range(3):
        hints = [n for n in collect_tree(tmp_path).notes if "sherlock-rca[code]" in n.message]
        assert len(hints) == 1
