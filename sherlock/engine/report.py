"""The ``credentials`` part of the report: where each value lives and what Twilio said.

One row per value and place, never the value itself: fingerprint and mask only. Rows are
ordered the way a person scans them: environment, service, then place in the tree, with
line numbers compared as numbers (``.env:2`` before ``.env:10``) and secret-store URIs after
the files, so two runs over the same tree print the same table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sherlock.models import CredentialGroup, CredentialReport, FoundValue, Location, Verification

#: ``vault://…``, ``aws-sm://…``, ``env:NAME``: places that are not files in the tree.
_NOT_A_FILE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|(?=[A-Za-z_]))")

RowKey = tuple[str, str, int, tuple[str, ...], int, str]


def is_file_location(location: Location) -> bool:
    """Whether a location is a path in the scanned tree rather than a store or variable URI."""
    return _NOT_A_FILE.match(location.path) is None


def row_order(value: FoundValue) -> RowKey:
    """Environment, service, files before URIs, path by its parts, line as a number, name."""
    where = value.location
    return (
        value.environment,
        value.service,
        0 if is_file_location(where) else 1,
        tuple(where.path.split("/")),
        where.line or 0,
        value.name,
    )


def credential_rows(
    sets: Sequence[CredentialGroup],
    results: Mapping[CredentialGroup, Verification],
    environment: str | None,
) -> tuple[CredentialReport, ...]:
    # Keyed by the value too: two consumers may read one line differently (docker keeps the
    # quotes systemd strips), and each reading is a row of its own; and by the environment:
    # a line two environments' runs read (a Next.js .env.local) is shown in each.
    rows: dict[tuple[str, str, str, str], tuple[RowKey, CredentialReport]] = {}
    for cset in sets:
        if environment is not None and cset.environment != environment:
            continue
        verdict = results[cset].describe() if cset in results else "not verified"
        for value in cset.values():
            key = (str(value.location), value.name, value.fingerprint, value.environment)
            if key in rows:
                continue
            rows[key] = (
                row_order(value),
                CredentialReport(
                    location=str(value.location),
                    environment=value.environment,
                    service=value.service,
                    kind=str(value.field),
                    fingerprint=value.fingerprint,
                    masked=value.masked,
                    verification=verdict,
                    name=value.name,
                ),
            )
    return tuple(report for _, report in sorted(rows.values(), key=lambda row: row[0]))
