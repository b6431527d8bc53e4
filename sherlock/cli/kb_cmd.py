"""`sherlock kb` (placeholder, owned by the knowledge-base work)."""

from __future__ import annotations

import typer

kb_app = typer.Typer(help="Browse the knowledge base.", no_args_is_help=True)
