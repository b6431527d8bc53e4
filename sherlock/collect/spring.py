"""Spring Boot configuration: ``application[-<profile>].properties|yml|yaml`` (and ``bootstrap``).

Read as Spring Boot reads them:

* ``.properties`` follows ``java.util.Properties``: ``key=value``, ``key: value`` or
  ``key value``; ``#``/``!`` comment lines; a trailing backslash continues the line; ``\\uXXXX``
  and the usual escapes are decoded; blanks after the separator are dropped.
* YAML keys nest into dotted names (``twilio: {auth-token: …}`` is ``twilio.auth-token``);
  a multi-document file (``---``) applies a document only to the profile its
  ``spring.config.activate.on-profile`` (or the older ``spring.profiles``) names.
* The profile is the environment: ``application-prod.yml`` and an ``on-profile: prod``
  document both belong to ``prod``; a plain ``application.yml`` to the default.
* ``${NAME}`` and ``${NAME:default}`` placeholders are resolved at start-up from the other
  property sources, OS environment variables first. Each placeholder in a credential key is a
  :class:`~sherlock.collect.readings.CodeReading` of ``NAME``; because Spring Boot also binds
  environment variables to the key itself (relaxed binding: ``TWILIO_AUTH_TOKEN`` and
  ``TWILIO_AUTHTOKEN`` both reach ``twilio.auth-token``, as ``SystemEnvironmentPropertyMapper``
  maps them; a camelCase ``twilio.authToken`` is reached by ``TWILIO_AUTHTOKEN`` only), those
  names are the reading's aliases. A literal in a credential key is a value, and so is the
  plain default of a whole-value ``${NAME:default}``, marked ``fallback``: Spring sends it
  only while nothing sets ``NAME`` (a deployment variable that does joins the run above it),
  and :mod:`sherlock.collect.code.fallbacks` settles it as it does code's defaults.

What one process sees is a *run* of the project folder's files, layered as Spring Boot's
"Externalized Configuration" reference orders config data (later wins): ``application.*``
first, then the active profile's ``on-profile`` documents of those files, then
``application-{profile}.*`` ("profile-specific files always override the non-specific
ones"); in one folder a ``.properties`` file beats ``.yaml``/``.yml``. With no active profile
Spring runs the ``default`` profile (``application-default.*``). So each value is emitted in
the run that uses it, with what it hides kept as shadowed evidence
(:mod:`sherlock.collect.config_layers`): one run per profile the folder names, and the
profile-less run unless the base files set ``spring.profiles.active`` (then that run is the
active profiles'). Properties are compared in relaxed form (``twilio.authToken``,
``twilio.auth-token`` and ``twilio.auth_token`` are one property). A placeholder in a later
file replaces an earlier literal: the process reads the variable, never the literal.

OS environment variables rank above every config file in that same order. When the tree
shows how the project is started (:mod:`sherlock.collect.project_env`: a compose service that
builds its folder from anywhere in the tree, a compose service or Kubernetes workload running
the image its Jib or ``build-image`` config or a skaffold artifact names
(:mod:`sherlock.collect.project_links`), else its Dockerfile's ``ENV``), each such deployment
is a run: its
``SPRING_PROFILES_ACTIVE`` picks the profiles (over the files' ``spring.profiles.active``),
and its variables join the run for every property the project's config uses, whether a file
sets it, writes it as a placeholder or leaves it out (:mod:`sherlock.collect.framework_binding`:
relaxed binding puts ``TWILIO_AUTH_TOKEN`` over ``twilio.auth-token``; ``${NAME}`` resolves
from ``NAME``; a credential role no file names binds its usual key). So an
``application.yml`` that holds only the SID and a compose service that sets the token are
one complete run. The file-only profile-less run is then not a run of its own: only
profiles no deployment activates still are.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.code.written_defaults import placeholder_default
from sherlock.collect.config_layers import Layer, owner, provider_texts, sibling_names, stacked
from sherlock.collect.context import (
    environment_from_path,
    environment_from_text,
    pick_environment,
)
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_binding import relaxed_key, relaxed_names, spring_binding
from sherlock.collect.framework_config import names_a_provider, project_service, slot_of
from sherlock.collect.project_env import Deployment, deployments
from sherlock.collect.readings import CodeReading
from sherlock.collect.yamlio import DocumentCache, as_mapping, key_line, scalar_text, source_lines
from sherlock.models import Location, Note

READER = "spring placeholder"
CONSUMER = "spring boot"
_FILE = re.compile(
    r"^(?P<stem>application|bootstrap)(?:-(?P<profile>[\w.\-]+))?\.(?P<ext>properties|ya?ml)$"
)
_PLACEHOLDER = re.compile(r"\$\{(?P<name>[^}:]+)(?P<default>:[^}]*)?\}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_EXT_ORDER = {"yaml": 0, "yml": 1, "properties": 2}  # weaker first: .properties wins
_PROFILE_KEYS = ("spring.config.activate.on-profile", "spring.profiles")
_ACTIVE_KEY = "spring.profiles.active"
_ARGUMENT = re.compile(r"--spring\.profiles\.active[= ]([\w.,\-]+)")
_JVM_OPTION = re.compile(r"-Dspring\.profiles\.active=([\w.,\-]+)")

#: (dotted key, value as Spring sees it, line)
Leaf = tuple[str, str, int]


@dataclass(frozen=True)
class Document:
    """One document of one config file, and the profile it applies to (None: every run)."""

    relpath: str
    number: int
    file_profile: str | None
    profile: str | None
    leaves: tuple[Leaf, ...]

    @property
    def scope(self) -> str:
        return self.relpath if self.number == 0 else f"{self.relpath} [document {self.number + 1}]"

    @property
    def layer_name(self) -> str:
        name = posixpath.basename(self.relpath)
        if self.profile and self.file_profile is None:
            return f"{name} (on-profile: {self.profile})"
        return name


@dataclass(frozen=True)
class Run:
    """The layers one process reads: the profiles it runs with (``()``: none named), its
    config files, and the environment variables a deployment gives it (``via`` names it)."""

    profiles: tuple[str, ...]
    files: tuple[Layer, ...]
    env: tuple[Layer, ...] = ()
    via: str = ""
    fallbacks: frozenset[Location] = frozenset()  # ``${NAME:default}`` defaults in the files

    @property
    def layers(self) -> tuple[Layer, ...]:
        return (*self.files, *self.env)


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith("u") and len(body) == 5:
            return chr(int(body[1:], 16))
        return _ESCAPES.get(body, body)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", one, text)


def properties_leaves(text: str) -> Iterator[Leaf]:
    """``key=value`` pairs of a ``.properties`` file, continuations joined, with their line."""
    lines = text.removeprefix("\ufeff").split("\n")
    index = 0
    while index < len(lines):
        start, logical = index + 1, lines[index].rstrip("\r").lstrip()
        while re.search(r"(?<!\\)(?:\\\\)*\\$", logical) and index + 1 < len(lines):
            index += 1
            logical = logical[:-1] + lines[index].rstrip("\r").lstrip()
        index += 1
        if not logical or logical[0] in "#!":
            continue
        split = re.match(r"((?:\\.|[^=:\s\\])+)\s*[=:]?\s*(.*)$", logical)
        if split:
            yield _unescape(split[1]), _unescape(split[2]), start


def _walk(node: dict[Any, Any], prefix: str, lines: list[str]) -> Iterator[Leaf]:
    for key in node:
        path = f"{prefix}.{key}" if prefix else str(key)
        child = as_mapping(node.get(key))
        if child is not None:
            yield from _walk(child, path, lines)
            continue
        value = scalar_text(node, key, lines)
        if value is not None:
            yield path, value, key_line(node, key) or 0


def _document_profile(leaves: Sequence[Leaf]) -> str | None:
    for key, value, _line in leaves:
        if key in _PROFILE_KEYS:
            return value.split(",")[0].strip().lstrip("!") or None
    return None


def _profile_environment(profile: str | None, relpath: str) -> str:
    """The profile's environment; a file of no profile belongs to the one its path names."""
    if not profile:
        return pick_environment(environment_from_path(relpath))
    return environment_from_text(profile) or profile


