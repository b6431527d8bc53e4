"""How long `sherlock diagnose` takes on a big deployment, against a slow Twilio.

The tree: 200 services x 3 environments (600 env files), one account per environment, with
5 prod services still on a pre-rotation token and 3 staging services whose token carries a
trailing space. The emulator adds 100 ms to every request, so the cost of each round trip
Sherlock does not avoid shows up plainly.

It prints the wall time of the whole `sherlock diagnose` process, the number of requests
the emulator saw, and the ratio to the floor any tool must pay: starting a Python process
that makes one request to the same emulator. Goals (from the issue): requests equal to the
distinct credential pairs plus counter-tests, and a ratio of at most 3.

    python benchmarks/diagnose_latency.py [--services 200] [--latency 0.1] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator

ENVIRONMENTS = {"prod": "production", "staging": "staging", "dev": "development"}
STALE_PROD = 5
SPACED_STAGING = 3


def build_tree(root: Path, book: CredentialBook, services: int) -> set[tuple[str, str]]:
    """Write the tree; return the distinct (SID, token) pairs as a client would send them."""
    pairs: set[tuple[str, str]] = set()
    for index in range(services):
        folder = root / "services" / f"svc-{index:03d}"
        folder.mkdir(parents=True)
        for env, suffix in ENVIRONMENTS.items():
            sid, token = book.sid(env), book.token(env, "current")
            if env == "prod" and index < STALE_PROD:
                token = book.token(env, "old")
            if env == "staging" and index < SPACED_STAGING:
                token += " "
            pairs.add((sid, token))
            text = f"# svc-{index:03d} {env}\nTWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\nLOG_LEVEL=info\n"
            # A --env-file consumer keeps the trailing space; say so the way real trees do.
            (folder / f".env.{suffix}").write_text(text)
        (folder / "run.sh").write_text(
            f"#!/bin/sh\ndocker run --env-file services/svc-{index:03d}/.env.staging acme/svc\n"
        )
    return pairs


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def round_trip(base_url: str) -> float:
    """One request on a fresh connection to the emulator, measured in this process."""
    start = time.perf_counter()
    httpx.get(f"{base_url}/2010-04-01/Accounts/AC00.json", headers={"Host": "api.twilio.com"})
    return time.perf_counter() - start


def floor_command(base_url: str) -> list[str]:
    """A bare Python process that makes one request: the least any Python tool pays."""
    code = (
        "import httpx,sys; r=httpx.get(sys.argv[1]+'/2010-04-01/Accounts/AC00.json',"
        "headers={'Host':'api.twilio.com'}); sys.exit(0 if r.status_code else 1)"
    )
    return [sys.executable, "-c", code, base_url]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    book = CredentialBook()
    root = Path(tempfile.mkdtemp(prefix="sherlock-bench-")) / "deploy"
    pairs = build_tree(root, book, args.services)
    spec = {
        "accounts": [{"name": env, "token_variant": "current"} for env in ENVIRONMENTS],
        "latency_seconds": args.latency,
    }
    command = [sys.executable, "-m", "sherlock", "diagnose", str(root), "--format", "json"]
    walls, floors, starts, trips, counts = [], [], [], [], []
    with TwilioEmulator(book.state(spec)) as emulator:
        for _ in range(args.runs):
            floors.append(timed(floor_command(emulator.base_url))[0])
            starts.append(timed([sys.executable, "-m", "sherlock", "--help"])[0])
            trips.append(round_trip(emulator.base_url))
            emulator.reset_log()
            wall, done = timed([*command, "--twilio-base-url", emulator.base_url])
            if done.returncode not in (0, 1):
                print(done.stderr, file=sys.stderr)
                return 2
            walls.append(wall)
            counts.append(len(emulator.requests))
    report = json.loads(done.stdout)
    top = report["causes"][0]["id"] if report["causes"] else "none"
    wall, bare = statistics.median(walls), statistics.median(floors)
    floor = statistics.median(starts) + statistics.median(trips)
    ratio = wall / floor
    counter_tests = counts[-1] - len(pairs)
    print(
        f"tree: {args.services} services x {len(ENVIRONMENTS)} environments, "
        f"{args.services * len(ENVIRONMENTS)} env files, emulator latency {args.latency * 1000:.0f} ms"
    )
    print(f"sherlock diagnose wall time (median of {args.runs}): {wall:.3f} s; top cause: {top}")
    print(
        f"floor, sherlock process start {statistics.median(starts):.3f} s + one round trip "
        f"{statistics.median(trips):.3f} s = {floor:.3f} s"
    )
    print(f"ratio: {ratio:.2f} (goal <= 3)")
    print(
        f"for reference, a bare python+httpx process making one request: {bare:.3f} s "
        f"(ratio {wall / bare:.2f})"
    )
    print(f"requests: {counts[-1]} = {len(pairs)} distinct pairs + {counter_tests} counter-tests")
    ok = ratio <= 3 and counter_tests >= 0 and len(set(counts)) == 1
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
