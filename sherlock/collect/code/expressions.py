"""What an argument expression hands a client: an environment variable, a config key, a literal.

Arguments are matched against the ways each ecosystem reads its settings, as their own
documentation shows them: ``os.environ["X"]``/``os.getenv("X")`` (Python), ``process.env.X``
(Node), ``getenv('X')``/``$_ENV['X']``/Laravel's ``env('X')`` (PHP), ``ENV['X']``/
``ENV.fetch('X')`` (Ruby), ``System.getenv("X")`` and ``System.getenv()["X"]``/
``.get("X")`` (Java, Kotlin), Spring's ``@Value("${twilio.x}")`` on a field, ``Environment.GetEnvironmentVariable("X")`` and
``configuration["Twilio:AuthToken"]`` (.NET), ``os.Getenv("X")`` (Go), Django's
``settings.X``, and a Twilio Function's ``context.X`` (the runtime puts the service's
variables on ``context``). A bare name is followed to its last assignment above the call (two
hops at most). Nothing is evaluated: text the patterns do not know is "unknown", never guessed.

A read with a written default (``os.getenv("X", "lit")``, ``os.environ.get("X") or "lit"``,
``process.env.X || "lit"`` or ``?? "lit"``, ``getenv('X') ?: 'lit'``, Laravel's
``env('X', 'lit')``, ``ENV.fetch('X', 'lit')`` or ``ENV.fetch('X') { 'lit' }``, C#'s and
Kotlin's ``?? "lit"``/``?: "lit"``) keeps the literal as :attr:`Origin.default`: the value the
client gets only while ``X`` is unset. A default that is not a plain literal only sets
``has_default``. Java's, Spring's, Go's and viper's own shapes of a default are read by
:mod:`.written_defaults`, :mod:`.guarded` and :mod:`.viper_defaults`.
"""

from __future__ import annotations

import re

from sherlock.collect.code.guarded import guarded_default
from sherlock.collect.code.origin import CONFIG, ENV, LITERAL, Origin, unquoted
from sherlock.collect.code.written_defaults import spring_field, written_default_read

__all__ = ["CONFIG", "ENV", "LITERAL", "Origin", "read_origin", "resolve"]

_Q = r"""['"]"""
#: (pattern, kind); group 1 is the variable name or config key
_READS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (rf"os\.environ\s*\[\s*{_Q}(\w+){_Q}\s*\]", ENV),
        (rf"os\.(?:environ\.get|getenv)\(\s*{_Q}(\w+){_Q}", ENV),
        (r"process\.env\.(\w+)", ENV),
        (rf"process\.env\s*\[\s*{_Q}(\w+){_Q}\s*\]", ENV),
        (rf"Deno\.env\.get\(\s*{_Q}(\w+){_Q}", ENV),
        (rf"\$_(?:ENV|SERVER)\s*\[\s*{_Q}(\w+){_Q}\s*\]", ENV),
        (rf"(?<![\w.>$])(?:getenv|env)\(\s*{_Q}(\w+){_Q}", ENV),
        (rf"ENV\s*\[\s*{_Q}(\w+){_Q}\s*\]", ENV),
        (rf"ENV\.fetch\(\s*{_Q}(\w+){_Q}", ENV),
        (r'System\.getenv\(\s*"(\w+)"', ENV),
        (r'System\.getenv\(\s*\)\s*\[\s*"(\w+)"\s*\]', ENV),  # Kotlin's map indexing
        (r'System\.getenv\(\s*\)\s*\.get\(\s*"(\w+)"', ENV),  # the Java map's get
        (r'Environment\.GetEnvironmentVariable\(\s*"(\w+)"', ENV),
        (r'os\.(?:Getenv|LookupEnv)\(\s*"(\w+)"', ENV),
        (rf"(?<![\w.])config\(\s*{_Q}([\w.\-]+){_Q}", CONFIG),
        (r'[Cc]onfig(?:uration)?\s*\[\s*"([^"\]]+)"\s*\]', CONFIG),
        (r'GetValue<\w+>\(\s*"([^"]+)"', CONFIG),
        (r"\bsettings\.([A-Z][A-Z0-9_]+)\b", CONFIG),
        (r"(?<![\w.$])(?:context|ctx)\.([A-Z][A-Z0-9_]*)\b", ENV),
    )
)
_IDENTIFIER = re.compile(r"^(?:\$|@|self\.|this\.|this->|\$this->)?([A-Za-z_]\w*)$")
_STRING = r"""(?P<lit>(?:[rbuRBU]|@)?(?P<q>['"`])(?:(?!(?P=q)).)*(?P=q))"""
#: what follows a variable read when a default is written after it: ``, lit)`` only inside
#: the read's own call (a function-style read), the operators anywhere
_CALL_DEFAULT = re.compile(rf"^\s*,\s*{_STRING}\s*\)")
_OPERATOR_DEFAULT = re.compile(rf"^\s*\)?\s*(?:\|\||\?\?|\?:|\bor\b)\s*{_STRING}")
_BLOCK_DEFAULT = re.compile(rf"^\s*\)\s*\{{\s*{_STRING}\s*\}}")  # Ruby's fetch('X') {{ 'lit' }}


def _written_default(text: str, end: int, in_call: bool) -> tuple[str, int] | None:
    """The literal default written right after a read ending at ``end``, and its offset."""
    rest = text[end:]
    patterns = (_CALL_DEFAULT, _BLOCK_DEFAULT) if in_call else ()
    for pattern in (*patterns, _OPERATOR_DEFAULT):
        match = pattern.match(rest)
        if match is not None:
            value = unquoted(match.group("lit"))
            return (value, end + match.start("lit")) if value is not None else None
    return None


def read_origin(text: str, line: int) -> Origin | None:
    """The origin an expression names by itself (no variables followed), or None."""
    literal = unquoted(text)
    if literal is not None:
        return Origin(LITERAL, literal, line)
    for pattern, kind in _READS:
        match = pattern.search(text)
        if match is None:
            continue
        fallback = bool(re.search(r"(\?\?|\|\||\?:|\bor\b|,\s*\S)", text[match.end() :]))
        written = _written_default(text, match.end(), "(" in match.group(0))
        if written is None:
            return Origin(kind, match.group(1), line, has_default=fallback)
        at = line + text[: written[1]].count("\n")
        return Origin(kind, match.group(1), line, True, written[0], at)
    return None


def _assignment(name: str, lines: list[str], before: int) -> tuple[str, int] | None:
    """The right-hand side of the last ``name = …`` (or ``:=``) at or above line ``before``."""
    target = re.compile(
        rf"(?:^|[\s,(])(?:\$|@|self\.|this\.|\$this->)?{re.escape(name)}\s*(?::=|=(?!=)|:\s*\w+\s*=)\s*(.+?)\s*[;,]?\s*$"
    )
    for index in range(min(before, len(lines)) - 1, -1, -1):
        match = target.search(lines[index])
        if match is not None:
            return match.group(1), index + 1
    return None


def resolve(text: str, line: int, lines: list[str], hops: int = 2) -> Origin | None:
    """The origin of an argument, following a bare variable to its assignment."""
    direct = written_default_read(text, line, lines) or read_origin(text, line)
    if direct is not None or hops == 0:
        return direct
    match = _IDENTIFIER.match(text.strip())
    if match is None:
        return None
    name = match.group(1)
    guarded = guarded_default(name, lines, line)
    if guarded is not None:
        return guarded
    assigned = _assignment(name, lines, line)
    if assigned is not None:
        return resolve(assigned[0], assigned[1], lines, hops - 1)
    return spring_field(name, lines)
