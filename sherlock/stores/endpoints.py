"""Where each store reader sends its requests, who chose that, and whether it is safe.

Every reader sends Sherlock's own credentials to its endpoint (a Vault token in a header,
requests signed with AWS keys, a Google access token), so the endpoint is a security
decision. This module is the one place that knows, per store:

* which setting wins (``sherlock.toml`` first, then the variable the store's own tools
  read), so the readers and the trust rules (:mod:`sherlock.stores.access`) never disagree;
* that an endpoint must be ``https://``, or plain ``http://`` only to a loopback address
  (``127.0.0.0/8``, ``::1``, ``localhost``), where an emulator or a local agent lives;
* how an endpoint is shown: ``scheme://host[:port]``, never a user, password, path or query.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sherlock.config.schema import StoresSettings

#: GCP has no standard variable for a Secret Manager endpoint; this one points Sherlock at
#: a local emulator without editing the config.
GCP_ENDPOINT_VARIABLE = "SHERLOCK_GCP_SM_ENDPOINT"
AWS_ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL")
VAULT_ADDRESS_VARIABLE = "VAULT_ADDR"

#: URI scheme → the config key that moves that store's endpoint.
CONFIG_KEYS = {
    "vault": "[stores.vault] url",
    "aws-sm": "[stores.aws] endpoint_url",
    "gcp-sm": "[stores.gcp] endpoint",
}


@dataclass(frozen=True)
class Endpoint:
    """A store's endpoint and the setting it came from (``VAULT_ADDR``, a config key)."""

    url: str
    setting: str
    from_config: bool


def config_override(scheme: str, settings: StoresSettings) -> str | None:
    """The endpoint ``sherlock.toml`` sets for a store, if it sets one."""
    value = {
        "vault": settings.vault.url,
        "aws-sm": settings.aws.endpoint_url,
        "gcp-sm": settings.gcp.endpoint,
    }.get(scheme)
    return value.strip() if value and value.strip() else None


def _from_environment(scheme: str, environ: Mapping[str, str]) -> Endpoint | None:
    names = {
        "vault": (VAULT_ADDRESS_VARIABLE,),
        "aws-sm": AWS_ENDPOINT_VARIABLES,
        "gcp-sm": (GCP_ENDPOINT_VARIABLE,),
    }.get(scheme, ())
    for name in names:
        value = environ.get(name, "").strip()
        if value:
            return Endpoint(value, name, from_config=False)
    return None


def chosen_endpoint(
    scheme: str, settings: StoresSettings, environ: Mapping[str, str]
) -> Endpoint | None:
    """The endpoint a reader will use; None means the SDK's own (AWS's and Google's public
    HTTPS endpoints; Vault has none, and its reader says so)."""
    override = config_override(scheme, settings)
    if override is not None:
        return Endpoint(override, CONFIG_KEYS[scheme], from_config=True)
    return _from_environment(scheme, environ)


def is_loopback_host(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8`` or ``::1``: traffic that never leaves the machine."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin(url: str, *, default_scheme: str = "https") -> str:
    """``scheme://host[:port]`` of a URL, for reports: no user info, path or query."""
    text = url.strip()
    try:
        parts = urlsplit(text if "://" in text else f"{default_scheme}://{text}")
        port = parts.port
    except ValueError:
        return "an unparsable URL"
    host = parts.hostname or "?"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def plain_http_problem(endpoint: Endpoint) -> str | None:
    """Why an endpoint may not be used (plain http to a host that is not loopback), or None.

    A URL without a scheme is left to the reader: the Google client takes it as https, and
    Vault's and AWS's readers refuse it with their own note.
    """
    text = endpoint.url.strip()
    scheme, sep, _ = text.partition("://")
    if not sep or scheme.lower() != "http":
        return None
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        host = ""
    if is_loopback_host(host):
        return None
    return (
        f"{endpoint.setting} is {origin(text)}: store endpoints must use https:// "
        "(plain http only to a loopback address: 127.0.0.0/8, ::1, localhost), because "
        "Sherlock's store credentials travel with every request"
    )
