"""What someone asked Sherlock in Slack: which error, which provider, which environment.

People do not type ``diagnose twilio-20003 --env prod``; they write "why is prod getting
20003?", "auth failures in staging again", or paste a twilio-python traceback. The parser
reads those, and when it cannot tell what to diagnose it says *what is missing* so the app
asks back instead of guessing:

* the error: a pasted error Sherlock recognises (:func:`sherlock.explain.recognise`), an
  error id (``twilio-20005``) or a bare code with a knowledge-base entry (``20003``), or
  words that only mean an authentication failure ("401", "unauthorized", "auth failure",
  "authenticate", "invalid credentials"), which is Twilio's 20003. Which codes count is
  the knowledge base's answer, never a list here. Another five-digit code, or another
  provider named beside generic words, is *unsupported*;
* the environment: a name from ``sherlock.toml``, or a common alias (prod, production,
  prd, staging, stage, stg, dev, development) mapped to the configured name; "all
  environments" or "everywhere" means every one. Words that are also plain English
  ("live", "test", "local") count only when the config names an environment that way.

The question is redacted before it is kept, so a token pasted into Slack is never echoed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sherlock.collect.context import ENVIRONMENT_WORDS
from sherlock.explain import recognise
from sherlock.kb.loader import entry_id_for_code, known_codes
from sherlock.redact import redact_secrets

#: What generic words about failed authentication mean ("401s in prod").
DEFAULT_ERROR = "twilio-20003"
#: Whose codes a bare number is: the one provider Sherlock answers for in Slack so far.
_PROVIDER = "twilio"

#: Words that are environments in a path but ordinary words in a sentence.
_AMBIGUOUS_WORDS = frozenset({"live", "local", "test", "testing", "ci"})
_ALIASES = {w: env for w, env in ENVIRONMENT_WORDS.items() if w not in _AMBIGUOUS_WORDS}

_OTHER_PROVIDERS = frozenset(
    {
        "stripe",
        "sendgrid",
        "mailgun",
        "vonage",
        "nexmo",
        "plivo",
        "github",
        "gitlab",
        "okta",
        "auth0",
        "aws",
        "gcp",
        "azure",
        "slack",
        "openai",
    }
)

# Slack escapes "<" in what people type, so markup never nests; stopping at "<" keeps a
# long run of unclosed markup linear instead of rescanning to the end from every "<".
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^<>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^<>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|<>]*)(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<![^<>]*>")
_CODE = re.compile(r"(?<![\w.-])(\d{5})(?![\w-])")
_ERROR_ID = re.compile(r"\b([a-z]+)-(\d{5})\b")
_AUTH_WORDS = re.compile(
    r"""(?ix)
    (?<![\w.-])401s?(?![\w.-])
    | \bunauthori[sz]ed\b
    | \bauthenticat(?:e|ion|ing)\b
    | \bauth(?:entication)?[\s_-]*(?:failures?|failed|failing|errors?|problems?|issues?|fails?)\b
    | \b(?:invalid|bad|wrong|rejected|expired)\s+(?:api\s+)?(?:credentials?|tokens?|keys?|secrets?)\b
    | \bcredentials?\s+(?:rejected|invalid|not\s+accepted|failing)\b
    | \bpermission\s+denied\b
    """
)
_ALL = re.compile(
    r"(?i)\b(?:all|every|each)\s+(?:the\s+)?(?:env(?:ironment)?s?|environments)\b|\beverywhere\b"
)
_HELP = re.compile(r"(?i)^\s*(?:help|usage|\?|what can you do\??|how does this work\??)\s*$")
_WORD = re.compile(r"[a-z0-9][a-z0-9_-]*")
_FILLER = frozenset(
    {"in", "on", "for", "the", "of", "at", "env", "environment", "please", "twilio", "error"}
)


@dataclass(frozen=True)
class Question:
    """A parsed question. ``text`` is redacted and safe to echo back into Slack."""

    text: str
    error: str | None = None
    provider: str | None = None
    environment: str | None = None
    all_environments: bool = False
    is_help: bool = False
    unsupported: str | None = None
    unknown_environment: str | None = None
    mentioned_environments: tuple[str, ...] = field(default_factory=tuple)

    def missing(self, environments: Sequence[str]) -> str | None:
        """``"error"`` or ``"environment"`` when Sherlock must ask back; None when ready."""
        if self.error is None or self.unsupported:
            return "error"
        if self.unknown_environment or len(self.mentioned_environments) > 1:
            return "environment"
        if self.environment is None and not self.all_environments and len(environments) > 1:
            return "environment"
        return None

    def describe(self) -> str:
        """A short subject for the "looking…" message: ``Twilio 20003 in prod``."""
        error = self.error or DEFAULT_ERROR
        provider, _, code = error.partition("-")
        subject = f"{provider.capitalize()} {code}"
        if self.environment:
            return f"{subject} in {self.environment}"
        return f"{subject} in every environment" if self.all_environments else subject


def clean_slack_text(text: str) -> str:
    """Slack's wire format to plain words: mentions dropped, links and channels named,
    entities decoded; then redacted, so nothing secret survives into replies."""
    text = _MENTION.sub(" ", text)
    text = _CHANNEL.sub(lambda m: f"#{m[1]}" if m[1] else "#channel", text)
    text = _LINK.sub(lambda m: m[2] or m[1], text)
    text = _SPECIAL.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(redact_secrets(text).split())


def _error_of(text: str) -> tuple[str | None, str | None, str | None]:
    """(error id, provider, unsupported reason) from the words of a question."""
    found = recognise(text)
    if found is not None:
        return found.entry_id, found.provider, None
    lowered = text.lower()
    named = {m[0] for m in _ERROR_ID.finditer(lowered)}
    for match in _ERROR_ID.finditer(lowered):
        if entry_id_for_code(match[1], int(match[2])) is not None:
            return f"{match[1]}-{match[2]}", match[1], None
    codes = [int(c) for c in _CODE.findall(lowered)]
    for code in codes:
        entry_id = entry_id_for_code(_PROVIDER, code)
        if entry_id is not None:
            return entry_id, _PROVIDER, None
    if codes or named:
        shown = ", ".join(sorted(named) or [str(c) for c in codes])
        return None, None, f"Sherlock knows {_known_codes()} so far, not {shown}."
    provider = "twilio" if re.search(r"\btwilio\b", lowered) else None
    if _AUTH_WORDS.search(lowered):
        others = sorted(w for w in set(_WORD.findall(lowered)) if w in _OTHER_PROVIDERS)
        if provider is None and others:
            return (
                None,
                None,
                f"Sherlock knows Twilio's authentication errors so far, not {', '.join(others)}'s.",
            )
        return DEFAULT_ERROR, "twilio", None
    return None, provider, None


def _known_codes() -> str:
    """``Twilio 20003, 20005`` from the knowledge base, for an "unsupported" answer."""
    return f"{_PROVIDER.capitalize()} " + ", ".join(str(c) for c in known_codes(_PROVIDER))


def _environments_of(text: str, environments: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """(environments named, in order, without repeats; an alias the config lacks)."""
    configured = {name.lower(): name for name in environments}
    named: list[str] = []
    unknown: str | None = None
    for word in _WORD.findall(text.lower()):
        if word in configured:
            name: str | None = configured[word]
        elif word in _ALIASES:
            canonical = _ALIASES[word]
            if not environments:
                name = canonical
            else:
                matches = [
                    n for n in environments if ENVIRONMENT_WORDS.get(n.lower(), n) == canonical
                ]
                name = matches[0] if matches else None
                if name is None and unknown is None:
                    unknown = word
        else:
            continue
        if name is not None and name not in named:
            named.append(name)
    return tuple(named), unknown


def parse_question(
    text: str, environments: Sequence[str] = (), *, default_error: str | None = None
) -> Question:
    """Read a mention or DM. ``default_error`` applies when the words name no error (the
    slash command's ``diagnose`` means 20003 even with no code)."""
    clean = clean_slack_text(text)
    if not clean or _HELP.match(clean):
        return Question(text=clean, is_help=True)
    error, provider, unsupported = _error_of(clean)
    if error is None and unsupported is None and default_error is not None:
        error, provider = default_error, default_error.partition("-")[0]
    named, unknown = _environments_of(clean, environments)
    everywhere = bool(_ALL.search(clean))
    return Question(
        text=clean,
        error=error,
        provider=provider,
        environment=named[0] if len(named) == 1 and not everywhere else None,
        all_environments=everywhere or (not named and not environments),
        unsupported=unsupported,
        unknown_environment=None if named or everywhere else unknown,
        mentioned_environments=() if everywhere else named,
    )


def parse_command(text: str, environments: Sequence[str] = ()) -> Question:
    """``/sherlock diagnose [error] [env]`` or ``/sherlock help``; other words are read as a
    question. In ``diagnose``, an argument that is neither an error nor a known environment
    is taken as the environment the user meant, so Sherlock can say it does not know it."""
    words = text.split()
    if not words or words[0].lower() in ("help", "usage", "-h", "--help"):
        return Question(text=clean_slack_text(text), is_help=True)
    if words[0].lower() != "diagnose":
        return parse_question(text, environments)
    rest = " ".join(words[1:])
    question = parse_question(rest, environments, default_error=DEFAULT_ERROR)
    if question.is_help:  # a bare "diagnose"
        question = parse_question("diagnose", environments, default_error=DEFAULT_ERROR)
    residue = clean_slack_text(rest).lower()
    for pattern in (_AUTH_WORDS, _ALL, _ERROR_ID, _CODE):
        residue = pattern.sub(" ", residue)
    leftovers = [
        w
        for w in _WORD.findall(residue)
        if w not in _ALIASES and w not in _FILLER and w not in {e.lower() for e in environments}
    ]
    if (
        environments
        and question.environment is None
        and not question.mentioned_environments
        and leftovers
        and not question.all_environments
    ):
        return Question(
            text=question.text,
            error=question.error,
            provider=question.provider,
            unsupported=question.unsupported,
            unknown_environment=leftovers[-1],
        )
    return question
