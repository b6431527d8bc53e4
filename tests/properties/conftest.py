"""Hypothesis profiles for the property tests.

``ci`` (the default) keeps the whole folder well under a minute on two shared cores;
``thorough`` is for a local hunt (``HYPOTHESIS_PROFILE=thorough pytest tests/properties``).
The deadline is generous because the machine is shared: the per-input speed limit (100 ms
for inputs under 10 KB) is the fuzz benchmark's job, with a clock it controls.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=2_000,
    deadline=timedelta(milliseconds=500),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
