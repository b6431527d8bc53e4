"""Every parser, fed any text or text shaped like its format, answers or refuses the
documented way (a note, or the one exception its docstring names), and nothing else.

A crash here is what a user sees as a traceback (or, inside a scan, as a "reader failed"
note that hides every credential in the file), from a file in their own tree.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.properties.strategies import SHAPES, any_text
from tests.properties.targets import TARGETS, Target

#: target name → why it still crashes. Strict xfails: remove the entry when its fix lands.
KNOWN_CRASHES: dict[str, str] = {}

#: ruamel.yaml warns about reused anchors quoting the line; Sherlock's log gate handles that
#: in the product, and these tests call the parsers directly.
pytestmark = pytest.mark.filterwarnings("ignore:found duplicate anchor")


def _params() -> list[pytest.ParameterSet]:
    params = []
    for target in TARGETS:
        reason = KNOWN_CRASHES.get(target.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(target, id=target.name, marks=marks))
    return params


def _run(target: Target, text: str) -> None:
    with contextlib.suppress(*target.allowed):
        target.run(text)


@pytest.mark.parametrize("target", _params())
@given(data=st.data())
def test_parser_answers_or_refuses_any_text_the_documented_way(
    target: Target, data: st.DataObject
) -> None:
    _run(target, data.draw(any_text, label="text"))


@pytest.mark.parametrize("target", _params())
@given(data=st.data())
def test_parser_answers_or_refuses_text_shaped_like_its_format(
    target: Target, data: st.DataObject
) -> None:
    _run(target, data.draw(SHAPES[target.shape], label="text"))


def test_every_registered_collector_and_env_dialect_is_a_target() -> None:
    """A parser added later is fuzzed from day one, or this names it."""
    from sherlock.collect.registry import COLLECTORS
    from tests.properties.targets import COLLECTOR_INPUTS

    assert set(COLLECTORS) <= set(COLLECTOR_INPUTS)
    assert {t.name for t in TARGETS} >= {f"collect:{kind}" for kind in COLLECTORS}
