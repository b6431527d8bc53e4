"""Which names a service's code or framework config reads for each credential slot.

A credential can be set perfectly and still never reach the client: the code asks for
``TWILIO_SID`` while the ``.env`` sets ``TWILIO_ACCOUNT_SID``. Values alone cannot show that,
so discovery also records *readings*: "this service reads the account SID from the variable
``TWILIO_SID``" (a Laravel ``config/services.php`` mapping, a Spring ``${VAR}`` placeholder,
a Supabase ``env(VAR)`` reference, a ``process.env.X`` in source). Checks compare them with
the names the service's sources do set (the ``variable-name-mismatch`` cause).

A reading names no value, so it holds nothing secret; ``default`` is only ever a flag saying
the reader falls back to text of its own when the name is unset.
"""

from __future__ import annotations

from dataclasses import dataclass

from sherlock.models import Location


@dataclass(frozen=True)
class CodeReading:
    """One name a service reads for one slot, and where that reading is written.

    ``slot`` is the provider's role word (``account_sid``, ``auth_token``…), ``name`` the
    variable or config key looked up, ``reader`` who looks it up (``laravel config/services.php``,
    ``spring placeholder``, ``supabase env()``, ``twilio-python``), ``has_default`` whether the
    reader falls back to a literal of its own (``${VAR:fallback}``), in which case an unset
    name sends that literal instead of nothing. ``aliases`` are other names that reach the
    same slot without the code naming them (Spring binds ``TWILIO_AUTH_TOKEN`` to
    ``twilio.auth-token`` whatever the placeholder says), so setting one of them is no mismatch.
    """

    slot: str
    name: str
    service: str
    environment: str
    location: Location
    reader: str
    has_default: bool = False
    aliases: tuple[str, ...] = ()

    def satisfied_by(self, names: set[str]) -> bool:
        """Whether any of ``names`` reaches this slot (the read name or an alias)."""
        return self.name in names or any(alias in names for alias in self.aliases)
