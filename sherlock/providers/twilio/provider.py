"""Twilio as a :class:`~sherlock.providers.base.Provider`: its errors, grouping and verifier."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

from sherlock.models import CredentialGroup, FoundValue, Outcome, Verification
from sherlock.providers.base import CheckInputs, ErrorSpec, Verifier, VerifierSettings
from sherlock.providers.twilio.checking.common import probe_for
from sherlock.providers.twilio.checking.context import CheckContext
from sherlock.providers.twilio.errors import ERRORS
from sherlock.providers.twilio.grouping import group_credentials
from sherlock.providers.twilio.records import CredentialSet, TwilioVerification

if TYPE_CHECKING:  # the client brings httpx, which an offline diagnosis never needs
    from sherlock.providers.twilio.client import TwilioVerifier


class TwilioProvider:
    """Twilio's plug-in: every Twilio error shares discovery, grouping and verification."""

    name = "twilio"

    @property
    def errors(self) -> Mapping[str, ErrorSpec]:
        return ERRORS

    def group(self, values: Sequence[FoundValue]) -> tuple[CredentialGroup, ...]:
        return tuple(group_credentials(values))

    def new_verifier(self, settings: VerifierSettings) -> Verifier:
        from sherlock.providers.twilio.client import TwilioVerifier

        return TwilioVerifier(
            base_url=settings.base_url,
            timeout=settings.timeout,
            cache_ttl=settings.cache_ttl,
            proxy=settings.proxy,
        )

    async def verify_all(
        self, verifier: Verifier, groups: Sequence[CredentialGroup], offline: bool
    ) -> dict[CredentialGroup, Verification]:
        twilio = cast("TwilioVerifier", verifier)

        async def one(group: CredentialGroup) -> Verification:
            if offline:
                return TwilioVerification(Outcome.SKIPPED, reason="offline: not verified")
            request = probe_for(cast(CredentialSet, group))
            if request is None:
                return TwilioVerification(Outcome.SKIPPED, reason="incomplete pair: not verified")
            return await twilio.verify(request)

        results = await asyncio.gather(*(one(g) for g in groups))
        return dict(zip(groups, results, strict=True))

    def check_context(self, inputs: CheckInputs) -> CheckContext:
        probe = None if inputs.verifier is None else cast("TwilioVerifier", inputs.verifier).verify
        return CheckContext(
            cast(tuple[CredentialSet, ...], inputs.groups),
            inputs.values,
            cast(Mapping[CredentialSet, TwilioVerification], inputs.results),
            probe,
            inputs.history,
            inputs.expectations,
            token=inputs.token,
            readings=inputs.readings,
        )


PROVIDER = TwilioProvider()
