"""A fake of the Slack Web API over real HTTP: what Sherlock posts, recorded and checked.

The Slack app and the server's alerts talk to it through the unchanged ``slack_sdk``
clients (``AsyncWebClient(base_url=emulator.base_url)``), so the bytes on the wire, the
JSON or form encoding, the ``Authorization: Bearer xoxb-...`` header and Slack's
``{"ok": false, "error": ...}`` answers are the real ones. Tests then read
:attr:`SlackApiEmulator.calls` to assert exactly which blocks a user would have seen.

Behaviour follows the method reference, because a fake that accepted anything would hide
the bugs Slack rejects:

* every method needs a bot token from :attr:`bot_tokens` (``not_authed`` without one,
  ``invalid_auth`` for any other), as a Bearer header or a ``token`` parameter, except
  ``apps.connections.open`` (Socket Mode), which takes only an app-level token from
  :attr:`app_tokens` and answers with :attr:`socket_url`; the wrong kind of token is
  ``not_allowed_token_type``;
* ``chat.postMessage``/``chat.update`` need ``text``, ``blocks`` or ``attachments``
  (``no_text``), validate blocks against Block Kit's documented limits
  (``invalid_blocks``, with Slack-style ``response_metadata.messages``; a ``blocks``
  value that is not a JSON array is ``invalid_blocks_format``), refuse text over 40,000
  characters (``msg_too_long``) and only update or delete messages they hold
  (``message_not_found``);
* a channel must look like a Slack id (C…, G…, D…, or U… for the app's DM with a user,
  answered with that DM's D… id) and not be in :attr:`missing_channels`
  (``channel_not_found``); ``conversations.info`` knows only channels added with
  :meth:`add_channel`;
* ``views.*`` check the view (``invalid_arguments``), ``views.update`` needs a known view
  (``not_found``) and a matching ``hash`` when one is given (``hash_conflict``).

Errors come back as HTTP 200 with ``ok: false``, as Slack does, except those queued with
:meth:`fail_next` (for example a 429 with ``Retry-After``). Bot tokens are never recorded.
Control endpoints, never recorded: ``GET /_emulator/calls``, ``GET /_emulator/counts`` (calls
per method, cheap to poll) and ``POST /_emulator/reset``.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sherlock.emulators.server import BackgroundServer, EmulatorHandler
from sherlock_testing.emulators.slack_blocks import block_problems, view_problems

__all__ = ["DEFAULT_BOT_TOKEN", "SlackApiEmulator", "SlackCall"]

#: A well-formed fake bot token the emulator accepts unless told otherwise.
DEFAULT_BOT_TOKEN = "xoxb-000000000000-000000000000-sherlockEmulatorToken"

TEAM_ID = "T0SHERLOCK"
BOT_USER_ID = "U0SHERLOCK"
BOT_ID = "B0SHERLOCK"
APP_ID = "A0SHERLOCK"
MAX_MESSAGE_TEXT = 40_000

_CHANNEL_ID = re.compile(r"[CGDU][A-Z0-9]{2,}")
_JSON_FIELDS = ("blocks", "attachments", "view", "metadata")

Params = dict[str, Any]
Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class SlackCall:
    """One Web API call as the emulator saw it; ``params`` has JSON fields already parsed."""

    method: str
    params: Params
    response: dict[str, Any]
    http_method: str = "POST"

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        value = self.response.get("error")
        return value if isinstance(value, str) else None


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None
    remaining: int


@dataclass
class _View:
    body: dict[str, Any]
    hash: str
    external_id: str | None = None


class SlackApiError(Exception):
    """Raised inside a method to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, messages: Iterable[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)


@dataclass
class _State:
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    views: dict[str, _View] = field(default_factory=dict)


