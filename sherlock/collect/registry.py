"""The file collectors, in the order they are offered a file (the first that matches reads it).

Compose comes before Kubernetes because both read YAML and a compose file must never be taken
for a manifest. The process environment is not a file and is read by
:func:`sherlock.collect.collect_tree` directly (see :mod:`sherlock.collect.process_env`).
"""

from __future__ import annotations

from sherlock.collect.base import Collector
from sherlock.collect.compose import ComposeCollector
from sherlock.collect.dotenv import DotenvCollector
from sherlock.collect.k8s import K8sCollector
from sherlock.collect.shell import ShellCollector
from sherlock.collect.twilio_cli import TwilioCliCollector

DOTENV = DotenvCollector()
SHELL = ShellCollector()

COLLECTORS: dict[str, Collector] = {
    "dotenv": DOTENV,
    "compose": ComposeCollector(),
    "k8s": K8sCollector(),
    "shell": SHELL,
    "twilio-cli": TwilioCliCollector(),
}


def collector_for(relpath: str, head: bytes) -> Collector | None:
    """The collector that reads a file, or None."""
    for collector in COLLECTORS.values():
        if collector.matches(relpath, head):
            return collector
    return None
