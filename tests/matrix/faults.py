"""Healthy base credentials, and the faults injected into them.

The base: two environments (prod and staging), each with two services (api and worker) and
its own Twilio account. Kinds whose consumers authenticate with an auth token get token
pairs; the Twilio CLI (which keeps an API key per profile) gets key sets. A fault rewrites
that data and the emulator's state the way the incident happens in real life, and names the
culprit: the service and field whose place the top cause must point at.

Each fault follows its cause's definition in ``sherlock/kb/data/twilio/20003.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sherlock.demo.book import CredentialBook
from tests.matrix.model import Mark, Place, Service, Var

ENVIRONMENTS = ("prod", "staging")
SERVICES = ("api", "worker")


@dataclass(frozen=True)
class Scene:
    """Services as written, the emulator's accounts and keys, and the culprit's place."""

    services: tuple[Service, ...]
    emulator: dict[str, Any] = field(default_factory=dict)
    culprit: Place | None = None

    def service(self, env: str, name: str) -> Service:
        return next(s for s in self.services if s.env == env and s.name == name)

    def update(self, new: Service) -> Scene:
        kept = tuple(new if (s.env, s.name) == (new.env, new.name) else s for s in self.services)
        return replace(self, services=kept)

    def blame(self, service: Service, name: str) -> Scene:
        return replace(self, culprit=(service.env, service.name, name))

    def account(self, name: str, **settings: Any) -> Scene:
        """The emulator spec with one account's settings changed."""
        accounts = [
            {**a, **settings} if a["name"] == name else a for a in self.emulator["accounts"]
        ]
        return replace(self, emulator={**self.emulator, "accounts": accounts})

    def key(self, **spec: Any) -> Scene:
        keys = [*self.emulator.get("keys", []), spec]
        return replace(self, emulator={**self.emulator, "keys": keys})


def _key(book: CredentialBook, name: str) -> tuple[Var, Var]:
    return Var("keysid", book.value("keysid", name)), Var(
        "keysecret", book.value("keysecret", name)
    )


def base_scene(mode: str, book: CredentialBook) -> Scene:
    """Every service authenticates: token pairs, or (mode "key") API keys of type main."""
    services: list[Service] = []
    keys: list[dict[str, Any]] = []
    for env in ENVIRONMENTS:
        for name in SERVICES:
            secret: tuple[Var, ...] = (Var("token", book.token(env)),)
            if mode == "key":
                secret = _key(book, f"{env}-{name}")
                keys.append({"name": f"{env}-{name}", "account": env, "type": "main"})
            services.append(Service(env, name, (Var("sid", book.sid(env)), *secret)))
    emulator = {"accounts": [{"name": env} for env in ENVIRONMENTS], "keys": keys}
    return Scene(tuple(services), emulator)


Inject = Callable[[Scene, CredentialBook], Scene]


def _mark(mark: Mark, *, on_sid: bool = False) -> Inject:
    """Junk on prod/api's secret, or (``on_sid``) on its Account SID, the URL's part."""

    def inject(scene: Scene, book: CredentialBook) -> Scene:
        api = scene.service("prod", "api")
        name = "sid" if on_sid else api.secret_field
        var = api.get(name)
        assert var is not None
        return scene.update(api.put(replace(var, mark=mark))).blame(api, name)

    return inject


def _secret_value(change: Callable[[str, str], str]) -> Inject:
    """Replace prod/api's secret with ``change(old value, field)``."""

    def inject(scene: Scene, book: CredentialBook) -> Scene:
        api = scene.service("prod", "api")
        var = api.get(api.secret_field)
        assert var is not None
        changed = api.put(replace(var, value=change(var.value, var.field)))
        return scene.update(changed).blame(api, api.secret_field)

    return inject


def no_sid(scene: Scene, book: CredentialBook) -> Scene:
    """The Account SID line is gone: the token alone reaches the client."""
    api = scene.service("prod", "api")
    return scene.update(api.drop("sid")).blame(api, api.secret_field)


def no_token(scene: Scene, book: CredentialBook) -> Scene:
    """The token line is gone: only the Account SID reaches the client."""
    api = scene.service("prod", "api")
    return scene.update(api.drop(api.secret_field)).blame(api, "sid")


def key_sid_in_sid_slot(scene: Scene, book: CredentialBook) -> Scene:
    """The account's own API Key SID pasted into TWILIO_ACCOUNT_SID (``accountSid``)."""
    api = scene.service("prod", "api")
    scene = scene.key(name="prod-new", account="prod", type="main")
    sid = Var("sid", book.value("keysid", "prod-new"))
    if api.get("keysid") is not None:
        sid = Var("sid", book.value("keysid", "prod-api"))
    return scene.update(api.put(sid)).blame(api, "sid")