def spring_project(relpath: str) -> str:
    """The project folder: above ``src/main/resources`` (or ``config/``), else the file's."""
    folder = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
    for tail in ("/src/main/resources", "src/main/resources", "/config", "config"):
        if folder.endswith(tail):
            return folder[: -len(tail)].rstrip("/")
    return folder


def documents(relpath: str, text: str, cache: DocumentCache) -> list[Document] | str:
    """Every document of one config file with its profile, or why the file cannot be read."""
    named = _FILE.match(posixpath.basename(relpath))
    assert named is not None  # only config file names get here
    if named["ext"] == "properties":
        parsed = [list(properties_leaves(text))]
    else:
        loaded = cache.load(relpath, text)
        if isinstance(loaded, str):
            return loaded
        lines = source_lines(text)
        parsed = [list(_walk(d, "", lines)) for d in loaded if as_mapping(d) is not None]
    file_profile = named["profile"]
    return [
        Document(relpath, n, file_profile, _document_profile(leaves) or file_profile, tuple(leaves))
        for n, leaves in enumerate(parsed)
    ]


def _file_order(relpath: str) -> tuple[int, int]:
    """Base files before profile files; in each, ``.yaml`` < ``.yml`` < ``.properties``."""
    named = _FILE.match(posixpath.basename(relpath))
    assert named is not None
    return (1 if named["profile"] else 0), _EXT_ORDER[named["ext"]]


