"""A seeded polyglot monorepo for the scan benchmark, with the credentials it holds as ground truth.

``generate(root, files=50_000, seed=7)`` writes about ``files`` files (about 4 KB each on
average, plus a few 5-20 MB blobs): services in Python, Node, PHP, Ruby, Java, Go and C#,
each with source, a dependency tree (``node_modules``/``vendor``), a lock file, YAML/JSON
config, Kubernetes manifests, a compose file and CI config. About one file in ninety is a
credential file (env file, compose ``environment:``, Kubernetes Secret, shell ``export``);
decoys (``examples/``, ``fixtures/``, docs placeholders, a package's own ``.env`` inside
``node_modules``) look alike but no deployment reads them, so a scanner must not count them.

The same seed always writes the same tree, so figures from two runs compare.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("python", "node", "php", "ruby", "java", "go", "csharp")
_EXT = {
    "python": "py",
    "node": "js",
    "php": "php",
    "ruby": "rb",
    "java": "java",
    "go": "go",
    "csharp": "cs",
}
_DEPS = {"node": "node_modules", "php": "vendor", "go": "vendor", "ruby": "vendor/bundle"}
_LOCK = {
    "python": "poetry.lock",
    "node": "package-lock.json",
    "php": "composer.lock",
    "ruby": "Gemfile.lock",
    "java": "gradle.lockfile",
    "go": "go.sum",
    "csharp": "packages.lock.json",
}
BIG_FILES_MB = (5, 12, 20)


@dataclass
class Truth:
    """What the tree holds: credential files a scanner must find, decoys it must not count."""

    credential_files: set[str] = field(default_factory=set)
    decoy_files: set[str] = field(default_factory=set)
    files: int = 0
    bytes: int = 0


class _Writer:
    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.truth = Truth()
        self.made: set[Path] = set()

    def write(self, relpath: str, text: str | bytes) -> None:
        path = self.root / relpath
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        data = text.encode() if isinstance(text, str) else text
        path.write_bytes(data)
        self.truth.files += 1
        self.truth.bytes += len(data)

    def hex32(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"


def _source(lang: str, name: str, i: int, lines: int) -> str:
    """Plain application code: no credential, sometimes the word Twilio in a comment."""
    body = {
        "python": "def handler_{j}(event):\n    return compute(event, {j}, '{n}')\n",
        "node": "export function handler{j}(event) {{ return compute(event, {j}, '{n}'); }}\n",
        "php": "function handler{j}($event) {{ return compute($event, {j}, '{n}'); }}\n",
        "ruby": "def handler_{j}(event)\n  compute(event, {j}, '{n}')\nend\n",
        "java": '  public int handler{j}(Event e) {{ return compute(e, {j}, "{n}"); }}\n',
        "go": 'func Handler{j}(e Event) int {{ return compute(e, {j}, "{n}") }}\n',
        "csharp": '  public int Handler{j}(Event e) => Compute(e, {j}, "{n}");\n',
    }[lang]
    head = "// notify customers through the messaging gateway\n" if i % 9 == 0 else ""
    return head + "".join(body.format(j=j, n=name) for j in range(lines))


def _dependency(lang: str, i: int, size: int) -> str:
    line = f"/* vendored library {lang} module {i}: helpers for parsing and formatting */\n"
    return line * max(1, size // len(line))


def _lock(lang: str, rng: random.Random, entries: int) -> str:
    rows = [
        {
            "name": f"pkg-{lang}-{k}",
            "version": f"{k % 9}.{k % 13}.{k % 7}",
            "hash": f"{rng.getrandbits(160):040x}",
        }
        for k in range(entries)
    ]
    return json.dumps({"lockfileVersion": 3, "packages": rows}, indent=1)


def _config_yaml(name: str, i: int) -> str:
    keys = "".join(f"  option_{k}: value-{k}-{i}\n" for k in range(40))
    return f"service: {name}\nlogging:\n  level: info\nfeatures:\n{keys}"


def _manifest(name: str, i: int) -> str:
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}-{i}\nspec:\n"
        f"  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n"
        f"          image: registry.local/{name}:{i}\n          env:\n"
        f"            - name: LOG_LEVEL\n              value: info\n"
    )


def _credential(w: _Writer, svc: str, kind: int) -> None:
    """One credential file of four kinds, recorded as ground truth."""
    sid, token = "AC" + w.hex32(), w.hex32()
    if kind == 0:
        path = f"{svc}/.env.production"
        text = f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n"
    elif kind == 1:
        path = f"{svc}/docker-compose.yml"
        text = (
            "services:\n  app:\n    image: app:latest\n    environment:\n"
            f"      TWILIO_ACCOUNT_SID: {sid}\n      TWILIO_AUTH_TOKEN: {token}\n"
        )
    elif kind == 2:
        path = f"{svc}/k8s/twilio-secret.yaml"
        text = (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: twilio\ntype: Opaque\nstringData:\n"
            f"  TWILIO_ACCOUNT_SID: {sid}\n  TWILIO_AUTH_TOKEN: {token}\n"
        )
    else:
        path = f"{svc}/deploy/env.sh"
        text = f"#!/bin/sh\nexport TWILIO_ACCOUNT_SID={sid}\nexport TWILIO_AUTH_TOKEN={token}\n"
    w.write(path, text)
    w.truth.credential_files.add(path)


def _decoys(w: _Writer, svc: str, s: int, deps: str | None) -> None:
    placeholder = (
        "TWILIO_ACCOUNT_SID=ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nTWILIO_AUTH_TOKEN=your_auth_token\n"
    )
    decoys = {
        f"{svc}/examples/.env": f"TWILIO_ACCOUNT_SID=AC{w.hex32()}\nTWILIO_AUTH_TOKEN={w.hex32()}\n",
        f"{svc}/docs/setup.md": f"# Setup\n\n```\n{placeholder}```\n",
    }
    if s % 3 == 0:
        decoys[f"{svc}/tests/fixtures/.env"] = f"TWILIO_AUTH_TOKEN={w.hex32()}\n"
    if deps == "node_modules" and s % 2 == 0:  # vendor/ is read on purpose (Laravel)
        decoys[f"{svc}/{deps}/twilio-helper/.env"] = f"TWILIO_AUTH_TOKEN={w.hex32()}\n"
    for path, text in decoys.items():
        w.write(path, text)
        w.truth.decoy_files.add(path)


def _service(w: _Writer, s: int, per_service: int) -> None:
    lang = LANGUAGES[s % len(LANGUAGES)]
    svc, ext, deps = f"services/{lang}-svc{s:03d}", _EXT[lang], _DEPS.get(lang)
    w.write(f"{svc}/{_LOCK[lang]}", _lock(lang, w.rng, 300 + w.rng.randrange(900)))
    w.write(
        f"{svc}/.github/workflows/ci.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
    )
    for kind in range(4):
        _credential(w, svc, kind)
    _decoys(w, svc, s, deps)
    budget = per_service - 8
    src = budget // 4 if deps else budget * 2 // 3
    for i in range(src):
        w.write(
            f"{svc}/src/m{i // 20}/mod{i}.{ext}", _source(lang, svc, i, 20 + w.rng.randrange(60))
        )
    for i in range(12):
        w.write(f"{svc}/config/settings{i}.yaml", _config_yaml(svc, i))
        w.write(
            f"{svc}/config/settings{i}.json",
            json.dumps({"service": svc, "retries": i, "tags": list(range(30))}),
        )
    for i in range(8):
        w.write(f"{svc}/k8s/deploy{i}.yaml", _manifest(svc, i))
    rest = budget - src - 32
    for i in range(max(0, rest)):
        where = f"{deps}/lib{i // 25}/file{i}.{ext}" if deps else f"lib/gen/file{i}.{ext}"
        w.write(f"{svc}/{where}", _dependency(lang, i, 1500 + w.rng.randrange(3500)))


def generate(root: Path, files: int = 50_000, seed: int = 7, services: int = 140) -> Truth:
    """Write the tree under ``root``; return its ground truth."""
    w = _Writer(root, random.Random(seed))
    services = max(1, min(services, files // 40))
    for s in range(services):
        _service(w, s, per_service=files // services)
    for n, mb in enumerate(BIG_FILES_MB if files >= 10_000 else ()):
        w.write(f"data/dump{n}.json", b'{"rows": [' + b"1," * (mb * 500_000) + b"0]}")
    return w.truth
