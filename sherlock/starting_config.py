"""``sherlock init``: a starting ``sherlock.toml`` written from what discovery finds.

Writing a config by hand means re-typing what Sherlock already knows (which environments and
services exist, which files each reads), so ``init`` runs discovery (no live calls, no store
reads) and writes that down, leaving every judgement call (regions, stores, the front ends)
as a commented example the user can uncomment as it stands.

Rules that keep the file trustworthy:

* It never holds a value that authenticates. Only Account SIDs are written (identifiers are
  not secret), and only when the value is exactly SID-shaped, so a token pasted into a SID
  field can never end up here.
* ``account`` is filled in only when every credential set of an environment agrees on one
  SID; otherwise the candidates are listed as comments for a human to choose.
* A generated config must not change the diagnosis. The engine relabels every value of a
  listed file with the service that lists it, so a file holding values of several services
  (a compose file with two services) is left to discovery rather than listed twice.
* Names, paths and comments are escaped so that no file or folder name can break the TOML
  or smuggle in a line of its own; file sources are glob patterns, so glob characters in a
  real file name are escaped too.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sherlock.collect import collect_tree
from sherlock.config.schema import EnvSource, FileSource, parse_source
from sherlock.engine.decoys import split_decoys
from sherlock.engine.scrub import secrets_of
from sherlock.engine.sources import settle_values
from sherlock.models import FoundValue
from sherlock.providers.twilio.credentials import strip_junk
from sherlock.providers.twilio.grouping import group_credentials
from sherlock.providers.twilio.records import CredentialSet
from sherlock.secrets import REDACTED, KnownSecrets

_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,40}")
_STRING_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_LISTED_IN_COMMENT = 8


@dataclass(frozen=True)
class ServicePlan:
    """One service: the sources to write, and files left to discovery because others share them."""

    name: str
    sources: tuple[str, ...]
    shared: tuple[str, ...] = ()
    unwritable: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnvironmentPlan:
    """One environment. ``account`` is set only when every credential set agrees on it;
    ``candidates`` are the SID-shaped Account SIDs seen, most used first."""

    name: str
    services: tuple[ServicePlan, ...]
    account: str | None
    candidates: tuple[str, ...]
    sets: int
    sets_without_sid: int


@dataclass(frozen=True)
class StartingConfig:
    """What ``sherlock init`` learned from the tree, before it becomes text."""

    environments: tuple[EnvironmentPlan, ...]
    decoys: tuple[str, ...] = ()
    noted: tuple[str, ...] = ()

    @property
    def service_count(self) -> int:
        return sum(len(env.services) for env in self.environments)

    @property
    def source_count(self) -> int:
        return sum(len(svc.sources) for env in self.environments for svc in env.services)


# ── TOML text ────────────────────────────────────────────────────────────────────────────


def _utf8_safe(text: str) -> str:
    """File names that are not UTF-8 arrive with lone surrogates, which TOML cannot hold."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def toml_string(text: str) -> str:
    """A TOML basic string for any text (control characters escaped)."""
    out = []
    for char in _utf8_safe(text):
        if char in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(name: str) -> str:
    """A bare key when TOML allows one (``prod``), else a quoted one (``"api.v2"``)."""
    return name if _BARE_KEY.fullmatch(name) else toml_string(name)


def comment_text(text: str) -> str:
    """Text safe inside a ``#`` comment: one line, no control characters."""
    return "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in _utf8_safe(text)
    )


def _shown(items: Iterable[str]) -> str:
    listed = list(items)
    head = ", ".join(comment_text(i) for i in listed[:_LISTED_IN_COMMENT])
    more = len(listed) - _LISTED_IN_COMMENT
    return head + (f" and {more} more" if more > 0 else "")


# ── from discovery to a plan ─────────────────────────────────────────────────────────────


def file_pattern(relpath: str) -> str:
    """A glob pattern that matches exactly this file: glob characters, a leading ``env:``
    (which would read as a variable) and edge whitespace (which would be trimmed) escaped."""
    pattern = glob.escape(relpath)
    if pattern.startswith("env:") or pattern[:1].isspace():
        pattern = f"[{pattern[0]}]{pattern[1:]}"
    if pattern[-1:].isspace():
        pattern = f"{pattern[:-1]}[{pattern[-1]}]"
    return pattern


