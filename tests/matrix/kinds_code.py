"""Source code as a source kind: credentials written as literals in the code that builds the client.

``<env>/<service>/app.py`` builds twilio-python's ``Client`` with keyword arguments, one per
line, so each credential has its own line and a missing field is simply not passed. Faults
are written as Python would really carry them: an escaped newline inside the literal (a
copy from a terminal) or a blank before the closing quote; both reach the URL and the auth
header as they are, since twilio-python never strips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.matrix.model import Doc, Mark, Service, Tree, Var

#: twilio-python's keyword for each matrix field
_KEYWORDS = {
    "sid": "account_sid",
    "token": "password",
    "keysid": "username",
    "keysecret": "password",
    "region": "region",
    "edge": "edge",
}


def _literal(var: Var) -> str:
    if var.mark is Mark.INVISIBLE:
        return f'"{var.value}\\n"'
    if var.mark is Mark.PADDED:
        return f'"{var.value} "'
    return f'"{var.value}"'


def _keyword(service: Service, field: str) -> str:
    """With a token the SID is the username; with a key the SID is ``account_sid``."""
    if field == "sid" and service.get("keysid") is None:
        return "username"
    return _KEYWORDS[field]


def write_python_literals(services: Sequence[Service], folders: Mapping[str, str]) -> Tree:
    """``<env>/<service>/app.py`` with the credentials as literal keyword arguments."""
    tree = Tree()
    for service in services:
        doc = Doc(f"{folders[service.env]}/{service.name}/app.py")
        doc.add(f'"""{service.name}: sends SMS through twilio-python."""')
        doc.add("from twilio.rest import Client")
        doc.add("")
        doc.add("client = Client(")
        for var in service.vars:
            place = (service.env, service.name, var.field)
            doc.add(f"    {_keyword(service, var.field)}={_literal(var)},", place)
        doc.add(")")
        tree.include(doc)
    return tree


#: Faults a literal in code can carry (a missing or empty value is a design, not a literal).
CODE_FAULTS = (
    "whitespace",
    "padded",
    "truncated",
    "key-sid-in-sid-slot",
    "swapped-fields",
    "staging-secret-in-prod",
    "staging-pair-in-prod",
    "rotation-not-propagated",
    "stale-after-rotation",
    "region-mismatch",
    "revoked-key",
    "account-suspended",
    "account-closed",
    "deprecated-host",
    "test-credentials",
    "subaccount-sid-parent-token",
    "restricted-key",
    "healthy-in-ie1",
)
