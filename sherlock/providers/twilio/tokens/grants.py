"""Whether a token's grants let it into the product it is used for.

Grant keys are the ones twilio-python writes (``voice``, ``video``, ``chat`` for
Conversations and Chat, ``data_sync`` for Sync, ``task_router``, ``player``), next to an
``identity`` that the Video, Conversations and Sync SDKs need to name the user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sherlock.providers.twilio.tokens.decode import DecodedToken
from sherlock.providers.twilio.tokens.facts import Fact
from sherlock.providers.twilio.tokens.shown import shown_word

#: Product name (as people say it) → the grant key the token must carry.
PRODUCT_GRANTS: Mapping[str, str] = {
    "voice": "voice",
    "video": "video",
    "conversations": "chat",
    "chat": "chat",
    "sync": "data_sync",
    "taskrouter": "task_router",
    "live": "player",
}
#: Grants whose SDKs refuse a token without an identity.
NEEDS_IDENTITY = frozenset({"video", "chat", "data_sync"})
KNOWN_GRANTS = frozenset(PRODUCT_GRANTS.values())

_PRODUCT_WORDS = re.compile(
    r"(?i)\b(?:twilio[- ])?(voice|video|conversations|chat|sync|taskrouter)\b(?:[- ]sdk|\.js)?"
)
_FIX = (
    "Add the product's grant when building the token (VoiceGrant, VideoGrant, ChatGrant "
    "for Conversations, SyncGrant) and set an identity"
)


def product_in(text: str) -> str | None:
    """The Twilio product a pasted text names (``twilio-video``, ``Voice SDK``), if one."""
    found = {m.group(1).lower() for m in _PRODUCT_WORDS.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _grants(token: DecodedToken) -> Mapping[str, Any] | None:
    grants = token.claim("grants")
    return grants if isinstance(grants, Mapping) else None


def grant_facts(token: DecodedToken, product: str | None = None) -> list[Fact]:
    """Missing or unreadable grants, the asked product's grant missing, a missing identity."""
    grants = _grants(token)
    if grants is None:
        shown = shown_word(token.claim("grants"))
        return [Fact("token-grant-missing", f"grants is {shown}, not an object", _FIX)]
    products = sorted(key for key in grants if key in KNOWN_GRANTS)
    facts = []
    if not products:
        facts.append(Fact("token-grant-missing", "the token grants no Twilio product", _FIX))
    wanted = PRODUCT_GRANTS.get(product or "")
    if wanted and products and wanted not in products:
        have = ", ".join(products)
        line = f"{product} needs a '{wanted}' grant; the token only grants {have}"
        facts.append(Fact("token-grant-missing", line, _FIX))
    identity = grants.get("identity")
    for key in products:
        if key in NEEDS_IDENTITY and not (isinstance(identity, str) and identity.strip()):
            line = f"the '{key}' grant needs an identity and the token has none"
            facts.append(Fact("token-grant-missing", line, _FIX))
    return facts
