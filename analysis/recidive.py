"""Recidive (indicator 10-2): offences before versus after the start of the approach.

Pure, vectorised computations on clean DataFrames (reading and cleaning the police files is
done elsewhere). The rules follow ``methods.md`` ("Recidive (10-2)").

Day and interval conventions (used by every function here)
-----------------------------------------------------------
* A date is a whole day. Internally every date is a day number and every period is a
  half-open interval of days ``[a, b)``: it contains the days ``a, a+1, ..., b-1`` and has
  ``b - a`` days. Times of day are ignored (dates are floored to the day).
* Before-window: ``[start - W, start)``, the W days before the start day.
  After-window: ``[start, min(start + W, peildatum - wachttijd_dagen + 1))``: the start day and
  the following days, at most W days, ending with the last usable day. The ``peildatum`` is
  the last day covered by the police extract and is itself included; with a registration
  lag of ``wachttijd_dagen`` the last usable day is ``peildatum - wachttijd_dagen``.
* Offences are placed by their ``pleegdatum``: an offence on the start day is "after", one
  on ``start - W`` is "before", one on ``start - W - 1`` or on ``start + W`` is in neither
  window.
* Detention ``[begindatum, einddatum)``: the day of entry counts as a day in detention, the
  day of release as a day at liberty, so a spell has ``einddatum - begindatum`` days (the
  nights spent inside; a same-day release counts 0 days). An empty ``einddatum`` (NaT) means
  still detained on the peildatum: the spell is open until ``peildatum + 1`` (the peildatum
  itself is a day in detention). Spells are merged per person before use, so overlapping
  or adjacent spells never count a day twice.
* Offences are counted whatever the detention status on the day (an offence committed on
  a day in detention still counts); detention only reduces the days at liberty.
* Days at liberty in a window = its length - its days in detention.
* Time to the first offence (Kaplan-Meier): days at liberty from the start day up to and
  including the day of the first offence on or after the start, followed up to the last
  usable day (not limited to W, so the curve can be read at 730 days); censored there.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import stats

from analysis.compare import SE_RELATIEF

__all__ = [
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

#: Days per year used for yearly rates (``per_jaar_vrij_*``) and the default window.
DAGEN_PER_JAAR = 365

#: Exclusion reason: the start lies after the last usable day, so there is no after-window.
UITGESLOTEN_GEEN_NA_PERIODE = "geen na-periode"

_TEST_RATE_RATIO = "Poisson-GLM (offset log dagen vrij), cluster-robuuste SE per persoon (CR1)"
_TEST_DID = (
    "Poisson-GLM groep x periode (offset log dagen vrij), cluster-robuuste SE per persoon (CR1)"
)
#: ``opmerking`` of a rate ratio or DiD whose standard error is 0 or negligible.
SE_NUL = "standaardfout is 0: geen variatie tussen voor en na; toets niet gedefinieerd"
_TE_WEINIG_PERSONEN = "minder dan 2 personen: geen standaardfout; toets niet gedefinieerd"
_GEEN_DELICTEN_PERIODE = (
    "geen delicten in een periode: geen betrouwbaarheidsinterval; toets niet gedefinieerd"
)
_GEEN_DELICTEN_CEL = (
    "geen delicten in een groep of periode: geen betrouwbaarheidsinterval; toets niet gedefinieerd"
)
_GEEN_GROEP = "een van beide groepen heeft geen personen: toets niet gedefinieerd"
_WILCOXON_NUL = "alle verschillen zijn 0: geen variatie tussen voor en na; toets niet gedefinieerd"
_KM_GEEN_DELICT = (
    "nog geen delict tot dit moment: standaardfout (Greenwood) is 0; geen betrouwbaarheidsinterval"
)
_KM_NUL = "aandeel zonder delict is 0: geen betrouwbaarheidsinterval (log-interval)"
_KM_VOORBIJ = "voorbij de langste follow-up: niet te schatten"
_TEST_WILCOXON = "Wilcoxon signed-rank (Pratt), tweezijdig"
_TEST_WILCOXON_METHODS = {
    "asymptotic": "normale benadering",
    "exact": "exact",
    "auto": "methode scipy 'auto'",
}


def uitgesloten_weinig_vrij(min_dagen_vrij: int) -> str:
    """Exclusion label for fewer than ``min_dagen_vrij`` days at liberty in a window.

    Parameters
    ----------
    min_dagen_vrij : int
        The threshold used by :func:`person_windows`.

    Returns
    -------
    str
        For example ``'< 30 dagen vrij'``.

    Examples
    --------
    >>> uitgesloten_weinig_vrij(30)
    '< 30 dagen vrij'
    """
    return f"< {min_dagen_vrij} dagen vrij"


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def _check_frame(df, name: str, columns: list[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name}: verwacht een pandas DataFrame, niet {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: kolom(men) {missing} ontbreken; gevonden: {list(df.columns)}")


def _check_int(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} moet een geheel getal zijn, niet {value!r}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} moet minstens {minimum} zijn, niet {value}")
    return value


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError("alpha moet een getal zijn")
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha moet tussen 0 en 1 liggen, niet {alpha}")
    return alpha


def _day(value, name: str) -> int:
    """A scalar date (Timestamp, datetime, date, ISO string) as a day number."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name}: geen geldige datum: {value!r}") from err
    if pd.isna(ts):
        raise ValueError(f"{name} ontbreekt")
    if ts.tzinfo is not None:
        raise TypeError(f"{name}: datum met tijdzone wordt niet ondersteund")
    return int(ts.to_datetime64().astype("datetime64[D]").astype(np.int64))


