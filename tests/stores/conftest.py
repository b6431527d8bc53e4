"""AWS fixtures for the store tests (moto over loopback); they live in moto_server.py."""

from tests.stores.moto_server import aws_endpoint, aws_moto, aws_server

__all__ = ["aws_endpoint", "aws_moto", "aws_server"]
