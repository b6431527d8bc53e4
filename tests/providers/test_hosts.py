"""Host names as twilio-python builds them, and the guard on where credentials may go."""

from __future__ import annotations

import pytest

from sherlock.errors import UnsafeDestinationError, UsageError
from sherlock.providers.twilio.hosts import (
    DEFAULT_EDGE,
    BadHostPartError,
    ProxyPlan,
    api_host,
    bypasses_proxy,
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


# --- egress proxies ---------------------------------------------------------------------

TWILIO_URL = "https://api.twilio.com/2010-04-01/Accounts.json"
PROXY = "http://proxy.corp:3128"


@pytest.mark.parametrize(
    ("environ", "proxy"),
    [
        ({}, None),
        ({"HTTPS_PROXY": PROXY}, PROXY),
        ({"https_proxy": PROXY, "HTTPS_PROXY": "http://other:1"}, PROXY),
        ({"ALL_PROXY": PROXY}, PROXY),
        ({"all_proxy": PROXY, "HTTPS_PROXY": "http://first:1"}, "http://first:1"),
        ({"HTTP_PROXY": PROXY, "http_proxy": PROXY}, None),
        ({"HTTPS_PROXY": "proxy.corp:3128"}, PROXY),
        ({"HTTPS_PROXY": "  "}, None),
    ],
)
def test_the_proxy_comes_from_the_environment_as_curl_reads_it(
    environ: dict[str, str], proxy: str | None
) -> None:
    assert ProxyPlan.choose(None, environ).for_url(TWILIO_URL) == proxy


def test_an_explicit_proxy_overrides_the_environment_and_empty_means_none() -> None:
    environ = {"HTTPS_PROXY": "http://env:1"}
    assert ProxyPlan.choose(PROXY, environ).for_url(TWILIO_URL) == PROXY
    assert ProxyPlan.choose("", environ).for_url(TWILIO_URL) is None


@pytest.mark.parametrize(
    ("no_proxy", "direct"),
    [
        ("twilio.com", True),
        (".twilio.com", True),
        ("*.twilio.com", True),
        ("example.com, api.twilio.com:443", True),
        ("*", True),
        ("eviltwilio.com", False),
        ("api.dublin.ie1.twilio.com", False),
        ("", False),
    ],
)
def test_no_proxy_hosts_go_direct(no_proxy: str, direct: bool) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        plan = ProxyPlan.choose(None, {"HTTPS_PROXY": PROXY, name: no_proxy})
        assert (plan.for_url(TWILIO_URL) is None) is direct


def test_no_proxy_also_applies_to_an_explicit_proxy_and_takes_ip_ranges() -> None:
    plan = ProxyPlan.choose(PROXY, {"NO_PROXY": "twilio.com"})
    assert plan.for_url(TWILIO_URL) is None
    assert bypasses_proxy("10.1.2.3", "10.0.0.0/8") and not bypasses_proxy("11.0.0.1", "10.0.0.0/8")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8089/x", "https://localhost:9/x", "http://[::1]:9/x"]
)
def test_a_loopback_emulator_never_goes_through_the_proxy(url: str) -> None:
    assert ProxyPlan.choose(PROXY, {}).for_url(url) is None


def test_plain_http_through_a_proxy_is_refused() -> None:
    with pytest.raises(UnsafeDestinationError):
        ProxyPlan.choose(PROXY, {}).for_url("http://api.twilio.com/x")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("socks5://user:hunter2@127.0.0.1:1080", "only http:// and https://"),
        ("ftp://proxy.corp", "only http:// and https://"),
        ("hunter2://proxy.corp", "only http:// and https:// proxies are supported"),
        ("http://", "names no host"),
        ("http://proxy.corp:notaport", "invalid port"),
    ],
)
def test_an_unusable_proxy_is_a_usage_error_that_does_not_repeat_it(value: str, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        ProxyPlan.choose(value, {})
    assert words in str(caught.value) and "hunter2" not in str(caught.value)
    with pytest.raises(UsageError, match="ALL_PROXY"):
        ProxyPlan.choose(None, {"ALL_PROXY": value})


def test_a_proxy_is_shown_without_its_own_password() -> None:
    plan = ProxyPlan.choose("http://alice:hunter2@proxy.corp:3128", {})
    assert plan.shown == "http://proxy.corp:3128"
