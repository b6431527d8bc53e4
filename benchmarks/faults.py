"""The fault matrix: a hostile network path in Twilio's place, and how long a verdict takes.

Each row starts the Twilio emulator (127.0.0.1 only) with one fault standing in for what a
proxy, gateway or broken server does: a bodiless or HTML 401, a 407, 429 forever, a 5xx
whose body claims 20003, a reply dripped one byte at a time, a reset, truncated JSON, a
200 with junk. It then asks twice, and checks both the verdict and the time:

* the verifier in this process (``TwilioVerifier.verify`` on one token pair), and
* ``sherlock diagnose`` as its own process, on a two-line ``.env`` tree, with
  ``--twilio-base-url`` and ``--timeout``.

Only Twilio's own answer may settle a verdict: "invalid" needs Twilio's 401 body, and
every fault must come out "unverified".

The bounds. ``--timeout`` T bounds each request as a whole, so one probe request, with R
retries, ends within ``T × (R + 1) + R × 2 s`` (each retry waits at most 2 s, the cap on
Retry-After): ``TwilioVerifier.request_bound``, 7 s for T = 1, R = 2. The verifier row must
stay under that bound plus 0.25 s of grace. A diagnosis makes its probes concurrently,
then one round of counter-tests for what Twilio rejected, so the CLI row must stay under
``2 × request_bound`` plus ``--startup`` seconds (default 5) for the process itself.

    python benchmarks/faults.py [--timeout 1.0] [--startup 5.0] [--only drip]

Prints one line per fault and way, then PASS or FAIL; exits 1 if any verdict is wrong or
any bound is exceeded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sherlock.providers.twilio.client import ProbeRequest, TwilioVerifier
from sherlock.providers.twilio.emulator import Fault, TwilioEmulator
from sherlock.providers.twilio.emulator.state import Account, EmulatorState
from sherlock.secrets import Secret

SID = "AC" + "5a1e" * 8
TOKEN = "c0ffee" * 5 + "42"
WRONG = "0" * 32
RETRIES = 2  # the verifier's default, which the CLI uses
GRACE = 0.25


@dataclass(frozen=True)
class Row:
    name: str
    fault: Fault | None
    token: str
    expected: str


ROWS = [
    Row("bodiless 401", Fault(kind="bare", status=401), WRONG, "unverified"),
    Row("HTML 401", Fault(kind="non-json", status=401), WRONG, "unverified"),
    Row("gateway JSON 401", Fault(kind="gateway-json", status=401), WRONG, "unverified"),
    Row("proxy 407", Fault(kind="407"), TOKEN, "unverified"),
    Row("429 forever", Fault(kind="429", retry_after=1), TOKEN, "unverified"),
    Row("503 claiming 20003", Fault(kind="20003-body", status=503), WRONG, "unverified"),
    Row("500 Twilio body", Fault(kind="500"), TOKEN, "unverified"),
    Row("slow drip (1 byte/s)", Fault(kind="drip", seconds=1.0), TOKEN, "unverified"),
    Row("reset", Fault(kind="reset"), TOKEN, "unverified"),
    Row("truncated JSON 401", Fault(kind="truncated-json"), WRONG, "unverified"),
    Row("body cut off", Fault(kind="cut-off"), TOKEN, "unverified"),
    Row("200 with junk JSON", Fault(kind="junk-200"), TOKEN, "unverified"),
    Row("200 with HTML", Fault(kind="non-json", status=200), TOKEN, "unverified"),
    Row("control: Twilio's 20003", None, WRONG, "invalid"),
    Row("control: Twilio's XML 20003", Fault(kind="xml"), WRONG, "invalid"),
    Row("control: valid token", None, TOKEN, "valid"),
]


def state(fault: Fault | None) -> EmulatorState:
    return EmulatorState(
        accounts=[Account(sid=SID, auth_token=TOKEN)], faults=[fault] if fault else []
    )


async def verify_once(base_url: str, token: str, timeout: float) -> tuple[str, float, float]:
    """(verdict, seconds, bound) for one probe through the verifier."""
    user = Secret(SID, identifier=True)
    verifier = TwilioVerifier(base_url=base_url, timeout=timeout, retries=RETRIES)
    async with verifier:
        started = time.perf_counter()
        result = await verifier.verify(ProbeRequest(user, Secret(token), user))
        return result.outcome.value, time.perf_counter() - started, verifier.request_bound


def diagnose_once(base_url: str, token: str, timeout: float) -> tuple[str, float]:
    """(verdict of the one credential set, seconds) for ``sherlock diagnose`` as a process."""
    root = Path(tempfile.mkdtemp(prefix="sherlock-faults-"))
    (root / ".env").write_text(f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={token}\n")
    command = [sys.executable, "-m", "sherlock", "diagnose", str(root), "--format", "json"]
    command += ["--twilio-base-url", base_url, "--timeout", f"{timeout:g}"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    elapsed = time.perf_counter() - started
    try:
        credentials = json.loads(done.stdout)["credentials"]
    except (ValueError, KeyError, TypeError):
        return f"error (exit {done.returncode})", elapsed
    verdicts = {c["verification"].split(",", 1)[0] for c in credentials}
    return (verdicts.pop() if len(verdicts) == 1 else "/".join(sorted(verdicts))), elapsed


def run_row(row: Row, timeout: float, startup: float) -> list[tuple[str, str, float, float]]:
    """Both ways for one row: (way, verdict, seconds, bound)."""
    with TwilioEmulator(state(row.fault)) as emulator:
        verdict, seconds, bound = asyncio.run(verify_once(emulator.base_url, row.token, timeout))
        lines = [("verifier", verdict, seconds, bound + GRACE)]
        cli_verdict, cli_seconds = diagnose_once(emulator.base_url, row.token, timeout)
        lines.append(("cli", cli_verdict, cli_seconds, 2 * bound + startup))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--startup", type=float, default=5.0)
    parser.add_argument("--only", default="", help="run only rows whose name contains this")
    args = parser.parse_args()
    print(f"--timeout {args.timeout:g} s, retries {RETRIES}; bound = T x (R+1) + R x 2 s")
    print(f"{'fault':<28} {'way':<8} {'verdict':<11} {'expected':<10} {'wall s':>7} {'bound s':>8}")
    failures = 0
    for row in ROWS:
        if args.only not in row.name:
            continue
        for way, verdict, seconds, bound in run_row(row, args.timeout, args.startup):
            ok = verdict == row.expected and seconds <= bound
            failures += not ok
            mark = "" if ok else "  <-- FAIL"
            print(
                f"{row.name:<28} {way:<8} {verdict:<11} {row.expected:<10} "
                f"{seconds:>7.2f} {bound:>8.2f}{mark}"
            )
    print("PASS" if failures == 0 else f"FAIL ({failures})")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
