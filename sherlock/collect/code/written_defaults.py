"""Defaults written beside an environment read in Java, Kotlin, Spring and Go code.

Each idiom is read as its own library defines it (a literal there is used only while the
variable is unset, so it becomes :attr:`Origin.default`, never the value itself):

* Java/Kotlin: ``System.getenv().getOrDefault("X", "…")`` (``Map.getOrDefault`` on the
  unmodifiable environment map: the default only when the key is absent),
  ``Optional.ofNullable(System.getenv("X")).orElse("…")``,
  ``Objects.requireNonNullElse(System.getenv("X"), "…")`` (Java 9) and the ternary
  ``System.getenv("X") != null ? System.getenv("X") : "…"`` — the shapes the
  code corpus shows (mozilla/gcp-ingestion's ``Env.getString`` is the ``Optional`` one).
* Spring: ``@Value("${key:default}")`` — ``PropertySourcesPlaceholderConfigurer`` splits
  at the first ``:`` (the value separator); the key is a property that every property source
  can set (:mod:`.fallbacks` matches it by relaxed binding). Kotlin writes ``"\\${…}"``.
* Go: ``cmp.Or(os.Getenv("X"), "…")`` (Go 1.22: the first non-zero argument, so the
  default also covers an empty variable; ory/hydra's ``osx.GetenvDefault``); the
  reassignment guarded right after the read (``if x == "" { x = "…" }``, ``if !ok``
  after ``os.LookupEnv``, Java's ``if (x == null)``) and the preset overridden by
  ``if v, ok := os.LookupEnv("X"); ok { x = v }``; and a two-string helper recognised by
  its body, whatever its name (``func getEnv(key, fallback string) string`` that reads
  ``os.LookupEnv(key)``/``os.Getenv(key)`` and returns ``fallback``: the idiom of
  countless ``config.go``/``helpers.go`` files, e.g. ch0ppy35/go-restful-fun's helpers.go).
  Only a helper defined in the same file is seen.
* viper: see :mod:`.viper_defaults`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sherlock.collect.code.origin import ENV, PROPERTY, Origin, unquoted
from sherlock.collect.code.viper_defaults import viper_origin
from sherlock.collect.vocabulary import is_placeholder

_STRING = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'
#: the default argument: a literal, or a plain expression whose value is not known
_ARG = rf'(?P<lit>{_STRING}|[^,()"]+)'
_GETENV = r'System\.getenv\(\s*"(?P<name>\w+)"\s*\)'
_IDIOMS = tuple(
    re.compile(pattern)
    for pattern in (
        rf'System\.getenv\(\s*\)\s*\.getOrDefault\(\s*"(?P<name>\w+)"\s*,\s*{_ARG}\s*\)',
        rf"Optional\.ofNullable\(\s*{_GETENV}\s*\)\s*\.orElse\(\s*{_ARG}\s*\)",
        rf"(?<![\w.])(?:Objects\.)?requireNonNullElse\(\s*{_GETENV}\s*,\s*{_ARG}\s*\)",
        rf'{_GETENV}\s*!=\s*null\s*\?\s*System\.getenv\(\s*"(?P=name)"\s*\)\s*:\s*{_ARG}',
        rf'{_GETENV}\s*==\s*null\s*\?\s*{_ARG}\s*:\s*System\.getenv\(\s*"(?P=name)"\s*\)',
        rf'(?<![\w.])cmp\.Or\(\s*os\.Getenv\(\s*"(?P<name>\w+)"\s*\)\s*,\s*{_ARG}\s*\)',
    )
)
#: words an argument must hold before any idiom is tried (most arguments hold none)
_CUES = ("getOrDefault", "orElse", "requireNonNullElse", "null", "cmp.Or", "viper.", '("')
_CARRIES_ON = re.compile(r"\s*(?:\.orElse|\?|:(?!=))")
_HELPER_HEADS = (
    re.compile(
        r"^func\s+(?P<fn>\w+)\(\s*(?P<key>\w+)(?:\s+string)?\s*,\s*(?P<fb>\w+)\s+string\s*\)"
        r"\s*string\s*\{",
        re.MULTILINE,
    ),
    re.compile(
        r"\bString\s+(?P<fn>\w+)\(\s*(?:final\s+)?String\s+(?P<key>\w+)\s*,"
        r"\s*(?:final\s+)?String\s+(?P<fb>\w+)\s*\)\s*\{"
    ),
)
_SPRING = re.compile(r'@Value\(\s*"\\?\$\{(?P<key>[^}:"]+)(?::(?P<default>[^}"]*))?\}"\s*\)')


def _origin(match: re.Match[str], text: str, line: int, kind: str = ENV) -> Origin:
    """An origin for ``name`` whose default is the ``lit`` group (a literal, or unknown)."""
    literal = unquoted(match["lit"])
    at = line + text[: match.start("lit")].count("\n") if literal is not None else 0
    return Origin(kind, match["name"], line, True, literal, at)


def _continued(text: str, line: int, lines: list[str]) -> str:
    """A one-line right-hand side with the lines that carry on its expression (a line
    starting ``.orElse(``, ``?`` or ``:``): an assignment is read one line at a time, and
    Java code wraps these chains."""
    if "\n" in text:
        return text
    index = line
    while index < min(len(lines), line + 4) and _CARRIES_ON.match(lines[index]):
        text, index = f"{text}\n{lines[index]}", index + 1
    return text


def written_default_read(text: str, line: int, lines: list[str]) -> Origin | None:
    """The origin of an argument written as one of this module's idioms, or None."""
    if not any(cue in text for cue in _CUES):
        return None
    text = _continued(text, line, lines)
    for pattern in _IDIOMS:
        match = pattern.search(text)
        if match is not None:
            return _origin(match, text, line)
    return viper_origin(text, line, lines) or _helper_call(text, line, lines)


def _body(source: str, start: int) -> str:
    """The text of the block opened by the ``{`` just before ``start`` (strings skipped)."""
    depth, index, limit = 1, start, min(len(source), start + 4000)
    while index < limit and depth:
        char = source[index]
        if char == '"':
            close = source.find('"', index + 1)
            index = close if close != -1 else limit
        depth += {"{": 1, "}": -1}.get(char, 0)
        index += 1
    return source[start:index]


def _is_env_helper(body: str, key: str, fallback: str) -> bool:
    """Whether a body reads the environment by ``key`` and gives ``fallback`` back."""
    k, fb = re.escape(key), re.escape(fallback)
    reads = re.search(rf"(?:os\.(?:LookupEnv|Getenv)|System\.getenv)\(\s*{k}\s*\)", body)
    gives = re.search(
        rf"\breturn\s+{fb}\b|\.orElse\(\s*{fb}\s*\)|getOrDefault\(\s*{k}\s*,\s*{fb}\s*\)"
        rf"|(?:requireNonNullElse|cmp\.Or)\([^;\n]*,\s*{fb}\s*\)|:\s*{fb}\s*;",
        body,
    )
    return reads is not None and gives is not None


@lru_cache(maxsize=16)
def env_helpers(source: str) -> frozenset[str]:
    """Names of the functions in ``source`` that are an env-or-default helper by their body
    (cached: every argument of a file's constructions asks about the same text)."""
    found: set[str] = set()
    for head in _HELPER_HEADS:
        for match in head.finditer(source):
            if _is_env_helper(_body(source, match.end()), match["key"], match["fb"]):
                found.add(match["fn"])
    return frozenset(found)


def _helper_call(text: str, line: int, lines: list[str]) -> Origin | None:
    """``getEnv("X", "…")`` where ``getEnv`` is a helper of this file (:func:`env_helpers`)."""
    call = re.search(rf'(?<![\w.])(?P<fn>\w+)\(\s*"(?P<name>\w+)"\s*,\s*{_ARG}\s*\)', text)
    if call is None or call["fn"] not in env_helpers("\n".join(lines)):
        return None
    return _origin(call, text, line)


def spring_field(name: str, lines: list[str]) -> Origin | None:
    """Spring's ``@Value("${twilio.auth-token:…}") private String authToken;`` for ``name``:
    the property, and the text after its first ``:`` as the default."""
    declares = re.compile(rf"\b{re.escape(name)}\s*[;=:),]")
    for index, text in enumerate(lines):
        if not declares.search(text):
            continue
        for back in range(index, max(index - 3, -1), -1):
            match = _SPRING.search(lines[back])
            if match is not None:
                return _spring_origin(match, back + 1)
    return None


def _spring_origin(match: re.Match[str], line: int) -> Origin:
    default = match["default"]
    if default is None:
        return Origin(PROPERTY, match["key"].strip(), line)
    plain = None if re.search(r"[$#]\{", default) else default
    return Origin(PROPERTY, match["key"].strip(), line, True, plain, line if plain else 0)


_WHOLE_DEFAULTED = re.compile(r"^\s*\$\{\s*[^}:\s]+\s*:(?P<default>[^}]*)\}\s*$")


def placeholder_default(value: str) -> str | None:
    """The default of a config value that is one ``${NAME:default}`` and nothing else, when
    it is a plain value (not empty, not nested, not a documentation placeholder): Spring
    sends it while nothing sets ``NAME`` (``application.properties``
    ``twilio.auth-token=${TWILIO_AUTH_TOKEN:…}``)."""
    match = _WHOLE_DEFAULTED.match(value)
    if match is None:
        return None
    default = match["default"]
    if not default.strip() or re.search(r"[$#]\{", default) or is_placeholder(default):
        return None
    return default
