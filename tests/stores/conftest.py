"""Fixtures for the store tests: AWS (moto over loopback, in moto_server.py) and ``rogue``, a
listener that counts connections a credential must never make (in rogue_listener.py)."""

from tests.stores.moto_server import aws_endpoint, aws_moto, aws_server
from tests.stores.rogue_listener import rogue

__all__ = ["aws_endpoint", "aws_moto", "aws_server", "rogue"]