def project_documents(source: SourceFile, own: list[Document], ctx: ScanContext) -> list[Document]:
    """The documents of every config file of the same name family in the file's folder that
    names a provider (the others hold no credential key), in Spring's loading order."""
    named = _FILE.match(source.name)
    assert named is not None
    folder = posixpath.dirname(source.relpath)
    siblings = []
    for name in sibling_names(ctx, folder):
        match = _FILE.match(name)
        relpath = posixpath.join(folder, name)
        if match and match["stem"] == named["stem"] and relpath != source.relpath:
            siblings.append(relpath)
    found: dict[str, list[Document]] = {source.relpath: own}
    for relpath, text in provider_texts(ctx, siblings):
        docs = documents(relpath, text, ctx.documents)
        if not isinstance(docs, str):
            found[relpath] = docs
    return [d for relpath in sorted(found, key=_file_order) for d in found[relpath]]


def _active_profiles(base: Sequence[Document]) -> tuple[str, ...]:
    """``spring.profiles.active`` of the base documents (the last one set wins), or ()."""
    active: tuple[str, ...] = ()
    for doc in base:
        for key, value, _line in doc.leaves:
            if key == _ACTIVE_KEY and "${" not in value:
                active = tuple(p.strip() for p in value.split(",") if p.strip())
    return active


def _layer(doc: Document) -> Layer:
    """One document as a layer, properties in relaxed form; a placeholder clears its
    property, because the process reads the variable it names instead of any file below."""
    entries: list[Entry] = []
    cleared: set[str] = set()
    for key, value, line in doc.leaves:
        default = placeholder_default(value)  # sent while the variable is unset
        if _PLACEHOLDER.search(value) and default is None:
            cleared.add(relaxed_key(key))  # the process reads the variable, not a literal below
        else:
            location = Location(doc.relpath, line or None, key=key)
            entries.append(Entry(key, default or value, location, slot=relaxed_key(key)))
    credential = any(slot_of(key) for key, _value, _line in doc.leaves)
    return Layer(doc.layer_name, doc.relpath, tuple(entries), frozenset(cleared), credential)


def _run(docs: Sequence[Document], profiles: tuple[str, ...]) -> Run:
    """Base documents, then per profile its on-profile documents and its own files."""
    chosen = [d for d in docs if d.file_profile is None and d.profile is None]
    for profile in profiles or ("default",):
        chosen += [d for d in docs if d.file_profile is None and d.profile == profile]
        chosen += [d for d in docs if d.file_profile == profile and d.profile == profile]
    defaulted = frozenset(
        Location(d.relpath, line or None, key=key)
        for d in chosen
        for key, value, line in d.leaves
        if placeholder_default(value) is not None
    )
    return Run(profiles, tuple(_layer(d) for d in chosen), fallbacks=defaulted)


def _split(value: str | None) -> tuple[str, ...]:
    """``prod,eu`` → (prod, eu); a value still holding a ``$`` reference says nothing."""
    if value is None or "$" in value:
        return ()
    return tuple(p.strip() for p in value.split(",") if p.strip())


def _deployment_profiles(deployment: Deployment) -> tuple[str, ...]:
    """The profiles a deployment activates, by Spring's order: a ``--spring.profiles.active``
    argument, then a ``-Dspring.profiles.active`` JVM option (on the command line or in
    ``JAVA_TOOL_OPTIONS``/``JDK_JAVA_OPTIONS``/``JAVA_OPTS``), then ``SPRING_PROFILES_ACTIVE``."""
    options = deployment.value("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS") or ""
    for pattern, text in (
        (_ARGUMENT, deployment.args),
        (_JVM_OPTION, f"{deployment.args} {options}"),
    ):
        found = pattern.findall(text)
        if found:
            return _split(found[-1])
    return _split(deployment.value("SPRING_PROFILES_ACTIVE"))


def _deployed(run: Run, deployment: Deployment, leaves: Sequence[tuple[str, str]]) -> Run:
    """The run with the deployment's variables on top: each variable that fills a property
    the project's config uses (``leaves``), or the usual key of a credential role it names
    none for (:mod:`sherlock.collect.framework_binding`), whether or not a file sets it to a
    literal. A variable that only resolves a placeholder yields to one that binds the same
    property by relaxed binding (the OS environment ranks above the placeholder's file)."""
    bound = [(e, spring_binding(e.name, leaves)) for e in deployment.entries]
    found = [(e, b) for e, b in bound if b is not None]
    direct = {b.slot for _e, b in found if b.direct}
    by_layer: dict[str, list[Entry]] = {}
    for entry, binding in found:
        if binding.direct or binding.slot not in direct:
            layer = f"OS environment ({entry.layer})"
            bound_entry = replace(entry, key=binding.key, slot=binding.slot)  # as the property
            by_layer.setdefault(layer, []).append(bound_entry)
    env = tuple(
        Layer(name, entries[0].location.path, tuple(entries)) for name, entries in by_layer.items()
    )
    return replace(run, env=env, via=deployment.label)


