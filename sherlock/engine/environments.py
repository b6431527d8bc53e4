"""What the user means by an environment name: ``--env production`` is the tree's ``prod``.

People type the name they use at work (``production``, ``prd``, ``live``), while Sherlock
labels what it scans with one canonical word per environment. A name that matches nothing
must never quietly filter every finding away: that would read as "healthy" while production
is failing, so it is a usage error that lists what was found.
"""

from __future__ import annotations

from collections.abc import Iterable

from sherlock.collect.context import ENVIRONMENT_WORDS
from sherlock.errors import UsageError


class UnknownEnvironmentError(UsageError):
    """``--env`` (or the API's ``environment``) names no environment found in the tree."""

    def __init__(self, requested: str, available: Iterable[str]) -> None:
        self.available = tuple(sorted(set(available)))
        found = ", ".join(self.available) or "none"
        shown = requested if _is_plain_name(requested) else "the requested environment"
        super().__init__(f"no environment {shown!r} in the scanned tree (found: {found})")


def _is_plain_name(text: str) -> bool:
    """Only a short name shaped like an environment label (``prod``, ``eu-west-2``) is quoted
    back; a pasted token or key secret is not, whatever its characters."""
    from sherlock.engine.scrub import quotable_error_id

    label = text.lower().replace("_", "-").replace(".", "-")
    return len(text) <= 24 and quotable_error_id(label)


def canonical(name: str) -> str:
    """The canonical label of an environment word (``production`` → ``prod``), else itself."""
    lowered = name.strip().lower()
    return ENVIRONMENT_WORDS.get(lowered, lowered)


def resolve_environment(requested: str, available: Iterable[str]) -> str:
    """The label among ``available`` that ``requested`` means, or UnknownEnvironmentError.

    An exact label wins (a config may name an environment ``live`` on purpose); then one
    whose canonical word is the same as the request's.
    """
    labels = tuple(available)
    if requested in labels:
        return requested
    wanted = canonical(requested)
    for label in labels:
        if label.lower() == requested.strip().lower() or canonical(label) == wanted:
            return label
    raise UnknownEnvironmentError(requested, labels)
