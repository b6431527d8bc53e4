"""Reading every store secret a config names, concurrently, without ever failing a diagnosis.

The store SDKs (boto3, hvac, google-cloud) are synchronous, so each read runs in a worker
thread; a store that is slow or down costs its own timeout, not the sum of all of them.
Anything a reader cannot do becomes a :class:`~sherlock.models.Note`, because an unreadable
store is a fact to report ("could not read aws-sm://prod/twilio: AccessDenied"), never a
cause and never a crash.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sherlock.models import Note
from sherlock.stores.base import StoreReader, StoreReadError, StoreRef, StoreSecret
from sherlock.stores.endpoints import GCP_ENDPOINT_VARIABLE, chosen_endpoint

if TYPE_CHECKING:
    from sherlock.config.schema import StoresSettings

__all__ = ["GCP_ENDPOINT_VARIABLE", "StoreReads", "make_reader", "read_stores"]


@dataclass
class StoreReads:
    """What the stores gave: secrets by URI (without key), notes on what failed, and every
    endpoint a request was sent to (``scheme://host[:port]``), for the report."""

    secrets: dict[str, StoreSecret] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    contacted: tuple[str, ...] = ()


def make_reader(scheme: str, settings: StoresSettings, environ: Mapping[str, str]) -> StoreReader:
    """The reader for one URI scheme; SDKs are imported here, only when a config needs them."""
    if scheme == "aws-sm":
        from sherlock.stores.aws import AwsSecretsManagerReader

        return AwsSecretsManagerReader(settings.aws, environ)
    if scheme == "vault":
        from sherlock.stores.vault import VaultKvReader

        return VaultKvReader(settings.vault, environ)
    if scheme == "gcp-sm":
        from sherlock.stores.gcp import GcpSecretManagerReader

        endpoint = chosen_endpoint(scheme, settings, environ)
        gcp = settings.gcp.model_copy(update={"endpoint": endpoint.url if endpoint else None})
        return GcpSecretManagerReader(gcp, environ)
    raise ValueError(f"no reader for {scheme}://")


def _read_one(ref: StoreRef, readers: dict[str, StoreReader | str]) -> StoreSecret | str:
    reader = readers[ref.scheme]
    if isinstance(reader, str):
        return reader
    try:
        return reader.read(ref)
    except StoreReadError as exc:
        return str(exc)
    except Exception as exc:  # a reader bug must not end the diagnosis; never echo details
        return f"could not read {ref.uri}: reader failed ({type(exc).__name__})"


def _readers(
    schemes: Iterable[str], settings: StoresSettings, environ: Mapping[str, str]
) -> dict[str, StoreReader | str]:
    readers: dict[str, StoreReader | str] = {}
    for scheme in schemes:
        try:
            readers[scheme] = make_reader(scheme, settings, environ)
        except StoreReadError as exc:
            readers[scheme] = str(exc)
        except Exception as exc:  # e.g. a broken profile file: say so, read the rest
            readers[scheme] = f"could not set up the {scheme} reader ({type(exc).__name__})"
    return readers


async def read_stores(
    refs: Iterable[StoreRef], settings: StoresSettings, environ: Mapping[str, str]
) -> StoreReads:
    """Every distinct secret among ``refs``, read once each, all at the same time."""
    unique = sorted({ref.uri: StoreRef(ref.scheme, ref.name) for ref in refs}.values())
    reads = StoreReads()
    if not unique:
        return reads
    readers = await asyncio.to_thread(_readers, {r.scheme for r in unique}, settings, environ)
    results = await asyncio.gather(*(asyncio.to_thread(_read_one, r, readers) for r in unique))
    for ref, result in zip(unique, results, strict=True):
        if isinstance(result, str):
            reason = result.removeprefix(f"could not read {ref.uri}: ")
            reads.notes.append(Note(f"could not read {ref.uri}", reason))
        else:
            reads.secrets[ref.uri] = result
    reached = {e for r in readers.values() if not isinstance(r, str) for e in r.contacted}
    reads.contacted = tuple(sorted(reached))
    return reads
