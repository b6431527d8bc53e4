"""The fault-injection matrix: healthy deployment trees in every source kind Sherlock reads,
each with one injected cause, and what Sherlock must say about each (issue 8).

``generator.all_cells()`` is the whole matrix (run by ``benchmarks/fault_matrix.py``);
``generator.slice_cells()`` is the bounded, deterministic part that runs in ``make test``.
"""