def _days(series: pd.Series, name: str, allow_nat: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A datetime64 column as int64 day numbers (floored) and its NaT mask."""
    if not pd.api.types.is_datetime64_dtype(series.dtype):
        raise TypeError(
            f"kolom {name!r} moet datetime64 zijn (zonder tijdzone), niet {series.dtype}"
        )
    values = series.to_numpy().astype("datetime64[D]")
    nat = np.isnat(values)
    if nat.any() and not allow_nat:
        raise ValueError(f"kolom {name!r} bevat {int(nat.sum())} lege datum(s)")
    days = values.astype(np.int64)
    days[nat] = 0
    return days, nat


def _arrow_strings(values: pd.Series):
    """The values as a pyarrow large_string array, or None when they are not all strings."""
    try:
        arr = pa.array(values)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr.cast(pa.large_string())
    return None


def _person_codes(cohort_ids: pd.Series, ids: pd.Series) -> np.ndarray:
    """Position of each id in the (unique) cohort ids; -1 when not in the cohort.

    String ids are matched with pyarrow's hash look-up (several times faster than a pandas
    Index for 10M ids); other id types fall back to :meth:`pandas.Index.get_indexer`.
    """
    haystack = _arrow_strings(cohort_ids)
    needles = _arrow_strings(ids) if haystack is not None else None
    if needles is not None:
        found = pc.index_in(needles, value_set=haystack)
        return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.asarray(pd.Index(cohort_ids).get_indexer(ids), dtype=np.int64)


def _merge_day_intervals(
    pid: np.ndarray, begin: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge overlapping or adjacent half-open intervals per person (integer codes).

    Returns the merged intervals sorted by person and begin. Sort by (person, begin), then a
    running maximum of the end (encoded with the person so it never crosses persons) shows
    where a new merged interval starts: at a begin after the running end.
    """
    keep = end > begin
    pid, begin, end = pid[keep], begin[keep], end[keep]
    if pid.size == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    order = np.lexsort((begin, pid))
    pid, begin, end = pid[order], begin[order], end[order]
    offset = int(begin.min())
    span = int(end.max()) - offset + 1
    base = pid * span - offset
    running_end = np.maximum.accumulate(base + end)
    new = np.empty(pid.size, dtype=bool)
    new[0] = True
    new[1:] = (base[1:] + begin[1:]) > running_end[:-1]
    first = np.flatnonzero(new)
    last = np.append(first[1:] - 1, pid.size - 1)
    return pid[first], begin[first], running_end[last] - base[last]


