"""Finding client constructions in a parsed file: which argument text fills which slot.

tree-sitter gives the syntax (so a constructor in a comment or a string is never taken for a
call, and arguments are split exactly, nested calls and all); the grammars differ in node
names, so the walk only relies on what they share: a call-like node has an argument-list
child, and the callee is the text before it. Java and Kotlin builder chains
(``.accountSid(x)``) are read from the calls wrapped around the constructor. Region and edge
setters called after construction (``client.SetRegion("au1")``, ``Twilio.setEdge(…)``) are
matched to the construction they configure: by the variable it was assigned to, or for a
static setter, every construction of that SDK in the file (:func:`apply_setters`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sherlock.collect.code.sdks import (
    ACCOUNT,
    ATTRIBUTE,
    ATTRIBUTE_SETTERS,
    BUILDER_METHODS,
    EDGE,
    REGION,
    RUBY_CONFIG_SLOTS,
    RUBY_CONFIGURE,
    SETTERS,
    Sdk,
    Setter,
    sdk_for,
)

if TYPE_CHECKING:
    from tree_sitter import Node  # the [code] extra: only the parser module imports it

CALL_TYPES = frozenset(
    {
        "call",
        "call_expression",
        "new_expression",
        "object_creation_expression",
        "method_invocation",
        "invocation_expression",
        "function_call_expression",
        "composite_literal",
    }
)
ARG_LISTS = frozenset({"arguments", "argument_list", "value_arguments", "literal_value"})
_NAMED_ITEMS = frozenset({"argument", "value_argument", "named_argument", "keyword_argument"})
_SKIPPED = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})


@dataclass(frozen=True)
class Arg:
    """An argument's source text and the line it starts on."""

    text: str
    line: int


@dataclass
class Construction:
    """One client built in code: the reader (SDK) and the argument behind each slot."""

    sdk: Sdk
    line: int
    args: dict[str, Arg] = field(default_factory=dict)
    variable: str | None = None  # what the client was assigned to (``client``, ``$this->twilio``)


