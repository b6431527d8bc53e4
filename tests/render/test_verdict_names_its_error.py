"""The all-clear names the error that was diagnosed: "nothing explains a 20003" after a
20005 diagnosis would send the on-call engineer after the wrong failure."""

from __future__ import annotations

from sherlock.models import Completeness, Diagnosis
from sherlock.render.options import RenderOptions
from sherlock.render.registry import FORMATS
from sherlock.render.slack import render_blocks
from sherlock.render.verdict import all_clear, quiet_verdict


def test_the_all_clear_names_the_diagnosed_code() -> None:
    assert (
        all_clear("twilio-20003") == "No cause found: nothing in the scanned tree explains a 20003."
    )
    assert "a 20005" in quiet_verdict(Diagnosis(error="twilio-20005", causes=(), credentials=()))


def test_no_format_calls_a_healthy_20005_report_a_20003_one() -> None:
    healthy = Diagnosis(error="twilio-20005", causes=(), credentials=())
    for name, entry in FORMATS.items():
        text = entry.render(healthy, RenderOptions())
        assert "20003" not in text, name
    blocks = str(render_blocks(healthy))
    assert "20005" in blocks and "20003" not in blocks


def test_an_offline_all_clear_is_worded_as_static_checks_in_every_front_end() -> None:
    offline = Diagnosis(
        error="twilio-20003",
        causes=(),
        credentials=(),
        completeness=Completeness(static_only=True),
    )
    assert quiet_verdict(offline).startswith("No cause found by the static checks")
    blocks = str(render_blocks(offline))
    assert "nothing was verified live" in blocks
    assert "was accepted" not in blocks
    for name, entry in FORMATS.items():
        if name != "json":
            text = entry.render(offline, RenderOptions())
            assert "nothing in the scanned tree explains" not in text, name
