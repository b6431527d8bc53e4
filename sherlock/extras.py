"""Optional features and the pip extras that install them.

A plain ``pip install sherlock-rca`` is the core: discovery, verification against Twilio,
every check and every report format. The store readers, the HTTP server and the Slack app
need SDKs most users never want (boto3 alone is larger than Sherlock), so each comes with an
extra. When one is missing, the user should read what to type, not a ``ModuleNotFoundError``
from deep inside an import: :func:`requires` wraps the imports of a feature and turns the
failure of one of that feature's modules into one sentence with the install command.

Only ImportErrors naming a module of the extra are translated; any other import failure is
a bug in Sherlock and stays one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sherlock.errors import UsageError

DISTRIBUTION = "sherlock-rca"


@dataclass(frozen=True)
class Extra:
    """One extra: its name, the feature it enables and the top-level modules it brings."""

    name: str
    feature: str
    modules: frozenset[str]

    @property
    def install(self) -> str:
        """The command that installs it, quoted for a POSIX shell (brackets are globs)."""
        return f"pip install '{DISTRIBUTION}[{self.name}]'"

    @property
    def hint(self) -> str:
        return f"{self.feature} needs the {self.name} extra: {self.install}"


def _extra(name: str, feature: str, *modules: str) -> Extra:
    return Extra(name, feature, frozenset(modules))


EXTRAS: dict[str, Extra] = {
    extra.name: extra
    for extra in (
        _extra("aws", "AWS Secrets Manager", "boto3", "botocore"),
        # requests comes with hvac; the Vault reader uses it for its own error types.
        _extra("vault", "HashiCorp Vault", "hvac", "requests"),
        _extra("gcp", "GCP Secret Manager", "google", "grpc", "proto", "requests"),
        _extra(
            "server",
            "sherlock serve",
            "fastapi",
            "starlette",
            "uvicorn",
            "prometheus_client",
            "swagger_ui_bundle",
        ),
        _extra("slack", "the Slack app", "slack_bolt", "slack_sdk", "aiohttp"),
    )
}


class MissingExtraError(UsageError):
    """A feature was asked for whose extra is not installed; the message says what to run."""

    def __init__(self, extra: Extra) -> None:
        super().__init__(extra.hint)
        self.extra = extra


def missing_module(error: ImportError, extra: Extra) -> bool:
    """Whether ``error`` is one of ``extra``'s modules being absent (not a bug elsewhere)."""
    name = error.name or ""
    return name.partition(".")[0] in extra.modules


@contextmanager
def requires(name: str, *, error: Callable[[str], Exception] | None = None) -> Iterator[None]:
    """Run imports that need extra ``name``; if one of its modules is missing, raise
    ``error(hint)`` (a store reader wants its own error type) or :class:`MissingExtraError`."""
    extra = EXTRAS[name]
    try:
        yield
    except ImportError as exc:
        if not missing_module(exc, extra):
            raise
        if error is not None:
            raise error(extra.hint) from None
        raise MissingExtraError(extra) from None
