"""How long `sherlock diagnose` takes on a big deployment, against a slow Twilio.

The tree: 200 services x 3 environments (600 env files), one account per environment, with
5 prod services still on a pre-rotation token and 3 staging services whose token carries a
trailing space. The emulator adds 100 ms to every request, so the cost of each round trip
Sherlock does not avoid shows up plainly.

It prints the wall time of the whole `sherlock diagnose` process, the number of requests
the emulator saw, and the ratio to the floor any tool must pay: starting a Python process
that makes one request to the same emulator. Goals (from the issue): requests equal to the
distinct credential pairs plus counter-tests, and a ratio of at most 3.

A second case (``--case rejected``) measures live verification at scale: 1,000 distinct
pairs, 10% of them rejected (each a pre-rotation token of an account whose current token is
also in the tree), so every check's follow-up probes run. It compares the whole
``sherlock diagnose`` process with a bare ``httpx.AsyncClient`` process sending the same number
of requests at the same concurrency (64) to the same emulator, and prints the connections the
emulator accepted for each. Goal: at most 1.5x the bare client, counter-tests bounded per
rejected set, and connections reused (no more than the concurrency).

    python benchmarks/diagnose_latency.py [--case tree|rejected|all] [--services 200]
        [--latency 0.1] [--runs 3] [--pairs 1000] [--rejected 0.1]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.checking.crosscheck import MAX_CANDIDATES
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


def tree_case(args: argparse.Namespace) -> bool:
    """The 600-file tree against a slow emulator: wall time against the floor."""
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
                return False
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
    return ok


# --- the rejected-pairs case -------------------------------------------------------------

CONCURRENCY = 64  # TwilioVerifier's default, and the bare client's
#: Counter-tests a rejected set of this tree may cost: its old token is tried on other
#: accounts' SIDs twice over, by the rotation checks (the tree's first other accounts) and by
#: environment-mismatch (accounts of other environments), each capped at MAX_CANDIDATES.
COUNTER_TESTS_PER_REJECTED_SET = 2 * MAX_CANDIDATES

#: A bare client: the same number of requests, the same concurrency, one pooled
#: httpx.AsyncClient, nothing else. argv: base URL, pairs file, request count, concurrency.
BARE_CLIENT = """
import asyncio, json, sys, time
import httpx
async def main(base, pairs, total, concurrency):
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
        async def one(index):
            sid, token = pairs[index % len(pairs)]
            async with gate:
                answer = await client.get(
                    f"{base}/2010-04-01/Accounts/{sid}.json",
                    auth=(sid, token), headers={"Host": "api.twilio.com"})
                return answer.status_code
        start = time.perf_counter()
        codes = await asyncio.gather(*(one(i) for i in range(total)))
        print(json.dumps({"send": time.perf_counter() - start, "codes": len(codes)}))
pairs = json.loads(open(sys.argv[2]).read())
asyncio.run(main(sys.argv[1], pairs, int(sys.argv[3]), int(sys.argv[4])))
"""

#: The floor under any HTTP library: the same requests over ``concurrency`` kept-alive
#: sockets with asyncio streams, reading Content-Length bodies. Same argv as BARE_CLIENT.
RAW_CLIENT = """
import asyncio, base64, json, sys, time
from urllib.parse import urlsplit
async def worker(host, port, queue, pairs):
    reader, writer = await asyncio.open_connection(host, port)
    while not queue.empty():
        sid, token = pairs[queue.get_nowait() % len(pairs)]
        auth = base64.b64encode(f"{sid}:{token}".encode()).decode()
        writer.write((f"GET /2010-04-01/Accounts/{sid}.json HTTP/1.1\\r\\nHost: api.twilio.com"
                      f"\\r\\nAuthorization: Basic {auth}\\r\\n\\r\\n").encode())
        head = await reader.readuntil(b"\\r\\n\\r\\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\\r\\n")
                      if line.lower().startswith(b"content-length:"))
        await reader.readexactly(length)
    writer.close()
async def main(base, pairs, total, concurrency):
    url, queue = urlsplit(base), asyncio.Queue()
    for index in range(total):
        queue.put_nowait(index)
    start = time.perf_counter()
    await asyncio.gather(*(worker(url.hostname, url.port, queue, pairs)
                           for _ in range(min(concurrency, total))))
    print(json.dumps({"send": time.perf_counter() - start}))