def swapped(scene: Scene, book: CredentialBook) -> Scene:
    """Account SID and auth token in each other's variables."""
    api = scene.service("prod", "api")
    sid, token = api.get("sid"), api.get("token")
    assert sid is not None and token is not None
    changed = api.put(Var("sid", token.value)).put(Var("token", sid.value))
    return scene.update(changed).blame(api, "sid")


def staging_secret_in_prod(scene: Scene, book: CredentialBook) -> Scene:
    """prod/api was rebuilt from staging's file: the SID was changed to prod's, the secret not."""
    api = scene.service("prod", "api")
    staging = scene.service("staging", "api")
    changed = api
    for name in ("token", "keysid", "keysecret"):
        theirs = staging.get(name)
        if theirs is not None and api.get(name) is not None:
            changed = changed.put(theirs)
    return scene.update(changed).blame(api, api.secret_field)


def staging_pair_in_prod(scene: Scene, book: CredentialBook) -> Scene:
    """prod/api holds staging's whole pair: it authenticates, but as staging's account. No
    20003 comes of it, so Sherlock must give it as advice, with exit 0."""
    api = scene.service("prod", "api")
    staging = scene.service("staging", "api")
    changed = api
    for var in staging.vars:
        if api.get(var.field) is not None:
            changed = changed.put(var)
    return scene.update(changed).blame(api, api.secret_field)


def rotation_not_propagated(scene: Scene, book: CredentialBook) -> Scene:
    """prod's token was rotated; api got the new one, worker still holds the old one."""
    api, worker = scene.service("prod", "api"), scene.service("prod", "worker")
    scene = scene.account("prod", token_variant="rotated")
    scene = scene.update(api.put(Var("token", book.token("prod", "rotated"))))
    return scene.blame(worker, "token")


def stale_after_rotation(scene: Scene, book: CredentialBook) -> Scene:
    """prod's token was regenerated; only a developer's dev setup has the new one."""
    api = scene.service("prod", "api")
    scene = scene.account("prod", token_variant="rotated")
    witness = Service(
        "dev", "api", (Var("sid", book.sid("prod")), Var("token", book.token("prod", "rotated")))
    )
    return replace(scene, services=(*scene.services, witness)).blame(api, "token")


def region_mismatch(scene: Scene, book: CredentialBook) -> Scene:
    """prod/api was pointed at Dublin (IE1), but its credentials were created in US1."""
    api = scene.service("prod", "api")
    changed = api.put(Var("region", "ie1")).put(Var("edge", "dublin"))
    return scene.update(changed).blame(api, "region")


def revoked_key(scene: Scene, book: CredentialBook) -> Scene:
    """prod/worker moved to an API key that was later deleted in the Console."""
    worker = scene.service("prod", "worker")
    scene = scene.key(name="prod-old", account="prod", type="standard", revoked=True)
    keysid, keysecret = _key(book, "prod-old")
    changed = worker.drop("token").put(keysid).put(keysecret)
    return scene.update(changed).blame(worker, "keysid")


def _inactive(status: str) -> Inject:
    def inject(scene: Scene, book: CredentialBook) -> Scene:
        api = scene.service("prod", "api")
        scene = scene.account("prod", status=status)
        scene = replace(scene, emulator={**scene.emulator, "inactive_response": "20403"})
        return scene.blame(api, "sid")

    return inject


def rotation_not_finished(scene: Scene, book: CredentialBook) -> Scene:
    """A rotation job wrote a new token to prod/api's secret but never completed it in Twilio."""
    api = scene.service("prod", "api")
    changed = replace(api.put(Var("token", book.token("prod", "next"))), history=(api.vars,))
    return scene.update(changed).blame(api, "token")


def deprecated_host(scene: Scene, book: CredentialBook) -> Scene:
    """prod lives in IE1; every service names region and edge, but api names only the region,
    so twilio-python builds the retired host ``api.ie1.twilio.com`` for it."""
    scene = scene.account("prod", region="ie1")
    for service in [s for s in scene.services if s.env == "prod"]:
        changed = service.put(Var("region", "ie1"))
        scene = scene.update(
            changed if service.name == "api" else changed.put(Var("edge", "dublin"))
        )
    return scene.blame(scene.service("prod", "api"), "region")


