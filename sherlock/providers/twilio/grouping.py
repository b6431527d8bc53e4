"""From found values to the credential sets a client would actually send.

Values that share a ``scope`` are seen together by one process (one env file, one compose
service, one Kubernetes object), so each scope yields its sets:

* a token set (Account SID + Auth Token) when the scope has a token, or a SID without any
  API key field; an API-key set (Key SID + Secret + Account SID) when it has an API key
  field. A scope with both yields both, one per auth mode. Region and edge join every set of
  their scope. A scope with only region/edge yields nothing.
* Within a scope, when several names give one field (``TWILIO_SID`` and
  ``TWILIO_ACCOUNT_SID``), the name a client reads verbatim wins, then the later line.
* A set missing its Account SID, token or key half borrows it from the other scopes of the
  same environment and service, but only when they agree on exactly one value (by
  fingerprint): a Deployment's literal SID and the Secret that holds its token form one
  set, while a guess between two different tokens is never made. A set that borrowed a
  credential field this way also borrows the region and edge it lacks, on the same terms:
  the pod whose Deployment sets ``TWILIO_REGION`` and whose Secret holds the token calls the
  Deployment's region. A set with neither region nor edge takes the ones the code of its
  service and environment writes (a scope of source kind ``code`` holding only region/edge,
  one such placement only): ``client.SetRegion("au1")`` on a client built from environment
  variables sends those variables to that region.

Sets that end up with exactly the same values are reported once. So is a set put together
by borrowing when another set of its environment and service reads the very same values
(same field, same value, same place) all by itself: two readers of one file met. A Supabase
``config.toml`` reads its token from the ``.env`` beside it, which is also read as an env file
of its own; that file's lone token borrows the block's SID and is the block's set again,
seen from one of its files. Counting it twice would make the token look held twice in its
environment, and hide that it is staging's. Order is deterministic: by the first location
of a set's own values, then scope, token set before key set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sherlock.models import FoundValue
from sherlock.providers.twilio.naming import strength_of
from sherlock.providers.twilio.records import CredentialSet, Field, field_of

Fields = dict[Field, FoundValue]
TOKEN_MODE = (Field.ACCOUNT_SID, Field.AUTH_TOKEN)
KEY_MODE = (Field.API_KEY_SID, Field.API_KEY_SECRET, Field.ACCOUNT_SID)
PLACEMENT = frozenset({Field.REGION, Field.EDGE})


def _where(value: FoundValue) -> tuple[str, int]:
    return value.location.path, value.location.line or 0


def _rank(value: FoundValue) -> tuple[int, tuple[str, int]]:
    return strength_of(value.name, field_of(value), value.value.reveal()), _where(value)


def _effective(values: Iterable[FoundValue]) -> Fields:
    """The value per field a consumer of this scope would use."""
    fields: Fields = {}
    for value in values:
        current = fields.get(field_of(value))
        if current is None or _rank(value) > _rank(current):
            fields[field_of(value)] = value
    return fields


def _modes(fields: Fields) -> list[tuple[Field, ...]]:
    has_key = Field.API_KEY_SID in fields or Field.API_KEY_SECRET in fields
    modes: list[tuple[Field, ...]] = []
    if Field.AUTH_TOKEN in fields or (Field.ACCOUNT_SID in fields and not has_key):
        modes.append(TOKEN_MODE)
    if has_key:
        modes.append(KEY_MODE)
    return modes


class _Grouper:
    def __init__(self, values: Sequence[FoundValue]) -> None:
        by_scope: dict[str, list[FoundValue]] = defaultdict(list)
        for value in values:
            by_scope[value.scope].append(value)
        self.scopes = {scope: _effective(vals) for scope, vals in by_scope.items()}
        self.labels = {
            scope: (vals[0].environment, vals[0].service) for scope, vals in by_scope.items()
        }
        self.code_placements = {
            scope: self.scopes[scope]
            for scope, vals in by_scope.items()
            if set(self.scopes[scope]) <= PLACEMENT and all(v.source_kind == "code" for v in vals)
        }

    def placed_in_code(self, scope: str) -> Fields:
        """The region/edge the code of this scope's service sets (``client.SetRegion("au1")``)
        for a set that names none: that client takes its credentials from the environment
        and calls the region written in code. Only when one such placement exists."""
        found = [
            fields
            for other, fields in self.code_placements.items()
            if other != scope and self.labels[other] == self.labels[scope]
        ]
        distinct = {tuple(sorted((f, v.fingerprint) for f, v in p.items())) for p in found}
        return found[0] if len(distinct) == 1 else {}

    def borrow(self, scope: str, field: Field) -> FoundValue | None:
        """The one value other scopes of the same environment and service agree on."""
        label = self.labels[scope]
        found = [
            fields[field]
            for other, fields in self.scopes.items()
            if other != scope and self.labels[other] == label and field in fields
        ]
        if len({v.fingerprint for v in found}) != 1:
            return None
        return min(found, key=_where)

    def build(self, scope: str, mode: tuple[Field, ...]) -> CredentialSet:
        """One set for a scope and auth mode, borrowing what the scope lacks."""
        fields = self.scopes[scope]
        chosen = {f: fields.get(f) or self.borrow(scope, f) for f in mode}
        composed = any(f not in fields and chosen[f] is not None for f in mode)
        placement = {
            f: fields.get(f) or (self.borrow(scope, f) if composed else None)
            for f in (Field.REGION, Field.EDGE)
        }
        if not any(placement.values()):
            coded = self.placed_in_code(scope)
            placement = {f: coded.get(f) for f in (Field.REGION, Field.EDGE)}
        environment, service = self.labels[scope]
        return CredentialSet(
            scope=scope,
            environment=environment,
            service=service,
            account_sid=chosen.get(Field.ACCOUNT_SID),
            auth_token=chosen.get(Field.AUTH_TOKEN),
            api_key_sid=chosen.get(Field.API_KEY_SID),
            api_key_secret=chosen.get(Field.API_KEY_SECRET),
            region=placement[Field.REGION],
            edge=placement[Field.EDGE],
        )

    def sets(self) -> list[tuple[tuple[str, int, str, int], CredentialSet]]:
        """Every set with its sort key: first own location, scope, then token before key."""
        built: list[tuple[tuple[str, int, str, int], CredentialSet]] = []
        for scope, fields in self.scopes.items():
            path, line = min(_where(v) for v in fields.values())
            for index, mode in enumerate(_modes(fields)):
                built.append(((path, line, scope, index), self.build(scope, mode)))
        return built


def _identity(cred: CredentialSet) -> tuple[object, ...]:
    return (cred.kind, *sorted((v.field, _where(v), v.name, v.scope) for v in cred.values()))


def _substance(cred: CredentialSet) -> tuple[object, ...]:
    """What one client sends, and from where: each value by field, place and fingerprint,
    whatever name or scope a reader filed it under."""
    sent = frozenset((v.field, _where(v), v.fingerprint) for v in cred.values())
    return (cred.kind, cred.environment, cred.service, sent)


def _borrowed(cred: CredentialSet) -> bool:
    return any(v.scope != cred.scope for v in cred.values())


def group_credentials(values: Sequence[FoundValue]) -> list[CredentialSet]:
    """Credential sets from found values (see the module docstring for the rules)."""
    ordered = sorted(_Grouper(values).sets(), key=lambda item: item[0])
    seen: set[tuple[object, ...]] = set()
    result: list[CredentialSet] = []
    for _first, cred in ordered:
        key = _identity(cred)
        if key not in seen:
            seen.add(key)
            result.append(cred)
    whole = {_substance(c) for c in result if not _borrowed(c)}
    return [c for c in result if not (_borrowed(c) and _substance(c) in whole)]
