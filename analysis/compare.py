"""Tests between two metingen (two independent samples).

Group 1 is the previous meting, group 2 the current meting; every difference is
``group 2 - group 1``. All functions are pure: data in, tidy :class:`pandas.DataFrame` out
(except :func:`benjamini_hochberg`, which returns a numpy array).

The choice of tests follows ``methods.md`` ("Tests between two metingen"):

* proportions: Pearson chi-square without continuity correction when every expected
  count of the 2x2 table is >= 5, else Fisher's exact test; Newcombe's hybrid score
  (Wilson) interval for the difference (:func:`two_proportions`);
* means: Welch's t-test with Hedges' g (:func:`welch`, :func:`welch_from_stats`) and the
  Mann-Whitney U test with the rank-biserial correlation (:func:`mann_whitney`);
* distributions: Pearson chi-square with Cramér's V (:func:`chi2_distribution`);
* multiple testing: Benjamini-Hochberg (:func:`benjamini_hochberg`).

The tests are split by subject (:mod:`analysis.compare_proporties`,
:mod:`analysis.compare_gemiddelden`, :mod:`analysis.compare_meervoudig`, with the shared
checks in :mod:`analysis.compare_basis`); this module gathers their public names.
"""

from __future__ import annotations

from analysis.compare_basis import SE_RELATIEF
from analysis.compare_gemiddelden import mann_whitney, welch, welch_from_stats
from analysis.compare_meervoudig import benjamini_hochberg
from analysis.compare_proporties import chi2_distribution, two_proportions

__all__ = [
    "SE_RELATIEF",
    "benjamini_hochberg",
    "chi2_distribution",
    "mann_whitney",
    "two_proportions",
    "welch",
    "welch_from_stats",
]
