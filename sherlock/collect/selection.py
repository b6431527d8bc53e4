"""Which collectors may read a file: asked once per file name, not once per path.

A 50,000-file tree has a few thousand distinct file names, and most collectors decide from
the name alone (``.env``, ``docker-compose.yml``, ``*.tf``): they say so with
``by_name = True`` and are asked once per name. The others look at folders too (a Helm
chart's ``templates/``, Laravel's ``config/*.php``, a source file outside ``tests/``); they may
rule most names out cheaply with ``could_want(name)`` and are asked about the whole path only
when the name passes. Both are declared on the collector (:class:`~.base.Collector`) and
held to their promise by tests/collect/test_selection.py.

The same answer then serves twice: the walker reads only files some collector wants, and
each file is offered only to the collectors that wanted it (plus those that may claim a
file by its content alone, such as a shell script found by its shebang), in registry order.
Before this, every one of 28 collectors was asked about every path twice, which was most of
a large scan's time.
"""

from __future__ import annotations

from collections.abc import Mapping

from sherlock.collect.base import Collector, declared_needles

#: Names are few, but a tree of generated files could make them many: start over past this.
_MAX_NAMES = 200_000
_UNKNOWN: tuple[bytes, ...] = (b"",)


def _by_name(collector: Collector) -> bool:
    return getattr(collector, "by_name", False) is True


def _could_want(collector: Collector, name: str) -> bool:
    gate = getattr(collector, "could_want", None)
    return True if gate is None else bool(gate(name))


def _by_content(collector: Collector) -> bool:
    return getattr(collector, "by_content", False) is True


class Selection:
    """The collectors each path is offered to, and whether its bytes are worth keeping."""

    def __init__(self, registry: Mapping[str, Collector]) -> None:
        self._registry = registry
        self._order: tuple[Collector, ...] = ()
        self._names: dict[str, tuple[tuple[Collector, bool], ...]] = {}
        self._content: tuple[Collector, ...] = ()
        self._last: tuple[str, tuple[Collector, ...]] = ("", ())
        self._needles: dict[tuple[Collector, ...], tuple[bytes, ...] | None] = {}

    def _refresh(self) -> tuple[Collector, ...]:
        """The registry's collectors, re-read when one was added since (tests add some)."""
        if len(self._order) != len(self._registry):
            order = tuple(self._registry.values())
            self._names = {}
            self._content = tuple(c for c in order if _by_content(c))
            self._last = ("", ())
            self._needles = {}
            self._order = order
        return self._order

    def _for_name(self, name: str) -> tuple[tuple[Collector, bool], ...]:
        """(collector, decided) for every collector the name does not rule out."""
        order = self._refresh()
        known = self._names.get(name)
        if known is None:
            known = tuple(
                (c, True) if _by_name(c) else (c, False)
                for c in order
                if (c.wants(name) if _by_name(c) else _could_want(c, name))
            )
            if len(self._names) >= _MAX_NAMES:
                self._names = {}
            self._names[name] = known
        return known

    def wanting(self, relpath: str) -> tuple[Collector, ...]:
        """Every collector whose ``wants`` accepts the path, in registry order.

        The walker asks twice in a row about the same path (to read it, then to keep it):
        the last answer is remembered as one tuple, so concurrent scans never mix answers.
        """
        last = self._last
        if last[0] == relpath:
            return last[1]
        found: list[Collector] = []
        for collector, decided in self._for_name(relpath.rpartition("/")[2]):
            if decided or collector.wants(relpath):
                found.append(collector)
        answer = tuple(found)
        self._last = (relpath, answer)
        return answer

    def offered(self, relpath: str, wanting: tuple[Collector, ...]) -> tuple[Collector, ...]:
        """The collectors a file read for ``wanting`` is offered to, in registry order: those
        that wanted it and those that claim files by content; every one when none wanted it
        (a file read for another reason, such as a Makefile or a sniffed script)."""
        if not wanting:
            return self._refresh()
        extra = tuple(c for c in self._content if c not in wanting)
        if not extra:
            return wanting
        return tuple(c for c in self._refresh() if c in wanting or c in extra)

    def worth_keeping(self, relpath: str, data: bytes, wanting: tuple[Collector, ...]) -> bool:
        """Whether any collector the file would be offered to could find anything in it:
        false only when every one that wanted it declares ``needles`` the bytes lack, and
        none that claims files by content claims this one."""
        needles = self._needles_of(wanting)
        if needles is None:
            return True
        lowered = data.lower()
        for needle in needles:
            if needle in lowered:
                return True
        return any(c.matches(relpath, data) for c in self._content if c not in wanting)

    def _needles_of(self, wanting: tuple[Collector, ...]) -> tuple[bytes, ...] | None:
        """Every needle of these collectors, or None when one of them declares none (or
        none wanted the file): then any bytes may matter. Remembered per collector tuple."""
        known = self._needles.get(wanting, _UNKNOWN)
        if known is _UNKNOWN:
            gathered: list[bytes] = []
            for collector in wanting:
                own = declared_needles(collector)
                if own is None:
                    gathered = []
                    break
                gathered.extend(own)
            known = self._needles[wanting] = tuple(gathered) if gathered else None
        return known
