"""Cells whose tree and expectation were checked and found right, where Sherlock is wrong.

Each is ``xfail(strict=True)`` in the pytest slice (so a fix turns it into a failure that
asks for this entry to go) and is printed as a failure by ``benchmarks/fault_matrix.py``.
Keys are cell ids (``kind/fault@alias``); values say what Sherlock misses.
"""

from __future__ import annotations

_SECRET_REF_REGION = (
    "a Deployment sets TWILIO_REGION/TWILIO_EDGE literally and loads the token from a Secret "
    "(secretKeyRef): the Secret's own set borrows the Deployment's Account SID but not its "
    "region and edge (sherlock/collect/group.py), so it is verified against US1 and "
    "region-mismatch blames every IE1 service, the healthy worker included"
)

KNOWN_MISSES: dict[str, str] = {
    "k8s-secret-ref/healthy-in-ie1@prd": _SECRET_REF_REGION,
    "k8s-secret-ref/deprecated-host@prd": _SECRET_REF_REGION,
}
