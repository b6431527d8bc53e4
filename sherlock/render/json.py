"""The JSON report: the stable contract scripts and other front ends depend on."""

from __future__ import annotations

import json

from sherlock.models import Diagnosis


def render_json(diagnosis: Diagnosis) -> str:
    return json.dumps(diagnosis.to_dict(), indent=2, ensure_ascii=False)
