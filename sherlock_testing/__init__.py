"""Test support that is not part of the installed package (it is left out of the wheel).

Sherlock's tests, benchmarks and trials import from here; Sherlock itself never does.
"""