def regional_base(scene: Scene, book: CredentialBook) -> Scene:
    """No fault: prod lives in IE1 and every prod service names region and edge. A healthy
    base like the plain one, where every set must carry its region to work."""
    scene = scene.account("prod", region="ie1")
    keys = [{**k, "region": "ie1"} if k["account"] == "prod" else k for k in scene.emulator["keys"]]
    scene = replace(scene, emulator={**scene.emulator, "keys": keys})  # keys are regional too
    for service in [s for s in scene.services if s.env == "prod"]:
        scene = scene.update(service.put(Var("region", "ie1")).put(Var("edge", "dublin")))
    return scene


def test_credentials(scene: Scene, book: CredentialBook) -> Scene:
    """prod/api holds the account's test credentials, copied from a CI set-up."""
    api = scene.service("prod", "api")
    scene = scene.account("prod", test_credentials=True)
    changed = api.put(Var("sid", book.value("testsid", "prod"))).put(
        Var("token", book.value("testtoken", "prod"))
    )
    return scene.update(changed).blame(api, "token")


def subaccount_with_parent_token(scene: Scene, book: CredentialBook) -> Scene:
    """prod/api was moved to a subaccount's SID but kept the parent account's token."""
    api = scene.service("prod", "api")
    accounts = [*scene.emulator["accounts"], {"name": "prod-sub", "parent": "prod"}]
    scene = replace(scene, emulator={**scene.emulator, "accounts": accounts})
    return scene.update(api.put(Var("sid", book.sid("prod-sub")))).blame(api, "sid")


def restricted_key(scene: Scene, book: CredentialBook) -> Scene:
    """prod/worker got a Restricted key that may only send messages; its probe is refused."""
    worker = scene.service("prod", "worker")
    scene = scene.key(
        name="prod-restricted",
        account="prod",
        type="restricted",
        permissions=["/twilio/messaging/messages/create"],
    )
    keysid, keysecret = _key(book, "prod-restricted")
    changed = worker.drop("token").put(keysid).put(keysecret)
    return scene.update(changed).blame(worker, "keysid")


@dataclass(frozen=True)
class Fault:
    """One injectable fault and the KB cause Sherlock must put on top for it ("healthy" for
    a variant of the base that injects nothing)."""

    id: str
    cause: str
    inject: Inject
    advice: bool = False  # the cause is advice: the credentials work, exit 0


FAULTS: tuple[Fault, ...] = (
    Fault("whitespace", "whitespace-in-credential", _mark(Mark.INVISIBLE)),
    Fault("padded", "whitespace-in-credential", _mark(Mark.PADDED)),
    Fault("whitespace-in-sid", "whitespace-in-credential", _mark(Mark.INVISIBLE, on_sid=True)),
    Fault("quoted", "quoted-credential", _mark(Mark.QUOTED)),
    Fault("truncated", "malformed-credential", _secret_value(lambda v, f: v[:-1])),
    Fault("placeholder", "malformed-credential", _secret_value(lambda v, f: f"your_{f}_here")),
    Fault("empty-token", "missing-credential", _secret_value(lambda v, f: "")),
    Fault("no-token", "missing-credential", no_token),
    Fault("no-sid", "missing-credential", no_sid),
    Fault("key-sid-in-sid-slot", "sid-key-confusion", key_sid_in_sid_slot),
    Fault("swapped-fields", "sid-key-confusion", swapped),
    Fault("staging-secret-in-prod", "environment-mismatch", staging_secret_in_prod),
    Fault("staging-pair-in-prod", "environment-mismatch", staging_pair_in_prod, advice=True),
    Fault("rotation-not-propagated", "rotation-not-propagated", rotation_not_propagated),
    Fault("stale-after-rotation", "stale-credential-after-rotation", stale_after_rotation),
    Fault("region-mismatch", "region-mismatch", region_mismatch),
    Fault("revoked-key", "api-key-revoked", revoked_key),
    Fault("account-suspended", "account-inactive", _inactive("suspended")),
    Fault("account-closed", "account-inactive", _inactive("closed")),
    Fault("rotation-not-finished", "rotation-not-finished", rotation_not_finished),
    # A store's own value gone stale is an unfinished rotation, not a stale copy (KB).
    Fault("regenerated-in-console", "rotation-not-finished", stale_after_rotation),
    Fault("deprecated-host", "deprecated-regional-host", deprecated_host),
    Fault("healthy-in-ie1", "healthy", regional_base),
    Fault("test-credentials", "environment-mismatch", test_credentials),
    Fault("subaccount-sid-parent-token", "account-scope-mismatch", subaccount_with_parent_token),
    Fault("restricted-key", "api-key-type", restricted_key),
)
FAULT_BY_ID = {f.id: f for f in FAULTS}
