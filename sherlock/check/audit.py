"""Audit advice from a finished diagnosis: a main Auth Token in production, one secret in
several environments, a secret committed to git.

These read only the report's credential rows (fingerprints, never values). Git is asked,
not guessed: a file counts as committed only when ``git ls-files`` lists it.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from ruamel.yaml import YAML

from sherlock.engine.sites import site_at
from sherlock.kb.schema import KBCause
from sherlock.models import Cause, CredentialReport, Location, Proof, Site

SECRET_KINDS = frozenset({"auth_token", "api_key_secret"})
PRODUCTION = "prod"


@lru_cache(maxsize=1)
def audit_rules() -> tuple[KBCause, ...]:
    """The audit rules, validated by the knowledge base's cause schema."""
    text = files("sherlock.check").joinpath("audit.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    return tuple(KBCause.model_validate(item) for item in data)


def _rule(rule_id: str) -> KBCause:
    return next(rule for rule in audit_rules() if rule.id == rule_id)


def _site(row: CredentialReport) -> Site:
    return site_at(row.location, row.name, row.kind, row.fingerprint)


def _advice(rule_id: str, rows: Sequence[CredentialReport], evidence: str) -> Cause:
    rule = _rule(rule_id)
    return Cause(
        id=rule.id,
        title=rule.title,
        severity=rule.severity,
        likelihood=rule.likelihood,
        confidence=0.9,
        proof=Proof.LIKELY,
        locations=tuple(dict.fromkeys(Location.parse(row.location) for row in rows)),
        evidence=(evidence,),
        fix=rule.fix,
        sites=tuple(dict.fromkeys(_site(row) for row in rows)),
        environments=tuple(dict.fromkeys(row.environment for row in rows)),
    )


def main_token_in_production(rows: Iterable[CredentialReport]) -> list[Cause]:
    found = [r for r in rows if r.environment == PRODUCTION and r.kind == "auth_token"]
    by_service: dict[str, list[CredentialReport]] = defaultdict(list)
    for row in found:
        by_service[row.service].append(row)
    return [
        _advice(
            "main-auth-token-in-production",
            service_rows,
            f"prod/{service} authenticates with the main Auth Token "
            f"({service_rows[0].fingerprint}) at {service_rows[0].location}",
        )
        for service, service_rows in sorted(by_service.items())
    ]


def shared_across_environments(rows: Iterable[CredentialReport]) -> list[Cause]:
    by_value: dict[str, list[CredentialReport]] = defaultdict(list)
    for row in rows:
        if row.kind in SECRET_KINDS and "://" not in row.location:
            by_value[row.fingerprint].append(row)
    advice = []
    for fingerprint, holders in sorted(by_value.items()):
        environments = sorted({row.environment for row in holders})
        if len(environments) > 1:
            evidence = f"{fingerprint} is used in {', '.join(environments)}"
            advice.append(_advice("credential-shared-across-environments", holders, evidence))
    return advice


def tracked_files(root: Path) -> frozenset[str] | None:
    """Paths git tracks under ``root`` (relative to it); None when it is not a git work tree."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--full-name", "."],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    prefix = _prefix(root)
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return frozenset(n.removeprefix(prefix) for n in names if n and n.startswith(prefix))


def _prefix(root: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--show-prefix"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def committed_secrets(rows: Iterable[CredentialReport], tracked: frozenset[str]) -> list[Cause]:
    by_path: dict[str, list[CredentialReport]] = defaultdict(list)
    for row in rows:
        path = _site(row).path
        if row.kind in SECRET_KINDS and path in tracked:
            by_path[path].append(row)
    return [
        _advice("credential-in-git", held, f"{path} is tracked by git and holds a secret")
        for path, held in sorted(by_path.items())
    ]


def audit(rows: Sequence[CredentialReport], root: Path) -> tuple[list[Cause], list[str]]:
    """Every audit finding, and notes on what could not be audited."""
    advice = main_token_in_production(rows) + shared_across_environments(rows)
    tracked = tracked_files(root)
    if tracked is None:
        return advice, ["not a git work tree: committed secrets were not looked for"]
    return advice + committed_secrets(rows, tracked), []
