"""`sherlock check`: the diagnosis as a CI and pre-commit gate.

The engine is the same ``diagnose()``; this package adds what a gate needs around it:
audit advice (:mod:`.audit`), suppressions (:mod:`.baseline`, :mod:`.inline`), and the
decision whether the run fails (:mod:`.gate`).
"""
