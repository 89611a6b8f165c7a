"""Tests for analysis.recidive (indicator 10-2).

Hand-built persons check every window rule (module docstring of analysis.recidive:
half-open day intervals, detention ``[begindatum, einddatum)``, peildatum included).
Statistics are checked against R 4.2.2 (tests/reference/recidive.R, run with Rscript;
sandwich 3.0.2, lmtest 0.9.40, survival 3.5.3); each stored value carries the R call that
produced it. The R data are the literal vectors below (the same literals are in the R
script).
"""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.recidive import (
    UITGESLOTEN_GEEN_NA_PERIODE,
    calendar_year_table,
    did_ratio,
    kaplan_meier,
    long_format,
    merge_intervals,
    person_windows,
    rate_ratio,
    summarise_groups,
    uitgesloten_weinig_vrij,
    wilcoxon_pratt,
)

R_TOL = {"rel": 1e-9, "abs": 1e-12}
PEIL = pd.Timestamp("2020-12-31")
WEINIG = uitgesloten_weinig_vrij(30)


def day(s: str, plus: int = 0) -> pd.Timestamp:
    return pd.Timestamp(s) + pd.Timedelta(days=plus)


def cohort_frame(rows) -> pd.DataFrame:
    """rows: (id, start, groep)."""
    ids, starts, groups = zip(*rows, strict=True)
    return pd.DataFrame(
        {"persoonsnummer": list(ids), "start": pd.to_datetime(list(starts)), "groep": list(groups)}
    )


def offence_frame(rows) -> pd.DataFrame:
    """rows: (id, pleegdatum)."""
    if not rows:
        return pd.DataFrame(
            {"persoonsnummer": pd.Series([], dtype="str"), "pleegdatum": pd.to_datetime([])}
        )
    ids, dates = zip(*rows, strict=True)
    return pd.DataFrame({"persoonsnummer": list(ids), "pleegdatum": pd.to_datetime(list(dates))})


def detention_frame(rows) -> pd.DataFrame:
    """rows: (id, begindatum, einddatum or None)."""
    if not rows:
        return pd.DataFrame(
            {
                "persoonsnummer": pd.Series([], dtype="str"),
                "begindatum": pd.to_datetime([]),
                "einddatum": pd.to_datetime([]),
            }
        )
    ids, b, e = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "persoonsnummer": list(ids),
            "begindatum": pd.to_datetime(list(b)),
            "einddatum": pd.to_datetime([pd.NaT if x is None else x for x in e]),
        }
    )


def one(df: pd.DataFrame, pid: str | None = None) -> pd.Series:
    if pid is not None:
        df = df.loc[df["persoonsnummer"] == pid]
    assert len(df) == 1
    return df.iloc[0]


def windows_for(cohort_rows, offence_rows=(), detention_rows=(), **kwargs) -> pd.DataFrame:
    kwargs.setdefault("peildatum", PEIL)
    return person_windows(
        cohort_frame(cohort_rows),
        offence_frame(list(offence_rows)),
        detention_frame(list(detention_rows)),
        **kwargs,
    )


# ======================================================================================
# merge_intervals
# ======================================================================================
def test_merge_intervals_overlapping_adjacent_nested_and_zero_length():
    det = detention_frame(
        [
            ("b", "2019-01-01", "2019-01-10"),
            ("a", "2018-03-15", "2018-05-01"),  # overlaps the next spell
            ("a", "2018-03-01", "2018-04-01"),
            ("a", "2018-05-01", "2018-05-11"),  # adjacent: released and re-detained 1 May
            ("a", "2018-03-05", "2018-03-06"),  # nested
            ("a", "2018-07-01", "2018-07-01"),  # zero days: dropped
            ("a", "2018-07-02", "2018-07-04"),  # separate (gap of one day after 1 July)
            ("b", "2019-01-11", "2019-01-12"),  # one day at liberty (10 Jan) in between
        ]
    )
    got = merge_intervals(det)
    assert got["persoonsnummer"].tolist() == ["a", "a", "b", "b"]
    assert (
        got["begindatum"].tolist()
        == pd.to_datetime(["2018-03-01", "2018-07-02", "2019-01-01", "2019-01-11"]).tolist()
    )
    assert (
        got["einddatum"].tolist()
        == pd.to_datetime(["2018-05-11", "2018-07-04", "2019-01-10", "2019-01-12"]).tolist()
    )
    assert got["dagen"].tolist() == [71, 2, 9, 1]


def test_merge_intervals_open_spell_runs_through_peildatum():
    det = detention_frame([("a", "2020-12-01", None), ("a", "2020-11-01", "2020-12-05")])
    got = merge_intervals(det, peildatum=PEIL)
    assert got["begindatum"].tolist() == [pd.Timestamp("2020-11-01")]
    # exclusive end = peildatum + 1 day: 1 Nov .. 31 Dec = 61 days
    assert got["einddatum"].tolist() == [pd.Timestamp("2021-01-01")]
    assert got["dagen"].tolist() == [61]


def test_merge_intervals_open_spell_without_peildatum_raises():
    det = detention_frame([("a", "2020-12-01", None)])
    with pytest.raises(ValueError, match="peildatum"):
        merge_intervals(det)


def test_merge_intervals_end_before_begin_raises():
    det = detention_frame([("a", "2020-12-01", "2020-11-30")])
    with pytest.raises(ValueError, match="vóór begindatum"):
        merge_intervals(det)


# ======================================================================================
# person_windows: hand-built persons
# ======================================================================================
def test_offences_at_window_edges():
    # start 2019-01-01, W = 365: before = [2018-01-01, 2019-01-01), after = [2019-01-01,
    # 2020-01-01)
    w = windows_for(
        [("a", "2019-01-01", "Top X")],
        [
            ("a", "2017-12-31"),  # start - 366: outside
            ("a", "2018-01-01"),  # start - 365: before
            ("a", "2018-12-31"),  # start - 1: before
            ("a", "2019-01-01"),  # start: after
            ("a", "2019-12-31"),  # start + 364: after
            ("a", "2020-01-01"),  # start + 365: outside
        ],
    )
    r = one(w)
    assert (r.delicten_voor, r.delicten_na) == (2, 2)
    assert (r.dagen_voor, r.dagen_na, r.dagen_vrij_voor, r.dagen_vrij_na) == (365, 365, 365, 365)
    assert bool(r.volledig_na)
    # first offence on the start day: 1 day at liberty (the offence day itself)
    assert (r.dagen_tot_eerste_delict, r.event) == (1, 1)
    assert r.uitgesloten == ""
    assert r.groep == "Top X"


