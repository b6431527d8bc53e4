"""The forms a credential takes in a real tree, each planted in a tree of its own.

Every form is a function from a canary to the files of a small deployment (relative path ->
text), a "paste" (the same credential as a person pastes it into ``explain``, the API or
Slack) and the "word" (the credential as typed in this form, for arguments such as ``--env``).
Each tree also gets a ``sherlock.toml`` naming the Slack alert channel and who may run live
checks, so webhooks post their answers and Slack questions are diagnosed live. Adding a
form is one function and one entry in :data:`FORMS`; ``tests/leaks/test_harness.py`` checks
that Sherlock finds a credential in it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.leaks.canaries import Canary, make_canary, percent_all

ALERT_CHANNEL = "C0LEAKS"
SLACK_CHANNEL = "C0ONCALL"
SLACK_USER = "U0ONCALL"
CONFIG = f"""\
[slack]
alert_channel = "{ALERT_CHANNEL}"
allowed_channels = ["{SLACK_CHANNEL}"]
allowed_users = ["{SLACK_USER}"]
"""
TWILIO_401 = "twilio.base.exceptions.TwilioRestException: HTTP 401 error: Unable to fetch record: Authenticate"


@dataclass(frozen=True)
class Planted:
    """A form's files and paste; ``word`` is the credential as typed in this form (None: the
    canary itself). Kept out of the repr, so a failing test does not print the canaries."""

    files: dict[str, str] = field(repr=False)
    paste: str = field(repr=False)
    word: str | None = field(default=None, repr=False)


Planter = Callable[[Canary], Planted]


def _env(sid: str, token: str) -> str:
    return f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={token}\n"


def _paste(c: Canary, shown: str) -> str:
    """An error report with the credential beside it, as people paste them."""
    basic = base64.b64encode(f"{c.user}:{c.secret}".encode()).decode()
    return "\n".join(
        [
            TWILIO_401,
            f"GET /2010-04-01/Accounts/{c.user}.json",
            f"TWILIO_AUTH_TOKEN={shown}",
            f"Authorization: Basic {basic}",
            shown,
        ]
    )


def plain(c: Canary) -> Planted:
    """The baseline: the one place every tool knows, a ``.env`` with SID and token."""
    return Planted({"prod/api/.env": _env(c.user, c.secret)}, _paste(c, c.secret))


def ci_step_name(c: Canary) -> Planted:
    workflow = f"""\
name: deploy
on: push
jobs:
  notify-prod:
    runs-on: ubuntu-latest
    env:
      TWILIO_ACCOUNT_SID: {c.user}
      TWILIO_AUTH_TOKEN: {c.secret}
    steps:
      - name: curl -u {c.user}:{c.secret} https://api.twilio.com/2010-04-01/Accounts.json
        run: curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" https://api.twilio.com/
"""
    paste = f"Run curl -u {c.user}:{c.secret} https://api.twilio.com/2010-04-01/Accounts.json\n{TWILIO_401}"
    return Planted({".github/workflows/deploy.yml": workflow}, paste)


def compose_service_key(c: Canary) -> Planted:
    compose = f"""\
services:
  {c.secret}:
    image: acme/api
    environment:
      TWILIO_ACCOUNT_SID: {c.user}
      TWILIO_AUTH_TOKEN: {c.secret}
"""
    return Planted({"prod/docker-compose.yml": compose}, f"service {c.secret} failed\n{TWILIO_401}")


def gitlab_job_key(c: Canary) -> Planted:
    gitlab = f"""\
stages: [deploy]
"deploy_prod_{c.secret}":
  stage: deploy
  variables:
    TWILIO_ACCOUNT_SID: {c.user}
    TWILIO_AUTH_TOKEN: {c.secret}
  script: [./deploy.sh]
"""
    return Planted({".gitlab-ci.yml": gitlab}, f"job deploy_prod_{c.secret} failed\n{TWILIO_401}")


def k8s_object_name(c: Canary) -> Planted:
    manifest = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: twilio-{c.secret}
  namespace: prod
stringData:
  TWILIO_ACCOUNT_SID: {c.user}
  TWILIO_AUTH_TOKEN: {c.secret}
"""
    return Planted({"k8s/prod/secret.yaml": manifest}, f"secret/twilio-{c.secret}\n{TWILIO_401}")


def inside_longer_word(c: Canary) -> Planted:
    value = f"tok_{c.secret}_v2"
    files = {"prod/api/.env": _env(c.user, value) + f"# old value was prefix{c.secret}suffix\n"}
    return Planted(files, _paste(c, value), value)


