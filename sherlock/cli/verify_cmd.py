"""`sherlock verify REF...`: ask Twilio about one credential set, named by where it lives.

``REF`` is what a ``sherlock.toml`` service source can be: ``env:VAR`` (the process's
variables), a file or glob, ``aws-sm://ID[#key]``, ``vault://MOUNT/PATH[#key]`` or
``gcp-sm://projects/P/secrets/S[#key]``. All references given together are one process's
view, so ``sherlock verify env:TWILIO_ACCOUNT_SID vault://secret/prod/twilio#auth_token``
pairs a SID from the environment with a token from Vault. Each resulting set gets one
read-only call; the answer shows status, account, name, type, key type and region, masked.

Exit codes: 0 every set accepted, 1 any rejected, 2 usage error, 3 any unverified.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sherlock.cli.diagnose_cmd import check_timeout
from sherlock.errors import UsageError

if TYPE_CHECKING:
    from sherlock.providers.twilio.records import CredentialSet, TwilioVerification


class VerifyFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"


@dataclass(frozen=True)
class Checked:
    """One set and what Twilio said about it."""

    cset: CredentialSet
    verdict: TwilioVerification

    def to_dict(self) -> dict[str, Any]:
        cset, verdict = self.cset, self.verdict
        region = cset.region.value.reveal() if cset.region else "us1"
        return {
            "status": verdict.outcome.value,
            "detail": verdict.describe(),
            "account": cset.account_sid.masked if cset.account_sid else None,
            "friendly_name": verdict.friendly_name,
            "account_status": verdict.account_status,
            "account_type": verdict.account_type,
            "subaccount": verdict.is_subaccount,
            "credential": cset.kind,
            "key": cset.api_key_sid.masked if cset.api_key_sid else None,
            "key_type": verdict.key_type,
            "region": region if region.isalnum() and len(region) <= 4 else "(not a region)",
            "edge": cset.edge.masked if cset.edge else None,
            "host": verdict.host,
            "values": [
                {"name": v.name, "location": str(v.location), "masked": v.masked,
                 "fingerprint": v.fingerprint}
                for v in cset.values()
            ],
        }  # fmt: skip


def _config(refs: list[str], base: Path | None) -> Any:
    from pydantic import ValidationError

    from sherlock.config.load import LoadedConfig, find_config
    from sherlock.config.schema import EnvironmentConfig, ServiceConfig, SherlockConfig

    stores = find_config(Path("."), base).config.stores if base else SherlockConfig().stores
    try:
        service = ServiceConfig(sources=refs)
    except ValidationError as exc:
        place = exc.errors()[0]["loc"]
        which = f"reference {int(place[1]) + 1}" if len(place) > 1 else "a reference"
        raise UsageError(
            f"{which} is not one Sherlock can read: use env:VAR, a file, aws-sm://ID[#key], "
            "vault://MOUNT/PATH[#key] or gcp-sm://projects/P/secrets/S[#key]"
        ) from None
    environment = EnvironmentConfig(services={"verify": service})
    config = SherlockConfig(discovery=False, environments={"given": environment}, stores=stores)
    return LoadedConfig(config=config, path=None)


def _is_file_ref(ref: str) -> bool:
    return not ref.startswith("env:") and "://" not in ref


def _rooted(refs: list[str], scratch: Path) -> list[str]:
    """The references, with each named file copied into ``scratch`` (the diagnosis root) at
    its path relative to the files' common folder, so the walk behind the sources reads
    exactly the files the user named and nothing beside them."""
    files = [Path(ref) for ref in refs if _is_file_ref(ref)]
    for path in files:
        if not path.is_file():
            raise UsageError("a file reference names no readable file")
    if not files:
        return refs
    base = Path(os.path.commonpath([f.resolve().parent for f in files]))
    rooted = []
    for ref in refs:
        if not _is_file_ref(ref):
            rooted.append(ref)
            continue
        relative = Path(ref).resolve().relative_to(base)
        (scratch / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ref, scratch / relative)
        rooted.append(relative.as_posix())
    return rooted


async def _verify(refs: list[str], options: dict[str, Any]) -> tuple[list[Checked], list[str]]:
    import tempfile

    from sherlock.engine.sources import gather_sources
    from sherlock.providers.twilio.checking.common import probe_for
    from sherlock.providers.twilio.client import TwilioVerifier
    from sherlock.providers.twilio.grouping import group_credentials

    with tempfile.TemporaryDirectory(prefix="sherlock-verify-") as scratch:
        rooted = _rooted(refs, Path(scratch))
        sources = await gather_sources(
            Path(scratch),
            _config(rooted, options["config"]),
            process_env=dict(os.environ),
            store_environ=None,
            trust_config=True,  # the user named every source on the command line
        )
    named = tuple(ref for ref in rooted if _is_file_ref(ref))
    notes = [
        str(n)
        for n in sources.notes
        if not _is_file_ref(n.location) or n.location.startswith(named)
    ]
    sets = group_credentials(sources.values)
    async with TwilioVerifier(
        base_url=options["twilio_base_url"], timeout=options["timeout"], proxy=options["proxy"]
    ) as verifier:
        checked = []
        for cset in sets:
            request = probe_for(cset)
            if request is None:
                notes.append(f"{cset.label}: not a complete pair; nothing was sent")
                continue
            checked.append(Checked(cset, await verifier.verify(request)))
    return checked, notes


def _print(checked: list[Checked], notes: list[str]) -> None:
    for item in checked:
        facts = item.to_dict()
        typer.echo(f"{facts['status'].upper()}  {facts['detail']}")
        for label in (
            "account",
            "friendly_name",
            "account_status",
            "account_type",
            "subaccount",
            "credential",
            "key",
            "key_type",
            "region",
            "host",
        ):
            if facts[label] is not None:
                typer.echo(f"  {label.replace('_', ' ')}: {facts[label]}")
        for value in facts["values"]:
            typer.echo(f"  {value['name']} at {value['location']} = {value['masked']} "
                       f"[{value['fingerprint']}]")  # fmt: skip
    for note in notes:
        typer.echo(f"note: {note}")


def verify(
    refs: Annotated[
        list[str],
        typer.Argument(
            metavar="REF...",
            help="env:VAR, a file, aws-sm://…, vault://… or gcp-sm://… (together: one set).",
        ),
    ],
    output: Annotated[VerifyFormat, typer.Option("--format", "-f", help="Output format.")] = (
        VerifyFormat.TERMINAL
    ),
    config: Annotated[
        Path | None,
        typer.Option("--config", help="sherlock.toml whose [stores] settings to use."),
    ] = None,
    twilio_base_url: Annotated[
        str | None, typer.Option("--twilio-base-url", help="Loopback URL of a Twilio emulator.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds the request may take.")] = 5.0,
    proxy: Annotated[str | None, typer.Option("--proxy", help="HTTPS proxy for Twilio.")] = None,
) -> None:
    """Verify one credential set, given by where it lives, with one read-only call."""
    check_timeout(timeout)
    options = {"config": config, "twilio_base_url": twilio_base_url, "timeout": timeout,
               "proxy": proxy}  # fmt: skip
    checked, notes = asyncio.run(_verify(refs, options))
    if not checked:
        raise UsageError(
            "no credential set found in the references given: name where the Account SID "
            "and the token (or the API key and its secret) live, e.g. env:TWILIO_ACCOUNT_SID "
            "env:TWILIO_AUTH_TOKEN"
        )
    if output is VerifyFormat.JSON:
        typer.echo(json.dumps({"sets": [c.to_dict() for c in checked], "notes": notes}, indent=2))
    else:
        _print(checked, notes)
    raise typer.Exit(_exit_code(checked))


def _exit_code(checked: list[Checked]) -> int:
    from sherlock.models import Outcome

    outcomes = {item.verdict.outcome for item in checked}
    if outcomes & {Outcome.INVALID, Outcome.INACTIVE, Outcome.FORBIDDEN, Outcome.TEST_CREDENTIALS}:
        return 1
    return 3 if Outcome.UNVERIFIED in outcomes else 0
