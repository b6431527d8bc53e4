"""Library warnings and log records never carry file content or secrets out (issue 9, point 1).

Parsers quote the text they read when they warn (ruamel.yaml's ReusedAnchorWarning prints the
offending source line), and any library may log what it was given. Sherlock routes both
through :mod:`sherlock.logs`; these tests prove the raw token never reaches stdout, stderr or a
log handler, from the CLI in every format and from the server's app.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sherlock import logs

SID = "AC0123456789abcdef0123456789abcdef"
#: A canary Auth Token: no piece of it may appear anywhere Sherlock writes.
CANARY = "5f3c1e9a7b2d4c6e8f0a1b3c5d7e9f2a"
#: A secret that no shape rule recognises: only withholding the text keeps it in.
PLAIN_CANARY = "correct-horse-battery-staple-canary"

REPO = Path(__file__).resolve().parents[1]


def _pieces(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def _leaks(text: str, secret: str = CANARY) -> list[str]:
    return [piece for piece in _pieces(secret) if piece in text]


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "PYTHONWARN"))}
    return subprocess.run(
        [sys.executable, "-m", "sherlock", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def anchored_tree(tmp_path: Path) -> Path:
    """A compose file whose token line reuses an anchor name: ruamel.yaml warns about it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "docker-compose.yml").write_text(
        "x-base: &x\n"
        "  image: app\n"
        "services:\n"
        "  api:\n"
        "    environment:\n"
        f"      TWILIO_ACCOUNT_SID: {SID}\n"
        f"      TWILIO_AUTH_TOKEN: &x {CANARY}\n",
        encoding="utf-8",
    )
    return tree


@pytest.mark.parametrize("fmt", ["terminal", "json", "markdown"])
def test_a_reused_yaml_anchor_never_prints_the_token(anchored_tree: Path, fmt: str) -> None:
    result = _run_cli("diagnose", str(anchored_tree), "--offline", "--format", fmt)
    assert result.returncode in (0, 1), result.stderr
    assert _leaks(result.stdout) == []
    assert _leaks(result.stderr) == []
    # The warning is not lost: the user still learns which library complained, and where.
    assert "ReusedAnchorWarning" in result.stderr
    assert "line 7" in result.stderr


