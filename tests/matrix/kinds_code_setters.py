"""Source code, two more idioms: a Go client placed with ``SetRegion``/``SetEdge``, and Node
reads whose written default (``process.env.X || "…"``) is the only value the tree has.

``<env>/<service>/main.go`` builds twilio-go's ``ClientParams`` with literal fields, one per
line, then calls ``client.SetRegion``/``client.SetEdge`` for a region or edge: the region
lives only in those calls, so every region fault tests that they are read into the set.
``<env>/<service>/sms.js`` passes ``process.env.TWILIO_… || "<value>"`` for each field (the
options object for the account SID, region and edge): nothing else in the tree sets those
variables, so each default is what the client sends. Junk is written as the language keeps it:
an escaped newline inside the literal or a blank before the closing quote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.model import ENV_NAMES, Doc, Mark, Service, Tree, Var


def _literal(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return f'"{var.value}"'


def _pair(service: Service) -> tuple[Var | None, Var | None, Var | None]:
    """(username, password, account SID) as every SDK fills them: with a key, the key SID
    and secret are the pair and the SID goes apart; without one, the SID is the username."""
    if service.get("keysid") is not None:
        return service.get("keysid"), service.get("keysecret"), service.get("sid")
    return service.get("sid"), service.get(service.secret_field), None


def _field(var: Var | None) -> str:
    return var.field if var is not None else ""


def write_go_setters(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/main.go``: literal ClientParams, then SetRegion/SetEdge calls."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/main.go")
        doc.add('package main\n\nimport "github.com/twilio/twilio-go"\n\nfunc main() {')
        doc.add("\tclient := twilio.NewRestClientWithParams(twilio.ClientParams{")
        user, password, account = _pair(service)
        for key, var in (("Username", user), ("Password", password), ("AccountSid", account)):
            if var is not None:
                doc.add(f"\t\t{key}: {_literal(var)},", (service.env, service.name, var.field))
        doc.add("\t})")
        for method, name in (("SetRegion", "region"), ("SetEdge", "edge")):
            var = service.get(name)
            if var is not None:
                doc.add(f"\tclient.{method}({_literal(var)})", (service.env, service.name, name))
        doc.add("\t_ = client\n}")
        tree.include(doc)
    return tree


def _default(var: Var) -> str:
    return f"process.env.{ENV_NAMES[var.field]} || {_literal(var)}"


def write_node_defaults(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/sms.js``: every field an environment read with a written default."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/sms.js")
        doc.add("const twilio = require('twilio');\n\nconst client = twilio(")
        user, password, account = _pair(service)
        for var in (user, password):
            if var is not None:
                doc.add(f"  {_default(var)},", (service.env, service.name, var.field))
        doc.add("  {")
        options = (("accountSid", account), ("region", service.get("region")))
        for key, var in (*options, ("edge", service.get("edge"))):
            if var is not None:
                doc.add(f"    {key}: {_default(var)},", (service.env, service.name, var.field))
        doc.add("  },\n);\n\nmodule.exports = client;")
        tree.include(doc)
    return tree
