"""Recidive (indicator 10-2): tables per group.

Offences, yearly rates and prevalence before and after the start per group (on the output
of :mod:`analysis.recidive_vensters`), and the naive calendar-year table of the 2009 report
(``methods.md``, "Recidive (10-2)").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.recidive_vensters import (
    DAGEN_PER_JAAR,
    UITGESLOTEN_GEEN_NA_PERIODE,
    _check_frame,
    _days,
    _person_codes,
)

__all__ = ["calendar_year_table", "summarise_groups"]


def summarise_groups(windows: pd.DataFrame, *, groep: str | None = "groep") -> pd.DataFrame:
    """Offences, yearly rates and prevalence before and after the start, per group.

    Parameters
    ----------
    windows : pandas.DataFrame
        Output of :func:`~analysis.recidive_vensters.person_windows` (all persons, excluded
        ones too).
    groep : str or None, default 'groep'
        Group column; ``None`` gives one row with group ``'totaal'``.

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted), columns ``groep``, ``personen`` (included persons),
        ``delicten_voor``, ``delicten_na``, ``dagen_vrij_voor``, ``dagen_vrij_na``,
        ``per_jaar_vrij_voor``, ``per_jaar_vrij_na``, ``verandering_pct``,
        ``personen_volledig_na``, ``prevalentie_voor``, ``prevalentie_na``,
        ``uitgesloten``, ``uitgesloten_geen_na_periode``, ``uitgesloten_weinig_vrij``.

    Notes
    -----
    Over the included persons (empty ``uitgesloten``):
    ``per_jaar_vrij = 365 * sum(delicten) / sum(dagen_vrij)`` and
    ``verandering_pct = 100 * (per_jaar_vrij_na / per_jaar_vrij_voor - 1)`` (NaN when the
    before-rate is 0). ``prevalentie_voor/na`` = % of persons with >= 1 offence in the
    window, among the included persons with a full after-window (``personen_volledig_na``,
    the base; NaN when 0). Excluded persons are only counted, per reason.

    Examples
    --------
    >>> w = pd.DataFrame({"groep": ["Top X"] * 2, "delicten_voor": [2, 0],
    ...                   "delicten_na": [1, 0], "dagen_vrij_voor": [365, 365],
    ...                   "dagen_vrij_na": [365, 365], "volledig_na": [True, True],
    ...                   "uitgesloten": ["", ""]})
    >>> float(summarise_groups(w)["verandering_pct"].iloc[0])
    -50.0
    """
    need = [
        "delicten_voor",
        "delicten_na",
        "dagen_vrij_voor",
        "dagen_vrij_na",
        "volledig_na",
        "uitgesloten",
    ]
    _check_frame(windows, "summarise_groups", need + ([groep] if groep is not None else []))
    reason = windows["uitgesloten"].astype("str").to_numpy()
    inc = reason == ""
    full = inc & windows["volledig_na"].to_numpy(dtype=bool)
    dv = windows["delicten_voor"].to_numpy(dtype=float)
    dn = windows["delicten_na"].to_numpy(dtype=float)
    parts = pd.DataFrame(
        {
            "groep": windows[groep].to_numpy() if groep is not None else "totaal",
            "personen": inc.astype(np.int64),
            "delicten_voor": np.where(inc, dv, 0.0),
            "delicten_na": np.where(inc, dn, 0.0),
            "dagen_vrij_voor": np.where(inc, windows["dagen_vrij_voor"].to_numpy(dtype=float), 0),
            "dagen_vrij_na": np.where(inc, windows["dagen_vrij_na"].to_numpy(dtype=float), 0),
            "personen_volledig_na": full.astype(np.int64),
            "met_voor": (full & (dv > 0)).astype(np.int64),
            "met_na": (full & (dn > 0)).astype(np.int64),
            "uitgesloten": (~inc).astype(np.int64),
            "uitgesloten_geen_na_periode": (reason == UITGESLOTEN_GEEN_NA_PERIODE).astype(np.int64),
            "uitgesloten_weinig_vrij": (~inc & (reason != UITGESLOTEN_GEEN_NA_PERIODE)).astype(
                np.int64
            ),
        }
    )
    g = parts.groupby("groep", sort=True).sum().reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        voor = DAGEN_PER_JAAR * g["delicten_voor"] / g["dagen_vrij_voor"]
        na = DAGEN_PER_JAAR * g["delicten_na"] / g["dagen_vrij_na"]
        base = g["personen_volledig_na"].where(g["personen_volledig_na"] > 0)
        out = pd.DataFrame(
            {
                "groep": g["groep"],
                "personen": g["personen"],
                "delicten_voor": g["delicten_voor"].astype(np.int64),
                "delicten_na": g["delicten_na"].astype(np.int64),
                "dagen_vrij_voor": g["dagen_vrij_voor"].astype(np.int64),
                "dagen_vrij_na": g["dagen_vrij_na"].astype(np.int64),
                "per_jaar_vrij_voor": voor,
                "per_jaar_vrij_na": na,
                "verandering_pct": (100.0 * (na / voor.where(voor > 0) - 1.0)),
                "personen_volledig_na": g["personen_volledig_na"],
                "prevalentie_voor": 100.0 * g["met_voor"] / base,
                "prevalentie_na": 100.0 * g["met_na"] / base,
                "uitgesloten": g["uitgesloten"],
                "uitgesloten_geen_na_periode": g["uitgesloten_geen_na_periode"],
                "uitgesloten_weinig_vrij": g["uitgesloten_weinig_vrij"],
            }
        )
    return out


def calendar_year_table(
    cohort: pd.DataFrame,
    offences: pd.DataFrame,
    *,
    jaren=None,
    id: str = "persoonsnummer",
    groep: str = "groep",
    pleegdatum: str = "pleegdatum",
) -> pd.DataFrame:
    """Offences per calendar year per group (the naive table of the 2009 report).

    Parameters
    ----------
    cohort : pandas.DataFrame
        One row per person: unique ``id`` and ``groep``.
    offences : pandas.DataFrame
        ``id`` and ``pleegdatum`` (datetime64); persons outside the cohort are ignored.
    jaren : sequence of int, optional
        Calendar years to show (years without offences get 0). Default: every year from
        the first to the last year with an offence of a cohort member. Mind that the last
        year of the extract may be incomplete.
    id, groep, pleegdatum : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per group x year (sorted), columns ``groep``, ``jaar``, ``personen``
        (persons in the group), ``delicten`` and ``verandering_pct`` (% change from the
        first year shown; 0 in that year, NaN when it had no offences). The last year's
        ``verandering_pct`` is the change from the first to the last year.

    Notes
    -----
    ``verandering_pct(j) = 100 * (delicten(j) / delicten(first year) - 1)``. The table
    ignores when each person's approach started and how long he was detained; it is shown
    for comparison with the 2009 report only.

    Examples
    --------
    >>> cohort = pd.DataFrame({"persoonsnummer": ["a", "b"], "groep": ["Top X"] * 2})
    >>> off = pd.DataFrame({"persoonsnummer": ["a", "a", "b", "a"],
    ...     "pleegdatum": pd.to_datetime(["2007-03-01", "2007-05-01", "2007-08-01",
    ...                                   "2008-01-01"])})
    >>> calendar_year_table(cohort, off)["verandering_pct"].tolist()
    [0.0, -66.66666666666667]
    """
    _check_frame(cohort, "cohort", [id, groep])
    _check_frame(offences, "delicten", [id, pleegdatum])
    cohort_ids = cohort[id].reset_index(drop=True)
    if cohort_ids.isna().any():
        raise ValueError(f"cohort: kolom {id!r} bevat lege waarden")
    if not cohort_ids.is_unique:
        raise ValueError(f"cohort: persoon komt vaker voor in kolom {id!r}")
    code = _person_codes(cohort_ids, offences[id])
    days, _ = _days(offences[pleegdatum], pleegdatum)
    keep = code >= 0
    year = days[keep].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    groups = cohort[groep].to_numpy()
    counts = (
        pd.DataFrame({"groep": groups[code[keep]], "jaar": year})
        .groupby(["groep", "jaar"], sort=True)
        .size()
    )
    if jaren is None:
        if year.size == 0:
            raise ValueError("calendar_year_table: geen delicten van cohortleden; geef jaren")
        jaren = range(int(year.min()), int(year.max()) + 1)
    jaren = [int(j) for j in jaren]
    if not jaren:
        raise ValueError("calendar_year_table: jaren is leeg")
    personen = pd.Series(groups).value_counts()
    group_names = sorted(personen.index)
    full = pd.MultiIndex.from_product([group_names, jaren], names=["groep", "jaar"])
    counts = counts.reindex(full, fill_value=0)
    out = counts.rename("delicten").reset_index()
    out.insert(2, "personen", out["groep"].map(personen).astype(np.int64))
    first = out.groupby("groep", sort=False)["delicten"].transform("first")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["verandering_pct"] = 100.0 * (out["delicten"] / first.where(first > 0) - 1.0)
    out["delicten"] = out["delicten"].astype(np.int64)
    out["jaar"] = out["jaar"].astype(np.int64)
    return out
