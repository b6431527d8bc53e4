"""Twilio CLI profiles: ``config.json`` under ``.twilio-cli/`` or any ``config.json`` with a
``profiles`` key.

Since CLI 3.0 the profile secrets live in that file (``~/.twilio-cli/config.json``, folder
overridable with ``TWILIO_CONFIG_DIR``). Each profile is its own scope with the fields the
CLI uses: ``accountSid``, ``apiKey``, ``apiSecret``, ``region`` and ``edge``. A profile whose
name spells an environment (``prod``, ``staging``...) is filed under it; the service is
always "twilio-cli". JSON keeps no line numbers, so lines are found by searching for the
profile and then the key after it in the text.

Precedence (twilio-cli's "Precedence of stored credentials": ``-p`` profile, then environment
variables, then the active profile): when the process environment Sherlock was given holds
the CLI's environment credential (``TWILIO_ACCOUNT_SID`` with ``TWILIO_AUTH_TOKEN``, or with
``TWILIO_API_KEY`` and ``TWILIO_API_SECRET``), those values are what ``twilio`` without ``-p``
sends, so they are layered over the active profile (``activeProfile``/``activeProject``,
else the first one) and the profile's own values are kept as shadowed evidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, environment_from_text, pick_environment
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.models import Location, Note

CONSUMER = "twilio-cli"
PROFILE_KEYS = ("accountSid", "authToken", "apiKey", "apiSecret", "region", "edge")
ENV_LAYER = "environment variables (used when no -p is given)"
ENV_SLOTS = (
    ("TWILIO_ACCOUNT_SID", "accountSid"),
    ("TWILIO_AUTH_TOKEN", "authToken"),
    ("TWILIO_API_KEY", "apiKey"),
    ("TWILIO_API_SECRET", "apiSecret"),
)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _key_at(text: str, key: str, start: int) -> int:
    """Offset of ``"key":`` at or after ``start``, or -1."""
    found = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:").search(text, start)
    return found.start() if found else -1


def locate(text: str, profile: str, key: str) -> int | None:
    """The line of ``key`` inside ``profile`` under ``profiles``, found by text search."""
    start = _key_at(text, "profiles", 0)
    at = _key_at(text, profile, start) if start >= 0 else -1
    if at < 0:
        return None
    found = _key_at(text, key, at)
    return _line_of(text, found if found >= 0 else at)


def environment_credential(environ: Mapping[str, str] | None) -> list[Entry]:
    """The CLI's credential from environment variables, as profile slots; [] when incomplete."""
    env = environ or {}
    has_token = "TWILIO_AUTH_TOKEN" in env
    has_key = "TWILIO_API_KEY" in env and "TWILIO_API_SECRET" in env
    if "TWILIO_ACCOUNT_SID" not in env or not (has_token or has_key):
        return []
    return [
        Entry(name, env[name], Location(f"env:{name}"), layer=ENV_LAYER, slot=slot)
        for name, slot in ENV_SLOTS
        if name in env
    ]


def active_profile(data: dict[str, Any], profiles: dict[str, Any]) -> str | None:
    """The profile ``twilio`` uses without ``-p``: the one marked active, else the first."""
    for marker in ("activeProfile", "activeProject"):
        if isinstance(data.get(marker), str) and data[marker] in profiles:
            return str(data[marker])
    return next((str(name) for name in profiles), None)


def _profile(
    name: str, body: dict[str, Any], source: SourceFile, text: str, over: list[Entry]
) -> CollectResult:
    layer = f"profile {name} ({source.relpath})"
    # with the environment credential in force the CLI reads nothing else of the profile
    keys = {e.binds for e in over} if over else set(PROFILE_KEYS)
    entries = [
        Entry(key, body[key], Location(source.relpath, locate(text, name, key)), layer=layer)
        for key in PROFILE_KEYS
        if isinstance(body.get(key), str) and key in keys
    ]
    entries += over
    environment = pick_environment(
        environment_from_text(name), environment_from_path(source.relpath)
    )
    scope = f"twilio-cli:{name}@{source.relpath}"
    unit = Unit(scope, "twilio-cli", CONSUMER, environment, "twilio-cli", ("twilio",))
    return emit(entries, unit)


class TwilioCliCollector:
    """Reads every profile of a Twilio CLI configuration file."""

    name = "twilio-cli"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] == "config.json"

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and b'"profiles"' in head

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        try:
            data = json.loads(text.removeprefix("\ufeff"))
        except json.JSONDecodeError as exc:
            return CollectResult(
                notes=[Note(source.relpath, f"not valid JSON (line {exc.lineno}): {exc.msg}")]
            )
        profiles = data.get("profiles") if isinstance(data, dict) else None
        result = CollectResult()
        if isinstance(profiles, dict):
            active = active_profile(data, profiles)
            env = environment_credential(ctx.process_env)
            for name, body in profiles.items():
                if isinstance(body, dict):
                    over = env if str(name) == active else []
                    result.extend(_profile(str(name), body, source, text, over))
        return result
