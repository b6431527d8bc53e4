"""Fixtures for the rotation tests: moto (real boto3) and a seeded deployment tree."""

from __future__ import annotations

from tests.rotate.world import world
from tests.stores.moto_server import aws_moto, aws_server

__all__ = ["aws_moto", "aws_server", "world"]
