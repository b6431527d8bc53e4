"""Every output format Sherlock can write, by name: one table the front ends read.

The CLI's ``--format`` options, their help text and the HTTP server's content negotiation
all come from :data:`FORMATS`, so adding a format is a module with a
``render(diagnosis, options) -> str`` function and one entry here. Renderers are named, not
imported, so listing the formats (for ``--help`` or a 406 answer) loads none of them: the
terminal report needs rich, SARIF the knowledge base.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sherlock.models import Diagnosis
    from sherlock.render.options import RenderOptions

Renderer = Callable[["Diagnosis", "RenderOptions"], str]


@dataclass(frozen=True)
class OutputFormat:
    """One format: its name on the command line, its renderer and its media type."""

    name: str
    renderer: str  # "module:function", imported on first use
    media_type: str
    description: str

    def render(self, diagnosis: Diagnosis, options: RenderOptions) -> str:
        module, _, function = self.renderer.partition(":")
        render = cast(Renderer, getattr(import_module(module), function))
        return render(diagnosis, options)


def _entries(*formats: OutputFormat) -> dict[str, OutputFormat]:
    return {output.name: output for output in formats}


FORMATS: dict[str, OutputFormat] = _entries(
    OutputFormat(
        "terminal",
        "sherlock.render.terminal:render",
        "text/plain; charset=utf-8",
        "the report for a person, top cause first",
    ),
    OutputFormat(
        "json",
        "sherlock.render.json:render",
        "application/json",
        "the stable JSON contract for scripts",
    ),
    OutputFormat(
        "markdown",
        "sherlock.render.markdown:render",
        "text/markdown; charset=utf-8",
        "for tickets and pull-request comments",
    ),
    OutputFormat(
        "sarif",
        "sherlock.render.sarif:render",
        "application/sarif+json",
        "SARIF 2.1.0 for code scanning",
    ),
    OutputFormat(
        "github",
        "sherlock.render.github:render",
        "text/vnd.sherlock.github-annotations; charset=utf-8",
        "GitHub Actions annotations on the lines at fault",
    ),
    OutputFormat(
        "slack",
        "sherlock.render.slack:render",
        "application/vnd.sherlock.slack+json",
        "a Slack message: Block Kit blocks and their text",
    ),
)


class UnknownFormat(ValueError):
    """A name the registry (or the command's part of it) does not hold."""


def output_format(name: str, among: Iterable[str] | None = None) -> OutputFormat:
    """The format called ``name``, if the caller offers it; the error lists the choices."""
    offered = tuple(among) if among is not None else tuple(FORMATS)
    if name not in offered or name not in FORMATS:
        raise UnknownFormat(f"unknown format; choose one of: {', '.join(offered)}")
    return FORMATS[name]


def help_text(among: Iterable[str]) -> str:
    """``--format`` help: each offered format and what it is for."""
    return "Report format: " + "; ".join(f"{n} ({FORMATS[n].description})" for n in among) + "."
