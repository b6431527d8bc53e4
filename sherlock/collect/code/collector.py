"""Application source: the code that builds a Twilio client, read without running it.

Only files whose bytes mention Twilio are parsed (a suffix alone picks hundreds of files in
a web app; the byte test keeps the scan as cheap as it was). For each client construction
(:mod:`.calls`) or hand-built 2010-API URL (:mod:`.raw_requests`) the collector records
which variable or config key feeds each slot (a :class:`CodeReading`, so the service's
credential set is the one its code really uses) and emits credentials written as literals
as found values (``source_kind`` "code", the SDK as consumer). Slots are named as the SDK
uses them: without an ``account_sid`` argument the username *is* the account SID (every SDK
defaults one to the other), so an API key passed alone is read into the account slot.

Test, spec, example and documentation files are decoys and never read; Twilio's own
documentation placeholders (``ACXXXX…``, ``your_auth_token``, ``[AuthToken]``) are skipped.

A default written beside an environment read (``os.getenv("TWILIO_AUTH_TOKEN", "…")``) is a
value named by that variable and marked ``fallback``: :mod:`.fallbacks` keeps it only when no
source in the tree sets the variable. A Twilio Function (a handler under the project's
``functions/`` folder) belongs to its project's service, the folder twilio-run deploys, so its
readings meet the project's ``.env``; a Rails initializer belongs to its app likewise.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from functools import lru_cache

from sherlock.collect.base import CollectResult, ScanContext, SourceFile
from sherlock.collect.code.calls import Construction, constructions
from sherlock.collect.code.expressions import ENV, LITERAL, Origin, resolve
from sherlock.collect.code.languages import INSTALL_HINT, language_of, parser_for
from sherlock.collect.code.origin import PROPERTY
from sherlock.collect.code.raw_requests import raw_requests
from sherlock.collect.code.sdks import ACCOUNT, PASSWORD, USERNAME
from sherlock.collect.context import environment_from_path, pick_environment, service_from_path
from sherlock.collect.emit import Entry, Unit, emit
from sherlock.collect.framework_binding import relaxed_names
from sherlock.collect.framework_config import project_service
from sherlock.collect.readings import CodeReading
from sherlock.collect.vocabulary import is_placeholder
from sherlock.models import Location, Note

_MENTIONS = re.compile(rb"(?i)twilio|2010-04-01/Accounts")
_TEST_DIRS = frozenset(
    {"test", "tests", "spec", "specs", "__tests__", "__mocks__", "docs", "doc", "examples",
     "example", "samples", "sample", "fixtures", "testdata", "mocks"}
)  # fmt: skip
_TEST_FILES = re.compile(
    r"(^test_.*\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|kt|cs)$|_spec\.rb$"
    r"|^conftest\.py$)"
)
_JVM_SOURCES = re.compile(r"^(?:(?P<project>.*)/)?src/main/(?:java|kotlin)/")
_BRACKETED = re.compile(r"^\s*(\[[^\]]*\]|<[^>]*>|\{\{[^}]*\}\}|\{[A-Za-z_ ]+\})\s*$")
#: the env name whose role a literal in a slot plays, for classification
_ROLE_NAMES = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "auth_token": "TWILIO_AUTH_TOKEN",
    "api_key_sid": "TWILIO_API_KEY",
    "api_key_secret": "TWILIO_API_SECRET",
    "region": "TWILIO_REGION",
    "edge": "TWILIO_EDGE",
}
#: Scans already told the grammars are missing, by their document cache (one per scan):
#: weak, so a finished scan's entry goes with it and a new scan is never mistaken for it.
_noted_scans: weakref.WeakSet[object] = weakref.WeakSet()


#: build output and vendored packages: not the application's own code (a bundle is also
#: often past the size limit, which would only add a note per file)
_BUILT_DIRS = frozenset(
    {"vendor", "dist", "build", "out", ".next", ".nuxt", "target", "bin", "obj", "coverage",
     "third_party", "bower_components"}
)  # fmt: skip


_SKIPPED_DIRS = _TEST_DIRS | _BUILT_DIRS


@lru_cache(maxsize=8192)
def _decoy_folder(folder: str) -> bool:
    """Asked once per folder: every source file of a large tree shares its folder with many."""
    return any(part.lower() in _SKIPPED_DIRS for part in folder.split("/"))


def is_decoy_source(relpath: str) -> bool:
    """Tests, specs, docs and examples: code that never runs in a deployment; and code that
    is not the application's own (vendored packages, build output, minified bundles)."""
    folder, _, name = relpath.rpartition("/")
    if _decoy_folder(folder):
        return True
    return name.endswith((".min.js", ".bundle.js")) or bool(_TEST_FILES.search(name))


def slot_roles(built: Construction, origins: dict[str, Origin]) -> dict[str, str]:
    """The role each slot plays for the SDK (see the module docstring).

    A literal's role is its slot's, not its shape's: ``Client("SK…", secret)`` sends the key
    SID as the account, and judging that is the checks' job, not discovery's."""
    with_account = ACCOUNT in built.args
    roles = {slot: slot for slot in origins}
    roles[USERNAME] = "api_key_sid" if with_account else "account_sid"
    roles[PASSWORD] = "api_key_secret" if with_account else "auth_token"
    return roles


def _origins(built: Construction, lines: list[str]) -> dict[str, Origin]:
    found: dict[str, Origin] = {}
    for slot, arg in built.args.items():
        origin = resolve(arg.text, arg.line, lines)
        if origin is not None:
            found[slot] = origin
    for slot, name in built.sdk.env_defaults.items():
        if slot not in built.args:
            found[slot] = Origin("env", name, built.line)
    return found


