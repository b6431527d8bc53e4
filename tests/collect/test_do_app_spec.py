"""DigitalOcean App Platform specs: each component's ``envs`` over the app-wide ones."""

from __future__ import annotations

from pathlib import Path

from .builders import SID, TOKEN, TOKEN_2, raw, scan, write_tree

SPEC = f"""name: sms-staging
envs:
  - key: TWILIO_ACCOUNT_SID
    value: {SID}
  - key: TWILIO_AUTH_TOKEN
    value: {TOKEN_2}
services:
  - name: api
    envs:
      - key: TWILIO_AUTH_TOKEN
        value: {TOKEN}
        type: GENERAL
workers:
  - name: sender
    envs:
      - key: TWILIO_AUTH_TOKEN
        value: EV[1:abcd:efgh]
        type: SECRET
"""


def test_a_components_envs_win_over_the_apps_and_keep_them_hidden(tmp_path: Path) -> None:
    write_tree(tmp_path, {".do/app.yaml": SPEC})
    result = scan(tmp_path)
    api = {v.name: v for v in result.values if v.service == "api"}
    token = api["TWILIO_AUTH_TOKEN"]
    assert (str(token.location), raw(token), token.environment) == (
        ".do/app.yaml:11",
        TOKEN,
        "staging",
    )
    assert [str(s.value.location) for s in token.shadows] == [".do/app.yaml:6"]
    assert raw(api["TWILIO_ACCOUNT_SID"]) == SID, "the app-wide SID reaches the component"


def test_an_encrypted_secret_is_a_note(tmp_path: Path) -> None:
    write_tree(tmp_path, {".do/app.yaml": SPEC})
    result = scan(tmp_path)
    sender = [v for v in result.values if v.service == "sender"]
    assert sender == [], "its token is the encrypted one: the app-wide SID alone is held"
    assert any("encrypted by App Platform" in str(n) for n in result.notes)


def test_an_app_yaml_outside_do_is_not_a_spec(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.yaml": SPEC})
    assert all(v.source_kind != "do-app-spec" for v in scan(tmp_path).values)
