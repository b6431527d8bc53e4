"""Source code, defaults written in Java, Spring and Go: every field is an environment read
(or a Spring property) whose written default is the only value the tree has, so each default
is what the client sends.

* ``code-java-env-default``: ``<env>/<service>/src/main/java/…/Sms.java`` passes
  ``System.getenv().getOrDefault("TWILIO_…", "<value>")`` to ``Twilio.init`` and to the static
  ``Twilio.setRegion``/``setEdge``.
* ``code-spring-value-default``: the same project with ``@Value("${twilio.<key>:<value>}")``
  fields passed to ``Twilio.init``/``setRegion``/``setEdge`` (no config file sets the keys).
* ``code-go-env-default``: ``<env>/<service>/main.go`` fills ``ClientParams`` through a
  ``getEnv(key, fallback)`` helper (``os.LookupEnv`` inside), and the region and edge through
  ``cmp.Or(os.Getenv("TWILIO_…"), "<value>")`` in ``SetRegion``/``SetEdge``.

Junk is written as the language keeps it: an escaped newline inside the literal or a blank
before the closing quote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.kinds_code_setters import _pair
from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var

#: Spring property keys of each matrix field (the usual ``twilio.*`` keys)
_SPRING_KEYS = {
    "sid": "twilio.account-sid",
    "token": "twilio.auth-token",
    "keysid": "twilio.api-key",
    "keysecret": "twilio.api-secret",
    "region": "twilio.region",
    "edge": "twilio.edge",
}


def _text(var: Var) -> str:
    """The value as written inside the literal's quotes."""
    if var.mark is Mark.INVISIBLE:
        return f"{var.value}\\n"
    if var.mark is Mark.PADDED:
        return f"{var.value} "
    return var.value


def _java_doc(service: Service, folder: str, name: str, imports: str = "") -> Doc:
    package = service.name.replace("-", "")
    doc = Doc(f"{folder}/{service.name}/src/main/java/com/acme/{package}/{name}.java")
    doc.add(f"package com.acme.{package};\n\nimport com.twilio.Twilio;{imports}\n")
    return doc


_SPRING_IMPORTS = (
    "\nimport jakarta.annotation.PostConstruct;"
    "\nimport org.springframework.beans.factory.annotation.Value;"
    "\nimport org.springframework.context.annotation.Configuration;"
)


def _slots(service: Service) -> list[Var]:
    """The ``Twilio.init`` arguments in order (username, password, account SID)."""
    return [var for var in _pair(service) if var is not None]


def write_java_defaults(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``Twilio.init(System.getenv().getOrDefault("X", "…"), …)`` and the static setters."""
    tree = Tree()
    for service in services:
        doc = _java_doc(service, folders[service.env], "Sms")
        doc.add("public final class Sms {\n    static void init() {\n        Twilio.init(")
        args = _slots(service)
        for index, var in enumerate(args):
            comma = "," if index < len(args) - 1 else ""
            read = f'System.getenv().getOrDefault("{ENV_NAMES[var.field]}", "{_text(var)}")'
            doc.add(f"            {read}{comma}", (service.env, service.name, var.field))
        doc.add("        );")
        for method, name in (("setRegion", "region"), ("setEdge", "edge")):
            var = service.get(name)
            if var is not None:
                read = f'System.getenv().getOrDefault("{ENV_NAMES[name]}", "{_text(var)}")'
                doc.add(f"        Twilio.{method}({read});", (service.env, service.name, name))
        doc.add("    }\n}")
        tree.include(doc)
    return tree


def write_spring_defaults(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``@Value("${twilio.<key>:…}")`` fields handed to ``Twilio.init`` and the setters."""
    tree = Tree()
    for service in services:
        doc = _java_doc(service, folders[service.env], "TwilioSetup", _SPRING_IMPORTS)
        doc.add("@Configuration\npublic class TwilioSetup {")
        fields: dict[str, str] = {}
        for var in service.vars:
            fields[var.field] = f"{var.field}Value"
            value = f'"${{{_SPRING_KEYS[var.field]}:{_text(var)}}}"'
            doc.add(f"    @Value({value})", (service.env, service.name, var.field))
            doc.add(f"    private String {fields[var.field]};\n")
        arguments = ", ".join(fields[var.field] for var in _slots(service))
        doc.add(f"    @PostConstruct\n    void init() {{\n        Twilio.init({arguments});")
        for method, name in (("setRegion", "region"), ("setEdge", "edge")):
            if name in fields:
                doc.add(f"        Twilio.{method}({fields[name]});")
        doc.add("    }\n}")
        tree.include(doc)
    return tree


_GO_HELPER = (
    "func getEnv(key, fallback string) string {\n\tif value, ok := os.LookupEnv(key); ok {\n"
    "\t\treturn value\n\t}\n\treturn fallback\n}\n"
)


def write_go_defaults(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``ClientParams`` through a ``getEnv`` helper; region and edge through ``cmp.Or``."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/main.go")
        doc.add('package main\n\nimport (\n\t"cmp"\n\t"os"\n\n\t"github.com/twilio/twilio-go"\n)\n')
        doc.add(_GO_HELPER)
        doc.add("func main() {\n\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{")
        user, password, account = _pair(service)
        for key, var in (("Username", user), ("Password", password), ("AccountSid", account)):
            if var is not None:
                read = f'getEnv("{ENV_NAMES[var.field]}", "{_text(var)}")'
                doc.add(f"\t\t{key}: {read},", (service.env, service.name, var.field))
        doc.add("\t})")
        for method, name in (("SetRegion", "region"), ("SetEdge", "edge")):
            var = service.get(name)
            if var is not None:
                read = f'cmp.Or(os.Getenv("{ENV_NAMES[name]}"), "{_text(var)}")'
                doc.add(f"\tclient.{method}({read})", (service.env, service.name, name))
        doc.add("\t_ = client\n}")
        tree.include(doc)
    return tree
