"""What a rotation will touch, decided from ``sherlock.toml`` and discovery, before anything changes.

Targets are the places the config names for the environment: every ``stores`` URI and every
``rotate_files`` entry. Only those are written; a copy of the token anywhere else (a
service's own source, a file discovery found) is a *consumer*, checked before promotion and
never edited behind the owner's back. A consumer still holding the old token stops the
rotation before promotion, because promotion would break it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sherlock.config.load import LoadedConfig
from sherlock.config.schema import EnvironmentConfig
from sherlock.engine.decoys import split_decoys
from sherlock.engine.sources import gather_sources
from sherlock.errors import InputError
from sherlock.providers.twilio.client_probe import core
from sherlock.providers.twilio.grouping import group_credentials
from sherlock.rotate.aws_target import AwsTarget
from sherlock.rotate.gcp_target import GcpTarget
from sherlock.rotate.targets import FileTarget
from sherlock.rotate.vault_target import VaultTarget
from sherlock.secrets import Secret

AnyTarget = AwsTarget | VaultTarget | GcpTarget | FileTarget


@dataclass(frozen=True)
class Consumer:
    """One program's copy of the token, as discovery reads it (``service (path:line)``)."""

    label: str
    token: Secret
    username: str | None = None  # the API key SID, for API key consumers


@dataclass
class RotationPlan:
    """Everything ``rotate`` needs: the account, where to write, whom to check."""

    environment: str
    account: str
    region: str | None
    edge: str | None
    targets: list[AnyTarget]
    unsupported: list[str] = field(default_factory=list)

    def lines(self, consumers: list[Consumer]) -> list[str]:
        """The plan as printed: numbered steps, names and fingerprints, never a value."""
        written = ", ".join(t.name for t in self.targets) or "(none)"
        checked = ", ".join(c.label for c in consumers) or "(none found)"
        lines = [
            f"Rotation plan for environment {self.environment!r}, account {self.account}:",
            "  1. create a secondary Auth Token (Twilio accepts both tokens from now on)",
            f"  2. write it as a new version to: {written}",
            f"  3. verify every target and every consumer accepts it: {checked}",
            "  4. promote the secondary token (the old token stops working now)",
            "  5. verify every target again with the promoted token",
        ]
        lines += [
            f"  not writable yet, the rotation will refuse: {name}" for name in self.unsupported
        ]
        return lines

    def key_lines(self, consumers: list[Consumer], fields: tuple[str, str]) -> list[str]:
        """The API key plan: create, roll out, verify, delete the old key."""
        written = ", ".join(t.name for t in self.targets) or "(none)"
        checked = ", ".join(c.label for c in consumers) or "(none found)"
        return [
            f"API key rotation plan for environment {self.environment!r}, account {self.account}:",
            "  1. create a new Standard API key (the old key keeps working)",
            f"  2. write {fields[0]} and {fields[1]} together, as one new version, to: {written}",
            f"  3. verify every target and every consumer accepts the new key: {checked}",
            "  4. delete the old key (it stops working now)",
            "  5. verify every target again",
        ] + [f"  not writable yet, the rotation will refuse: {name}" for name in self.unsupported]


def environment_of(loaded: LoadedConfig, name: str) -> EnvironmentConfig:
    """The named environment, which must exist and name its account."""
    env = loaded.config.environments.get(name)
    if env is None:
        known = ", ".join(sorted(loaded.config.environments)) or "none"
        # --env is not quoted back: a token pasted there must not be echoed.
        raise InputError(f"no such environment in the config (environments: {known})")
    if env.account is None:
        raise InputError(f"environment {name!r} names no account; rotate needs its Account SID")
    return env


def build_plan(
    loaded: LoadedConfig, name: str, root: Path, store_environ: Mapping[str, str]
) -> RotationPlan:
    """The plan for one environment; no store or Twilio is contacted yet."""
    env = environment_of(loaded, name)
    base = loaded.base_dir or root
    targets: list[AnyTarget] = []
    unsupported: list[str] = []
    for ref in env.store_refs():
        if ref.scheme == "aws-sm":
            targets.append(AwsTarget(ref, loaded.config.stores.aws, store_environ))
        elif ref.scheme == "vault":
            targets.append(VaultTarget(ref, loaded.config.stores.vault, store_environ))
        elif ref.scheme == "gcp-sm":
            targets.append(GcpTarget(ref, loaded.config.stores, store_environ))
        else:
            unsupported.append(str(ref))
    targets += [FileTarget(base, spec) for spec in env.rotate_files]
    if not targets and not unsupported:
        raise InputError(
            f"environment {name!r} names no stores and no rotate_files: nowhere to write a new token"
        )
    return RotationPlan(name, env.account or "", env.region, env.edge, targets, unsupported)


async def find_consumers(
    root: Path,
    loaded: LoadedConfig,
    plan: RotationPlan,
    store_environ: Mapping[str, str],
    *,
    trust_config: bool = False,
    api_keys: bool = False,
) -> list[Consumer]:
    """Every Auth Token (or API key) copy discovery finds for the environment's account."""
    found = await gather_sources(
        root, loaded, process_env=None, store_environ=store_environ, trust_config=trust_config
    )
    values, _ = split_decoys(found.values, found.claimed_paths)
    consumers: dict[tuple[str, str], Consumer] = {}
    for cset in group_credentials(values):
        if cset.environment != plan.environment or cset.uses_api_key != api_keys:
            continue
        sid = cset.account_sid
        if sid is not None and core(sid.value.reveal()) != plan.account:
            continue
        if cset.password is None:
            continue
        user = cset.api_key_sid
        username = core(user.value.reveal()) if api_keys and user is not None else None
        label = f"{cset.service} ({cset.password.location})"
        found_one = Consumer(label, cset.password.value, username)
        consumers.setdefault((label, cset.password.fingerprint), found_one)
    return sorted(consumers.values(), key=lambda c: c.label)
