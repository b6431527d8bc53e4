"""Fixtures for the Twilio provider tests, shared with other suites via tests.twilio_fixtures."""

from __future__ import annotations

from tests.twilio_fixtures import emulator

__all__ = ["emulator"]
