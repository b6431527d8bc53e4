"""Fuzz every parser Sherlock runs on text it did not write, with a fixed budget of inputs.

    .venv/bin/python benchmarks/fuzz.py                    # 20,000 inputs per parser (minutes)
    .venv/bin/python benchmarks/fuzz.py --budget 1000000   # the goal run (hours on 2 cores)
    .venv/bin/python benchmarks/fuzz.py --only env: --budget 200000 --save /tmp/fuzz-finds

The parsers are the table in ``tests/properties/targets.py`` (shared with the property
tests). Inputs are random text from an alphabet of characters parsers treat specially, and
mutations of seeds: every file of the scenario trees and the demo deployment that the
parser would read, plus a few handwritten ones. Mutations insert, delete, duplicate, splice
and repeat slices, so nesting and repetition (the shapes that make parsers quadratic) come
up often.

A crash is any exception escaping the parser other than its documented refusal. An input
under 10 KB is slow when it takes over 100 ms of CPU time (the process's own, so six other
engineers' test runs on the same two cores do not count); a slow input is timed twice more
and judged by its fastest run. Each input is stopped after 10 s of CPU (counted as slow). The table shows, per parser: inputs run, crashes, slow inputs, and
the slowest input under 10 KB. Exit status 1 on any crash or slow input.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import signal
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sherlock.demo.book import CredentialBook  # noqa: E402
from tests.properties.targets import TARGETS, Target  # noqa: E402

SMALL = 10 * 1024
SLOW_SECONDS = 0.100
HANG_SECONDS = 10.0
MAX_INPUT = 40 * 1024

TRICKY = (
    "\"'`$\\{}[]()#:=-|>&*!%@,;?~<^\n\r\t \u00a0\u200b\ufeff\x00\x1b\u2028abcxyzABCXYZ0123456789_./"
)

#: Which seed files each input shape starts from (by file name), and handwritten seeds.
SEED_NAMES: dict[str, tuple[str, ...]] = {
    "env": (".env", ".env.*", "*.env", ".envrc"),
    "yaml": ("*.yml", "*.yaml"),
    "dockerfile": ("Dockerfile*", "*.Dockerfile"),
    "shell": ("*.sh", ".envrc", "Makefile"),
    "json": ("config.json",),
    "toml": ("sherlock.toml",),
    "unit": ("*.service", "*.conf"),
    "refs": (),
    "paste": ("*.md",),
    "any": (".env", "*.yml"),
}
HANDWRITTEN: dict[str, tuple[str, ...]] = {
    "env": ("export A=\"x ${B:-${C}}\" # c\nB='$A'\n", "TWILIO_AUTH_TOKEN=abc\\\n"),
    "yaml": (
        "a: &x 1\nb: &x 2\nc: {<<: *x}\n",
        "services:\n  api:\n    environment:\n      - A=1\n",
    ),
    "dockerfile": ("# escape=`\nFROM a AS b\nARG X=1\nENV Y=${X:-z} \\\n  Z=1\n",),
    "shell": ("#!/bin/sh\nexport A='x'\ncat <<EOF\n$A\nEOF\ndocker run --env-file .env x\n",),
    "json": (
        '{"profiles": {"prod": {"accountSid": "AC1", "apiSecret": "x"}}}',
        '{"text": "20003"}',
    ),
    "toml": ('[environments.prod]\nfiles = ["a.env"]\n[slack]\nalert_channel = "C1"\n',),
    "unit": ('[Service]\nEnvironment="A=1" B=\\x41\nEnvironmentFile=-/etc/app/prod.env\n',),
    "refs": ("${A:-${B:-${C}}}", "$${A}", "${A:?missing}"),
    "paste": (
        "twilio.base.exceptions.TwilioRestException: HTTP 401 error: Unable to fetch record: "
        "Authenticate\nAuthorization: Basic QUM6dG9r\n<@U1> 20003 in prod <http://a|b>",
        "<TwilioResponse><RestException><Code>20003</Code><Message>x</Message>",
    ),
    "any": ("",),
}


def _seed_files() -> list[Path]:
    folders = [ROOT / "tests" / "scenarios", ROOT / "sherlock" / "demo" / "deployment"]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def seeds_for(shape: str, files: list[Path], book: CredentialBook) -> list[str]:
    """The shape's handwritten seeds and the text of every matching tree file."""
    found = list(HANDWRITTEN[shape])
    for path in files:
        if any(path.match(pattern) for pattern in SEED_NAMES[shape]):
            try:
                found.append(book.render(path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError, KeyError, ValueError):
                continue
    return found


# --- inputs ---------------------------------------------------------------------------------


def random_text(rng: random.Random) -> str:
    size = rng.choice((rng.randrange(0, 64), rng.randrange(0, 1024), rng.randrange(0, SMALL)))
    return "".join(rng.choices(TRICKY, k=size))


def mutate(text: str, rng: random.Random, seeds: list[str]) -> str:
    """One to eight edits of the kinds that find parser bugs."""
    for _ in range(rng.randint(1, 8)):
        n = len(text)
        a = rng.randrange(n + 1)
        b = min(n, a + rng.choice((1, 2, 8, 64, 512)))
        edit = rng.randrange(7)
        if edit == 0:
            text = text[:a] + "".join(rng.choices(TRICKY, k=rng.randint(1, 8))) + text[a:]
        elif edit == 1:
            text = text[:a] + text[b:]
        elif edit == 2:
            text = text[:b] + text[a:b] + text[b:]
        elif edit == 3:
            other = rng.choice(seeds)
            c = rng.randrange(len(other) + 1)
            text = text[:a] + other[c : c + rng.randrange(1, 400)] + text[b:]
        elif edit == 4 and b > a:
            times = rng.choice((2, 10, 100, 1000))
            text = text[:a] + (text[a:b] * times)[: SMALL - n] + text[b:]
        elif edit == 5:
            text = text[:a]
        elif n:
            i = rng.randrange(n)
            text = text[:i] + rng.choice(TRICKY) + text[i + 1 :]
    return text[:MAX_INPUT]


def inputs(rng: random.Random, seeds: list[str], budget: int) -> Iterator[str]:
    yield from seeds[:budget]
    for _ in range(max(0, budget - len(seeds))):
        if not seeds or rng.random() < 0.2:
            yield random_text(rng)
        else:
            yield mutate(rng.choice(seeds), rng, seeds)


# --- running --------------------------------------------------------------------------------


class Hang(Exception):
    """Raised into a parser that ran past HANG_SECONDS."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang()


@dataclass
class Tally:
    target: str
    runs: int = 0
    crashes: int = 0
    slow: int = 0
    slowest: float = 0.0
    slowest_size: int = 0
    seconds: float = 0.0
    crash_kinds: dict[str, int] = field(default_factory=dict)


def timed(target: Target, text: str) -> tuple[float, BaseException | None]:
    """Seconds the parser took on ``text`` and the exception that escaped it, if any."""
    signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
    started = time.process_time()
    try:
        target.run(text)
        error: BaseException | None = None
    except target.allowed:
        error = None
    except RecursionError as exc:  # a crash too, but keep the fuzzer alive
        error = exc
    except Exception as exc:
        error = exc
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return time.process_time() - started, error


def _save(save: Path | None, target: Target, kind: str, text: str) -> None:
    if save is None:
        return
    save.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    name = f"{target.name.replace(':', '_')}-{kind}-{digest}.txt"
    (save / name).write_text(text, encoding="utf-8", errors="surrogatepass")


def fuzz(target: Target, seeds: list[str], budget: int, seed: int, save: Path | None) -> Tally:
    rng = random.Random(f"{seed}|{target.name}")
    tally = Tally(target.name)
    for text in seeds[:3]:
        timed(target, text)  # warm-up: first calls import modules and compile patterns
    started = time.perf_counter()
    for text in inputs(rng, seeds, budget):
        tally.runs += 1
        took, error = timed(target, text)
        if error is not None and not isinstance(error, Hang):
            tally.crashes += 1
            kind = type(error).__name__
            tally.crash_kinds[kind] = tally.crash_kinds.get(kind, 0) + 1
            _save(save, target, "crash", text)
            continue
        size = len(text.encode("utf-8", "surrogatepass"))
        if size >= SMALL:
            continue
        if took > SLOW_SECONDS and not isinstance(error, Hang):
            took = min([took] + [timed(target, text)[0] for _ in range(2)])
        if took > tally.slowest:
            tally.slowest, tally.slowest_size = took, size
        if took > SLOW_SECONDS:
            tally.slow += 1
            _save(save, target, "slow", text)
    tally.seconds = time.perf_counter() - started
    return tally


def table(tallies: list[Tally]) -> str:
    head = f"{'parser':<26} {'inputs':>9} {'crashes':>7} {'slow':>5} {'slowest':>10} {'size':>7} {'inputs/s':>9}"
    rows = [head, "-" * len(head)]
    for t in tallies:
        rate = t.runs / t.seconds if t.seconds else 0.0
        rows.append(
            f"{t.target:<26} {t.runs:>9,} {t.crashes:>7} {t.slow:>5} "
            f"{t.slowest * 1000:>8.1f}ms {t.slowest_size:>7} {rate:>9,.0f}"
        )
        for kind, count in sorted(t.crash_kinds.items()):
            rows.append(f"{'':<26}   crash: {kind} x{count}")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=int, default=20_000, help="inputs per parser")
    parser.add_argument("--seed", type=int, default=0, help="random seed (runs are repeatable)")
    parser.add_argument("--only", default="", help="only parsers whose name contains this")
    parser.add_argument("--save", type=Path, help="write crashing and slow inputs here")
    args = parser.parse_args()
    signal.signal(signal.SIGPROF, _alarm)
    # Parsers' warnings (ruamel's reused anchors) are not crashes, and printing thousands of
    # them would be timed as parsing.
    warnings.simplefilter("ignore")
    files = _seed_files()
    book = CredentialBook(seed="fuzz")
    tallies = []
    for target in TARGETS:
        if args.only not in target.name:
            continue
        tally = fuzz(
            target, seeds_for(target.shape, files, book), args.budget, args.seed, args.save
        )
        print(
            f"{target.name}: {tally.runs:,} inputs in {tally.seconds:.1f}s",
            file=sys.stderr,
            flush=True,
        )
        tallies.append(tally)
    print(table(tallies))
    bad = [t for t in tallies if t.crashes or t.slow]
    print(
        f"\n{len(tallies)} parsers, {sum(t.runs for t in tallies):,} inputs, "
        f"{sum(t.crashes for t in tallies)} crashes, {sum(t.slow for t in tallies)} slow inputs (<10 KB, >100 ms)"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