def test_overlapping_adjacent_and_straddling_detention():
    w = windows_for(
        [("a", "2019-01-01", "Top X")],
        [("a", "2019-02-01")],
        [
            ("a", "2018-03-01", "2018-04-01"),
            ("a", "2018-03-15", "2018-05-01"),  # overlap: merged [1 Mar, 1 May) = 61 days
            ("a", "2018-05-01", "2018-05-11"),  # adjacent: merged [1 Mar, 11 May) = 71 days
            ("a", "2018-12-22", "2019-01-11"),  # 10 days before the start, 10 after
        ],
    )
    r = one(w)
    assert r.dagen_vrij_voor == 365 - 71 - 10
    assert r.dagen_vrij_na == 365 - 10
    # days at liberty in [1 Jan, 1 Feb]: 32 days, of which 1-10 Jan in detention
    assert (r.dagen_tot_eerste_delict, r.event) == (22, 1)


def test_open_detention_is_detention_until_peildatum():
    # start 2020-01-01 (leap year): after-window [2020-01-01, 2020-12-31) = 365 days;
    # open detention from 1 June: 1 Jun .. 30 Dec = 213 days in the window
    w = windows_for(
        [("a", "2020-01-01", "Top X")],
        [],
        [("a", "2020-06-01", None)],
    )
    r = one(w)
    assert (r.dagen_na, r.dagen_vrij_na, bool(r.volledig_na)) == (365, 152, True)
    # censored at the peildatum: 366 days of 2020 minus 214 detained (1 Jun .. 31 Dec)
    assert (r.dagen_tot_eerste_delict, r.event) == (152, 0)
    assert (r.delicten_voor, r.delicten_na) == (0, 0)


@pytest.mark.parametrize(
    ("wachttijd", "dagen_na", "delicten_na", "t", "event"),
    [
        (0, 184, 3, 154, 1),  # after-window [1 Jul, 1 Jan 2021): 184 days, truncated
        (30, 154, 1, 154, 1),  # last usable day 1 Dec: offence on 1 Dec counts
        (31, 153, 0, 153, 0),  # last usable day 30 Nov: censored there
    ],
)
def test_follow_up_truncated_at_peildatum_minus_wachttijd(
    wachttijd, dagen_na, delicten_na, t, event
):
    w = windows_for(
        [("a", "2020-07-01", "Top X")],
        [("a", "2020-12-01"), ("a", "2020-12-02"), ("a", "2020-12-31")],
        wachttijd_dagen=wachttijd,
    )
    r = one(w)
    assert (r.dagen_na, r.dagen_vrij_na, r.delicten_na) == (dagen_na, dagen_na, delicten_na)
    assert not bool(r.volledig_na)
    assert (r.dagen_tot_eerste_delict, r.event) == (t, event)


def test_full_after_window_ends_exactly_at_peildatum():
    # start + 364 = peildatum: the full window fits (peildatum included)
    w = windows_for([("a", day("2020-12-31", -364), "Top X")], [("a", "2020-12-31")])
    r = one(w)
    assert (r.dagen_na, bool(r.volledig_na), r.delicten_na) == (365, True, 1)
    w = windows_for([("a", day("2020-12-31", -363), "Top X")])
    assert not bool(one(w).volledig_na)


@pytest.mark.parametrize(
    ("detained_before", "detained_after", "reason"),
    [
        (335, 0, ""),  # exactly 30 days at liberty before: included
        (336, 0, WEINIG),  # 29 days: excluded
        (0, 335, ""),
        (0, 336, WEINIG),
        (365, 0, WEINIG),
    ],
)
def test_exclusion_below_30_days_at_liberty(detained_before, detained_after, reason):
    s = pd.Timestamp("2019-01-01")
    det = []
    if detained_before:
        det.append(("a", day("2019-01-01", -365), day("2019-01-01", -365 + detained_before)))
    if detained_after:
        det.append(("a", s, day("2019-01-01", detained_after)))
    r = one(windows_for([("a", s, "Top X")], [], det))
    assert r.dagen_vrij_voor == 365 - detained_before
    assert r.dagen_vrij_na == 365 - detained_after
    assert r.uitgesloten == reason


def test_zero_days_at_liberty_excluded_even_without_minimum():
    det = [("a", "2018-01-01", "2019-01-01")]
    r = one(windows_for([("a", "2019-01-01", "Top X")], [], det, min_dagen_vrij=0))
    assert r.dagen_vrij_voor == 0
    assert r.uitgesloten == uitgesloten_weinig_vrij(0)


@pytest.mark.parametrize(("start", "wachttijd"), [("2021-01-01", 0), ("2020-12-31", 1)])
def test_start_after_last_usable_day_has_no_after_period(start, wachttijd):
    r = one(windows_for([("a", start, "Top X")], [("a", "2020-06-01")], wachttijd_dagen=wachttijd))
    assert r.uitgesloten == UITGESLOTEN_GEEN_NA_PERIODE
    assert (r.dagen_na, r.dagen_vrij_na, r.delicten_na) == (0, 0, 0)
    assert (r.dagen_tot_eerste_delict, r.event) == (0, 0)
    assert r.delicten_voor == 1


def test_person_without_offences_is_censored_at_end_of_data():
    r = one(windows_for([("a", "2019-07-01", "Top X")]))
    assert (r.delicten_voor, r.delicten_na, r.event) == (0, 0, 0)
    # 1 Jul 2019 .. 31 Dec 2020 = 550 days at liberty
    assert r.dagen_tot_eerste_delict == 550
    assert r.uitgesloten == ""


