"""Cells whose tree and expectation were checked and found right, where Sherlock is wrong.

Each is ``xfail(strict=True)`` in the pytest slice (so a fix turns it into a failure that
asks for this entry to go) and is printed as a failure by ``benchmarks/fault_matrix.py``.
Keys are ``kind/fault`` (a cell's id without its alias); values say what Sherlock misses.
"""

from __future__ import annotations

KNOWN_MISSES: dict[str, str] = {
    "supabase-config/staging-pair-in-prod": (
        "a prod Supabase project whose config.toml SID and .env token are both staging's "
        "disappears from the report (no credential listed at its path, no advice): the pair "
        "that equals staging's is dropped instead of flagged as environment-mismatch"
    ),
    "twilio-functions/swapped-fields": (
        "an env file with the token under ACCOUNT_SID and the Account SID under AUTH_TOKEN is "
        "reported as missing-credential at the AUTH_TOKEN line, not sid-key-confusion at "
        "ACCOUNT_SID: the swapped values are not recognised for twilio-run's unprefixed names"
    ),
}
