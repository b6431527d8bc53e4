"""Every provider Sherlock knows, and the one place that names them.

Two tables, because they are needed at different costs:

* :func:`vocabularies`: each provider's naming rules. Light (no HTTP client, no checks):
  discovery asks them about every name it reads.
* :func:`provider_collectors`: file readers for a provider's own tools' files.
* :func:`providers`: the full :class:`~sherlock.providers.base.Provider` objects, with their
  errors, checks and verifiers, imported on first use so that ``sherlock explain`` and
  ``--version`` do not pay for them.

Adding a provider is a package under ``sherlock/providers/`` and one line in each table.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sherlock.collect.base import Collector
    from sherlock.providers.base import ErrorSpec, Provider
    from sherlock.providers.vocabulary import Vocabulary


@cache
def vocabularies() -> tuple[Vocabulary, ...]:
    """Each provider's naming rules (loaded on first use: they read discovery's words)."""
    from sherlock.providers.twilio.naming import VOCABULARY as TWILIO

    return (TWILIO,)


def provider_collectors() -> dict[str, Collector]:
    """File readers a provider brings for its own tools' files (the Twilio CLI's profiles),
    offered files after the generic collectors. Imported on call: the collectors themselves
    ask :func:`vocabularies` about names, so loading them here at import would go round."""
    from sherlock.providers.twilio.cli_profiles import TwilioCliCollector

    return {"twilio-cli": TwilioCliCollector()}


#: Each provider's error recogniser (``recognise.py``): what ``sherlock explain``, the
#: webhooks and the Slack parser ask about pasted text. Names, not imports: explain must
#: start in a few tens of milliseconds.
RECOGNISER_MODULES: tuple[str, ...] = ("sherlock.providers.twilio.recognise",)

#: provider name → the module holding its ``PROVIDER``.
_PROVIDER_MODULES: dict[str, str] = {
    "twilio": "sherlock.providers.twilio.provider",
}


@cache
def providers() -> tuple[Provider, ...]:
    """Every registered provider, loaded once."""
    return tuple(import_module(module).PROVIDER for module in _PROVIDER_MODULES.values())


def provider_named(name: str) -> Provider:
    """The provider registered as ``name``; KeyError when there is none."""
    for provider in providers():
        if provider.name == name:
            return provider
    raise KeyError(name)


def known_error_ids() -> tuple[str, ...]:
    """Every error id Sherlock can diagnose, in registry order (``twilio-20003`` first)."""
    return tuple(error_id for provider in providers() for error_id in provider.errors)


def error_spec(error_id: str) -> tuple[Provider, ErrorSpec] | None:
    """The provider that diagnoses ``error_id`` and its spec, or None for an unknown id."""
    for provider in providers():
        spec = provider.errors.get(error_id)
        if spec is not None:
            return provider, spec
    return None


def resolve_error_id(text: str) -> str:
    """``20005`` → ``twilio-20005`` when exactly one provider knows that code; else as given."""
    wanted = text.strip()
    if not wanted.isdigit():
        return wanted
    matches = [error_id for error_id in known_error_ids() if error_id.endswith(f"-{wanted}")]
    return matches[0] if len(matches) == 1 else wanted
