"""Block Kit checks the Slack Web API emulator applies before it accepts a message or view.

Slack refuses a whole message when one block breaks a rule (``invalid_blocks``), and the
rules are easy to break with generated content: a long evidence list pushes a section past
3,000 characters, one block per cause pushes a message past 50 blocks. A fake that accepted
anything would let those bugs reach a real workspace, so the emulator checks the documented
limits and reports each problem the way Slack does, as ``[ERROR] ... [json-pointer:/blocks/…]``
lines in ``response_metadata.messages``.

Only the rules Sherlock's blocks can meet are modelled in depth (section, header, context,
actions, buttons, text objects, divider, rich text); other documented block types are
accepted by name with their common limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: Documented limits (Block Kit reference, "Blocks" and "Block elements").
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_BLOCK_ID = 255
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_URL = 3000
MAX_MARKDOWN_BLOCK_TEXT = 12000
MAX_MODAL_TITLE = 24
MAX_PRIVATE_METADATA = 3000

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "video",
    }
)
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})
INTERACTIVE_ELEMENTS = frozenset(
    {
        "button",
        "checkboxes",
        "datepicker",
        "datetimepicker",
        "multi_static_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "multi_external_select",
        "overflow",
        "radio_buttons",
        "static_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "external_select",
        "timepicker",
        "workflow_button",
    }
)


def _error(pointer: str, message: str) -> str:
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def _text_object(
    value: Any, pointer: str, *, limit: int, plain_only: bool = False
) -> Iterator[str]:
    if not isinstance(value, dict):
        yield _error(pointer, "must be a text object")
        return
    kind = value.get("type")
    allowed = {"plain_text"} if plain_only else TEXT_TYPES
    if kind not in allowed:
        yield _error(f"{pointer}/type", f"must be one of {sorted(allowed)}")
    text = value.get("text")
    if not isinstance(text, str) or not text:
        yield _error(f"{pointer}/text", "must be a non-empty string")
    elif len(text) > limit:
        yield _error(f"{pointer}/text", f"must be less than {limit + 1} characters")


def _string(value: Any, pointer: str, *, limit: int, required: bool = False) -> Iterator[str]:
    if value is None:
        if required:
            yield _error(pointer, "is required")
        return
    if not isinstance(value, str):
        yield _error(pointer, "must be a string")
    elif len(value) > limit:
        yield _error(pointer, f"must be less than {limit + 1} characters")


def _element(element: Any, pointer: str) -> Iterator[str]:
    """An interactive element (in an actions block or a section accessory)."""
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        yield _error(pointer, "must be an element object with a type")
        return
    kind = element["type"]
    if kind not in INTERACTIVE_ELEMENTS and kind != "image":
        yield _error(f"{pointer}/type", f"unsupported element type {kind!r}")
        return
    yield from _string(element.get("action_id"), f"{pointer}/action_id", limit=MAX_ACTION_ID)
    if kind == "button":
        yield from _text_object(
            element.get("text"), f"{pointer}/text", limit=MAX_BUTTON_TEXT, plain_only=True
        )
        yield from _string(element.get("value"), f"{pointer}/value", limit=MAX_BUTTON_VALUE)
        yield from _string(element.get("url"), f"{pointer}/url", limit=MAX_URL)
        style = element.get("style")
        if style is not None and style not in ("primary", "danger"):
            yield _error(f"{pointer}/style", "must be primary or danger")


def _section(block: dict[str, Any], pointer: str) -> Iterator[str]:
    text, fields = block.get("text"), block.get("fields")
    if text is None and fields is None:
        yield _error(pointer, "must have text or fields")
    if text is not None:
        yield from _text_object(text, f"{pointer}/text", limit=MAX_SECTION_TEXT)
    if fields is not None:
        if not isinstance(fields, list) or not fields:
            yield _error(f"{pointer}/fields", "must be a non-empty array")
        elif len(fields) > MAX_SECTION_FIELDS:
            yield _error(f"{pointer}/fields", f"must have at most {MAX_SECTION_FIELDS} items")
        else:
            for i, item in enumerate(fields):
                yield from _text_object(item, f"{pointer}/fields/{i}", limit=MAX_FIELD_TEXT)
    if block.get("accessory") is not None:
        yield from _element(block["accessory"], f"{pointer}/accessory")


def _elements(block: dict[str, Any], pointer: str, limit: int) -> tuple[list[Any], list[str]]:
    """A context or actions block's elements, and the errors about the list itself."""
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [], [_error(f"{pointer}/elements", "must be a non-empty array")]
    if len(elements) > limit:
        return elements, [_error(f"{pointer}/elements", f"must have at most {limit} items")]
    return elements, []


