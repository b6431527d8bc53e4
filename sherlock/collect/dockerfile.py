"""Dockerfiles: ``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, and the same with
``Containerfile``.

A credential written into a Dockerfile is baked into every image built from it, so it keeps
authenticating (or failing) long after the secret store was rotated. Two kinds of value are
read, each as BuildKit produces it (see :mod:`.dockerfile_syntax`):

* ``ENV`` (``KEY=value`` pairs, several per line, or the old ``ENV KEY value``): what the
  running container sees. Within a stage, a later ``ENV`` wins, and the earlier Twilio value
  gets a note. ``FROM <earlier stage>`` inherits that stage's ENV, so a stage that another
  stage builds on is reported through the stage built on it; every other stage is its own
  unit (the last one is what runs; earlier ones are build scaffolding, still worth checking).
* ``ARG NAME=default``: a default credential used at build time unless ``--build-arg``
  replaces it. An ``ENV X=$X`` that copies such an ARG into the image is reported at the
  ARG's line, where the value is written. Other ARG defaults form the stage's build-time
  unit (consumer "docker build ARG"), with the stage's ENV on top, as a ``RUN`` step sees
  them. A value that needs an ARG without a default (set by ``--build-arg``) or a variable
  from the base image is not a literal: a Twilio one gets a note.

Half a pair in an image is a normal design (the orchestrator adds the token at run time),
so a unit without a complete set keeps its credential values back, with a note
(:mod:`.partial`). Environment: the stage name (``FROM base AS production``), an
``APP_ENV``-style variable, then the path. Service: a name part of the file
(``api.Dockerfile``, ``Dockerfile.worker``), else the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    environment_from_variables,
    pick_environment,
    service_from_name,
    service_from_path,
)
from sherlock.collect.dockerfile_syntax import (
    DockerfileSyntaxError,
    Instruction,
    NestingTooDeepError,
    expand_word,
    parse,
    split_old_form,
    split_words,
)
from sherlock.collect.dotenv import EXAMPLE_WORDS
from sherlock.collect.emit import Entry, Unit, emit, is_provider_name
from sherlock.collect.partial import hold_halves
from sherlock.models import Location, Note

ENV_CONSUMER = "Dockerfile ENV"
ARG_CONSUMER = "docker build ARG"
_BASES = ("dockerfile", "containerfile")
_SINGLE_REF = re.compile(r'"?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))"?')
_NAME_WORDS = re.compile(r"[^a-z0-9]+")


def _name_parts(name: str) -> list[str] | None:
    """The dot-separated parts beside ``Dockerfile`` in a file name, or None if not one."""
    low = name.lower()
    if low.endswith(".dockerignore"):
        return None
    for base in _BASES:
        if low == base:
            return []
        if low.startswith(base + "."):
            return name[len(base) + 1 :].split(".")
        if low.endswith("." + base):
            return name[: -len(base) - 1].split(".")
    return None


def is_dockerfile_name(name: str) -> bool:
    """``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile`` or the same with ``Containerfile``,
    except example/template copies (``Dockerfile.example``) and ``.dockerignore`` files."""
    parts = _name_parts(name)
    if parts is None:
        return False
    words = {w for part in parts for w in _NAME_WORDS.split(part.lower()) if w}
    return not EXAMPLE_WORDS.intersection(words)


def _service(relpath: str, root_name: str) -> str:
    name = relpath.rsplit("/", 1)[-1]
    for part in _name_parts(name) or []:
        found = service_from_name(part)
        if found:
            return found
    return service_from_path(relpath, root_name)


@dataclass
class Stage:
    """One ``FROM`` … up to the next ``FROM``: its ENV entries (inherited first) and ARGs."""

    index: int
    name: str
    parent: int | None
    env: list[Entry] = field(default_factory=list)
    args: dict[str, str | None] = field(default_factory=dict)
    arg_entries: dict[str, Entry] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or f"stage {self.index}"

    def lookup(self, name: str) -> str | None:
        for entry in reversed(self.env):
            if entry.name == name:
                return entry.raw
        return self.args.get(name)


@dataclass
class Build:
    """Everything read from one Dockerfile."""

    relpath: str
    escape: str
    global_args: dict[str, str | None] = field(default_factory=dict)
    global_entries: dict[str, Entry] = field(default_factory=dict)
    stages: list[Stage] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # ids of ARG entries an ENV copies
    notes: list[Note] = field(default_factory=list)

    def at(self, instruction: Instruction, offset: int = 0) -> Location:
        return Location(self.relpath, instruction.line_at(offset))

    def note(self, instruction: Instruction, message: str, offset: int = 0) -> None:
        self.notes.append(Note(str(self.at(instruction, offset)), message))


def _not_literal(build: Build, name: str, unknown: list[str], where: Location) -> None:
    if is_provider_name(name):
        refs = ", ".join(f"${{{u}}}" for u in unknown)
        message = (
            f"{name} takes {refs} from the build (a --build-arg or the base image); not checked"
        )
        build.notes.append(Note(str(where), message))


def _pairs(build: Build, ins: Instruction) -> list[tuple[str, str, int]] | None:
    """(name, raw value, offset) for each pair of an ENV; None (with a note) when invalid."""
    words = split_words(ins.args, build.escape)
    if not words:
        build.note(ins, "ENV without a name; docker build stops here")
        return None
    if "=" not in words[0][0]:
        old = split_old_form(ins.args)
        if old is None:
            build.note(ins, "ENV needs a value after the name; docker build stops here")
            return None
        name, raw, offset = old
        return [(name, raw, offset)]
    pairs: list[tuple[str, str, int]] = []
    for word, offset in words:
        name, has_value, raw = word.partition("=")
        if not has_value:
            build.note(ins, "ENV mixes name=value pairs with a bare word; docker build stops here")
            return None
        pairs.append((name, raw, offset))
    return pairs


def _consequence(exc: DockerfileSyntaxError) -> str:
    """What a refused word means: BuildKit stops on its own errors; past Sherlock's nesting
    limit only Sherlock gives up on the word."""
    return "not read" if isinstance(exc, NestingTooDeepError) else "docker build stops here"


def _env(build: Build, stage: Stage, ins: Instruction) -> None:
    pairs = _pairs(build, ins)
    if pairs is None:
        return
    new: list[Entry] = []
    for name, raw, offset in pairs:  # every pair sees the values from before this ENV
        where = build.at(ins, offset)
        try:
            key = expand_word(name, stage.lookup, build.escape).text
            single = _SINGLE_REF.fullmatch(raw)
            copied = stage.arg_entries.get(single[1] or single[2]) if single else None
            if copied is not None and stage.lookup(copied.name) == copied.raw:
                build.consumed.add(id(copied))
                new.append(Entry(key, copied.raw, copied.location))
                continue
            value = expand_word(raw, stage.lookup, build.escape)
        except DockerfileSyntaxError as exc:
            build.notes.append(Note(str(where), f"ENV {name}: {exc}; {_consequence(exc)}"))
            continue
        if value.unknown:
            _not_literal(build, key, value.unknown, where)
            continue
        new.append(Entry(key, value.text, where))
    stage.env.extend(new)


def _arg(build: Build, stage: Stage | None, ins: Instruction) -> None:
    known = stage.args if stage else build.global_args
    entries = stage.arg_entries if stage else build.global_entries
    lookup = stage.lookup if stage else build.global_args.get
    for word, offset in split_words(ins.args, build.escape):
        name, has_default, raw = word.partition("=")
        where = build.at(ins, offset)
        if not has_default:
            inherited = build.global_args.get(name) if stage else None
            known[name] = inherited
            if stage and inherited is not None and name in build.global_entries:
                entries[name] = build.global_entries[name]
            continue
        try:
            value = expand_word(raw, lookup, build.escape)
        except DockerfileSyntaxError as exc:
            build.notes.append(Note(str(where), f"ARG {name}: {exc}; {_consequence(exc)}"))
            continue
        if value.unknown:
            known[name] = None
            _not_literal(build, name, value.unknown, where)
            continue
        known[name] = value.text
        entries[name] = Entry(name, value.text, where)


def _from(build: Build, ins: Instruction) -> Stage:
    words = [w for w, _ in split_words(ins.args, build.escape)]
    try:
        image = expand_word(words[0], build.global_args.get).text.lower() if words else ""
    except DockerfileSyntaxError:
        image = ""  # an image name BuildKit cannot read: not one of our stages either
    name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else ""
    parent = next((s for s in reversed(build.stages) if s.name and s.name == image), None)
    stage = Stage(len(build.stages), name, parent.index if parent else None)
    if parent is not None:
        stage.env = list(parent.env)
    build.stages.append(stage)
    return stage


def read_build(relpath: str, text: str) -> Build:
    """Stages, ENV and ARG values of a Dockerfile, with notes on what could not be read."""
    try:
        parsed = parse(text)
    except DockerfileSyntaxError as exc:
        build = Build(relpath, "\\")
        build.notes.append(Note(relpath, f"{exc}; docker build stops here"))
        return build
    build = Build(relpath, parsed.escape)
    stage: Stage | None = None
    for ins in parsed.instructions:
        try:
            if ins.keyword == "FROM":
                stage = _from(build, ins)
            elif ins.keyword == "ARG":
                _arg(build, stage, ins)
            elif ins.keyword == "ENV" and stage is None:
                build.note(ins, "ENV before the first FROM; docker build stops here")
            elif ins.keyword == "ENV" and stage is not None:
                _env(build, stage, ins)
        except DockerfileSyntaxError as exc:
            build.note(ins, f"{ins.keyword}: {exc}; {_consequence(exc)}")
    return build


def _environment(relpath: str, stage_name: str, entries: list[Entry]) -> str:
    return pick_environment(
        environment_from_text(stage_name),
        environment_from_variables((e.name, e.raw) for e in entries),
        environment_from_path(relpath),
    )


def _unit_result(entries: list[Entry], unit: Unit, where: str, rest_from: str) -> CollectResult:
    """Emit one unit, holding back a lone half whose other half comes from elsewhere."""
    return hold_halves(emit(entries, unit), where, rest_from)


def _emit(build: Build, ctx: ScanContext) -> CollectResult:
    """Each final stage's runtime ENV, then each stage's build-time view where ARGs add to it.

    A build step sees the stage's ARG values with its ENV values on top (ENV wins a name).
    It is reported only when an ARG default holds a value no ENV copied into the image.
    """
    result = CollectResult(notes=list(build.notes))
    service = _service(build.relpath, ctx.root_name)
    bases = {s.parent for s in build.stages if s.parent is not None}
    redeclared = {id(e) for s in build.stages for e in s.arg_entries.values()}
    for stage in build.stages:
        hints = (build.relpath, stage.name)
        if stage.index not in bases:
            env = _environment(build.relpath, stage.name, stage.env)
            scope = f"dockerfile:{stage.label}@{build.relpath}"
            unit = Unit(scope, "dockerfile", ENV_CONSUMER, env, service, hints)
            where = f"image stage '{stage.label}'"
            result.extend(
                _unit_result(stage.env, unit, where, "the container's run-time environment")
            )
        args = [e for e in stage.arg_entries.values() if id(e) not in build.consumed]
        if args:
            entries = args + stage.env
            env = _environment(build.relpath, stage.name, entries)
            scope = f"dockerfile-build:{stage.label}@{build.relpath}"
            unit = Unit(scope, "dockerfile-arg", ARG_CONSUMER, env, service, hints)
            where = f"build stage '{stage.label}'"
            result.extend(_unit_result(entries, unit, where, "--build-arg values"))
    unused = [
        e
        for e in build.global_entries.values()
        if id(e) not in build.consumed and id(e) not in redeclared
    ]
    if unused:
        env = _environment(build.relpath, "", unused)
        scope = f"dockerfile-build:global@{build.relpath}"
        unit = Unit(scope, "dockerfile-arg", ARG_CONSUMER, env, service, (build.relpath,))
        result.extend(_unit_result(unused, unit, "the global ARGs", "--build-arg values"))
    return result


class DockerfileCollector:
    """Reads ENV and ARG values from Dockerfiles and Containerfiles."""

    name = "dockerfile"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return is_dockerfile_name(relpath.rsplit("/", 1)[-1])

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        return _emit(read_build(source.relpath, text), ctx)
