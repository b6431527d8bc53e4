"""The environment of the process Sherlock runs in (when the caller passes one).

A Twilio client built without arguments reads ``TWILIO_*`` variables from its process, and
with ``load_dotenv()``'s default (``override=False``) an exported variable silently beats the
``.env`` file. So the process's own ``TWILIO_*`` variables are values like any other: located
at ``env:NAME``, environment and service "process". A name that spells an environment
(``PROD_TWILIO_AUTH_TOKEN``) gets its own scope but stays in the "process" environment.
"""

from __future__ import annotations

from collections.abc import Mapping

from sherlock.collect.base import CollectResult
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.vocabulary import tokens
from sherlock.models import Location

SCOPE = "process-env"
ENVIRONMENT = "process"


def collect_process_env(environ: Mapping[str, str]) -> CollectResult:
    """Twilio values among the process's ``TWILIO_*`` variables."""
    entries = [
        Entry(name, value, Location(f"env:{name}"))
        for name, value in sorted(environ.items())
        if "TWILIO" in tokens(name)
    ]
    unit = Unit(SCOPE, "process-env", "process", ENVIRONMENT, "process", named_environment=False)
    return emit(entries, unit)
