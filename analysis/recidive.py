"""Recidive (indicator 10-2): offences before versus after the start of the approach.

The computations are split by subject; this module gathers their public names, so that
``from analysis.recidive import X`` keeps working:

* :mod:`analysis.recidive_vensters`: the day and interval conventions, merged detention,
  the before- and after-window per person (:func:`person_windows`) and the long format;
* :mod:`analysis.recidive_toetsen`: rate ratio, difference-in-differences and the Wilcoxon
  signed-rank test;
* :mod:`analysis.recidive_overleving`: Kaplan-Meier of the time to the first offence;
* :mod:`analysis.recidive_tabellen`: the tables per group and per calendar year.

The rules follow ``methods.md`` ("Recidive (10-2)").
"""

from __future__ import annotations

from analysis.recidive_overleving import kaplan_meier
from analysis.recidive_tabellen import calendar_year_table, summarise_groups
from analysis.recidive_toetsen import SE_NUL, did_ratio, rate_ratio, wilcoxon_pratt
from analysis.recidive_vensters import (
    DAGEN_PER_JAAR,
    UITGESLOTEN_GEEN_NA_PERIODE,
    long_format,
    merge_intervals,
    person_windows,
    uitgesloten_weinig_vrij,
)

__all__ = [
    "DAGEN_PER_JAAR",
    "SE_NUL",
    "UITGESLOTEN_GEEN_NA_PERIODE",
    "calendar_year_table",
    "did_ratio",
    "kaplan_meier",
    "long_format",
    "merge_intervals",
    "person_windows",
    "rate_ratio",
    "summarise_groups",
    "uitgesloten_weinig_vrij",
    "wilcoxon_pratt",
]