def test_first_offence_time_counts_days_at_liberty_beyond_the_window():
    # detention [11 Jan, 10 Feb) = 30 days; first offence on day 500 after the start
    s = "2019-01-01"
    w = windows_for(
        [("a", s, "Top X")],
        [("a", day(s, 500))],
        [("a", day(s, 10), day(s, 40))],
    )
    r = one(w)
    assert r.delicten_na == 0  # outside the one-year window
    assert (r.dagen_tot_eerste_delict, r.event) == (501 - 30, 1)


def test_offence_on_arrest_day_counts_but_day_is_detention():
    s = "2019-01-01"
    w = windows_for(
        [("a", s, "Top X")],
        [("a", day(s, 5))],
        [("a", day(s, 5), day(s, 20))],
    )
    r = one(w)
    assert r.delicten_na == 1
    assert r.dagen_vrij_na == 365 - 15
    # liberty days in [s, s+5]: s..s+4 (s+5 is the first day in detention)
    assert (r.dagen_tot_eerste_delict, r.event) == (5, 1)


def test_release_day_is_a_day_at_liberty():
    s = "2019-01-01"
    # detention ends on the start day: the start day is at liberty
    r = one(windows_for([("a", s, "Top X")], [], [("a", day(s, -10), s)]))
    assert (r.dagen_vrij_voor, r.dagen_vrij_na) == (355, 365)


def test_begin_gegevens_truncates_the_before_window():
    w = windows_for(
        [("a", "2019-01-01", "Top X")],
        [("a", "2018-01-05"), ("a", "2018-02-01")],
        begin_gegevens=pd.Timestamp("2018-01-10"),
    )
    r = one(w)
    assert (r.dagen_voor, r.dagen_vrij_voor, r.delicten_voor) == (356, 356, 1)


def test_other_persons_and_non_cohort_rows_do_not_leak():
    w = windows_for(
        [("a", "2019-01-01", "Top X"), ("b", "2019-01-01", "Overige casuïstiek")],
        [("a", "2019-03-01"), ("x", "2019-03-01"), ("b", "2018-06-01")],
        [("x", "2018-01-01", "2020-01-01"), ("b", "2019-02-01", "2019-03-01")],
    )
    a, b = one(w, "a"), one(w, "b")
    assert (a.delicten_voor, a.delicten_na, a.dagen_vrij_voor, a.dagen_vrij_na) == (0, 1, 365, 365)
    assert (b.delicten_voor, b.delicten_na, b.dagen_vrij_voor, b.dagen_vrij_na) == (1, 0, 365, 337)
    assert w["persoonsnummer"].tolist() == ["a", "b"]


@pytest.mark.parametrize("id_kind", ["str", "object", "int"])
def test_id_types_give_the_same_windows(id_kind):
    conv = {"str": lambda v: pd.array(v, dtype="str"), "object": lambda v: np.array(v, object)}
    conv["int"] = lambda v: np.array([int(x) for x in v], dtype=np.int64)
    cohort = cohort_frame([("01", "2019-01-01", "g"), ("02", "2019-06-01", "g")])
    off = offence_frame([("02", "2019-07-01"), ("01", "2018-05-01"), ("03", "2019-02-01")])
    det = detention_frame([("02", "2019-06-10", "2019-06-20")])
    for df in (cohort, off, det):
        df["persoonsnummer"] = conv[id_kind](df["persoonsnummer"].tolist())
    w = person_windows(cohort, off, det, PEIL)
    assert w["delicten_voor"].tolist() == [1, 0]
    assert w["delicten_na"].tolist() == [0, 1]
    assert w["dagen_vrij_na"].tolist() == [365, 355]
    assert w["dagen_tot_eerste_delict"].tolist() == [365 + 366, 31 - 10]


def test_detention_none_and_no_offences():
    cohort = cohort_frame([("a", "2019-01-01", "g")])
    w = person_windows(cohort, offence_frame([]), None, PEIL)
    r = one(w)
    assert (r.dagen_vrij_voor, r.dagen_vrij_na, r.delicten_voor, r.event) == (365, 365, 0, 0)


def test_window_length_is_a_setting():
    w = windows_for(
        [("a", "2019-01-01", "g")],
        [("a", "2018-10-03"), ("a", "2018-10-02"), ("a", "2019-03-31"), ("a", "2019-04-01")],
        venster_dagen=90,
    )
    r = one(w)
    assert (r.dagen_voor, r.dagen_na, r.delicten_voor, r.delicten_na) == (90, 90, 1, 1)