def _context(block: dict[str, Any], pointer: str) -> Iterator[str]:
    elements, errors = _elements(block, pointer, MAX_CONTEXT_ELEMENTS)
    yield from errors
    for i, item in enumerate(elements):
        where = f"{pointer}/elements/{i}"
        if isinstance(item, dict) and item.get("type") == "image":
            yield from _string(item.get("image_url"), f"{where}/image_url", limit=MAX_URL)
        else:
            yield from _text_object(item, where, limit=MAX_SECTION_TEXT)


def _actions(block: dict[str, Any], pointer: str) -> Iterator[str]:
    elements, errors = _elements(block, pointer, MAX_ACTIONS_ELEMENTS)
    yield from errors
    seen: set[str] = set()
    for i, element in enumerate(elements):
        yield from _element(element, f"{pointer}/elements/{i}")
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in seen:
                yield _error(f"{pointer}/elements/{i}/action_id", "must be unique in the block")
            seen.add(action_id)


def _block(block: Any, pointer: str) -> Iterator[str]:
    if not isinstance(block, dict):
        yield _error(pointer, "must be an object")
        return
    kind = block.get("type")
    if not isinstance(kind, str):
        yield _error(f"{pointer}/type", "is required")
        return
    if kind not in BLOCK_TYPES:
        yield _error(f"{pointer}/type", f"unsupported block type {kind!r}")
        return
    yield from _string(block.get("block_id"), f"{pointer}/block_id", limit=MAX_BLOCK_ID)
    if kind == "section":
        yield from _section(block, pointer)
    elif kind == "header":
        yield from _text_object(
            block.get("text"), f"{pointer}/text", limit=MAX_HEADER_TEXT, plain_only=True
        )
    elif kind == "context":
        yield from _context(block, pointer)
    elif kind == "actions":
        yield from _actions(block, pointer)
    elif kind == "markdown":
        yield from _string(
            block.get("text"), f"{pointer}/text", limit=MAX_MARKDOWN_BLOCK_TEXT, required=True
        )
    elif kind == "rich_text" and not isinstance(block.get("elements"), list):
        yield _error(f"{pointer}/elements", "must be an array")


def block_problems(blocks: Any, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[str]:
    """Every rule ``blocks`` breaks, as Slack words them; empty when Slack would accept it."""
    if not isinstance(blocks, list):
        return [_error("/blocks", "must be an array of blocks")]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(_error("/blocks", f"must have at most {max_blocks} items"))
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        problems += _block(block, f"/blocks/{i}")
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if isinstance(block_id, str):
            if block_id in block_ids:
                problems.append(_error(f"/blocks/{i}/block_id", "must be unique in the message"))
            block_ids.add(block_id)
    return problems


def view_problems(view: Any) -> list[str]:
    """The rules a modal or Home tab view breaks (views.open/update/publish)."""
    if not isinstance(view, dict):
        return [_error("/view", "must be a view object")]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return [_error("/view/type", "must be modal or home")]
    problems: list[str] = []
    if kind == "modal":
        problems += _text_object(
            view.get("title"), "/view/title", limit=MAX_MODAL_TITLE, plain_only=True
        )
        for button in ("submit", "close"):
            if view.get(button) is not None:
                problems += _text_object(
                    view[button], f"/view/{button}", limit=MAX_MODAL_TITLE, plain_only=True
                )
    problems += _string(
        view.get("private_metadata"), "/view/private_metadata", limit=MAX_PRIVATE_METADATA
    )
    problems += _string(view.get("callback_id"), "/view/callback_id", limit=MAX_ACTION_ID)
    problems += [
        p.replace("[json-pointer:/blocks", "[json-pointer:/view/blocks")
        for p in block_problems(view.get("blocks"), max_blocks=MAX_VIEW_BLOCKS)
    ]
    return problems
