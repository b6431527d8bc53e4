"""How fast `sherlock diagnose --offline` scans a large polyglot monorepo, beside rg and detect-secrets.

The seeded generator (:mod:`polyglot_tree`) writes about 50,000 files / 200 MB: 140 services
in seven languages with source, dependency trees, lock files, config, manifests, a few
5-20 MB blobs, about 560 credential files and decoys. Three tools read the same tree, each
in its own virtualenv (made once under ``benchmarks/.venvs`` as check_speed.py does):

* `sherlock diagnose --offline --format json --all`: the credential files it names are
  compared with the generator's ground truth (every one found, no decoy counted);
* `rg` (PyPI `ripgrep`) with equivalent Twilio patterns: the floor for reading the bytes;
* `detect-secrets scan --all-files` (PyPI), once: it is slow.

Prints each tool's median wall time over ``--runs``, its peak RSS, what it found and the
ratios; exits 1 when a goal is missed (at most 2x rg, at least 100x faster than
detect-secrets, under 300 MB, ground truth found exactly).

    python benchmarks/scan_speed.py [--files 50000] [--runs 3] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_speed import _median, _venv  # noqa: E402  (same venvs and timing as check_speed)
from polyglot_tree import Truth, generate  # noqa: E402

#: The values and the references rg is asked for: SIDs and TWILIO_* token/secret names.
RG_PATTERN = r"(AC|SK)[0-9a-fA-F]{32}|TWILIO_[A-Z_]*(TOKEN|SECRET|SID|KEY)"
MAX_RATIO_RG = 2.0
MIN_RATIO_DETECT = 100.0
MAX_PEAK_MB = 300


def _found_files(stdout: str) -> set[str]:
    report = json.loads(stdout)
    return {c["location"].rsplit(":", 1)[0] for c in report["credentials"]}


def _judge(rows: dict[str, tuple[float, int, str]], truth: Truth) -> list[str]:
    """Every missed goal, in words."""
    mine, peak, out = rows["sherlock"]
    found = _found_files(out)
    misses = []
    if missing := truth.credential_files - found:
        misses.append(f"{len(missing)} credential files not found, e.g. {sorted(missing)[:3]}")
    if decoys := truth.decoy_files & found:
        misses.append(f"{len(decoys)} decoys counted, e.g. {sorted(decoys)[:3]}")
    if mine > MAX_RATIO_RG * rows["rg"][0]:
        misses.append(f"slower than {MAX_RATIO_RG}x rg")
    if "detect-secrets" in rows and rows["detect-secrets"][0] < MIN_RATIO_DETECT * mine:
        misses.append(f"less than {MIN_RATIO_DETECT:.0f}x faster than detect-secrets")
    if peak >= MAX_PEAK_MB:
        misses.append(f"peak memory {peak} MB >= {MAX_PEAK_MB} MB")
    print(
        f"credential files: {len(found & truth.credential_files)} of "
        f"{len(truth.credential_files)} found; decoys counted: {len(truth.decoy_files & found)}"
    )
    return misses


def _run(root: Path, runs: int, with_detect: bool) -> dict[str, tuple[float, int, str]]:
    sherlock = Path(sys.executable).with_name("sherlock")
    rg = _venv("ripgrep", "ripgrep==14.1.0") / "rg"
    argv = [str(sherlock), "diagnose", "--offline", "--all", "--format", "json", "."]
    rows = {
        "sherlock": _median(argv, root, runs),
        "rg": _median([str(rg), "-uu", "-c", "-e", RG_PATTERN, "."], root, runs),
    }
    if with_detect:
        detect = _venv("detect-secrets", "detect-secrets") / "detect-secrets"
        rows["detect-secrets"] = _median([str(detect), "scan", "--all-files", "."], root, 1)
    return rows


def _print(rows: dict[str, tuple[float, int, str]]) -> None:
    print(f"{'tool':<16}{'seconds':>10}{'peak MB':>10}")
    for tool, (seconds, peak, _) in rows.items():
        print(f"{tool:<16}{seconds:>10.2f}{peak:>10}")
    mine = rows["sherlock"][0]
    line = f"ratio sherlock/rg: {mine / rows['rg'][0]:.2f}x"
    if "detect-secrets" in rows:
        line += f"   detect-secrets/sherlock: {rows['detect-secrets'][0] / mine:.0f}x"
    print(line)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}, cores: {os.cpu_count()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
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
