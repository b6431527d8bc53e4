"""Sherlock: diagnose failing API calls and explain the root cause with evidence."""
