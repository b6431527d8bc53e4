"""The JSON report: the stable contract scripts and other front ends depend on."""

from __future__ import annotations

import json
from typing import Any

from sherlock.models import Diagnosis
from sherlock.render.options import RenderOptions


def render_json(diagnosis: Diagnosis) -> str:
    return json.dumps(diagnosis.to_dict(), indent=2, ensure_ascii=False)


def render(diagnosis: Diagnosis, options: RenderOptions) -> str:
    """The contract, plus `sherlock check`'s gate summary under ``"check"`` when checking."""
    if options.check is None:
        return render_json(diagnosis)
    body: dict[str, Any] = {
        **diagnosis.to_dict(),
        "check": {**options.check, "notes": list(options.check_notes)},
    }
    return json.dumps(body, indent=2, ensure_ascii=False)
