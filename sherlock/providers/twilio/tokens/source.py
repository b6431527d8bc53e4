"""Where ``--token-file`` comes from: a file, or ``-`` for stdin (so a token need not touch
the disk or the shell history: ``pbpaste | sherlock diagnose --token-file -``).

Errors name the path and what went wrong, never what the file holds; the value goes
straight into a :class:`~sherlock.secrets.Secret`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sherlock.errors import UsageError
from sherlock.providers.twilio.tokens.decode import MAX_TOKEN_CHARS, find_token
from sherlock.secrets import Secret

STDIN = "-"


def _read(where: str) -> str:
    if where == STDIN:
        return sys.stdin.read(MAX_TOKEN_CHARS + 1)
    path = Path(where)
    try:
        with path.open(encoding="utf-8", errors="strict") as handle:
            return handle.read(MAX_TOKEN_CHARS + 1)
    except FileNotFoundError:
        raise UsageError(f"--token-file: no such file: {where}") from None
    except IsADirectoryError:
        raise UsageError(f"--token-file: {where} is a directory, not a file") from None
    except UnicodeDecodeError:
        raise UsageError(f"--token-file: {where} is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"--token-file: cannot read {where} ({type(exc).__name__})") from None


def read_token_file(where: str) -> Secret:
    """The token in ``where`` (``-``: stdin): the first JWT in it when it holds more (a log
    line, a JSON response from the token endpoint), else all of it, trimmed, so that a
    damaged value is still diagnosed as a damaged token."""
    text = _read(where).strip()
    label = "stdin" if where == STDIN else where
    if not text:
        raise UsageError(f"--token-file: {label} holds no token")
    if len(text) > MAX_TOKEN_CHARS:
        raise UsageError(f"--token-file: {label} is far longer than an access token")
    return find_token(text) or Secret(text)


def check_token_use(error_id: str, inputs: frozenset[str], given: bool) -> None:
    """A token given for an error that cannot use it is a usage error, not silently ignored."""
    if given and "token" not in inputs:
        raise UsageError(
            f"--token-file is for the access-token errors (twilio-20101 to twilio-20107, "
            f"twilio-20151), not {error_id}"
        )
