"""SARIF 2.1.0, for GitHub code scanning and every other tool that reads static-analysis logs.

Rule ids are cause ids, and each rule carries the knowledge base's text as its help, so a
code-scanning alert explains itself. Results point at the exact value (line and column of
its name) and carry a partial fingerprint built from the cause, the file, the variable and
the value's fingerprint, but not the line: an alert survives lines moving above it, and a
replaced value is a new alert. Advice is reported at level ``note``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from sherlock.kb.loader import load_entry
from sherlock.kb.schema import KBCause, KBEntry
from sherlock.models import Cause, Diagnosis, Proof, Site
from sherlock.render.options import RenderOptions

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/sherlock-rca/"
FINGERPRINT_KEY = "sherlockFingerprint/v1"
LEVELS = {Proof.PROVEN: "error", Proof.LIKELY: "error", Proof.POSSIBLE: "warning"}


def partial_fingerprint(cause_id: str, site: Site) -> str:
    """Stable across line moves; changes when the value (its fingerprint) changes."""
    key = "\0".join((cause_id, site.path, site.name, site.fingerprint or str(site.line)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def column_of(root: Path, site: Site) -> int | None:
    """The 1-based column where the value's name starts on its line, if the file says so."""
    if not site.name or not site.line or "://" in site.path:
        return None
    lines = _file_lines(root / site.path)
    if site.line > len(lines):
        return None
    index = lines[site.line - 1].find(site.name)
    return index + 1 if index >= 0 else None


def _file_lines(path: Path) -> tuple[str, ...]:
    """A file's lines (universal newlines), read once per version of the file: a report
    places many sites in the same few files, and each site asks for its column."""
    try:
        info = path.stat()
    except OSError:
        return ()
    return _read_lines(str(path.resolve()), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=256)
def _read_lines(path: str, _mtime: int, _size: int) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return tuple(handle.read().split("\n"))
    except OSError:
        return ()


def evidence_for(cause: Cause, site: Site) -> str:
    """The evidence line about this site (it names its location), else the cause's first."""
    here = f"{site.path}:{site.line}" if site.line else site.path
    for line in cause.evidence:
        if here in line:
            return line
    return cause.evidence[0] if cause.evidence else cause.title


def _rule(cause: KBCause) -> dict[str, Any]:
    confirm = "\n".join(f"{i}. {step}" for i, step in enumerate(cause.confirm, 1))
    fix = "\n".join(f"{i}. {step}" for i, step in enumerate(cause.fix, 1))
    text = f"{cause.description}\n\nHow to confirm:\n{confirm}\n\nHow to fix:\n{fix}"
    return {
        "id": cause.id,
        "name": "".join(part.capitalize() for part in cause.id.split("-")),
        "shortDescription": {"text": cause.title},
        "fullDescription": {"text": cause.description},
        "help": {"text": text, "markdown": text.replace("\n", "  \n")},
        "defaultConfiguration": {"level": "error" if cause.severity != "low" else "warning"},
        "properties": {"tags": ["twilio", "credentials"], "severity": cause.severity},
    }


def _location(root: Path, site: Site) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": site.path}
    if "://" not in site.path:
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if site.line:
        region: dict[str, Any] = {"startLine": site.line}
        column = column_of(root, site)
        if column is not None:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def _results(
    root: Path, causes: Iterable[Cause], rule_index: dict[str, int], advice: bool
) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for cause in causes:
        for site in cause.sites or ():
            message = f"{cause.title} ({cause.proof.value}): {evidence_for(cause, site)}"
            result: dict[str, Any] = {
                "ruleId": cause.id,
                "ruleIndex": rule_index[cause.id],
                "level": "note" if advice else LEVELS[cause.proof],
                "message": {"text": message},
                "locations": [_location(root, site)],
                "partialFingerprints": {FINGERPRINT_KEY: partial_fingerprint(cause.id, site)},
                "properties": {
                    "proof": cause.proof.value,
                    "confidence": round(cause.confidence, 2),
                    "advice": advice,
                    "environments": list(cause.environments),
                    "valueFingerprint": site.fingerprint,
                },
            }
            results.append(result)
    return results


def sarif_log(
    diagnosis: Diagnosis,
    entry: KBEntry,
    *,
    root: Path,
    version: str,
    extra_rules: Sequence[KBCause] = (),
) -> dict[str, Any]:
    """The SARIF log as data: one run, one rule per knowledge-base cause (and per extra
    rule, such as the audit advice of `sherlock check`)."""
    rules = [*entry.causes, *extra_rules]
    rule_index = {cause.id: i for i, cause in enumerate(rules)}
    results = _results(root, diagnosis.causes, rule_index, advice=False)
    results += _results(root, diagnosis.advice, rule_index, advice=True)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "Sherlock",
                "version": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(cause) for cause in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
        "results": results,
        "invocations": [_invocation(diagnosis)],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _invocation(diagnosis: Diagnosis) -> dict[str, Any]:
    notes: Sequence[str] = [str(note) for note in diagnosis.notes]
    notes = [*diagnosis.completeness.reasons, *notes]
    return {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {"level": "note", "message": {"text": text}} for text in notes[:200]
        ],
    }


def render_sarif(
    diagnosis: Diagnosis,
    entry: KBEntry,
    *,
    root: Path,
    version: str,
    extra_rules: Sequence[KBCause] = (),
) -> str:
    log = sarif_log(diagnosis, entry, root=root, version=version, extra_rules=extra_rules)
    return json.dumps(log, indent=2)


def render(diagnosis: Diagnosis, options: RenderOptions) -> str:
    """The registry's entry point: rules from the diagnosed error's knowledge-base entry."""
    return render_sarif(
        diagnosis,
        load_entry(diagnosis.error),
        root=options.root,
        version=options.tool_version,
        extra_rules=options.extra_rules,
    )
