"""What Sherlock does with a question from Slack, once Bolt has acknowledged it.

The order is the promise made to the person asking: a "looking…" message appears in the
thread at once, and that same message is then replaced (``chat.update``) with the answer,
so a channel never fills with half-answers. Between the two:

* the question is read (:mod:`sherlock.slack.question`); if it is help, or Sherlock cannot
  tell which error or environment is meant, it answers or asks back instead;
* :class:`~sherlock.slack.access.LiveAccess` decides whether this channel or person may
  trigger live verification; if not, the answer is the knowledge base's static explanation
  and says why;
* the diagnosis runs through the shared :class:`~sherlock.engine.runner.Runner`. Identical
  questions asked while one is running share it, and a new one within ``reuse_for`` seconds
  gets the last answer (a burst of "why is prod 401?" during an incident costs one scan;
  Re-run always scans afresh); the runner's verifier cache makes the next one cheap.

Acknowledgements come first. Slack times them, not the answers, so answer work waits for a
short pause in incoming requests (:meth:`Responder._settle`) and at most ``max_concurrent``
messages are worked on at once: a burst of 200 mentions is acknowledged before the event
loop is busy posting 400 messages.

Failures are said plainly in the message: a Sherlock error by its own (secret-free) text,
anything else as "internal error" with a reference that is also in the server log. No
traceback and no raw value ever goes to Slack.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
import traceback
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sherlock.config.schema import SlackSettings
from sherlock.engine.runner import Runner
from sherlock.errors import SherlockError
from sherlock.models import Diagnosis
from sherlock.redact import redact_secrets
from sherlock.render.slack import (
    Block,
    ask_back_blocks,
    error_blocks,
    error_name,
    escape,
    help_blocks,
    looking_blocks,
    render_blocks,
    render_text,
    resolved_blocks,
    sign_buttons,
    static_blocks,
    static_text,
    verified_button_value,
)
from sherlock.slack.access import LiveAccess
from sherlock.slack.question import DEFAULT_ERROR, Question, parse_command, parse_question
from sherlock.slack.session import SharedSession

log = logging.getLogger("sherlock.slack")

_REMEMBERED_ANSWERS = 256
#: Answers wait until Slack has sent nothing for this long (a burst is over) ...
SETTLE_QUIET = 0.02
#: ... but never longer than this.
SETTLE_MAX = 0.25
#: Errors that mean "this channel will not take a post from the app": answer in a DM.
_UNPOSTABLE = frozenset({"channel_not_found", "not_in_channel", "is_archived"})


def failure_text(exc: BaseException) -> str:
    """An unexpected exception for the server log: its type, its message with anything
    secret-looking masked, and the traceback's frames (code lines only, never values)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return f"{type(exc).__name__}: {redact_secrets(str(exc))}\n{frames}".rstrip()


