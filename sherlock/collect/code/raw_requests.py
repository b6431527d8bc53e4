"""Hand-built requests to Twilio's 2010 API: what fills ``/Accounts/{sid}/`` in the URL.

People skip the SDK with curl, ``net/http`` or ``requests`` and write the URL themselves:
``"https://api.twilio.com/2010-04-01/Accounts/$keySid/Messages.json"``. The account segment
is read from the string node tree-sitter found: a literal SID, an interpolated variable
(``$x``, ``{$x}``, ``${x}``, ``#{x}``, ``{x}``), a ``%s`` filled by the call's next argument
(``fmt.Sprintf``), or the expression concatenated after ``…/Accounts/``. The basic-auth
pair is taken from ``CURLOPT_USERPWD``, ``SetBasicAuth(u, p)`` or ``auth=(u, p)``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sherlock.collect.code.calls import (
    CALL_TYPES,
    Arg,
    Construction,
    line_of,
    text_of,
    walk,
)
from sherlock.collect.code.sdks import ACCOUNT, PASSWORD, USERNAME, Sdk

if TYPE_CHECKING:
    from tree_sitter import Node  # the [code] extra: only the parser module imports it

_ACCOUNTS = re.compile(r"twilio\.com/2010-04-01/Accounts/")
_SEGMENT = re.compile(
    r"^(?:(?P<sid>[A-Za-z]{2}[0-9a-fA-F]{32})|\{?\$(?:this->)?(?P<php>\w+)\}?|\$\{(?P<js>\w+)\}"
    r"|#\{(?P<rb>\w+)\}|\{(?P<py>\w+)\}|(?P<fmt>%s|%v))"
)
_USERPWD = re.compile(
    r"""CURLOPT_USERPWD\s*(?:=>|,)\s*["']\{?(\$\w+)\}?:\{?(\$\w+)\}?["']"""
    r"""|SetBasicAuth\(\s*([^,()]+),\s*([^,()]+)\)|auth\s*=\s*\(\s*([^,()]+),\s*([^,()]+)\)"""
)
_STRINGS = frozenset(
    {
        "string",
        "encapsed_string",
        "template_string",
        "interpreted_string_literal",
        "string_literal",
        "interpolated_string_expression",
    }
)


def _reader(language: str) -> Sdk:
    return Sdk(f"hand-built request ({language})", re.compile("$^"), (), {}, {})


def _formatted(node: Node, count: int) -> Arg | None:
    """The argument a ``%s`` in a format string is filled from (``count`` earlier ones)."""
    args = node.parent
    if args is None or args.parent is None or args.parent.type not in CALL_TYPES:
        return None
    items = [c for c in args.named_children if "comment" not in c.type]
    index = next((i for i, c in enumerate(items) if c.id == node.id), None)
    if index is None or index + 1 + count >= len(items):
        return None
    value = items[index + 1 + count]
    return Arg(text_of(value), line_of(value))


def _concatenated(node: Node) -> Arg | None:
    parent = node.parent
    if parent is None or "binary" not in parent.type:
        return None
    right = parent.child_by_field_name("right")
    return (
        Arg(text_of(right), line_of(right)) if right is not None and right.id != node.id else None
    )


def _account_arg(node: Node, text: str) -> Arg | None:
    match = _ACCOUNTS.search(text)
    if match is None:
        return None
    rest = text[match.end() :]
    segment = _SEGMENT.match(rest)
    if segment is None:
        return _concatenated(node) if rest.rstrip("\"'`") == "" else None
    if segment.group("sid"):
        return Arg(f'"{segment.group("sid")}"', line_of(node))
    if segment.group("fmt"):
        return _formatted(node, text[: match.end()].count("%s") + text[: match.end()].count("%v"))
    name = next(segment.group(g) for g in ("php", "js", "rb", "py") if segment.group(g))
    prefix = "$" if segment.group("php") else ""
    return Arg(prefix + name, line_of(node))


def _basic_auth(text: str, lines: list[str]) -> tuple[Arg, Arg] | None:
    for index, line in enumerate(lines):
        match = _USERPWD.search(line)
        if match is not None:
            user, password = (g for g in match.groups() if g is not None)
            return Arg(user.strip(), index + 1), Arg(password.strip(), index + 1)
    return None


def raw_requests(root: Node, language: str, text: str, lines: list[str]) -> list[Construction]:
    """Every hand-built 2010-API URL whose account segment we can read."""
    if "2010-04-01/Accounts/" not in text:
        return []
    found: list[Construction] = []
    auth = _basic_auth(text, lines)
    for node in walk(root):
        if node.type not in _STRINGS:
            continue
        parent = node.parent
        if parent is not None and parent.type in _STRINGS:
            continue
        account = _account_arg(node, text_of(node))
        if account is None:
            continue
        built = Construction(_reader(language), line_of(node), {ACCOUNT: account})
        if auth is not None:
            built.args[USERNAME], built.args[PASSWORD] = auth
        found.append(built)
    return found
