"""The rotation itself: five steps in the one order that never breaks a consumer.

1. ``create-secondary``: Twilio now accepts the old token *and* the new one.
2. ``write:<target>``: each target gets the new token as a new version; consumers reading a
   target switch over whenever they next read it, and both tokens work meanwhile.
3. ``verify-before-promotion``: every target's copy, and every consumer's copy discovery
   finds, must be the new token and accepted by Twilio. A consumer still holding the old
   token stops the rotation here, because promotion would break it.
4. ``promote``: the new token becomes the primary; the old one stops working at once.
5. ``verify-after-promotion``: every target's copy is accepted again.

Every completed step goes into the :class:`~sherlock.rotate.journal.Journal` at once, so a
resumed run skips it. Any failure before step 4 raises :class:`RotationStopped`: nothing
was promoted, so the old token still works everywhere it did, and the targets already
written hold the secondary token, which works too. The secondary is left in place on
purpose: deleting it would break the targets that already hold it.

``hook`` is called after every journaled step with the step's name; tests use it to stop
the rotation at each point in turn and to probe every target in between.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from sherlock.models import Outcome
from sherlock.providers.twilio.client import TwilioVerifier
from sherlock.providers.twilio.client_probe import ProbeRequest
from sherlock.rotate.admin import TwilioAdmin
from sherlock.rotate.errors import RotationError, RotationStopped
from sherlock.rotate.journal import Journal
from sherlock.rotate.plan import Consumer, RotationPlan
from sherlock.rotate.targets import Target
from sherlock.secrets import Secret

Hook = Callable[[str], None]
ConsumerFinder = Callable[[], Awaitable[list[Consumer]]]

_STILL_SAFE = (
    "Stopped before promotion: the old token still works, and targets already written hold "
    "the secondary token, which works too (it is left in place so they keep working)."
)


def _no_hook(step: str) -> None:
    """The default: nothing happens between steps."""


def verdict_problem(name: str, verdict: Outcome) -> str:
    """A failed check in words: a network fault is never called a bad token."""
    if verdict is Outcome.UNVERIFIED:
        return f"could not verify {name} with Twilio (network or Twilio trouble)"
    return f"{name}: Twilio says {verdict.value}"


def stopped(problem: str, remedy: str, still_safe: str = _STILL_SAFE) -> RotationStopped:
    return RotationStopped(f"{problem}\n{still_safe}\nWhat to do: {remedy}")


@dataclass
class Rotation:
    """One rotation of one account's Auth Token, resumable from its journal."""

    plan: RotationPlan
    journal: Journal
    admin: TwilioAdmin
    verifier: TwilioVerifier
    consumers: ConsumerFinder
    say: Callable[[str], None]
    hook: Hook = _no_hook
    resume_hint: str = "sherlock rotate --env ENV --apply --resume"
    _old: Secret | None = field(default=None, init=False)

    async def run(self) -> None:
        """Every step not yet in the journal, in order."""
        if self.journal.finished:
            self.say("This rotation already finished; nothing to do.")
            return
        self._old = await self._old_token()
        secondary = await self._secondary()
        await self._write_all(secondary)
        if not self.journal.done("promote"):
            await self._verify_before(secondary)
            await self._promote(secondary)
        await self._verify_after(secondary)

    # -- verification --------------------------------------------------------------------------

    async def outcome(self, token: Secret) -> Outcome:
        """Twilio's verdict on this account's SID with ``token`` (read-only, never cached)."""
        probe = ProbeRequest(
            username=Secret(self.plan.account, identifier=True),
            password=token,
            account_sid=None,
            region=self.plan.region,
            edge=self.plan.edge,
        )
        return (await self.verifier.verify(probe)).outcome

    def _reads(self) -> list[tuple[Target, Secret | None]]:
        return [(target, target.read()) for target in self.plan.targets]

    # -- step 0: the token in use --------------------------------------------------------------

    async def _old_token(self) -> Secret | None:
        """The token the rotation replaces: found again by fingerprint when resuming."""
        if self.journal.old_fingerprint:
            return await self._find(self.journal.old_fingerprint)
        working: dict[str, Secret] = {}
        unsettled = False
        for _target, value in self._reads():
            verdict = await self.outcome(value) if value is not None else None
            if value is not None and verdict is Outcome.VALID:
                working.setdefault(value.fingerprint, value)
            unsettled = unsettled or verdict is Outcome.UNVERIFIED
        if not working and unsettled:
            raise RotationError(
                "could not verify the current token with Twilio (network or Twilio trouble, "
                "not a verdict on the token); nothing was changed, try again later"
            )
        if not working:
            raise RotationError(
                f"no target holds a token Twilio accepts for {self.plan.account}; the rotation "
                "authenticates with the current token, so fix the targets first "
                "(sherlock diagnose shows why they fail)"
            )
        if len(working) > 1:
            raise RotationError(
                "the targets hold two different working tokens (a secondary token in use?); "
                "finish or undo that rotation in the Twilio Console first"
            )
        old = next(iter(working.values()))
        self.journal.old_fingerprint = old.fingerprint
        self.journal.record("preflight", old_fingerprint=old.fingerprint)
        self.say(f"Current token {old.fingerprint} is accepted by Twilio.")
        return old

    async def _find(self, fingerprint: str) -> Secret | None:
        """A value with this fingerprint from the targets (now or in history) or consumers."""
        for target in self.plan.targets:
            for value in (target.read(), *target.history()):
                if value is not None and value.fingerprint == fingerprint:
                    return value
        for consumer in await self.consumers():
            if consumer.token.fingerprint == fingerprint:
                return consumer.token
        return None

    def _admin_token(self, secondary: Secret | None) -> Secret:
        token = self._old or secondary
        if token is None:
            raise RotationError(
                "the old token is no longer in any target or consumer and no secondary is known; "
                "rotate this account in the Twilio Console"
            )
        return token

    # -- step 1 ----------------------------------------------------------------------------------

    async def _secondary(self) -> Secret:
        if self.journal.done("create-secondary"):
            found = await self._find(self.journal.secondary_fingerprint)
            if found is not None:
                return found
            # No target kept it: nobody uses it, so replace it with one we can hold.
            self.say("The secondary token created earlier was never written; making a new one.")
            await self.admin.delete_secondary(self.plan.account, self._admin_token(None))
            self.journal.forget_from("create-secondary")
        secondary = await self.admin.create_secondary(self.plan.account, self._admin_token(None))
        self.journal.secondary_fingerprint = secondary.fingerprint
        self.journal.record("create-secondary", secondary_fingerprint=secondary.fingerprint)
        self.say(f"1. Created the secondary token {secondary.fingerprint}.")
        self.hook("create-secondary")
        return secondary

    # -- step 2 ----------------------------------------------------------------------------------

    async def _write_all(self, secondary: Secret) -> None:
        for target in self.plan.targets:
            step = f"write:{target.name}"
            if self.journal.done(step) and self._holds(target, secondary):
                continue
            try:
                if not self._holds(target, secondary):
                    target.write(secondary)
                if not self._holds(target, secondary):
                    raise RotationError(f"{target.name} does not read back the token written")
            except RotationError as exc:
                raise stopped(
                    str(exc), f"fix access to {target.name}, then {self.resume_hint}"
                ) from None
            self.journal.record(step, target=target.name, fingerprint=secondary.fingerprint)
            self.say(f"2. Wrote {secondary.fingerprint} to {target.name}.")
            self.hook(step)

    @staticmethod
    def _holds(target: Target, token: Secret) -> bool:
        value = target.read()
        return value is not None and value.fingerprint == token.fingerprint

    # -- step 3 ----------------------------------------------------------------------------------

    async def _verify_before(self, secondary: Secret) -> None:
        problems = [p async for p in self._target_problems(secondary)]
        for consumer in await self.consumers():
            problem = await self._consumer_problem(consumer, secondary)
            if problem:
                problems.append(problem)
        if problems:
            raise stopped(
                "Not promoted: " + "; ".join(problems),
                f"give those consumers the new token (or name their files in rotate_files), "
                f"then {self.resume_hint}",
            )
        self.journal.record("verify-before-promotion")
        self.say("3. Every target and consumer holds the new token and Twilio accepts it.")
        self.hook("verify-before-promotion")

    async def _target_problems(self, token: Secret) -> AsyncIterator[str]:
        for target, value in self._reads():
            if value is None or value.fingerprint != token.fingerprint:
                yield f"{target.name} does not hold the new token"
            elif (verdict := await self.outcome(value)) is not Outcome.VALID:
                yield verdict_problem(target.name, verdict)

    async def _consumer_problem(self, consumer: Consumer, secondary: Secret) -> str | None:
        fingerprint = consumer.token.fingerprint
        if fingerprint == self.journal.old_fingerprint:
            return f"{consumer.label} still holds the old token {fingerprint}"
        if fingerprint != secondary.fingerprint:
            self.say(
                f"   {consumer.label} holds another token ({fingerprint}); not this rotation's"
            )
            return None
        verdict = await self.outcome(consumer.token)
        return (
            None if verdict is Outcome.VALID else f"{consumer.label}: Twilio says {verdict.value}"
        )

    # -- steps 4 and 5 ---------------------------------------------------------------------------

    async def _promote(self, secondary: Secret) -> None:
        try:
            await self.admin.promote(self.plan.account, self._admin_token(secondary))
        except RotationError as exc:
            # Killed after Twilio promoted but before the journal said so?
            if not await self._already_promoted(secondary):
                raise stopped(
                    str(exc), f"check the account in the Console, then {self.resume_hint}"
                ) from None
        self.journal.record("promote", fingerprint=secondary.fingerprint)
        self.say(f"4. Promoted {secondary.fingerprint}; the old token no longer works.")
        self.hook("promote")

    async def _already_promoted(self, secondary: Secret) -> bool:
        if await self.outcome(secondary) is not Outcome.VALID:
            return False
        return self._old is None or await self.outcome(self._old) is Outcome.INVALID

    async def _verify_after(self, token: Secret) -> None:
        problems = [p async for p in self._target_problems(token)]
        if problems:
            raise RotationError(
                "Promoted, but: " + "; ".join(problems) + ". Put the new token there now "
                f"(it is in {self.plan.targets[0].name}), then {self.resume_hint}"
            )
        self.journal.record("verify-after-promotion")
        self.say("5. Every target's copy is accepted after promotion. Rotation complete.")
        self.hook("verify-after-promotion")
