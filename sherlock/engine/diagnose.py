"""The one ``diagnose()`` every front end calls: collect → verify → check → rank.

Verification runs every distinct credential set concurrently through one cached verifier;
the checks then run concurrently too, and their counter-tests reuse that cache. Nothing
here prints: the result is a :class:`~sherlock.models.Diagnosis` for a renderer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sherlock.collect import CollectResult, WalkAhead, collect_tree
from sherlock.config import CONFIG_NAME
from sherlock.engine.advice import mark_advice
from sherlock.engine.completeness import assess
from sherlock.engine.decoys import split_decoys
from sherlock.engine.environments import resolve_environment
from sherlock.engine.rank import rank, rank_advice
from sherlock.engine.report import credential_rows
from sherlock.engine.scrub import scrub_diagnosis, secrets_of, unknown_error_message
from sherlock.engine.sites import attach_sites
from sherlock.engine.sources import Sources, gather_sources
from sherlock.errors import InputError
from sherlock.models import Diagnosis, Finding, Note, Verification
from sherlock.providers.base import (
    CheckInputs,
    ErrorSpec,
    OfflineVerifier,
    Provider,
    Verifier,
    VerifierSettings,
)
from sherlock.providers.registry import error_spec, known_error_ids
from sherlock.secrets import Secret

if TYPE_CHECKING:
    from sherlock.config import LoadedConfig
    from sherlock.kb import KBEntry

#: What a request diagnoses when it names no error: the first error Sherlock mastered.
DEFAULT_ERROR = "twilio-20003"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiagnoseRequest:
    """What to diagnose and how; every front end builds one of these."""

    root: Path = Path(".")
    error: str = DEFAULT_ERROR
    environment: str | None = None
    offline: bool = False
    process_env: Mapping[str, str] | None = None
    twilio_base_url: str | None = None
    timeout: float = 5.0
    config: LoadedConfig | None = None  # None: ROOT/sherlock.toml if present, else discovery only
    store_environ: Mapping[str, str] | None = None  # AWS_*/VAULT_*/GOOGLE_*; None: os.environ
    proxy: str | None = None  # None: HTTPS_PROXY/NO_PROXY from the environment
    trust_config: bool = False  # a sherlock.toml inside the tree may point stores elsewhere
    token: Secret | None = field(default=None, repr=False)  # a pasted access token (JWT errors)


def diagnose(request: DiagnoseRequest, walk: WalkAhead | None = None) -> Diagnosis:
    """Run a whole diagnosis; raises InputError for a root that cannot be scanned.

    The tree walk starts here, before the event loop (or earlier, as ``walk``: a command
    line that starts a thread of its own first begins it before that thread), so a large
    tree can be walked by forked workers beside the rest of the start-up.
    """
    if not request.root.is_dir():
        raise InputError(f"{request.root} is not a directory Sherlock can scan")
    spec_for(request.error)
    with walk or WalkAhead(request.root) as ahead:
        return asyncio.run(diagnose_async(request, collect=ahead.collect))


def spec_for(error_id: str) -> tuple[Provider, ErrorSpec]:
    """The provider and spec that diagnose ``error_id``; InputError naming the known ids."""
    found = error_spec(error_id)
    if found is None:
        raise InputError(unknown_error_message(error_id, known_error_ids()))
    return found


async def _run_checks(spec: ErrorSpec, ctx: object) -> tuple[list[Finding], list[str]]:
    """Every check's findings, and the names of the checks that crashed.

    One broken check must not silence the others: its failure becomes a note (by exception
    type only, since a message could quote a value) and the diagnosis is marked incomplete.
    """
    names = tuple(spec.checks)
    batches = await asyncio.gather(
        *(spec.checks[name](ctx) for name in names), return_exceptions=True
    )
    findings: list[Finding] = []
    failed: list[str] = []
    for name, batch in zip(names, batches, strict=True):
        if isinstance(batch, BaseException):
            if not isinstance(batch, Exception):
                raise batch
            logger.warning("check %s failed: %s", name, type(batch).__name__)
            failed.append(f"{name} ({type(batch).__name__})")
            continue
        findings.extend(batch)
    if spec.explain_leftovers is not None:
        findings += spec.explain_leftovers(ctx, findings)
    return findings, failed


def _config_in(root: Path) -> LoadedConfig | None:
    """ROOT/sherlock.toml, validated, or None (plain discovery, without importing pydantic)."""
    if not (root / CONFIG_NAME).is_file():
        return None
    from sherlock.config.load import find_config

    return find_config(root)


def _load_kb(entry_id: str) -> KBEntry:
    from sherlock.kb import load_entry  # pydantic + YAML: worth keeping off the start-up path

    return load_entry(entry_id)


async def diagnose_async(
    request: DiagnoseRequest,
    verifier: Verifier | None = None,
    sources: Sources | None = None,
    collect: Callable[..., CollectResult] = collect_tree,
) -> Diagnosis:
    """The core, for callers already in an event loop (the HTTP and Slack front ends).

    A long-running caller passes its own ``verifier`` (made with a ``cache_ttl``) so repeated
    questions about the same credentials cost no new requests; it stays open afterwards.
    The tree walk, the knowledge base and (for a one-off run) the verifier's TLS set-up start
    together, since each is mostly waiting on disk. ``sources`` already gathered (a server's
    warm index, :mod:`sherlock.index`) replace the walk; ``collect`` stands in for
    ``collect_tree`` (a walk begun earlier: :class:`~sherlock.collect.WalkAhead`).
    """
    provider, spec = spec_for(request.error)
    found = asyncio.create_task(_gather(request, sources, collect))
    kb_entry = asyncio.create_task(asyncio.to_thread(_load_kb, request.error))
    try:
        if verifier is not None:
            return await _diagnose_with(request, provider, spec, verifier, await found, kb_entry)
        if request.offline:
            own: Verifier = OfflineVerifier()
        else:
            own = await asyncio.to_thread(provider.new_verifier, verifier_settings(request))
    except BaseException:
        found.cancel()
        kb_entry.cancel()
        raise
    async with own:
        return await _diagnose_with(request, provider, spec, own, await found, kb_entry)


def verifier_settings(request: DiagnoseRequest, cache_ttl: float | None = None) -> VerifierSettings:
    """How the request says to reach the provider (made beside the walk: loading the CA
    bundle takes tens of milliseconds)."""
    return VerifierSettings(
        base_url=request.twilio_base_url,
        timeout=request.timeout,
        proxy=request.proxy,
        cache_ttl=cache_ttl,
    )


async def _gather(
    request: DiagnoseRequest,
    given: Sources | None = None,
    collect: Callable[..., CollectResult] = collect_tree,
) -> Sources:
    if given is not None:
        return given
    loaded = request.config or _config_in(request.root)
    return await gather_sources(
        request.root,
        loaded,
        process_env=request.process_env,
        store_environ=request.store_environ,
        trust_config=request.trust_config,
        offline=request.offline,
        collect=collect,
    )


async def _diagnose_with(
    request: DiagnoseRequest,
    provider: Provider,
    spec: ErrorSpec,
    verifier: Verifier,
    found: Sources,
    kb_entry: asyncio.Task[KBEntry],
) -> Diagnosis:
    values, decoy_notes = split_decoys(found.values, found.claimed_paths)
    sets = provider.group(values)
    environments = tuple(sorted({s.environment for s in sets}))
    env = _chosen_environment(request.environment, environments)
    sent_before = verifier.request_count
    results = await provider.verify_all(verifier, sets, request.offline)
    inputs = CheckInputs(
        groups=sets,
        values=tuple(values),
        results=results,
        verifier=None if request.offline else verifier,
        history=tuple(found.history),
        expectations=found.expectations,
        token=request.token,
        readings=found.readings,
    )
    findings, failed = await _run_checks(spec, provider.check_context(inputs))
    if "token" not in spec.inputs:  # a refused access token is not explained away by
        findings = mark_advice(findings, sets, results)  # the tree's accepted credentials
    requests = verifier.request_count - sent_before
    if env is not None:
        # A finding of no environment (about a pasted token) concerns every environment.
        findings = [f for f in findings if f.environment in (env, "")]
    chosen = [s for s in sets if env is None or s.environment == env]
    notes = tuple(found.notes) + tuple(decoy_notes)
    notes += tuple(Note(f"check {name}", "failed; its cause was not judged") for name in failed)
    entry = await kb_entry
    causes = attach_sites(rank(findings, entry), values, request.root)
    diagnosis = Diagnosis(
        error=request.error,
        causes=causes,
        advice=attach_sites(rank_advice(findings, entry), values, request.root),
        credentials=credential_rows(sets, results, env),
        notes=notes,
        requests=requests,
        root=str(request.root),
        environments=environments,
        environment=env,
        completeness=assess(
            root=request.root,
            sets=chosen,
            results=results,
            offline=request.offline,
            failed_checks=failed,
            causes=causes,
            error=request.error,
        ),
        contacted=found.contacted + _provider_contacted(results, requests),
    )
    # Free text from the tree (step names, folder names) may hold a secret or an escape.
    known = secrets_of([*found.values, *(h.value for h in found.history)])
    return scrub_diagnosis(diagnosis, known)


def _chosen_environment(requested: str | None, environments: Sequence[str]) -> str | None:
    """The canonical label ``requested`` means; None for all. With nothing found at all the
    report is incomplete anyway, so an unknown name is not an error there."""
    if requested is None or not environments:
        return requested
    return resolve_environment(requested, environments)


def _provider_contacted(results: Mapping[Any, Verification], requests: int) -> tuple[str, ...]:
    """The provider origins (and proxies) this diagnosis sent requests to."""
    if not requests:
        return ()
    origins: set[str] = set()
    for verdict in results.values():
        if verdict.url:
            parts = urlsplit(verdict.url)
            origins.add(f"{parts.scheme}://{parts.netloc}")
        if verdict.proxy:
            origins.add(f"{verdict.proxy} (proxy)")
    return tuple(sorted(origins))