def _placeholder(text: str) -> bool:
    return not text.strip() or is_placeholder(text) or bool(_BRACKETED.match(text))


def _default_entry(origin: Origin, role: str, relpath: str) -> Entry | None:
    """The literal written as the read's default, named by the variable it stands in for."""
    if origin.kind not in (ENV, PROPERTY) or origin.default is None:
        return None
    if _placeholder(origin.default):
        return None
    return Entry(origin.text, origin.default, Location(relpath, origin.default_line), key=role)


def _aliases(origin: Origin) -> tuple[str, ...]:
    """Variables that fill a Spring property the code reads (relaxed binding), so setting
    ``TWILIO_AUTH_TOKEN`` answers ``@Value("${twilio.auth-token}")``."""
    return relaxed_names(origin.text) if origin.kind == PROPERTY else ()


def _read(built: Construction, lines: list[str], source: SourceFile, unit: Unit) -> CollectResult:
    origins = _origins(built, lines)
    roles = slot_roles(built, origins)
    result = CollectResult()
    entries: list[Entry] = []
    defaults: set[str] = set()
    where = Location(source.relpath, built.line)
    for slot in (USERNAME, PASSWORD, ACCOUNT, "region", "edge"):
        origin = origins.get(slot)
        if origin is None or slot not in roles:
            continue
        name, role = origin.text, _ROLE_NAMES[roles[slot]]
        if origin.kind == LITERAL:
            if _placeholder(origin.text):
                continue
            name = f"{built.sdk.reader} {slot}"
            entries.append(
                Entry(name, origin.text, Location(source.relpath, origin.line), key=role)
            )
        default = _default_entry(origin, role, source.relpath)
        if default is not None:
            entries.append(default)
            defaults.add(default.name)
        result.readings.append(
            CodeReading(
                roles[slot], name, unit.service, unit.environment, where, built.sdk.reader,
                has_default=origin.has_default, aliases=_aliases(origin),
            )
        )  # fmt: skip
    emitted = emit(entries, unit)
    emitted.values = [replace(v, fallback=v.name in defaults) for v in emitted.values]
    result.extend(emitted)
    return result


def project_of(relpath: str, text: str) -> str | None:
    """The project folder whose service a file's clients belong to, or None for its own
    folder: a Twilio Function's project (:func:`functions_project`), the Rails app of a
    ``config/initializers/*.rb`` file (the folder above ``config/``, whose ``.env``
    dotenv-rails loads), or the Gradle/Maven project of JVM source (the folder above
    ``src/main/java``, where its ``application.yml`` and Dockerfile live, not the package
    folder)."""
    folders = relpath.split("/")[:-1]
    if relpath.endswith(".rb") and folders[-2:] == ["config", "initializers"]:
        return "/".join(folders[:-2])
    jvm = _JVM_SOURCES.match(relpath)
    if jvm is not None and relpath.endswith((".java", ".kt")):
        return jvm["project"] or ""
    return functions_project(relpath, text)


def functions_project(relpath: str, text: str) -> str | None:
    """The Twilio Functions project a handler file belongs to (the folder above
    ``functions/`` or ``src/functions/``), or None for any other file."""
    folders = relpath.split("/")[:-1]
    if "functions" not in folders or "handler" not in text:
        return None
    project = folders[: len(folders) - 1 - folders[::-1].index("functions")]
    if project and project[-1] == "src":
        project.pop()
    return "/".join(project)


def _unit(source: SourceFile, ctx: ScanContext, built: Construction, project: str | None) -> Unit:
    service = (
        service_from_path(source.relpath, ctx.root_name)
        if project is None
        else project_service(project, ctx.root_name)
    )
    return Unit(
        scope=f"{source.relpath}:{built.line}",
        source_kind="code",
        consumer=built.sdk.reader,
        environment=pick_environment(environment_from_path(source.relpath)),
        service=service,
        hints=("twilio",),
    )


class CodeCollector:
    """Reads application source for the code that builds a Twilio client (module docstring)."""

    name = "code"
    #: pre-filter (base.declared_needles): ``matches`` already demands one of these
    needles = (b"twilio", b"2010-04-01/accounts")

    def could_want(self, name: str) -> bool:
        """Whether a file of this name may be wanted somewhere (:mod:`sherlock.collect.selection`)."""
        return language_of(name) is not None

    def wants(self, relpath: str) -> bool:
        return language_of(relpath) is not None and not is_decoy_source(relpath)

    def matches(self, relpath: str, head: bytes) -> bool:
        """The bytes first: most source files never mention Twilio."""
        return _MENTIONS.search(head) is not None and self.wants(relpath)

    def collect(self, source: SourceFile, text: str, ctx: ScanContext) -> CollectResult:
        language = language_of(source.relpath)
        parser = parser_for(language) if language else None
        if language is None or parser is None:
            return self._missing_extra(ctx)
        tree = parser.parse(source.data)
        if tree.root_node.has_error:
            message = f"not valid {language} (the parser found syntax errors); code not read"
            return CollectResult(notes=[Note(source.relpath, message)])
        lines = text.splitlines()
        built = constructions(tree.root_node, source.data, language, text)
        built += raw_requests(tree.root_node, language, text, lines)
        result = CollectResult()
        project = project_of(source.relpath, text)
        for one in built:
            result.extend(_read(one, lines, source, _unit(source, ctx, one, project)))
        return result

    def _missing_extra(self, ctx: ScanContext) -> CollectResult:
        """One note per scan when the grammars are not installed, not one per file."""
        if ctx.documents in _noted_scans:
            return CollectResult()
        _noted_scans.add(ctx.documents)
        return CollectResult(notes=[Note(".", INSTALL_HINT)])
