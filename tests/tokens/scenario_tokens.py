"""The token a token scenario hands to ``--token-file``, made at test time with real tools.

``scenario.yaml`` describes it under ``token:``; every string may hold the credential
book's placeholders (``{{keysid:video-key}}``), so the token names and is signed by the
same fake credentials as the tree and the emulator:

    token:
      account: "{{sid:prod}}"        # sub
      key: "{{keysid:video-key}}"    # iss
      secret: "{{keysecret:video-key}}"   # what signs it
      ttl: 3600                      # seconds (negative: already expired)
      nbf: 0                         # seconds from now
      products: [video]              # grants (voice, video, chat, sync)
      identity: alice                # null: none
      region: ie1                    # the twr header (AccessToken's region)
      header: {alg: HS256}           # hand-made with PyJWT instead of AccessToken
      claims: {exp: "2026-12-31"}    # hand-made claims, merged over iss/sub/exp
      damage: truncate               # drop the signature part
      raw: "{{keysecret:api-key}}"   # the file holds this instead of a token
      log_line: true                 # the file is a log line with the token inside
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from typing import Any

import jwt

from sherlock.demo.book import CredentialBook
from tests.tokens.factory import access_token


def _rendered(value: Any, book: CredentialBook) -> Any:
    if isinstance(value, str):
        return book.render(value)
    if isinstance(value, Mapping):
        return {k: _rendered(v, book) for k, v in value.items()}
    if isinstance(value, list):
        return [_rendered(v, book) for v in value]
    return value


def _signed(spec: Mapping[str, Any]) -> str:
    now = int(time.time())
    if "header" in spec or "claims" in spec:
        claims = {"iss": spec["key"], "sub": spec["account"], "exp": now + 600, "nbf": now}
        claims["grants"] = {"identity": "alice", "video": {}}
        claims.update(spec.get("claims", {}))
        header = spec.get("header", {"cty": "twilio-fpa;v=1"})
        algorithm = header.get("alg", "HS256")
        with warnings.catch_warnings():  # PyJWT warns that a 32-byte key is short for HS512
            warnings.simplefilter("ignore")
            return jwt.encode(claims, spec["secret"], algorithm=algorithm, headers=header)
    return access_token(
        account=spec["account"],
        key=spec["key"],
        secret=spec["secret"],
        products=tuple(spec.get("products", ("video",))),
        identity=spec.get("identity", "alice"),
        ttl=int(spec.get("ttl", 3600)),
        nbf=now + int(spec["nbf"]) if "nbf" in spec else None,
        region=spec.get("region"),
    )


def token_text(raw_spec: Mapping[str, Any], book: CredentialBook) -> tuple[str, str]:
    """(what the token file holds, the token itself) for a scenario's ``token:`` spec."""
    spec = _rendered(raw_spec, book)
    if "raw" in spec:
        return str(spec["raw"]), str(spec["raw"])
    token = _signed(spec)
    if spec.get("damage") == "truncate":
        token = token[: token.rindex(".")]
    if spec.get("log_line"):
        line = f'2026-12-03T09:14:02Z ERROR video: connect failed (20101) token="{token}"\n'
        return line, token
    return token + "\n", token
