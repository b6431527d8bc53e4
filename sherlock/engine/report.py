"""The ``credentials`` part of the report: where each value lives and what Twilio said.

One row per value and place, never the value itself: fingerprint and mask only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sherlock.models import CredentialReport, CredentialSet, Verification


def credential_rows(
    sets: Sequence[CredentialSet],
    results: Mapping[CredentialSet, Verification],
    environment: str | None,
) -> tuple[CredentialReport, ...]:
    rows: dict[tuple[str, str], CredentialReport] = {}
    for cset in sets:
        if environment is not None and cset.environment != environment:
            continue
        verdict = results[cset].describe() if cset in results else "not verified"
        for value in cset.values():
            key = (str(value.location), value.name)
            rows.setdefault(
                key,
                CredentialReport(
                    location=str(value.location),
                    environment=value.environment,
                    service=value.service,
                    kind=value.field.value,
                    fingerprint=value.fingerprint,
                    masked=value.masked,
                    verification=verdict,
                ),
            )
    return tuple(sorted(rows.values(), key=lambda r: (r.environment, r.service, r.location)))
