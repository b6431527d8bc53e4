"""The in-memory state of the GCP Secret Manager emulator: projects, secrets, versions, grants.

Kept apart from HTTP so seeding from Python and answering requests share one model and one
lock (held by the caller, :class:`~sherlock_testing.emulators.gcp_secret_manager.GcpSecretManagerEmulator`).

Two habits of the real service are modelled because readers trip over them:

* Resource names in responses carry the project *number*, not the id the caller used
  (``projects/acme/...`` comes back as ``projects/123456789012/...``); requests accept either.
* A version's number is its id; ``latest`` is an alias, resolved at request time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sherlock.stores.gcp import crc32c
from sherlock_testing.emulators.gcp_sm_auth import Callers

STATES = ("ENABLED", "DISABLED", "DESTROYED")

#: The numeric form of ``SecretVersion.State`` (``$alt=json;enum-encoding=int``).
STATE_NUMBERS = {"STATE_UNSPECIFIED": 0, "ENABLED": 1, "DISABLED": 2, "DESTROYED": 3}

#: Secret ids the real service accepts.
SECRET_ID = re.compile(r"[A-Za-z0-9_-]{1,255}")
#: Project ids or numbers. Real ids are 6-30 characters; shorter ones are accepted so tests
#: can say ``acme``.
PROJECT_ID = re.compile(r"[a-z][a-z0-9.:-]{0,62}|[0-9]{1,20}")

ALL_PERMISSIONS = "*"


def rfc3339(moment: datetime) -> str:
    """Google's timestamp form: UTC, microseconds, ``Z``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def project_number_for(project: str) -> str:
    """A stable 12-digit number per project id, so names look like the real service's."""
    if project.isdigit():
        return project
    digest = int(hashlib.sha256(project.encode()).hexdigest(), 16)
    return str(100_000_000_000 + digest % 900_000_000_000)


def _etag(*parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:14]
    return f'"{digest}"'


@dataclass
class Version:
    number: int
    data: bytes | None
    created: datetime
    state: str
    crc32c: int | None
    destroyed: datetime | None = None

    @property
    def etag(self) -> str:
        return _etag(self.number, self.state, self.created)


@dataclass
class StoredSecret:
    secret_id: str
    created: datetime
    versions: dict[int, Version] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return _etag(self.secret_id, self.created)

    def latest(self) -> Version | None:
        """What ``versions/latest`` resolves to: the highest-numbered ENABLED version."""
        enabled = [v for v in self.versions.values() if v.state == "ENABLED"]
        return max(enabled, key=lambda v: v.number) if enabled else None

    def newest_first(self) -> list[Version]:
        return sorted(self.versions.values(), key=lambda v: v.number, reverse=True)


@dataclass
class Model:
    """Everything the emulator knows; not thread-safe on its own."""

    #: project number → {secret id → secret}
    secrets: dict[str, dict[str, StoredSecret]] = field(default_factory=dict)
    #: (project number, secret id) → permissions refused ("*" = every one)
    denied: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: who may call; open to anyone until a token or service account is added
    callers: Callers = field(default_factory=Callers)
    #: 503 UNAVAILABLE for every call ("all") or only AccessSecretVersion ("access")
    unavailable: str | None = None
    #: the most versions one page may hold (the real cap is 25000)
    page_size_cap: int = 25_000

    def secret(self, project: str, secret_id: str) -> StoredSecret | None:
        return self.secrets.get(project_number_for(project), {}).get(secret_id)

    def add_secret(self, project: str, secret_id: str, created: datetime | None) -> StoredSecret:
        if not PROJECT_ID.fullmatch(project):
            raise ValueError(f"{project!r} is not a GCP project id or number")
        if not SECRET_ID.fullmatch(secret_id):
            raise ValueError(f"{secret_id!r} is not a valid secret id")
        found = self.secret(project, secret_id)
        if found is not None:
            return found
        secret = StoredSecret(secret_id, created or datetime.now(UTC))
        self.secrets.setdefault(project_number_for(project), {})[secret_id] = secret
        return secret

    def add_version(
        self,
        project: str,
        secret_id: str,
        data: bytes,
        created: datetime | None,
        state: str,
    ) -> int:
        if state not in STATES:
            raise ValueError(f"state must be one of {', '.join(STATES)}")
        secret = self.add_secret(project, secret_id, created)
        number = max(secret.versions, default=0) + 1
        moment = created or datetime.now(UTC)
        version = Version(number, data, moment, "ENABLED", crc32c(data))
        secret.versions[number] = version
        if state == "DISABLED":
            version.state = "DISABLED"
        elif state == "DESTROYED":
            self._destroy(version, moment)
        return number

    def version(self, project: str, secret_id: str, number: int) -> Version:
        secret = self.secret(project, secret_id)
        if secret is None or number not in secret.versions:
            raise KeyError(f"no version {number} of {project}/{secret_id}")
        return secret.versions[number]

    def set_state(self, project: str, secret_id: str, number: int, state: str) -> None:
        version = self.version(project, secret_id, number)
        if version.state == "DESTROYED":
            raise ValueError("a destroyed version stays destroyed")
        if state == "DESTROYED":
            self._destroy(version, datetime.now(UTC))
        else:
            version.state = state

    @staticmethod
    def _destroy(version: Version, moment: datetime) -> None:
        version.state = "DESTROYED"
        version.data = None
        version.crc32c = None
        version.destroyed = moment

    def deny(self, project: str, secret_id: str, permission: str | None) -> None:
        key = (project_number_for(project), secret_id)
        self.denied.setdefault(key, set()).add(permission or ALL_PERMISSIONS)

    def allow(self, project: str, secret_id: str) -> None:
        self.denied.pop((project_number_for(project), secret_id), None)

    def is_denied(self, project: str, secret_id: str, permission: str) -> bool:
        refused = self.denied.get((project_number_for(project), secret_id), set())
        return ALL_PERMISSIONS in refused or permission in refused
