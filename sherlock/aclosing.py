"""``async with`` for objects that own connections: entering gives the object, leaving closes it.

The verifiers and the rotation's admin client each hold an HTTP client (or nothing, offline)
that must be closed however the block ends; they inherit the two methods instead of
repeating them.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self


class AsyncClosing:
    """Subclasses provide ``aclose``; ``async with`` calls it on the way out."""

    async def aclose(self) -> None:
        return None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
