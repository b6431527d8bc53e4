"""Inputs for the property tests and the fuzz benchmark: raw text, and structure-aware text
that looks enough like each format to get past its first line of defence.

Raw text alone rarely reaches the deep paths of a YAML or env parser, so each format also
has a "writer" strategy that builds plausible documents from the pieces that trip parsers
up: quotes of every kind, ``export``, ``#`` comments, ``${…}`` nested and unclosed, YAML
anchors reused and merged, block scalars, tabs, CRs, BOMs and invisible spaces.
"""

from __future__ import annotations

import json
import string

from hypothesis import strategies as st

#: Characters parsers treat specially, plus the invisible ones that break credentials.
TRICKY = [
    *list("\"'`$\\{}[]()#:=-|>&*!%@,;?~<^\n\r\t "),
    "\xa0",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b",
    "\u2028",
]

tricky_text = st.text(
    alphabet=st.sampled_from(TRICKY + list(string.ascii_letters + string.digits + "_./")),
    max_size=300,
)
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300) | tricky_text

names = st.from_regex(
    r"\A(TWILIO_(ACCOUNT_SID|AUTH_TOKEN|API_KEY|API_SECRET)|[A-Za-z_][A-Za-z0-9_]{0,12})\Z"
)
hex32 = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
sid = hex32.map(lambda h: "AC" + h) | hex32.map(lambda h: "SK" + h)
plain_values = st.text(alphabet=string.ascii_letters + string.digits + "_-./:+=", max_size=40)
values = st.one_of(hex32, sid, plain_values, tricky_text.map(lambda t: t[:40]))


@st.composite
def nested_refs(draw: st.DrawFn, depth: int = 4) -> str:
    """``${A}``, ``${A:-${B:-x}}``, ``$${``, and unclosed ``${${`` at random depths."""
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(["", "x", "$", "$$", "${", "}", "$A", "${A}", "${A:-"]))
    inner = draw(nested_refs(depth - 1))
    op = draw(st.sampled_from(["", ":-", "-", ":?", "?", ":+", "+"]))
    close = draw(st.sampled_from(["}", "", "}}"]))
    return f"${{{draw(names)}{op}{inner}{close}"


