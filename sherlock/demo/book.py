"""Deterministic fake credentials, and deployment trees written with them.

The demo, the scenario tests and the benchmark all need deployment trees whose values agree
with an emulator's accounts. Trees are written as templates with placeholders such as
``{{token:prod}}``; the :class:`CredentialBook` turns each name into a stable, well-formed
fake value (so a test can also search every output for it, as a canary) and builds the
matching emulator state from a short spec.

Placeholders: ``{{KIND:NAME}}`` or ``{{KIND:NAME:VARIANT}}`` where KIND is ``sid``, ``token``,
``keysid``, ``keysecret``, ``testsid`` or ``testtoken``; a variant gives another value of the
same kind (``{{token:prod:old}}`` is a token the emulator does not know). Prefix ``b64:``
for base64 and ``b64nl:`` for base64 of the value plus a newline (what ``echo "$T" | base64``
writes into a Kubernetes Secret).
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sherlock.providers.twilio.emulator.state import Account, ApiKey, EmulatorState

PLACEHOLDER = re.compile(
    r"\{\{(?:(b64nl|b64):)?(sid|token|keysid|keysecret|testsid|testtoken):([\w.-]+?)(?::([\w.-]+))?\}\}"
)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class CredentialBook:
    """Names to fake credentials; every value it ever handed out is remembered as a canary."""

    def __init__(self, seed: str = "sherlock-demo") -> None:
        self._seed = seed
        self._issued: set[str] = set()

    def _digest(self, kind: str, name: str, variant: str) -> bytes:
        return hashlib.sha256(f"{self._seed}|{kind}|{name}|{variant}".encode()).digest()

    def _hex(self, kind: str, name: str, variant: str) -> str:
        return self._digest(kind, name, variant).hex()[:32]

    def value(self, kind: str, name: str, variant: str = "") -> str:
        if kind in ("sid", "testsid"):
            out = "AC" + self._hex(kind, name, variant)
        elif kind == "keysid":
            out = "SK" + self._hex(kind, name, variant)
        elif kind == "keysecret":
            out = "".join(ALNUM[b % len(ALNUM)] for b in self._digest(kind, name, variant)[:32])
        elif kind in ("token", "testtoken"):
            out = self._hex(kind, name, variant)
        else:
            raise ValueError(f"unknown credential kind {kind!r}")
        if kind not in ("sid", "testsid", "keysid"):
            self._issued.add(out)
        return out

    def sid(self, name: str) -> str:
        return self.value("sid", name)

    def token(self, name: str, variant: str = "") -> str:
        return self.value("token", name, variant)

    @property
    def secrets(self) -> frozenset[str]:
        """Every token and key secret handed out: none may ever appear in any output."""
        return frozenset(self._issued)

    def render(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            encoding, kind, name, variant = match.groups()
            raw = self.value(kind, name, variant or "")
            if encoding == "b64":
                return base64.b64encode(raw.encode()).decode()
            if encoding == "b64nl":
                return base64.b64encode((raw + "\n").encode()).decode()
            return raw

        return PLACEHOLDER.sub(replace, text)

    def state(self, spec: Mapping[str, Any]) -> EmulatorState:
        """An emulator state from ``{accounts: [{name, status, parent, region, ...}], keys: [...]}``."""
        accounts = [self._account(a) for a in spec.get("accounts", [])]
        keys = [self._key(k) for k in spec.get("keys", [])]
        extra = {k: v for k, v in spec.items() if k not in ("accounts", "keys")}
        return EmulatorState(accounts=accounts, api_keys=keys, **extra)

    def _account(self, spec: Mapping[str, Any]) -> Account:
        name = spec["name"]
        fields: dict[str, Any] = {
            "sid": self.sid(name),
            "auth_token": self.token(name, spec.get("token_variant", "")),
            "status": spec.get("status", "active"),
            "region": spec.get("region", "us1"),
            "friendly_name": spec.get("friendly_name", name),
        }
        if spec.get("parent"):
            fields["parent_sid"] = self.sid(spec["parent"])
        if spec.get("secondary"):
            fields["secondary_token"] = self.token(name, spec["secondary"])
        if spec.get("test_credentials"):
            fields["test_account_sid"] = self.value("testsid", name)
            fields["test_auth_token"] = self.value("testtoken", name)
        return Account(**fields)

    def _key(self, spec: Mapping[str, Any]) -> ApiKey:
        name = spec["name"]
        return ApiKey(
            sid=self.value("keysid", name),
            secret=self.value("keysecret", name),
            account_sid=self.sid(spec["account"]),
            type=spec.get("type", "standard"),
            permissions=list(spec.get("permissions", [])),
            region=spec.get("region", "us1"),
            revoked=bool(spec.get("revoked", False)),
        )


def _template_files(source: Path) -> Iterator[Path]:
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def render_tree(source: Path, dest: Path, book: CredentialBook) -> Path:
    """Copy a template tree, filling placeholders in every text file; binary files are copied."""
    for path in _template_files(source):
        target = dest / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            shutil.copyfile(path, target)
            continue
        # newline="" keeps \r\n and friends exactly as the template has them.
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(book.render(text))
    return dest
