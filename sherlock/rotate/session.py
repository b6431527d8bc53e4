"""One ``sherlock rotate`` invocation: plan, or apply (fresh or resumed), from one request.

The CLI and the tests both come through :func:`rotate`, so what the tests kill and resume
is exactly what a user runs. Without ``apply`` nothing is written and Twilio is not
called: the plan is printed from the config, the stores' names and discovery alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sherlock.config.load import LoadedConfig
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.hosts import check_base_url
from sherlock.rotate.admin import TwilioAdmin
from sherlock.rotate.aws_target import AwsTarget
from sherlock.rotate.errors import RotationError
from sherlock.rotate.gcp_target import GcpTarget
from sherlock.rotate.journal import Journal
from sherlock.rotate.keysteps import KeyRotation
from sherlock.rotate.plan import Consumer, RotationPlan, build_plan, find_consumers
from sherlock.rotate.steps import Hook, Rotation
from sherlock.rotate.vault_target import VaultTarget
from sherlock.secrets import Secret
from sherlock.stores.access import TRUST_OPTION, untrusted_overrides

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class RotateRequest:
    """What to rotate and how; ``store_environ`` holds the AWS_* settings for the stores."""

    root: Path
    environment: str
    config: LoadedConfig
    store_environ: Mapping[str, str]
    apply: bool = False
    resume: bool = False
    journal_path: Path | None = None
    twilio_base_url: str | None = None
    timeout: float = 10.0
    trust_config: bool = False
    api_key: bool = False  # rotate the environment's API key instead of its Auth Token
    key_fields: tuple[str, str] = ("TWILIO_API_KEY", "TWILIO_API_SECRET")
    admin_token: Secret | None = None  # the Auth Token that creates and deletes keys

    @property
    def journal_file(self) -> Path:
        if self.journal_path is not None:
            return self.journal_path
        name = _UNSAFE.sub("_", self.environment) + ("-api-key" if self.api_key else "")
        return self.root / ".sherlock" / f"rotation-{name}.json"

    @property
    def resume_hint(self) -> str:
        kind = " --api-key" if self.api_key else ""
        return f"run `sherlock rotate --env {self.environment}{kind} --apply --resume` again"


def _open_journal(request: RotateRequest, plan: RotationPlan) -> Journal:
    """The journal to continue (``--resume``) or a fresh one; never two rotations at once."""
    path = request.journal_file
    if request.resume:
        journal = Journal.load(path)
        if (journal.environment, journal.account) != (plan.environment, plan.account):
            raise RotationError(f"the journal {path} is for another environment or account")
        return journal
    if path.exists():
        existing = Journal.load(path)
        if not existing.finished:
            raise RotationError(
                f"a rotation of {existing.environment!r} is unfinished (journal {path}); "
                "continue it with --resume"
            )
    return Journal(path, plan.environment, plan.account)


async def rotate(
    request: RotateRequest, say: Callable[[str], None], hook: Hook | None = None
) -> None:
    """Print the plan; with ``apply``, run (or resume) the rotation. Raises RotationError."""
    if request.twilio_base_url is not None:
        check_base_url(request.twilio_base_url)  # refused before anything, plan included
    plan = build_plan(request.config, request.environment, request.root, request.store_environ)
    _refuse_moved_stores(request, plan)

    async def consumers() -> list[Consumer]:
        return await find_consumers(
            request.root,
            request.config,
            plan,
            request.store_environ,
            trust_config=request.trust_config,
            api_keys=request.api_key,
        )

    found = await consumers()
    lines = plan.key_lines(found, request.key_fields) if request.api_key else plan.lines(found)
    for line in lines:
        say(line)
    if not request.apply:
        say("Nothing was changed. Run again with --apply to rotate.")
        return
    _refuse_unwritable(plan)
    journal = _open_journal(request, plan)
    async with (
        TwilioAdmin(base_url=request.twilio_base_url, timeout=request.timeout) as admin,
        TwilioVerifier(
            base_url=request.twilio_base_url, timeout=request.timeout, cache_ttl=0.0
        ) as verifier,
    ):
        rotation: Rotation | KeyRotation
        if request.api_key:
            rotation = KeyRotation(
                plan,
                journal,
                admin,
                verifier,
                consumers,
                say,
                fields=request.key_fields,
                admin_token=request.admin_token,
            )
        else:
            rotation = Rotation(plan, journal, admin, verifier, consumers, say)
        rotation.resume_hint = request.resume_hint
        if hook is not None:
            rotation.hook = hook
        await rotation.run()


def _refuse_unwritable(plan: RotationPlan) -> None:
    """Refuse before any change what the rotation could not finish."""
    if plan.unsupported:
        raise RotationError(
            "cannot write to " + ", ".join(plan.unsupported) + " yet; nothing was changed"
        )


def _refuse_moved_stores(request: RotateRequest, plan: RotationPlan) -> None:
    """A sherlock.toml inside the tree may not point a store the rotation writes elsewhere:
    the write would carry the store credentials and the new token to the tree author's
    endpoint. Diagnose skips such stores; a rotation cannot skip a target, so it refuses."""
    moved = untrusted_overrides(request.config, request.root, trust_config=request.trust_config)
    used = {
        t.ref.scheme for t in plan.targets if isinstance(t, AwsTarget | VaultTarget | GcpTarget)
    }
    keys = sorted(key for scheme, key in moved.items() if scheme in used)
    if keys:
        raise RotationError(
            f"the sherlock.toml inside the tree sets {', '.join(keys)}; a config inside the "
            f"tree may not send store credentials elsewhere. Run with {TRUST_OPTION} if you "
            "trust it; nothing was changed"
        )
