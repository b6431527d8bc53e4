"""The ``--format`` option of every command, built from the format registry.

A command names the formats it offers (a subset of :data:`sherlock.render.registry.FORMATS`);
the choices, the help text and shell completion follow from that list, so a new format shows
up everywhere it is offered without touching the option's wording. A wrong value is a usage
error that lists the choices and does not repeat what was typed (it may be a pasted secret).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import typer

from sherlock.render.registry import FORMATS, help_text

DIAGNOSE_FORMATS = ("terminal", "json", "markdown", "sarif", "github", "slack")
CHECK_FORMATS = ("terminal", "json", "sarif", "github", "markdown")


def _parser(among: Sequence[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in among or value not in FORMATS:
            raise typer.BadParameter(f"choose one of: {', '.join(among)}")
        return value

    return parse


def format_option(among: Sequence[str]) -> Any:
    """``--format``/``-f`` offering ``among``, in registry terms; use with ``Annotated[str,
    ...]`` and one of ``among`` as the default."""
    return typer.Option(
        "--format",
        "-f",
        parser=_parser(among),
        metavar="[" + "|".join(among) + "]",
        help=help_text(among),
        autocompletion=lambda: list(among),
    )
