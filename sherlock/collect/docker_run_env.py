"""Variables a script passes to a container with ``docker run -e NAME=VALUE``.

``docker run`` / ``docker create`` (also ``docker container run``) set a container's
environment with ``-e``/``--env`` (``NAME=VALUE``, or ``NAME`` alone to pass the shell's own
value through), docker's CLI reference says; the value is what the shell passes, its quoting
removed. So each such command of a script is one container's unit: its values at the line
that writes them, a ``$VAR`` in a value or a bare ``NAME`` a note (the shell fills it at run
time), the ``--name`` (else the image's name) the service, the path the environment. Only
the options before the image count: what follows the image is the container's command.
``--env-file`` files are read by the env-file reader with docker's rules
(:mod:`.env_consumers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import environment_from_path, pick_environment
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.kubectl_secrets import line_of, logical_lines, shell_words
from sherlock.models import Location, Note

CONSUMER = "docker run -e"
_RUN = re.compile(
    r"(?:^|[;&|(]\s*|\bthen\s+|\bdo\s+|\bsudo\s+|\bexec\s+)docker\s+(?:container\s+)?(?:run|create)\b"
)
_ENV_FLAGS = ("-e", "--env")
#: options of ``docker run`` that take a value (the rest are switches or carry it after ``=``)
_VALUED = frozenset(
    [
        "-a",
        "--attach",
        "--add-host",
        "--cap-add",
        "--cap-drop",
        "--cidfile",
        "--cpus",
        "--cpu-shares",
        "-c",
        "--device",
        "--dns",
        "--entrypoint",
        "--env-file",
        "--expose",
        "--gpus",
        "--group-add",
        "-h",
        "--hostname",
        "--health-cmd",
        "--ip",
        "--label",
        "-l",
        "--link",
        "--log-driver",
        "--log-opt",
        "-m",
        "--memory",
        "--mount",
        "--name",
        "--network",
        "--net",
        "-p",
        "--publish",
        "--platform",
        "--pull",
        "--restart",
        "--runtime",
        "--security-opt",
        "--shm-size",
        "--stop-signal",
        "--tmpfs",
        "-u",
        "--user",
        "--ulimit",
        "-v",
        "--volume",
        "--volumes-from",
        "-w",
        "--workdir",
    ]
)


@dataclass
class _Run:
    lines: list[tuple[int, str]]
    name: str = ""
    image: str = ""
    env: list[str] = field(default_factory=list)


def _runs(text: str) -> Iterator[_Run]:
    for physical in logical_lines(text):
        joined = " ".join(part for _, part in physical)
        found = _RUN.search(joined.lstrip())
        if found is None or joined.lstrip().startswith("#"):
            continue
        run = _Run(physical)
        _read_options(shell_words(joined.lstrip()[found.end() :]), run)
        yield run


def _read_options(words: list[str], run: _Run) -> None:
    index = 0
    while index < len(words):
        word = words[index]
        flag, eq, inline = word.partition("=")
        if not word.startswith("-"):
            run.image = word
            return
        value = inline if eq else (words[index + 1] if index + 1 < len(words) else "")
        takes = flag in _ENV_FLAGS or flag in _VALUED
        index += 2 if takes and not eq else 1
        if flag in _ENV_FLAGS:
            run.env.append(value)
        elif flag == "--name":
            run.name = value


def docker_run_values(source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
    """The ``-e`` values each ``docker run`` of a script gives its container."""
    result = CollectResult()
    for run in _runs(text):
        entries: list[Entry] = []
        for spec in run.env:
            name, eq, value = spec.partition("=")
            location = Location(
                source.relpath, line_of(run.lines, spec.split("=", 1)[0] + ("=" if eq else ""))
            )
            if not eq or "$" in value:
                if is_provider_name(name):
                    message = f"{name} is passed from the shell running docker; not checked"
                    result.notes.append(Note(str(location), message))
                continue
            entries.append(Entry(name, value, location))
        if not entries:
            continue
        service = run.name or run.image.rsplit("/", 1)[-1].split(":", 1)[0] or "container"
        unit = Unit(
            scope=f"{source.relpath} [docker run {service}]",
            source_kind="docker-run",
            consumer=CONSUMER,
            environment=pick_environment(environment_from_path(source.relpath)),
            service=service,
            hints=(source.relpath, service),
        )
        result.extend(emit(entries, unit))
    return result
