"""Source code: which names each client construction reads per slot, in every SDK's language.

The snippets follow the shapes of the SDKs' READMEs and of real projects (written here, not
copied). A reading says "this service's code reads slot X from name Y at this call"; the
slot is the one the SDK fills, so a key passed without an account SID is read into the
account slot.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import collect_tree


def _readings(root: Path) -> set[tuple[str, str, str, int | None]]:
    result = collect_tree(root)
    return {(r.slot, r.name, r.reader, r.location.line) for r in result.readings}


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CASES = [
    (
        "api/app.py",
        'import os\nfrom twilio.rest import Client\n\nclient = Client(os.environ["TWILIO_ACCOUNT_SID"], os.getenv("TWILIO_AUTH_TOKEN"))\n',
        {("account_sid", "TWILIO_ACCOUNT_SID", "twilio-python", 4), ("auth_token", "TWILIO_AUTH_TOKEN", "twilio-python", 4)},
    ),
    (
        "api/key.py",
        'import os\nfrom twilio.rest import Client\nsid = os.environ["ACCOUNT"]\nc = Client(os.environ["KEY"], os.environ["SECRET"], sid)\n',
        {("api_key_sid", "KEY", "twilio-python", 4), ("api_key_secret", "SECRET", "twilio-python", 4), ("account_sid", "ACCOUNT", "twilio-python", 4)},
    ),
    (
        "web/index.js",
        'const twilio = require("twilio");\nconst client = twilio(process.env.TWILIO_API_KEY, process.env.TWILIO_API_SECRET, {\n  accountSid: process.env.TWILIO_ACCOUNT_SID,\n});\n',
        {("api_key_sid", "TWILIO_API_KEY", "twilio-node", 2), ("api_key_secret", "TWILIO_API_SECRET", "twilio-node", 2), ("account_sid", "TWILIO_ACCOUNT_SID", "twilio-node", 2)},
    ),
    (
        "web/client.ts",
        'import { Twilio } from "twilio";\nexport const client = new Twilio(process.env["SMS_SID"], process.env["SMS_TOKEN"]);\n',
        {("account_sid", "SMS_SID", "twilio-node", 2), ("auth_token", "SMS_TOKEN", "twilio-node", 2)},
    ),
    (
        "site/sms.php",
        '<?php\nuse Twilio\\Rest\\Client;\n$sid = getenv("TWILIO_SID");\n$client = new Client($sid, $_ENV["TWILIO_TOKEN"]);\n',
        {("account_sid", "TWILIO_SID", "twilio-php", 4), ("auth_token", "TWILIO_TOKEN", "twilio-php", 4)},
    ),
    (
        "rails/app/sms.rb",
        'CLIENT = Twilio::REST::Client.new(ENV["TWILIO_ACCOUNT_SID"], ENV.fetch("TWILIO_AUTH_TOKEN"))\n',
        {("account_sid", "TWILIO_ACCOUNT_SID", "twilio-ruby", 1), ("auth_token", "TWILIO_AUTH_TOKEN", "twilio-ruby", 1)},
    ),
    (
        "svc/src/main/java/Sms.java",
        'class Sms {\n  @Value("${twilio.account-sid}")\n  private String accountSid;\n  void init() {\n    Twilio.init(System.getenv("TWILIO_API_KEY"), System.getenv("TWILIO_API_SECRET"), accountSid);\n  }\n}\n',
        {("api_key_sid", "TWILIO_API_KEY", "twilio-java", 5), ("api_key_secret", "TWILIO_API_SECRET", "twilio-java", 5), ("account_sid", "twilio.account-sid", "twilio-java", 5)},
    ),
    (
        "svc/src/main/java/Builder.java",
        'class B { TwilioRestClient c = new TwilioRestClient.Builder(System.getenv("K"), System.getenv("S")).accountSid(System.getenv("A")).build(); }\n',
        {("api_key_sid", "K", "twilio-java", 1), ("api_key_secret", "S", "twilio-java", 1), ("account_sid", "A", "twilio-java", 1)},
    ),
    (
        "android/Sms.kt",
        'import com.twilio.Twilio\nfun setup() {\n  Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), System.getenv("TWILIO_AUTH_TOKEN"))\n}\n',
        {("account_sid", "TWILIO_ACCOUNT_SID", "twilio-java", 3), ("auth_token", "TWILIO_AUTH_TOKEN", "twilio-java", 3)},
    ),
    (
        "android/Env.kt",
        'import com.twilio.Twilio\nfun setup() {\n  Twilio.init(System.getenv()["TWILIO_ACCOUNT_SID"], System.getenv().get("TWILIO_AUTH_TOKEN"))\n}\n',
        {("account_sid", "TWILIO_ACCOUNT_SID", "twilio-java", 3), ("auth_token", "TWILIO_AUTH_TOKEN", "twilio-java", 3)},
    ),
    (
        "dotnet/Program.cs",
        'using Twilio;\nclass P { static void Main() {\n  TwilioClient.Init(Environment.GetEnvironmentVariable("TWILIO_API_KEY"), configuration["Twilio:ApiSecret"], accountSid: configuration["Twilio:AccountSid"]);\n} }\n',
        {("api_key_sid", "TWILIO_API_KEY", "twilio-csharp", 3), ("api_key_secret", "Twilio:ApiSecret", "twilio-csharp", 3), ("account_sid", "Twilio:AccountSid", "twilio-csharp", 3)},
    ),
    (
        "gosvc/main.go",
        'package main\nimport ("os"; "github.com/twilio/twilio-go")\nfunc main() {\n  c := twilio.NewRestClientWithParams(twilio.ClientParams{\n    Username: os.Getenv("TWILIO_API_KEY"),\n    Password: os.Getenv("TWILIO_API_SECRET"),\n    AccountSid: os.Getenv("TWILIO_ACCOUNT_SID"),\n  })\n  _ = c\n}\n',
        {("api_key_sid", "TWILIO_API_KEY", "twilio-go", 4), ("api_key_secret", "TWILIO_API_SECRET", "twilio-go", 4), ("account_sid", "TWILIO_ACCOUNT_SID", "twilio-go", 4)},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("relpath", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_sdk_construction_names_what_feeds_each_slot(
    tmp_path: Path, relpath: str, source: str, expected: set[tuple[str, str, str, int]]
) -> None:
    _write(tmp_path, relpath, source)
    found = _readings(tmp_path)
    assert expected <= found, found


@pytest.mark.parametrize(
    ("relpath", "source"),
    [
        ("app.py", "from twilio.rest import Client\nclient = Client()\n"),
        ("index.js", 'const client = require("twilio")();\n'),
        ("main.go", 'package main\nimport "github.com/twilio/twilio-go"\nvar c = twilio.NewRestClient()\n'),
    ],
)  # fmt: skip
def test_a_client_built_without_arguments_reads_the_sdk_environment_names(
    tmp_path: Path, relpath: str, source: str
) -> None:
    _write(tmp_path, relpath, source)
    slots = {(slot, name) for slot, name, _, _ in _readings(tmp_path)}
    assert {("account_sid", "TWILIO_ACCOUNT_SID"), ("auth_token", "TWILIO_AUTH_TOKEN")} <= slots


def test_a_key_passed_alone_is_read_into_the_account_slot(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "app.py",
        'import os\nfrom twilio.rest import Client\nc = Client(os.environ["TWILIO_API_KEY"], os.environ["TWILIO_API_SECRET"])\n',
    )
    slots = {(slot, name) for slot, name, _, _ in _readings(tmp_path)}
    assert ("account_sid", "TWILIO_API_KEY") in slots
    assert ("auth_token", "TWILIO_API_SECRET") in slots


def test_a_variable_is_followed_to_its_assignment(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "app.py",
        'import os\nfrom twilio.rest import Client\nsid = os.environ["SID_FROM_ENV"]\nalias = sid\nc = Client(alias, os.getenv("TOKEN_FROM_ENV"))\n',
    )
    names = {name for _, name, _, _ in _readings(tmp_path)}
    assert {"SID_FROM_ENV", "TOKEN_FROM_ENV"} <= names


def test_a_constructor_in_a_comment_or_string_is_not_a_construction(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "app.py",
        'from twilio.rest import Client\n# Client(os.environ["IN_COMMENT"], x)\nHELP = "Client(os.environ[\'IN_STRING\'], y)"\n',
    )
    assert _readings(tmp_path) == set()


def test_a_hand_built_url_with_an_interpolated_sid_reads_the_account_slot(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "send.php",
        "<?php\n$keySid = getenv('TWILIO_API_KEY');\n$secret = getenv('TWILIO_API_SECRET');\n"
        '$url = "https://api.twilio.com/2010-04-01/Accounts/$keySid/Messages.json";\n'
        'curl_setopt($ch, CURLOPT_USERPWD, "$keySid:$secret");\n',
    )
    found = _readings(tmp_path)
    assert ("account_sid", "TWILIO_API_KEY", "hand-built request (php)", 4) in found
    assert ("api_key_secret", "TWILIO_API_SECRET", "hand-built request (php)", 4) in found


def test_a_go_sprintf_url_reads_the_account_slot_from_its_argument(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "main.go",
        'package main\nimport ("fmt"; "os")\nfunc main() {\n  key := os.Getenv("TWILIO_API_KEY")\n'
        '  url := fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/%s/Messages.json", key)\n'
        "  _ = url\n}\n",
    )
    found = _readings(tmp_path)
    assert ("account_sid", "TWILIO_API_KEY", "hand-built request (go)", 5) in found


@pytest.mark.parametrize(
    ("relpath", "source", "line"),
    [
        (
            "send.py",
            'import os, requests\nkey = os.environ["TWILIO_API_KEY"]\n'
            'url = f"https://api.twilio.com/2010-04-01/Accounts/{key}/Messages.json"\n',
            3,
        ),
        (
            "send.js",
            "const key = process.env.TWILIO_API_KEY;\n"
            "fetch(`https://api.twilio.com/2010-04-01/Accounts/${key}/Messages.json`);\n",
            2,
        ),
        (
            "send.rb",
            'key = ENV["TWILIO_API_KEY"]\n'
            'uri = URI("https://api.twilio.com/2010-04-01/Accounts/#{key}/Messages.json")\n',
            2,
        ),
        (
            "Send.cs",
            'class S { void F() {\n var key = Environment.GetEnvironmentVariable("TWILIO_API_KEY");\n'
            ' var url = "https://api.twilio.com/2010-04-01/Accounts/" + key + "/Messages.json";\n} }\n',
            3,
        ),
    ],
)
def test_hand_built_urls_in_each_language_read_the_account_segment(
    tmp_path: Path, relpath: str, source: str, line: int
) -> None:
    _write(tmp_path, relpath, source)
    found = {(slot, name, at) for slot, name, _, at in _readings(tmp_path)}
    assert ("account_sid", "TWILIO_API_KEY", line) in found


def test_a_literal_key_sid_in_a_hand_built_url_is_a_located_value(tmp_path: Path) -> None:
    key = "SK" + "9e" * 16
    _write(
        tmp_path,
        "cron/notify.sh.php",
        f'<?php\n\n$url = "https://api.twilio.com/2010-04-01/Accounts/{key}/Calls.json";\n',
    )
    values = collect_tree(tmp_path).values
    assert [(v.field, str(v.location), v.source_kind) for v in values] == [
        ("account_sid", "cron/notify.sh.php:3", "code")
    ]
