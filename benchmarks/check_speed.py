"""How fast `sherlock check` gates a large repository, beside the scanners CI users know.

A seeded generator writes a monorepo: services with source code, JSON/YAML config,
Kubernetes manifests, lock files and a `node_modules` folder, plus credential files (some
broken: quotes kept, trailing spaces, truncated tokens) and decoys (examples, fixtures).
Three tools then read the same tree, each in its own virtualenv so their dependencies never
mix with Sherlock's:

* `sherlock check` (offline: what a pre-commit hook or a CI step runs),
* `rg` (PyPI `ripgrep`) with Twilio patterns: the floor for reading the bytes,
* `detect-secrets scan` (PyPI), a secret scanner from the same field.

It prints each tool's median wall time over ``--runs``, its peak memory (resource usage of
the child), what it found, and Sherlock's ratios to the others. Sherlock must also find
every broken credential the generator planted (the benchmark asserts it).

    python benchmarks/check_speed.py [--files 5000] [--runs 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENVS = HERE / ".venvs"
TWILIO_PATTERN = r"(AC|SK)[0-9a-fA-F]{32}|TWILIO_[A-Z_]*(TOKEN|SECRET)"
FILLER = "\n".join(f"const value{i} = compute({i}, 'x{i}');" for i in range(60))


def _hex(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(32))


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _service_files(root: Path, name: str, rng: random.Random, per_service: int) -> None:
    for i in range(per_service):
        kind = i % 5
        if kind == 0:
            _write(root, f"{name}/src/module{i}.js", FILLER)
        elif kind == 1:
            _write(
                root, f"{name}/config/settings{i}.json", json.dumps({"retries": i, "name": name})
            )
        elif kind == 2:
            _write(
                root,
                f"{name}/k8s/deploy{i}.yaml",
                f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-{i}\ndata:\n  LEVEL: info\n",
            )
        elif kind == 3:
            _write(root, f"{name}/node_modules/pkg{i}/index.js", FILLER)
        else:
            _write(
                root,
                f"{name}/package-lock{i}.json",
                json.dumps({"lockfileVersion": 3, "n": rng.random()}),
            )


def generate(root: Path, files: int, seed: int) -> dict[str, int]:
    """Write the tree; return how many broken credentials of each kind were planted."""
    rng = random.Random(seed)
    services = max(10, files // 50)
    planted = {"quoted-credential": 0, "whitespace-in-credential": 0, "malformed-credential": 0}
    for s in range(services):
        name = f"services/svc{s:04d}"
        _service_files(root, name, rng, per_service=max(1, files // services - 2))
        sid, token = "AC" + _hex(rng), _hex(rng)
        fault = s % 10
        if fault == 1:
            planted["quoted-credential"] += 1
            _write(
                root, f"{name}/prod.env", f'TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN="{token}"\n'
            )
            _write(root, f"{name}/run.sh", f"docker run --env-file {name}/prod.env app\n")
        elif fault == 2:
            planted["whitespace-in-credential"] += 1
            _write(
                root,
                f"{name}/.env.production",
                f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN='{token} '\n",
            )
        elif fault == 3:
            planted["malformed-credential"] += 1
            _write(
                root,
                f"{name}/.env.production",
                f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token[:20]}\n",
            )
        else:
            _write(
                root,
                f"{name}/.env.production",
                f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n",
            )
        if s % 7 == 0:
            _write(root, f"{name}/examples/.env", f"TWILIO_AUTH_TOKEN={_hex(rng)[:10]}\n")
    return planted


def _venv(name: str, package: str) -> Path:
    """A virtualenv with one tool, made once under benchmarks/.venvs."""
    home = VENVS / name
    if not (home / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
        subprocess.run([str(home / "bin" / "pip"), "install", "--quiet", package], check=True)
    return home / "bin"


#: Runs a command and reports its own children's peak RSS (KiB) on stderr's last line, so
#: each tool's memory is measured alone, not as the maximum over every earlier child.
_PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(r.returncode)"
)


def _timed(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the tool in MB, and its stdout."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib // 1024, done.stdout


def _median(args: list[str], cwd: Path, runs: int) -> tuple[float, int, str]:
    results = [_timed(args, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    rg = _venv("ripgrep", "ripgrep==14.1.0") / "rg"
    detect = _venv("detect-secrets", "detect-secrets") / "detect-secrets"
    sherlock = Path(sys.executable).with_name("sherlock")
    with tempfile.TemporaryDirectory(prefix="sherlock-check-speed-") as scratch:
        root = Path(scratch)
        planted = generate(root, options.files, options.seed)
        count = sum(1 for _ in root.rglob("*") if _.is_file())
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
        print(f"tree: {count} files, {size:.1f} MB, planted {planted}")
        rows = {
            "sherlock check": _median(
                [str(sherlock), "check", ".", "--format", "json"], root, options.runs
            ),
            "rg": _median([str(rg), "-uu", "-c", "-e", TWILIO_PATTERN, "."], root, options.runs),
            "detect-secrets": _median(
                [str(detect), "scan", "--all-files", "."], root, min(options.runs, 1)
            ),
        }
        report = json.loads(rows["sherlock check"][2])
        found = {cause: 0 for cause in planted}
        for cause in report["causes"]:
            if cause["id"] in found:
                found[cause["id"]] = len({loc.rsplit(":", 1)[0] for loc in cause["locations"]})
    print(f"{'tool':<16}{'seconds':>10}{'peak MB':>10}")
    for tool, (seconds, peak, _) in rows.items():
        print(f"{tool:<16}{seconds:>10.2f}{peak:>10}")
    mine = rows["sherlock check"][0]
    print(
        f"ratio sherlock/rg: {mine / rows['rg'][0]:.1f}x   "
        f"detect-secrets/sherlock: {rows['detect-secrets'][0] / mine:.1f}x"
    )
    print(f"broken credentials found by sherlock: {found} (planted {planted})")
    missed = {
        cause: planted[cause] - found[cause] for cause in planted if found[cause] < planted[cause]
    }
    if missed:
        print(f"MISSED: {missed}")
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
