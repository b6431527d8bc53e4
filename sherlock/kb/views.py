"""Knowledge-base entries as plain frozen records, read without pydantic.

``sherlock explain`` must start in a few times a bare ``python -c pass``, and importing
pydantic and building the schema's models costs more than the whole budget. The shipped
entries are already held to the full schema (:mod:`sherlock.kb.schema`) by the tests and by
``sherlock kb check``, so this path only needs to read one file quickly and refuse one that
is plainly malformed with a :class:`~sherlock.errors.KnowledgeBaseError` rather than a
traceback: known keys, required keys, text where text belongs, whole numbers, and the
severity and likelihood words. Text is stripped as the schema strips it, and
:meth:`EntryView.model_dump` gives the same JSON the model gives, so presenters take either.

YAML is read with libyaml's base loader, which keeps every scalar as written: YAML 1.2 and
the schema agree on strings (``no`` stays ``no``), and the few numbers are converted here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from sherlock.errors import KnowledgeBaseError

#: As :data:`sherlock.kb.schema.SEVERITY_ORDER` and ``LIKELIHOOD_ORDER`` (a test keeps them equal).
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
LIKELIHOODS: tuple[str, ...] = ("common", "occasional", "rare")
_WHOLE = re.compile(r"[0-9]+")

if TYPE_CHECKING:  # building Protocol classes costs start-up time; only mypy needs them

    class CauseLike(Protocol):
        """What presenters read from a cause: a schema model or a :class:`CauseView`."""

        @property
        def id(self) -> str: ...
        @property
        def title(self) -> str: ...
        @property
        def severity(self) -> str: ...
        @property
        def likelihood(self) -> str: ...
        @property
        def description(self) -> str: ...
        @property
        def confirm(self) -> Sequence[str]: ...
        @property
        def fix(self) -> Sequence[str]: ...

    class RelatedLike(Protocol):
        @property
        def code(self) -> int: ...
        @property
        def title(self) -> str: ...
        @property
        def note(self) -> str: ...

    class PreventionLike(Protocol):
        @property
        def title(self) -> str: ...
        @property
        def detail(self) -> str: ...

    class EntryLike(Protocol):
        """What presenters read from an entry: a :class:`~sherlock.kb.schema.KBEntry` or an
        :class:`EntryView`, so ``sherlock kb`` and ``sherlock explain`` share one layout."""

        @property
        def id(self) -> str: ...
        @property
        def provider(self) -> str: ...
        @property
        def code(self) -> int: ...
        @property
        def http_status(self) -> int: ...
        @property
        def title(self) -> str: ...
        @property
        def summary(self) -> str: ...
        @property
        def aliases(self) -> Sequence[str]: ...
        @property
        def related_codes(self) -> Sequence[RelatedLike]: ...
        @property
        def causes(self) -> Sequence[CauseLike]: ...
        @property
        def fix_steps(self) -> Sequence[str]: ...
        @property
        def prevention(self) -> Sequence[PreventionLike]: ...
        @property
        def references(self) -> Sequence[str]: ...

        def model_dump(self, *, mode: str = "json") -> dict[str, Any]: ...


@dataclass(frozen=True)
class RelatedView:
    code: int
    title: str
    note: str


@dataclass(frozen=True)
class PreventionView:
    title: str
    detail: str


@dataclass(frozen=True)
class CauseView:
    id: str
    title: str
    severity: str
    likelihood: str
    description: str
    confirm: tuple[str, ...]
    fix: tuple[str, ...]
    specificity: int = 3


@dataclass(frozen=True)
class EntryView:
    """One entry, field for field as :class:`sherlock.kb.schema.KBEntry` holds it."""

    id: str
    provider: str
    code: int
    http_status: int
    title: str
    summary: str
    aliases: tuple[str, ...]
    related_codes: tuple[RelatedView, ...]
    causes: tuple[CauseView, ...]
    fix_steps: tuple[str, ...]
    prevention: tuple[PreventionView, ...]
    references: tuple[str, ...]
    notes: tuple[str, ...]

    def model_dump(self, *, mode: str = "json") -> dict[str, Any]:
        """The JSON-ready dict ``KBEntry.model_dump(mode="json")`` gives for the same file."""
        plain: dict[str, Any] = _lists(asdict(self))
        return plain


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


class _Reader:
    """Reads one mapping of the file, naming the field in every complaint."""

    def __init__(self, data: Any, where: str, required: str, optional: str = "") -> None:
        self.where = where
        if not isinstance(data, dict):
            self.fail("expected a mapping")
        unknown = sorted(str(key) for key in set(data) - set(required.split() + optional.split()))
        missing = sorted(set(required.split()) - set(data))
        if unknown or missing:
            self.fail(f"unknown {unknown}" if unknown else f"missing {missing}")
        self.data: dict[str, Any] = data

    def fail(self, problem: str, field: str = "") -> NoReturn:
        place = f"{self.where}.{field}" if self.where and field else self.where or field
        raise KnowledgeBaseError(f"{place or '(top level)'}: {problem}")

    def text(self, field: str) -> str:
        value = self.data[field]
        if not isinstance(value, str) or not value.strip():
            self.fail("expected non-empty text", field)
        return str(value).strip()

    def word(self, field: str, choices: tuple[str, ...]) -> str:
        value = self.data[field]
        if value not in choices:
            self.fail(f"expected one of {', '.join(choices)}", field)
        return str(value)

    def whole(self, field: str, default: int | None = None) -> int:
        value = self.data.get(field, default)
        if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
            return int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail("expected a whole number", field)
        return int(value)

    def items(self, field: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(field, [])
        if not isinstance(value, list) or (required and not value):
            self.fail("expected a non-empty list" if required else "expected a list", field)
        return list(value)

    def texts(self, field: str, *, required: bool = False) -> tuple[str, ...]:
        values = self.items(field, required=required)
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.fail("expected non-empty text", f"{field}[{index}]")
        return tuple(str(value).strip() for value in values)


def _cause(data: Any, where: str) -> CauseView:
    r = _Reader(data, where, "id title severity likelihood description confirm fix", "specificity")
    return CauseView(
        id=r.text("id"),
        title=r.text("title"),
        severity=r.word("severity", SEVERITIES),
        likelihood=r.word("likelihood", LIKELIHOODS),
        description=r.text("description"),
        confirm=r.texts("confirm", required=True),
        fix=r.texts("fix", required=True),
        specificity=r.whole("specificity", 3),
    )


def _related(data: Any, where: str) -> RelatedView:
    r = _Reader(data, where, "code title note")
    return RelatedView(code=r.whole("code"), title=r.text("title"), note=r.text("note"))


def _prevention(data: Any, where: str) -> PreventionView:
    r = _Reader(data, where, "title detail")
    return PreventionView(title=r.text("title"), detail=r.text("detail"))


_REQUIRED = "id provider code http_status title summary causes fix_steps"
_OPTIONAL = "aliases related_codes prevention references notes"


def entry_view(data: Any) -> EntryView:
    """A parsed entry file as a view; KnowledgeBaseError naming the field when malformed."""
    r = _Reader(data, "", _REQUIRED, _OPTIONAL)
    entry = EntryView(
        id=r.text("id"),
        provider=r.text("provider"),
        code=r.whole("code"),
        http_status=r.whole("http_status"),
        title=r.text("title"),
        summary=r.text("summary"),
        aliases=r.texts("aliases"),
        related_codes=tuple(
            _related(item, f"related_codes[{i}]") for i, item in enumerate(r.items("related_codes"))
        ),
        causes=tuple(
            _cause(item, f"causes[{i}]") for i, item in enumerate(r.items("causes", required=True))
        ),
        fix_steps=r.texts("fix_steps", required=True),
        prevention=tuple(
            _prevention(item, f"prevention[{i}]") for i, item in enumerate(r.items("prevention"))
        ),
        references=r.texts("references"),
        notes=r.texts("notes"),
    )
    if entry.id != f"{entry.provider}-{entry.code}":
        r.fail(f"id must be '{entry.provider}-{entry.code}' (provider-code)", "id")
    return entry