class _Detention:
    """Merged detention per person with a vectorised 'days in detention before day t'."""

    def __init__(self, pid: np.ndarray, begin: np.ndarray, end: np.ndarray) -> None:
        self.pid, self.begin, self.end = _merge_day_intervals(pid, begin, end)
        if self.pid.size:
            self.offset = int(self.begin.min())
            self.last = int(self.end.max())
            self.span = self.last - self.offset + 1
            self.key = self.pid * self.span + (self.begin - self.offset)
            length = self.end - self.begin
            cum_excl = np.concatenate(([0], np.cumsum(length)[:-1]))
            first = np.ones(self.pid.size, dtype=bool)
            first[1:] = self.pid[1:] != self.pid[:-1]
            # cum_excl is non-decreasing, so the running max carries each person's base.
            self.before = cum_excl - np.maximum.accumulate(np.where(first, cum_excl, 0))

    def days_before(self, pid: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Days in detention in ``(-inf, t)`` for person ``pid`` (arrays of equal length)."""
        out = np.zeros(pid.size, dtype=np.int64)
        if self.pid.size == 0:
            return out
        t = np.clip(t, self.offset, self.last)
        idx = np.searchsorted(self.key, pid * self.span + (t - self.offset), side="left") - 1
        ok = idx >= 0
        ok[ok] = self.pid[idx[ok]] == pid[ok]
        i = idx[ok]
        out[ok] = self.before[i] + np.minimum(t[ok], self.end[i]) - self.begin[i]
        return out

    def days_in(self, pid: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Days in detention in ``[lo, hi)`` (0 when ``hi <= lo``)."""
        hi = np.maximum(hi, lo)
        return self.days_before(pid, hi) - self.days_before(pid, lo)


class _Offences:
    """Offence days sorted per person, with vectorised counts and first-offence look-ups."""

    def __init__(self, pid: np.ndarray, day: np.ndarray) -> None:
        self.n = pid.size
        if self.n:
            self.offset = int(day.min())
            self.last = int(day.max()) + 1
            self.span = self.last - self.offset + 1
            self.key = np.sort(pid * self.span + (day - self.offset))

    def _qkey(self, pid: np.ndarray, t: np.ndarray) -> np.ndarray:
        return pid * self.span + (np.clip(t, self.offset, self.last) - self.offset)

    def count(self, pid: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Number of offences with day in ``[lo, hi)``."""
        if self.n == 0:
            return np.zeros(pid.size, dtype=np.int64)
        hi = np.maximum(hi, lo)
        return np.searchsorted(self.key, self._qkey(pid, hi), side="left") - np.searchsorted(
            self.key, self._qkey(pid, lo), side="left"
        )

    def first(
        self, pid: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Day of the first offence in ``[lo, hi)`` and whether there is one."""
        day = np.zeros(pid.size, dtype=np.int64)
        if self.n == 0:
            return day, np.zeros(pid.size, dtype=bool)
        idx = np.searchsorted(self.key, self._qkey(pid, lo), side="left")
        found = idx < self.n
        key = self.key[np.minimum(idx, self.n - 1)]
        found &= (key // self.span) == pid
        day = key % self.span + self.offset
        found &= (day < hi) & (day >= lo)
        return np.where(found, day, 0), found


def _detention_days(
    detention: pd.DataFrame,
    cohort_ids: pd.Series,
    peil: int,
    id: str,
    begindatum: str,
    einddatum: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Detention rows of cohort members as (person code, begin day, exclusive end day)."""
    _check_frame(detention, "detentie", [id, begindatum, einddatum])
    pid = _person_codes(cohort_ids, detention[id])
    begin, _ = _days(detention[begindatum], begindatum)
    end, open_ = _days(detention[einddatum], einddatum, allow_nat=True)
    wrong = ~open_ & (end < begin)
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise ValueError(
            f"detentie: {int(wrong.sum())} periode(s) met einddatum vóór begindatum "
            f"(eerste: {detention[id].iloc[i]!r}, {detention[begindatum].iloc[i]} - "
            f"{detention[einddatum].iloc[i]})"
        )
    end = np.where(open_, np.maximum(peil + 1, begin), end)
    keep = pid >= 0
    return pid[keep], begin[keep], end[keep]


# ----------------------------------------------------------------------------------------
# Intervals and person windows
# ----------------------------------------------------------------------------------------
def merge_intervals(
    detention: pd.DataFrame,
    *,
    id: str = "persoonsnummer",
    begindatum: str = "begindatum",
    einddatum: str = "einddatum",
    peildatum=None,
) -> pd.DataFrame:
    """Merge overlapping or adjacent detention spells per person.

    Parameters
    ----------
    detention : pandas.DataFrame
        One row per detention spell: person id, ``begindatum`` and ``einddatum``
        (datetime64; ``einddatum`` NaT = still detained).
    id, begindatum, einddatum : str
        Column names.
    peildatum : date-like, optional
        Last day of the police extract; required when ``einddatum`` has NaT (an open spell
        ends at ``peildatum + 1 day``, so the peildatum is a day in detention).

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``begindatum``, ``einddatum`` (datetime64[s]) and ``dagen``, one row
        per merged spell, sorted by id and begindatum. ``einddatum`` is the exclusive end
        (the day of release, a day at liberty).

    Notes
    -----
    Spells are half-open ``[begindatum, einddatum)`` and have ``einddatum - begindatum``
    days. Two spells merge when the second begins on or before the running end of the
    first (so ``[1 mei, 5 mei)`` and ``[5 mei, 9 mei)`` become ``[1 mei, 9 mei)``). The
    computation sorts by (person, begin) and takes a running maximum of the end, with no
    loop over persons. Spells of zero days are dropped.

    Examples
    --------
    >>> d = pd.DataFrame({"persoonsnummer": ["a", "a"],
    ...                   "begindatum": pd.to_datetime(["2020-05-01", "2020-05-05"]),
    ...                   "einddatum": pd.to_datetime(["2020-05-05", "2020-05-09"])})
    >>> merge_intervals(d)["dagen"].tolist()
    [8]
    """
    _check_frame(detention, "detentie", [id, begindatum, einddatum])
    ids = detention[id]
    if ids.isna().any():
        raise ValueError(f"detentie: kolom {id!r} bevat lege waarden")
    codes, uniques = pd.factorize(ids, sort=True)
    codes = np.asarray(codes, dtype=np.int64)
    begin, _ = _days(detention[begindatum], begindatum)
    end, open_ = _days(detention[einddatum], einddatum, allow_nat=True)
    if open_.any():
        if peildatum is None:
            raise ValueError("detentie heeft open periodes (lege einddatum): geef peildatum")
        peil = _day(peildatum, "peildatum")
        end = np.where(open_, np.maximum(peil + 1, begin), end)
    if np.any(end < begin):
        raise ValueError("detentie: periode(s) met einddatum vóór begindatum")
    pid, b, e = _merge_day_intervals(codes, begin, end)
    return pd.DataFrame(
        {
            id: np.asarray(uniques)[pid] if pid.size else ids.iloc[:0].to_numpy(),
            begindatum: b.astype("datetime64[D]").astype("datetime64[s]"),
            einddatum: e.astype("datetime64[D]").astype("datetime64[s]"),
            "dagen": e - b,
        }
    )


def person_windows(
    cohort: pd.DataFrame,
    offences: pd.DataFrame,
    detention: pd.DataFrame | None,
    peildatum,
    venster_dagen: int = DAGEN_PER_JAAR,
    wachttijd_dagen: int = 0,
    min_dagen_vrij: int = 30,
    begin_gegevens=None,
    *,
    id: str = "persoonsnummer",
    start: str = "start",
    groep: str | None = "groep",
    pleegdatum: str = "pleegdatum",
    begindatum: str = "begindatum",
    einddatum: str = "einddatum",
) -> pd.DataFrame:
    """Offences and days at liberty before and after the start, one row per person.

    Parameters
    ----------
    cohort : pandas.DataFrame
        One row per person: unique ``id``, ``start`` (datetime64) and optionally ``groep``.
    offences : pandas.DataFrame
        One row per offence (only suspect rows): ``id`` and ``pleegdatum`` (datetime64).
        Offences of persons outside the cohort are ignored.
    detention : pandas.DataFrame or None
        Detention spells: ``id``, ``begindatum``, ``einddatum`` (NaT = still detained).
        ``None`` when there is no detention file.
    peildatum : date-like
        Last day covered by the police extract (included).
    venster_dagen : int, default 365
        Window length W in days.
    wachttijd_dagen : int, default 0
        Registration lag: the last usable day is ``peildatum - wachttijd_dagen``.
    min_dagen_vrij : int, default 30
        Persons with fewer days at liberty than this in either window are excluded from
        the rate comparison.
    begin_gegevens : date-like, optional
        First day covered by the police extract; the before-window starts no earlier.
    id, start, groep, pleegdatum, begindatum, einddatum : str
        Column names (``groep=None``: no group column).

    Returns
    -------
    pandas.DataFrame
        In cohort order, columns ``id``, ``start``, ``groep`` (when given) and

        * ``dagen_voor``, ``dagen_vrij_voor``, ``delicten_voor``: length of the
          before-window, its days at liberty and its offences;
        * ``dagen_na``, ``dagen_vrij_na``, ``delicten_na``: the same for the after-window;
        * ``volledig_na``: the after-window has its full W days;
        * ``dagen_tot_eerste_delict``: days at liberty from the start up to and including
          the day of the first offence on or after the start, or, without such an offence
          before the end of the data, up to the last usable day (censored);
        * ``event``: 1 when that first offence was seen, else 0;
        * ``uitgesloten``: ``''`` (included), ``'geen na-periode'`` (start after the last
          usable day) or ``'< m dagen vrij'`` (fewer than ``min_dagen_vrij`` days at liberty,
          or none at all, in either window).

    Notes
    -----
    With day numbers and half-open intervals (see the module docstring), for a person
    with start ``s`` and last usable day ``L = peildatum - wachttijd_dagen``:

    * before-window ``[max(s - W, begin_gegevens), s)``;
    * after-window ``[s, E)`` with ``E = max(s, min(s + W, L + 1))``;
      ``volledig_na = s + W <= L + 1``;
    * days at liberty = window length - days of merged detention in the window;
    * the time to the first offence for the Kaplan-Meier curve is not limited to W: it
      runs to ``L`` and counts days at liberty in ``[s, t]`` for the first offence day
      ``t`` (so, without detention, an offence on the last day of the after-window gives
      W days, and ``1 - S(W)`` matches ``prevalentie_na``), or in ``[s, L]`` when censored.

    Everything is vectorised: offences are sorted once by (person, day) and counted with
    ``searchsorted`` against each person's window bounds; detention days in a window are a
    difference of cumulative merged-detention days, also found with ``searchsorted``.

    Examples
    --------
    >>> cohort = pd.DataFrame({"persoonsnummer": ["a"], "groep": ["Top X"],
    ...                        "start": pd.to_datetime(["2019-01-01"])})
    >>> off = pd.DataFrame({"persoonsnummer": ["a", "a"],
    ...                     "pleegdatum": pd.to_datetime(["2018-06-01", "2019-03-01"])})
    >>> w = person_windows(cohort, off, None, pd.Timestamp("2020-12-31"))
    >>> w[["delicten_voor", "delicten_na", "dagen_tot_eerste_delict"]].iloc[0].tolist()
    [1, 1, 60]
    """
    W = _check_int(venster_dagen, "venster_dagen", 1)
    lag = _check_int(wachttijd_dagen, "wachttijd_dagen", 0)
    m = _check_int(min_dagen_vrij, "min_dagen_vrij", 0)
    peil = _day(peildatum, "peildatum")
    cols = [id, start] + ([groep] if groep is not None else [])
    _check_frame(cohort, "cohort", cols)
    _check_frame(offences, "delicten", [id, pleegdatum])

    ids = cohort[id]
    if ids.isna().any():
        raise ValueError(f"cohort: kolom {id!r} bevat lege waarden")
    cohort_ids = ids.reset_index(drop=True)
    if not cohort_ids.is_unique:
        dup = cohort_ids[cohort_ids.duplicated()].unique()[:5].tolist()
        raise ValueError(f"cohort: persoon komt vaker voor in kolom {id!r}: {dup}")
    s, _ = _days(cohort[start], start)
    n = s.size
    pid = np.arange(n, dtype=np.int64)

    end_data = peil - lag + 1  # exclusive end of the usable data
    lo_voor = s - W
    if begin_gegevens is not None:
        lo_voor = np.maximum(lo_voor, _day(begin_gegevens, "begin_gegevens"))
    lo_voor = np.minimum(lo_voor, s)
    hi_na = np.maximum(s, np.minimum(s + W, end_data))
    follow_end = np.maximum(s, end_data)

    # offences of cohort members
    o_pid = _person_codes(cohort_ids, offences[id])
    o_day, _ = _days(offences[pleegdatum], pleegdatum)
    keep = o_pid >= 0
    off = _Offences(o_pid[keep], o_day[keep])

    if detention is not None:
        det = _Detention(*_detention_days(detention, cohort_ids, peil, id, begindatum, einddatum))
    else:
        det = _Detention(*(np.empty(0, dtype=np.int64),) * 3)

    dagen_voor = s - lo_voor
    dagen_na = hi_na - s
    vrij_voor = dagen_voor - det.days_in(pid, lo_voor, s)
    vrij_na = dagen_na - det.days_in(pid, s, hi_na)
    delicten_voor = off.count(pid, lo_voor, s)
    delicten_na = off.count(pid, s, hi_na)

    first_day, event = off.first(pid, s, follow_end)
    t_end = np.where(event, first_day + 1, follow_end)
    dagen_tot = (t_end - s) - det.days_in(pid, s, t_end)

    geen_na = s >= end_data
    weinig = (vrij_voor < m) | (vrij_na < m) | (vrij_voor <= 0) | (vrij_na <= 0)
    uitgesloten = np.where(
        geen_na, UITGESLOTEN_GEEN_NA_PERIODE, np.where(weinig, uitgesloten_weinig_vrij(m), "")
    )

    out = {id: ids.array, start: cohort[start].array}
    if groep is not None:
        out[groep] = cohort[groep].array
    out.update(
        {
            "dagen_voor": dagen_voor,
            "dagen_vrij_voor": vrij_voor,
            "delicten_voor": delicten_voor,
            "dagen_na": dagen_na,
            "dagen_vrij_na": vrij_na,
            "delicten_na": delicten_na,
            "volledig_na": s + W <= end_data,
            "dagen_tot_eerste_delict": dagen_tot,
            "event": event.astype(np.int64),
            "uitgesloten": pd.array(uitgesloten, dtype="str"),
        }
    )
    return pd.DataFrame(out)


def long_format(
    windows: pd.DataFrame,
    *,
    id: str = "persoonsnummer",
    groep: str | None = "groep",
    alleen_opgenomen: bool = True,
) -> pd.DataFrame:
    """Person windows in long format: one row per person x period.

    Parameters
    ----------
    windows : pandas.DataFrame
        Output of :func:`person_windows`.
    id, groep : str
        Column names (``groep=None``: no group column).
    alleen_opgenomen : bool, default True
        Keep only persons with an empty ``uitgesloten``.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``groep`` (when given), ``periode`` (``'voor'`` / ``'na'``),
        ``delicten`` and ``dagen_vrij``: first all 'voor' rows, then all 'na' rows.

    Examples
    --------
    >>> w = pd.DataFrame({"persoonsnummer": ["a"], "delicten_voor": [2], "delicten_na": [0],
    ...                   "dagen_vrij_voor": [365], "dagen_vrij_na": [300],
    ...                   "uitgesloten": [""]})
    >>> long_format(w, groep=None)["delicten"].tolist()
    [2, 0]
    """
    need = [id, "delicten_voor", "delicten_na", "dagen_vrij_voor", "dagen_vrij_na", "uitgesloten"]
    _check_frame(windows, "windows", need + ([groep] if groep is not None else []))
    w = windows.loc[windows["uitgesloten"] == ""] if alleen_opgenomen else windows
    k = len(w)
    out = {id: np.concatenate([w[id].to_numpy(), w[id].to_numpy()])}
    if groep is not None:
        out[groep] = np.concatenate([w[groep].to_numpy(), w[groep].to_numpy()])
    out["periode"] = pd.array(["voor"] * k + ["na"] * k, dtype="str")
    out["delicten"] = np.concatenate([w["delicten_voor"].to_numpy(), w["delicten_na"].to_numpy()])
    out["dagen_vrij"] = np.concatenate(
        [w["dagen_vrij_voor"].to_numpy(), w["dagen_vrij_na"].to_numpy()]
    )
    return pd.DataFrame(out)


# ----------------------------------------------------------------------------------------
# Rate ratio and difference-in-differences (Poisson GLM, person-clustered SE)
# ----------------------------------------------------------------------------------------
def _glm_inputs(data, delicten, dagen_vrij, id, name):
    y = data[delicten].to_numpy(dtype=float, na_value=np.nan)
    d = data[dagen_vrij].to_numpy(dtype=float, na_value=np.nan)
    if not np.all(np.isfinite(y)) or np.any(y < 0) or np.any(y != np.round(y)):
        raise ValueError(f"{name}: {delicten!r} moet uit gehele aantallen >= 0 bestaan")
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ValueError(f"{name}: {dagen_vrij!r} moet positief zijn (log-offset)")
    if data[id].isna().any():
        raise ValueError(f"{name}: kolom {id!r} bevat lege waarden")
    clusters, _ = pd.factorize(data[id])
    return y, d, np.asarray(clusters, dtype=np.int64)


def _period_indicator(data, periode, voor, na, name) -> np.ndarray:
    p = data[periode]
    valid = p.isin([voor, na])
    if not valid.all():
        bad = p[~valid].unique()[:5].tolist()
        raise ValueError(
            f"{name}: onbekende waarde(n) in {periode!r}: {bad}; verwacht {voor!r}/{na!r}"
        )
    return (p == na).to_numpy(dtype=float)


def _contrast_clustered(y, d, clusters, cel, gewicht, alpha: float) -> tuple[dict, str]:
    """Wald test of a contrast of log cell rates in a saturated Poisson model (closed form).

    The model has one log rate per cell (period, or group x period), so its maximum
    likelihood fit is ``mu = d * Y_c / D_c`` (``Y_c``, ``D_c``: offences and days of cell
    ``c``) and the coefficient of interest is ``beta = sum_c w_c log(Y_c / D_c)``. The
    Fisher information of ``log R_c`` is ``Y_c``, so the cluster-robust sandwich of
    ``beta`` is ``CR1 * sum_g u_g^2`` with the person's influence
    ``u_g = sum_{rows of g} w_c (y D_c - d Y_c) / (D_c Y_c)`` and
    ``CR1 = G/(G-1) * (N-1)/(N-K)``: exactly statsmodels' ``cov_type='cluster'`` and R's
    ``sandwich::vcovCL(type = "HC1", cadjust = TRUE)`` for this model, without iterations
    or matrix products. A sum of squares is never negative, and with whole counts and days
    the numerators ``y D_c - d Y_c`` are exact, so a mathematically zero standard error is
    exactly 0 on every CPU.
    """
    cells = np.unique(cel)
    Y = np.bincount(cel, weights=y, minlength=cells.max() + 1)
    D = np.bincount(cel, weights=d, minlength=cells.max() + 1)
    w = np.asarray(gewicht, dtype=float)
    influence = w[cel] * (y * D[cel] - d * Y[cel]) / (D[cel] * Y[cel])
    u = np.bincount(clusters, weights=influence)
    G, N, K = u.size, y.size, cells.size
    factor = G / (G - 1) * (N - 1) / (N - K)
    se = float(np.sqrt(factor * np.sum(u * u)))
    beta = float(np.sum(w[cells] * np.log(Y[cells] / D[cells])))
    uit = {"estimate": float(np.exp(beta))}
    if not _se_bruikbaar(se, beta):
        uit.update(ci_low=np.nan, ci_high=np.nan, statistic=np.nan, p_val=np.nan)
        return uit, SE_NUL
    z = beta / se
    q = stats.norm.ppf(1.0 - alpha / 2.0)
    uit.update(
        ci_low=float(np.exp(beta - q * se)),
        ci_high=float(np.exp(beta + q * se)),
        statistic=float(z),
        p_val=float(2.0 * stats.norm.sf(abs(z))),
    )
    return uit, ""


def _se_bruikbaar(se: float, beta: float) -> bool:
    """Whether the standard error ``se`` of a log rate ratio ``beta`` supports a test.

    Not when it is NaN, 0 or negligible: ``se <= SE_RELATIEF * max(1, |beta|)``. See
    :data:`analysis.compare.SE_RELATIEF` for the rule.
    """
    return bool(np.isfinite(se) and se > SE_RELATIEF * max(1.0, abs(beta)))


def _pooled_ratio(num_c, num_d, den_c, den_d) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(num_c / num_d) / np.float64(den_c / den_d))


def rate_ratio(
    data: pd.DataFrame,
    *,
    delicten: str = "delicten",
    dagen_vrij: str = "dagen_vrij",
    periode: str = "periode",
    id: str = "persoonsnummer",
    voor: str = "voor",
    na: str = "na",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Rate ratio after / before from a Poisson GLM with person-clustered standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per person x period (see :func:`long_format`).
    delicten, dagen_vrij, periode, id : str
        Columns with the offence count, the days at liberty (> 0), the period and the person.
    voor, na : str
        Values of ``periode`` for the before- and after-window.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons), ``estimate`` (rate after / rate before), ``ci_low``,
        ``ci_high``, ``statistic`` (Wald z of the log rate ratio), ``p_val`` (two-sided),
        ``test``, ``opmerking`` (empty, or the Dutch reason why the interval and test are
        NaN).

    Notes
    -----
    Model: ``log E[delicten] = log(dagen_vrij) + b0 + b1 * [periode == na]``;
    ``estimate = exp(b1)``, which equals the ratio of the pooled rates
    ``(sum delicten_na / sum dagen_vrij_na) / (sum delicten_voor / sum dagen_vrij_voor)``.
    The covariance is the cluster-robust sandwich with persons as clusters and the CR1
    small-sample factor ``G/(G-1) * (N-1)/(N-K)`` (G persons, N rows, K = 2 coefficients),
    statsmodels' default for ``cov_type='cluster'``; it equals R's
    ``sandwich::vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)``. The CI and p use
    the normal distribution (``lmtest::coeftest`` / ``coefci`` on a glm). The model is
    saturated, so fit and sandwich are computed in closed form (see
    :func:`_contrast_clustered`): no iterations and no BLAS, the same result on every CPU.
    When either period has no offences at all the model has no finite estimate:
    ``estimate`` is the pooled-rate ratio (0 or inf) and the CI and p are NaN; the same
    with fewer than 2 persons.

    A standard error that is 0 or negligible, ``se <= SE_RELATIEF * max(1, |log
    estimate|)`` (:data:`analysis.compare.SE_RELATIEF` = 1e-8), means that the test is not
    defined (for instance every person has as many offences after as before, with as many
    days at liberty): ``estimate`` stays (a rate ratio of exactly 1 is a fact), ``ci_low``,
    ``ci_high``, ``statistic`` and ``p_val`` are NaN and ``opmerking`` says why.

    References
    ----------
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317-372.

    Examples
    --------
    >>> d = pd.DataFrame({"persoonsnummer": list("aabbcc"),
    ...                   "periode": ["voor", "na"] * 3,
    ...                   "delicten": [3, 1, 2, 2, 4, 0], "dagen_vrij": [365] * 6})
    >>> round(float(rate_ratio(d)["estimate"].iloc[0]), 4)
    0.3333
    """
    alpha = _check_alpha(alpha)
    _check_frame(data, "rate_ratio", [delicten, dagen_vrij, periode, id])
    y, d, clusters = _glm_inputs(data, delicten, dagen_vrij, id, "rate_ratio")
    is_na = _period_indicator(data, periode, voor, na, "rate_ratio")
    n = int(clusters.max()) + 1 if clusters.size else 0
    na_mask = is_na == 1
    counts = (y[~na_mask].sum(), y[na_mask].sum())
    days = (d[~na_mask].sum(), d[na_mask].sum())
    row = {"n": n}
    if n >= 2 and min(counts) > 0:
        uit, opmerking = _contrast_clustered(
            y, d, clusters, na_mask.astype(np.int64), (-1.0, 1.0), alpha
        )
        row.update(uit)
    else:
        row.update(
            estimate=_pooled_ratio(counts[1], days[1], counts[0], days[0]),
            ci_low=np.nan,
            ci_high=np.nan,
            statistic=np.nan,
            p_val=np.nan,
        )
        opmerking = _TE_WEINIG_PERSONEN if n < 2 else _GEEN_DELICTEN_PERIODE
    row["test"] = _TEST_RATE_RATIO
    row["opmerking"] = opmerking
    return pd.DataFrame([row])


def did_ratio(
    data: pd.DataFrame,
    *,
    groep: str = "groep",
    behandeld: str = "Top X",
    controle: str = "Overige casuïstiek",
    delicten: str = "delicten",
    dagen_vrij: str = "dagen_vrij",
    periode: str = "periode",
    id: str = "persoonsnummer",
    voor: str = "voor",
    na: str = "na",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Difference-in-differences: ratio of two groups' rate ratios (after / before).

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per person x period (see :func:`long_format`). Rows of other
        groups are left out.
    groep : str
        Column with the group.
    behandeld, controle : str
        The group whose rate ratio is the numerator and the comparison group.
    delicten, dagen_vrij, periode, id, voor, na, alpha
        As in :func:`rate_ratio`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons), ``n1`` (persons in ``behandeld``), ``n2`` (in
        ``controle``), ``estimate`` (RR behandeld / RR controle), ``ci_low``, ``ci_high``,
        ``statistic`` (Wald z), ``p_val`` (two-sided), ``test``, ``opmerking`` (empty, or
        the Dutch reason why the interval and test are NaN).

    Notes
    -----
    Model: ``log E[delicten] = log(dagen_vrij) + b0 + b1 na + b2 behandeld + b3 na x
    behandeld``; ``estimate = exp(b3)`` = the ratio of the two groups' pooled-rate ratios.
    Standard errors as in :func:`rate_ratio` (CR1, persons as clusters, K = 4; R:
    ``sandwich::vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)``). When a group
    has no offences in a period, the estimate is the ratio of pooled rates and the CI and p
    are NaN. A zero or negligible standard error (as in :func:`rate_ratio`, on the log
    scale) keeps the estimate and makes the CI, z and p NaN, with the reason in
    ``opmerking``. Selection at a peak of offending (regression to the mean) can still make the
    treated group's drop look larger than the effect.

    Examples
    --------
    >>> d = pd.DataFrame({"persoonsnummer": list("aabbccdd"),
    ...                   "groep": ["Top X"] * 4 + ["Overige casuïstiek"] * 4,
    ...                   "periode": ["voor", "na"] * 4,
    ...                   "delicten": [4, 1, 2, 1, 3, 2, 3, 3], "dagen_vrij": [365] * 8})
    >>> round(float(did_ratio(d)["estimate"].iloc[0]), 4)
    0.4
    """
    alpha = _check_alpha(alpha)
    _check_frame(data, "did_ratio", [groep, delicten, dagen_vrij, periode, id])
    if behandeld == controle:
        raise ValueError("did_ratio: behandeld en controle moeten verschillende groepen zijn")
    data = data.loc[data[groep].isin([behandeld, controle])]
    y, d, clusters = _glm_inputs(data, delicten, dagen_vrij, id, "did_ratio")
    is_na = _period_indicator(data, periode, voor, na, "did_ratio")
    is_b = (data[groep] == behandeld).to_numpy(dtype=float)
    n1 = int(data.loc[data[groep] == behandeld, id].nunique())
    n2 = int(data.loc[data[groep] == controle, id].nunique())
    cell = {}
    for g in (0.0, 1.0):
        for p in (0.0, 1.0):
            mask = (is_b == g) & (is_na == p)
            cell[g, p] = (y[mask].sum(), d[mask].sum())
    row = {"n": int(clusters.max()) + 1 if clusters.size else 0, "n1": n1, "n2": n2}
    if n1 >= 1 and n2 >= 1 and row["n"] >= 2 and min(c for c, _ in cell.values()) > 0:
        cel = (2 * is_b + is_na).astype(np.int64)  # controle voor/na, behandeld voor/na
        uit, opmerking = _contrast_clustered(y, d, clusters, cel, (1.0, -1.0, -1.0, 1.0), alpha)
        row.update(uit)
    else:
        if n1 < 1 or n2 < 1:
            opmerking = _GEEN_GROEP
        elif row["n"] < 2:
            opmerking = _TE_WEINIG_PERSONEN
        else:
            opmerking = _GEEN_DELICTEN_CEL
        rr_b = _pooled_ratio(*cell[1.0, 1.0], *cell[1.0, 0.0])
        rr_c = _pooled_ratio(*cell[0.0, 1.0], *cell[0.0, 0.0])
        with np.errstate(divide="ignore", invalid="ignore"):
            est = float(np.float64(rr_b) / np.float64(rr_c))
        row.update(estimate=est, ci_low=np.nan, ci_high=np.nan, statistic=np.nan, p_val=np.nan)
    row["test"] = _TEST_DID
    row["opmerking"] = opmerking
    return pd.DataFrame([row])


# ----------------------------------------------------------------------------------------
# Wilcoxon signed-rank and Kaplan-Meier
# ----------------------------------------------------------------------------------------
def wilcoxon_pratt(
    windows: pd.DataFrame,
    *,
    delicten_voor: str = "delicten_voor",
    delicten_na: str = "delicten_na",
    dagen_vrij_voor: str = "dagen_vrij_voor",
    dagen_vrij_na: str = "dagen_vrij_na",
    method: str = "asymptotic",
) -> pd.DataFrame:
    """Wilcoxon signed-rank test on per-person yearly rates after - before (Pratt).

    Parameters
    ----------
    windows : pandas.DataFrame
        One row per person (the included persons of :func:`person_windows`).
    delicten_voor, delicten_na, dagen_vrij_voor, dagen_vrij_na : str
        Column names; days at liberty must be > 0.
    method : {'asymptotic', 'exact', 'auto'}, default 'asymptotic'
        Passed to :func:`scipy.stats.wilcoxon`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons, zero differences included), ``n_nul`` (zero differences),
        ``statistic`` (``min(R+, R-)``), ``z`` (``(R+ - mean) / sd``, > 0 when rates went
        up; NaN unless asymptotic), ``p_val`` (two-sided), ``test``, ``opmerking``
        (empty, or the Dutch reason why the test is not defined).

    Notes
    -----
    ``d_i = 365 * (delicten_na / dagen_vrij_na - delicten_voor / dagen_vrij_voor)``,
    computed as ``365 (na vv - voor vn) / (vn vv)``: one division of whole numbers, so
    persons with equal rates get exactly equal differences (naive floating-point rates
    would break ties such as 1/365 vs 2/730 and change the ranks).
    Pratt: all ``|d_i|`` (zeros included) are ranked with mid-ranks; ``R+`` and ``R-`` sum
    the ranks of positive and negative differences. Normal approximation (no continuity
    correction), with ``n`` persons of whom ``n0`` have ``d = 0`` and tie groups ``t`` among
    the non-zero ranks (Cureton 1967)::

        mean = (n(n+1) - n0(n0+1)) / 4
        var  = (n(n+1)(2n+1) - n0(n0+1)(2n0+1) - sum(t^3 - t) / 2) / 24
        z    = (R+ - mean) / sqrt(var),  p = 2 * (1 - Phi(|z|))

    This is ``scipy.stats.wilcoxon(d, zero_method='pratt', alternative='two-sided',
    correction=False, method='asymptotic')``. When every difference is 0 (or there are no
    persons) the test is not defined: ``statistic``, ``z`` and ``p_val`` are NaN and
    ``opmerking`` says why. The differences are exact, so "0" needs no tolerance.

    References
    ----------
    Pratt, J. W. (1959). Remarks on zeros and ties in the Wilcoxon signed rank procedures.
    *JASA*, 54(287), 655-667. Cureton, E. E. (1967). The normal approximation to the
    signed-rank sampling distribution when zero differences are present. *JASA*, 62(319),
    1068-1069.

    Examples
    --------
    >>> w = pd.DataFrame({"delicten_voor": [3, 2, 1, 0, 4, 2], "delicten_na": [1, 2, 0, 1, 1, 0],
    ...                   "dagen_vrij_voor": [365] * 6, "dagen_vrij_na": [365] * 6})
    >>> int(wilcoxon_pratt(w)["n_nul"].iloc[0])
    1
    """
    if method not in _TEST_WILCOXON_METHODS:
        raise ValueError(f"method moet een van {list(_TEST_WILCOXON_METHODS)} zijn")
    cols = [delicten_voor, delicten_na, dagen_vrij_voor, dagen_vrij_na]
    _check_frame(windows, "wilcoxon_pratt", cols)
    v = {c: windows[c].to_numpy(dtype=float, na_value=np.nan) for c in cols}
    if np.any(~(v[dagen_vrij_voor] > 0)) or np.any(~(v[dagen_vrij_na] > 0)):
        raise ValueError("wilcoxon_pratt: dagen vrij moeten positief zijn")
    if np.any(np.isnan(v[delicten_voor])) or np.any(np.isnan(v[delicten_na])):
        raise ValueError("wilcoxon_pratt: aantallen delicten mogen niet leeg zijn")
    # One division of whole numbers, so equal rates give bit-identical differences (ties
    # and zeros are then exact, which the ranks need).
    numerator = DAGEN_PER_JAAR * (
        v[delicten_na] * v[dagen_vrij_voor] - v[delicten_voor] * v[dagen_vrij_na]
    )
    diff = numerator / (v[dagen_vrij_na] * v[dagen_vrij_voor])
    n = diff.size
    n_nul = int(np.count_nonzero(diff == 0))
    test = f"{_TEST_WILCOXON}, {_TEST_WILCOXON_METHODS[method]}"
    opmerking = ""
    if n - n_nul == 0:
        row = {"n": n, "n_nul": n_nul, "statistic": np.nan, "z": np.nan, "p_val": np.nan}
        opmerking = _WILCOXON_NUL if n else _TE_WEINIG_PERSONEN
    else:
        res = stats.wilcoxon(
            diff, zero_method="pratt", alternative="two-sided", correction=False, method=method
        )
        # scipy reports -|z| for a two-sided test; give z its sign (> 0: rates went up)
        ranks = stats.rankdata(np.abs(diff))
        sign = np.sign(ranks[diff > 0].sum() - ranks[diff < 0].sum())
        row = {
            "n": n,
            "n_nul": n_nul,
            "statistic": float(res.statistic),
            "z": float(sign * abs(getattr(res, "zstatistic", np.nan))),
            "p_val": float(res.pvalue),
        }
    row["test"] = test
    row["opmerking"] = opmerking
    return pd.DataFrame([row])


def kaplan_meier(
    data: pd.DataFrame,
    *,
    duration: str = "dagen_tot_eerste_delict",
    event: str = "event",
    times=(182, 365, 730),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kaplan-Meier estimate of the share not yet reoffended, read at given times.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (the included persons of :func:`person_windows`).
    duration, event : str
        Days at liberty to the first offence or censoring (>= 0) and the event flag (0/1).
    times : sequence of numbers, default (182, 365, 730)
        Days at liberty at which the curve is read (about 6, 12 and 24 months).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per time: ``time``, ``n`` (persons), ``n_risk`` (persons with duration
        >= time), ``surv`` (share without an offence after ``time`` days at liberty),
        ``ci_low``, ``ci_high``, ``opmerking`` (empty, or the Dutch reason why the interval
        is NaN).

    Notes
    -----
    With event times ``t_j``, ``d_j`` events and ``n_j`` persons at risk (duration >=
    ``t_j``): ``S(t) = prod_{t_j <= t} (1 - d_j / n_j)``; Greenwood
    ``se(log S) = sqrt(sum_{t_j <= t} d_j / (n_j (n_j - d_j)))``; log-type interval
    ``S exp(-+ z se)`` with the upper limit capped at 1 and no interval when ``S = 0``.
    This is R's ``summary(survfit(Surv(t, e) ~ 1), times = ...)`` with the default
    ``conf.type = "log"``. A time beyond the longest duration gets ``n_risk = 0`` and NaN
    (R leaves such a time out).

    Degenerate cases: before the first offence (or without any offence, or with one person
    censored) ``S = 1`` is a fact but its Greenwood standard error is 0, so the interval is
    NaN (R shows the empty interval ``[1, 1]``); with ``S = 0`` the log interval does not
    exist. ``opmerking`` gives the reason in both cases.

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete
    observations. *JASA*, 53(282), 457-481.

    Examples
    --------
    >>> d = pd.DataFrame({"dagen_tot_eerste_delict": [100, 200, 300, 400],
    ...                   "event": [1, 0, 1, 0]})
    >>> kaplan_meier(d, times=(365,))["surv"].iloc[0]
    np.float64(0.375)
    """
    alpha = _check_alpha(alpha)
    _check_frame(data, "kaplan_meier", [duration, event])
    t = data[duration].to_numpy(dtype=float, na_value=np.nan)
    e = data[event].to_numpy(dtype=float, na_value=np.nan)
    if np.any(~(t >= 0)) or np.any(~np.isfinite(t)):
        raise ValueError(f"kaplan_meier: {duration!r} moet >= 0 en niet leeg zijn")
    if np.any(~np.isin(e, [0.0, 1.0])):
        raise ValueError(f"kaplan_meier: {event!r} moet 0 of 1 zijn")
    q = np.asarray(times, dtype=float)
    if q.ndim != 1 or np.any(~np.isfinite(q)) or np.any(q < 0):
        raise ValueError("kaplan_meier: times moet een reeks getallen >= 0 zijn")
    n = t.size
    t_sorted = np.sort(t)
    ev_sorted = np.sort(t[e == 1])
    tj, dj = np.unique(ev_sorted, return_counts=True)
    nj = n - np.searchsorted(t_sorted, tj, side="left")
    surv_j = np.cumprod(1.0 - dj / nj)
    with np.errstate(divide="ignore"):
        gw_j = np.cumsum(dj / (nj * (nj - dj).astype(float)))
    k = np.searchsorted(tj, q, side="right") - 1
    has = k >= 0
    surv = np.where(has, surv_j[np.maximum(k, 0)] if tj.size else 1.0, 1.0)
    gw = np.where(has, gw_j[np.maximum(k, 0)] if tj.size else 0.0, 0.0)
    n_risk = n - np.searchsorted(t_sorted, q, side="left")
    z = stats.norm.ppf(1.0 - alpha / 2.0)
    with np.errstate(invalid="ignore", over="ignore"):
        se = np.sqrt(gw)
        ci_low = np.where(surv > 0, surv * np.exp(-z * se), np.nan)
        ci_high = np.where(surv > 0, np.minimum(surv * np.exp(z * se), 1.0), np.nan)
    beyond = (q > t_sorted[-1]) if n else np.ones(q.size, dtype=bool)
    # Greenwood's variance is a sum of non-negative terms: 0 exactly when no event yet
    geen_delict = ~has | (gw <= 0)
    opmerking = np.select(
        [beyond, surv <= 0, geen_delict], [_KM_VOORBIJ, _KM_NUL, _KM_GEEN_DELICT], ""
    )
    surv = np.where(beyond, np.nan, surv)
    ci_low = np.where(beyond | geen_delict, np.nan, ci_low)
    ci_high = np.where(beyond | geen_delict, np.nan, ci_high)
    return pd.DataFrame(
        {
            "time": q,
            "n": np.full(q.size, n, dtype=np.int64),
            "n_risk": n_risk.astype(np.int64),
            "surv": surv,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "opmerking": pd.array(opmerking, dtype="str"),
        }
    )


# ----------------------------------------------------------------------------------------
# Group tables
# ----------------------------------------------------------------------------------------
def summarise_groups(windows: pd.DataFrame, *, groep: str | None = "groep") -> pd.DataFrame:
    """Offences, yearly rates and prevalence before and after the start, per group.

    Parameters
    ----------
    windows : pandas.DataFrame
        Output of :func:`person_windows` (all persons, excluded ones too).
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