def text_of(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def line_of(node: Node) -> int:
    return node.start_point[0] + 1


def walk(node: Node) -> Iterator[Node]:
    """Every node, depth first, without recursion (deep files must not exhaust the stack)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def argument_list(node: Node) -> Node | None:
    found = node.child_by_field_name("arguments") or node.child_by_field_name("body")
    if found is not None and found.type in ARG_LISTS:
        return found
    return next((c for c in node.children if c.type in ARG_LISTS), None)


def _named(item: Node) -> tuple[str | None, Node | None]:
    """(keyword, value) of one argument item; keyword None for a positional one."""
    if item.type == "keyed_element":  # Go: Field: value
        parts = [c for c in item.named_children if c.type not in _SKIPPED]
        return (text_of(parts[0]), parts[-1]) if len(parts) >= 2 else (None, None)
    if item.type not in _NAMED_ITEMS:
        return None, item
    key = item.child_by_field_name("name")
    parts = [c for c in item.named_children if c.type not in _SKIPPED]
    if key is None and any(c.type == "=" for c in item.children) and len(parts) >= 2:
        key = parts[0]  # Kotlin: name = value
    if key is None:
        colon = next((c for c in parts if c.type == "name_colon"), None)  # C#: name: value
        key = colon.named_children[0] if colon is not None and colon.named_children else None
    value = item.child_by_field_name("value") or (parts[-1] if parts else None)
    return (text_of(key) if key is not None else None), value


def _options(node: Node, sdk: Sdk, into: Construction) -> None:
    """Keys of a JavaScript options object (``{accountSid, region, edge}``)."""
    for pair in node.named_children:
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if pair.type == "shorthand_property_identifier":
            key = value = pair
        if key is None or value is None:
            continue
        slot = sdk.keywords.get(text_of(key).strip("'\""))
        if slot is not None:
            into.args[slot] = Arg(text_of(value), line_of(value))


def _fill(args: Node, sdk: Sdk, into: Construction) -> None:
    position = 0
    for item in args.named_children:
        if item.type in _SKIPPED:
            continue
        keyword, value = _named(item)
        if value is None:
            continue
        if keyword is not None:
            slot = sdk.keywords.get(keyword)
        else:
            slot = sdk.positional[position] if position < len(sdk.positional) else None
            position += 1
        if slot == "options" and value.type == "object":
            _options(value, sdk, into)
        elif slot is not None:
            into.args[slot] = Arg(text_of(value), line_of(value))


def _builder_chain(node: Node, source: bytes, sdk: Sdk, into: Construction) -> None:
    """``.accountSid(x)``, ``.region(x)``, ``.edge(x)`` called on the builder."""
    inner, parent = node, node.parent
    while parent is not None and parent.type in CALL_TYPES | {"navigation_expression"}:
        args = argument_list(parent) if parent.type in CALL_TYPES else None
        if args is not None and args.start_byte >= inner.end_byte:
            method = source[inner.end_byte : args.start_byte].decode("utf-8", "replace")
            slot = BUILDER_METHODS.get(method.strip().lstrip("."))
            values = [c for c in args.named_children if c.type not in _SKIPPED]
            if slot is not None and values:
                value = (
                    values[0].named_children[0] if values[0].type == "value_argument" else values[0]
                )
                into.args[slot] = Arg(text_of(value), line_of(value))
            inner = parent
        parent = parent.parent


#: nodes that bind a name to the value on their right (every grammar's spelling)
_BINDINGS = frozenset(
    {"short_var_declaration", "var_spec", "assignment_statement", "assignment",
     "assignment_expression", "variable_declarator", "property_declaration",
     "local_variable_declaration", "field_declaration", "lexical_declaration",
     "variable_declaration", "local_declaration_statement", "expression_statement"}
)  # fmt: skip
_SETTER_CALLS = CALL_TYPES | {"member_call_expression"}  # PHP's $client->setRegion(…)
_ASSIGNMENTS = frozenset({"assignment", "assignment_expression"})
_BOUND = re.compile(r"(@?\$?[A-Za-z_]\w*(?:(?:\.|->)\w+)*)\s*(?::=|(?<![=!<>])=(?!=))")
_QUALIFIERS = re.compile(r"^(?:\$this->|this\.|self\.|@|\$)")


def bare_name(text: str) -> str:
    """A variable as written minus the language's sigils and ``this.``/``self.``."""
    return _QUALIFIERS.sub("", text.strip())


def assigned_to(node: Node, source: bytes) -> str | None:
    """The variable a construction is assigned to, a few levels up (``client := …``)."""
    parent, hops = node.parent, 0
    while parent is not None and hops < 6 and parent.type not in _BINDINGS:
        parent, hops = parent.parent, hops + 1
    if parent is None or parent.type not in _BINDINGS:
        return None
    prefix = source[parent.start_byte : node.start_byte].decode("utf-8", "replace")
    bound = _BOUND.findall(prefix)
    return bare_name(bound[-1]) if bound else None


def _setter_for(language: str, callee: str) -> tuple[Setter, re.Match[str]] | None:
    compact = re.sub(r"\s+", "", callee)
    for setter in SETTERS.get(language, ()):
        match = setter.pattern.match(compact)
        if match is not None:
            return setter, match
    return None


def _targets(setter: Setter, match: re.Match[str], found: list[Construction]) -> list[Construction]:
    same_sdk = [c for c in found if c.sdk.reader == setter.reader]
    if setter.static:
        return same_sdk
    receiver = bare_name(match.group("recv"))
    return [c for c in same_sdk if c.variable == receiver]


def _attribute(node: Node, reader: str, found: list[Construction]) -> None:
    """``client.region = "au1"``: an assignment to the region/edge attribute of a client."""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    match = ATTRIBUTE.match(text_of(left)) if left is not None else None
    if match is None or right is None:
        return
    slot = REGION if match.group("what") == "region" else EDGE
    receiver = bare_name(match.group("recv"))
    for built in found:
        if built.sdk.reader == reader and built.variable == receiver:
            built.args[slot] = Arg(text_of(right), line_of(right))


def apply_setters(root: Node, source: bytes, language: str, found: list[Construction]) -> None:
    """Region/edge setters called on a built client fill its slots (the last call wins)."""
    attribute_reader = ATTRIBUTE_SETTERS.get(language)
    if not found or (language not in SETTERS and attribute_reader is None):
        return
    for node in walk(root):
        if attribute_reader is not None and node.type in _ASSIGNMENTS:
            _attribute(node, attribute_reader, found)
        if node.type not in _SETTER_CALLS:
            continue
        args = argument_list(node)
        if args is None:
            continue
        callee = source[node.start_byte : args.start_byte].decode("utf-8", "replace")
        hit = _setter_for(language, callee)
        values = [c for c in args.named_children if c.type not in _SKIPPED]
        if hit is None or not values:
            continue
        value = values[0].named_children[0] if values[0].type == "argument" else values[0]
        slot = REGION if hit[1].group("what") == "Region" else EDGE
        for built in _targets(*hit, found):
            built.args[slot] = Arg(text_of(value), line_of(value))


def _ruby_configure(node: Node) -> Construction | None:
    """``Twilio.configure do |config| config.account_sid = … end``, read as a construction."""
    receiver, method = node.child_by_field_name("receiver"), node.child_by_field_name("method")
    block = node.child_by_field_name("block")
    if receiver is None or method is None or block is None:
        return None
    if RUBY_CONFIGURE.callee.match(f"{text_of(receiver)}.{text_of(method)}") is None:
        return None
    built = Construction(RUBY_CONFIGURE, line_of(node))
    for item in walk(block):
        left, right = item.child_by_field_name("left"), item.child_by_field_name("right")
        if item.type != "assignment" or left is None or right is None:
            continue
        name = text_of(left).rpartition(".")[2]
        if "." in text_of(left) and name in RUBY_CONFIG_SLOTS:
            built.args[RUBY_CONFIG_SLOTS[name]] = Arg(text_of(right), line_of(right))
    return built


def constructions(root: Node, source: bytes, language: str, text: str) -> list[Construction]:
    """Every Twilio client construction in a parsed file, in source order."""
    found: list[Construction] = []
    for node in walk(root):
        if node.type not in CALL_TYPES:
            continue
        configured = _ruby_configure(node) if language == "ruby" else None
        if configured is not None:
            found.append(configured)
            continue
        args = argument_list(node)
        end = args.start_byte if args is not None else node.end_byte
        callee = source[node.start_byte : end].decode("utf-8", "replace")
        sdk = sdk_for(language, callee, text)
        if sdk is None:
            continue
        built = Construction(sdk, line_of(node), variable=assigned_to(node, source))
        if args is not None:
            _fill(args, sdk, built)
        if ACCOUNT not in built.args:
            _builder_chain(node, source, sdk, built)
        found.append(built)
    apply_setters(root, source, language, found)
    return found
