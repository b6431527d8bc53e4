"""How fast `sherlock diagnose --offline` scans a large polyglot monorepo, beside rg and detect-secrets.

The seeded generator (:mod:`polyglot_tree`) writes about 50,000 files / 200 MB: 140 services
in seven languages with source, dependency trees, lock files, config, manifests, a few
5-20 MB blobs, about 560 credential files and decoys. Three tools read the same tree, each
in its own virtualenv (made once under ``benchmarks/.venvs`` as check_speed.py does):

* `sherlock diagnose --offline --format json --all`: the credential files it names are
  compared with the generator's ground truth (every one found, no decoy counted);
* `rg` (PyPI `ripgrep`) with equivalent Twilio patterns: the floor for reading the bytes;
* `detect-secrets scan --all-files` (PyPI), once: it is slow.

Prints each tool's median wall and CPU time over ``--runs`` (the tools take turns, after a
warm-up run each), its peak RSS, what it found and the ratios; exits 1 when a goal is missed (at most 2x rg, at least 100x faster than
detect-secrets, under 300 MB, ground truth found exactly).

    python benchmarks/scan_speed.py [--files 50000] [--runs 3] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_speed import _venv  # noqa: E402  (the same tool venvs as check_speed)
from polyglot_tree import Truth, generate  # noqa: E402

#: The values and the references rg is asked for: SIDs and TWILIO_* token/secret names.
RG_PATTERN = r"(AC|SK)[0-9a-fA-F]{32}|TWILIO_[A-Z_]*(TOKEN|SECRET|SID|KEY)"
MAX_RATIO_RG = 2.0
MIN_RATIO_DETECT = 100.0
MAX_PEAK_MB = 300


#: Sherlock runs as an installed copy does: from compiled bytecode. A shell that sets
#: PYTHONDONTWRITEBYTECODE would otherwise time compiling Sherlock's modules on every run.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Row:
    """One tool's runs: median wall and CPU seconds, largest peak RSS, last stdout."""

    wall: float
    cpu: float
    peak_mb: int
    stdout: str


def _once(argv: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds and peak RSS (MB) of this one process, and its stdout.

    The process is waited for with ``wait4``, so its own resource use is read, with no
    wrapper process timed alongside it.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=_ENV, stdout=out, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = 0  # reaped above; keeps Popen from waiting again
        out.seek(0)
        text = out.read().decode()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, text


def _interleaved(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, Row]:
    """Each command ``runs`` times, taking turns, after one untimed warm-up each (the page
    cache and Sherlock's bytecode are then equally warm for every tool); load that comes
    and goes during the benchmark falls on every tool alike."""
    samples: dict[str, list[tuple[float, float, int, str]]] = {name: [] for name in commands}
    for argv in commands.values():
        _once(argv, cwd)
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(_once(argv, cwd))
    return {
        name: Row(
            statistics.median(s[0] for s in runs_),
            statistics.median(s[1] for s in runs_),
            max(s[2] for s in runs_),
            runs_[-1][3],
        )
        for name, runs_ in samples.items()
    }


def _found_files(stdout: str) -> set[str]:
    report = json.loads(stdout)
    return {c["location"].rsplit(":", 1)[0] for c in report["credentials"]}


def _judge(rows: dict[str, Row], truth: Truth) -> list[str]:
    """Every missed goal, in words."""
    mine = rows["sherlock"]
    found = _found_files(mine.stdout)
    misses = []
    if missing := truth.credential_files - found:
        misses.append(f"{len(missing)} credential files not found, e.g. {sorted(missing)[:3]}")
    if decoys := truth.decoy_files & found:
        misses.append(f"{len(decoys)} decoys counted, e.g. {sorted(decoys)[:3]}")
    if mine.wall > MAX_RATIO_RG * rows["rg"].wall:
        misses.append(f"slower than {MAX_RATIO_RG}x rg")
    if "detect-secrets" in rows and rows["detect-secrets"].wall < MIN_RATIO_DETECT * mine.wall:
        misses.append(f"less than {MIN_RATIO_DETECT:.0f}x faster than detect-secrets")
    if mine.peak_mb >= MAX_PEAK_MB:
        misses.append(f"peak memory {mine.peak_mb} MB >= {MAX_PEAK_MB} MB")
    print(
        f"credential files: {len(found & truth.credential_files)} of "
        f"{len(truth.credential_files)} found; decoys counted: {len(truth.decoy_files & found)}"
    )
    return misses


def _run(root: Path, runs: int, with_detect: bool) -> dict[str, Row]:
    sherlock = Path(sys.executable).with_name("sherlock")
    rg = _venv("ripgrep", "ripgrep==14.1.0") / "rg"
    commands = {
        "sherlock": [str(sherlock), "diagnose", "--offline", "--all", "--format", "json", "."],
        "rg": [str(rg), "-uu", "-c", "-e", RG_PATTERN, "."],
    }
    rows = _interleaved(commands, root, runs)
    if with_detect:
        detect = _venv("detect-secrets", "detect-secrets") / "detect-secrets"
        wall, cpu, peak, out = _once([str(detect), "scan", "--all-files", "."], root)
        rows["detect-secrets"] = Row(wall, cpu, peak, out)
    return rows


def _print(rows: dict[str, Row]) -> None:
    print(f"{'tool':<16}{'wall s':>10}{'CPU s':>10}{'peak MB':>10}")
    for tool, row in rows.items():
        print(f"{tool:<16}{row.wall:>10.2f}{row.cpu:>10.2f}{row.peak_mb:>10}")
    mine = rows["sherlock"].wall
    line = f"ratio sherlock/rg: {mine / rows['rg'].wall:.2f}x (CPU {rows['sherlock'].cpu / rows['rg'].cpu:.2f}x)"
    if "detect-secrets" in rows:
        line += f"   detect-secrets/sherlock: {rows['detect-secrets'].wall / mine:.0f}x"
    print(line)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}, cores: {os.cpu_count()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-detect-secrets", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the tree here and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sherlock-scan-speed-") as scratch:
        root = options.keep or Path(scratch)
        truth = generate(root, options.files, options.seed)
        print(
            f"tree: {truth.files} files, {truth.bytes / 1e6:.0f} MB, "
            f"{len(truth.credential_files)} credential files, {len(truth.decoy_files)} decoys"
        )
        rows = _run(root, options.runs, not options.no_detect_secrets)
    _print(rows)
    misses = _judge(rows, truth)
    for miss in misses:
        print(f"MISSED: {miss}")
    return 1 if misses else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
