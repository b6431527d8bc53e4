"""The shape of ``sherlock.toml``, validated with pydantic so a typo is an error, not a no-op.

Every table forbids unknown keys: a misspelt ``source =`` would otherwise silently make a
service read nothing, and the user would trust a diagnosis that never looked where they
meant. Secrets never live in this file; it only names where they are (file globs,
``env:VAR``, store URIs) and which environment variables hold the tokens of Sherlock's own
front ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from sherlock.stores.base import StoreRef

_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,30}")
_ENV_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _Strict(BaseModel):
    # strict: TOML has real booleans and integers, so `discovery = "yes"` is a mistake to name
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


@dataclass(frozen=True)
class FileSource:
    """A glob relative to the config's directory: every match is read by its kind (an
    unrecognised file as an env file) and belongs to the service that lists it."""

    pattern: str

    def __str__(self) -> str:
        return self.pattern


@dataclass(frozen=True)
class EnvSource:
    """``env:VAR``: one variable of the environment Sherlock runs in."""

    variable: str

    def __str__(self) -> str:
        return f"env:{self.variable}"


Source = FileSource | EnvSource | StoreRef


def parse_source(text: str) -> Source:
    """One ``sources`` entry; ValueError in words a config author can act on."""
    text = text.strip()
    if not text:
        raise ValueError("a source cannot be empty")
    if text.startswith("env:"):
        variable = text[4:]
        if not _ENV_VAR.fullmatch(variable):
            raise ValueError("env: needs a variable name, like env:TWILIO_AUTH_TOKEN")
        return EnvSource(variable)
    if "://" in text:
        return StoreRef.parse(text)
    if text.startswith("/"):
        raise ValueError("file sources are relative to the config's directory, not absolute")
    return FileSource(text)


def _check_source(value: str) -> str:
    parse_source(value)
    return value


def _check_store_uri(value: str) -> str:
    StoreRef.parse(value)
    return value


#: Checked one by one, so a config with several bad entries hears about each of them.
SourceText = Annotated[str, AfterValidator(_check_source)]
StoreUriText = Annotated[str, AfterValidator(_check_store_uri)]


class ServiceConfig(_Strict):
    """One service of one environment, and the places it reads its Twilio credentials."""

    sources: list[SourceText] = Field(default_factory=list)

    def parsed_sources(self) -> list[Source]:
        return [parse_source(s) for s in self.sources]


class EnvironmentConfig(_Strict):
    """What one environment should use; Sherlock checks every service against it."""

    account: str | None = None
    region: str | None = None
    edge: str | None = None
    stores: list[StoreUriText] = Field(default_factory=list)
    services: dict[str, ServiceConfig] = Field(default_factory=dict)
    #: Files ``sherlock rotate`` writes a new Auth Token to, besides the stores above:
    #: ``path`` (the whole file is the token) or ``path#VAR`` (the ``VAR=`` line of an env file).
    rotate_files: list[str] = Field(default_factory=list)

    @field_validator("rotate_files")
    @classmethod
    def _rotate_file_shape(cls, values: list[str]) -> list[str]:
        for value in values:
            path = value.partition("#")[0]
            if not path or path.startswith("/") or ".." in path.split("/"):
                raise ValueError("rotate_files entries are paths inside the config's directory")
        return values

    @field_validator("account")
    @classmethod
    def _account_shape(cls, value: str | None) -> str | None:
        if value is not None and not _ACCOUNT_SID.fullmatch(value):
            raise ValueError("account must be an Account SID: AC followed by 32 hex digits")
        return value

    @field_validator("region", "edge")
    @classmethod
    def _label_shape(cls, value: str | None) -> str | None:
        if value is not None and not _LABEL.fullmatch(value):
            raise ValueError("must be a lower-case Twilio label such as us1, ie1 or dublin")
        return value

    def store_refs(self) -> list[StoreRef]:
        return [StoreRef.parse(s) for s in self.stores]


class AwsSettings(_Strict):
    """Overrides for boto3's usual settings (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_*)."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None


class VaultSettings(_Strict):
    """Overrides for Vault's usual settings (VAULT_ADDR, VAULT_NAMESPACE, VAULT_TOKEN,
    VAULT_ROLE_ID + VAULT_SECRET_ID for AppRole)."""

    url: str | None = None
    namespace: str | None = None
    auth: Literal["token", "approle"] | None = None
    approle_mount: str = "approle"


class GcpSettings(_Strict):
    """Where GCP Secret Manager is reached, and with which credentials."""

    endpoint: str | None = None
    credentials: Literal["default", "anonymous"] = "default"


class StoresSettings(_Strict):
    """The store readers' settings. An endpoint set here is honoured only as
    :mod:`sherlock.stores.access` allows: not from a config inside the scanned tree unless
    trusted, and never plain http to a host off the machine."""

    aws: AwsSettings = AwsSettings()
    vault: VaultSettings = VaultSettings()
    gcp: GcpSettings = GcpSettings()


class ServerSettings(_Strict):
    """``sherlock serve``: where it listens and which variable holds the API bearer token."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    token_env: str = "SHERLOCK_API_TOKEN"


class SlackSettings(_Strict):
    """The Slack app: where its secrets are, where alerts go, and who may run live checks."""

    bot_token_env: str = "SLACK_BOT_TOKEN"
    signing_secret_env: str = "SLACK_SIGNING_SECRET"
    app_token_env: str = "SLACK_APP_TOKEN"
    alert_channel: str | None = None
    allowed_channels: list[str] = Field(default_factory=list)
    allowed_users: list[str] = Field(default_factory=list)
    #: Slack's Web API base URL (GovSlack, or an egress gateway); None is Slack's own.
    api_url: str | None = None


class SherlockConfig(_Strict):
    """The whole file. ``discovery = false`` limits a diagnosis to the sources named here."""

    discovery: bool = True
    #: Globs of paths `sherlock check` leaves out (``*`` crosses folders), like --exclude.
    exclude: list[str] = Field(default_factory=list)
    environments: dict[str, EnvironmentConfig] = Field(default_factory=dict)
    stores: StoresSettings = StoresSettings()
    server: ServerSettings = ServerSettings()
    slack: SlackSettings = SlackSettings()

    def store_refs(self) -> list[StoreRef]:
        """Every store secret the config names, once each (keys dropped)."""
        refs: dict[str, StoreRef] = {}
        for env in self.environments.values():
            for ref in env.store_refs():
                refs.setdefault(ref.uri, ref)
            for service in env.services.values():
                for source in service.parsed_sources():
                    if isinstance(source, StoreRef):
                        refs.setdefault(source.uri, source)
        return sorted(refs.values())
