"""Benchmark at national scale: ``python -m bench`` (see ``docs/performance.md``).

Generates deterministic synthetic inputs of one meting at national scale
(:mod:`bench.genereer`), times the full ``python -m instruments.run`` on them and each
instrument step (:mod:`bench.meten`), recomputes the recidive figures with an independent
DuckDB SQL query over the same files (:mod:`bench.referentie`), checks that the suite's
numbers equal DuckDB's, and prints a table of times, peak memory and the ratio
suite/DuckDB.
"""