# ---- against a day-by-day brute force -------------------------------------------------
def _brute_force(cohort, off, det, peil, W, lag):
    """One person at a time with Python sets of days (test reference only)."""
    peil_d = peil.toordinal()
    last = peil_d - lag
    rows = []
    for pid, st in zip(cohort["persoonsnummer"], cohort["start"], strict=True):
        s = st.toordinal()
        detained = set()
        mine = det.loc[det["persoonsnummer"] == pid]
        for b, e in zip(mine["begindatum"], mine["einddatum"], strict=True):
            end = peil_d + 1 if pd.isna(e) else e.toordinal()
            detained.update(range(b.toordinal(), end))
        days = sorted(d.toordinal() for d in off.loc[off["persoonsnummer"] == pid, "pleegdatum"])
        before, after = range(s - W, s), range(s, min(s + W, last + 1))
        later = [d for d in days if s <= d <= last]
        end_t = later[0] + 1 if later else last + 1
        rows.append(
            {
                "dagen_vrij_voor": sum(d not in detained for d in before),
                "dagen_vrij_na": sum(d not in detained for d in after),
                "delicten_voor": sum(d in before for d in days),
                "delicten_na": sum(d in after for d in days),
                "dagen_tot_eerste_delict": sum(d not in detained for d in range(s, end_t)),
                "event": int(bool(later)),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def random_police_data():
    rng = np.random.default_rng(11)
    n_p, n_o, n_d = 150, 1500, 250
    base = pd.Timestamp("2019-01-01")

    def dates(lo, hi, k):
        return base + pd.to_timedelta(rng.integers(lo, hi, k), unit="D")

    def ids(k):
        return [f"p{i:03d}" for i in rng.integers(0, n_p + 10, k)]  # some outside cohort

    cohort = pd.DataFrame(
        {
            "persoonsnummer": [f"p{i:03d}" for i in range(n_p)],
            "start": dates(-400, 800, n_p),
            "groep": rng.choice(["Top X", "Overige casuïstiek"], n_p),
        }
    )
    off = pd.DataFrame({"persoonsnummer": ids(n_o), "pleegdatum": dates(-900, 1200, n_o)})
    begin = dates(-900, 1200, n_d)
    end = pd.Series(begin + pd.to_timedelta(rng.integers(0, 200, n_d), unit="D"))
    end[rng.random(n_d) < 0.05] = pd.NaT
    det = pd.DataFrame({"persoonsnummer": ids(n_d), "begindatum": begin, "einddatum": end})
    return cohort, off, det


@pytest.mark.parametrize(("W", "lag"), [(365, 0), (365, 45), (200, 10)])
def test_person_windows_matches_day_by_day_brute_force(random_police_data, W, lag):
    cohort, off, det = random_police_data
    peil = pd.Timestamp("2021-06-30")
    got = person_windows(cohort, off, det, peil, venster_dagen=W, wachttijd_dagen=lag)
    expected = _brute_force(cohort, off, det, peil, W, lag)
    pd.testing.assert_frame_equal(
        got[expected.columns].reset_index(drop=True), expected, check_dtype=False
    )


def test_counts_match_a_merge_on_a_larger_data_set():
    # 20 000 persons, 200 000 offences, no detention: counts equal a join + filter.
    rng = np.random.default_rng(5)
    n_p, n_o = 20_000, 200_000
    base = np.datetime64("2019-01-01")
    cohort = pd.DataFrame(
        {
            "persoonsnummer": pd.array([f"P{i:07d}" for i in range(n_p)], dtype="str"),
            "start": pd.to_datetime(base + rng.integers(0, 365, n_p).astype("timedelta64[D]")),
            "groep": "g",
        }
    )
    off = pd.DataFrame(
        {
            "persoonsnummer": cohort["persoonsnummer"].to_numpy()[rng.integers(0, n_p, n_o)],
            "pleegdatum": pd.to_datetime(
                base + rng.integers(-500, 900, n_o).astype("timedelta64[D]")
            ),
        }
    )
    peil = pd.Timestamp("2020-06-30")
    w = person_windows(cohort, off, None, peil)
    j = off.merge(cohort, on="persoonsnummer")
    delta = (j["pleegdatum"] - j["start"]).dt.days
    in_na = (delta >= 0) & (delta < 365) & (j["pleegdatum"] <= peil)
    in_voor = (delta < 0) & (delta >= -365)
    per = j.assign(voor=in_voor, na=in_na).groupby("persoonsnummer")[["voor", "na"]].sum()
    per = per.reindex(cohort["persoonsnummer"], fill_value=0)
    assert w["delicten_voor"].to_numpy().tolist() == per["voor"].to_numpy().tolist()
    assert w["delicten_na"].to_numpy().tolist() == per["na"].to_numpy().tolist()


# ---- validation -----------------------------------------------------------------------
def test_duplicate_cohort_person_raises():
    with pytest.raises(ValueError, match="vaker"):
        windows_for([("a", "2019-01-01", "g"), ("a", "2019-02-01", "g")])


def test_detention_end_before_begin_raises():
    with pytest.raises(ValueError, match="vóór begindatum"):
        windows_for([("a", "2019-01-01", "g")], [], [("a", "2019-03-01", "2019-02-01")])


def test_empty_start_raises():
    cohort = cohort_frame([("a", "2019-01-01", "g")])
    cohort.loc[0, "start"] = pd.NaT
    with pytest.raises(ValueError, match="lege datum"):
        person_windows(cohort, offence_frame([]), None, PEIL)


def test_non_datetime_column_raises_type_error():
    cohort = cohort_frame([("a", "2019-01-01", "g")])
    cohort["start"] = ["2019-01-01"]
    with pytest.raises(TypeError, match="datetime64"):
        person_windows(cohort, offence_frame([]), None, PEIL)


def test_missing_column_is_named():
    cohort = cohort_frame([("a", "2019-01-01", "g")]).drop(columns="groep")
    with pytest.raises(ValueError, match="groep"):
        person_windows(cohort, offence_frame([]), None, PEIL)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"venster_dagen": 0}, ValueError),
        ({"venster_dagen": 365.0}, TypeError),
        ({"wachttijd_dagen": -1}, ValueError),
        ({"min_dagen_vrij": True}, TypeError),
    ],
)
def test_bad_settings_raise(kwargs, error):
    with pytest.raises(error):
        windows_for([("a", "2019-01-01", "g")], **kwargs)


# ======================================================================================
# long_format
# ======================================================================================
def test_long_format_drops_excluded_and_stacks_periods():
    w = pd.DataFrame(
        {
            "persoonsnummer": ["a", "b", "c"],
            "groep": ["Top X", "Top X", "Overige casuïstiek"],
            "delicten_voor": [3, 9, 1],
            "delicten_na": [1, 9, 2],
            "dagen_vrij_voor": [365, 10, 300],
            "dagen_vrij_na": [200, 365, 365],
            "uitgesloten": ["", WEINIG, ""],
        }
    )
    lf = long_format(w)
    assert lf.columns.tolist() == ["persoonsnummer", "groep", "periode", "delicten", "dagen_vrij"]
    assert lf["persoonsnummer"].tolist() == ["a", "c", "a", "c"]
    assert lf["periode"].tolist() == ["voor", "voor", "na", "na"]
    assert lf["delicten"].tolist() == [3, 1, 1, 2]
    assert lf["dagen_vrij"].tolist() == [365, 300, 200, 365]
    assert len(long_format(w, alleen_opgenomen=False)) == 6


