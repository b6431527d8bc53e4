"""viper (``github.com/spf13/viper``) settings read in Go: which variable overrides a key.

``viper.GetString("twilio.auth_token")`` returns, in viper's order, a value set in code, a
flag, an environment variable, the config file, then ``SetDefault``'s. The variable is
consulted only when the key is bound: ``AutomaticEnv()`` (every key) or ``BindEnv(key)``
look up ``mergeWithEnvPrefix(key)`` — ``strings.ToUpper(prefix + "_" + key)``, with the
``SetEnvPrefix`` prefix — passed through the ``SetEnvKeyReplacer`` replacer if one is set
(viper.go ``getEnv``); ``BindEnv(key, "NAME")`` names the variable itself. So without a
replacer ``twilio.auth_token`` is read from ``TWILIO.AUTH_TOKEN``, a name no deployment
sets: the default is sent while ``TWILIO_AUTH_TOKEN`` sits unused beside it. An empty
variable counts as unset unless ``AllowEmptyEnv(true)``.

What a read becomes: a bound key is the variable (its ``SetDefault`` literal the
fallback); an unbound key with a default and no config file read is that literal, always
sent; an unbound key otherwise is a config key whose value is not known here. Only the
package-level ``viper.`` calls of the same file are read.
"""

from __future__ import annotations

import re

from sherlock.collect.code.origin import CONFIG, ENV, LITERAL, Origin, unquoted

_GET = re.compile(r'\bviper\.Get(?:String)?\(\s*"(?P<key>[^"]+)"\s*\)')
_CONFIG_READS = re.compile(r"\b(?:ReadInConfig|ReadConfig|MergeInConfig|SetConfigFile)\(")
_PREFIX = re.compile(r'SetEnvPrefix\(\s*"(?P<prefix>[^"]*)"\s*\)')
_REPLACER = re.compile(r"strings\.NewReplacer\((?P<pairs>[^)]*)\)")


def _replaced(name: str, source: str) -> str:
    """``name`` through the file's ``SetEnvKeyReplacer(strings.NewReplacer(…))`` pairs."""
    if "SetEnvKeyReplacer(" not in source:
        return name
    found = _REPLACER.search(source)
    pairs = re.findall(r'"((?:[^"\\]|\\.)*)"', found["pairs"]) if found else []
    for old, new in zip(pairs[::2], pairs[1::2], strict=False):
        if old:
            name = name.replace(old, new)
    return name


def bound_variable(key: str, source: str) -> str | None:
    """The environment variable viper reads ``key`` from, or None when it reads none."""
    quoted = re.escape(key)
    explicit = re.search(rf'BindEnv\(\s*"{quoted}"\s*,\s*"(\w+)"', source, re.IGNORECASE)
    if explicit is not None:
        return explicit[1]
    single = re.search(rf'BindEnv\(\s*"{quoted}"\s*\)', source, re.IGNORECASE)
    if "AutomaticEnv()" not in source and single is None:
        return None
    prefix = _PREFIX.search(source)
    merged = f"{prefix['prefix']}_{key}" if prefix and prefix["prefix"] else key
    return _replaced(merged.upper(), source)


def _default(key: str, lines: list[str]) -> tuple[str | None, int] | None:
    """The ``SetDefault(key, …)`` of the file: (literal or None if not plain, line), or None."""
    pattern = re.compile(rf'SetDefault\(\s*"{re.escape(key)}"\s*,\s*(.+?)\s*\)\s*$', re.IGNORECASE)
    for index, text in enumerate(lines):
        match = pattern.search(text)
        if match is not None:
            return unquoted(match[1]), index + 1
    return None


def viper_origin(text: str, line: int, lines: list[str]) -> Origin | None:
    """The origin of a ``viper.GetString("key")`` argument (module docstring)."""
    match = _GET.search(text)
    if match is None:
        return None
    key, source = match["key"], "\n".join(lines)
    variable = bound_variable(key, source)
    default = _default(key, lines)
    literal, at = default if default is not None else (None, 0)
    if variable is not None:
        return Origin(ENV, variable, line, default is not None, literal, at if literal else 0)
    if literal is not None and _CONFIG_READS.search(source) is None:
        return Origin(LITERAL, literal, at)
    return Origin(CONFIG, key, line, has_default=default is not None)
