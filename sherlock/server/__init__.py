"""``sherlock serve``: the HTTP API (diagnose, explain, alert webhooks, metrics) over one Runner.

create_app(runner, api_token=...)   the FastAPI app; see :mod:`sherlock.server.app`

FastAPI comes with the ``server`` extra, and ``sherlock.cli.main`` imports this package's
``logconfig`` for the ``--log-format`` choices, so the app is imported on first use only:
the CLI, and ``sherlock diagnose``, start without FastAPI installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sherlock.server.app import MAX_BODY_BYTES, create_app

__all__ = ["MAX_BODY_BYTES", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from sherlock.server import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