# ======================================================================================
# R comparison data (60 persons; persons 1-30 Top X, 31-60 Overige casuïstiek)
# ======================================================================================
# fmt: off
VOOR = [1, 4, 5, 9, 0, 16, 2, 2, 7, 1, 32, 3, 3, 0, 1, 0, 0, 16, 3, 6, 8, 6, 2, 0, 0, 2, 3,
        3, 1, 5, 4, 0, 0, 3, 2, 0, 5, 7, 1, 2, 13, 1, 3, 0, 4, 0, 4, 2, 0, 5, 5, 1, 1, 1, 5,
        1, 6, 4, 8, 4]
NA = [0, 2, 2, 2, 1, 7, 2, 1, 3, 0, 15, 0, 1, 0, 0, 0, 0, 1, 0, 4, 6, 3, 0, 0, 2, 0, 0, 1,
      3, 0, 7, 0, 1, 2, 5, 0, 0, 6, 2, 4, 11, 1, 1, 2, 3, 0, 7, 0, 0, 5, 3, 1, 1, 0, 4, 1,
      2, 3, 4, 1]
VV = [328, 365, 280, 202, 170, 365, 199, 207, 269, 365, 365, 365, 173, 332, 204, 365, 365,
      365, 365, 138, 173, 261, 365, 365, 365, 365, 361, 217, 365, 365, 365, 125, 358, 365,
      365, 315, 365, 277, 124, 186, 365, 365, 365, 365, 365, 365, 249, 308, 156, 365, 365,
      365, 365, 365, 268, 365, 365, 344, 365, 365]
VN = [245, 253, 241, 302, 249, 365, 365, 158, 318, 365, 365, 306, 187, 365, 365, 219, 40,
      99, 365, 365, 259, 365, 365, 222, 365, 79, 185, 365, 365, 365, 365, 365, 365, 270,
      365, 365, 44, 365, 307, 365, 365, 213, 365, 365, 365, 67, 365, 203, 365, 365, 365,
      365, 365, 365, 362, 365, 331, 365, 185, 365]
T = [143, 178, 122, 180, 164, 376, 376, 20, 821, 6, 95, 95, 379, 2, 134, 354, 243, 77, 351,
     78, 365, 182, 150, 262, 527, 46, 303, 191, 163, 319, 479, 377, 237, 201, 9, 320, 422,
     32, 227, 77, 412, 286, 55, 330, 405, 50, 508, 383, 432, 156, 294, 37, 57, 381, 262,
     514, 225, 160, 231, 189]
E = [1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0,
     1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1,
     1, 1]
# fmt: on
TOP_X, OVERIGE = "Top X", "Overige casuïstiek"


@pytest.fixture(scope="module")
def r_windows() -> pd.DataFrame:
    n = len(VOOR)
    return pd.DataFrame(
        {
            "persoonsnummer": [f"p{i:02d}" for i in range(1, n + 1)],
            "groep": [TOP_X] * 30 + [OVERIGE] * 30,
            "delicten_voor": VOOR,
            "delicten_na": NA,
            "dagen_vrij_voor": VV,
            "dagen_vrij_na": VN,
            "volledig_na": [v == 365 for v in VN],
            "dagen_tot_eerste_delict": T,
            "event": E,
            "uitgesloten": [""] * n,
        }
    )


@pytest.fixture(scope="module")
def r_long(r_windows) -> pd.DataFrame:
    return long_format(r_windows)


# ======================================================================================
# rate_ratio
# ======================================================================================
# fit <- glm(count ~ periode + offset(log(days)), family = poisson, data = d,
#            control = glm.control(epsilon = 1e-14, maxit = 100))
# V <- vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
# coeftest(fit, vcov. = V)["periodena", ]; exp(coefci(fit, vcov. = V)["periodena", ])
# (n, estimate, ci_low, ci_high, z, p) for d = all persons / Top X / Overige
RATE_RATIO_R = {
    "all": (60, 0.58703985359545785, 0.47223570801012804, 0.72975377309245226,
            -4.7974725854570686, 1.6068019245566707e-06),
    TOP_X: (30, 0.42139982185790142, 0.31995938808339874, 0.55500109224982219,
            -6.150407170377675, 7.7284282071950035e-10),
    OVERIGE: (30, 0.83678300530464444, 0.66586887682913642, 1.0515670912583395,
              -1.5286202710585237, 0.12635860774832613),
}  # fmt: skip


@pytest.mark.parametrize("subset", list(RATE_RATIO_R))
def test_rate_ratio_matches_r_glm_vcovcl_hc1(r_long, subset):
    data = r_long if subset == "all" else r_long.loc[r_long["groep"] == subset]
    got = one(rate_ratio(data))
    n, est, lo, hi, z, p = RATE_RATIO_R[subset]
    assert got.n == n
    assert got.estimate == pytest.approx(est, **R_TOL)
    assert got.ci_low == pytest.approx(lo, **R_TOL)
    assert got.ci_high == pytest.approx(hi, **R_TOL)
    assert got.statistic == pytest.approx(z, **R_TOL)
    assert got.p_val == pytest.approx(p, **R_TOL)
    assert "cluster" in got.test


def test_rate_ratio_is_not_the_default_hc0_of_vcovcl(r_long):
    # sqrt(vcovCL(fit, cluster = ~id)["periodena", "periodena"]) (type "HC0" for a glm)
    se_hc0 = 0.11056233435437561
    got = one(rate_ratio(r_long))
    se = np.log(got.estimate) / got.statistic
    n_rows, k = 120, 2
    assert se == pytest.approx(se_hc0 * np.sqrt((n_rows - 1) / (n_rows - k)), rel=1e-9)


def test_rate_ratio_estimate_is_ratio_of_pooled_rates(r_windows, r_long):
    got = one(rate_ratio(r_long))
    pooled = (sum(NA) / sum(VN)) / (sum(VOOR) / sum(VV))
    assert got.estimate == pytest.approx(pooled, rel=1e-10)


