"""The rotation's own refusal: a step that must not go on, said in words that are safe to show."""

from __future__ import annotations

from sherlock.errors import SherlockError


class RotationError(SherlockError):
    """A rotation stopped. The message names what failed and what to do, never a value."""


class RotationStopped(RotationError):
    """Stopped before promotion: the old token still works everywhere it did before."""