def runs(docs: Sequence[Document], deployed: Sequence[Deployment] = ()) -> list[Run]:
    """One run per deployment of the project (its ``SPRING_PROFILES_ACTIVE`` beats the
    files' ``spring.profiles.active``), or the profile-less run (or the files' active
    profiles' run) when the tree shows none; then one run per profile nothing activates
    whose own documents set or clear a credential key."""
    active = _active_profiles([d for d in docs if d.file_profile is None and d.profile is None])
    leaves = [(key, value) for doc in docs for key, value, _line in doc.leaves]
    found: list[Run] = []
    for deployment in deployed:
        profiles = _deployment_profiles(deployment) or active
        found.append(_deployed(_run(docs, profiles), deployment, leaves))
    if not deployed:
        found.append(_run(docs, active))
    activated = {p for run in found for p in run.profiles}
    named = dict.fromkeys(d.profile for d in docs if d.profile and d.profile != "default")
    for profile in (p for p in named if p not in activated):
        run = _run(docs, (profile,))
        own = [d for d in docs if d.profile == profile]
        if any(_layer(d).credential for d in own):  # else it sends what a run above sends
            found.append(run)
    return found


def _run_environment(profiles: tuple[str, ...], relpath: str) -> str:
    """The first profile that spells an environment (``prod,eu`` → prod), else the last."""
    for profile in profiles:
        if environment_from_text(profile):
            return _profile_environment(profile, relpath)
    return _profile_environment(profiles[-1] if profiles else None, relpath)


def _emit_run(run: Run, relpath: str, service: str) -> CollectResult:
    """The run's values as one unit, named after the file that emits it (plus the profile
    and the deployment when they are not that file's own), so each run groups alone."""
    named = _FILE.match(posixpath.basename(relpath))
    own_profile = named["profile"] if named else None
    scope = relpath
    if run.profiles and own_profile not in run.profiles:
        scope = f"{relpath} [profile {'+'.join(run.profiles)}]"
    scope += f" [{run.via}]" if run.via else ""
    hints = tuple(dict.fromkeys(layer.relpath for layer in run.layers))
    environment = _run_environment(run.profiles, relpath)
    unit = Unit(scope, "spring-config", CONSUMER, environment, service, hints=hints)
    result = emit(stacked(run.layers), unit)  # emit keeps only provider keys
    result.values = [replace(v, fallback=v.location in run.fallbacks) for v in result.values]
    return result  # a default is settled like code's (sherlock.collect.code.fallbacks)


class SpringConfigCollector:
    """Reads credential keys and their placeholders from Spring Boot config files."""

    name = "spring-config"

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True

    def wants(self, relpath: str) -> bool:
        return _FILE.match(relpath.rsplit("/", 1)[-1]) is not None

    def matches(self, relpath: str, head: bytes) -> bool:
        return self.wants(relpath) and names_a_provider(head)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        own = documents(source.relpath, text, ctx.documents)
        if isinstance(own, str):
            return CollectResult(notes=[Note(source.relpath, own)])
        project = spring_project(source.relpath)
        service = project_service(project, ctx.root_name)
        result = CollectResult()
        for doc in own:
            environment = _profile_environment(doc.profile, source.relpath)
            for key, value, line in doc.leaves:
                location = Location(source.relpath, line or None, key=key)
                result.readings.extend(_readings(key, value, location, service, environment))
        for run in runs(project_documents(source, own, ctx), deployments(ctx, project)):
            if owner(run.files) == source.relpath:
                result.extend(_emit_run(run, source.relpath, service))
        return result


def _readings(
    key: str, value: str, location: Location, service: str, environment: str
) -> list[CodeReading]:
    """A reading per ``${VARIABLE}`` in a credential key (``${other.property}`` is Spring's)."""
    slot = slot_of(key)
    if slot is None:
        return []
    found: list[CodeReading] = []
    for match in _PLACEHOLDER.finditer(value):
        name = match["name"].strip()
        if _ENV_NAME.fullmatch(name):
            defaulted = match["default"] is not None
            found.append(
                CodeReading(
                    slot,
                    name,
                    service,
                    environment,
                    location,
                    READER,
                    has_default=defaulted,
                    aliases=relaxed_names(key),
                )
            )
    return found
