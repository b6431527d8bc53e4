"""AWS Secrets Manager, read-only: every version of a secret, its stages and its dates.

Rotation in Secrets Manager keeps the old value as ``AWSPREVIOUS`` (and older ones as
unlabelled, deprecated versions), so the version history is what turns "the token is
wrong" into "this service still holds the value that was replaced on 3 May".

Only three read calls are made: ``DescribeSecret`` (a missing secret, or one scheduled
for deletion; allowed to be denied), ``ListSecretVersionIds`` (with deprecated versions)
and ``GetSecretValue`` by ``VersionId``, never by stage alone (moto, the stand-in our tests
use, answers a stage-less read with the wrong version after a stage moves). A version's
date is taken from ``GetSecretValue``, which reports when that version was created, and
from the listing only when the value cannot be read (moto's listing stamps every version
with the time of the listing).

Settings are read from the ``environ`` mapping the caller passes, not from ``os.environ``,
so a long-running front end (or a test) decides what the reader sees. ``AwsSettings`` from
``sherlock.toml`` override the environment.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sherlock.config.schema import AwsSettings
from sherlock.extras import requires
from sherlock.secrets import Secret
from sherlock.stores.base import SecretVersion, StoreReadError, StoreRef, StoreSecret
from sherlock.stores.endpoints import Endpoint, origin, plain_http_problem

# Without the aws extra, importing this module is the store's note: what to install.
with requires("aws", error=StoreReadError):
    import boto3.session
    import botocore.session
    from botocore.config import Config
    from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES, ConfigChainFactory
    from botocore.credentials import ContainerProvider, EnvProvider
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        ConnectionClosedError,
        ConnectTimeoutError,
        CredentialRetrievalError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
        ParamValidationError,
        PartialCredentialsError,
        ProfileNotFound,
        ReadTimeoutError,
        SSLError,
    )
    from botocore.loaders import Loader, create_loader

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

log = logging.getLogger(__name__)

SCHEME = "aws-sm"

#: An unreachable store must not hold a diagnosis hostage: fail within seconds.
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 5.0
MAX_ATTEMPTS = 2

#: Rotation every 30 days leaves up to 100 deprecated versions; the newest ones are evidence,
#: the rest only slow the read down. Versions beyond this are listed but not fetched.
MAX_VERSIONS_READ = 25
_FETCH_WORKERS = 8
_MAX_PAGES = 10

#: Stages AWS rotation uses, in the order reports should name them.
STAGE_ORDER = ("AWSCURRENT", "AWSPREVIOUS", "AWSPENDING")
#: Among versions created in the same instant, which one is newer.
_STAGE_AGE = {"AWSPENDING": 3, "AWSCURRENT": 2, "AWSPREVIOUS": 1}

_ARN = re.compile(r"arn:aws[a-z-]*:secretsmanager:(?P<region>[a-z0-9-]+):\d*:secret:.+")
#: Error codes repeated in messages. Anything else is reported by HTTP status only: an error
#: code is text from the server, and a broken proxy could put anything there.
KNOWN_ERROR_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "DecryptionFailure",
        "ExpiredToken",
        "ExpiredTokenException",
        "IncompleteSignature",
        "InternalFailure",
        "InternalServiceError",
        "InvalidClientTokenId",
        "InvalidParameterException",
        "InvalidRequestException",
        "InvalidSignatureException",
        "LimitExceededException",
        "NotAuthorized",
        "RequestExpired",
        "ServiceUnavailable",
        "SignatureDoesNotMatch",
        "ThrottlingException",
        "UnrecognizedClientException",
        "ValidationException",
    }
)
_EPOCH = datetime.min.replace(tzinfo=UTC)


class _HideResponseBodies(logging.Filter):
    """botocore logs every response's headers and body at DEBUG; GetSecretValue's body is the
    secret, and the error-type header is whatever the server chose to put there.

    Turning on debug logging to chase a problem must not print the store's values, so those
    two records are dropped (status lines, retries and timings still log).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Response body", "Response headers"))


def _guard_botocore_logs() -> None:
    parser_log = logging.getLogger("botocore.parsers")
    if not any(isinstance(f, _HideResponseBodies) for f in parser_log.filters):
        parser_log.addFilter(_HideResponseBodies())


_guard_botocore_logs()


