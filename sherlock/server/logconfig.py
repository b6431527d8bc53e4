"""One log format for everything `sherlock serve` prints: uvicorn's lines and Sherlock's.

uvicorn configures its own loggers with its own formatter unless it is given a
``log_config``; this module builds that config, so the server's start-up lines, Sherlock's
access log and any library's warning come out alike: ``text`` (a timestamp, level, logger,
message) or ``json`` (one object per line with ``time``, ``level``, ``logger``, ``message``
and, for an exception, ``exception``), for a log collector to parse.

The redaction gate of :mod:`sherlock.logs` acts where records are created, before any
formatter sees them, so it stays in the chain whichever format is chosen.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


_TEXT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class TextFormatter(logging.Formatter):
    """``2026-12-03T08:00:00.123Z INFO logger message``: UTC, so lines from pods in different
    time zones sort together."""

    def __init__(self) -> None:
        super().__init__(_TEXT)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _timestamp(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the message is the record's own, already redacted."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def log_config(log_format: LogFormat, level: str = "INFO") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` dict for uvicorn's ``log_config`` and for Sherlock.

    Every logger propagates to one stderr handler on the root; uvicorn's own handlers are
    replaced. httpx would log one line per Twilio request, so it says warnings only.
    """
    formatter = JsonFormatter if log_format is LogFormat.JSON else TextFormatter
    passthrough = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"sherlock": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "sherlock",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {**passthrough, "level": level},
            "uvicorn.error": {**passthrough, "level": level},
            "uvicorn.access": {**passthrough, "level": level},
            "httpx": {**passthrough, "level": "WARNING"},
        },
    }
