"""A long-lived handle on ``diagnose()`` for the front ends that stay up (HTTP, Slack).

The CLI diagnoses once and exits; a server answers many questions about the same
deployment. :class:`Runner` keeps what those answers can share: the loaded config and one
Twilio verifier whose verdicts are cached for ``cache_ttl`` seconds, so a burst of Slack
questions about prod costs one round of Twilio requests, while a credential fixed a few
minutes ago is looked at afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sherlock.config import LoadedConfig, find_config
from sherlock.engine.diagnose import (
    DEFAULT_ERROR,
    DiagnoseRequest,
    diagnose_async,
    spec_for,
    verifier_settings,
)
from sherlock.errors import InputError
from sherlock.index.serving import ServedTree
from sherlock.models import Diagnosis
from sherlock.providers.base import Verifier
from sherlock.secrets import Secret


@dataclass
class Runner:
    """Diagnoses one deployment tree on demand; create once, call from any request."""

    root: Path
    config_path: Path | None = None
    twilio_base_url: str | None = None
    timeout: float = 5.0
    cache_ttl: float = 60.0
    proxy: str | None = None
    trust_config: bool = False
    watch: bool = False  # keep a warm index of the tree, refreshed on file changes (serve, slack)
    # Environments hold secrets (AWS keys, VAULT_TOKEN): never part of a repr or a log line.
    process_env: Mapping[str, str] | None = field(default=None, repr=False)
    store_environ: Mapping[str, str] | None = field(default=None, repr=False)
    _verifiers: dict[str, Verifier] = field(default_factory=dict, init=False, repr=False)
    _config: LoadedConfig | None = field(default=None, init=False, repr=False)
    _served: ServedTree | None = field(default=None, init=False, repr=False)

    @property
    def config(self) -> LoadedConfig:
        """The config, read once; InputError (with the line) if it is invalid."""
        if self._config is None:
            if not self.root.is_dir():
                raise InputError(f"{self.root} is not a directory Sherlock can scan")
            self._config = find_config(self.root, self.config_path)
        return self._config

    def use_config(self, loaded: LoadedConfig) -> None:
        """Diagnose with this already-loaded config instead of reading ``config_path``."""
        self._config = loaded

    async def diagnose(
        self,
        *,
        environment: str | None = None,
        error: str = DEFAULT_ERROR,
        offline: bool = False,
        token: Secret | None = None,
    ) -> Diagnosis:
        """One diagnosis of the tree, sharing cached verdicts with earlier ones; ``token`` is
        a pasted access token for the errors that read one (InputError for the others)."""
        provider, spec = spec_for(error)
        if token is not None and "token" not in spec.inputs:
            raise InputError(f"a token is only read for the access-token errors, not {error}")
        request = DiagnoseRequest(
            root=self.root,
            error=error,
            environment=environment,
            offline=offline,
            process_env=self.process_env,
            twilio_base_url=self.twilio_base_url,
            timeout=self.timeout,
            config=self.config,
            store_environ=self.store_environ,
            proxy=self.proxy,
            trust_config=self.trust_config,
            token=token,
        )
        verifier = self._verifiers.get(provider.name)
        if verifier is None:
            settings = verifier_settings(request, cache_ttl=self.cache_ttl)
            verifier = self._verifiers[provider.name] = provider.new_verifier(settings)
        if self.watch:
            return await self._served_tree().diagnose(request, verifier)
        return await diagnose_async(request, verifier)

    def _served_tree(self) -> ServedTree:
        if self._served is None:
            # A live answer is shared for a second at most, never past its verdicts' lifetime.
            reuse = min(1.0, self.cache_ttl)
            self._served = ServedTree(self.root, self.process_env, live_reuse=reuse)
        return self._served

    async def warm_up(self) -> None:
        """Fill the warm index and start watching the tree now, not at the first question
        (nothing to do unless ``watch``)."""
        if self.watch:
            await self._served_tree().start()

    async def aclose(self) -> None:
        if self._served is not None:
            await self._served.stop()
        verifiers, self._verifiers = self._verifiers, {}
        for verifier in verifiers.values():
            await verifier.aclose()
