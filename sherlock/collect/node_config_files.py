"""One node-config file read into dotted leaves, by its extension, as node-config parses it.

node-config (``parser.js``) picks a parser per extension: ``.json``/``.jsonc``/``.json5`` go to
the ``json5`` package, ``.yaml``/``.yml`` to ``yaml`` (or ``js-yaml``), ``.properties`` to the
``properties`` package with ``namespaces`` and ``sections`` on (``[twilio]`` then
``authToken=…`` is ``twilio.authToken``), and ``.js``/``.cjs``/``.mjs``/``.ts`` are required as
modules (:mod:`.node_config_literal` reads their literal part). Other extensions it knows
(``.hjson``, ``.toml``, ``.coffee``, ``.cson``, ``.xml``) are not read here.

Which names it loads (``util.js`` ``loadFileConfigs``): ``default``, then each deployment
name of ``NODE_CONFIG_ENV``/``NODE_ENV``, then ``{hostname}`` and ``{hostname}-{deployment}``,
then ``local`` and ``local-{deployment}``, each in the extension order ``js, cjs, mjs, ts,
json, jsonc, json5, hjson, toml, coffee, yaml, yml, cson, properties`` (a later file wins);
``custom-environment-variables.*`` is read last, as a map from keys to variable names.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from sherlock.collect.context import ENVIRONMENT_WORDS, words
from sherlock.collect.node_config_literal import Leaf, LiteralError, js_leaves, json5_leaves
from sherlock.collect.spring import properties_leaves
from sherlock.collect.yamlio import DocumentCache, as_mapping, mapping_leaves, source_lines
from sherlock.models import Note

#: node-config's extension order (``Parser.getFilesOrder``), the ones read here
EXTENSIONS = ("js", "cjs", "mjs", "ts", "json", "jsonc", "json5", "yaml", "yml", "properties")
JS_EXTENSIONS = frozenset({"js", "cjs", "mjs", "ts"})
CUSTOM_ENV = "custom-environment-variables"
#: words a JS/TS config module's name may be made of besides the environment words: a
#: ``config/twilio.js`` or ``config/database.js`` module is code, not node-config's
_JS_WORDS = frozenset({"default", "local", "qa", "uat", "preview", "demo", "sandbox"})
_STEM = re.compile(r"^[\w-]+$")
_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]$")


@dataclass(frozen=True)
class ConfigFile:
    """One parsed file of a project's config folder: its stem (``default``, ``production``,
    ``local-production``), its extension and its leaves."""

    relpath: str
    stem: str
    ext: str
    leaves: tuple[Leaf, ...]

    @property
    def name(self) -> str:
        return posixpath.basename(self.relpath)


def split_name(name: str) -> tuple[str, str] | None:
    """(stem, extension) of a file node-config may load, or None. A stem with a dot
    (``jest.config.js``, ``app.test.json``) is no config name node-config builds."""
    stem, dot, ext = name.rpartition(".")
    if not dot or ext not in EXTENSIONS or not _STEM.match(stem):
        return None
    if ext in JS_EXTENSIONS and not _js_config_stem(stem):
        return None
    return stem, ext


def _js_config_stem(stem: str) -> bool:
    """Whether a JS/TS module's name is one node-config builds from deployment names:
    ``default``, ``local-production``, ``custom-environment-variables``, ``live``."""
    parts = words(stem)
    known = _JS_WORDS | ENVIRONMENT_WORDS.keys()
    return stem == CUSTOM_ENV or (bool(parts) and all(p in known for p in parts))


def _properties(text: str) -> list[Leaf]:
    """``key=value`` lines, under the ``[section]`` line above them (node-config turns
    ``properties`` sections and dotted names into nested keys)."""
    leaves: list[Leaf] = []
    section = ""
    for key, value, line in properties_leaves(text):
        header = _SECTION.match(key.strip())
        if header and not value:
            section = header["name"].strip()
            continue
        leaves.append(Leaf(f"{section}.{key}" if section else key, value, line))
    return leaves


def _yaml(relpath: str, text: str, cache: DocumentCache) -> list[Leaf] | Note:
    docs = cache.load(relpath, text)
    if isinstance(docs, str):
        return Note(relpath, f"{docs}; node-config would refuse to start with it")
    top = as_mapping(docs[0]) if docs else None
    if top is None:
        return []
    lines = source_lines(text)
    return [
        Leaf(".".join(path), value, line or 0)
        for path, value, line in mapping_leaves(top, lines)
        if value is not None
    ]


def read_file(relpath: str, text: str, cache: DocumentCache) -> ConfigFile | Note | None:
    """The file's leaves, a note when node-config could not parse it either, or None when its
    name is not one node-config loads (or a JS module exports no object literal)."""
    named = split_name(posixpath.basename(relpath))
    if named is None:
        return None
    stem, ext = named
    found: list[Leaf] | Note
    if ext in JS_EXTENSIONS:
        leaves = js_leaves(text)
        if leaves is None:
            return Note(relpath, "exports no object literal Sherlock can read; not read")
        found = leaves
    elif ext in ("yaml", "yml"):
        found = _yaml(relpath, text, cache)
    elif ext == "properties":
        found = _properties(text)
    else:
        try:
            found = json5_leaves(text)
        except LiteralError as exc:
            return Note(f"{relpath}:{exc.line}", "not JSON5 node-config can parse; not read")
    if isinstance(found, Note):
        return found
    return ConfigFile(relpath, stem, ext, tuple(found))