@st.composite
def env_lines(draw: st.DrawFn) -> str:
    """An env file: bindings with random quoting, export, spacing and comments."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        name = draw(names)
        value = draw(st.one_of(values, nested_refs()))
        quote = draw(st.sampled_from(["", "'", '"', "`", "'\"", "\"'"]))
        open_q, close_q = (quote[0], quote[-1]) if quote else ("", "")
        if draw(st.booleans()):
            close_q = draw(st.sampled_from(["", close_q]))
        prefix = draw(st.sampled_from(["", "export ", "  ", "\t", "#", "\ufeff"]))
        equals = draw(st.sampled_from(["=", " = ", "= ", ":", "=="]))
        comment = draw(st.sampled_from(["", " # note", "#x", " #"]))
        lines.append(f"{prefix}{name}{equals}{open_q}{value}{close_q}{comment}")
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


YAML_KEYS = [
    "services",
    "environment",
    "env_file",
    "secrets",
    "image",
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "data",
    "stringData",
    "spec",
    "template",
    "containers",
    "env",
    "valueFrom",
    "secretKeyRef",
    "key",
    "value",
    "jobs",
    "steps",
    "run",
    "variables",
    "extends",
    "include",
    "script",
    "docker",
    "<<",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_ACCOUNT_SID",
]


@st.composite
def yaml_docs(draw: st.DrawFn) -> str:
    """YAML-ish documents: nested mappings and lists with anchors (some reused), aliases,
    merge keys, block scalars, flow collections and document markers."""
    lines = []
    anchors = ["a", "b", "x"]
    for _ in range(draw(st.integers(1, 14))):
        indent = "  " * draw(st.integers(0, 4))
        key = draw(st.sampled_from(YAML_KEYS) | names)
        item = draw(st.sampled_from(["", "- "]))
        kind = draw(st.integers(0, 9))
        if kind == 0:
            value = f"&{draw(st.sampled_from(anchors))} {draw(values)}"
        elif kind == 1:
            value = f"*{draw(st.sampled_from(anchors))}"
        elif kind == 2:
            value = draw(st.sampled_from(["|", "|-", ">", ">+", "|2"]))
        elif kind == 3:
            value = draw(
                st.sampled_from(["{", "[", "{a: 1}", "[x, *a]", "{<<: *a}", "!!binary", "!Ref x"])
            )
        elif kind == 4:
            value = ""
        elif kind == 5:
            value = f'"{draw(values)}"'
        else:
            value = draw(st.one_of(values, nested_refs()))
        lines.append(f"{indent}{item}{key}: {value}".rstrip())
        if draw(st.integers(0, 12)) == 0:
            lines.append(draw(st.sampled_from(["---", "...", "# c", "\t", "%YAML 1.2"])))
    return "\n".join(lines) + "\n"


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    """Dockerfile-ish text: directives, FROM/ARG/ENV in both forms, continuations, heredocs."""
    lines = []
    if draw(st.booleans()):
        lines.append(
            draw(
                st.sampled_from(
                    ["# escape=`", "# escape=\\", "# syntax=docker/dockerfile:1", "# escape=x"]
                )
            )
        )
    for _ in range(draw(st.integers(0, 10))):
        word = draw(
            st.sampled_from(["FROM", "ARG", "ENV", "RUN", "COPY", "env", "LABEL", "ONBUILD ENV"])
        )
        body = draw(st.one_of(values, nested_refs(), tricky_text.map(lambda t: t[:60])))
        form = draw(
            st.sampled_from(
                ["{n}={v}", "{n} {v}", '{n}="{v}"', "{n}='{v}' x=y", "{v} AS b", "<<EOF\n{v}\nEOF"]
            )
        )
        cont = draw(st.sampled_from(["", " \\", " `"]))
        lines.append(f"{word} " + form.format(n=draw(names), v=body) + cont)
    return "\n".join(lines) + "\n"


@st.composite
def shell_scripts(draw: st.DrawFn) -> str:
    """Shell-ish text: assignments with quotes and expansions, heredocs, docker run lines."""
    lines = [draw(st.sampled_from(["", "#!/bin/sh", "#!/usr/bin/env bash"]))]
    for _ in range(draw(st.integers(0, 10))):
        value = draw(st.one_of(values, nested_refs(), tricky_text.map(lambda t: t[:60])))
        shape = draw(
            st.sampled_from(
                [
                    "export {n}={v}",
                    "{n}='{v}'",
                    '{n}="{v}"',
                    "{n}=$'{v}'",
                    "{n}=({v})",
                    "cat <<EOF\n{v}\nEOF",
                    "cat <<-'X'\n{v}",
                    "docker run --env-file {v} img",
                    "{n}={v} cmd",
                    "readonly {n}={v}; {n}+={v}",
                ]
            )
        )
        lines.append(shape.format(n=draw(names), v=value))
    return "\n".join(lines) + "\n"


@st.composite
def unit_files(draw: st.DrawFn) -> str:
    """systemd unit-ish text: sections, Environment= lists with quotes, escapes and
    specifiers, EnvironmentFile= paths, continuations and both comment characters."""
    lines = [draw(st.sampled_from(["[Unit]", "[Service]", "", "[Install]"]))]
    for _ in range(draw(st.integers(0, 10))):
        value = draw(st.one_of(values, tricky_text.map(lambda t: t[:50])))
        shape = draw(
            st.sampled_from(
                [
                    "Environment={n}={v}",
                    'Environment="{n}={v}" "{n}=x"',
                    "Environment='{n}={v}'",
                    "Environment=",
                    "Environment={n}=\\x41{v}%%\\s%i",
                    "EnvironmentFile=-/etc/{v}.env",
                    "Environment={n}={v} \\",
                    "; {v}",
                    "# {v}",
                    "[{v}]",
                    "{n}={v}",
                ]
            )
        )
        lines.append(shape.format(n=draw(names), v=value))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | values,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "profiles",
                    "prod",
                    "accountSid",
                    "apiKey",
                    "apiSecret",
                    "authToken",
                    "region",
                    "edge",
                    "text",
                    "environment",
                    "tags",
                    "alerts",
                    "data",
                    "event",
                    "labels",
                ]
            )
            | st.text(max_size=10),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@st.composite
def toml_docs(draw: st.DrawFn) -> str:
    """sherlock.toml-ish text: known tables and keys with values of the wrong types too."""
    tables = [
        "[environments.prod]",
        "[environments.prod.services.api]",
        "[stores]",
        "[stores.vault]",
        "[server]",
        "[slack]",
        "[[x]]",
        "[environments]",
        "[a.b.c.d]",
    ]
    keys = [
        "discovery",
        "files",
        "env",
        "store",
        "secrets",
        "token_env",
        "alert_channel",
        "allowed_channels",
        "region",
        "edge",
        "address",
        "mount",
        "project",
        "endpoint_url",
    ]
    vals = [
        '"x"',
        "1",
        "true",
        "[]",
        '["a", "b"]',
        '"vault://kv/a#k"',
        '"aws-sm://prod/t"',
        "{a = 1}",
        '"',
        "[[",
        '"""x',
        "1979-05-27",
    ]
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(tables)))
        else:
            lines.append(f"{draw(st.sampled_from(keys))} = {draw(st.sampled_from(vals))}")
    return "\n".join(lines) + "\n"


PASTE_PIECES = [
    "HTTP 401 error: Unable to fetch record: Authenticate",
    "TwilioRestException(401, 'https://api.twilio.com/2010-04-01/Accounts/AC",
    '{"code": 20003, "message": "Authenticate", "status": 401}',
    "<TwilioResponse><RestException><Code>20003</Code><Message>",
    "<Message>",
    "Authorization: Basic ",
    "Authorization: Bearer ",
    "https://AC:tok@api.twilio.com/",
    '"GET /2010-04-01/Accounts/AC0.json HTTP/1.1" 401',
    "TWILIO_AUTH_TOKEN=",
    "password: ",
    "<@U0SHERLOCK>",
    "<http://x|y>",
    "<#C0|c>",
    "<!here>",
    "&lt;&gt;&amp;",
    "twilio 20003 in prod",
    "diagnose staging",
    "help",
    "xoxb-",
    "hvs.",
    "\x1b[31m",
    "error 20404",
    "status_code=401",
]


@st.composite
def pastes(draw: st.DrawFn) -> str:
    """Error reports, log lines and Slack questions, cut and pasted together."""
    parts = draw(
        st.lists(
            st.sampled_from(PASTE_PIECES) | values | tricky_text.map(lambda t: t[:30]), max_size=10
        )
    )
    return draw(st.sampled_from([" ", "\n", "", "-"])).join(parts)


json_texts = st.one_of(
    json_values.map(json.dumps),
    json_values.map(lambda v: json.dumps(v)[: len(json.dumps(v)) // 2]),
    tricky_text,
)

SHAPES: dict[str, st.SearchStrategy[str]] = {
    "env": env_lines(),
    "yaml": yaml_docs(),
    "dockerfile": dockerfiles(),
    "shell": shell_scripts(),
    "json": json_texts,
    "toml": toml_docs(),
    "unit": unit_files(),
    "refs": nested_refs(),
    "paste": pastes(),
    "any": any_text,
}
