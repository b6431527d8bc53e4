"""What the process really sees when two sources set one variable.

A collector lists a unit's entries in the order its consumer applies them, each tagged with
the layer it came from; the last one wins (:func:`sherlock.collect.emit.last_wins`). This
module keeps the losers of other layers next to the winner, so a check can tell "the value
the process uses is the rejected one, while the one hidden behind it works". The rules each
collector follows, from the consumers' own documentation and source:

* Docker Compose ("Environment variables precedence"): a service's ``environment:`` beats
  its ``env_file:`` files, and among ``env_file:`` entries a later file beats an earlier one
  (:mod:`sherlock.collect.compose`).
* twilio-cli (``twilio-cli-core``'s config service): with no ``--profile`` flag,
  ``TWILIO_ACCOUNT_SID`` with ``TWILIO_AUTH_TOKEN`` (or ``TWILIO_API_KEY`` and
  ``TWILIO_API_SECRET``) in the environment are used instead of the active profile
  (:mod:`sherlock.providers.twilio.cli_profiles`).
* Spring Boot ("Externalized Configuration"): ``application-{profile}.*`` and ``on-profile``
  documents beat ``application.*``, ``.properties`` beats YAML in one folder, and OS
  environment variables (relaxed binding) beat every config file (:mod:`sherlock.collect.spring`).
* ASP.NET Core (default host builder): ``appsettings.{Environment}.json`` beats
  ``appsettings.json``, and environment variables (``Twilio__AuthToken``) beat both
  (:mod:`sherlock.collect.dotnet`). Both lay their files out as runs with
  :mod:`sherlock.collect.config_layers`.
* python-dotenv (``load_dotenv()``, ``override=False``) and Node's ``dotenv.config()`` leave a
  variable the process already has alone: the process's own exports (``--process-env``,
  :func:`sherlock.collect.dotenv.exported_first`) and those of the shell profiles in the tree
  (:mod:`sherlock.collect.profile_links`, later startup files over earlier ones) beat the
  ``.env`` line.

Two entries of one layer (a name written twice in one file) are not a precedence question:
the later line simply replaces the earlier one and only the shadowing note is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sherlock.collect.emit import Entry

# id(winning entry) -> [(hidden entry, the rule that hid it)], oldest first
Losers = dict[int, list[tuple["Entry", str]]]


def rule_text(consumer: str, winner: str, loser: str) -> str:
    """``compose: environment: overrides env_file: .env``: said in the evidence."""
    return f"{consumer}: {winner} overrides {loser}"


def inherit(losers: Losers, previous: Entry, entry: Entry, consumer: str) -> None:
    """``entry`` replaces ``previous``: it hides what ``previous`` hid, and ``previous``
    itself when the two come from different layers."""
    hidden = list(losers.pop(id(previous), []))
    if previous.layer and entry.layer and previous.layer != entry.layer:
        hidden.append((previous, rule_text(consumer, entry.layer, previous.layer)))
    if hidden:
        losers[id(entry)] = hidden


def exported_by(path: str) -> str:
    """The layer a shell profile's export forms over a ``.env`` python-dotenv loads."""
    return f"the variable {path} exports (load_dotenv does not override it)"