@lru_cache(maxsize=4)
def _shared_loader(data_path: str | None) -> Loader:
    """botocore's model loader, shared by every reader: each new session would otherwise
    parse the same service and endpoint JSON again (about 0.15 s per reader)."""
    return create_loader(data_path)


@dataclass(frozen=True)
class _Fetched:
    """What one GetSecretValue told us about one version."""

    payload: Secret | None
    created: datetime | None
    state: str
    error: str | None = None


def region_of_arn(secret_id: str) -> str | None:
    """The region an ARN names: a secret can only be read in its own region."""
    match = _ARN.fullmatch(secret_id)
    return match.group("region") if match else None


def ordered_labels(stages: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """AWSCURRENT, AWSPREVIOUS, AWSPENDING first (in that order), then custom labels."""
    known = [s for s in STAGE_ORDER if s in stages]
    return (*known, *(s for s in stages if s not in STAGE_ORDER))


def _aware(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _safe_endpoint(url: str | None) -> str:
    """The endpoint without any user:password@ or query, fit for a message."""
    if not url:
        return "unknown"
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path.rstrip('/')}"


def _client_error_reason(error: ClientError, region: str) -> str:
    """A ClientError in words; only the (checked) error code, never the server's message."""
    code = str(error.response.get("Error", {}).get("Code", ""))
    operation = error.operation_name or "request"
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code == "ResourceNotFoundException":
        return f"ResourceNotFoundException (no such secret in {region})"
    if code in KNOWN_ERROR_CODES:
        return f"{code} ({operation})"
    if code.isdigit() and not status:
        status = int(code)
    # Not one of AWS's codes (a proxy, a stand-in answering in XML): say what the status means.
    meaning = {401: "not authenticated", 403: "access denied", 404: "not found"}
    label = meaning.get(status, "unrecognised error") if isinstance(status, int) else "error"
    return f"HTTP {status or '?'} {label} ({operation})"


class AwsSecretsManagerReader:
    """Reads every version of an AWS Secrets Manager secret; see the module docstring.

    Safe to call from many threads: clients (thread-safe) are built once per region under a
    lock, because the botocore session that builds them is not thread-safe.
    """

    scheme = SCHEME

    def __init__(self, settings: AwsSettings, environ: Mapping[str, str]) -> None:
        self._settings = settings
        self._environ = {k: v for k, v in environ.items() if k.startswith("AWS_")}
        self._lock = threading.Lock()
        self._core: botocore.session.Session | None = None
        self._session: boto3.session.Session | None = None
        self._clients: dict[str, SecretsManagerClient] = {}
        self.contacted: set[str] = set()

    # -- configuration ---------------------------------------------------------------------

    def _endpoint_url(self) -> str | None:
        env = self._environ
        return (
            self._settings.endpoint_url
            or env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER")
            or env.get("AWS_ENDPOINT_URL")
            or None
        )

    def _new_session(self) -> botocore.session.Session:
        """A session whose every setting comes from ``self._environ``, not ``os.environ``.

        botocore reads the process environment in two places: its configuration chains
        (profile, region, config and credentials file paths, IMDS switches) and the
        environment and container credential providers. Both are rebuilt on our mapping,
        which keeps AWS's own precedence (keys in the environment beat AWS_PROFILE; an
        explicit profile beats both).
        """
        core = botocore.session.Session()
        core.register_component("data_loader", _shared_loader(self._environ.get("AWS_DATA_PATH")))
        store = core.get_component("config_store")
        chains = ConfigChainFactory(session=core, environ=self._environ)
        for name, spec in BOTOCORE_DEFAUT_SESSION_VARIABLES.items():
            config_name, env_names, default, convert = spec
            chain = chains.create_config_chain(
                instance_name=name,
                env_var_names=env_names,
                config_property_names=config_name,
                default=default,
                conversion_func=convert,
            )
            store.set_config_provider(name, chain)
        # The endpoint is resolved here from the mapping; botocore would use os.environ.
        core.set_config_variable("ignore_configured_endpoint_urls", True)
        if self._settings.profile:
            core.set_config_variable("profile", self._settings.profile)
        resolver = core.get_component("credential_provider")
        for index, provider in enumerate(resolver.providers):
            if isinstance(provider, EnvProvider):
                resolver.providers[index] = EnvProvider(environ=self._environ)
            elif isinstance(provider, ContainerProvider):
                resolver.providers[index] = ContainerProvider(environ=self._environ)
        return core

    def _region_for(self, ref: StoreRef, core: botocore.session.Session) -> str:
        env = self._environ
        region = (
            region_of_arn(ref.name)
            or self._settings.region
            or env.get("AWS_REGION")
            or env.get("AWS_DEFAULT_REGION")
            or core.get_config_variable("region")  # AWS_DEFAULT_REGION or the profile's
        )
        if not region:
            raise NoRegionError()
        return str(region)

    def _client_for(self, ref: StoreRef) -> tuple[SecretsManagerClient, str]:
        with self._lock:
            if self._core is None or self._session is None:
                self._core = self._new_session()
                self._session = boto3.session.Session(botocore_session=self._core)
            region = self._region_for(ref, self._core)
            client = self._clients.get(region)
            if client is None:
                config = Config(
                    connect_timeout=CONNECT_TIMEOUT,
                    read_timeout=READ_TIMEOUT,
                    retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
                )
                client = self._session.client(
                    "secretsmanager",
                    region_name=region,
                    endpoint_url=self._endpoint_url(),
                    config=config,
                )
                client.meta.events.register("before-send.secrets-manager", self._note_send)
                self._clients[region] = client
            return client, region

    def _note_send(self, request: Any, **_: Any) -> None:
        """botocore's last step before the wire: the one true record of where we went."""
        self.contacted.add(origin(str(request.url)))

    # -- reading ---------------------------------------------------------------------------

    def read(self, ref: StoreRef) -> StoreSecret:
        """Every version of ``ref``'s secret, newest first; raises only StoreReadError."""
        region = "the configured region"
        endpoint: str | None = self._endpoint_url()
        if endpoint and plain_http_problem(Endpoint(endpoint, "endpoint", from_config=False)):
            raise StoreReadError(
                f"could not read {ref.uri}: refusing to send signed requests over plain http "
                f"to {origin(endpoint)}"
            )
        try:
            client, region = self._client_for(ref)
            endpoint = client.meta.endpoint_url
            return self._read(client, ref, region)
        except StoreReadError:
            raise
        except Exception as error:  # the contract: nothing but StoreReadError leaves read()
            reason = _reason(error, region, endpoint, self._settings.profile)
        # Raised outside the handler so the original (which may quote the server) is not
        # even attached as __context__.
        log.debug("could not read %s: %s", ref.uri, reason)
        raise StoreReadError(f"could not read {ref.uri}: {reason}")

    def _read(self, client: SecretsManagerClient, ref: StoreRef, region: str) -> StoreSecret:
        deleted = _is_deleted(client, ref.name)
        listed = _list_versions(client, ref.name)
        order = sorted(
            range(len(listed)),
            key=lambda i: (_aware(listed[i].get("CreatedDate")) or _EPOCH, _age(listed[i]), i),
            reverse=True,
        )
        to_fetch = [] if deleted else order[:MAX_VERSIONS_READ]
        ids = [listed[i]["VersionId"] for i in to_fetch]
        fetched = _fetch_all(client, ref.name, ids, region)
        results = dict(zip(to_fetch, fetched, strict=True))

        versions: list[tuple[tuple[bool, datetime, int, int], SecretVersion]] = []
        for index, entry in enumerate(listed):
            stages = list(entry.get("VersionStages", []))
            listed_date = _aware(entry.get("CreatedDate"))
            result = results.get(index)
            if deleted:
                result = _Fetched(None, listed_date, "deleted")
            elif result is None:
                result = _Fetched(None, listed_date, "skipped")
            created = result.created or listed_date
            version = SecretVersion(
                version=entry["VersionId"],
                created=created,
                current="AWSCURRENT" in stages,
                payload=result.payload,
                labels=ordered_labels(stages),
                state=result.state,
            )
            # Skipped versions are the oldest by the listing; keep them last whatever it says.
            fetched_first = result.state != "skipped"
            versions.append(((fetched_first, created or _EPOCH, _age(entry), index), version))

        errors = [r.error for r in fetched if r.error]
        if errors and not any(r.payload is not None for r in fetched):
            # Listing worked but no value could be read: the reason is the useful answer.
            raise StoreReadError(f"could not read {ref.uri}: {errors[0]}")
        versions.sort(key=lambda pair: pair[0], reverse=True)
        return StoreSecret(ref=ref, versions=tuple(v for _, v in versions))


def _age(entry: Mapping[str, Any]) -> int:
    return max((_STAGE_AGE.get(s, 0) for s in entry.get("VersionStages", [])), default=0)


def _list_versions(client: SecretsManagerClient, secret_id: str) -> list[Mapping[str, Any]]:
    versions: list[Mapping[str, Any]] = []
    token: str | None = None
    for _ in range(_MAX_PAGES):
        if token:
            page = client.list_secret_version_ids(
                SecretId=secret_id, IncludeDeprecated=True, MaxResults=100, NextToken=token
            )
        else:
            page = client.list_secret_version_ids(
                SecretId=secret_id, IncludeDeprecated=True, MaxResults=100
            )
        versions.extend(page.get("Versions", []))
        token = page.get("NextToken") or None
        if not token:
            break
    return versions


def _is_deleted(client: SecretsManagerClient, secret_id: str) -> bool:
    """A secret scheduled for deletion still lists its versions but refuses their values.

    A missing secret raises here (moto's listing answers it with a 500); any other refusal
    is ignored, because a policy may allow the reads and not DescribeSecret.
    """
    try:
        return client.describe_secret(SecretId=secret_id).get("DeletedDate") is not None
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            raise
        return False


def _fetch_all(
    client: SecretsManagerClient, secret_id: str, version_ids: list[str], region: str
) -> list[_Fetched]:
    if len(version_ids) <= 1:
        return [_fetch(client, secret_id, v, region) for v in version_ids]
    workers = min(_FETCH_WORKERS, len(version_ids))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aws-sm") as pool:
        return list(pool.map(lambda v: _fetch(client, secret_id, v, region), version_ids))


def _fetch(client: SecretsManagerClient, secret_id: str, version_id: str, region: str) -> _Fetched:
    """One version's value; a refusal (denied, undecryptable) marks it, a network fault raises."""
    try:
        answer = client.get_secret_value(SecretId=secret_id, VersionId=version_id)
    except ClientError as error:
        reason = _client_error_reason(error, region)
        log.debug("version %s of %s is unreadable: %s", version_id, secret_id, reason)
        return _Fetched(None, None, "unreadable", reason)
    created = _aware(answer.get("CreatedDate"))
    if "SecretString" in answer:
        return _Fetched(Secret(answer["SecretString"]), created, "enabled")
    raw = answer.get("SecretBinary")
    if raw is not None:
        try:
            return _Fetched(Secret(bytes(raw).decode("utf-8")), created, "enabled")
        except UnicodeDecodeError:
            return _Fetched(None, created, "unreadable")
    return _Fetched(None, created, "unreadable")


def _reason(error: Exception, region: str, endpoint: str | None, profile: str | None) -> str:
    """Why a read failed, in words that never include a value or a server's message."""
    where = f"endpoint {_safe_endpoint(endpoint)}"
    if isinstance(error, ClientError):
        return _client_error_reason(error, region)
    if isinstance(error, NoCredentialsError):
        return "no AWS credentials"
    if isinstance(error, PartialCredentialsError):
        return "incomplete AWS credentials"
    if isinstance(error, CredentialRetrievalError):
        return "AWS credentials could not be obtained"
    if isinstance(error, ProfileNotFound):
        return f"no AWS profile named {profile!r}" if profile else "AWS profile not found"
    if isinstance(error, NoRegionError):
        return "no AWS region (set AWS_REGION or [stores.aws] region)"
    if isinstance(error, ConnectTimeoutError | EndpointConnectionError | ConnectionClosedError):
        return f"unreachable ({where})"
    if isinstance(error, ReadTimeoutError):
        return f"no answer within {READ_TIMEOUT:g} s ({where})"
    if isinstance(error, SSLError):
        return f"TLS failure ({where})"
    if isinstance(error, ParamValidationError):
        return "the request was refused before sending (invalid secret id or version id)"
    if isinstance(error, ValueError) and "endpoint" in str(error).lower():
        return "invalid endpoint URL (check [stores.aws] endpoint_url or AWS_ENDPOINT_URL_*)"
    if isinstance(error, BotoCoreError):
        return f"{type(error).__name__} ({where})"
    return f"unexpected {type(error).__name__}"
