"""Written defaults in Java, Kotlin, Spring and Go code: the literal a client gets only while
its variable (or property) is unset.

Each idiom is written as real projects write it (Java's ``getOrDefault``/``Optional``/
``requireNonNullElse``/ternary, Spring's ``@Value("${key:default}")``, Go's ``cmp.Or``, the
guarded reassignment after ``os.Getenv``/``os.LookupEnv``, a ``getEnv(key, fallback)`` helper
known by its body, viper's ``SetDefault`` with ``AutomaticEnv``). The default must come out as
a ``fallback`` value named by what really overrides it, so it never shadows a set variable,
and is judged when nothing sets it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from sherlock.collect import collect_tree
from sherlock.collect.code.fallbacks import settle_fallbacks
from sherlock.collect.readings import CodeReading
from sherlock.models import Location
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.checks import variable_name_mismatch
from sherlock.providers.twilio.records import Field
from tests.providers.checks.live import found

SID = "AC" + "3f" * 16
TOKEN = "9a" * 16
GOOD = "1c" * 16


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


_JAVA = "package com.acme.sms;\n\nimport com.twilio.Twilio;\n\npublic class Sms {\n  static void init() {\n"
_GO = 'package main\n\nimport (\n\t"os"\n\n\t"github.com/twilio/twilio-go"\n)\n\n'
_GO_CLIENT = (
    "\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{\n"
    '\t\tUsername: os.Getenv("TWILIO_ACCOUNT_SID"),\n\t\tPassword: token,\n\t})\n\t_ = client\n}\n'
)
_VIPER = (
    'package main\n\nimport (\n\t"strings"\n\n\t"github.com/spf13/viper"\n'
    '\t"github.com/twilio/twilio-go"\n)\n\nfunc main() {\n'
)

#: (file, source, the name the default stands in for, the default's line)
CASES = [
    ("sms/Sms.java", _JAVA + '    String sid = System.getenv("TWILIO_ACCOUNT_SID");\n'
     f'    String token = System.getenv().getOrDefault("TWILIO_AUTH_TOKEN", "{TOKEN}");\n'
     "    Twilio.init(sid, token);\n  }\n}\n", "TWILIO_AUTH_TOKEN", 8),
    ("sms/Optional.java", _JAVA + '    String token = Optional.ofNullable(System.getenv("TWILIO_AUTH_TOKEN"))\n'
     f'        .orElse("{TOKEN}");\n    Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), token);\n  }}\n}}\n',
     "TWILIO_AUTH_TOKEN", 8),
    ("sms/Objects.java", _JAVA + "    Twilio.init(System.getenv(\"TWILIO_ACCOUNT_SID\"),\n"
     f'        Objects.requireNonNullElse(System.getenv("TWILIO_AUTH_TOKEN"), "{TOKEN}"));\n  }}\n}}\n',
     "TWILIO_AUTH_TOKEN", 8),
    ("sms/Ternary.java", _JAVA + '    String token = System.getenv("TWILIO_AUTH_TOKEN") != null\n'
     f'        ? System.getenv("TWILIO_AUTH_TOKEN") : "{TOKEN}";\n'
     '    Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), token);\n  }\n}\n', "TWILIO_AUTH_TOKEN", 8),
    ("sms/Sms.kt", "import com.twilio.Twilio\n\nfun setup() {\n"
     f'  val token = System.getenv().getOrDefault("TWILIO_AUTH_TOKEN", "{TOKEN}")\n'
     '  Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), token)\n}\n', "TWILIO_AUTH_TOKEN", 4),
    ("sms/Spring.java", "package com.acme.sms;\n\nimport com.twilio.Twilio;\n\n@Configuration\npublic class TwilioSetup {\n"
     '  @Value("${twilio.account-sid}")\n  private String accountSid;\n'
     f'  @Value("${{TWILIO_AUTH_TOKEN:{TOKEN}}}")\n  private String authToken;\n'
     "  @PostConstruct\n  void init() { Twilio.init(accountSid, authToken); }\n}\n", "TWILIO_AUTH_TOKEN", 9),
    ("sms/Props.java", "package com.acme.sms;\n\nimport com.twilio.Twilio;\n\n@Configuration\npublic class TwilioSetup {\n"
     '  @Value("${twilio.account-sid}")\n  private String accountSid;\n'
     f'  @Value("${{twilio.auth-token:{TOKEN}}}")\n  private String authToken;\n'
     "  @PostConstruct\n  void init() { Twilio.init(accountSid, authToken); }\n}\n", "twilio.auth-token", 9),
    ("sms/Helper.java", _JAVA + f'    Twilio.init(env("TWILIO_ACCOUNT_SID", null), env("TWILIO_AUTH_TOKEN", "{TOKEN}"));\n'
     "  }\n\n  static String env(String key, String fallback) {\n"
     "    return Optional.ofNullable(System.getenv(key)).orElse(fallback);\n  }\n}\n", "TWILIO_AUTH_TOKEN", 7),
    ("sms/Setup.kt", "import com.twilio.Twilio\n\n@Configuration\nclass TwilioSetup {\n"
     '  @Value("\\${twilio.account-sid}")\n  lateinit var accountSid: String\n'
     f'  @Value("\\${{twilio.auth-token:{TOKEN}}}")\n  lateinit var authToken: String\n\n'
     "  @PostConstruct\n  fun init() = Twilio.init(accountSid, authToken)\n}\n", "twilio.auth-token", 7),
    ("sms/Guard.java", _JAVA + '    String token = System.getenv("TWILIO_AUTH_TOKEN");\n'
     f'    if (token == null || token.isBlank()) token = "{TOKEN}";\n'
     '    Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), token);\n  }\n}\n', "TWILIO_AUTH_TOKEN", 8),
    ("gosvc/getenvpreset.go", _GO + f'func main() {{\n\ttoken := "{TOKEN}"\n'
     '\tif v := os.Getenv("TWILIO_AUTH_TOKEN"); v != "" {\n\t\ttoken = v\n\t}\n' + _GO_CLIENT,
     "TWILIO_AUTH_TOKEN", 10),
    ("gosvc/bindenv.go", _VIPER + '\tviper.BindEnv("twilio.auth_token", "SMS_AUTH_TOKEN")\n'
     f'\tviper.SetDefault("twilio.auth_token", "{TOKEN}")\n'
     '\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{\n'
     '\t\tUsername: viper.GetString("twilio.account_sid"),\n\t\tPassword: viper.GetString("twilio.auth_token"),\n'
     "\t})\n\t_ = client\n}\n", "SMS_AUTH_TOKEN", 12),
    ("gosvc/cmp.go", _GO + f'func main() {{\n\ttoken := cmp.Or(os.Getenv("TWILIO_AUTH_TOKEN"), "{TOKEN}")\n' + _GO_CLIENT,
     "TWILIO_AUTH_TOKEN", 10),
    ("gosvc/guard.go", _GO + 'func main() {\n\ttoken := os.Getenv("TWILIO_AUTH_TOKEN")\n\tif token == "" {\n'
     f'\t\ttoken = "{TOKEN}"\n\t}}\n' + _GO_CLIENT, "TWILIO_AUTH_TOKEN", 12),
    ("gosvc/logged.go", _GO + 'func main() {\n\ttoken := os.Getenv("TWILIO_AUTH_TOKEN")\n\tif token == "" {\n'
     f'\t\tlog.Println("TWILIO_AUTH_TOKEN unset, using the built-in token")\n\t\ttoken = "{TOKEN}"\n\t}}\n' + _GO_CLIENT,
     "TWILIO_AUTH_TOKEN", 13),
    ("gosvc/lookup.go", _GO + 'func main() {\n\ttoken, ok := os.LookupEnv("TWILIO_AUTH_TOKEN")\n\tif !ok {\n'
     f'\t\ttoken = "{TOKEN}"\n\t}}\n' + _GO_CLIENT, "TWILIO_AUTH_TOKEN", 12),
    ("gosvc/preset.go", _GO + f'func main() {{\n\ttoken := "{TOKEN}"\n'
     '\tif v, ok := os.LookupEnv("TWILIO_AUTH_TOKEN"); ok {\n\t\ttoken = v\n\t}\n' + _GO_CLIENT,
     "TWILIO_AUTH_TOKEN", 10),
    ("gosvc/helper.go", _GO + "func envOr(name, fallback string) string {\n"
     "\tif value, found := os.LookupEnv(name); found {\n\t\treturn value\n\t}\n\treturn fallback\n}\n\n"
     f'func main() {{\n\ttoken := envOr("TWILIO_AUTH_TOKEN", "{TOKEN}")\n' + _GO_CLIENT,
     "TWILIO_AUTH_TOKEN", 17),
    ("gosvc/helper2.go", _GO + "func setting(k, def string) string {\n"
     '\tif v := os.Getenv(k); v != "" {\n\t\treturn v\n\t}\n\treturn def\n}\n\n'
     f'func main() {{\n\ttoken := setting("TWILIO_AUTH_TOKEN", "{TOKEN}")\n' + _GO_CLIENT,
     "TWILIO_AUTH_TOKEN", 17),
    ("gosvc/viper.go", _VIPER + '\tviper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))\n\tviper.AutomaticEnv()\n'
     f'\tviper.SetDefault("twilio.auth_token", "{TOKEN}")\n'
     '\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{\n'
     '\t\tUsername: viper.GetString("twilio.account_sid"),\n\t\tPassword: viper.GetString("twilio.auth_token"),\n'
     "\t})\n\t_ = client\n}\n", "TWILIO_AUTH_TOKEN", 13),
    ("gosvc/viperdots.go", _VIPER + "\tviper.AutomaticEnv()\n"
     f'\tviper.SetDefault("twilio.auth_token", "{TOKEN}")\n'
     '\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{\n'
     '\t\tUsername: viper.GetString("twilio.account_sid"),\n\t\tPassword: viper.GetString("twilio.auth_token"),\n'
     "\t})\n\t_ = client\n}\n", "TWILIO.AUTH_TOKEN", 12),
    ("gosvc/viperprefix.go", _VIPER + '\tviper.SetEnvPrefix("sms")\n'
     '\tviper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))\n\tviper.AutomaticEnv()\n'
     f'\tviper.SetDefault("twilio.auth_token", "{TOKEN}")\n'
     '\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{\n'
     '\t\tUsername: viper.GetString("twilio.account_sid"),\n\t\tPassword: viper.GetString("twilio.auth_token"),\n'
     "\t})\n\t_ = client\n}\n", "SMS_TWILIO_AUTH_TOKEN", 14),
]  # fmt: skip


def _source(relpath: str) -> str:
    return next(source for path, source, _name, _line in CASES if path == relpath)


@pytest.mark.parametrize(("relpath", "source", "name", "line"), CASES, ids=[c[0] for c in CASES])
def test_a_written_default_is_a_fallback_named_by_what_overrides_it(
    tmp_path: Path, relpath: str, source: str, name: str, line: int
) -> None:
    _write(tmp_path, relpath, source)
    result = collect_tree(tmp_path)
    found = [(v.field, v.name, v.location.line, v.fallback) for v in result.values]
    assert found == [("auth_token", name, line, True)]
    token_readings = [r for r in result.readings if r.slot == "auth_token"]
    assert [(r.name, r.has_default) for r in token_readings] == [(name, True)]


NOT_DEFAULTS = [
    ("sms/Other.java", _JAVA + f'    String token = pick(System.getenv("TWILIO_AUTH_TOKEN"), "{TOKEN}");\n'
     '    Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), token);\n  }\n}\n'),
    ("gosvc/notenv.go", _GO + "func pick(name, other string) string {\n\treturn other + name\n}\n\n"
     f'func main() {{\n\ttoken := pick("TWILIO_AUTH_TOKEN", "{TOKEN}")\n' + _GO_CLIENT),
    ("gosvc/otherblock.go", _GO + 'func main() {\n\ttoken := os.Getenv("TWILIO_AUTH_TOKEN")\n\tfor i := 0; i < 1; i++ {\n'
     f'\t\ttoken = "{TOKEN}"\n\t}}\n' + _GO_CLIENT),
    ("gosvc/fatal.go", _GO + 'func main() {\n\ttoken := os.Getenv("TWILIO_AUTH_TOKEN")\n\tif token == "" {\n'
     '\t\tpanic("TWILIO_AUTH_TOKEN is not set")\n\t}\n' + _GO_CLIENT),
]  # fmt: skip


@pytest.mark.parametrize(("relpath", "source"), NOT_DEFAULTS, ids=[c[0] for c in NOT_DEFAULTS])
def test_a_look_alike_that_is_not_a_default_gives_no_fallback(
    tmp_path: Path, relpath: str, source: str
) -> None:
    _write(tmp_path, relpath, source)
    assert [v for v in collect_tree(tmp_path).values if v.fallback] == []


def test_an_unguarded_reassignment_is_what_the_client_always_sends(tmp_path: Path) -> None:
    source = (
        _GO + f'func main() {{\n\ttoken := os.Getenv("TWILIO_AUTH_TOKEN")\n\ttoken = "{TOKEN}"\n'
    )
    _write(tmp_path, "gosvc/main.go", source + _GO_CLIENT)
    found = [(v.field, v.location.line, v.fallback) for v in collect_tree(tmp_path).values]
    assert found == [("auth_token", 11, False)]


def test_viper_without_any_environment_binding_always_sends_its_default(tmp_path: Path) -> None:
    source = _VIPER + f'\tviper.SetDefault("twilio.auth_token", "{TOKEN}")\n'
    source += "\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{\n"
    source += '\t\tUsername: viper.GetString("twilio.account_sid"),\n'
    source += '\t\tPassword: viper.GetString("twilio.auth_token"),\n\t})\n\t_ = client\n}\n'
    _write(tmp_path, "gosvc/main.go", source)
    found = [(v.field, v.location.line, v.fallback) for v in collect_tree(tmp_path).values]
    assert found == [("auth_token", 11, False)]


def test_a_placeholder_default_is_a_reading_with_a_default_not_a_value(tmp_path: Path) -> None:
    source = (
        _JAVA
        + '    String token = System.getenv().getOrDefault("TWILIO_AUTH_TOKEN", "your_auth_token");\n'
    )
    source += '    Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), token);\n  }\n}\n'
    _write(tmp_path, "sms/Sms.java", source)
    result = collect_tree(tmp_path)
    assert result.values == []
    assert ("TWILIO_AUTH_TOKEN", True) in {(r.name, r.has_default) for r in result.readings}


def _settled(root: Path) -> tuple[set[tuple[str, str, bool]], list[str]]:
    kept, notes = settle_fallbacks(collect_tree(root).values)
    return {(v.name, v.location.path, v.fallback) for v in kept}, [n.message for n in notes]


def _compose(service: str, variables: dict[str, str]) -> str:
    lines = [f"      {k}: {v}" for k, v in variables.items()]
    return (
        f"services:\n  {service}:\n    build: ./{service}\n    environment:\n"
        + "\n".join(lines)
        + "\n"
    )


def test_a_go_default_is_not_used_when_compose_sets_the_variable(tmp_path: Path) -> None:
    _write(tmp_path, "gosvc/main.go", _source("gosvc/cmp.go"))
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": GOOD}
    _write(tmp_path, "docker-compose.yml", _compose("gosvc", env))
    kept, notes = _settled(tmp_path)
    assert not any(fallback for _n, _p, fallback in kept)
    assert notes and "docker-compose.yml" in notes[0]


def test_a_viper_default_stays_in_use_when_only_the_unbound_name_is_set(tmp_path: Path) -> None:
    """Without a key replacer viper looks up ``TWILIO.AUTH_TOKEN``: compose's
    ``TWILIO_AUTH_TOKEN`` never reaches it, and the default is what the client sends."""
    _write(tmp_path, "gosvc/main.go", _source("gosvc/viperdots.go"))
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": GOOD}
    _write(tmp_path, "docker-compose.yml", _compose("gosvc", env))
    kept, _notes = _settled(tmp_path)
    assert ("TWILIO.AUTH_TOKEN", "gosvc/main.go", True) in kept


@pytest.mark.parametrize(
    ("extra", "content"),
    [
        ("docker-compose.yml", _compose("sms", {"TWILIO_AUTH_TOKEN": GOOD})),
        ("sms/src/main/resources/application.properties", f"twilio.auth-token={GOOD}\n"),
        ("sms/src/main/resources/application-default.properties", f"twilio.authToken={GOOD}\n"),
    ],
    ids=["compose-relaxed", "application-properties", "camel-case-key"],
)
def test_a_spring_value_default_yields_to_any_source_of_its_property(
    tmp_path: Path, extra: str, content: str
) -> None:
    _write(
        tmp_path, "sms/src/main/java/com/acme/notify/TwilioSetup.java", _source("sms/Props.java")
    )
    _write(tmp_path, "sms/src/main/resources/application.yml", f"twilio:\n  account-sid: {SID}\n")
    _write(tmp_path, extra, content)
    kept, notes = _settled(tmp_path)
    assert not any(fallback for _n, _p, fallback in kept)
    assert any("twilio.auth-token" in n for n in notes)


def test_a_spring_value_default_is_judged_when_nothing_sets_its_property(tmp_path: Path) -> None:
    _write(
        tmp_path, "sms/src/main/java/com/acme/notify/TwilioSetup.java", _source("sms/Props.java")
    )
    _write(tmp_path, "sms/src/main/resources/application.yml", f"twilio:\n  account-sid: {SID}\n")
    kept, notes = _settled(tmp_path)
    path = "sms/src/main/java/com/acme/notify/TwilioSetup.java"
    assert ("twilio.auth-token", path, True) in kept
    assert notes == []


def test_java_code_belongs_to_its_build_project_not_its_package_folder(tmp_path: Path) -> None:
    _write(tmp_path, "sms/src/main/java/com/acme/notify/Sms.java", _source("sms/Sms.java"))
    result = collect_tree(tmp_path)
    assert {v.service for v in result.values} == {"sms"}
    assert {r.service for r in result.readings} == {"sms"}


def test_a_settled_java_default_never_echoes_a_value(tmp_path: Path) -> None:
    _write(tmp_path, "sms/src/main/java/com/acme/sms/Sms.java", _source("sms/Sms.java"))
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": GOOD}
    _write(tmp_path, "docker-compose.yml", _compose("sms", env))
    _kept, notes = _settled(tmp_path)
    assert notes
    assert all(TOKEN[:8] not in n and GOOD[:8] not in n for n in notes)


def test_a_spring_property_reading_is_answered_by_its_relaxed_variables(tmp_path: Path) -> None:
    """``TWILIO_AUTH_TOKEN`` fills ``@Value("${twilio.auth-token}")``: setting it is no
    name mismatch."""
    _write(tmp_path, "sms/src/main/java/com/acme/sms/TwilioSetup.java", _source("sms/Props.java"))
    token = [r for r in collect_tree(tmp_path).readings if r.slot == "auth_token"]
    assert [r.satisfied_by({"TWILIO_AUTH_TOKEN"}) for r in token] == [True]
    assert [r.satisfied_by({"TWILIO_TOKEN"}) for r in token] == [False]


def test_a_default_set_only_by_another_environments_run_names_that_setting(
    tmp_path: Path,
) -> None:
    """Spring's ``prod`` run sets the property; the code's own path names no environment."""
    _write(tmp_path, "sms/src/main/java/com/acme/sms/TwilioSetup.java", _source("sms/Props.java"))
    _write(tmp_path, "sms/src/main/resources/application.yml", f"twilio:\n  account-sid: {SID}\n")
    compose = _compose("sms", {"SPRING_PROFILES_ACTIVE": "prod", "TWILIO_AUTH_TOKEN": GOOD})
    _write(tmp_path, "docker-compose.yml", compose)
    kept, notes = _settled(tmp_path)
    assert not any(fallback for _n, _p, fallback in kept)
    assert any("is set at docker-compose.yml:6" in n for n in notes), notes


_PROPERTIES = "sms/src/main/resources/application.properties"


def test_a_properties_placeholder_default_is_the_runs_fallback_value(tmp_path: Path) -> None:
    """``twilio.auth-token=${TWILIO_AUTH_TOKEN:…}``: Spring resolves the placeholder from the
    environment, else takes the text after the first ``:``."""
    text = f"twilio.account-sid={SID}\ntwilio.auth-token=${{TWILIO_AUTH_TOKEN:{TOKEN}}}\n"
    _write(tmp_path, _PROPERTIES, text)
    kept, notes = _settled(tmp_path)
    assert kept == {
        ("twilio.account-sid", _PROPERTIES, False),
        ("twilio.auth-token", _PROPERTIES, True),
    }
    assert notes == []
    token = [v for v in collect_tree(tmp_path).values if v.field == "auth_token"]
    assert [(v.location.line, v.location.key) for v in token] == [(2, "twilio.auth-token")]


def test_a_properties_placeholder_default_yields_to_the_deployments_variable(
    tmp_path: Path,
) -> None:
    text = f"twilio.account-sid={SID}\ntwilio.auth-token=${{TWILIO_AUTH_TOKEN:{TOKEN}}}\n"
    _write(tmp_path, _PROPERTIES, text)
    _write(tmp_path, "docker-compose.yml", _compose("sms", {"TWILIO_AUTH_TOKEN": GOOD}))
    kept, _notes = _settled(tmp_path)
    assert not any(fallback for _n, _p, fallback in kept)
    tokens = [v for v in collect_tree(tmp_path).values if v.field == "auth_token"]
    assert {v.location.path for v in tokens} == {"docker-compose.yml"}


def test_a_properties_placeholder_default_that_is_a_placeholder_is_no_value(
    tmp_path: Path,
) -> None:
    text = f"twilio.account-sid={SID}\ntwilio.auth-token=${{TWILIO_AUTH_TOKEN:changeme}}\n"
    _write(tmp_path, _PROPERTIES, text)
    assert [v.field for v in collect_tree(tmp_path).values] == ["account_sid"]


def test_a_default_named_by_the_read_variable_does_not_count_as_setting_it() -> None:
    """viper's ``TWILIO.AUTH_TOKEN`` default sits in the code; compose sets
    ``TWILIO_AUTH_TOKEN``: the name viper reads is still unset, a near-name mismatch."""
    reading = CodeReading(
        "auth_token",
        "TWILIO.AUTH_TOKEN",
        "reports",
        "prod",
        Location("reports/main.go", 16),
        "twilio-go",
        has_default=True,
    )
    default = replace(
        found(Field.AUTH_TOKEN, TOKEN, "reports/main.go", 14, name="TWILIO.AUTH_TOKEN"),
        fallback=True,
    )
    near = found(Field.AUTH_TOKEN, GOOD, "reports/.env", 2)
    context = CheckContext(sets=(), values=(default, near), results={}, readings=(reading,))
    [finding] = asyncio.run(variable_name_mismatch.check(context))
    assert [str(loc) for loc in finding.locations] == ["reports/main.go:16"]
    assert any("TWILIO_AUTH_TOKEN at reports/.env:2" in line for line in finding.evidence)


def test_a_default_in_code_of_no_environment_is_sent_by_the_runs_that_leave_it_unset(
    tmp_path: Path,
) -> None:
    """Compose runs the service with the ``prod`` profile and no token: that run sends the
    ``@Value`` default, so the default is judged in ``prod`` beside the run's SID."""
    _write(tmp_path, "sms/src/main/java/com/acme/sms/TwilioSetup.java", _source("sms/Props.java"))
    _write(tmp_path, "sms/src/main/resources/application.yml", f"twilio:\n  account-sid: {SID}\n")
    _write(tmp_path, "docker-compose.yml", _compose("sms", {"SPRING_PROFILES_ACTIVE": "prod"}))
    kept, notes = settle_fallbacks(collect_tree(tmp_path).values)
    assert notes == []
    assert {(v.field, v.environment, v.fallback) for v in kept} == {
        ("account_sid", "prod", False),
        ("auth_token", "prod", True),
    }
