"""``sherlock serve``: the HTTP API (diagnose, explain, alert webhooks, metrics) over one Runner.

create_app(runner, api_token=...)   the FastAPI app; see :mod:`sherlock.server.app`
"""

from sherlock.server.app import MAX_BODY_BYTES, create_app

__all__ = ["MAX_BODY_BYTES", "create_app"]