def test_rate_ratio_without_offences_after_gives_no_interval():
    d = pd.DataFrame(
        {
            "persoonsnummer": list("aabb"),
            "periode": ["voor", "na"] * 2,
            "delicten": [2, 0, 1, 0],
            "dagen_vrij": [365] * 4,
        }
    )
    got = one(rate_ratio(d))
    assert got.estimate == 0.0
    assert np.isnan(got.ci_low) and np.isnan(got.ci_high) and np.isnan(got.p_val)
    assert got.n == 2


@pytest.mark.parametrize(
    ("column", "value"), [("dagen_vrij", 0), ("delicten", -1), ("delicten", 1.5)]
)
def test_rate_ratio_rejects_bad_values(r_long, column, value):
    d = r_long.copy()
    d[column] = d[column].astype(float)
    d.loc[0, column] = value
    with pytest.raises(ValueError, match=column):
        rate_ratio(d)


def test_rate_ratio_rejects_unknown_period(r_long):
    d = r_long.copy()
    d["periode"] = d["periode"].replace({"na": "later"})
    with pytest.raises(ValueError, match="later"):
        rate_ratio(d)


# ======================================================================================
# did_ratio
# ======================================================================================
# fit <- glm(count ~ groep * periode + offset(log(days)), family = poisson, data = long,
#            control = glm.control(epsilon = 1e-14, maxit = 100))   # groep: Overige, TopX
# V <- vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
# coeftest(fit, vcov. = V)["groepTopX:periodena", ]
# exp(coefci(fit, vcov. = V, level = 0.95 / 0.90)["groepTopX:periodena", ])
DID_R = {"estimate": 0.50359510074476865, "z": -3.7737343557402876, "p": 0.00016082200318647655}
DID_R_CI = {
    0.05: (0.35265625962955521, 0.7191366056015398),
    0.10: (0.37344622299857255, 0.67910186226492653),
}


@pytest.mark.parametrize("alpha", [0.05, 0.10])
def test_did_ratio_matches_r_interaction_vcovcl_hc1(r_long, alpha):
    got = one(did_ratio(r_long, alpha=alpha))
    assert (got.n, got.n1, got.n2) == (60, 30, 30)
    assert got.estimate == pytest.approx(DID_R["estimate"], **R_TOL)
    assert got.statistic == pytest.approx(DID_R["z"], **R_TOL)
    assert got.p_val == pytest.approx(DID_R["p"], **R_TOL)
    assert got.ci_low == pytest.approx(DID_R_CI[alpha][0], **R_TOL)
    assert got.ci_high == pytest.approx(DID_R_CI[alpha][1], **R_TOL)


def test_did_ratio_is_ratio_of_group_rate_ratios_and_ignores_other_groups(r_long):
    extra = r_long.iloc[:4].assign(persoonsnummer="z", groep="Screening", delicten=50)
    got = one(did_ratio(pd.concat([r_long, extra], ignore_index=True)))
    rr_top = RATE_RATIO_R[TOP_X][1]
    rr_ov = RATE_RATIO_R[OVERIGE][1]
    assert got.estimate == pytest.approx(rr_top / rr_ov, rel=1e-9)
    assert got.n == 60


def test_did_ratio_same_group_twice_raises(r_long):
    with pytest.raises(ValueError, match="verschillende"):
        did_ratio(r_long, behandeld=TOP_X, controle=TOP_X)


# ======================================================================================
# wilcoxon_pratt
# ======================================================================================
def test_wilcoxon_pratt_hand_computed_normal_approximation():
    # all windows 365 days, so the yearly-rate difference is delicten_na - delicten_voor:
    # d = -2, -1, 0, 0, 1, -3, -1, 2
    w = pd.DataFrame(
        {
            "delicten_voor": [3, 2, 1, 0, 0, 4, 1, 0],
            "delicten_na": [1, 1, 1, 0, 1, 1, 0, 2],
            "dagen_vrij_voor": [365] * 8,
            "dagen_vrij_na": [365] * 8,
        }
    )
    got = one(wilcoxon_pratt(w))
    # Pratt ranks of |d| with zeros: 0,0 -> 1.5; 1,1,1 -> 4; 2,2 -> 6.5; 3 -> 8.
    # R+ = 4 + 6.5 = 10.5; R- = 6.5 + 4 + 8 + 4 = 22.5
    # mean = (8*9 - 2*3) / 4 = 16.5
    # var = (8*9*17 - 2*3*5 - ((27 - 3) + (8 - 2)) / 2) / 24 = 1179 / 24 = 49.125
    z = (10.5 - 16.5) / np.sqrt(49.125)
    assert (got.n, got.n_nul) == (8, 2)
    assert got.statistic == pytest.approx(10.5, abs=1e-12)
    assert got.z == pytest.approx(z, rel=1e-12)  # negative: rates went down
    assert got.p_val == pytest.approx(2 * stats.norm.cdf(z), rel=1e-12)
    assert got.p_val == pytest.approx(0.3919692, abs=1e-6)


def test_wilcoxon_pratt_matches_scipy_stated_options(r_windows):
    got = one(wilcoxon_pratt(r_windows))
    # exact rational differences, correctly rounded (equal rates tie exactly)
    d = np.array(
        [
            float(Fraction(365 * (na * vv - voor * vn), vn * vv))
            for voor, na, vv, vn in zip(VOOR, NA, VV, VN, strict=True)
        ]
    )
    ref = stats.wilcoxon(
        d, zero_method="pratt", alternative="two-sided", correction=False, method="asymptotic"
    )
    assert got.n == 60
    assert got.n_nul == int(np.sum(d == 0))
    assert got.statistic == pytest.approx(float(ref.statistic), rel=1e-12)
    assert got.p_val == pytest.approx(float(ref.pvalue), rel=1e-12)
    # and not the 'wilcox' treatment of zeros (which drops them)
    wilcox = stats.wilcoxon(d, zero_method="wilcox", method="asymptotic")
    assert got.p_val != pytest.approx(float(wilcox.pvalue), rel=1e-6)


