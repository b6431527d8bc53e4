"""Finished answers, reused while nothing they depend on can have changed.

With the tree indexed, what a question still costs is the diagnosis itself: grouping, the
checks, ranking and the final scrub of every string (tens of milliseconds on a large
deployment). The same question about the same tree state has the same answer, so:

* an offline answer is reused until the index's generation moves (any change in the tree);
* a live answer is reused for at most ``live_reuse`` seconds (never beyond the verifier's
  cache lifetime), and only if it sent no request to the provider, i.e. every verdict in it
  already came from the cache;
* identical questions that arrive while one is being answered wait for that one answer
  instead of each running the same diagnosis (a burst of 20 costs one diagnosis).

Questions carrying a pasted secret (``request.token``) are never shared.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sherlock.engine.diagnose import DiagnoseRequest
    from sherlock.models import Diagnosis

#: (index generation, error id, environment, offline)
AnswerKey = tuple[int, str, str | None, bool]

MAX_ANSWERS = 64


def answer_key(request: DiagnoseRequest, generation: int) -> AnswerKey | None:
    """What makes two questions the same one; None when the question must not be shared."""
    if getattr(request, "token", None) is not None:
        return None
    return (generation, request.error, request.environment, request.offline)


@dataclass(frozen=True)
class _Answer:
    diagnosis: Diagnosis
    made_at: float


class AnswerMemo:
    """Recent answers by question, and the answers being made right now."""

    def __init__(self, live_reuse: float = 1.0) -> None:
        self.live_reuse = live_reuse
        self._answers: dict[AnswerKey, _Answer] = {}
        self._pending: dict[AnswerKey, asyncio.Future[Diagnosis]] = {}
        self.made = 0  # diagnoses actually run (the rest were shared or reused)

    def __repr__(self) -> str:
        return f"AnswerMemo(kept={len(self._answers)}, made={self.made})"

    def _reusable(self, key: AnswerKey) -> Diagnosis | None:
        kept = self._answers.get(key)
        if kept is None:
            return None
        offline = key[3]
        if offline or time.monotonic() - kept.made_at < self.live_reuse:
            return kept.diagnosis
        del self._answers[key]
        return None

    def _keep(self, key: AnswerKey, diagnosis: Diagnosis) -> None:
        offline = key[3]
        if not offline and (diagnosis.requests or self.live_reuse <= 0):
            return  # it asked the provider: the next question may not find the same answer
        generation = key[0]
        self._answers = {k: v for k, v in self._answers.items() if k[0] == generation}
        if len(self._answers) >= MAX_ANSWERS:
            self._answers.pop(next(iter(self._answers)))
        self._answers[key] = _Answer(diagnosis, time.monotonic())

    async def answer(
        self, key: AnswerKey | None, make: Callable[[], Awaitable[Diagnosis]]
    ) -> Diagnosis:
        """The answer to the question ``key`` names: reused, shared, or made by ``make``."""
        if key is None:
            return await make()
        reused = self._reusable(key)
        if reused is not None:
            return reused
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Diagnosis] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            self.made += 1
            diagnosis = await make()
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                future.cancel()
            else:
                future.set_exception(exc)
                future.exception()  # retrieved here: a future nobody waited on stays quiet
            raise
        finally:
            del self._pending[key]
        future.set_result(diagnosis)
        self._keep(key, diagnosis)
        return diagnosis
