"""Which Twilio host a client talks to, and where Sherlock may send a credential.

Host names are built the way twilio-python (9.10.1 and later) builds them from
``TWILIO_REGION`` / ``TWILIO_EDGE``, because the goal is to reproduce the request the
failing program makes, including its mistakes: a region without an edge yields the
region-only host (``api.ie1.twilio.com``) that stopped answering on 2026-04-28.

Region and edge come from config files and may hold anything, including a secret pasted
into the wrong variable. They are checked before they become part of a DNS name: only
short labels of lowercase letters, digits and dashes pass, so a 32-character token can
never end up in a DNS query. Failing values raise :class:`BadHostPartError`, whose message
never repeats the value.

:func:`check_destination` is the last gate before any credential leaves the process:
HTTPS to ``twilio.com`` (or a subdomain), or a loopback emulator the user named.

:class:`ProxyPlan` says which egress proxy a request goes through, the way curl decides:
``--proxy`` if given, else ``https_proxy``/``HTTPS_PROXY``, else ``all_proxy``/``ALL_PROXY``;
hosts matching ``no_proxy``/``NO_PROXY`` and loopback addresses go direct. A proxy only
ever carries HTTPS through a CONNECT tunnel, so it sees the host name and never a
credential; a plain-HTTP request through a proxy is refused.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from sherlock.errors import UnsafeDestinationError, UsageError

#: The edge the Twilio CLI picks for each region when only the region is known.
DEFAULT_EDGE: dict[str, str] = {
    "au1": "sydney",
    "br1": "sao-paulo",
    "de1": "frankfurt",
    "ie1": "dublin",
    "jp1": "tokyo",
    "jp2": "osaka",
    "sg1": "singapore",
    "us1": "ashburn",
    "us2": "umatilla",
}

#: Short DNS labels only: real regions and edges are at most ~10 characters.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?")
_TWILIO_DOMAIN = "twilio.com"


class BadHostPartError(ValueError):
    """A region or edge value that cannot be part of a host name (value not repeated)."""


def clean_host_part(value: str | None, what: str) -> str | None:
    """A region/edge value fit for a host name, or None when unset.

    Empty counts as unset, as it does for twilio-python. Upper case is folded because
    DNS ignores case; anything else unusual (spaces, quotes, dots, long values) is refused.
    """
    if not value:
        return None
    folded = value.lower()
    if not _LABEL.fullmatch(folded):
        raise BadHostPartError(f"the {what} setting is not a valid host name part")
    return folded


def api_host(region: str | None, edge: str | None) -> str:
    """The REST API host twilio-python would call for this region and edge."""
    clean_region = clean_host_part(region, "region")
    clean_edge = clean_host_part(edge, "edge")
    if clean_edge and not clean_region:
        clean_region = "us1"
    parts = ["api", clean_edge, clean_region, _TWILIO_DOMAIN]
    return ".".join(part for part in parts if part)


def _host_only(host: str) -> str:
    """Lower-cased host without a port (``[::1]:80`` → ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def is_deprecated_regional_host(host: str) -> bool:
    """Whether ``host`` is a region-only Twilio host (``api.ie1.twilio.com``), now dead.

    twilio-python reads a four-label ``*.twilio.com`` host as ``product.region``; since
    2026-04-28 such hosts no longer answer.
    """
    labels = _host_only(host).rstrip(".").split(".")
    return len(labels) == 4 and labels[-2:] == ["twilio", "com"]


def is_twilio_host(host: str) -> bool:
    """``twilio.com`` itself or a subdomain of it (not ``eviltwilio.com``)."""
    name = _host_only(host).rstrip(".")
    return name == _TWILIO_DOMAIN or name.endswith("." + _TWILIO_DOMAIN)


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback IP address (127.0.0.0/8, ::1)."""
    name = _host_only(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _split(url: str) -> SplitResult:
    """``urlsplit`` that also validates the port, turning junk into a refusal."""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        raise UnsafeDestinationError("refusing a malformed URL") from None
    return parts


def check_base_url(base_url: str) -> None:
    """Refuse an emulator base URL that is not plain http(s) on a loopback address."""
    parts = _split(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeDestinationError("the base URL must be an http(s) URL on a loopback address")
    if parts.username is not None or parts.password is not None:
        raise UnsafeDestinationError("the base URL must not carry credentials")
    if not is_loopback_host(parts.hostname):
        raise UnsafeDestinationError(
            f"refusing to send credentials to {parts.hostname}: "
            "a base URL must point at a loopback emulator (127.0.0.1, ::1 or localhost)"
        )


def _same_origin(url: str, base_url: str) -> bool:
    """Whether ``url`` lies under ``base_url`` (scheme, host, port and path prefix)."""
    target, base = _split(url), _split(base_url)
    if (target.scheme, target.hostname, target.port) != (base.scheme, base.hostname, base.port):
        return False
    if target.username is not None or target.password is not None:
        return False
    prefix = base.path.rstrip("/")
    return target.path == prefix or target.path.startswith(prefix + "/")


def check_destination(url: str, *, base_url: str | None) -> None:
    """Raise :class:`UnsafeDestinationError` unless ``url`` is a safe place for a credential.

    Safe means HTTPS on twilio.com or one of its subdomains, or, when the user gave a
    loopback ``base_url`` (an emulator), a URL under that exact base. Messages name only
    the scheme and host, never the path, which may carry an Account SID.
    """
    if base_url is not None:
        check_base_url(base_url)
        if not _same_origin(url, base_url):
            raise UnsafeDestinationError("refusing a URL outside the configured emulator base URL")
        return
    parts = _split(url)
    where = f"{parts.scheme}://{parts.hostname or '?'}"
    if parts.scheme != "https":
        raise UnsafeDestinationError(f"refusing to send credentials to {where}: not HTTPS")
    if parts.username is not None or parts.password is not None:
        raise UnsafeDestinationError("refusing a URL that carries credentials of its own")
    if not parts.hostname or not is_twilio_host(parts.hostname):
        raise UnsafeDestinationError(f"refusing to send credentials to {where}: not a Twilio host")
    if parts.port not in (None, 443):
        raise UnsafeDestinationError(f"refusing to send credentials to {where}: unusual port")


_PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
_SCHEME = re.compile(r"socks[45]?[ah]?|ftp|file|wss?")  # named back in errors; others are not
_NO_PROXY_VARIABLES = ("no_proxy", "NO_PROXY")


def shown_proxy(url: str) -> str:
    """A proxy URL fit to print: scheme, host and port, never its own user or password."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    host = f"[{host}]" if ":" in host else host
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def check_proxy_url(url: str, source: str) -> str:
    """The proxy URL to use (``http://`` added when there is no scheme, as curl does), or
    :class:`UsageError` naming ``source``; the message never repeats the URL itself."""
    text = url.strip()
    if "://" not in text:
        text = f"http://{text}"
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        known = _SCHEME.fullmatch(parts.scheme.lower())
        shown = f", not {parts.scheme.lower()}://" if known else ""
        raise UsageError(f"{source}: only http:// and https:// proxies are supported{shown}")
    try:
        _ = parts.port
    except ValueError:
        raise UsageError(f"{source}: the proxy URL has an invalid port") from None
    if not parts.hostname:
        raise UsageError(f"{source}: the proxy URL names no host")
    return text


def _no_proxy_entry(entry: str) -> str:
    """One ``no_proxy`` entry as a bare name: no port, brackets, ``*.`` or leading dot."""
    entry = entry.strip().lower().rstrip(".")
    if entry.startswith("["):
        return entry[1:].split("]", 1)[0]
    if entry.count(":") == 1:
        entry = entry.split(":", 1)[0]
    return entry if entry == "*" else entry.removeprefix("*").lstrip(".")


def bypasses_proxy(host: str, no_proxy: str) -> bool:
    """Whether ``no_proxy`` (curl's rules) sends ``host`` direct: ``*`` for every host, a
    domain for itself and its subdomains, an IP address or CIDR range for those addresses."""
    name = _host_only(host).rstrip(".")
    for raw in no_proxy.split(","):
        entry = _no_proxy_entry(raw)
        if not entry:
            continue
        if entry == "*" or name == entry or name.endswith("." + entry):
            return True
        try:
            if ipaddress.ip_address(name) in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


@dataclass(frozen=True)
class ProxyPlan:
    """Which proxy HTTPS requests take: ``url`` (None = none) unless ``no_proxy`` matches."""

    url: str | None = None
    no_proxy: str = ""
    source: str = ""

    @classmethod
    def choose(cls, explicit: str | None, environ: Mapping[str, str]) -> ProxyPlan:
        """``explicit`` wins (``""`` means no proxy at all); else the environment, like curl."""
        no_proxy = next((environ[n] for n in _NO_PROXY_VARIABLES if environ.get(n)), "")
        if explicit is not None:
            url = check_proxy_url(explicit, "--proxy") if explicit.strip() else None
            return cls(url, no_proxy, "--proxy")
        for name in _PROXY_VARIABLES:
            if environ.get(name, "").strip():
                return cls(check_proxy_url(environ[name], name), no_proxy, name)
        return cls(None, no_proxy)

    @property
    def shown(self) -> str:
        return shown_proxy(self.url) if self.url else ""

    def for_url(self, url: str) -> str | None:
        """The proxy for ``url``, or None to connect directly.

        Loopback (the emulator) and ``no_proxy`` hosts go direct. A proxy would see a
        plain-HTTP request whole, credentials included, so that raises
        :class:`UnsafeDestinationError` instead.
        """
        parts = _split(url)
        host = parts.hostname or ""
        if self.url is None or not host or is_loopback_host(host):
            return None
        if bypasses_proxy(host, self.no_proxy):
            return None
        if parts.scheme != "https":
            raise UnsafeDestinationError(
                f"refusing to send credentials to {parts.scheme}://{host} through a proxy: "
                "only HTTPS goes through a proxy, in a CONNECT tunnel"
            )
        return self.url