def test_wilcoxon_pratt_equal_rate_differences_tie_exactly():
    # Naive floating point gives 365 * (1/365 - 3/365) = -1.9999999999999998 but
    # 365 * (2/365 - 0) = 2.0, which would break the tie of |d| = 2 (the hand case above
    # then has R+ = 11 instead of 10.5). The exact division keeps them tied.
    naive = [365 * (1 / 365 - 3 / 365), 365 * (2 / 365 - 0 / 365)]
    assert abs(naive[0]) != abs(naive[1])
    w = pd.DataFrame(
        {
            "delicten_voor": [3, 0, 0],
            "delicten_na": [1, 2, 1],
            "dagen_vrij_voor": [365, 365, 365],
            "dagen_vrij_na": [365, 365, 730],
        }
    )
    # d = -2, 2, 0.5: ranks 2.5, 2.5, 1; R+ = 3.5, mean = 3, var = (3*4*7 - (8-2)/2) / 24
    got = one(wilcoxon_pratt(w))
    assert got.statistic == pytest.approx(2.5, abs=1e-12)
    assert got.z == pytest.approx((3.5 - 3.0) / np.sqrt((84 - 3) / 24), rel=1e-12)


def test_wilcoxon_pratt_all_zero_differences_gives_nan():
    w = pd.DataFrame(
        {
            "delicten_voor": [1, 0],
            "delicten_na": [1, 0],
            "dagen_vrij_voor": [365, 100],
            "dagen_vrij_na": [365, 200],
        }
    )
    got = one(wilcoxon_pratt(w))
    assert (got.n, got.n_nul) == (2, 2)
    assert np.isnan(got.p_val)


# ======================================================================================
# kaplan_meier
# ======================================================================================
# km <- survfit(Surv(t, e) ~ 1)          # conf.type = "log" (default)
# s <- summary(km, times = ...)           # s$n.risk, s$surv, s$lower, s$upper
KM_R = {
    (182, 365, 730): (
        [35, 16, 1],
        [0.61365131578947352, 0.30751228820332471, 0.030278132992327362],
        [0.50141979010755455, 0.20559783782131946, 0.0045481310995376407],
        [0.75100334051310236, 0.45994553443810038, 0.20156968157629859],
    ),
    (0, 6, 95, 376, 500): (
        [60, 59, 47, 15, 4],
        [1, 0.96666666666666667, 0.74999999999999978, 0.28701146898976976,
         0.12111253196930945],
        [1, 0.92229689824001926, 0.64806183516323701, 0.18769490474105277,
         0.052068073344818736],
        [1, 1, 0.86797272957497085, 0.43888023196640519, 0.28171285122991069],
    ),
}  # fmt: skip


@pytest.mark.parametrize("times", list(KM_R))
def test_kaplan_meier_matches_r_survfit_log_ci(r_windows, times):
    got = kaplan_meier(r_windows, times=times)
    n_risk, surv, lower, upper = KM_R[times]
    assert got["time"].tolist() == list(times)
    assert got["n"].tolist() == [60] * len(times)
    assert got["n_risk"].tolist() == n_risk
    assert got["surv"].to_numpy() == pytest.approx(surv, **R_TOL)
    # before the first event R shows the empty interval [1, 1] (Greenwood se 0); we give no
    # interval there, with the reason (tests/analysis/test_degeneraat.py)
    geen = np.asarray(surv) == 1.0
    assert np.isnan(got["ci_low"].to_numpy()[geen]).all()
    assert np.isnan(got["ci_high"].to_numpy()[geen]).all()
    assert (got["opmerking"].to_numpy()[geen] != "").all()
    assert (got["opmerking"].to_numpy()[~geen] == "").all()
    assert got["ci_low"].to_numpy()[~geen] == pytest.approx(np.asarray(lower)[~geen], **R_TOL)
    assert got["ci_high"].to_numpy()[~geen] == pytest.approx(np.asarray(upper)[~geen], **R_TOL)


def test_kaplan_meier_matches_r_for_top_x(r_windows):
    # st <- summary(survfit(Surv(t[1:30], e[1:30]) ~ 1), times = c(182, 365))
    got = kaplan_meier(r_windows.iloc[:30], times=(182, 365))
    assert got["n_risk"].tolist() == [14, 6]
    assert got["surv"].to_numpy() == pytest.approx(
        [0.49411764705882355, 0.20588235294117643], **R_TOL
    )
    assert got["ci_low"].to_numpy() == pytest.approx(
        [0.34275088569917167, 0.096009138959241555], **R_TOL
    )
    assert got["ci_high"].to_numpy() == pytest.approx(
        [0.71233149007596608, 0.44149487967587941], **R_TOL
    )


def test_kaplan_meier_hand_computed_greenwood_log_interval():
    d = pd.DataFrame({"dagen_tot_eerste_delict": [100, 200, 300, 400], "event": [1, 0, 1, 0]})
    got = kaplan_meier(d, times=(99, 100, 365, 400, 401))
    z = stats.norm.ppf(0.975)
    # S(100) = 3/4; S(300) = 3/4 * 1/2; Greenwood sum 1/(4*3) then + 1/(2*1)
    assert got["surv"].tolist()[:4] == pytest.approx([1.0, 0.75, 0.375, 0.375], abs=1e-15)
    assert got["n_risk"].tolist() == [4, 4, 1, 1, 0]
    se = np.sqrt(1 / 12 + 1 / 2)
    assert got["ci_low"].iloc[2] == pytest.approx(0.375 * np.exp(-z * se), rel=1e-12)
    assert got["ci_high"].iloc[2] == pytest.approx(min(1.0, 0.375 * np.exp(z * se)), rel=1e-12)
    # beyond the longest follow-up: not estimated (R's summary leaves the time out)
    assert np.isnan(got["surv"].iloc[4]) and np.isnan(got["ci_low"].iloc[4])


def test_kaplan_meier_survival_zero_has_no_interval():
    d = pd.DataFrame({"dagen_tot_eerste_delict": [10, 20], "event": [1, 1]})
    got = kaplan_meier(d, times=(15, 20))
    assert got["surv"].tolist() == [0.5, 0.0]
    assert np.isnan(got["ci_low"].iloc[1]) and np.isnan(got["ci_high"].iloc[1])


