"""Diagnosing one folder of the served tree (the ``scope`` of ``POST /v1/diagnose``).

A scoped diagnosis is exactly ``sherlock diagnose ROOT/FOLDER``: a runner rooted at that
folder, reading the served config. Scoped runners are kept (a few, oldest evicted) so
repeated questions about one folder reuse its cached Twilio verdicts like the main runner
does. A scope must name a folder inside the tree: absolute paths, ``..`` and symlinks
that lead out are refused, so an API client cannot point Sherlock at the rest of the disk.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from pathlib import Path, PurePosixPath

from sherlock.engine.runner import Runner
from sherlock.errors import InputError
from sherlock.stores.access import confined

_NOT_INSIDE = "scope must be a folder inside the served tree, written relative to it"
_NOT_A_FOLDER = "scope must name an existing folder of the served tree"


class ScopedRunners:
    """The main runner, plus one runner per folder asked about (at most ``limit`` kept)."""

    def __init__(self, runner: Runner, *, limit: int = 16) -> None:
        self.main = runner
        self._limit = max(1, limit)
        self._scoped: OrderedDict[Path, Runner] = OrderedDict()

    def folder(self, scope: str) -> Path:
        """The folder a scope names; InputError unless it is a folder inside the tree."""
        relative = PurePosixPath(scope.strip().replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts:
            raise InputError(_NOT_INSIDE)
        root = self.main.root.resolve()
        try:
            target = (root / relative).resolve()
            inside = target.is_relative_to(root)
            is_dir = inside and target.is_dir()
        except (OSError, ValueError, RuntimeError):
            # A NUL byte, a name too long, a symlink loop: not a folder, and the OS's message
            # would repeat the scope, so it is not passed on.
            raise InputError(_NOT_A_FOLDER) from None
        if not inside:
            raise InputError(_NOT_INSIDE)
        if not is_dir:
            raise InputError(_NOT_A_FOLDER)
        return target

    async def runner_for(self, scope: str | None) -> Runner:
        if scope is None:
            return self.main
        target = self.folder(scope)
        if target == self.main.root.resolve():
            return self.main
        if target in self._scoped:
            self._scoped.move_to_end(target)
            return self._scoped[target]
        runner = dataclasses.replace(self.main, root=target, config_path=self.main.config.path)
        # The served tree's sherlock.toml lies outside the scope's folder, but is no more
        # trusted for that: the scoped run gets it without the endpoints it may not choose.
        runner.use_config(
            confined(self.main.config, self.main.root, trust_config=self.main.trust_config)
        )
        self._scoped[target] = runner
        while len(self._scoped) > self._limit:
            _, oldest = self._scoped.popitem(last=False)
            await oldest.aclose()
        return runner

    async def aclose(self) -> None:
        """Close every scoped runner's connections (the main runner is closed by the app)."""
        while self._scoped:
            _, runner = self._scoped.popitem()
            await runner.aclose()
