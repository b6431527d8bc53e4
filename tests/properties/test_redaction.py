"""Redaction, as a property: a credential pasted into any surrounding text (an error report,
a log excerpt, a Slack question) never comes back whole or in part, and a Secret's every
printable form keeps at most its last four characters."""

from __future__ import annotations

import json
import pickle
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sherlock.explain import recognise
from sherlock.redact import redact_secrets
from sherlock.secrets import Secret, mask
from sherlock.slack.question import clean_slack_text, parse_question
from tests.properties.strategies import pastes

auth_tokens = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
key_secrets = st.text(
    alphabet=string.ascii_letters + string.digits, min_size=32, max_size=32
).filter(
    lambda s: (
        any(c.isdigit() for c in s) and any(c.islower() for c in s) and any(c.isupper() for c in s)
    )
)
#: What stands next to a pasted credential: it ends the word the credential is in.
separators = st.sampled_from([" ", "\n", "=", ": ", '"', "'", ",", ";", "\t", "(", ")", "<", ">"])


def _pieces(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def _shown(secret: str, text: str) -> list[str]:
    return [piece for piece in _pieces(secret) if piece in text]


@st.composite
def pasted(draw: st.DrawFn) -> tuple[str, str]:
    """(a credential, a paste that holds it as a word of its own somewhere)."""
    secret = draw(auth_tokens | key_secrets)
    before, after = draw(pastes()), draw(pastes())
    assume(not _shown(secret, before + after))  # the text around it must not hold it already
    text = f"{before}{draw(separators)}{secret}{draw(separators)}{after}"
    return secret, text


@given(case=pasted())
def test_redaction_removes_every_piece_of_a_pasted_credential(case: tuple[str, str]) -> None:
    secret, text = case
    assert _shown(secret, redact_secrets(text)) == []


@given(case=pasted())
def test_a_slack_question_never_echoes_a_pasted_credential(case: tuple[str, str]) -> None:
    secret, text = case
    assert _shown(secret, clean_slack_text(text)) == []
    assert _shown(secret, parse_question(text, ["prod"]).text) == []


@given(case=pasted())
def test_what_explain_recognises_holds_no_piece_of_a_pasted_credential(
    case: tuple[str, str],
) -> None:
    secret, text = case
    found = recognise(text)
    shown = "" if found is None else json.dumps(vars(found), default=str)
    assert _shown(secret, shown) == []


hexish = st.text(alphabet="0123456789abcdef", min_size=9, max_size=80)
invisible = st.sampled_from(["", " ", "\n", "\r\n", "\t", "\u00a0", "\u200b", "\ufeff", '"', "'"])


@given(core=hexish, lead=invisible, trail=invisible)
def test_a_mask_keeps_at_most_the_last_four_characters(core: str, lead: str, trail: str) -> None:
    shown = mask(lead + core + trail)
    assert _pieces(core, 5) and not any(p in shown for p in _pieces(core, 5))
    assert shown.endswith(f"({len(lead + core + trail)} chars)") or "[contains" in shown


@given(core=hexish)
def test_a_secret_never_prints_or_serialises_its_value(core: str) -> None:
    secret = Secret(core)
    # 8 characters, not 5: the repr's 12-hex fingerprint may share 5 with the value by chance
    for text in (str(secret), repr(secret), f"{secret}", f"{secret!r}", format(secret, ">90")):
        assert not any(p in text for p in _pieces(core))
    with pytest.raises(TypeError):
        json.dumps(secret)
    with pytest.raises(TypeError):
        pickle.dumps(secret)