class Responder:
    """Answers questions and button clicks; one per Slack app, shared by all requests."""

    def __init__(
        self,
        runner: Runner,
        settings: SlackSettings,
        client: AsyncWebClient,
        *,
        diagnose_timeout: float = 120.0,
        max_concurrent: int = 8,
        reuse_for: float = 5.0,
        button_key: bytes | None = None,
    ) -> None:
        self.runner = runner
        # Button values are signed: a click is input, and only values Sherlock sent are
        # trusted. Without a key (the Slack signing secret) one is made for this process.
        key = button_key or secrets.token_bytes(32)
        self._button_key = hashlib.sha256(b"sherlock-slack-button:" + key).digest()
        self.client = client
        self.access = LiveAccess(settings, client)
        self.session = SharedSession(client)
        self.diagnose_timeout = diagnose_timeout
        # Work on at most this many messages at once (FIFO). Acknowledgements never wait
        # for it, and a burst of questions then cannot crowd the event loop that sends them.
        self._slots = asyncio.Semaphore(max_concurrent)
        self._last_arrival = 0.0
        self._previous_arrival = 0.0
        self.reuse_for = reuse_for
        self._inflight: dict[tuple[str, str | None], asyncio.Future[Diagnosis]] = {}
        self._recent: dict[tuple[str, str | None], tuple[float, Diagnosis]] = {}
        self._answers: OrderedDict[tuple[str, str], tuple[Diagnosis, str | None]] = OrderedDict()

    # --- entry points ---------------------------------------------------------------------

    async def question(
        self,
        text: str,
        *,
        channel: str,
        user: str | None,
        thread_ts: str | None,
        command: bool = False,
    ) -> None:
        """A mention, a DM (``command=False``) or ``/sherlock ...`` (``command=True``)."""
        await self._settle()
        async with self._slots:
            self.session.ensure()
            posted, parsed = await self._acknowledge(text, channel, user, thread_ts, command)
        if posted is not None and parsed is not None:
            async with self._slots:
                await self._answer(
                    *posted,
                    user=user,
                    error=parsed.error or DEFAULT_ERROR,
                    environment=parsed.environment,
                )

    async def _acknowledge(
        self, text: str, channel: str, user: str | None, thread_ts: str | None, command: bool
    ) -> tuple[tuple[str, str] | None, Question | None]:
        """Help, a question back, or "looking…"; returns where "looking…" was posted."""
        try:
            environments = tuple(self.runner.config.config.environments)
        except SherlockError as exc:
            await self._post(channel, error_blocks(redact_secrets(str(exc))), "error", thread_ts)
            return None, None
        parsed = (
            parse_command(text, environments) if command else parse_question(text, environments)
        )
        if parsed.is_help:
            await self._post(channel, help_blocks(), "How to ask Sherlock", thread_ts, user)
            return None, None
        missing = parsed.missing(environments)
        if missing is not None:
            blocks = self._ask_back(parsed, missing, environments)
            await self._post(channel, blocks, "Sherlock needs one more detail", thread_ts, user)
            return None, None
        subject = parsed.describe()
        looking = f"Looking into {escape(subject)}…"
        return await self._post(channel, looking_blocks(subject), looking, thread_ts, user), parsed

    async def rerun(
        self,
        *,
        channel: str,
        ts: str,
        user: str | None,
        value: str | None,
        all_causes: bool = False,
        fresh: bool = True,
    ) -> None:
        """Re-run (``fresh``: a new diagnosis), All causes, or a choice in a question back:
        the clicked message is updated in place."""
        await self._settle()
        async with self._slots:
            self.session.ensure()
            await self._rerun(channel, ts, user, value, all_causes, fresh)

    async def _rerun(
        self,
        channel: str,
        ts: str,
        user: str | None,
        value: str | None,
        all_causes: bool,
        fresh: bool,
    ) -> None:
        asked = verified_button_value(value, self._button_key, DEFAULT_ERROR)
        remembered = self._answers.get((channel, ts)) if all_causes else None
        if remembered is not None and (await self.access.decide(channel=channel, user=user)).live:
            diagnosis, environment = remembered
            await self._update(
                channel,
                ts,
                render_blocks(diagnosis, environment=environment, all_causes=True),
                render_text(diagnosis, environment=environment),
            )
            return
        subject = error_name(asked.error) + (
            f" in {asked.environment}" if asked.environment else ""
        )
        await self._update(channel, ts, looking_blocks(subject), f"Looking into {escape(subject)}…")
        await self._answer(
            channel,
            ts,
            user=user,
            error=asked.error,
            environment=asked.environment,
            all_causes=all_causes,
            fresh=fresh,
        )

    async def resolve(
        self, *, channel: str, ts: str, user: str | None, message: Mapping[str, Any]
    ) -> None:
        """Replace the buttons with who marked it resolved; the answer itself stays."""
        await self._settle()
        async with self._slots:
            self.session.ensure()
            await self._resolve(channel, ts, user, message)

    async def _resolve(
        self, channel: str, ts: str, user: str | None, message: Mapping[str, Any]
    ) -> None:
        blocks = message.get("blocks")
        kept = [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []
        text = message.get("text")
        summary = text if isinstance(text, str) and text else "Sherlock's answer"
        await self._update(
            channel, ts, resolved_blocks(kept, user_id=user or ""), f"Resolved: {summary}"
        )

    async def aclose(self) -> None:
        await self.session.aclose()

    def note_arrival(self) -> None:
        """A verified request from Slack came in (called before it is acknowledged)."""
        self._previous_arrival, self._last_arrival = self._last_arrival, time.monotonic()

    async def _settle(self) -> None:
        """Acknowledgements first: while requests are pouring in, posting answers would take
        the event loop from the acks Slack is timing, so wait for a pause of
        ``SETTLE_QUIET`` (at most ``SETTLE_MAX``). A question that came alone goes at once."""
        deadline = time.monotonic() + SETTLE_MAX
        while True:
            now = time.monotonic()
            pause = now - self._last_arrival
            alone = self._last_arrival - self._previous_arrival >= SETTLE_QUIET
            if alone or pause >= SETTLE_QUIET or now >= deadline:
                return
            await asyncio.sleep(min(SETTLE_QUIET - pause, deadline - now))

    # --- the answer -----------------------------------------------------------------------

    async def _answer(
        self,
        channel: str,
        ts: str,
        *,
        user: str | None,
        error: str,
        environment: str | None,
        all_causes: bool = False,
        fresh: bool = False,
    ) -> None:
        started = time.perf_counter()
        decision = await self.access.decide(channel=channel, user=user)
        try:
            if decision.live:
                diagnosis = await self._diagnose(error, environment, fresh=fresh)
                self._remember(channel, ts, diagnosis, environment)
                blocks = render_blocks(diagnosis, environment=environment, all_causes=all_causes)
                text = render_text(diagnosis, environment=environment)
            else:
                from sherlock.kb import load_entry

                entry = load_entry(error)
                blocks = static_blocks(entry, reason=decision.reason, environment=environment)
                text = static_text(entry)
        except SherlockError as exc:
            blocks, text = error_blocks(redact_secrets(str(exc))), "Sherlock could not finish"
        except TimeoutError:
            message = f"the diagnosis took longer than {self.diagnose_timeout:.0f} s"
            blocks, text = error_blocks(message), "Sherlock could not finish"
        except Exception as exc:
            reference = secrets.token_hex(4)
            log.error("diagnosis failed (reference %s): %s", reference, failure_text(exc))
            message = f"an internal error (reference {reference}; the server log has the details)"
            blocks, text = error_blocks(message), "Sherlock could not finish"
        log.info(
            "answered channel=%s user=%s error=%s env=%s live=%s in %.0f ms",
            channel,
            user,
            error,
            environment,
            decision.live,
            (time.perf_counter() - started) * 1000,
        )
        await self._update(channel, ts, blocks, text)

    async def _diagnose(self, error: str, environment: str | None, *, fresh: bool) -> Diagnosis:
        """One diagnosis per (error, environment) at a time; later askers share it, and
        new questions within ``reuse_for`` seconds get the last one (Re-run never does)."""
        key = (error, environment)
        recent = self._recent.get(key)
        if not fresh and recent is not None and time.monotonic() - recent[0] < self.reuse_for:
            return recent[1]
        shared = self._inflight.get(key)
        if shared is None:
            shared = asyncio.ensure_future(
                asyncio.wait_for(
                    self.runner.diagnose(environment=environment, error=error),
                    self.diagnose_timeout,
                )
            )
            self._inflight[key] = shared
            shared.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(shared)

    def _forget(self, key: tuple[str, str | None], done: asyncio.Future[Diagnosis]) -> None:
        if self._inflight.get(key) is done:
            del self._inflight[key]
        if done.cancelled():
            return
        if done.exception() is None:  # retrieved here, so an unawaited failure is not logged
            self._recent[key] = (time.monotonic(), done.result())

    def _remember(
        self, channel: str, ts: str, diagnosis: Diagnosis, environment: str | None
    ) -> None:
        self._answers[(channel, ts)] = (diagnosis, environment)
        self._answers.move_to_end((channel, ts))
        while len(self._answers) > _REMEMBERED_ANSWERS:
            self._answers.popitem(last=False)

    @staticmethod
    def _ask_back(question: Question, missing: str, environments: Sequence[str]) -> list[Block]:
        note = question.unsupported
        if question.unknown_environment:
            known = ", ".join(environments)
            note = (
                f"There is no environment called {question.unknown_environment!r} in "
                f"sherlock.toml (known: {known})."
            )
        elif len(question.mentioned_environments) > 1:
            note = "You named more than one environment; pick one, or all of them."
        return ask_back_blocks(
            question.text,
            missing=missing,
            error=question.error or DEFAULT_ERROR,
            environments=environments,
            environment=question.environment,
            note=note,
        )

    # --- Slack calls ----------------------------------------------------------------------

    async def _post(
        self,
        channel: str,
        blocks: list[Block],
        text: str,
        thread_ts: str | None,
        dm_user: str | None = None,
    ) -> tuple[str, str] | None:
        """Post; if the channel refuses the app, post to the asker's DM instead."""
        blocks = sign_buttons(blocks, self._button_key)
        try:
            reply = await self.client.chat_postMessage(
                channel=channel, blocks=blocks, text=text, thread_ts=thread_ts
            )
        except SlackApiError as exc:
            error = exc.response.get("error")
            if dm_user and error in _UNPOSTABLE and channel != dm_user:
                log.info("cannot post in %s (%s); answering %s in a DM", channel, error, dm_user)
                return await self._post(dm_user, blocks, text, None)
            log.warning("chat.postMessage to %s failed: %s", channel, error)
            return None
        except Exception as exc:
            log.warning("chat.postMessage to %s failed: %s", channel, type(exc).__name__)
            return None
        return str(reply["channel"]), str(reply["ts"])

    async def _update(self, channel: str, ts: str, blocks: list[Block], text: str) -> None:
        """Replace a message; if it is gone, post the answer as a new one."""
        blocks = sign_buttons(blocks, self._button_key)
        try:
            await self.client.chat_update(channel=channel, ts=ts, blocks=blocks, text=text)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("chat.update in %s failed: %s", channel, error)
            if error == "message_not_found":
                await self._post(channel, blocks, text, None)
        except Exception as exc:
            log.warning("chat.update in %s failed: %s", channel, type(exc).__name__)
