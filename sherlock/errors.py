"""Sherlock's exceptions, one tree, so front ends can turn any of them into a clean message.

    SherlockError                 base: the CLI prints str(exc) and exits 2
    ├── UsageError                bad flags or arguments from the user
    ├── InputError                a file or text Sherlock was given cannot be used
    ├── KnowledgeBaseError        a KB entry is missing or fails its schema
    └── UnsafeDestinationError    a credential was about to leave for a host that is not Twilio's

Messages never contain raw credential values: build them from fingerprints and masks.
"""

from __future__ import annotations


class SherlockError(Exception):
    """Base of every error Sherlock raises on purpose."""


class UsageError(SherlockError):
    """The user asked for something that cannot be done as asked."""


class InputError(SherlockError):
    """Input (a path, a text, a config) that cannot be used."""


class KnowledgeBaseError(SherlockError):
    """A knowledge-base entry that is missing or does not match the schema."""


class UnsafeDestinationError(SherlockError):
    """Refusal to send a credential anywhere but Twilio's hosts or a loopback emulator."""
