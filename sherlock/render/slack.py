"""Block Kit messages for Slack: the same diagnosis the terminal shows, sized for a channel.

The Slack app only decides *what* to say (answer, static explanation, a question back);
every block is built here, beside the terminal, JSON and Markdown renderers.

Three rules shape this module:

* **Text from the scanned tree is never markup.** Paths, variable names and evidence go
  through :func:`escape` (``&``, ``<``, ``>``, so a file named ``<!channel>`` cannot ping
  anyone), evidence is shown in a code block (so ``****4f46`` is not read as bold) and words
  with ``*``, ``_`` or ``~`` in prose are put in code spans.
* **Slack's limits are met by construction**: at most 50 blocks, section text under 3,000
  characters, button labels under 75; long lists end with "… and N more" instead of being
  refused as ``invalid_blocks``.
* **Buttons carry only an error id and an environment name** (:func:`button_value`), never
  anything read from a credential, and are signed (:func:`sign_buttons`): a click's value
  is input, so only one Sherlock sent is trusted (:func:`verified_button_value`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sherlock.kb import KBEntry
from sherlock.models import Cause, Diagnosis, Proof
from sherlock.render.options import RenderOptions
from sherlock.render.verdict import error_code, static_all_clear

Block = dict[str, Any]

ACTION_ALL_CAUSES = "sherlock_all_causes"
ACTION_RERUN = "sherlock_rerun"
ACTION_RESOLVED = "sherlock_resolved"
#: Prefix of the choice buttons in a question back (one per environment).
ACTION_PICK_PREFIX = "sherlock_pick_"

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
_LINE_LIMIT = 600
_MAX_LISTED_CAUSES = 12
_MAX_LOCATIONS = 8
_MAX_PICKS = 24

PROOF_BADGE = {
    Proof.PROVEN: ":white_check_mark: *proven* (Twilio settled it)",
    Proof.LIKELY: ":large_orange_diamond: *likely*",
    Proof.POSSIBLE: ":grey_question: *possible*",
}

_FORMATTING_WORD = re.compile(r"(?<![\w`])([^\s`]*[*_~][^\s`]*?)([.,;:!?)]*)(?=\s|$)")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


# --- text helpers ---------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack's three control characters, as its formatting reference asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _code_span(text: str) -> str:
    return "`" + escape(text.replace("`", "'")) + "`"


def _prose_part(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in _FORMATTING_WORD.finditer(text):
        out += [escape(text[last : match.start(1)]), _code_span(match[1])]
        last = match.end(1)
    out.append(escape(text[last:]))
    return "".join(out)


def prose(text: str) -> str:
    """Plain text as safe mrkdwn: escaped; `code` kept; words with *, _ or ~ made code."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: the last one is just a character
        parts[-2:] = [parts[-2] + "'" + parts[-1]]
    return "".join(
        _code_span(part) if index % 2 else _prose_part(part) for index, part in enumerate(parts)
    )


def _code_block(lines: Sequence[str]) -> str:
    body = "\n".join(escape(line.replace("```", "'''")) for line in lines)
    return f"```{body}```"


def _fit(head: str, items: Sequence[str], *, limit: int = SECTION_LIMIT, code: bool = False) -> str:
    """``head`` plus as many items as fit in ``limit`` characters, then "… and N more"."""
    lines = [_clip(item, _LINE_LIMIT) for item in items[:100]]
    if not lines:
        return head + "_none_"

    def build(count: int) -> str:
        body = _code_block(lines[:count]) if code else "\n".join(lines[:count])
        more = len(items) - count
        return head + body + (f"\n… and {more} more" if more else "")

    for count in range(len(lines), 0, -1):
        text = build(count)
        if len(text) <= limit:
            return text
    return _clip(build(1), limit)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, SECTION_LIMIT)}}


def _context(*texts: str) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": _clip(t, SECTION_LIMIT)} for t in texts[:10]],
    }