def doubled(c: Canary) -> Planted:
    value = c.secret + c.secret
    return Planted({"prod/api/.env": _env(c.user, value)}, _paste(c, value), value)


def url_encoded(c: Canary) -> Planted:
    encoded = percent_all(c.secret)
    env = _env(c.user, encoded) + f"TWILIO_URL=https://{c.user}:{encoded}@api.twilio.com/\n"
    paste = _paste(c, encoded) + f"\nhttps://{c.user}:{encoded}@api.twilio.com/"
    return Planted({"prod/api/.env": env}, paste, encoded)


def base64_encoded(c: Canary) -> Planted:
    b64 = base64.b64encode(c.secret.encode()).decode()
    basic = base64.b64encode(f"{c.user}:{c.secret}".encode()).decode()
    manifest = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: twilio
  namespace: prod
data:
  TWILIO_ACCOUNT_SID: {base64.b64encode(c.user.encode()).decode()}
  TWILIO_AUTH_TOKEN: {b64}
"""
    files = {"k8s/prod/secret.yaml": manifest, "prod/api/.env": f"TWILIO_BASIC_AUTH={basic}\n"}
    return Planted(files, _paste(c, b64), b64)


def yaml_anchor_reuse(c: Canary) -> Planted:
    """An anchor defined twice: ruamel.yaml warns, quoting the source line of the second."""
    compose = f"""\
x-defaults: &x
  image: acme/api
services:
  api:
    <<: *x
    environment:
      TWILIO_ACCOUNT_SID: {c.user}
      TWILIO_AUTH_TOKEN: &x {c.secret}
"""
    return Planted(
        {"prod/docker-compose.yml": compose}, f"TWILIO_AUTH_TOKEN: &x {c.secret}\n{TWILIO_401}"
    )


def path_names(c: Canary) -> Planted:
    files = {
        f"prod/{c.secret}/.env": _env(c.user, c.secret),
        f"prod/api/.env.{c.secret}": _env(c.user, c.secret),
    }
    return Planted(files, f"open prod/{c.secret}/.env\n{TWILIO_401}")


def zero_width_inside(c: Canary) -> Planted:
    zwsp = c.secret[:16] + "\u200b" + c.secret[16:]
    nbsp = c.secret[:10] + "\u00a0" + c.secret[10:]
    files = {"prod/api/.env": _env(c.user, zwsp), "prod/worker/.env": _env(c.user, nbsp)}
    return Planted(files, _paste(c, zwsp) + "\n" + nbsp, zwsp)


def truncated_31(c: Canary) -> Planted:
    short = c.secret[:31]
    return Planted({"prod/api/.env": _env(c.user, short)}, _paste(c, short), short)


def api_key_secret(c: Canary) -> Planted:
    """An API key pair (SK + secret) in a .env and in a Twilio CLI profile."""
    account = make_canary(c.label + "-account")
    env = f"TWILIO_ACCOUNT_SID={account.user}\nTWILIO_API_KEY={c.user}\nTWILIO_API_SECRET={c.secret}\n"
    body = {"accountSid": account.user, "apiKey": c.user, "apiSecret": c.secret}
    profile = json.dumps({"profiles": {"prod": body}}, indent=2)
    files = {"prod/api/.env": env, ".twilio-cli/config.json": profile}
    return Planted(files, _paste(c, c.secret))


@dataclass(frozen=True)
class Form:
    name: str
    plant: Planter
    kind: str = "token"

    @property
    def canary(self) -> Canary:
        return make_canary(self.name, kind=self.kind)

    def write(self, root: Path) -> Planted:
        """The form's tree under ``root`` (created), with its ``sherlock.toml``."""
        planted = self.plant(self.canary)
        files = {"sherlock.toml": CONFIG, **planted.files}
        for relpath, text in files.items():
            target = root / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return planted


FORMS: list[Form] = [
    Form("plain", plain),
    Form("ci-step-name", ci_step_name),
    Form("compose-service-key", compose_service_key),
    Form("gitlab-job-key", gitlab_job_key),
    Form("k8s-object-name", k8s_object_name),
    Form("inside-longer-word", inside_longer_word),
    Form("doubled", doubled),
    Form("url-encoded", url_encoded),
    Form("base64", base64_encoded),
    Form("yaml-anchor-reuse", yaml_anchor_reuse),
    Form("path-names", path_names),
    Form("zero-width-inside", zero_width_inside),
    Form("truncated-31", truncated_31),
    Form("api-key-secret", api_key_secret, kind="key"),
]
