"""API key rotation: create a key, roll it out, verify, delete the old one.

The same shape as the Auth Token rotation (:mod:`.steps`), with the old key in the role of
the old token: both keys work from ``create-key`` until ``delete-old-key``, so every target
can take the new pair (SID and secret written together, as one new version or one file
write, never half a pair) while consumers still using the old one keep working. The old
key is deleted only after every target and every consumer discovery finds holds the new
key and Twilio accepts it.

The journal records key SIDs (identifiers, shown in the Console too) and fingerprints of
secrets, never a secret: the new secret lives only in the targets. If the rotation dies
after Twilio created a key but before any target held it, the resumed run deletes that
key (its secret is gone) and creates another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sherlock.models import Outcome
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.providers.twilio.hosts import api_host
from sherlock.rotate.admin import TwilioAdmin
from sherlock.rotate.errors import RotationError
from sherlock.rotate.journal import Journal
from sherlock.rotate.plan import Consumer, RotationPlan
from sherlock.rotate.steps import ConsumerFinder, Hook, _no_hook, stopped, verdict_problem
from sherlock.rotate.targets import FieldTarget
from sherlock.secrets import Secret

Pair = tuple[str, Secret]
KEY_STILL_SAFE = (
    "Stopped before deleting the old key: it still works, and targets already written hold "
    "the new key, which works too."
)


@dataclass
class KeyRotation:
    """One rotation of an environment's API key, resumable from its journal."""

    plan: RotationPlan
    journal: Journal
    admin: TwilioAdmin
    verifier: TwilioVerifier
    consumers: ConsumerFinder
    say: Callable[[str], None]
    fields: tuple[str, str]
    admin_token: Secret | None
    hook: Hook = _no_hook
    resume_hint: str = "sherlock rotate --env ENV --api-key --apply --resume"
    _old_key: str | None = field(default=None, init=False)

    @property
    def targets(self) -> list[FieldTarget]:
        return list(self.plan.targets)

    async def run(self) -> None:
        if self.journal.finished:
            self.say("This rotation already finished; nothing to do.")
            return
        self._old_key = await self._old_pair()
        new = await self._new_key()
        await self._write_all(new)
        if not self.journal.done("delete-old-key"):
            await self._verify_before(new)
            await self._delete_old()
        await self._verify_after(new)

    # -- helpers -----------------------------------------------------------------------------

    async def outcome(self, pair: Pair) -> Outcome:
        probe = ProbeRequest(
            username=Secret(pair[0], identifier=True),
            password=pair[1],
            account_sid=Secret(self.plan.account, identifier=True),
            region=self.plan.region,
            edge=self.plan.edge,
        )
        return (await self.verifier.verify(probe)).outcome

    def _pair(self, target: FieldTarget) -> Pair | None:
        found = target.read_fields(self.fields)
        sid, secret = found.get(self.fields[0]), found.get(self.fields[1])
        return (sid.reveal().strip(), secret) if sid is not None and secret is not None else None

    def _admin(self) -> Secret:
        if self.admin_token is None:
            raise RotationError(
                "creating and deleting API keys needs the account's Auth Token: set "
                "TWILIO_AUTH_TOKEN (or name another variable with --admin-token-env)"
            )
        return self.admin_token

    @property
    def _host(self) -> str:
        return api_host(self.plan.region, self.plan.edge)

    # -- steps -------------------------------------------------------------------------------

    async def _old_pair(self) -> str | None:
        """The key in use: the one working pair the targets hold."""
        if self.journal.done("preflight"):
            return self.journal.fact("preflight", "old_key")
        working: dict[str, Pair] = {}
        for target in self.targets:
            pair = self._pair(target)
            if pair is None:  # never add a key pair to a file or secret that held none
                raise RotationError(
                    f"{target.name} does not hold both {self.fields[0]} and {self.fields[1]}; "
                    "nothing was changed"
                )
            verdict = await self.outcome(pair)
            if verdict is Outcome.VALID:
                working.setdefault(pair[0], pair)
            elif verdict is Outcome.UNVERIFIED:
                raise RotationError(
                    f"could not verify {target.name} with Twilio (network or Twilio trouble, "
                    "not a verdict on the key); nothing was changed, try again later"
                )
        if len(working) != 1:
            found = "no working API key" if not working else "two different working API keys"
            raise RotationError(f"the targets hold {found}; nothing was changed")
        key_sid, secret = next(iter(working.values()))
        self.journal.old_fingerprint = secret.fingerprint
        self.journal.record("preflight", old_key=key_sid, old_fingerprint=secret.fingerprint)
        self.say(f"Current API key {key_sid} is accepted by Twilio.")
        return key_sid

    def _find_new(self) -> Pair | None:
        key_sid = self.journal.fact("create-key", "key")
        for target in self.targets:
            pair = self._pair(target)
            fingerprint = self.journal.secondary_fingerprint
            if pair and pair[0] == key_sid and pair[1].fingerprint == fingerprint:
                return pair
        return None

    async def _new_key(self) -> Pair:
        if self.journal.done("create-key"):
            found = self._find_new()
            if found is not None:
                return found
            lost = self.journal.fact("create-key", "key")
            self.say("The key created earlier was never written; deleting it and making another.")
            if lost:
                await self.admin.delete_key(
                    self.plan.account, lost, self.plan.account, self._admin(), host=self._host
                )
            self.journal.forget_from("create-key")
        name = f"sherlock rotate {self.plan.environment} {datetime.now(UTC):%Y-%m-%d}"
        key_sid, secret = await self.admin.create_key(
            self.plan.account, self.plan.account, self._admin(), host=self._host, friendly_name=name
        )
        self.journal.secondary_fingerprint = secret.fingerprint
        self.journal.record("create-key", key=key_sid, fingerprint=secret.fingerprint)
        self.say(f"1. Created API key {key_sid} (secret {secret.fingerprint}).")
        self.hook("create-key")
        return key_sid, secret

    def _holds(self, target: FieldTarget, new: Pair) -> bool:
        pair = self._pair(target)
        return pair is not None and pair[0] == new[0] and pair[1].fingerprint == new[1].fingerprint

    async def _write_all(self, new: Pair) -> None:
        values = {self.fields[0]: Secret(new[0], identifier=True), self.fields[1]: new[1]}
        for target in self.targets:
            step = f"write:{target.name}"
            if self.journal.done(step) and self._holds(target, new):
                continue
            try:
                if not self._holds(target, new):
                    target.write_fields(values)
                if not self._holds(target, new):
                    raise RotationError(f"{target.name} does not read back the key written")
            except RotationError as exc:
                remedy = f"fix access to {target.name}, then {self.resume_hint}"
                raise stopped(str(exc), remedy, KEY_STILL_SAFE) from None
            self.journal.record(step, target=target.name, key=new[0])
            self.say(f"2. Wrote API key {new[0]} to {target.name}.")
            self.hook(step)

    async def _verify_before(self, new: Pair) -> None:
        problems: list[str] = []
        for target in self.targets:
            pair = self._pair(target)
            if pair is None or pair[0] != new[0]:
                problems.append(f"{target.name} does not hold the new key")
            elif (verdict := await self.outcome(pair)) is not Outcome.VALID:
                problems.append(verdict_problem(target.name, verdict))
        for consumer in await self.consumers():
            problem = await self._consumer_problem(consumer, new)
            if problem:
                problems.append(problem)
        if problems:
            raise stopped(
                "Old key not deleted: " + "; ".join(problems),
                f"give those consumers the new key, then {self.resume_hint}",
                KEY_STILL_SAFE,
            )
        self.journal.record("verify-before-delete")
        self.say("3. Every target and consumer holds the new key and Twilio accepts it.")
        self.hook("verify-before-delete")

    async def _consumer_problem(self, consumer: Consumer, new: Pair) -> str | None:
        if consumer.username == self._old_key:
            return f"{consumer.label} still uses the old key {self._old_key}"
        if consumer.username != new[0]:
            return None
        verdict = await self.outcome((new[0], consumer.token))
        return None if verdict is Outcome.VALID else verdict_problem(consumer.label, verdict)

    async def _delete_old(self) -> None:
        if self._old_key is not None:
            await self.admin.delete_key(
                self.plan.account, self._old_key, self.plan.account, self._admin(), host=self._host
            )
        self.journal.record("delete-old-key", key=self._old_key or "")
        self.say(f"4. Deleted the old key {self._old_key}; it no longer works.")
        self.hook("delete-old-key")

    async def _verify_after(self, new: Pair) -> None:
        bad = [t.name for t in self.targets if not self._holds(t, new)]
        for target in self.targets:
            if target.name not in bad and await self.outcome(new) is not Outcome.VALID:
                bad.append(target.name)
        if bad:
            raise RotationError(
                "The old key is deleted, but these do not hold a working new key: "
                + ", ".join(bad)
                + f". Put key {new[0]} there now, then {self.resume_hint}"
            )
        self.journal.record("verify-after-promotion")
        self.say("5. Every target's key is accepted. Rotation complete.")
        self.hook("verify-after-promotion")
