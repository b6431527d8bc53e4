"""The options of the long-running commands (`serve`, `slack`), and the Runner they build.

Both commands hold one :class:`~sherlock.engine.runner.Runner` over one deployment tree, so
they take the same ``--config``, ``--twilio-base-url``, ``--timeout`` and ``--cache-ttl``
and must refuse the same things before they start: a tree that is not there, or an
emulator URL that would send credentials off the machine. Declaring that once keeps the
two commands' help texts and checks from drifting apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sherlock.errors import UsageError

if TYPE_CHECKING:
    from sherlock.engine.runner import Runner

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="sherlock.toml to use (default: PATH/sherlock.toml)."),
]
TwilioBaseUrlOption = Annotated[
    str | None,
    typer.Option("--twilio-base-url", help="Loopback URL of a Twilio emulator."),
]
TimeoutOption = Annotated[float, typer.Option(help="Seconds per live request.")]
CacheTtlOption = Annotated[
    float, typer.Option("--cache-ttl", help="Seconds a Twilio verdict is reused.")
]
ProxyOption = Annotated[
    str | None,
    typer.Option(
        "--proxy", help="HTTPS proxy for Twilio (CONNECT tunnel); default: HTTPS_PROXY/NO_PROXY."
    ),
]
TrustConfigOption = Annotated[
    bool,
    typer.Option(
        "--trust-config",
        help="Let a sherlock.toml inside the scanned tree point stores at its own endpoints.",
    ),
]


def build_runner(
    path: Path,
    *,
    config: Path | None,
    twilio_base_url: str | None,
    timeout: float,
    cache_ttl: float,
    other_emulator_urls: tuple[str | None, ...] = (),
    proxy: str | None = None,
    trust_config: bool = False,
) -> Runner:
    """The Runner for ``path``, after refusing a missing tree or a non-loopback emulator
    URL (``other_emulator_urls`` are checked the same way), before anything listens."""
    from sherlock.cli.diagnose_cmd import check_timeout
    from sherlock.engine.runner import Runner
    from sherlock.providers.twilio.hosts import check_base_url

    if not path.is_dir():
        raise UsageError(f"no such directory: {path}")
    check_timeout(timeout)
    for url in (twilio_base_url, *other_emulator_urls):
        if url is not None:
            check_base_url(url)
    return Runner(
        root=path,
        config_path=config,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        cache_ttl=cache_ttl,
        proxy=proxy,
        trust_config=trust_config,
        watch=True,  # a warm index, refreshed on file changes: answers without a rescan
    )
