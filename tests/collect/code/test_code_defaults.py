"""Environment reads with a written default: ``os.getenv("TWILIO_AUTH_TOKEN", "…")``.

The literal is what the client sends only while the variable is unset, so it is a value of
that slot marked ``fallback`` (named by the variable it stands in for, located on its own
line), and the scan's later step drops it when any source in the tree sets that variable:
a default must never shadow, or be blamed beside, a variable that is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import collect_tree
from sherlock.collect.code.fallbacks import settle_fallbacks

SID = "AC" + "3f" * 16
TOKEN = "9a" * 16


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CASES = [
    ("api/sms.py", "import os\nfrom twilio.rest import Client\nclient = Client(\n    os.environ['TWILIO_ACCOUNT_SID'],\n"
     f"    os.getenv('TWILIO_AUTH_TOKEN', '{TOKEN}'),\n)\n", 5),
    ("api/sms2.py", "import os\nfrom twilio.rest import Client\n"
     f"token = os.environ.get('TWILIO_AUTH_TOKEN') or '{TOKEN}'\nclient = Client(os.environ['TWILIO_ACCOUNT_SID'], token)\n", 3),
    ("web/sms.js", "const twilio = require('twilio');\n"
     f"const token = process.env.TWILIO_AUTH_TOKEN || '{TOKEN}';\nconst client = twilio(process.env.TWILIO_ACCOUNT_SID, token);\n", 2),
    ("web/sms.ts", "import twilio from 'twilio';\n"
     f"const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env['TWILIO_AUTH_TOKEN'] ?? \"{TOKEN}\");\n", 2),
    ("site/sms.php", "<?php\nuse Twilio\\Rest\\Client;\n"
     f"$token = getenv('TWILIO_AUTH_TOKEN') ?: '{TOKEN}';\n$client = new Client(getenv('TWILIO_ACCOUNT_SID'), $token);\n", 3),
    ("site/notify.php", "<?php\nuse Twilio\\Rest\\Client;\n"
     f"$client = new Client(env('TWILIO_ACCOUNT_SID'), env('TWILIO_AUTH_TOKEN', '{TOKEN}'));\n", 3),
    ("rails/app/sms.rb", "CLIENT = Twilio::REST::Client.new(\n  ENV['TWILIO_ACCOUNT_SID'],\n"
     f"  ENV.fetch('TWILIO_AUTH_TOKEN', '{TOKEN}')\n)\n", 3),
    ("notify/Program.cs", "using Twilio;\nclass P { static void Main() {\n"
     f'  var token = Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN") ?? "{TOKEN}";\n'
     '  TwilioClient.Init(Environment.GetEnvironmentVariable("TWILIO_ACCOUNT_SID"), token);\n} }\n', 3),
    ("site/legacy.php", "<?php\nuse Twilio\\Rest\\Client;\n"
     f"$client = new Client($_ENV['TWILIO_ACCOUNT_SID'], $_ENV['TWILIO_AUTH_TOKEN'] ?? '{TOKEN}');\n", 3),
    ("rails/app/notify.rb", "CLIENT = Twilio::REST::Client.new(ENV['TWILIO_ACCOUNT_SID'],\n"
     f"  ENV['TWILIO_AUTH_TOKEN'] || '{TOKEN}')\n", 2),
    ("android/Sms.kt", "import com.twilio.Twilio\nfun setup() {\n"
     f'  Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), System.getenv("TWILIO_AUTH_TOKEN") ?: "{TOKEN}")\n}}\n', 3),
]  # fmt: skip


@pytest.mark.parametrize(("relpath", "source", "line"), CASES, ids=[c[0] for c in CASES])
def test_a_written_default_is_a_fallback_value_of_the_variables_slot(
    tmp_path: Path, relpath: str, source: str, line: int
) -> None:
    _write(tmp_path, relpath, source)
    result = collect_tree(tmp_path)
    found = [(v.field, v.name, v.location.line, v.fallback) for v in result.values]
    assert found == [("auth_token", "TWILIO_AUTH_TOKEN", line, True)]
    token_readings = [r for r in result.readings if r.slot == "auth_token"]
    assert [(r.name, r.has_default) for r in token_readings] == [("TWILIO_AUTH_TOKEN", True)]


def test_a_documentation_placeholder_default_is_not_a_value(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "api/sms.py",
        "import os\nfrom twilio.rest import Client\n"
        "client = Client(os.getenv('TWILIO_ACCOUNT_SID', 'ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'),"
        " os.getenv('TWILIO_AUTH_TOKEN', 'your_auth_token'))\n",
    )
    assert collect_tree(tmp_path).values == []


def test_a_default_that_is_not_a_plain_literal_is_not_guessed(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "web/sms.js",
        "const twilio = require('twilio');\n"
        "const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN || `${prefix}x`);\n",
    )
    assert collect_tree(tmp_path).values == []


def test_a_default_is_dropped_when_the_tree_sets_its_variable(tmp_path: Path) -> None:
    _write(tmp_path, "api/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={'1c' * 16}\n")
    _write(tmp_path, "api/sms.py", CASES[0][1])
    result = collect_tree(tmp_path)
    kept, notes = settle_fallbacks(result.values)
    assert {(v.name, v.location.path) for v in kept} == {
        ("TWILIO_ACCOUNT_SID", "api/.env"),
        ("TWILIO_AUTH_TOKEN", "api/.env"),
    }
    assert [n.location for n in notes] == ["api/sms.py:5"]
    assert "api/.env:2" in notes[0].message


def test_a_default_is_kept_when_nothing_sets_its_variable(tmp_path: Path) -> None:
    _write(tmp_path, "api/.env", f"TWILIO_ACCOUNT_SID={SID}\n")
    _write(tmp_path, "api/sms.py", CASES[0][1])
    kept, notes = settle_fallbacks(collect_tree(tmp_path).values)
    assert {(v.name, v.location.path, v.fallback) for v in kept} == {
        ("TWILIO_ACCOUNT_SID", "api/.env", False),
        ("TWILIO_AUTH_TOKEN", "api/sms.py", True),
    }
    assert notes == []


def test_a_settled_default_never_echoes_its_value(tmp_path: Path) -> None:
    _write(tmp_path, "api/.env", f"TWILIO_AUTH_TOKEN={'1c' * 16}\nTWILIO_ACCOUNT_SID={SID}\n")
    _write(tmp_path, "api/sms.py", CASES[0][1])
    _, notes = settle_fallbacks(collect_tree(tmp_path).values)
    assert notes and all(TOKEN[:8] not in n.message and "1c1c1c1c" not in n.message for n in notes)


def test_another_services_setting_does_not_reach_this_process(tmp_path: Path) -> None:
    _write(tmp_path, "api/.env", f"TWILIO_ACCOUNT_SID={SID}\n")
    _write(tmp_path, "worker/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={'1c' * 16}\n")
    _write(tmp_path, "api/sms.py", CASES[0][1])
    kept, notes = settle_fallbacks(collect_tree(tmp_path).values)
    assert ("TWILIO_AUTH_TOKEN", "api/sms.py") in {(v.name, v.location.path) for v in kept}
    assert notes == []


def test_the_environment_sherlock_runs_in_sets_the_variable_for_every_process(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "api/.env", f"TWILIO_ACCOUNT_SID={SID}\n")
    _write(tmp_path, "api/sms.py", CASES[0][1])
    values = collect_tree(tmp_path, process_env={"TWILIO_AUTH_TOKEN": "1c" * 16}).values
    kept, notes = settle_fallbacks(values)
    assert not any(v.fallback for v in kept)
    assert [n.location for n in notes] == ["api/sms.py:5"]


def test_a_default_no_known_process_runs_is_not_judged_alone(tmp_path: Path) -> None:
    _write(tmp_path, "api/app/sms.py", CASES[0][1])
    _write(tmp_path, "api/.env", f"TWILIO_ACCOUNT_SID={SID}\n")
    kept, notes = settle_fallbacks(collect_tree(tmp_path).values)
    assert not any(v.fallback for v in kept)
    assert "nothing else of app" in notes[0].message


def test_defaults_that_form_a_whole_set_are_judged_as_the_clients_credentials(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        "api/sms.py",
        "import os\nfrom twilio.rest import Client\n"
        f"client = Client(os.getenv('TWILIO_ACCOUNT_SID', '{SID}'), os.getenv('TWILIO_AUTH_TOKEN', '{TOKEN}'))\n",
    )
    kept, notes = settle_fallbacks(collect_tree(tmp_path).values)
    assert {v.field for v in kept} == {"account_sid", "auth_token"}
    assert notes == []
