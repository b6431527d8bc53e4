"""The terminal report at the width it gets: 80 columns, 120 columns, piped."""

from __future__ import annotations

import io

from rich.console import Console

from sherlock.models import Cause, CredentialReport, Diagnosis, Location, Proof
from sherlock.render.terminal import render_terminal

LOCATION = "services/notifications/config/prod/.env.production:12"


def _row(i: int, verdict: str = "valid, HTTP 200, RQ0123") -> CredentialReport:
    return CredentialReport(
        location=LOCATION if i == 0 else f"services/svc{i}/.env:{i}",
        environment="prod",
        service=f"svc{i}",
        kind="auth_token",
        fingerprint=f"fp:{i:012x}",
        masked="****4f46 (32 chars)",
        verification=verdict,
    )


CAUSE = Cause(
    id="rotation-not-propagated",
    title="Rotation reached some services but not others",
    severity="high",
    likelihood="common",
    confidence=0.95,
    proof=Proof.PROVEN,
    locations=(Location.parse(LOCATION),),
    evidence=("in prod, 1 place(s) got the rotated token and 1 did not",),
    fix=("Update the token",),
)


def _render(diagnosis: Diagnosis, width: int, **options: bool) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
    render_terminal(diagnosis, console, **options)
    return console.export_text()


def _broken() -> Diagnosis:
    rows = (_row(0, "invalid, HTTP 401 code 20003"), _row(1), _row(2))
    return Diagnosis(error="twilio-20003", causes=(CAUSE,), credentials=rows)


def test_at_80_columns_locations_are_never_folded_inside_a_word() -> None:
    text = _render(_broken(), 80)
    assert LOCATION in text
    assert "locati" not in text.replace("location", "")
    assert all(len(line) <= 80 for line in text.splitlines())


def test_at_120_columns_the_credentials_are_a_table() -> None:
    text = _render(_broken(), 120)
    assert "Credentials found" in text
    assert "verification" in text
    assert "┃" in text
    assert LOCATION in text


def test_the_verdict_is_repeated_as_the_last_line() -> None:
    for width in (80, 120):
        lines = [line for line in _render(_broken(), width).splitlines() if line.strip()]
        assert lines[0].startswith("Sherlock · twilio-20003")
        assert "Most likely: Rotation reached some services" in lines[1]
        tail = " ".join(lines[-3:])
        assert "Verdict: Most likely: Rotation reached" in tail
        assert tail.endswith(LOCATION)


def test_a_large_healthy_tree_prints_one_summary_line() -> None:
    rows = tuple(_row(i) for i in range(3000))
    healthy = Diagnosis(error="twilio-20003", causes=(), credentials=rows)
    text = _render(healthy, 100)
    assert "3000 values in 1 environment(s); add --all to list every one." in text
    assert len(text.splitlines()) < 10
    assert len(_render(healthy, 120, all_rows=True).splitlines()) > 3000
