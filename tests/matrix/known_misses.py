"""Cells whose tree and expectation were checked and found right, where Sherlock is wrong.

Each is ``xfail(strict=True)`` in the pytest slice (so a fix turns it into a failure that
asks for this entry to go) and is printed as a failure by ``benchmarks/fault_matrix.py``.
Keys are ``kind/fault`` (a cell's id without its alias); values say what Sherlock misses.
"""

from __future__ import annotations

KNOWN_MISSES: dict[str, str] = {}