def _button(label: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(label, 75), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


# --- button values --------------------------------------------------------------------


@dataclass(frozen=True)
class ButtonValue:
    """What a button asks for again: which error, in which environment (None: all)."""

    error: str
    environment: str | None = None


def button_value(error: str, environment: str | None) -> str:
    return json.dumps({"error": error, "env": environment}, separators=(",", ":"))


def parse_button_value(value: str | None, default_error: str) -> ButtonValue:
    """A button's value back; anything unexpected means "the default error, every env"."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return ButtonValue(default_error)
    if not isinstance(data, dict):
        return ButtonValue(default_error)
    error = data.get("error")
    env = data.get("env")
    return ButtonValue(
        error if isinstance(error, str) and error else default_error,
        env if isinstance(env, str) and env else None,
    )


_MAC_SEPARATOR = "|"


def _mac(value: str, key: bytes) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _signed_body(value: str, key: bytes) -> str | None:
    """The value a signed button carries, or None when the signature does not match."""
    body, separator, mac = value.rpartition(_MAC_SEPARATOR)
    if not separator or not hmac.compare_digest(mac, _mac(body, key)):
        return None
    return body


def _signed(element: Block, key: bytes) -> Block:
    value = element.get("value")
    if element.get("type") != "button" or not isinstance(value, str):
        return element
    if _signed_body(value, key) is not None:  # already signed (a message posted again)
        return element
    return {**element, "value": f"{value}{_MAC_SEPARATOR}{_mac(value, key)}"}


def sign_buttons(blocks: Sequence[Block], key: bytes) -> list[Block]:
    """``blocks`` with every button value followed by its HMAC under ``key``."""
    signed = []
    for block in blocks:
        if block.get("type") == "actions" and isinstance(block.get("elements"), list):
            block = {**block, "elements": [_signed(e, key) for e in block["elements"]]}
        signed.append(block)
    return signed


def verified_button_value(value: str | None, key: bytes, default_error: str) -> ButtonValue:
    """What a signed button asks for. A value Sherlock did not sign (forged, edited, or from
    before the key changed) means "the default error, every env", so none of it is shown."""
    body = _signed_body(value or "", key)
    return (
        parse_button_value(body, default_error) if body is not None else ButtonValue(default_error)
    )


# --- the answer -----------------------------------------------------------------------


def error_name(error: str) -> str:
    """``twilio-20003`` → ``Twilio 20003``."""
    provider, _, code = error.partition("-")
    return f"{provider.capitalize()} {code}" if code else error


def _subject(diagnosis: Diagnosis, environment: str | None) -> str:
    name = error_name(diagnosis.error)
    return f"{name} in {_code_span(environment)}" if environment else name


def _where(cause: Cause) -> str:
    shown = [_code_span(str(loc)) for loc in cause.locations[:_MAX_LOCATIONS]]
    more = len(cause.locations) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _steps(steps: Iterable[str]) -> list[str]:
    return [f"{i}. {prose(step)}" for i, step in enumerate(steps, 1)]


def _scan_summary(diagnosis: Diagnosis) -> Block:
    root = PurePath(diagnosis.root).name or diagnosis.root
    parts = [
        f"Scanned {_code_span(root)}",
        f"{len(diagnosis.credentials)} value(s)",
        f"{diagnosis.requests} live request(s) to Twilio",
    ]
    if diagnosis.notes:
        parts.append(f"{len(diagnosis.notes)} note(s): run `sherlock diagnose` for details")
    return _context(" · ".join(parts))


def _environment_note(diagnosis: Diagnosis, environment: str | None) -> list[Block]:
    if not environment or not diagnosis.environments or environment in diagnosis.environments:
        return []
    seen = ", ".join(_code_span(e) for e in diagnosis.environments)
    return [
        _context(
            f":warning: No credentials of an environment called {_code_span(environment)} "
            f"were found; environments seen: {seen}."
        )
    ]


def _actions(diagnosis: Diagnosis, environment: str | None, *, all_causes: bool) -> Block:
    value = button_value(diagnosis.error, environment)
    elements = []
    if not all_causes and len(diagnosis.causes) > 1:
        elements.append(_button("All causes", ACTION_ALL_CAUSES, value))
    elements.append(_button("Re-run", ACTION_RERUN, value))
    elements.append(_button("Mark resolved", ACTION_RESOLVED, value, style="primary"))
    return {"type": "actions", "block_id": "sherlock_actions", "elements": elements}


def _top_cause_blocks(diagnosis: Diagnosis, environment: str | None) -> list[Block]:
    top = diagnosis.causes[0]
    blocks = [
        _section(
            f":rotating_light: *{_subject(diagnosis, environment)}: most likely {prose(top.title)}*"
        ),
        _context(
            f"{PROOF_BADGE[top.proof]} · {top.confidence:.0%} confidence · severity "
            f"{escape(top.severity)} · {_code_span(top.id)}"
        ),
        _section(f"*Where*\n{_where(top)}"),
        _section(_fit("*Evidence*\n", top.evidence, code=True)),
        _section(_fit("*Fix*\n", _steps(top.fix))),
    ]
    others = diagnosis.causes[1:]
    if others:
        listed = [f"{rank}. {prose(c.title)} ({c.proof.value})" for rank, c in enumerate(others, 2)]
        more = f" and {len(listed) - 6} more" if len(listed) > 6 else ""
        blocks.append(
            _context("*Also found:* " + " · ".join(listed[:6]) + more),
        )
    return blocks


def _cause_section(rank: int, cause: Cause) -> Block:
    head = (
        f"*{rank}. {prose(cause.title)}*  {PROOF_BADGE[cause.proof]}, "
        f"{cause.confidence:.0%} · {_code_span(cause.id)}\n*Where:* {_where(cause)}\n"
    )
    fix = _fit("\n*Fix:*\n", _steps(cause.fix), limit=900)
    evidence = _fit(
        head + "*Evidence:*\n", cause.evidence, limit=SECTION_LIMIT - len(fix), code=True
    )
    return _section(evidence + fix)


def _all_causes_blocks(diagnosis: Diagnosis, environment: str | None) -> list[Block]:
    count = len(diagnosis.causes)
    blocks = [
        _section(f":mag: *{_subject(diagnosis, environment)}: {count} cause(s), most likely first*")
    ]
    for rank, cause in enumerate(diagnosis.causes[:_MAX_LISTED_CAUSES], 1):
        blocks += [_cause_section(rank, cause), {"type": "divider"}]
    hidden = count - _MAX_LISTED_CAUSES
    if hidden > 0:
        blocks.append(
            _context(f"… and {hidden} more: run `sherlock diagnose` for the full report.")
        )
    return blocks


def render_blocks(
    diagnosis: Diagnosis, *, environment: str | None = None, all_causes: bool = False
) -> list[Block]:
    """The answer: the top cause (or every cause) with proof, evidence, where, fix, buttons."""
    if diagnosis.healthy and not diagnosis.complete:
        blocks = _incomplete_blocks(diagnosis, environment)
    elif diagnosis.healthy and diagnosis.completeness.static_only:
        blocks = [
            _section(
                f":large_blue_circle: *{_subject(diagnosis, environment)}: no cause found offline.* "
                + static_all_clear(diagnosis.error)
            )
        ]
    elif diagnosis.healthy:
        blocks = [
            _section(
                f":white_check_mark: *{_subject(diagnosis, environment)}: no cause found.* "
                f"Nothing in the scanned deployment explains a {error_code(diagnosis.error)}: "
                f"every credential pair "
                f"Sherlock found was accepted or looks right."
            )
        ]
    elif all_causes:
        blocks = _all_causes_blocks(diagnosis, environment)
    else:
        blocks = _top_cause_blocks(diagnosis, environment)
    if diagnosis.causes and not diagnosis.complete:
        blocks += [_context(":warning: Incomplete: " + prose(_clip(_reasons(diagnosis), 600)))]
    blocks += _environment_note(diagnosis, environment)
    blocks += [_scan_summary(diagnosis), _actions(diagnosis, environment, all_causes=all_causes)]
    return blocks[:MAX_BLOCKS]


def _reasons(diagnosis: Diagnosis) -> str:
    return "; ".join(diagnosis.completeness.reasons)


def _incomplete_blocks(diagnosis: Diagnosis, environment: str | None) -> list[Block]:
    """No cause found, but Sherlock could not look at everything: never an all-clear."""
    return [
        _section(
            f":warning: *{_subject(diagnosis, environment)}: incomplete.* No cause found, "
            "but Sherlock could not check everything, so this is not an all-clear: "
            + prose(_clip(_reasons(diagnosis), 1500))
        )
    ]


def render_text(diagnosis: Diagnosis, *, environment: str | None = None) -> str:
    """One line for notifications and screen readers (Slack's ``text`` beside ``blocks``)."""
    subject = error_name(diagnosis.error) + (f" in {environment}" if environment else "")
    if diagnosis.healthy:
        verdict = "no cause found" if diagnosis.complete else "incomplete, no cause found"
        return escape(f"{subject}: {verdict}")
    top = diagnosis.causes[0]
    where = ", ".join(str(location) for location in top.locations[:3])
    line = f"{subject}: most likely {top.title} ({top.proof.value}, {top.confidence:.0%})"
    return escape(_clip(line + (f" at {where}" if where else ""), 1000))


# --- other messages -------------------------------------------------------------------


def looking_blocks(question: str) -> list[Block]:
    """The placeholder posted at once, replaced by the answer when it is ready."""
    return [
        _section(f":mag: Looking into {prose(_clip(question, 300))}…"),
        _context("This message will be replaced with the answer."),
    ]


def static_blocks(
    entry: KBEntry, *, reason: str, environment: str | None = None, max_causes: int = 6
) -> list[Block]:
    """The knowledge-base explanation, for people who may not trigger live checks."""
    subject = f"{entry.provider.capitalize()} {entry.code} (HTTP {entry.http_status})"
    if environment:
        subject += f" in {_code_span(environment)}"
    ranked = sorted(
        entry.causes, key=lambda c: ("common", "occasional", "rare").index(c.likelihood)
    )
    causes = [
        f"{i}. *{prose(c.title)}*: {prose(_clip(c.confirm[0], 300))}"
        for i, c in enumerate(ranked[:max_causes], 1)
    ]
    return [
        _section(f":books: *{subject}: {prose(entry.title)}*\n{prose(_clip(entry.summary, 900))}"),
        _context(f":information_source: {prose(reason)}"),
        _section(_fit("*Most common causes, and how to confirm each*\n", causes)),
        _section(_fit("*How to fix it*\n", _steps(entry.fix_steps))),
        _context(
            f"{len(entry.causes)} known causes: `sherlock kb show {entry.id}` lists them all; "
            "`sherlock diagnose` finds which one applies to your deployment."
        ),
    ]


def static_text(entry: KBEntry) -> str:
    return escape(f"{entry.provider.capitalize()} {entry.code}: {entry.title}")


def ask_back_blocks(
    question: str,
    *,
    missing: str,
    error: str,
    environments: Sequence[str] = (),
    environment: str | None = None,
    note: str | None = None,
) -> list[Block]:
    """A question back when Sherlock cannot tell what to diagnose; buttons answer it.

    ``missing`` is ``"environment"`` (one button per environment, plus all of them) or
    ``"error"`` (confirm the error Sherlock knows, for the environment it did recognise).
    """
    asked = f"> {prose(_clip(question, 300))}\n" if question.strip() else ""
    choices: list[tuple[str, str | None]]
    if missing == "environment":
        text = f"{asked}Which environment should I check for {escape(error_name(error))}?"
        choices = [(name, name) for name in environments[:_MAX_PICKS]]
        choices.append(("All environments", None))
    else:
        text = (
            f"{asked}I can diagnose *{escape(error_name(error))}* (HTTP 401 “Authenticate”: a wrong Account "
            "SID, Auth Token or API key). Is that the error you are seeing?"
        )
        label = "Yes, diagnose it" + (f" in {environment}" if environment else "")
        choices = [(label, environment)]
    blocks = [_section(text)]
    if note:
        blocks.append(_context(prose(note)))
    buttons = [
        _button(label, f"{ACTION_PICK_PREFIX}{i}", button_value(error, env))
        for i, (label, env) in enumerate(choices)
    ]
    blocks.append({"type": "actions", "block_id": "sherlock_pick", "elements": buttons})
    return blocks


def help_blocks() -> list[Block]:
    return [
        _section(
            "*Sherlock* finds why Twilio answers *20003* (HTTP 401 “Authenticate”) in your "
            "deployment and shows the proof.\n"
            "• Mention me: `@sherlock why is prod getting 20003?` (or “auth failure”, “401”)\n"
            "• DM me the same question\n"
            "• `/sherlock diagnose [error] [env]`, for example `/sherlock diagnose 20003 prod`\n"
            "• `/sherlock help` shows this"
        ),
        _context(
            "Live checks against Twilio run only for the channels and people allowed in "
            "`sherlock.toml` ([slack] allowed_channels, allowed_users); everyone else gets the "
            "general explanation."
        ),
    ]


def error_blocks(message: str) -> list[Block]:
    """A failure said plainly: no traceback, and the message is redacted by the caller."""
    return [
        _section(
            f":warning: Sherlock could not finish this diagnosis: {prose(_clip(message, 1500))}"
        ),
        _context("Press Re-run later, or run `sherlock diagnose` where the deployment lives."),
    ]


def resolved_blocks(blocks: Sequence[Block], *, user_id: str) -> list[Block]:
    """The same message with its buttons replaced by who marked it resolved."""
    who = f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else "someone"
    kept = [dict(b) for b in blocks if isinstance(b, dict) and b.get("type") != "actions"]
    kept = [b for b in kept if b.get("block_id") != "sherlock_resolved"]
    note = {
        **_context(f":white_check_mark: Marked resolved by {who}"),
        "block_id": "sherlock_resolved",
    }
    return [*kept[: MAX_BLOCKS - 1], note]


def render(diagnosis: Diagnosis, options: RenderOptions) -> str:
    """The registry's entry point: the message as ``chat.postMessage`` takes it, every cause
    listed (buttons unsigned: only the Slack app, which holds the key, signs them)."""
    environment = options.environment
    message = {
        "text": render_text(diagnosis, environment=environment),
        "blocks": render_blocks(diagnosis, environment=environment, all_causes=True),
    }
    return json.dumps(message, indent=2, ensure_ascii=False)
