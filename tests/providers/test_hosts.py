"""Host names as twilio-python builds them, and the guard on where credentials may go."""

from __future__ import annotations

import pytest

from sherlock.errors import UnsafeDestinationError
from sherlock.providers.twilio.hosts import (
    DEFAULT_EDGE,
    BadHostPartError,
    api_host,
    check_destination,
    is_deprecated_regional_host,
)
from tests.twilio_fixtures import MAIN_TOKEN


@pytest.mark.parametrize(
    ("region", "edge", "host"),
    [
        (None, None, "api.twilio.com"),
        ("", "", "api.twilio.com"),
        ("ie1", "dublin", "api.dublin.ie1.twilio.com"),
        ("IE1", "Dublin", "api.dublin.ie1.twilio.com"),
        ("ie1", None, "api.ie1.twilio.com"),
        (None, "sydney", "api.sydney.us1.twilio.com"),
        ("br1", "sao-paulo", "api.sao-paulo.br1.twilio.com"),
    ],
)
def test_api_host_matches_twilio_python(region: str | None, edge: str | None, host: str) -> None:
    assert api_host(region, edge) == host


@pytest.mark.parametrize("junk", ["ie1 ", "ie1\n", '"ie1"', "ie1.evil.com", "a/b", MAIN_TOKEN])
def test_junk_region_or_edge_is_refused_without_repeating_it(junk: str) -> None:
    for region, edge in ((junk, None), ("ie1", junk)):
        with pytest.raises(BadHostPartError) as caught:
            api_host(region, edge)
        assert junk.strip() not in str(caught.value)


def test_default_edges_cover_the_documented_regions() -> None:
    assert DEFAULT_EDGE["ie1"] == "dublin" and DEFAULT_EDGE["au1"] == "sydney"
    assert set(DEFAULT_EDGE) == {"au1", "br1", "de1", "ie1", "jp1", "jp2", "sg1", "us1", "us2"}


@pytest.mark.parametrize(
    ("host", "deprecated"),
    [
        ("api.ie1.twilio.com", True),
        ("API.AU1.twilio.com:443", True),
        ("api.twilio.com", False),
        ("accounts.twilio.com", False),
        ("api.dublin.ie1.twilio.com", False),
        ("api.ie1.example.com", False),
    ],
)
def test_region_only_hosts_are_flagged(host: str, deprecated: bool) -> None:
    assert is_deprecated_regional_host(host) is deprecated


@pytest.mark.parametrize(
    "url",
    [
        "https://api.twilio.com/2010-04-01/Accounts.json",
        "https://twilio.com/x",
        "https://api.dublin.ie1.twilio.com:443/x",
    ],
)
def test_https_twilio_destinations_pass(url: str) -> None:
    check_destination(url, base_url=None)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x",
        "https://evil.com/x",
        "http://api.twilio.com/x",
        "https://api.twilio.com.evil.com/x",
        "https://eviltwilio.com/x",
        "https://user:pw@api.twilio.com/x",
        "https://api.twilio.com:8443/x",
        "https://api.twilio.com:notaport/x",
        "http://127.0.0.1:8089/x",
    ],
)
def test_other_destinations_are_refused(url: str) -> None:
    with pytest.raises(UnsafeDestinationError):
        check_destination(url, base_url=None)


def test_loopback_base_url_allows_only_urls_under_it() -> None:
    base = "http://127.0.0.1:8089"
    check_destination(f"{base}/2010-04-01/Accounts.json", base_url=base)
    check_destination("http://localhost:9/x", base_url="http://localhost:9")
    check_destination("http://[::1]:9/x", base_url="http://[::1]:9")
    for url in ("http://127.0.0.1:8090/x", "https://api.twilio.com/x", "http://127.0.0.2:8089/x"):
        with pytest.raises(UnsafeDestinationError):
            check_destination(url, base_url=base)


@pytest.mark.parametrize(
    "base_url", ["http://example.com", "http://10.1.2.3:8089", "http://localhost.evil.com"]
)
def test_non_loopback_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(UnsafeDestinationError):
        check_destination(f"{base_url}/x", base_url=base_url)
