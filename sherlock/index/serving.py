"""What a long-running :class:`~sherlock.engine.runner.Runner` holds to answer from memory.

One :class:`ServedTree` per runner: its warm index, and the watcher that keeps it fresh,
started in the event loop that serves questions (at start-up, or by the first question,
whichever comes first). A diagnosis gets its sources through :meth:`ServedTree.sources`,
which is ``gather_sources`` with the index standing in for the walk: the config's named
files, ``env:`` variables and store reads stay per question, exactly as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sherlock.engine.diagnose import DiagnoseRequest, diagnose_async
from sherlock.engine.sources import Sources, gather_sources
from sherlock.index.answers import AnswerMemo, answer_key
from sherlock.index.warm import WarmIndex
from sherlock.index.watch import IndexWatcher

if TYPE_CHECKING:
    from sherlock.models import Diagnosis
    from sherlock.providers.base import Verifier

log = logging.getLogger("sherlock.index")


class ServedTree:
    """A tree kept warm for one runner; ``start`` once per event loop, ``stop`` at shutdown."""

    def __init__(
        self, root: Path, process_env: Mapping[str, str] | None, *, live_reuse: float = 1.0
    ) -> None:
        self.index = WarmIndex(root, process_env=process_env)
        self.answers = AnswerMemo(live_reuse)
        self.watcher: IndexWatcher | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._starting: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"ServedTree({self.index!r}, {self.answers!r}, watcher={self.watcher!r})"

    async def start(self) -> None:
        """Fill the index and start watching, unless already done in this event loop."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._starting = loop, asyncio.Lock()
            self.watcher = None  # a watcher of a finished loop is gone with it
            self.index.live = False
        assert self._starting is not None
        async with self._starting:
            if self.watcher is None:
                watcher = IndexWatcher(self.index)
                await watcher.start()
                self.watcher = watcher
                log.info("warm index of %s ready (%s)", self.index.root, watcher.mode)

    async def stop(self) -> None:
        """Stop the watcher; later questions check the tree themselves."""
        watcher, self.watcher = self.watcher, None
        if watcher is not None and self._loop is asyncio.get_running_loop():
            await watcher.stop()
        self.index.live = False

    async def diagnose(self, request: DiagnoseRequest, verifier: Verifier) -> Diagnosis:
        """The answer to ``request``: reused while the tree and the verdicts stand, else a
        diagnosis whose sources come from the warm index."""
        await self.start()
        key = answer_key(request, self.index.generation)

        async def fresh() -> Diagnosis:
            return await diagnose_async(request, verifier, await self.sources(request))

        return await self.answers.answer(key, fresh)

    async def sources(self, request: DiagnoseRequest) -> Sources:
        """Everything ``request`` reads, with the tree's part taken from the warm index."""
        await self.start()
        return await gather_sources(
            request.root,
            request.config,
            process_env=request.process_env,
            store_environ=request.store_environ,
            trust_config=request.trust_config,
            offline=request.offline,
            collect=self.index.collect,
        )
