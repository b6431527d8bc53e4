"""Machine formats point only at places that exist: a pasted access token is a cause's place
for people to read, not a file SARIF or a GitHub annotation can open."""

from __future__ import annotations

from pathlib import Path

from sherlock.engine.sites import attach_sites
from sherlock.models import Cause, Location, Proof


def _cause(*locations: Location) -> Cause:
    return Cause(
        id="token-expired",
        title="The access token has expired",
        severity="high",
        likelihood="high",
        confidence=0.9,
        proof=Proof.PROVEN,
        locations=locations,
        evidence=("exp passed",),
        fix=("mint a new token",),
    )


def test_a_place_outside_the_tree_gets_no_site(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "secret.yaml").write_text("kind: Secret\n", encoding="utf-8")
    cause = _cause(Location("access token"), Location("k8s/secret.yaml"))
    (attached,) = attach_sites([cause], [], tmp_path)
    assert [site.path for site in attached.sites] == ["k8s/secret.yaml"]


def test_a_store_location_keeps_its_site(tmp_path: Path) -> None:
    store = Location.in_store("aws-sm://prod/twilio", "authToken", "AWSCURRENT")
    (attached,) = attach_sites([_cause(store)], [], tmp_path)
    assert len(attached.sites) == 1
