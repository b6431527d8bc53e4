"""A plain ``pip install sherlock-rca`` in a brand-new virtualenv: slim, and it works.

What the packaging promises, checked the way a user meets it rather than through metadata:

1. ``pip install <this checkout>`` with no extras, into a new venv (the wheel is built as a
   release builds it, from the registry's setuptools);
2. no cloud SDK, web framework or Slack library arrives (boto3, hvac, google-cloud,
   FastAPI, Starlette, uvicorn, slack_bolt, slack_sdk, aiohttp, ...);
3. ``sherlock demo --keep`` writes the sample deployment and diagnoses it live against the
   bundled Twilio emulator, and ``sherlock diagnose --offline`` reads it again;
4. each extra's command (``serve``, ``slack``) and a store in ``sherlock.toml`` say which
   extra to install, in one line, with no traceback; the test fakes are not installed.

It downloads the core's dependencies, so it is slow (a minute or two) and opt-in:

    python benchmarks/fresh_install.py [--keep-venv]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Distributions only an extra may bring.
OPTIONAL = (
    "boto3",
    "botocore",
    "hvac",
    "google-cloud-secret-manager",
    "google-api-core",
    "grpcio",
    "fastapi",
    "starlette",
    "uvicorn",
    "prometheus-client",
    "swagger-ui-bundle-v2",
    "watchfiles",
    "slack-bolt",
    "slack-sdk",
    "aiohttp",
    "tree-sitter",
)
HINTS = {
    "serve": "pip install 'sherlock-rca[server]'",
    "slack": "pip install 'sherlock-rca[slack]'",
    "aws store": "pip install 'sherlock-rca[aws]'",
}
STORE_CONFIG = '[environments.prod]\nstores = ["aws-sm://prod/twilio#auth_token"]\n'


class Failed(Exception):
    """One promise broken; the message says which."""


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """A command's exit code and combined output (printed indented, as it ran)."""
    print(f"$ {' '.join(args)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    output = done.stdout + done.stderr
    for line in output.splitlines()[-12:]:
        print(f"    {line}")
    print(f"    -> exit {done.returncode} in {time.perf_counter() - started:.1f}s\n", flush=True)
    if "Traceback" in output:
        raise Failed(f"{args[0]} printed a traceback")
    return done.returncode, output


def make_venv(where: Path) -> Path:
    """A new venv with this checkout installed, no extras; its ``bin`` folder."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    bin_dir = where / "bin"
    code, _ = run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(ROOT)], where)
    if code != 0:
        raise Failed("pip install failed")
    return bin_dir


def check_slim(bin_dir: Path) -> None:
    """Nothing an extra brings is installed."""
    listed = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    print(f"installed: {len(names)} distributions: {', '.join(sorted(names))}\n")
    extra = sorted(names & set(OPTIONAL))
    if extra:
        raise Failed(f"a plain install pulled optional packages: {', '.join(extra)}")
    probe = [str(bin_dir / "python"), "-c", "import sherlock_testing"]
    # From the venv's folder: run from the checkout, Python would find the source folder.
    fakes = subprocess.run(probe, cwd=bin_dir, capture_output=True, check=False)
    if fakes.returncode == 0:
        raise Failed("the test fakes (sherlock_testing) were installed")


def check_diagnose(sherlock: str, home: Path) -> None:
    """The demo runs live against the bundled emulator; the kept tree diagnoses offline."""
    code, output = run([sherlock, "demo", "--keep", "acme-deploy"], home)
    if code in (2, 4) or "Twilio emulator listening" not in output:
        raise Failed(f"sherlock demo did not run (exit {code})")
    code, output = run([sherlock, "diagnose", "acme-deploy", "--offline"], home)
    if code in (2, 4):
        raise Failed(f"sherlock diagnose --offline failed (exit {code})")


def check_hints(sherlock: str, home: Path) -> None:
    """Each feature behind an extra names the extra to install, in one line."""
    store_tree = home / "with-store"
    store_tree.mkdir()
    (store_tree / "sherlock.toml").write_text(STORE_CONFIG, encoding="utf-8")
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-1-x", "SLACK_APP_TOKEN": "xapp-1-x"}
    commands = {
        "serve": [sherlock, "serve", "acme-deploy", "--port", "0"],
        "slack": [sherlock, "slack", "acme-deploy"],
        "aws store": [sherlock, "diagnose", str(store_tree), "--trust-config", "--format", "json"],
    }
    for what, args in commands.items():
        _, output = run(args, home, env)
        if HINTS[what] not in output:
            raise Failed(f"{what}: no install hint ({HINTS[what]})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-venv", action="store_true", help="leave the venv for a look")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sherlock-fresh-"))
    try:
        bin_dir = make_venv(work / "venv")
        check_slim(bin_dir)
        home = work / "home"
        home.mkdir()
        sherlock = str(bin_dir / "sherlock")
        check_diagnose(sherlock, home)
        check_hints(sherlock, home)
    except Failed as exc:
        print(f"FAILED: {exc}")
        return 1
    finally:
        if not options.keep_venv:
            shutil.rmtree(work, ignore_errors=True)
    print("OK: a plain install is slim, diagnoses, and names each missing extra")
    return 0


if __name__ == "__main__":
    sys.exit(main())
