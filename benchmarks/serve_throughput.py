"""How many diagnoses `sherlock serve` answers per second on a large unchanged tree, and how
soon an edit shows in its answers.

A seeded generator writes a 5,000-file monorepo: source, JSON config, Kubernetes ConfigMaps,
lock files and a ``node_modules`` folder around one deployment (3 environments × 6 services
of env files; prod rotated and one service left on the old token, a staging token with a
trailing space kept by ``docker --env-file``, a compose project, a Kubernetes Secret read
through a Deployment). The real ``sherlock serve`` runs as a child process (uvicorn over
HTTP, the Twilio emulator behind ``--twilio-base-url``), and this process is the client:

* offline diagnoses (``{"offline": true}``: Twilio is not in the measure), one at a time and
  at 20 concurrent clients: diagnoses/s, p50 and p99 of each request's wall time;
* the same with live verification, every verdict answered from the server's cache;
* edit → answer: a token is rewritten (and a file added, a file deleted) and the client asks
  every 5 ms until an answer reflects it;
* in-process, for reference: what one question still costs (the diagnosis from the index,
  ``to_dict`` and JSON), and a rescan per question (a Runner without the warm index).

Goals: p50 under 20 ms from the warm index (one at a time: with 20 in flight, p50 is mostly
the queue), throughput at 20 concurrent not below the sequential one (10 % allowed for a
shared machine), an edit visible within a second. Each run is repeated ``--rounds`` times,
one at a time and concurrent alternately, and the round with the median throughput is shown.

    python benchmarks/serve_throughput.py [--files 5000] [--requests 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from sherlock.demo.book import CredentialBook
from sherlock.providers.twilio.emulator import TwilioEmulator

API_TOKEN = "serve-throughput-benchmark-token-8d41c0b7e2f95a36"
HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}
ENVIRONMENTS = {"prod": ".env.production", "staging": ".env.staging", "dev": ".env.development"}
SERVICES = ("api", "billing", "worker", "notify", "search", "auth")
EDITED = "services/search/.env.development"
GOAL_P50_MS = 20.0
GOAL_EDIT_S = 1.0
FILLER = "\n".join(f"const value{i} = compute({i}, 'x{i}');" for i in range(40))


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _env_text(book: CredentialBook, env: str, service: str) -> str:
    token = book.token(env, "rotated" if env == "prod" else "")
    if env == "prod" and service == "billing":
        token = book.token(env)  # the pre-rotation token: a cause to find
    return f"TWILIO_ACCOUNT_SID={book.sid(env)}\nTWILIO_AUTH_TOKEN={token}\n"


def _deployment(root: Path, book: CredentialBook) -> int:
    """The credential files; returns how many were written."""
    count = 0
    for env, name in ENVIRONMENTS.items():
        for service in SERVICES:
            _write(root, f"services/{service}/{name}", _env_text(book, env, service))
            count += 1
    _write(
        root,
        "deploy/staging.env",
        f"TWILIO_ACCOUNT_SID={book.sid('staging')}\nTWILIO_AUTH_TOKEN={book.token('staging')} \n",
    )
    _write(
        root, "deploy/run-staging.sh", "#!/bin/sh\ndocker run --env-file deploy/staging.env app\n"
    )
    _write(
        root,
        "docker-compose.yml",
        "services:\n  api:\n    env_file: services/api/.env.production\n",
    )
    _write(
        root,
        "k8s/prod/twilio-secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sms\n  namespace: prod\n"
        f"stringData:\n  token: {book.token('prod', 'rotated')}\n  sid: {book.sid('prod')}\n",
    )
    _write(
        root,
        "k8s/prod/sms.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sms\n  namespace: prod\n"
        "spec:\n  template:\n    spec:\n      containers:\n        - name: sms\n"
        "          env:\n            - name: TWILIO_AUTH_TOKEN\n              valueFrom:\n"
        "                secretKeyRef: {name: sms, key: token}\n"
        "            - name: TWILIO_ACCOUNT_SID\n              valueFrom:\n"
        "                secretKeyRef: {name: sms, key: sid}\n",
    )
    return count + 5


def _filler(root: Path, index: int, rng: random.Random) -> None:
    folder = f"packages/pkg{index // 25:03d}"
    kind = index % 5
    if kind == 0:
        _write(root, f"{folder}/src/module{index}.js", FILLER)
    elif kind == 1:
        _write(root, f"{folder}/config/settings{index}.json", json.dumps({"retries": index}))
    elif kind == 2:
        _write(
            root,
            f"{folder}/k8s/config{index}.yaml",
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{index}\ndata:\n  LEVEL: info\n",
        )
    elif kind == 3:
        _write(root, f"{folder}/node_modules/dep{index}/index.js", FILLER)
    else:
        _write(root, f"{folder}/package-lock{index}.json", json.dumps({"n": rng.random()}))


def generate(root: Path, files: int, seed: int, book: CredentialBook) -> None:
    rng = random.Random(seed)
    written = _deployment(root, book)
    for index in range(files - written):
        _filler(root, index, rng)
    os.chmod(root / "deploy/run-staging.sh", 0o755)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(tree: Path, twilio_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``sherlock serve`` in a child process, its log lines (one per request) to ``log``."""
    port = _free_port()
    env = {**os.environ, "SHERLOCK_API_TOKEN": API_TOKEN}
    args = [sys.executable, "-m", "sherlock", "serve", str(tree), "--host", "127.0.0.1"]
    args += ["--port", str(port), "--twilio-base-url", twilio_url, "--cache-ttl", "3600"]
    with log.open("wb") as sink:
        process = subprocess.Popen(args, env=env, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise SystemExit(f"sherlock serve did not start:\n{tail}")


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class _Connection:
    """One keep-alive HTTP/1.1 connection over raw asyncio streams: the client's own cost
    stays far below the server's, so 20 of them measure the server, not the client."""

    def __init__(self, host: str, port: int, body: dict[str, Any]) -> None:
        self.host, self.port = host, port
        payload = json.dumps(body).encode()
        self.request = (
            f"POST /v1/diagnose HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {API_TOKEN}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode() + payload

    async def __aenter__(self) -> _Connection:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        self.writer.close()

    async def ask(self) -> float:
        """Seconds from writing one question to the end of its answer."""
        began = time.perf_counter()
        self.writer.write(self.request)
        status = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        if b" 200 " not in status:
            raise SystemExit(f"the server answered {status!r}")
        return time.perf_counter() - began


async def measure(
    base: str, body: dict[str, Any], count: int, workers: int
) -> tuple[list[float], float]:
    """Latencies of ``count`` questions asked by ``workers`` connections, and the wall time."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    remaining = iter(range(count))

    async def worker() -> None:
        async with _Connection(host, int(port), body) as connection:
            for _ in remaining:
                latencies.append(await connection.ask())

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return latencies, time.perf_counter() - start


def report(label: str, latencies: list[float], wall: float) -> dict[str, float]:
    row = {
        "per_s": len(latencies) / wall,
        "p50": _percentile(latencies, 0.5) * 1000,
        "p99": _percentile(latencies, 0.99) * 1000,
    }
    print(
        f"{label:<38}{row['per_s']:>9.1f}/s   p50 {row['p50']:>6.1f} ms   p99 {row['p99']:>6.1f} ms"
    )
    return row


def _fingerprints(client: httpx.Client) -> dict[str, str]:
    response = client.post("/v1/diagnose", json={"offline": True})
    return {row["location"]: row["fingerprint"] for row in response.json()["credentials"]}


def _until(client: httpx.Client, seen: Callable[[dict[str, str]], bool]) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < 10:
        if seen(_fingerprints(client)):
            return time.perf_counter() - start
        time.sleep(0.005)
    return float("inf")


def _changed(where: str, before: str) -> Callable[[dict[str, str]], bool]:
    return lambda now: now.get(where) != before


def edit_latencies(base: str, tree: Path, book: CredentialBook, rounds: int) -> dict[str, float]:
    """Seconds from a write to the first answer that shows it."""
    where = f"{EDITED}:2"
    times: list[float] = []
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
        for round_ in range(rounds):
            before = _fingerprints(client)[where]
            token = book.token("dev", f"edit{round_}")
            (tree / EDITED).write_text(
                f"TWILIO_ACCOUNT_SID={book.sid('dev')}\nTWILIO_AUTH_TOKEN={token}\n",
                encoding="utf-8",
            )
            times.append(_until(client, _changed(where, before)))
            time.sleep(0.2)
        added = "services/mailer/.env.production"
        _write(tree, added, _env_text(book, "prod", "mailer"))
        add = _until(client, lambda now: f"{added}:2" in now)
        time.sleep(0.2)
        (tree / added).unlink()
        delete = _until(client, lambda now: f"{added}:2" not in now)
    return {
        "edit_p50": statistics.median(times),
        "edit_max": max(times),
        "add": add,
        "delete": delete,
    }


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def _index_costs(tree: Path, runs: int) -> dict[str, float]:
    """A whole diagnosis from the warm index (answer reuse bypassed), split in its parts."""
    from sherlock.engine.diagnose import DEFAULT_ERROR, DiagnoseRequest, diagnose_async, spec_for
    from sherlock.engine.sources import gather_sources
    from sherlock.index import WarmIndex
    from sherlock.providers.base import VerifierSettings

    index = WarmIndex(tree)
    index.refresh(force=True)
    index.live = True
    provider, _ = spec_for(DEFAULT_ERROR)
    request = DiagnoseRequest(root=tree, offline=True)
    spent: dict[str, list[float]] = {"sources": [], "diagnosis": [], "to_dict": [], "json": []}
    async with provider.new_verifier(VerifierSettings(cache_ttl=60)) as verifier:
        for _ in range(runs):
            start = time.perf_counter()
            sources = await gather_sources(
                tree, None, process_env=None, store_environ=None, collect=index.collect
            )
            gathered = time.perf_counter()
            result = await diagnose_async(request, verifier, sources)
            diagnosed = time.perf_counter()
            as_dict = result.to_dict()
            converted = time.perf_counter()
            json.dumps(as_dict)
            spent["sources"].append(gathered - start)
            spent["diagnosis"].append(diagnosed - gathered)
            spent["to_dict"].append(converted - diagnosed)
            spent["json"].append(time.perf_counter() - converted)
    return {name: _median_ms(samples) for name, samples in spent.items()}


async def _runner_costs(tree: Path, watch: bool, runs: int) -> float:
    """Median ms per ``Runner.diagnose`` (watched: answers reused; not watched: a rescan)."""
    from sherlock.engine.runner import Runner

    runner = Runner(root=tree, watch=watch)
    try:
        await runner.diagnose(offline=True)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            await runner.diagnose(offline=True)
            samples.append(time.perf_counter() - start)
        return _median_ms(samples)
    finally:
        await runner.aclose()


def in_process_costs(tree: Path, runs: int) -> dict[str, float]:
    """What a question costs once the tree is indexed, and what a rescan costs."""
    costs = asyncio.run(_index_costs(tree, runs))
    costs["reused"] = asyncio.run(_runner_costs(tree, True, runs))
    costs["rescan"] = asyncio.run(_runner_costs(tree, False, 5))
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    book = CredentialBook(seed=f"serve-throughput-{options.seed}")
    spec = {"accounts": [{"name": "prod", "token_variant": "rotated"}, {"name": "staging"}]}
    spec["accounts"].append({"name": "dev"})
    with tempfile.TemporaryDirectory(prefix="sherlock-serve-") as scratch:
        tree = Path(scratch) / "tree"
        generate(tree, options.files, options.seed, book)
        count = sum(1 for p in tree.rglob("*") if p.is_file())
        print(f"tree: {count} files ({len(ENVIRONMENTS) * len(SERVICES) + 5} with credentials)")
        with TwilioEmulator(book.state(spec)) as twilio:
            server, base = start_server(tree, twilio.base_url, Path(scratch) / "serve.log")
            try:
                rows = run_http(base, options, twilio)
                edits = edit_latencies(base, tree, book, options.edits)
            finally:
                server.terminate()
                server.wait(timeout=10)
        costs = in_process_costs(tree, 50)
    return summarise(rows, edits, costs)


def _median(rounds: list[tuple[list[float], float]]) -> tuple[list[float], float]:
    ordered = sorted(rounds, key=lambda one: len(one[0]) / one[1])
    return ordered[len(ordered) // 2]


def _paired_rounds(
    base: str, body: dict[str, Any], options: argparse.Namespace
) -> tuple[tuple[list[float], float], tuple[list[float], float]]:
    """``--rounds`` runs one at a time and as many at ``--concurrency``, alternated so both
    see the same neighbours on a shared machine; the median-throughput round of each."""
    alone, together = [], []
    for _ in range(options.rounds):
        alone.append(asyncio.run(measure(base, body, options.requests, 1)))
        together.append(asyncio.run(measure(base, body, options.requests, options.concurrency)))
    return _median(alone), _median(together)


def run_http(
    base: str, options: argparse.Namespace, twilio: TwilioEmulator
) -> dict[str, dict[str, float]]:
    """The four measured runs; every verified verdict must come from the server's cache."""
    offline: dict[str, Any] = {"offline": True}
    asyncio.run(measure(base, offline, 20, 1))  # warm-up: imports, the first diagnosis
    asyncio.run(measure(base, {}, 5, 1))  # warm-up: every verdict now in the server's cache
    sent = len(twilio.requests)
    rows: dict[str, dict[str, float]] = {}
    for kind, body in (("offline", offline), ("verified (cached)", {})):
        alone, together = _paired_rounds(base, body, options)
        rows[f"{kind}, 1 at a time"] = report(f"{kind}, 1 at a time", *alone)
        label = f"{kind}, {options.concurrency} concurrent"
        rows[f"{kind}, concurrent"] = report(label, *together)
    print(f"Twilio requests during the measured runs: {len(twilio.requests) - sent}")
    return rows


def summarise(
    rows: dict[str, dict[str, float]], edits: dict[str, float], costs: dict[str, float]
) -> int:
    print(
        f"edit -> answer: token rewritten p50 {edits['edit_p50'] * 1000:.0f} ms, "
        f"max {edits['edit_max'] * 1000:.0f} ms; file added {edits['add'] * 1000:.0f} ms; "
        f"file deleted {edits['delete'] * 1000:.0f} ms"
    )
    print(
        f"per question, in process: a whole diagnosis from the index "
        f"{costs['sources'] + costs['diagnosis']:.1f} ms (sources {costs['sources']:.1f} ms, "
        f"group/check/rank/scrub {costs['diagnosis']:.1f} ms), then to_dict "
        f"{costs['to_dict']:.2f} ms and JSON {costs['json']:.2f} ms; a reused answer "
        f"{costs['reused']:.2f} ms; a rescan per question (no index) {costs['rescan']:.0f} ms"
    )
    failures = []
    for label, row in rows.items():
        # One at a time, p50 is what a question costs. With 20 in flight on one busy
        # process it is mostly the wait behind the other 19 (20 / throughput), so the goal
        # there is that throughput holds (within 10 %, for a machine shared with others).
        if label.endswith("1 at a time") and row["p50"] >= GOAL_P50_MS:
            failures.append(f"{label}: p50 {row['p50']:.1f} ms")
    for kind in ("offline", "verified (cached)"):
        one, many = rows[f"{kind}, 1 at a time"], rows[f"{kind}, concurrent"]
        if many["per_s"] < 0.9 * one["per_s"]:
            failures.append(f"{kind}: {many['per_s']:.0f}/s concurrent < {one['per_s']:.0f}/s")
    if max(edits.values()) > GOAL_EDIT_S:
        failures.append(f"an edit took {max(edits.values()):.2f} s to show")
    print("goals met" if not failures else "GOALS MISSED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
