"""Serverless Functions projects deployed with twilio-run (``twilio serverless:deploy``):
``.twilioserverlessrc`` and the env file it makes twilio-run load.

twilio-run finds its config with cosmiconfig under the module name ``twilioserverless``
(``.twilioserverlessrc``, ``.twilioserverlessrc.json``/``.json5``, read as JSON5): the flags
at the top level, per-environment flags under ``environments.<name>``, per-account flags under
``projects.<AccountSid>`` and per-command ones under ``commands.<command>``. Two flags matter
here: ``accountSid``/``authToken`` (credentials written in place, values here) and ``env`` (the
env file to load, ``.env`` by default). From that env file, twilio-run's
``getCredentialsFromFlags`` takes the deploy credentials under the unprefixed names
``ACCOUNT_SID`` and ``AUTH_TOKEN`` only (a CLI profile or a flag overrides them), so each
loaded env file gives two :class:`~sherlock.collect.readings.CodeReading` records: a file that
sets ``TWILIO_ACCOUNT_SID`` instead is read by nothing at deploy time. The environment is the
``environments`` key, else the ``environment`` flag, else twilio-run's default ``dev``.
``accountSid``/``authToken`` are twilio-run 2.x flag names; 3.x renamed them ``username``/
``password`` and its ``readSpecializedConfig`` drops those from the rc (``EXCLUDED_FLAGS``), so
credentials written in the rc deploy only with 2.x. The commands package.json scripts run
(``--env``, ``--environment``, credential flags) are read by
:mod:`sherlock.collect.twilio_run_scripts`.

The env files themselves are read by the env-file collector. Their bare names count as
Twilio's because the pair is there with an Account SID under one of its names: under
``ACCOUNT_SID`` as written, or under ``AUTH_TOKEN`` when the two values were pasted crosswise
(the provider's vocabulary reads both as a Twilio unit), so a swapped file gives the set as
twilio-run sends it (token as username), which the swapped-fields re-reading then proves.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_text
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_config import project_service
from sherlock.collect.readings import CodeReading
from sherlock.collect.walk import resolve_reference
from sherlock.models import Location, Note

READER = "twilio-run"
RC_NAMES = frozenset(
    {".twilioserverlessrc", ".twilioserverlessrc.json", ".twilioserverlessrc.json5"}
)
_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:")
_CREDENTIAL_FLAGS = ("accountSid", "authToken")
DEPLOY_NAMES = {"account_sid": "ACCOUNT_SID", "auth_token": "AUTH_TOKEN"}


def json5_object(text: str) -> dict[str, Any] | None:
    """The subset of JSON5 these files use: comments, trailing commas, bare keys."""

    def keep(match: re.Match[str]) -> str:
        found = match.group()
        return found if found.startswith('"') else re.sub(r"[^\n]", " ", found)

    clean = _COMMENTS.sub(keep, text.removeprefix("\ufeff"))
    clean = _BARE_KEY.sub(r'\1"\2":', _TRAILING_COMMA.sub(r"\1", clean))
    data = json.loads(clean)
    return data if isinstance(data, dict) else None


def _line_of(text: str, key: str, after: int = 0) -> int:
    match = re.search(r"[\"']?" + re.escape(key) + r"[\"']?\s*:", text[after:])
    return text.count("\n", 0, after + match.start()) + 1 if match else 1


def sections(data: dict[str, Any], default_env: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, environment, flags) for the top level and each environment/project/command."""
    yield "", default_env, data
    for group in ("environments", "projects", "commands"):
        block = data.get(group)
        if not isinstance(block, dict):
            continue
        for name, flags in block.items():
            if isinstance(flags, dict):
                label = (
                    environment_from_text(name) or name if group == "environments" else default_env
                )
                yield f"{group}.{name}", label, flags


class TwilioFunctionsCollector:
    """Reads ``.twilioserverlessrc``: its credentials and the env files twilio-run loads."""

    name = "twilio-functions"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] in RC_NAMES

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        try:
            data = json5_object(text)
        except (json.JSONDecodeError, RecursionError):
            return CollectResult(
                notes=[Note(source.relpath, "not JSON5 twilio-run can read; not read")]
            )
        if data is None:
            return CollectResult()
        folder = posixpath.dirname(source.relpath)
        service = project_service(folder, ctx.root_name)
        default_env = environment_from_text(str(data.get("environment") or "dev")) or "dev"
        result = CollectResult()
        for path, environment, flags in sections(data, default_env):
            result.extend(self._section(source.relpath, text, path, environment, flags, service))
        return result

    @staticmethod
    def _section(
        relpath: str, text: str, path: str, environment: str, flags: dict[str, Any], service: str
    ) -> CollectResult:
        result = CollectResult()
        start = text.find(path.rsplit(".", 1)[-1]) if path else 0
        entries = [
            Entry(
                f"{path}.{flag}".lstrip("."),
                str(flags[flag]),
                Location(relpath, _line_of(text, flag, max(start, 0)), key=flag),
            )
            for flag in _CREDENTIAL_FLAGS
            if isinstance(flags.get(flag), str) and flags[flag]
        ]
        scope = relpath if not path else f"{relpath} [{path}]"
        unit = Unit(scope, "twilio-functions", READER, environment, service, hints=(relpath,))
        result.extend(emit(entries, unit))
        env_file = (
            flags.get("env") if isinstance(flags.get("env"), str) else (None if path else ".env")
        )
        if env_file:
            line = _line_of(text, "env", max(start, 0)) if flags.get("env") else 1
            where = Location(relpath, line, key=f"{path}.env".lstrip("."))
            target = resolve_reference(posixpath.dirname(relpath), env_file) or env_file
            for slot, name in DEPLOY_NAMES.items():
                reader = f"{READER} (loads {target})"
                result.readings.append(CodeReading(slot, name, service, environment, where, reader))
        return result
