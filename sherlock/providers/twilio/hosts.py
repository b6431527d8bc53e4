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
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

from sherlock.errors import UnsafeDestinationError

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