def test_an_unparsable_dotenv_line_prints_nothing_of_the_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"TWILIO_ACCOUNT_SID={SID}\n'unclosed {CANARY}\nTWILIO_AUTH_TOKEN='{CANARY}\n",
        encoding="utf-8",
    )
    result = _run_cli("diagnose", str(tmp_path), "--offline", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert _leaks(result.stdout + result.stderr) == []


@contextmanager
def _listening(*names: str) -> Iterator[io.StringIO]:
    """A plain handler on each named logger (root for ""): uvicorn, once configured by an
    earlier test, stops its loggers from propagating to the root."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    loggers = [logging.getLogger(name or None) for name in names]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield stream
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@pytest.fixture
def installed() -> Iterator[io.StringIO]:
    """sherlock.logs installed, and a plain stderr-like handler on the root logger."""
    factory = logging.getLogRecordFactory()
    try:
        with warnings.catch_warnings(), _listening("") as stream:
            warnings.simplefilter("always")
            logs.install()
            yield stream
    finally:
        logging.setLogRecordFactory(factory)


def _category(module: str) -> type[Warning]:
    """A warning class as a third-party parser would define it."""
    return type("QuotingWarning", (UserWarning,), {"__module__": module})


@pytest.mark.parametrize(
    ("category", "filename"),
    [
        (_category("ruamel.yaml.error"), "/venv/site-packages/ruamel/yaml/composer.py"),
        (_category("yaml.error"), "/venv/site-packages/yaml/composer.py"),
        (UserWarning, "/venv/site-packages/dotenv/main.py"),
        (SyntaxWarning, "/usr/lib/python3.11/tomllib/_parser.py"),
        (DeprecationWarning, "/venv/site-packages/anylib/parse.py"),
    ],
)
def test_library_warnings_keep_their_category_and_lose_their_text(
    installed: io.StringIO, category: type[Warning], filename: str
) -> None:
    text = f"found something\n  TWILIO_AUTH_TOKEN: {CANARY} {PLAIN_CANARY}\n  in line 12"
    warnings.warn_explicit(text, category, filename, 227, module="lib")
    shown = installed.getvalue()
    assert category.__name__ in shown
    assert "line 12" in shown
    assert _leaks(shown) == [] and _leaks(shown, PLAIN_CANARY) == []


def test_sherlocks_own_warnings_keep_their_words_with_secrets_masked(
    installed: io.StringIO,
) -> None:
    own = str(REPO / "sherlock" / "collect" / "walk.py")
    warnings.warn_explicit(f"slow file; token={CANARY}", UserWarning, own, 10)
    shown = installed.getvalue()
    assert "slow file" in shown
    assert _leaks(shown) == []


def _boom() -> None:
    raise ValueError(f"could not parse TWILIO_AUTH_TOKEN={CANARY}")


@pytest.mark.parametrize(
    ("message", "args"),
    [
        (f"token line: {CANARY}", ()),
        ("could not parse %s", (CANARY,)),
        ("could not parse %(line)s", ({"line": f"TWILIO_AUTH_TOKEN={CANARY}"},)),
        ("auth_token=%s", (PLAIN_CANARY,)),
        ("value %r", (ValueError(CANARY),)),
    ],
)
def test_every_log_record_is_redacted(
    installed: io.StringIO, message: str, args: tuple[object, ...]
) -> None:
    logging.getLogger("somelib.parser").warning(message, *args)
    shown = installed.getvalue()
    assert "WARNING somelib.parser" in shown
    assert _leaks(shown) == [] and _leaks(shown, PLAIN_CANARY) == []


def test_a_logged_exception_is_redacted_in_its_traceback(installed: io.StringIO) -> None:
    with _listening("uvicorn.error") as stream:
        try:
            _boom()
        except ValueError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    shown = stream.getvalue()
    assert "ValueError" in shown and "_boom" in shown
    assert _leaks(shown) == []


def test_sherlocks_own_log_lines_keep_their_ids_for_tracing(installed: io.StringIO) -> None:
    request_id = "0123456789abcdef0123456789abcdef"  # an id, shaped like a token
    logging.getLogger("sherlock.server").error("request %s failed: %s", request_id, "boom")
    assert f"request {request_id} failed: boom" in installed.getvalue()


def test_a_traceback_logged_by_sherlock_is_redacted_too(installed: io.StringIO) -> None:
    try:
        _boom()
    except ValueError:
        logging.getLogger("sherlock.server").exception("request failed")
    assert "_boom" in installed.getvalue()
    assert _leaks(installed.getvalue()) == []


def test_python_dotenv_logs_are_redacted(installed: io.StringIO) -> None:
    logging.getLogger("dotenv.main").warning("Key %s not found in %s.", CANARY, ".env")
    assert "not found in .env" in installed.getvalue()
    assert _leaks(installed.getvalue()) == []


def test_uvicorn_access_lines_still_format_after_redaction(installed: io.StringIO) -> None:
    from uvicorn.logging import AccessFormatter

    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/v1/x?token={CANARY}", "1.1", 200),
        None,
    )
    line = AccessFormatter('%(client_addr)s "%(request_line)s" %(status_code)s').format(record)
    assert line.startswith('127.0.0.1:5000 "GET /v1/x?token=')
    assert '" 200' in line
    assert _leaks(line) == []


def test_install_is_idempotent(installed: io.StringIO) -> None:
    logs.install()
    logs.install()
    logging.getLogger("x").warning("once %s", "here")
    assert installed.getvalue().count("once here") == 1


def test_the_server_app_installs_the_redaction(tmp_path: Path) -> None:
    from sherlock.engine.runner import Runner
    from sherlock.server import create_app

    factory = logging.getLogRecordFactory()
    try:
        with warnings.catch_warnings(), _listening("uvicorn.error", "py.warnings") as stream:
            warnings.simplefilter("always")
            create_app(Runner(tmp_path, process_env={}), api_token=None, insecure_no_auth=True)
            logging.getLogger("uvicorn.error").warning("bad header %s", CANARY)
            warnings.warn_explicit(
                PLAIN_CANARY, _category("ruamel.yaml.error"), "/x/ruamel/yaml/composer.py", 1
            )
    finally:
        logging.setLogRecordFactory(factory)
    shown = stream.getvalue()
    assert "bad header" in shown and "QuotingWarning" in shown
    assert _leaks(shown) == [] and _leaks(shown, PLAIN_CANARY) == []
