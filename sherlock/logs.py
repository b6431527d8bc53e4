"""The one gate every warning and log record passes before anyone can print it.

Parsers quote the text they read when they complain: ruamel.yaml's ``ReusedAnchorWarning``
prints the offending source line, which in a deployment tree is often the line holding an
Auth Token. Sherlock prints nothing of a scanned file but fingerprints and masks, so
:func:`install` puts two things between libraries and stderr (or ``sherlock serve``'s log):

* a ``warnings.showwarning`` replacement. A warning raised by a library (any code outside
  the ``sherlock`` package, or any warning class defined outside it) is reduced to its class
  name, the library it came from and the line numbers it mentions; its text is never shown,
  because no rule can tell a quoted token from prose. Sherlock's own warnings keep their
  words, redacted. The result goes to the ``py.warnings`` logger, so it meets the filter below.
* a log record factory that redacts every library record's message and arguments, and
  every record's exception text and stack, as it is created, whichever logger and handler it
  goes to (uvicorn's included). The arguments are redacted one by one, so formatters that
  read them (uvicorn's access log) still work; when a secret only shows in the assembled
  line (``token=%s``), the record is collapsed to that line, redacted. Sherlock's own
  loggers keep their words (see :func:`scrub_record`).

Redaction is the shared one: ``sherlock.secrets.redact_text`` when that module offers it
(it knows the run's own secrets), else :func:`sherlock.redact.redact_secrets` (shapes).
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
import traceback
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

_PACKAGE_DIR = Path(__file__).resolve().parent
_WARNINGS_LOGGER = "py.warnings"
_LINE = re.compile(r"\bline (\d{1,7})\b")
_MAX_LINES_NAMED = 3
_PLAIN = (int, float, bool, type(None))
_WITHHELD = "[log text withheld: it could not be checked for secrets]"

_state = threading.local()
_lock = threading.Lock()


def _redactor() -> Callable[[str], str]:
    """The project's redaction, looked up at call time so a newer one is used once it lands."""
    secrets = importlib.import_module("sherlock.secrets")
    shared = getattr(secrets, "redact_text", None)
    if callable(shared):
        return shared  # type: ignore[no-any-return]
    from sherlock.redact import redact_secrets

    return redact_secrets


def redact(text: str) -> str:
    """``text`` with anything secret-looking masked; withheld entirely if redaction itself
    logs or fails (a message we cannot check is a message we do not show)."""
    if getattr(_state, "busy", False):
        return _WITHHELD
    _state.busy = True
    try:
        return _redactor()(text)
    except Exception:
        return _WITHHELD
    finally:
        _state.busy = False


# ── log records ──────────────────────────────────────────────────────────────────────────


def _safe_arg(value: object) -> object:
    """A log argument with secrets masked; numbers stay numbers so ``%d`` still formats."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, str):
        return redact(value)
    text = str(value)
    cleaned = redact(text)
    return value if cleaned == text else cleaned


def _safe_args(args: Any) -> Any:
    if isinstance(args, tuple):
        return tuple(_safe_arg(a) for a in args)
    if isinstance(args, Mapping):
        return {key: _safe_arg(value) for key, value in args.items()}
    return args


def _is_own_logger(name: str) -> bool:
    return name == "sherlock" or name.startswith("sherlock.")


def scrub_record(record: logging.LogRecord) -> None:
    """Redact one record in place (message, arguments, exception text, stack).

    Sherlock's own loggers keep their message and arguments: its code logs fingerprints,
    masks and ids by rule, and its request ids (32 hex digits) have an Auth Token's shape,
    so masking them would only break tracing. Tracebacks are redacted whoever logs them.
    """
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    if not _is_own_logger(record.name):
        _scrub_text(record)


def _scrub_text(record: logging.LogRecord) -> None:
    record.args = _safe_args(record.args)
    try:
        line = record.getMessage()  # the format string is judged with its arguments in place
    except Exception:  # a bad format string: logging reports it, with our redacted args
        line = None
    if line is None or not record.args:
        record.msg = redact(record.msg if isinstance(record.msg, str) else str(record.msg))
    elif redact(line) != line:
        record.msg, record.args = redact(line), ()


def _redacting_factory(
    previous: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        scrub_record(record)
        return record

    factory.sherlock_redacts = True  # type: ignore[attr-defined]
    return factory


# ── warnings ─────────────────────────────────────────────────────────────────────────────


def _is_own(category: type[Warning], filename: str) -> bool:
    """Raised by Sherlock's code with a standard or Sherlock class: its words are ours."""
    module = category.__module__
    if module != "builtins" and module.split(".")[0] != "sherlock":
        return False
    try:
        return Path(filename).resolve().is_relative_to(_PACKAGE_DIR)
    except (OSError, ValueError):
        return False


def _origin(category: type[Warning], filename: str) -> str:
    """Which library warned: its class's package, else the package folder of the file."""
    if category.__module__ != "builtins":
        package = category.__module__.split(".")
        return ".".join(package[:-1] if len(package) > 1 else package)
    parts = Path(filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts and parts.index(marker) + 1 < len(parts):
            return parts[parts.index(marker) + 1].removesuffix(".py")
    return Path(filename).parent.name or Path(filename).stem


def _lines_named(message: Warning | str) -> list[str]:
    """Line numbers a parser's warning points at (digits only, never the text around them)."""
    numbers: list[str] = []
    mark = getattr(message, "problem_mark", None)
    if isinstance(getattr(mark, "line", None), int):
        numbers.append(str(mark.line + 1))  # type: ignore[union-attr]
    numbers += _LINE.findall(str(message))
    unique = list(dict.fromkeys(numbers))[:_MAX_LINES_NAMED]
    return [f"line {n}" for n in unique]


def describe_warning(message: Warning | str, category: type[Warning], filename: str) -> str:
    """A warning as it may be shown: Sherlock's own redacted, a library's reduced."""
    if _is_own(category, filename):
        return f"warning: {redact(str(message))} ({category.__name__})"
    lines = _lines_named(message)
    where = f" near {', '.join(lines)} of the text it was reading" if lines else ""
    return (
        f"warning: {category.__name__} from {_origin(category, filename)}{where} "
        "(its text is not shown: library messages can quote the files being read)"
    )


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    logging.getLogger(_WARNINGS_LOGGER).warning(describe_warning(message, category, filename))


# ── installing ───────────────────────────────────────────────────────────────────────────


def install() -> None:
    """Route warnings and log records through the gate; safe to call any number of times
    (each call re-checks, since ``warnings.catch_warnings`` restores ``showwarning``)."""
    with _lock:
        if warnings.showwarning is not _show_warning:
            warnings.showwarning = _show_warning
        current = logging.getLogRecordFactory()
        if not getattr(current, "sherlock_redacts", False):
            logging.setLogRecordFactory(_redacting_factory(current))
