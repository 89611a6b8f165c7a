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

__all__ = [
    "DAGEN_PER_JAAR",
    "UITGESLOTEN_GEEN_NA_PERIODE",
    "long_format",
    "merge_intervals",
    "person_windows",
    "uitgesloten_weinig_vrij",
]

#: Days per year used for yearly rates (``per_jaar_vrij_*``) and the default window.
DAGEN_PER_JAAR = 365

#: Exclusion reason: the start lies after the last usable day, so there is no after-window.
UITGESLOTEN_GEEN_NA_PERIODE = "geen na-periode"


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