pairs = json.loads(open(sys.argv[2]).read())
asyncio.run(main(sys.argv[1], pairs, int(sys.argv[3]), int(sys.argv[4])))
"""


def build_rejected_tree(
    root: Path, book: CredentialBook, pairs: int, rejected: int
) -> tuple[list[tuple[str, str]], dict[str, object]]:
    """``pairs`` services with one pair each; the last ``rejected`` hold a pre-rotation token
    of an account whose current token another service holds. Returns the pairs (SID, token)
    in tree order and the emulator spec."""
    accounts = pairs - rejected
    written: list[tuple[str, str]] = []
    for index in range(pairs):
        name = f"acct-{index % accounts:04d}"
        old = index >= accounts
        sid, token = book.sid(name), book.token(name, "old" if old else "")
        env, suffix = list(ENVIRONMENTS.items())[index % len(ENVIRONMENTS)]
        folder = root / "services" / f"svc-{index:04d}"
        folder.mkdir(parents=True)
        text = f"# svc-{index:04d} {env}\nTWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n"
        (folder / f".env.{suffix}").write_text(text)
        written.append((sid, token))
    spec: dict[str, object] = {"accounts": [{"name": f"acct-{i:04d}"} for i in range(accounts)]}
    return written, spec


def cpu_timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time, CPU seconds (user + system) and result of a child process: on a shared,
    loaded machine the CPU seconds say what the wall time cannot."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, done = timed(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done


def bare_client(
    base_url: str, pairs_file: Path, total: int, code: str = BARE_CLIENT
) -> tuple[float, float, float]:
    """(process wall time, CPU seconds, time spent sending) of a bare client process."""
    command = [sys.executable, "-c", code, base_url, str(pairs_file), str(total)]
    wall, cpu, done = cpu_timed([*command, str(CONCURRENCY)])
    if done.returncode != 0:
        raise RuntimeError(f"the bare client failed: {done.stderr[-400:]}")
    return wall, cpu, float(json.loads(done.stdout)["send"])


CPU_FIELDS = ("cpu", "bare_cpu", "raw_cpu")


@dataclass(frozen=True)
class Run:
    """One run of the rejected-pairs case: Sherlock, then the two bare clients."""

    wall: float
    cpu: float
    requests: int
    connections: int
    bare_wall: float
    bare_cpu: float
    bare_send: float
    bare_connections: int
    raw_wall: float
    raw_cpu: float
    raw_send: float


def _one_run(emulator: TwilioEmulator, command: list[str], pairs_file: Path) -> Run | None:
    emulator.reset_log()
    opened = emulator.connections_opened
    wall, cpu, done = cpu_timed([*command, "--twilio-base-url", emulator.base_url])
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    sent = len(emulator.requests)
    connections = emulator.connections_opened - opened
    opened = emulator.connections_opened
    bare = bare_client(emulator.base_url, pairs_file, sent)
    bare_connections = emulator.connections_opened - opened
    raw = bare_client(emulator.base_url, pairs_file, sent, RAW_CLIENT)
    return Run(wall, cpu, sent, connections, *bare, bare_connections, *raw)


def rejected_case(args: argparse.Namespace) -> bool:
    """1,000 distinct pairs, 10% rejected: Sherlock against a bare client, same requests."""
    rejected = round(args.pairs * args.rejected)
    book = CredentialBook("bench-rejected")
    root = Path(tempfile.mkdtemp(prefix="sherlock-bench-rejected-")) / "deploy"
    pairs, spec = build_rejected_tree(root, book, args.pairs, rejected)
    pairs_file = root.parent / "pairs.json"
    pairs_file.write_text(json.dumps(pairs))
    spec["latency_seconds"] = args.latency
    command = [sys.executable, "-m", "sherlock", "diagnose", str(root), "--format", "json"]
    runs: list[Run] = []
    with TwilioEmulator(book.state(spec)) as emulator:
        for _ in range(args.runs):
            run = _one_run(emulator, command, pairs_file)
            if run is None:
                return False
            runs.append(run)
    return _report_rejected(args, runs, len(pairs), rejected)


def _report_rejected(args: argparse.Namespace, runs: list[Run], pairs: int, rejected: int) -> bool:
    wall = statistics.median(r.wall for r in runs)
    bare = statistics.median(r.bare_wall for r in runs)
    send = statistics.median(r.bare_send for r in runs)
    raw = statistics.median(r.raw_wall for r in runs)
    raw_send = statistics.median(r.raw_send for r in runs)
    last = runs[-1]
    counter_tests = last.requests - pairs
    ratio = wall / bare
    print(
        f"tree: {pairs} distinct pairs, {rejected} rejected ({args.rejected:.0%}), emulator "
        f"latency {args.latency * 1000:.0f} ms, concurrency {CONCURRENCY}"
    )
    cpu = {name: statistics.median(getattr(r, name) for r in runs) for name in CPU_FIELDS}
    print(
        f"sherlock diagnose wall time (median of {args.runs}): {wall:.3f} s "
        f"(CPU {cpu['cpu']:.2f} s)"
    )
    print(
        f"bare httpx.AsyncClient process, {last.requests} requests: {bare:.3f} s "
        f"(CPU {cpu['bare_cpu']:.2f} s; {send:.3f} s sending, {last.requests / send:.0f} "
        "requests/s)"
    )
    print(f"ratio: {ratio:.2f} (goal <= 1.5)")
    print(
        f"for reference, raw asyncio sockets, same requests: {raw:.3f} s (CPU "
        f"{cpu['raw_cpu']:.2f} s; {raw_send:.3f} s sending, {last.requests / raw_send:.0f} "
        f"requests/s; ratio {wall / raw:.2f})"
    )
    per_set = counter_tests / rejected if rejected else 0.0
    print(
        f"requests: {last.requests} = {pairs} pairs + {counter_tests} counter-tests "
        f"({per_set:.1f} per rejected set, bound {COUNTER_TESTS_PER_REJECTED_SET})"
    )
    print(
        f"connections opened at the emulator: sherlock {last.connections}, "
        f"bare httpx client {last.bare_connections} (concurrency {CONCURRENCY})"
    )
    ok = (
        ratio <= 1.5
        and 0 <= counter_tests <= COUNTER_TESTS_PER_REJECTED_SET * rejected
        and last.connections <= CONCURRENCY
        and len({r.requests for r in runs}) == 1
    )
    print("PASS" if ok else "FAIL")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("tree", "rejected", "all"), default="all")
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--rejected", type=float, default=0.1)
    args = parser.parse_args()
    ok = True
    if args.case in ("tree", "all"):
        ok = tree_case(args) and ok
    if args.case in ("rejected", "all"):
        if args.case == "all":
            print()
        ok = rejected_case(args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
