"""Cells whose tree and expectation were checked and found right, where Sherlock is wrong.

Each is ``xfail(strict=True)`` in the pytest slice (so a fix turns it into a failure that
asks for this entry to go) and is printed as a failure by ``benchmarks/fault_matrix.py``.
Keys are ``kind/fault`` (a cell's id without its alias); values say what Sherlock misses.
"""

from __future__ import annotations

_SECRET_LOSES_REGION = (
    "the pod gets TWILIO_REGION/TWILIO_EDGE from its Deployment (or ConfigMap) and the token "
    "from a Secret: the Secret's own set borrows the Account SID from the other object but not "
    "the region and edge (sherlock/collect/group.py), so it is verified against US1 and "
    "region-mismatch is blamed on every IE1 service, the healthy worker included"
)

KNOWN_MISSES: dict[str, str] = {
    "k8s-secret-ref/healthy-in-ie1": _SECRET_LOSES_REGION,
    "k8s-secret-ref/deprecated-host": _SECRET_LOSES_REGION,
    "k8s-env-from/healthy-in-ie1": _SECRET_LOSES_REGION,
    "k8s-env-from/deprecated-host": _SECRET_LOSES_REGION,
}
