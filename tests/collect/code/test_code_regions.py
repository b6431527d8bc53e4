"""Region and edge set in code: each SDK's own way, read into the client's region and edge slots.

From the SDKs' sources: twilio-go's ``RestClient.SetRegion``/``SetEdge`` (its request handler
starts from ``TWILIO_REGION``/``TWILIO_EDGE``), twilio-java's static ``Twilio.setRegion``/
``setEdge`` (defaults read from the same variables), twilio-csharp's
``TwilioClient.SetRegion``/``SetEdge``, twilio-php's ``$client->setRegion``/``setEdge``,
twilio-node's ``{ region, edge }`` options and twilio-python's ``region=``/``edge=``, and the
``client.region = …``/``client.edge = …`` attributes of twilio-python, -node and -ruby. A literal
region is a value of the set the construction sends (so the region checks probe the host the
client really calls); one read from a variable is a reading of that name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sherlock.collect import collect_tree

SID = "AC" + "5b" * 16
TOKEN = "4e" * 16


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CASES = [
    (
        "worker/main.go",
        'package main\n\nimport "github.com/twilio/twilio-go"\n\nfunc main() {\n'
        f'\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{{Username: "{SID}", Password: "{TOKEN}"}})\n'
        '\tclient.SetRegion("au1")\n\tclient.SetEdge("sydney")\n}\n',
        {("region", 7), ("edge", 8)},
    ),
    (
        "billing/src/main/java/Sms.java",
        "import com.twilio.Twilio;\nclass Sms {\n  static void init() {\n"
        f'    Twilio.init("{SID}", "{TOKEN}");\n    Twilio.setRegion("ie1");\n    Twilio.setEdge("dublin");\n  }}\n}}\n',
        {("region", 5), ("edge", 6)},
    ),
    (
        "notify/Program.cs",
        "using Twilio;\nclass Program {\n  static void Main() {\n"
        f'    TwilioClient.Init("{SID}", "{TOKEN}");\n    TwilioClient.SetRegion("au1");\n    TwilioClient.SetEdge("sydney");\n  }}\n}}\n',
        {("region", 5), ("edge", 6)},
    ),
    (
        "site/sms.php",
        "<?php\nuse Twilio\\Rest\\Client;\n"
        f'$twilio = new Client("{SID}", "{TOKEN}");\n$twilio->setRegion("ie1");\n$twilio->setEdge("dublin");\n',
        {("region", 4), ("edge", 5)},
    ),
    (
        "web/sms.js",
        "const twilio = require('twilio');\n"
        f"const client = twilio('{SID}', '{TOKEN}', {{\n  region: 'au1',\n  edge: 'sydney',\n}});\n",
        {("region", 3), ("edge", 4)},
    ),
    (
        "api/sms.py",
        "from twilio.rest import Client\n"
        f'client = Client("{SID}", "{TOKEN}",\n    region="ie1",\n    edge="dublin")\n',
        {("region", 3), ("edge", 4)},
    ),
    (
        "api/notify.py",
        "from twilio.rest import Client\n"
        f'client = Client("{SID}", "{TOKEN}")\nclient.region = "au1"\nclient.edge = "sydney"\n',
        {("region", 3), ("edge", 4)},
    ),
    (
        "web/notify.js",
        "const twilio = require('twilio');\n"
        f"const client = twilio('{SID}', '{TOKEN}');\nclient.region = 'au1';\nclient.edge = 'sydney';\n",
        {("region", 3), ("edge", 4)},
    ),
    (
        "rails/app/notify.rb",
        f"@client = Twilio::REST::Client.new('{SID}', '{TOKEN}')\n@client.region = 'ie1'\n@client.edge = 'dublin'\n",
        {("region", 2), ("edge", 3)},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("relpath", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_literal_region_and_edge_join_the_set_the_construction_sends(
    tmp_path: Path, relpath: str, source: str, expected: set[tuple[str, int]]
) -> None:
    _write(tmp_path, relpath, source)
    values = collect_tree(tmp_path).values
    placed = {(v.field, v.location.line) for v in values if v.field in ("region", "edge")}
    assert placed == expected
    assert len({v.scope for v in values}) == 1  # with the SID and token: one credential set


def test_a_region_read_from_a_variable_is_a_reading_of_that_name(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "worker/main.go",
        'package main\nimport ("os"; "github.com/twilio/twilio-go")\nfunc main() {\n'
        "\tclient := twilio.NewRestClient()\n"
        '\tclient.SetRegion(os.Getenv("SMS_REGION"))\n\tclient.SetEdge(os.Getenv("SMS_EDGE"))\n}\n',
    )
    readings = {(r.slot, r.name) for r in collect_tree(tmp_path).readings}
    assert {("region", "SMS_REGION"), ("edge", "SMS_EDGE")} <= readings


@pytest.mark.parametrize(
    ("relpath", "source"),
    [
        ("worker/main.go", 'package main\nimport "github.com/twilio/twilio-go"\nvar c = twilio.NewRestClient()\n'),
        ("svc/Sms.java", 'class Sms { void f() { Twilio.init(System.getenv("A"), System.getenv("B")); } }\n'),
    ],
)  # fmt: skip
def test_without_a_region_in_code_the_sdk_reads_twilio_region_and_edge(
    tmp_path: Path, relpath: str, source: str
) -> None:
    _write(tmp_path, relpath, source)
    readings = {(r.slot, r.name) for r in collect_tree(tmp_path).readings}
    assert {("region", "TWILIO_REGION"), ("edge", "TWILIO_EDGE")} <= readings


def test_a_region_set_in_code_replaces_the_sdk_environment_default(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "worker/main.go",
        'package main\nimport ("os"; "github.com/twilio/twilio-go")\nfunc main() {\n'
        "\tclient := twilio.NewRestClient()\n"
        '\tclient.SetRegion(os.Getenv("SMS_REGION"))\n}\n',
    )
    names = {r.name for r in collect_tree(tmp_path).readings if r.slot == "region"}
    assert names == {"SMS_REGION"}


def test_a_set_region_call_on_another_object_is_not_the_twilio_clients(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "worker/main.go",
        'package main\nimport "github.com/twilio/twilio-go"\nfunc main() {\n'
        f'\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{{Username: "{SID}", Password: "{TOKEN}"}})\n'
        '\tuploader.SetRegion("us-east-1")\n\t_ = client\n}\n',
    )
    assert {v.field for v in collect_tree(tmp_path).values} == {"account_sid", "auth_token"}


def test_a_placeholder_region_is_not_a_value(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "api/sms.py",
        f'from twilio.rest import Client\nclient = Client("{SID}", "{TOKEN}", region="<REGION>")\n',
    )
    assert {v.field for v in collect_tree(tmp_path).values} == {"account_sid", "auth_token"}


def _placement_of_sets(root: Path) -> list[tuple[str | None, str | None]]:
    from sherlock.providers.twilio.grouping import group_credentials

    sets = group_credentials(collect_tree(root).values)
    return [
        (str(s.region.location) if s.region else None, str(s.edge.location) if s.edge else None)
        for s in sets
    ]


GO_ENV_CLIENT = (
    'package main\nimport "github.com/twilio/twilio-go"\nfunc main() {\n'
    "\tclient := twilio.NewRestClient()\n"
    '\tclient.SetRegion("ie1")\n\tclient.SetEdge("dublin")\n}\n'
)


def test_a_client_built_from_the_environment_calls_the_region_its_code_sets(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "worker/main.go", GO_ENV_CLIENT)
    _write(tmp_path, "worker/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    assert _placement_of_sets(tmp_path) == [("worker/main.go:5", "worker/main.go:6")]


def test_the_code_region_reaches_only_its_own_service(tmp_path: Path) -> None:
    _write(tmp_path, "worker/main.go", GO_ENV_CLIENT)
    _write(tmp_path, "billing/.env", f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\n")
    assert _placement_of_sets(tmp_path) == [(None, None)]


def test_a_region_the_environment_sets_is_kept(tmp_path: Path) -> None:
    _write(tmp_path, "worker/main.go", GO_ENV_CLIENT)
    _write(
        tmp_path,
        "worker/.env",
        f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={TOKEN}\nTWILIO_REGION=au1\n",
    )
    assert _placement_of_sets(tmp_path) == [("worker/.env:3", None)]
