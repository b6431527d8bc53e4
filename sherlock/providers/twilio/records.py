"""Twilio's shape of the neutral records: the roles a value plays for a Twilio client, the
credentials one client sends, and what Twilio's answer says about the account and key.

The engine sees these through :class:`~sherlock.models.CredentialGroup` and
:class:`~sherlock.models.Verification`; only Twilio's own modules read the named slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sherlock.models import FoundValue, Verification


class Field(StrEnum):
    """The role a value plays for a Twilio client."""

    ACCOUNT_SID = "account_sid"
    AUTH_TOKEN = "auth_token"
    API_KEY_SID = "api_key_sid"
    API_KEY_SECRET = "api_key_secret"
    REGION = "region"
    EDGE = "edge"

    @property
    def is_identifier(self) -> bool:
        return self in (Field.ACCOUNT_SID, Field.API_KEY_SID, Field.REGION, Field.EDGE)


@dataclass(frozen=True, eq=False)
class CredentialSet:
    """The credentials one client would use: SID + token, or key SID + secret (+ account SID).

    Compared and hashed by identity: a set is one client's configuration, two clients with
    equal values are still two places to fix, and sets are dictionary keys on hot paths.
    """

    scope: str
    environment: str
    service: str
    account_sid: FoundValue | None = None
    auth_token: FoundValue | None = None
    api_key_sid: FoundValue | None = None
    api_key_secret: FoundValue | None = None
    region: FoundValue | None = None
    edge: FoundValue | None = None

    @property
    def uses_api_key(self) -> bool:
        return self.api_key_sid is not None or (
            self.api_key_secret is not None and self.auth_token is None
        )

    @property
    def username(self) -> FoundValue | None:
        return self.api_key_sid if self.uses_api_key else self.account_sid

    @property
    def password(self) -> FoundValue | None:
        return self.api_key_secret if self.uses_api_key else self.auth_token

    @property
    def kind(self) -> str:
        return "api-key" if self.uses_api_key else "auth-token"

    def values(self) -> tuple[FoundValue, ...]:
        found = (
            self.account_sid,
            self.auth_token,
            self.api_key_sid,
            self.api_key_secret,
            self.region,
            self.edge,
        )
        return tuple(v for v in found if v is not None)

    @property
    def label(self) -> str:
        """A human name: ``prod/api (services/api/.env)``."""
        return f"{self.environment}/{self.service} ({self.scope})"


@dataclass(frozen=True)
class TwilioVerification(Verification):
    """Twilio's answer, with what the Accounts and Keys resources said when they answered."""

    account_status: str | None = None
    account_type: str | None = None
    friendly_name: str | None = None  # the account's name in the Console, control chars removed
    owner_account_masked: str | None = None
    is_subaccount: bool | None = None
    key_type: str | None = None

    def facts(self) -> tuple[str, ...]:
        found: list[str] = []
        if self.account_status and self.account_status != "active":
            found.append(f"account {self.account_status}")
        if self.key_type:
            found.append(f"{self.key_type} key")
        return tuple(found)


def field_of(value: FoundValue) -> Field:
    """The Twilio role of a found value (the neutral record stores it as plain text)."""
    return Field(value.field)
