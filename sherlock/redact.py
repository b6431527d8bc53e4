"""Mask what looks like a credential in text someone else wrote: pastes, reports, logs.

This is the generic half of keeping secrets out of output, beside :mod:`sherlock.secrets`
(which holds the raw values Sherlock itself read). Text arrives from outside (an error
pasted into ``sherlock explain`` or Slack, a CI step name, a log line from a library) and
may carry a token Sherlock never saw, so it is cleaned by what a credential *looks* like:

* :func:`redact_secrets` also reads names (``Authorization:`` headers, ``TOKEN=…``,
  ``password: …``), for text people paste;
* :func:`redact_shapes` reads only shapes (Basic credentials, URL passwords, prefixed
  Slack/Vault tokens, AWS secret keys, 32-hex Auth Tokens, 32-character API secrets and any
  other run that reads as random), for reports whose prose must stay as written.

Nothing here knows any provider's error codes; recognising errors is each provider's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from string import ascii_lowercase, ascii_uppercase

from sherlock.secrets import mask, replace_spans, visible_view

# --- Redaction ------------------------------------------------------------------------

_AUTH_HEADER = re.compile(r"(?i)\b(authorization\s*[:=]\s*[\"']?(?:basic|bearer)\s+)[^\s\"',;]+")
_BASIC = re.compile(r"\b(Basic\s+)(?=[A-Za-z0-9+/]{0,200}[0-9+/=])[A-Za-z0-9+/]{16,}={0,2}")
# Both start only where a run of name characters starts (not at every \b inside one), so
# a long ``a-a-a-…`` is read in linear time, not quadratic.
_URL_PASSWORD = re.compile(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://[^/\s:@]+:)[^/\s@]+@")
#: The value is never a bare line number: ``k8s/prod/api-secret.yaml:9`` is a location.
_ASSIGNED_SECRET = re.compile(
    r"(?i)(?<![\w.-])((?=[\w.-]*?(?:token|secret|password|passwd))[\w.-]+[\"']?\s*[:=]\s*[\"']?)"
    r"(?![0-9]{1,6}(?:[\s\"',;&}<:]|$))([^\s\"',;&}<]+)"
)
#: Characters that can sit inside a token without splitting it (zero-width ones, the BOM,
#: a soft hyphen, NBSP): the fixed-length patterns do not end at them, so a token split by
#: one is left whole to :func:`redact_random_runs`, which reads across them.
_GLUE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0"
_HEX32 = re.compile(rf"(?<![0-9A-Za-z{_GLUE}])[0-9a-fA-F]{{32}}(?![0-9A-Za-z{_GLUE}])")
_MIXED32 = re.compile(
    rf"(?<![0-9A-Za-z{_GLUE}])(?=[A-Za-z0-9]{{0,31}}[0-9])(?=[A-Za-z0-9]{{0,31}}[a-z])"
    rf"(?=[A-Za-z0-9]{{0,31}}[A-Z])[A-Za-z0-9]{{32}}(?![0-9A-Za-z{_GLUE}])"
)

#: Slack bot/user/app tokens and Vault service/batch/recovery tokens, by their prefixes.
_PREFIXED_TOKEN = re.compile(
    r"(?<![\w.-])(?:xox[abeoprs]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|hv[sbr]\.[\w-]{20,})"
)
#: AWS secret access keys: 40 characters of base64's alphabet, mixed case, with a digit,
#: ``/`` or ``+`` (a 40-hex commit id has no capitals and stays).
_AWS_SECRET = re.compile(
    rf"(?<![A-Za-z0-9/+={_GLUE}])(?=[A-Za-z0-9/+]{{0,39}}[a-z])(?=[A-Za-z0-9/+]{{0,39}}[A-Z])"
    rf"(?=[A-Za-z0-9/+]{{0,39}}[0-9/+])[A-Za-z0-9/+]{{40}}(?![A-Za-z0-9/+={_GLUE}])"
)


def redact_secrets(text: str) -> str:
    """Replace anything that looks like a credential with a masked form.

    Covers Basic/Bearer authorization headers, passwords in URLs and values assigned to
    names containing token/secret/password, then everything :func:`redact_shapes` finds.
    Masks keep at most the last four characters.
    """
    text = _AUTH_HEADER.sub(lambda m: m[1] + "[redacted]", text)
    text = _ASSIGNED_SECRET.sub(lambda m: m[1] + _masked(m[2]), text)
    return redact_shapes(text)


def redact_shapes(text: str) -> str:
    """Mask what is a credential by its own shape, whatever surrounds it.

    ``Basic`` credentials, URL passwords, Slack and Vault tokens by their prefixes, AWS
    secret access keys, bare 32-hex strings (Auth Tokens; SIDs are left alone because their
    AC/SK/RQ prefix touches the hex), 32-character mixed-case strings (API Key Secrets) and
    any other run that looks random (:func:`redact_random_runs`). Unlike
    :func:`redact_secrets` it reads no names, so prose such as ``Auth Token: `Client(…)```
    in a report is left as written.
    """
    text = _BASIC.sub(lambda m: m[1] + "[redacted]", text)
    text = _URL_PASSWORD.sub(lambda m: m[1] + "[redacted]@", text)
    text = _PREFIXED_TOKEN.sub(lambda m: _masked(m[0]), text)
    text = _AWS_SECRET.sub(lambda m: _masked(m[0]), text)
    text = _HEX32.sub(lambda m: _masked(m[0]), text)
    text = _MIXED32.sub(lambda m: _masked(m[0]), text)
    return redact_random_runs(text)


def _masked(value: str) -> str:
    return "[redacted]" if value.startswith("[redacted]") else f"<{mask(value)}>"


# --- Redaction by shape and entropy ---------------------------------------------------

#: Runs of base64's alphabet (hex and base62 are inside it) long enough to judge, with
#: their padding; a run is only entered where it starts, so the scan stays linear.
_RUN = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{16,}=*")
#: Twilio SIDs (AC, SK, and RQ request ids): names a report needs, never redacted.
_SID = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")
_HEX_RUN = re.compile(r"[0-9a-fA-F]+")
#: A hex run this long is a token or a piece of one. Fingerprints (``fp:`` + 12 hex) and
#: short commit ids stay below it on purpose: reports and logs need them.
HEX_MIN = 16
_HEX_INSIDE = re.compile(
    rf"(?=[0-9a-fA-F]{{0,{HEX_MIN - 1}}}[0-9])(?=[0-9a-fA-F]{{0,{HEX_MIN - 1}}}[a-fA-F])"
    rf"[0-9a-fA-F]{{{HEX_MIN}}}"
)
#: A run of mixed letters and digits this long is judged by how much it reads like words.
RANDOM_MIN = 20
#: Longer runs are also judged 32 characters at a time (a secret's length) ...
_WINDOW = 32
#: ... and a run longer than this with a digit is a blob (base64 data), never words: this
#: also bounds the windows judged per character, so any text is read in linear time.
BLOB_MIN = 128
#: Words of an identifier: ``Auth``, ``TOKEN``, ``2010``.
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+|[+/]")


_DIGITS = b"0123456789"
_UPPER = ascii_uppercase.encode()
_LOWER = ascii_lowercase.encode()
_VOWELS = b"aeiouAEIOU"


def _count(text: str, members: bytes) -> int:
    """How many characters of an ASCII run are ``members``, counted in C (runs per window)."""
    data = text.encode("ascii")
    return len(data) - len(data.translate(None, members))


def _wordiness(core: str, letters: int) -> tuple[float, float]:
    """(mean word length, share of vowels among letters): about 2 and 0.2 for random
    characters, 4+ and 0.35 for identifiers such as ``getAuthToken2``."""
    words = len(_WORD.findall(core))
    return len(core) / max(1, words), _count(core, _VOWELS) / max(1, letters)


def looks_random(word: str) -> bool:
    """Whether a run of base64 characters looks like a credential rather than a word.

    Hex (alone, or 16+ hex characters touching other letters) needs only its length, with a
    digit and a letter. Other runs need 20 characters, a digit and four letters, and must
    not read like words: short "words" and few vowels (measured on ~40k random secrets and
    the identifiers of this project's dependencies). A word glued to either end
    (``tokenAbC…``, ``…XYZaaa``) is taken off and the middle judged again. SIDs are names.
    """
    core = word.rstrip("=")
    if len(core) < HEX_MIN or _SID.fullmatch(core):
        return False
    if _HEX_RUN.fullmatch(core):
        return any(c.isdigit() for c in core) and any(c.isalpha() for c in core)
    if _HEX_INSIDE.search(core):
        return True
    if len(core) > BLOB_MIN:
        return _count(core, _DIGITS) > 0
    return any(_reads_random(window) for window in _windows(core))


def _windows(core: str) -> Iterator[str]:
    """The run, and each 32-character window of a longer one (every 8th start and the
    last), each also without the lowercase or uppercase letters at its ends: a secret keeps
    its look inside ``0aaa<secret>`` or ``<secret>XYZaaa`` however the neighbours read."""
    starts = [*range(0, len(core) - _WINDOW, 8), len(core) - _WINDOW] if len(core) > _WINDOW else []
    for piece in [core, *(core[i : i + _WINDOW] for i in starts)]:
        yield piece
        yield from {piece.strip(ascii_lowercase), piece.strip(ascii_uppercase)} - {piece}


def _reads_random(core: str) -> bool:
    if len(core) < RANDOM_MIN:
        return False
    digits, upper = _count(core, _DIGITS), _count(core, _UPPER)
    lower = _count(core, _LOWER)
    if upper + lower < 4:
        return False
    mean_word, vowels = _wordiness(core, upper + lower)
    if not digits:
        # Letters only: random mixed case changes case about every other letter. A random
        # one that happens to read like camelCase (about 1 in 10) cannot be told from an
        # identifier by its look; the known-secret pass still masks it in reports.
        mixed = upper >= 3 and lower >= 3
        return mixed and mean_word < 2.6 and vowels < 0.3
    if lower <= 2:  # an uppercased secret (maybe touching a letter), or a CONSTANT_NAME
        return digits >= 2 or vowels < 0.3
    if mean_word < 2.6 or (mean_word < 4 and vowels < 0.3):
        return True
    return digits >= 3 and upper >= 3 and lower >= 3 and mean_word < 4


#: A path segment that reads as a word (``deploy``, ``Accounts``): base64 rarely has one.
_PATH_WORD = re.compile(r"[A-Za-z][a-z]{2,}")


def _is_path(run: str, segments: list[str]) -> bool:
    if run[0] == "/" or run[-1] == "/":
        return True
    return any(_SID.fullmatch(s) or _PATH_WORD.fullmatch(s) for s in segments)


def _pieces(run: str) -> list[tuple[int, str]]:
    """A run with ``/`` inside is a path when it starts or ends with ``/`` or has a SID or a
    word as a segment: then each segment is judged alone; otherwise (base64) it is judged
    whole, so a blob is masked in one piece."""
    segments = run.split("/")
    if "/" in run and _is_path(run, segments):
        found, offset = [], 0
        for segment in segments:
            found.append((offset, segment))
            offset += len(segment) + 1
        return found
    return [(0, run)]


#: A git commit id, which logs need: 40 lowercase hex right after "commit", "sha" or "rev".
_COMMIT_ID = re.compile(r"[0-9a-f]{40}")
_COMMIT_WORD = re.compile(r"(?i)\b(?:commit|sha1?|rev(?:ision)?)\W{0,3}$")


def _is_commit_id(view: str, match: re.Match[str]) -> bool:
    if not _COMMIT_ID.fullmatch(match[0]):
        return False
    return bool(_COMMIT_WORD.search(view, max(0, match.start() - 14), match.start()))


def redact_random_runs(text: str) -> str:
    """Replace every run that looks random (see :func:`looks_random`) with ``[redacted]``.

    Runs are read with zero-width characters and NBSPs left out, so a token split by one
    is still one run; a run touching other letters (``x<token>y``) is judged as a whole.
    """
    view, positions = visible_view(text)
    spans = []
    for match in _RUN.finditer(view):
        if _is_commit_id(view, match):
            continue
        for offset, piece in _pieces(match[0]):
            if looks_random(piece):
                start = match.start() + offset
                spans.append((positions[start], positions[start + len(piece) - 1] + 1))
    return replace_spans(text, spans)
