"""How long the `sherlock` console script takes to start, against a bare interpreter.

Issue 11's goals: ``sherlock --version`` in at most 4× and ``sherlock explain "HTTP 401
error: Unable to fetch record: Authenticate"`` in at most 6× the time of ``python -c pass``,
medians from one run. ``sherlock --help`` is timed too, for information (it loads every
command). Each round runs the four commands once, in a shuffled order, so a noisy neighbour
on a shared machine slows all of them alike instead of one; the ratios compare medians.

Every command runs through the installed console script next to this interpreter (the way
a user runs it), output to a pipe that is drained and thrown away. Byte-code caching is on
for the children, as after ``pip install`` (which compiles every module): a sandbox that sets
``PYTHONDONTWRITEBYTECODE`` would otherwise time compiling Sherlock's own modules from source
on every run. User+system CPU time is shown beside wall time: on a shared machine it says
what the command costs, wall time what a user waits. A command that fails is reported and the
run exits 1; so does a missed goal (judged on wall-time medians, as the issue states).

    python benchmarks/startup.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXPLAIN_TEXT = "HTTP 401 error: Unable to fetch record: Authenticate"
#: name → (goal as a multiple of the bare interpreter's median, or None for information)
GOALS: dict[str, float | None] = {"--version": 4.0, "explain": 6.0, "--help": None}


def _sherlock() -> str:
    script = Path(sys.executable).with_name("sherlock")
    if not script.exists():
        raise SystemExit(f"no console script at {script}: install the project (pip install -e .)")
    return str(script)


def _commands() -> dict[str, list[str]]:
    sherlock = _sherlock()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [sherlock, "--version"],
        "explain": [sherlock, "explain", EXPLAIN_TEXT],
        "--help": [sherlock, "--help"],
    }


#: The children's environment: byte-code caching on, as after an install.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    cpu, started = _cpu(), time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=_ENV)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:2])} exited {done.returncode}: {done.stderr[-400:]!r}")
    return elapsed, _cpu() - cpu


def measure(rounds: int, seed: int = 11) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds per command, ``rounds`` runs each, interleaved in shuffled order."""
    commands = _commands()
    for argv in commands.values():  # warm the file cache, byte-code and KB cache, untimed
        _time(argv)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    order = list(commands)
    shuffler = random.Random(seed)
    for _ in range(rounds):
        shuffler.shuffle(order)
        for name in order:
            times[name].append(_time(commands[name]))
    return times


def report(times: dict[str, list[tuple[float, float]]]) -> bool:
    """Print medians and ratios; True when every goal is met (on wall-time medians)."""
    wall = {name: statistics.median(t[0] for t in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs) for name, runs in times.items()}
    bare = "python -c pass"
    print(f"{'command':<18} {'wall ms':>8} {'× bare':>7} {'CPU ms':>7} {'× bare':>7}  goal")
    met = True
    for name in times:
        ratio, cpu_ratio = wall[name] / wall[bare], cpu[name] / cpu[bare]
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None:
            met &= ratio <= goal
            verdict = f"≤ {goal:.0f}×  {'met' if ratio <= goal else 'MISSED'}"
        label = name if name == bare else f"sherlock {name}"
        print(
            f"{label:<18} {wall[name] * 1000:>8.1f} {ratio:>6.1f}× "
            f"{cpu[name] * 1000:>7.1f} {cpu_ratio:>6.1f}×  {verdict}"
        )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="runs of each command")
    args = parser.parse_args()
    times = measure(args.rounds)
    print(f"python {sys.version.split()[0]}, {args.rounds} rounds, medians")
    sys.exit(0 if report(times) else 1)


if __name__ == "__main__":
    main()
