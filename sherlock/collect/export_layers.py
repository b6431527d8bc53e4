"""What the shell-profile and direnv links share: a shell's export put in a ``.env``'s place.

python-dotenv's ``load_dotenv()`` and Node's ``dotenv.config()`` leave a variable the process
already has alone, so an export of the shell a program starts from takes the ``.env`` line's
place in that program's set (its scope, environment and service), at the export's own line.
"""

from __future__ import annotations

from dataclasses import replace

from sherlock.models import FoundValue, Shadowed


def under(root: str, path: str) -> bool:
    """Whether ``path`` lies in folder ``root`` or below it (the tree's root holds all)."""
    return not root or path.startswith(root + "/")


def in_scope(value: FoundValue, target: FoundValue) -> FoundValue:
    """``value`` as the process of ``target`` sees it: ``target``'s set, ``value``'s line."""
    return replace(
        target,
        field=value.field,
        name=value.name,
        value=value.value,
        location=value.location,
        shadows=(),
    )


def rescoped(hidden: tuple[Shadowed, ...], target: FoundValue) -> tuple[Shadowed, ...]:
    """Shadows that move with their winner into ``target``'s set."""
    return tuple(Shadowed(in_scope(s.value, target), s.rule) for s in hidden)