def test_kaplan_meier_one_minus_s365_equals_prevalence_without_detention():
    # Everyone followed for more than a year, no detention: the share with an offence in
    # the after-window equals 1 - S(365) of the time to the first offence.
    s = "2019-01-01"
    cohort = [(p, s, "g") for p in "abcdef"]
    offences = [
        ("a", s),
        ("b", day(s, 364)),  # last day of the after-window
        ("c", day(s, 365)),  # first day outside
        ("d", day(s, 100)),
        ("e", day(s, -5)),
    ]
    w = windows_for(cohort, offences)
    km = one(kaplan_meier(w, times=(365,)))
    summary = one(summarise_groups(w))
    assert summary.prevalentie_na == pytest.approx(100 * 3 / 6, abs=1e-12)
    assert 100 * (1 - km.surv) == pytest.approx(summary.prevalentie_na, abs=1e-12)


def test_kaplan_meier_rejects_bad_event():
    d = pd.DataFrame({"dagen_tot_eerste_delict": [10, 20], "event": [1, 2]})
    with pytest.raises(ValueError, match="event"):
        kaplan_meier(d)


# ======================================================================================
# summarise_groups
# ======================================================================================
def test_summarise_groups_hand_computed():
    w = pd.DataFrame(
        {
            "groep": [TOP_X, TOP_X, TOP_X, TOP_X, OVERIGE, OVERIGE],
            "delicten_voor": [4, 2, 0, 7, 1, 3],
            "delicten_na": [1, 0, 1, 7, 0, 3],
            "dagen_vrij_voor": [365, 300, 365, 10, 365, 365],
            "dagen_vrij_na": [365, 200, 65, 365, 365, 365],
            "volledig_na": [True, False, True, True, True, True],
            "uitgesloten": ["", "", "", WEINIG, UITGESLOTEN_GEEN_NA_PERIODE, ""],
        }
    )
    got = summarise_groups(w).set_index("groep")
    top = got.loc[TOP_X]
    assert (top.personen, top.delicten_voor, top.delicten_na) == (3, 6, 2)
    assert (top.dagen_vrij_voor, top.dagen_vrij_na) == (1030, 630)
    assert top.per_jaar_vrij_voor == pytest.approx(365 * 6 / 1030, rel=1e-12)
    assert top.per_jaar_vrij_na == pytest.approx(365 * 2 / 630, rel=1e-12)
    assert top.verandering_pct == pytest.approx(100 * ((2 / 630) / (6 / 1030) - 1), rel=1e-12)
    # prevalence among included persons with a full after-window: persons 1 and 3
    assert top.personen_volledig_na == 2
    assert top.prevalentie_voor == pytest.approx(50.0, abs=1e-12)
    assert top.prevalentie_na == pytest.approx(100.0, abs=1e-12)
    assert (top.uitgesloten, top.uitgesloten_weinig_vrij, top.uitgesloten_geen_na_periode) == (
        1,
        1,
        0,
    )
    ov = got.loc[OVERIGE]
    assert (ov.personen, ov.delicten_voor, ov.delicten_na) == (1, 3, 3)
    assert ov.verandering_pct == pytest.approx(0.0, abs=1e-12)
    assert (ov.uitgesloten, ov.uitgesloten_geen_na_periode) == (1, 1)
    assert got.index.tolist() == sorted([TOP_X, OVERIGE])


def test_summarise_groups_total_and_zero_before_rate():
    w = pd.DataFrame(
        {
            "groep": ["x", "y"],
            "delicten_voor": [0, 0],
            "delicten_na": [2, 0],
            "dagen_vrij_voor": [365, 365],
            "dagen_vrij_na": [100, 365],
            "volledig_na": [False, False],
            "uitgesloten": ["", ""],
        }
    )
    got = one(summarise_groups(w, groep=None))
    assert got.groep == "totaal"
    assert got.personen == 2
    assert got.per_jaar_vrij_na == pytest.approx(365 * 2 / 465, rel=1e-12)
    assert np.isnan(got.verandering_pct)  # no offences before: change undefined
    assert got.personen_volledig_na == 0 and np.isnan(got.prevalentie_na)


# ======================================================================================
# calendar_year_table
# ======================================================================================
def test_calendar_year_table_hand_computed():
    cohort = pd.DataFrame({"persoonsnummer": ["a", "b", "c"], "groep": [TOP_X, TOP_X, OVERIGE]})
    off = offence_frame(
        [
            ("a", "2007-01-01"),
            ("a", "2007-12-31"),
            ("b", "2007-06-01"),
            ("b", "2009-03-01"),
            ("c", "2008-05-05"),
            ("x", "2007-05-05"),  # not in the cohort
        ]
    )
    got = calendar_year_table(cohort, off)
    assert got.columns.tolist() == ["groep", "jaar", "personen", "delicten", "verandering_pct"]
    top = got.loc[got["groep"] == TOP_X]
    assert top["jaar"].tolist() == [2007, 2008, 2009]
    assert top["personen"].tolist() == [2, 2, 2]
    assert top["delicten"].tolist() == [3, 0, 1]
    assert top["verandering_pct"].to_numpy() == pytest.approx([0.0, -100.0, 100 * (1 / 3 - 1)])
    ov = got.loc[got["groep"] == OVERIGE]
    assert ov["delicten"].tolist() == [0, 1, 0]
    assert np.isnan(ov["verandering_pct"]).all()  # first year without offences


def test_calendar_year_table_given_years():
    cohort = pd.DataFrame({"persoonsnummer": ["a"], "groep": [TOP_X]})
    off = offence_frame([("a", "2007-01-01"), ("a", "2010-01-01"), ("a", "2010-02-01")])
    got = calendar_year_table(cohort, off, jaren=[2009, 2010])
    assert got["jaar"].tolist() == [2009, 2010]
    assert got["delicten"].tolist() == [0, 2]