def _source_for(location: str, root: Path, base_dir: Path) -> str | None:
    """The ``sources`` entry for a value's location, or None if no entry can name it."""
    if location.startswith("env:"):
        candidate = location
    elif "://" in location:
        return None  # discovery here reads no stores; nothing else has a URI for a location
    else:
        target = os.path.relpath(os.path.join(root, location), base_dir)
        candidate = file_pattern(target.replace(os.sep, posixpath.sep))
    try:
        parsed = parse_source(candidate)
    except ValueError:
        return None
    return candidate if isinstance(parsed, FileSource | EnvSource) else None


def _account(cset: CredentialSet) -> str | None:
    if cset.account_sid is None:
        return None
    # Cleaned as the environment check cleans it, so a filled-in account never disagrees
    # with a set over a stray quote or newline (those have causes of their own).
    sid = strip_junk(cset.account_sid.value.reveal())
    return sid if _ACCOUNT_SID.fullmatch(sid) else None


def _environment(
    name: str,
    services: Mapping[str, list[FoundValue]],
    sets: list[CredentialSet],
    owners: Mapping[str, set[tuple[str, str]]],
    root: Path,
    base_dir: Path,
) -> EnvironmentPlan:
    plans = []
    for service, values in sorted(services.items()):
        listed: set[str] = set()
        shared: set[str] = set()
        unwritable: set[str] = set()
        for value in values:
            path = value.location.path
            if len(owners[path]) > 1:
                shared.add(path)
                continue
            source = _source_for(path, root, base_dir)
            if source is None:
                unwritable.add(path)
            else:
                listed.add(source)
        plans.append(ServicePlan(service, _sorted(listed), _sorted(shared), _sorted(unwritable)))
    accounts = [_account(s) for s in sets]
    counts = Counter(a for a in accounts if a is not None)
    candidates = tuple(sid for sid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    agreed = candidates[0] if len(candidates) == 1 and None not in accounts else None
    return EnvironmentPlan(
        name=name,
        services=tuple(plans),
        account=agreed,
        candidates=candidates,
        sets=len(sets),
        sets_without_sid=accounts.count(None),
    )


def _sorted(items: set[str]) -> tuple[str, ...]:
    return tuple(sorted(items))


def plan_starting_config(
    root: Path,
    *,
    process_env: Mapping[str, str] | None = None,
    base_dir: Path | None = None,
) -> StartingConfig:
    """Discovery (offline, no stores) reduced to environments, services and their sources.

    ``base_dir`` is the directory the config will live in (default ``root``): file sources
    are written relative to it, as the loader reads them.
    """
    collected = collect_tree(root, process_env=process_env)
    settled, _unused = settle_values(collected.values, root=root)
    real, _notes = split_decoys(settled)
    kept = {id(v) for v in real}
    decoys = sorted({v.location.path for v in settled if id(v) not in kept})
    by_env: dict[str, dict[str, list[FoundValue]]] = defaultdict(lambda: defaultdict(list))
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for value in real:
        by_env[value.environment][value.service].append(value)
        owners[value.location.path].add((value.environment, value.service))
    sets_by_env: dict[str, list[CredentialSet]] = defaultdict(list)
    for cset in group_credentials(real):
        sets_by_env[cset.environment].append(cset)
    base = Path(os.path.abspath(base_dir if base_dir is not None else root))
    here = Path(os.path.abspath(root))
    environments = tuple(
        _environment(name, services, sets_by_env[name], owners, here, base)
        for name, services in sorted(by_env.items())
    )
    noted = tuple(sorted({note.location for note in collected.notes}))
    plan = StartingConfig(environments, tuple(decoys), noted)
    return _without_secrets(plan, KnownSecrets(secrets_of(collected.values)))


def _without_secrets(plan: StartingConfig, known: KnownSecrets) -> StartingConfig:
    """The plan with every secret of the tree taken out of names and paths: a folder, a
    service or a Kubernetes object can be named with a token, and the config is a file
    people commit. In file patterns the secret becomes ``*``, so the pattern still matches."""
    if not known:
        return plan

    def names(items: tuple[str, ...], marker: str = REDACTED) -> tuple[str, ...]:
        return tuple(known.mask(item, marker) for item in items)

    environments = tuple(
        dataclasses.replace(
            env,
            name=known.mask(env.name),
            services=tuple(
                dataclasses.replace(
                    svc,
                    name=known.mask(svc.name),
                    sources=names(svc.sources, "*"),
                    shared=names(svc.shared),
                    unwritable=names(svc.unwritable),
                )
                for svc in env.services
            ),
        )
        for env in plan.environments
    )
    return StartingConfig(environments, names(plan.decoys), names(plan.noted))


# ── from a plan to text ──────────────────────────────────────────────────────────────────

_HEADER = """\
# sherlock.toml: written by `sherlock init` from what discovery found in this tree.
# The environments and services below are Sherlock's reading of paths and names: review them.
# This file names places, never values: keep tokens and secrets out of it.
#
# A `sources` entry is one of (files are relative to this file's directory):
#   "services/api/.env.production"               a file; glob patterns such as "k8s/prod/*.yaml" work
#   "env:TWILIO_AUTH_TOKEN"                      a variable of the environment Sherlock runs in
#   "aws-sm://prod/twilio#authToken"             AWS Secrets Manager: aws-sm://ID[#JSON key]
#   "vault://secret/twilio/prod#auth_token"      Vault KV v2: vault://MOUNT/PATH[#key]
#   "gcp-sm://projects/acme/secrets/twilio#auth_token"   GCP: gcp-sm://projects/P/secrets/S[#key]
# Lines such as `#region = "us1"` are examples: remove the `#` to use them as they stand.
#
# discovery = true: `sherlock diagnose` still walks the whole tree, and the values of a file
# listed below belong to the service that lists it. false: only the sources named here are read.
discovery = true
"""

_EMPTY = """\
# No Twilio credentials were found under this directory. An environment looks like this
# (account = the Account SID it should use, "AC" and 32 hex digits):
#[environments.prod]
#region = "us1"
#stores = ["aws-sm://prod/twilio#authToken"]
#
#[environments.prod.services.api]
#sources = ["services/api/.env.production", "env:TWILIO_AUTH_TOKEN"]
"""

_SETTINGS = """\
# ── Secret stores: only needed when a source or `stores` entry names one ────────────────
# Unset keys fall back to each SDK's own settings (shown in each table's comment).
# An endpoint set here (url, endpoint_url, endpoint) is used only with --trust-config while
# this file sits inside the scanned tree, and must be https:// unless it is loopback.
#[stores.aws]                      # default: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_*
#region = "eu-west-1"
#profile = "deploy"
#endpoint_url = "http://127.0.0.1:5000"
#
#[stores.vault]                    # default: VAULT_ADDR, VAULT_NAMESPACE, VAULT_TOKEN or
#                                  # VAULT_ROLE_ID + VAULT_SECRET_ID (AppRole)
#url = "https://vault.example.com:8200"
#namespace = "admin"
#auth = "token"                    # default: token if VAULT_TOKEN is set, else "approle"
#approle_mount = "approle"         # default
#
#[stores.gcp]                      # default: Application Default Credentials
#endpoint = "http://127.0.0.1:8085"  # a local stand-in; default: Google's API
#credentials = "default"           # default (ADC); or "anonymous"

# ── `sherlock serve`: the HTTP API (defaults shown) ──────────────────────────────────────
#[server]
#host = "127.0.0.1"
#port = 8080
#token_env = "SHERLOCK_API_TOKEN"  # the variable holding the API bearer token, not the token

# ── The Slack app: names of the variables holding its secrets (defaults shown) ──────────
#[slack]
#bot_token_env = "SLACK_BOT_TOKEN"
#signing_secret_env = "SLACK_SIGNING_SECRET"
#app_token_env = "SLACK_APP_TOKEN"
#alert_channel = "#twilio-alerts"  # where alerts from webhooks are posted; default: none
# Live checks from Slack run only in these channels and for these people (IDs); everyone
# else gets the general explanation. Default: empty.
#allowed_channels = ["C0123456789"]
#allowed_users = ["U0123456789"]
"""


def _account_lines(env: EnvironmentPlan) -> list[str]:
    name = comment_text(env.name)
    if env.account is not None:
        return [
            f"# Every credential set found in {name} uses this Account SID.",
            f"account = {toml_string(env.account)}",
        ]
    if not env.candidates:
        return [
            f"# account: the Account SID {name} should use (AC and 32 hex digits); discovery",
            "# found none it could read.",
        ]
    lines = [f"# account: the credential sets of {name} do not agree on one Account SID:"]
    if len(env.candidates) > 1:
        lines.append(f"# {len(env.candidates)} different ones ({_shown(env.candidates)}).")
    if env.sets_without_sid:
        lines.append(f"# {env.sets_without_sid} of {env.sets} set(s) have no Account SID.")
    lines.append("# Uncomment the one it should use:")
    lines.append(f"#account = {toml_string(env.candidates[0])}")
    return lines


def _stores_example(env_name: str) -> list[str]:
    slug = env_name.lower() if _LABEL.fullmatch(env_name) else "ENV"
    return [
        "# Secret-store secrets this environment's credentials live in (one URI per secret):",
        "#stores = [",
        f'#  "aws-sm://{slug}/twilio#authToken",',
        f'#  "vault://secret/twilio/{slug}#auth_token",',
        f'#  "gcp-sm://projects/acme/secrets/twilio-{slug}#auth_token",',
        "#]",
    ]


def _service_lines(env: EnvironmentPlan, service: ServicePlan) -> list[str]:
    lines = ["", f"[environments.{toml_key(env.name)}.services.{toml_key(service.name)}]"]
    if service.shared:
        lines.append(
            f"# Also reads {_shown(service.shared)}, which other services' values share: "
            "left to discovery."
        )
    if service.unwritable:
        lines.append(f"# Also reads {_shown(service.unwritable)} (cannot be written as a source).")
    if not service.sources:
        lines.append("sources = []")
        return lines
    lines.append("sources = [")
    lines.extend(f"  {toml_string(source)}," for source in service.sources)
    lines.append("]")
    return lines


def _environment_lines(env: EnvironmentPlan) -> list[str]:
    lines = [
        "",
        f"# ── {comment_text(env.name)}: {len(env.services)} service(s) ──",
        f"[environments.{toml_key(env.name)}]",
        *_account_lines(env),
        '#region = "us1"                   # the region its clients should use (us1, ie1, au1)',
        '#edge = "ashburn"                 # and the edge (ashburn; dublin for ie1; sydney for au1)',
        *_stores_example(env.name),
    ]
    for service in env.services:
        lines += _service_lines(env, service)
    return lines


def render_plan(plan: StartingConfig) -> str:
    """The commented ``sherlock.toml`` text of a plan."""
    lines = [_HEADER.rstrip("\n")]
    if plan.decoys:
        lines += [
            "",
            f"# Left out: values in {len(plan.decoys)} example/fixture/docs file(s), which "
            "`sherlock diagnose` ignores too:",
            f"# {_shown(plan.decoys)}",
        ]
    if plan.noted:
        lines += [
            "",
            f"# Discovery left notes on {len(plan.noted)} place(s) (skipped or unreadable files, "
            "values set twice);",
            f"# `sherlock diagnose` shows them: {_shown(plan.noted)}",
        ]
    if not plan.environments:
        lines += ["", _EMPTY.rstrip("\n")]
    for env in plan.environments:
        lines += _environment_lines(env)
    lines += ["", _SETTINGS.rstrip("\n")]
    return "\n".join(lines) + "\n"


def render_starting_config(
    root: Path,
    *,
    process_env: Mapping[str, str] | None = None,
    base_dir: Path | None = None,
) -> str:
    """A commented starting ``sherlock.toml`` for the tree at ``root`` (see the module doc)."""
    return render_plan(plan_starting_config(root, process_env=process_env, base_dir=base_dir))