class SlackApiEmulator(BackgroundServer[SlackCall]):
    """A running fake of ``https://slack.com/api/`` on a loopback port.

    Use as a context manager; point a client at :attr:`base_url`. Tests may change
    :attr:`bot_tokens`, :attr:`missing_channels` and channels (:meth:`add_channel`) while
    it runs.
    """

    def __init__(
        self,
        bot_tokens: Iterable[str] = (DEFAULT_BOT_TOKEN,),
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(_Handler, host=host, port=port)
        self.bot_tokens: set[str] = set()
        for token in bot_tokens:
            self.add_bot_token(token)
        self.app_tokens: set[str] = set()
        #: What ``apps.connections.open`` hands out: a test's WebSocket server.
        self.socket_url: str | None = None
        self.missing_channels: set[str] = set()
        self._channels: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition(self._lock)
        self._failures: dict[str, list[_Failure]] = {}
        self._state = _State()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._methods: dict[str, Callable[[Params], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.delete": self._delete,
            "views.open": self._views_open,
            "views.publish": self._views_publish,
            "views.update": self._views_update,
            "conversations.info": self._conversations_info,
            "apps.connections.open": self._connections_open,
        }

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/api/``: give it to ``WebClient(base_url=...)``."""
        return super().base_url + "/api/"

    # --- what tests read and set ------------------------------------------------------

    def add_bot_token(self, token: str) -> None:
        if not token.startswith("xoxb-"):
            raise ValueError("the emulator accepts bot tokens only (xoxb-...)")
        self.bot_tokens.add(token)

    def add_app_token(self, token: str) -> None:
        if not token.startswith("xapp-"):
            raise ValueError("app-level tokens start with xapp-")
        self.app_tokens.add(token)

    def add_channel(
        self, channel_id: str, name: str, *, is_private: bool = False, is_member: bool = True
    ) -> None:
        """A channel ``conversations.info`` can describe."""
        info = {
            "id": channel_id,
            "name": name,
            "is_channel": not is_private,
            "is_group": is_private,
            "is_im": channel_id.startswith("D"),
            "is_private": is_private,
            "is_member": is_member,
            "is_archived": False,
            "created": 1_700_000_000,
        }
        with self._lock:
            self._channels[channel_id] = info

    def fail_next(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with this error (and HTTP status)."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(error, status, retry_after, times)
            )

    @property
    def calls(self) -> list[SlackCall]:
        """Every call so far, oldest first (a snapshot; the same as :attr:`requests`)."""
        return self.requests

    def calls_to(self, method: str) -> list[SlackCall]:
        return [call for call in self.calls if call.method == method]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The stored message as it stands now (after any updates)."""
        with self._lock:
            found = self._state.messages.get((channel, ts))
            return dict(found) if found else None

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[SlackCall]:
        """Block until ``method`` was called ``count`` times; TimeoutError names what came."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                matching = [c for c in self._log if c.method == method]
                if len(matching) >= count:
                    return matching
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(c.method for c in self._log) or "nothing"
                    raise TimeoutError(
                        f"{method} called {len(matching)} of {count} time(s) in {timeout}s; "
                        f"calls seen: {seen}"
                    )
                self._changed.wait(left)

    def reset(self) -> None:
        """Forget calls, messages, views and queued failures (tokens and channels stay)."""
        with self._lock:
            self._log.clear()
            self._failures.clear()
            self._state = _State()

    # --- dispatch -----------------------------------------------------------------------

    def handle(self, http_method: str, method: str, token: str | None, params: Params) -> Answer:
        """One API call: auth, queued failures, then the method; recorded either way."""
        status, body = self._answer(method, token, params)
        with self._changed:
            self._log.append(SlackCall(method, params, body, http_method))
            self._changed.notify_all()
        return status, body

    def _answer(self, method: str, token: str | None, params: Params) -> Answer:
        if token is None:
            return 200, {"ok": False, "error": "not_authed"}
        if token not in self.bot_tokens and token not in self.app_tokens:
            return 200, {"ok": False, "error": "invalid_auth"}
        if (method == "apps.connections.open") != (token in self.app_tokens):
            return 200, {"ok": False, "error": "not_allowed_token_type"}
        failure = self._take_failure(method)
        if failure is not None:
            return failure
        handler = self._methods.get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}
        try:
            with self._lock:
                return 200, handler(params)
        except SlackApiError as exc:
            body: dict[str, Any] = {"ok": False, "error": exc.error}
            if exc.messages:
                body["response_metadata"] = {"messages": exc.messages}
            return 200, body

    def _take_failure(self, method: str) -> Answer | None:
        with self._lock:
            queue = self._failures.get(method)
            if not queue:
                return None
            failure = queue[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                queue.pop(0)
        body: dict[str, Any] = {"ok": False, "error": failure.error}
        if failure.retry_after is not None:
            body["retry_after"] = failure.retry_after
        return failure.status, body

    def control(self, http_method: str, path: str) -> Answer:
        if path == "/_emulator/calls" and http_method == "GET":
            return 200, {"ok": True, "calls": [asdict(c) for c in self.calls]}
        if path == "/_emulator/counts" and http_method == "GET":
            counts: dict[str, int] = {}
            for call in self.calls:
                counts[call.method] = counts.get(call.method, 0) + 1
            return 200, {"ok": True, "counts": counts}
        if path == "/_emulator/reset" and http_method == "POST":
            self.reset()
            return 200, {"ok": True}
        return 404, {"ok": False, "error": "unknown_method"}

    # --- helpers ------------------------------------------------------------------------

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _channel(self, params: Params) -> str:
        """The channel id a message lands in; a user id means the app's DM with them."""
        channel = params.get("channel")
        if not isinstance(channel, str) or not _CHANNEL_ID.fullmatch(channel):
            raise SlackApiError("channel_not_found")
        if channel in self.missing_channels:
            raise SlackApiError("channel_not_found")
        return "D" + channel[1:] if channel.startswith("U") else channel

    @staticmethod
    def _content(params: Params) -> tuple[str, list[Any] | None]:
        text = params.get("text")
        text = text if isinstance(text, str) else ""
        blocks = params.get("blocks")
        if not text and not blocks and not params.get("attachments"):
            raise SlackApiError("no_text")
        if len(text) > MAX_MESSAGE_TEXT:
            raise SlackApiError("msg_too_long")
        if blocks is None:
            return text, None
        if not isinstance(blocks, list):
            raise SlackApiError("invalid_blocks_format")
        problems = block_problems(blocks)
        if problems:
            raise SlackApiError("invalid_blocks", problems)
        return text, blocks

    def _message(self, text: str, blocks: list[Any] | None, ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": text,
            "ts": ts,
        }
        if blocks is not None:
            message["blocks"] = blocks
        return message

    # --- methods ------------------------------------------------------------------------

    def _auth_test(self, params: Params) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://sherlock-emulator.slack.com/",
            "team": "Sherlock Emulator",
            "user": "sherlock",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, params: Params) -> dict[str, Any]:
        channel = self._channel(params)
        text, blocks = self._content(params)
        thread_ts = params.get("thread_ts")
        if thread_ts is not None and not isinstance(thread_ts, str):
            raise SlackApiError("invalid_thread_ts")
        ts = self._next_ts()
        message = self._message(text, blocks, ts)
        if thread_ts:
            message["thread_ts"] = thread_ts
        self._state.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def _update(self, params: Params) -> dict[str, Any]:
        channel = self._channel(params)
        ts = params.get("ts")
        stored = self._state.messages.get((channel, ts)) if isinstance(ts, str) else None
        if stored is None or not isinstance(ts, str):
            raise SlackApiError("message_not_found")
        text, blocks = self._content(params)
        stored["text"] = text
        if blocks is None:
            stored.pop("blocks", None)
        else:
            stored["blocks"] = blocks
        stored["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
        message: dict[str, Any] = {"text": text, "user": BOT_USER_ID, "bot_id": BOT_ID}
        if blocks is not None:
            message["blocks"] = blocks
        return {"ok": True, "channel": channel, "ts": ts, "text": text, "message": message}

    def _post_ephemeral(self, params: Params) -> dict[str, Any]:
        self._channel(params)
        user = params.get("user")
        if not isinstance(user, str) or not user.startswith(("U", "W")):
            raise SlackApiError("user_not_in_channel")
        self._content(params)
        return {"ok": True, "message_ts": self._next_ts()}

    def _delete(self, params: Params) -> dict[str, Any]:
        channel = self._channel(params)
        ts = params.get("ts")
        if not isinstance(ts, str) or self._state.messages.pop((channel, ts), None) is None:
            raise SlackApiError("message_not_found")
        return {"ok": True, "channel": channel, "ts": ts}

    def _store_view(self, view: Any, view_id: str | None = None) -> dict[str, Any]:
        problems = view_problems(view)
        if problems:
            raise SlackApiError("invalid_arguments", problems)
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = {
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "root_view_id": view_id,
            "previous_view_id": None,
            "state": {"values": {}},
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            **view,
            "hash": f"{int(time.time())}.{next(self._ids):08x}",
        }
        self._state.views[view_id] = _View(stored, stored["hash"], view.get("external_id"))
        return {"ok": True, "view": stored}

    def _views_open(self, params: Params) -> dict[str, Any]:
        if not params.get("trigger_id"):
            raise SlackApiError("invalid_arguments", ["[ERROR] missing required field: trigger_id"])
        view = params.get("view")
        if isinstance(view, dict) and view.get("type") != "modal":
            raise SlackApiError("invalid_arguments", ["[ERROR] views.open needs a modal view"])
        return self._store_view(view)

    def _views_publish(self, params: Params) -> dict[str, Any]:
        user = params.get("user_id")
        if not isinstance(user, str) or not user.startswith(("U", "W")):
            raise SlackApiError("invalid_arguments", ["[ERROR] missing required field: user_id"])
        view = params.get("view")
        if isinstance(view, dict) and view.get("type") != "home":
            raise SlackApiError("invalid_arguments", ["[ERROR] views.publish needs a home view"])
        return self._store_view(view, f"VHOME{user}")

    def _views_update(self, params: Params) -> dict[str, Any]:
        view_id = params.get("view_id")
        external_id = params.get("external_id")
        found: str | None = None
        if isinstance(view_id, str) and view_id in self._state.views:
            found = view_id
        elif isinstance(external_id, str):
            found = next(
                (k for k, v in self._state.views.items() if v.external_id == external_id), None
            )
        if found is None:
            raise SlackApiError("not_found")
        expected = params.get("hash")
        if expected is not None and expected != self._state.views[found].hash:
            raise SlackApiError("hash_conflict")
        return self._store_view(params.get("view"), found)

    def _connections_open(self, params: Params) -> dict[str, Any]:
        if self.socket_url is None:
            raise SlackApiError("socket_mode_not_enabled")
        return {"ok": True, "url": self.socket_url}

    def _conversations_info(self, params: Params) -> dict[str, Any]:
        channel = params.get("channel")
        if not isinstance(channel, str) or channel not in self._channels:
            raise SlackApiError("channel_not_found")
        return {"ok": True, "channel": dict(self._channels[channel])}


# --- HTTP -----------------------------------------------------------------------------


def _bearer(header: str | None) -> str | None:
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def parse_params(query: str, body: bytes, content_type: str) -> Params:
    """Query string plus a form or JSON body; JSON-valued form fields (blocks...) parsed."""
    params: Params = dict(parse_qsl(query, keep_blank_values=True))
    if body:
        if "json" in content_type:
            try:
                decoded = json.loads(body)
            except ValueError:
                decoded = None
            if isinstance(decoded, dict):
                params.update(decoded)
        else:
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    for name in _JSON_FIELDS:
        value = params.get(name)
        if isinstance(value, str):
            try:
                params[name] = json.loads(value)
            except ValueError:
                params[name] = value  # left as a string: the method calls it malformed
    return params


class _Handler(EmulatorHandler[SlackApiEmulator]):
    server_version = "sherlock-slack-emulator"

    def _serve(self) -> None:
        body = self.read_body()
        parts = urlsplit(self.path)
        if parts.path.startswith("/_emulator/"):
            self._send(*self.app.control(self.command, parts.path))
            return
        if not parts.path.startswith("/api/"):
            self._send(404, {"ok": False, "error": "unknown_method"})
            return
        params = parse_params(parts.query, body, self.headers.get("Content-Type", ""))
        token = _bearer(self.headers.get("Authorization"))
        form_token = params.pop("token", None)
        if token is None and isinstance(form_token, str) and form_token:
            token = form_token
        self._send(*self.app.handle(self.command, parts.path[5:], token, params))

    do_GET = do_POST = _serve

    def _send(self, status: int, body: dict[str, Any]) -> None:
        headers = [("X-Slack-Req-Id", f"emulator-{time.monotonic_ns():x}")]
        retry_after = body.get("retry_after")
        if status == 429 and retry_after is not None:
            headers.append(("Retry-After", str(retry_after)))
        payload = json.dumps(body).encode()
        self.send_payload(status, payload, "application/json; charset=utf-8", headers)
