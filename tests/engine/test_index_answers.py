"""A watched runner reuses an answer only while the tree and the verdicts behind it stand."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sherlock.engine.diagnose import DiagnoseRequest
from sherlock.engine.runner import Runner
from sherlock.index.answers import AnswerMemo, answer_key
from sherlock.models import Diagnosis
from sherlock.secrets import Secret

SID = "AC" + "3" * 32
TOKEN = "4" * 32


@dataclass
class _Counter:
    """A stand-in diagnosis maker: counts runs, answers with ``requests`` sent."""

    requests: int = 0
    runs: int = 0
    delay: float = 0.0

    async def __call__(self) -> Any:
        self.runs += 1
        await asyncio.sleep(self.delay)
        return _Made(self.requests, self.runs)


@dataclass(frozen=True)
class _Made:
    requests: int
    run: int


def _key(offline: bool, generation: int = 1) -> Any:
    return answer_key(DiagnoseRequest(offline=offline), generation)


def test_an_offline_answer_is_reused_while_the_tree_is_unchanged() -> None:
    memo, make = AnswerMemo(), _Counter()

    async def ask() -> None:
        await memo.answer(_key(True), make)
        await memo.answer(_key(True), make)
        await memo.answer(_key(True, generation=2), make)

    asyncio.run(ask())
    assert make.runs == 2  # once per tree state


def test_a_live_answer_that_asked_the_provider_is_not_reused() -> None:
    memo, make = AnswerMemo(live_reuse=60), _Counter(requests=3)

    async def ask() -> None:
        await memo.answer(_key(False), make)
        await memo.answer(_key(False), make)

    asyncio.run(ask())
    assert make.runs == 2


def test_a_live_answer_from_cached_verdicts_is_reused_only_briefly() -> None:
    memo, make = AnswerMemo(live_reuse=0.2), _Counter(requests=0)

    async def ask() -> None:
        await memo.answer(_key(False), make)
        await memo.answer(_key(False), make)
        assert make.runs == 1
        await asyncio.sleep(0.25)
        await memo.answer(_key(False), make)

    asyncio.run(ask())
    assert make.runs == 2


def test_identical_questions_at_once_share_one_diagnosis() -> None:
    memo, make = AnswerMemo(live_reuse=0), _Counter(requests=2, delay=0.05)

    async def ask() -> list[Any]:
        return list(await asyncio.gather(*(memo.answer(_key(False), make) for _ in range(20))))

    answers = asyncio.run(ask())
    assert make.runs == 1
    assert all(a is answers[0] for a in answers)


def test_a_failed_diagnosis_fails_every_waiter_and_is_not_kept() -> None:
    memo = AnswerMemo()
    calls = 0

    async def broken() -> Any:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        raise ValueError("no")

    async def ask() -> list[Any]:
        asks = (memo.answer(_key(True), broken) for _ in range(3))
        return list(await asyncio.gather(*asks, return_exceptions=True))

    assert all(isinstance(r, ValueError) for r in asyncio.run(ask()))
    assert calls == 1
    assert all(isinstance(r, ValueError) for r in asyncio.run(ask()))
    assert calls == 2


def test_a_question_with_a_pasted_token_is_never_shared() -> None:
    request = DiagnoseRequest(offline=True)
    pasted = DiagnoseRequest(offline=True, token=Secret("eyJhbGciOi.pasted.token"))
    assert answer_key(request, 1) is not None
    assert answer_key(pasted, 1) is None


def _env(root: Path, relpath: str, token: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"TWILIO_ACCOUNT_SID={SID}\nTWILIO_AUTH_TOKEN={token}\n", encoding="utf-8")


def _fingerprints(diagnosis: Diagnosis) -> list[str]:
    return sorted(row["fingerprint"] for row in diagnosis.to_dict()["credentials"])


def test_a_watched_runner_answers_an_edit_as_a_fresh_runner_does(tmp_path: Path) -> None:
    _env(tmp_path, "api/.env.production", TOKEN)

    async def ask() -> tuple[Diagnosis, Diagnosis, Diagnosis]:
        watched = Runner(root=tmp_path, watch=True)
        try:
            first = await watched.diagnose(offline=True)
            _env(tmp_path, "api/.env.production", TOKEN[:-1] + "5")
            deadline = time.monotonic() + 3
            answer = await watched.diagnose(offline=True)
            while _fingerprints(answer) == _fingerprints(first) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
                answer = await watched.diagnose(offline=True)
            fresh = await Runner(root=tmp_path).diagnose(offline=True)
            return first, answer, fresh
        finally:
            await watched.aclose()

    first, answer, fresh = asyncio.run(ask())
    assert _fingerprints(answer) != _fingerprints(first)
    assert answer.to_dict() == fresh.to_dict()
